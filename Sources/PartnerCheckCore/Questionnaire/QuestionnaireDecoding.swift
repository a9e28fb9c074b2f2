/// Reads a questionnaire straight from parsed JSON (see `JSONFields`): the one way a questionnaire is
/// decoded, for the built-in set at every start-up and for a facilitator's files after the schema check.
/// (The models are only `Encodable`: every model is read by `init(json:)` and nothing else.)
extension SourceReference {
    init(fields f: JSONFields) throws(JSONFieldError) {
        self.init(file: try f.string("file"), section: try f.string("section"), title: try f.optionalString("title"))
    }
}

extension Questionnaire {
    init(json: JSONValue) throws(JSONFieldError) {
        let f = try JSONFields(json)
        id = try f.string("id")
        version = try f.integer("version")
        order = try f.optionalInteger("order")
        title = try f.string("title")
        summary = try f.string("summary")
        source = try SourceReference(fields: try f.object("source"))
        perPartner = try f.optionalBool("perPartner")
        var scales = Scales()
        let scaleFields = try f.object("scales")
        for (name, value) in scaleFields.members {
            let s = try JSONFields(value, scaleFields.path.appending(name))
            scales[name] = Scale(points: try s.objects("points") { p throws(JSONFieldError) in
                ScalePoint(value: try p.integer("value"), label: try p.string("label"))
            } ?? [])
        }
        self.scales = scales
        dimensions = try f.objects("dimensions") { d throws(JSONFieldError) in
            Dimension(id: try d.string("id"), title: try d.string("title"),
                      source: try d.optionalObject("source").map { s throws(JSONFieldError) in try SourceReference(fields: s) })
        } ?? []
        questions = try f.objects("questions") { q throws(JSONFieldError) in
            guard let kind = QuestionKind(rawValue: try q.string("kind")) else {
                throw JSONFieldError(q.path.appending("kind"), "unknown kind")
            }
            return Question(
                id: try q.string("id"), text: try q.string("text"), kind: kind, scale: try q.optionalString("scale"),
                options: try q.objects("options", optional: true) { o throws(JSONFieldError) in
                    ChoiceOption(key: try o.string("key"), label: try o.string("label"), score: try o.optionalNumber("score"),
                                 added: try o.optionalBool("added"),
                                 source: try o.optionalObject("source").map { s throws(JSONFieldError) in try SourceReference(fields: s) })
                },
                dimension: try q.string("dimension"), weight: try q.number("weight"), why: try q.string("why"),
                source: try SourceReference(fields: try q.object("source")), allowUnknown: try q.optionalBool("allowUnknown"),
                followUpAtOrBelow: try q.optionalInteger("followUpAtOrBelow"),
                askIf: try q.optionalObject("askIf").map { c throws(JSONFieldError) in try AskCondition(fields: c) },
                interpretation: try q.optionalString("interpretation"))
        } ?? []
        ambition = try f.optionalObject("ambition").map { a throws(JSONFieldError) in
            Ambition(scale: try a.string("scale"), default: try a.integer("default"), prompt: try a.string("prompt"))
        }
        bands = try f.optionalObject("bands").map { b throws(JSONFieldError) in
            Bands(strength: try b.number("strength"), weak: try b.number("weak"))
        }
        journeyModel = try f.optionalObject("journeyModel").map { m throws(JSONFieldError) in
            JourneyModel(
                title: try m.string("title"),
                axes: try m.objects("axes") { x throws(JSONFieldError) in
                    JourneyAxis(id: try x.string("id"), title: try x.string("title"),
                                levels: try x.array("levels").compactMap(\.stringValue))
                } ?? [],
                phases: try m.array("phases").compactMap(\.stringValue),
                source: try SourceReference(fields: try m.object("source")))
        }
        journey = try f.objects("journey", optional: true) { r throws(JSONFieldError) in
            JourneyRequirement(question: try r.string("question"), axis: try r.string("axis"), level: try r.integer("level"),
                               atLeast: try r.number("atLeast"), essential: try r.optionalBool("essential"))
        }
        recommendations = try f.objects("recommendations", optional: true) { r throws(JSONFieldError) in
            guard let kind = RecommendationRule.Kind(rawValue: try r.string("kind")) else {
                throw JSONFieldError(r.path.appending("kind"), "unknown kind")
            }
            return RecommendationRule(id: try r.string("id"), kind: kind, question: try r.optionalString("question"),
                                      dimension: try r.optionalString("dimension"), below: try r.optionalNumber("below"),
                                      atLeast: try r.optionalNumber("atLeast"),
                                      bands: try r.optionalArray("bands").map { items throws(JSONFieldError) in
                                          var bands: [Band] = []
                                          for (index, item) in items.enumerated() {
                                              guard let band = item.stringValue.flatMap(Band.init(rawValue:)) else {
                                                  throw JSONFieldError(r.path.appending("bands").appending(index: index), "expected weak, developing or strength")
                                              }
                                              bands.append(band)
                                          }
                                          return bands
                                      },
                                      title: try r.string("title"),
                                      text: try r.string("text"), source: try SourceReference(fields: try r.object("source")))
        }
        initiatives = try f.objects("initiatives", optional: true) { i throws(JSONFieldError) in
            InitiativeTemplate(id: try i.string("id"), dimension: try i.optionalString("dimension"), title: try i.string("title"),
                               startingPoint: try i.optionalString("startingPoint"), firstStep: try i.string("firstStep"),
                               assumption: try i.string("assumption"), evidence: try i.string("evidence"),
                               metric: try i.string("metric"), phase: try i.integer("phase"),
                               source: try SourceReference(fields: try i.object("source")))
        }
    }
}

extension AskCondition {
    init(fields c: JSONFields) throws(JSONFieldError) {
        var values: [AnswerValue]? = nil
        if let items = try c.optionalArray("is") {
            var list: [AnswerValue] = []
            for (index, item) in items.enumerated() {
                switch item {
                case .number: list.append(.number(try c.integer(item, c.path.appending("is").appending(index: index))))
                case .string(let text): list.append(.text(text))
                default: throw JSONFieldError(c.path.appending("is").appending(index: index), "expected integer or string, found \(item.brief)")
                }
            }
            values = list
        }
        self.init(question: try c.string("question"), values: values, atLeast: try c.optionalInteger("atLeast"),
                  atMost: try c.optionalInteger("atMost"), includes: try c.optionalString("includes"))
    }
}
