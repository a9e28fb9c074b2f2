/// Reads a session straight from a parsed JSON value. Sessions are read by the thousand in a
/// workshop or an export; going through Codable containers costs more than the parsing itself.
/// Errors name the JSON path, like the schema validator's.
struct SessionDecodeError: Error {
    var path: String
    var message: String
}

private struct Fields {
    let members: JSONObject
    let path: String

    init(_ value: JSONValue, _ path: String) throws(SessionDecodeError) {
        guard case .object(let members) = value else { throw SessionDecodeError(path: path, message: "expected object, found \(value.brief)") }
        self.members = members
        self.path = path
    }

    func string(_ key: String) throws(SessionDecodeError) -> String {
        guard let value = members[key] else { throw SessionDecodeError(path: path, message: "missing required member \"\(key)\"") }
        guard case .string(let text) = value else { throw SessionDecodeError(path: path + "." + key, message: "expected string, found \(value.brief)") }
        return text
    }

    func optionalString(_ key: String) throws(SessionDecodeError) -> String? {
        guard let value = members[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw SessionDecodeError(path: path + "." + key, message: "expected string, found \(value.brief)") }
        return text
    }

    func integer(_ value: JSONValue, _ at: String) throws(SessionDecodeError) -> Int {
        guard case .number(let number) = value, number == number.rounded(), let whole = Int(exactly: number) else {
            throw SessionDecodeError(path: at, message: "expected integer, found \(value.brief)")
        }
        return whole
    }

    func integer(_ key: String) throws(SessionDecodeError) -> Int {
        guard let value = members[key] else { throw SessionDecodeError(path: path, message: "missing required member \"\(key)\"") }
        return try integer(value, path + "." + key)
    }

    func array(_ key: String) throws(SessionDecodeError) -> [JSONValue] {
        guard let value = members[key] else { throw SessionDecodeError(path: path, message: "missing required member \"\(key)\"") }
        guard case .array(let items) = value else { throw SessionDecodeError(path: path + "." + key, message: "expected array, found \(value.brief)") }
        return items
    }

    func choice<T: RawRepresentable>(_ key: String, _ type: T.Type, optional: Bool = false) throws(SessionDecodeError) -> T? where T.RawValue == String {
        guard let text = optional ? try optionalString(key) : try string(key) else { return nil }
        guard let value = T(rawValue: text) else { throw SessionDecodeError(path: path + "." + key, message: "unknown value \"\(text)\"") }
        return value
    }
}

extension Session {
    init(json: JSONValue) throws(SessionDecodeError) {
        let f = try Fields(json, "$")
        schema = try f.string("schema")
        schemaVersion = try f.integer("schemaVersion")
        id = try f.string("id")
        status = try f.choice("status", SessionStatus.self)!
        createdAt = try f.string("createdAt")
        updatedAt = try f.string("updatedAt")
        completedAt = try f.optionalString("completedAt")
        workshop = try f.optionalString("workshop")
        let person = try Fields(f.members["respondent"] ?? .object([:]), "$.respondent")
        respondent = Respondent(name: try person.optionalString("name"), level: try person.choice("level", Level.self, optional: true),
                                organisation: try person.optionalString("organisation"))
        var refs: [QuestionnaireRef] = []
        for (index, item) in try f.array("questionnaires").enumerated() {
            let r = try Fields(item, "$.questionnaires[\(index)]")
            refs.append(QuestionnaireRef(id: try r.string("id"), version: try r.integer("version")))
        }
        questionnaires = refs
        var done: [String] = []
        for (index, item) in try f.array("finished").enumerated() {
            guard case .string(let text) = item else { throw SessionDecodeError(path: "$.finished[\(index)]", message: "expected string") }
            done.append(text)
        }
        finished = done
        var targets: [String: Int] = [:]
        if let value = f.members["ambitions"] {
            let a = try Fields(value, "$.ambitions")
            for (key, level) in a.members { targets[key] = try a.integer(level, "$.ambitions." + key) }
        }
        ambitions = targets
        var list: [Round] = []
        for (index, item) in try f.array("rounds").enumerated() {
            let path = "$.rounds[\(index)]"
            let r = try Fields(item, path)
            var round = Round(questionnaire: try r.string("questionnaire"), version: try r.integer("version"),
                              partner: try r.optionalString("partner"), side: try r.choice("side", Side.self, optional: true))
            var answers: [Answer] = []
            for (position, entry) in try r.array("answers").enumerated() {
                let a = try Fields(entry, "\(path).answers[\(position)]")
                var value: AnswerValue? = nil
                switch a.members["value"] {
                case .number?: value = .number(try a.integer("value"))
                case .string(let text)?: value = .text(text)
                case nil, .null?: value = nil
                case let other?: throw SessionDecodeError(path: a.path + ".value", message: "expected integer or string, found \(other.brief)")
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
