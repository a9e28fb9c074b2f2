#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads questionnaires from JSON, checks them against the questionnaire schema and then
/// against the rules a schema cannot express (ids unique, references resolve).
public struct QuestionnaireLoader {
    private let validator: SchemaValidator

    public init(schema: JSONValue) {
        validator = SchemaValidator(schema: schema)
    }

    /// A loader using the schema compiled into the binary.
    public static func bundled() -> QuestionnaireLoader {
        QuestionnaireLoader(schema: EmbeddedSchemas.questionnaire)
    }

    /// Parses and validates one questionnaire. `file` names it in error messages.
    public func load(_ data: Data, file: String) throws(QuestionnaireError) -> Questionnaire {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw .malformedJSON(file: file, detail: error.detail)
        }
        return try load(document: document, file: file)
    }

    /// Validates and decodes one already-parsed questionnaire.
    public func load(document: JSONValue, file: String) throws(QuestionnaireError) -> Questionnaire {
        if let first = validator.validate(document).first {
            throw .schemaViolation(file: file, path: first.path, message: first.message)
        }
        let questionnaire: Questionnaire
        do {
            questionnaire = try Questionnaire(json: document)
        } catch {
            throw .schemaViolation(file: file, path: error.path, message: error.message)
        }
        if let problem = Self.consistencyProblems(questionnaire).first {
            throw .schemaViolation(file: file, path: problem.path, message: problem.message)
        }
        return questionnaire
    }

    /// Every problem of one questionnaire file, not only the first: all schema violations, then
    /// (when the document fits the model) every consistency problem. Empty when it is valid.
    public func problems(path: String) -> [QuestionnaireError] {
        let data: Data
        do {
            data = try FileIO.read(path)
        } catch {
            return [.unreadable(file: path, reason: error.reason)]
        }
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            return [.malformedJSON(file: path, detail: error.detail)]
        }
        let violations = validator.validate(document)
        if !violations.isEmpty {
            return violations.map { .schemaViolation(file: path, path: $0.path, message: $0.message) }
        }
        let questionnaire: Questionnaire
        do {
            questionnaire = try Questionnaire(json: document)
        } catch {
            return [.schemaViolation(file: path, path: error.path, message: error.message)]
        }
        return Self.consistencyProblems(questionnaire).map { .schemaViolation(file: path, path: $0.path, message: $0.message) }
    }

    public func load(path: String) throws(QuestionnaireError) -> Questionnaire {
        let data: Data
        do {
            data = try FileIO.read(path)
        } catch {
            throw .unreadable(file: path, reason: error.reason)
        }
        return try load(data, file: path)
    }

    /// Every `*.json` file directly inside `directory`, sorted by `order` then id.
    public func loadDirectory(_ directory: String) throws(QuestionnaireError) -> QuestionnaireCatalog {
        let names: [String]
        do {
            names = try FileIO.list(directory).filter { $0.hasSuffix(".json") }
        } catch {
            throw .unreadable(file: directory, reason: error.reason)
        }
        if names.isEmpty { throw .emptyDirectory(directory) }
        var entries: [(Questionnaire, String)] = []
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            entries.append((try load(path: path), path))
        }
        return try QuestionnaireCatalog(checking: entries)
    }

    /// The questionnaires compiled into the binary from `questionnaires/`. They were checked
    /// against the schema when they were built in (the test suite checks every embedded file, and
    /// that the embedded copy matches questionnaires/), so loading only decodes them. With
    /// `deferringDecoding`, the catalog takes just the ids, versions and question counts now (written
    /// beside the documents when they were built in, so no document is built for them) and decodes the
    /// rest when first asked for (what `partnercheck assess` does before its first
    /// prompt); a test checks that both ways give the same catalog.
    public static func loadBundled(deferringDecoding: Bool = false) throws(QuestionnaireError) -> QuestionnaireCatalog {
        guard deferringDecoding else { return try decodeBundled() }
        var entries = EmbeddedContent.questionnaireEntries
        entries.sort { QuestionnaireCatalog.precedes(($0.order, $0.id), ($1.order, $1.id)) }
        let expected = entries.map { QuestionnaireCatalog.Entry(id: $0.id, version: $0.version, questionCount: $0.questionCount) }
        return QuestionnaireCatalog(entries: expected) {
            do {
                let questionnaires = try decodeBundled().questionnaires
                precondition(questionnaires.map(QuestionnaireCatalog.Entry.init) == expected,
                             "the built-in questionnaires differ from their catalog entries")
                return questionnaires
            } catch {
                fatalError("the built-in questionnaires do not decode (a build defect; the tests check them): \(error)")
            }
        }
    }

    private static func decodeBundled() throws(QuestionnaireError) -> QuestionnaireCatalog {
        var entries: [(Questionnaire, String)] = []
        // One document at a time, each dropped once decoded (see EmbeddedContent.questionnaireDocument).
        for (index, file) in EmbeddedContent.questionnaireNames.enumerated() {
            let name = "questionnaires/" + file
            do {
                entries.append((try Questionnaire(json: EmbeddedContent.questionnaireDocument(index)), name))
            } catch {
                throw .malformedJSON(file: name, detail: "does not match the questionnaire model: \(error)")
            }
        }
        return try QuestionnaireCatalog(checking: entries)
    }

    /// Words a respondent can type at any prompt; answer labels must not be one of them.
    public static let reservedWords: Set<String> = [
        "help", "?", "why", "why more", "back", "skip", "review", "progress", "quit", "exit",
        "dk", "don't know", "dont know", "unknown", "not sure",
    ]

    /// An `askIf` must read an earlier question and name answers that question can have.
    static func conditionProblems(_ condition: AskCondition, of question: Question, at index: Int,
                                  in q: Questionnaire) -> [SchemaValidator.Violation] {
        let path = "$.questions[\(index)].askIf"
        guard let position = q.questions.firstIndex(where: { $0.id == condition.question }) else {
            return [.init(path: path + ".question", message: "unknown question \"\(condition.question)\"")]
        }
        guard position < index else {
            return [.init(path: path + ".question", message: "\"\(condition.question)\" is not asked before \"\(question.id)\"; a condition can only read an earlier answer")]
        }
        let earlier = q.questions[position]
        var problems: [SchemaValidator.Violation] = []
        let keys = (earlier.options ?? []).map(\.key)
        let points = q.scale(for: earlier)?.points.map(\.value) ?? []
        for (k, value) in (condition.values ?? []).enumerated() {
            let possible: Bool
            switch (earlier.kind, value) {
            case (.rating, .number(let n)): possible = points.contains(n)
            case (.choice, .text(let key)): possible = keys.contains(key)
            case (.yesNo, .text(let word)): possible = word == "yes" || word == "no"
            default: possible = false
            }
            if !possible {
                problems.append(.init(path: "\(path).is[\(k)]", message: "\"\(earlier.id)\" can never be answered \(value.typed)"))
            }
        }
        for (name, bound) in [("atLeast", condition.atLeast), ("atMost", condition.atMost)] {
            guard let bound else { continue }
            if earlier.kind != .rating {
                problems.append(.init(path: "\(path).\(name)", message: "\(name) needs a rating question; \"\(earlier.id)\" is \(earlier.kind.rawValue)"))
            } else if let low = points.min(), let high = points.max(), bound < low || bound > high {
                problems.append(.init(path: "\(path).\(name)", message: "\(bound) is outside the scale of \"\(earlier.id)\" (\(low) to \(high))"))
            }
        }
        if let atLeast = condition.atLeast, let atMost = condition.atMost, atLeast > atMost {
            problems.append(.init(path: path, message: "atLeast \(atLeast) is above atMost \(atMost): no answer can meet it"))
        }
        if let includes = condition.includes {
            if earlier.kind != .multiple {
                problems.append(.init(path: path + ".includes", message: "includes needs a multiple question; \"\(earlier.id)\" is \(earlier.kind.rawValue)"))
            } else if !keys.contains(includes) {
                problems.append(.init(path: path + ".includes", message: "\"\(earlier.id)\" has no option \"\(includes)\""))
            }
        }
        return problems
    }

    /// Rules that need the whole document: ids unique, every reference resolves.
    static func consistencyProblems(_ q: Questionnaire) -> [SchemaValidator.Violation] {
        var problems: [SchemaValidator.Violation] = []
        func problem(_ path: String, _ message: String) {
            problems.append(.init(path: path, message: message))
        }
        for entry in q.scales.entries.sorted(by: { $0.name < $1.name }) {
            var values: Set<Int> = []
            var labels: Set<String> = []
            for (index, point) in entry.scale.points.enumerated() {
                let path = "$.scales.\(entry.name).points[\(index)]"
                if !values.insert(point.value).inserted { problem(path + ".value", "value \(point.value) is used twice") }
                let label = AnswerText.normalise(point.label)
                if !labels.insert(label).inserted { problem(path + ".label", "label \"\(point.label)\" is used twice") }
                if Self.reservedWords.contains(label) { problem(path + ".label", "\"\(point.label)\" is a command word and cannot be an answer label") }
                if Int(label) != nil { problem(path + ".label", "a label cannot be a number") }
            }
        }
        var dimensionIDs: Set<String> = []
        for (index, dimension) in q.dimensions.enumerated() where !dimensionIDs.insert(dimension.id).inserted {
            problem("$.dimensions[\(index)].id", "dimension id \"\(dimension.id)\" is used twice")
        }
        var questionIDs: Set<String> = []
        for (index, question) in q.questions.enumerated() {
            let path = "$.questions[\(index)]"
            if !questionIDs.insert(question.id).inserted { problem(path + ".id", "question id \"\(question.id)\" is used twice") }
            if !dimensionIDs.contains(question.dimension) {
                problem(path + ".dimension", "unknown dimension \"\(question.dimension)\" (declared: \(q.dimensions.map(\.id).joined(separator: ", ")))")
            }
            switch question.kind {
            case .rating:
                if let scaleName = question.scale, let scale = q.scales[scaleName] {
                    if let follow = question.followUpAtOrBelow, scale.point(follow) == nil {
                        problem(path + ".followUpAtOrBelow", "\(follow) is not a point of scale \"\(scaleName)\"")
                    }
                } else {
                    problem(path + ".scale", "unknown scale \"\(question.scale ?? "")\" (declared: \(q.scales.names.sorted().joined(separator: ", ")))")
                }
            case .choice, .multiple:
                var keys: Set<String> = []
                var labels: Set<String> = []
                for (optionIndex, option) in (question.options ?? []).enumerated() {
                    let optionPath = "\(path).options[\(optionIndex)]"
                    if !keys.insert(option.key).inserted { problem(optionPath + ".key", "option key \"\(option.key)\" is used twice") }
                    if !labels.insert(AnswerText.normalise(option.label)).inserted { problem(optionPath + ".label", "option label is used twice") }
                    if option.added == true && option.source == nil {
                        problem(optionPath + ".source", "an added option must name the source it is drawn from")
                    }
                    if question.kind == .multiple && option.score == nil {
                        problem(optionPath + ".score", "every option of a multiple question needs a score")
                    }
                    if question.kind == .choice, (option.score == nil) != ((question.options ?? []).first?.score == nil) {
                        problem(optionPath + ".score", "score all the options of a choice question, or none of them (a descriptive question)")
                    }
                    if question.kind == .multiple && option.label.contains(",") {
                        problem(optionPath + ".label", "an option of a multiple question cannot contain a comma (commas separate the options typed)")
                    }
                    if Self.reservedWords.contains(AnswerText.normalise(option.label)) || AnswerText.normalise(option.label) == "none" {
                        problem(optionPath + ".label", "\"\(option.label)\" is a command word and cannot be an answer label")
                    }
                }
            case .yesNo, .text:
                if question.scale != nil { problem(path + ".scale", "only rating questions take a scale") }
            }
            if !question.hasOptions && question.options != nil {
                problem(path + ".options", "only choice and multiple questions take options")
            }
            if let condition = question.askIf {
                problems += Self.conditionProblems(condition, of: question, at: index, in: q)
            }
        }
        for (index, requirement) in (q.journey ?? []).enumerated() where q.question(requirement.question) == nil {
            problem("$.journey[\(index)].question", "unknown question \"\(requirement.question)\"")
        }
        for (index, rule) in (q.recommendations ?? []).enumerated() {
            if let question = rule.question, q.question(question) == nil {
                problem("$.recommendations[\(index)].question", "unknown question \"\(question)\"")
            }
            if let dimension = rule.dimension, q.dimension(dimension) == nil {
                problem("$.recommendations[\(index)].dimension", "unknown dimension \"\(dimension)\"")
            }
        }
        for (index, template) in (q.initiatives ?? []).enumerated() {
            if let dimension = template.dimension, q.dimension(dimension) == nil {
                problem("$.initiatives[\(index)].dimension", "unknown dimension \"\(dimension)\"")
            }
        }
        if let ambition = q.ambition {
            if let scale = q.scales[ambition.scale] {
                if scale.point(ambition.default) == nil {
                    problem("$.ambition.default", "\(ambition.default) is not a point of scale \"\(ambition.scale)\"")
                }
            } else {
                problem("$.ambition.scale", "unknown scale \"\(ambition.scale)\"")
            }
        }
        return problems
    }
}
