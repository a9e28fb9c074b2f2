/// Reads a session straight from parsed JSON (see `JSONFields`).
extension Session {
    init(json: JSONValue) throws(JSONFieldError) {
        let f = try JSONFields(json)
        schema = try f.string("schema")
        schemaVersion = try f.integer("schemaVersion")
        id = try f.string("id")
        status = try f.choice("status", SessionStatus.self)!
        createdAt = try f.string("createdAt")
        updatedAt = try f.string("updatedAt")
        completedAt = try f.optionalString("completedAt")
        workshop = try f.optionalString("workshop")
        workshopRound = try f.optionalInteger("workshopRound")
        let person = try JSONFields(f.members["respondent"] ?? .object([:]), JSONPath.root.appending("respondent"))
        respondent = Respondent(name: try person.optionalString("name"), level: try person.choice("level", Level.self, optional: true),
                                organisation: try person.optionalString("organisation"))
        var refs: [QuestionnaireRef] = []
        for (index, item) in try f.array("questionnaires").enumerated() {
            let r = try JSONFields(item, JSONPath.root.appending("questionnaires").appending(index: index))
            refs.append(QuestionnaireRef(id: try r.string("id"), version: try r.integer("version")))
        }
        questionnaires = refs
        finished = try JSONFields.strings(try f.array("finished"), at: f.path.appending("finished"))
        var targets: [String: Int] = [:]
        if let value = f.members["ambitions"] {
            let a = try JSONFields(value, JSONPath.root.appending("ambitions"))
            for (key, level) in a.members { targets[key] = try a.integer(level, a.path.appending(key)) }
        }
        ambitions = targets
        var list: [Round] = []
        for (index, item) in try f.array("rounds").enumerated() {
            let path = JSONPath.root.appending("rounds").appending(index: index)
            let r = try JSONFields(item, path)
            var round = Round(questionnaire: try r.string("questionnaire"), version: try r.integer("version"),
                              partner: try r.optionalString("partner"), side: try r.choice("side", Side.self, optional: true))
            var answers: [Answer] = []
            for (position, entry) in try r.array("answers").enumerated() {
                let a = try JSONFields(entry, path.appending("answers").appending(index: position))
                var value: AnswerValue? = nil
                switch a.members["value"] {
                case .number?: value = .number(try a.integer("value"))
                case .string(let text)?: value = .text(text)
                case .array(let items)?:
                    value = .choices(try JSONFields.strings(items, at: a.path.appending("value")))
                case nil, .null?: value = nil
                case let other?: throw JSONFieldError(a.path.appending("value"), "expected integer, string or array of strings, found \(other.brief)")
                }
                answers.append(Answer(question: try a.string("question"), questionText: try a.string("questionText"),
                                      status: try a.choice("status", AnswerStatus.self)!, value: value,
                                      label: try a.optionalString("label"), note: try a.optionalString("note"),
                                      answeredAt: try a.string("answeredAt")))
            }
            round.answers = answers
            list.append(round)
        }
        rounds = list
    }
}
