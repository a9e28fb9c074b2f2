import Synchronization

/// The questionnaires available to an assessment.
///
/// A catalog knows the `entries` (id, version, number of questions) at once. The questionnaires
/// themselves are usually decoded up front; the built-in set can instead be decoded on first use
/// (`QuestionnaireLoader.loadBundled(deferringDecoding:)`), so `partnercheck assess` greets and asks
/// the first question before paying for it.
public struct QuestionnaireCatalog: Sendable {
    /// What a conversation needs before its first question, in catalog order.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var version: Int
        public var questionCount: Int

        init(id: String, version: Int, questionCount: Int) {
            self.id = id
            self.version = version
            self.questionCount = questionCount
        }

        init(_ questionnaire: Questionnaire) {
            self.init(id: questionnaire.id, version: questionnaire.version, questionCount: questionnaire.questions.count)
        }
    }

    public let entries: [Entry]
    private let storage: Storage

    /// Orders the questionnaires by their `order`, then by id.
    public init(_ questionnaires: [Questionnaire]) {
        let ordered = questionnaires.sorted { Self.precedes(($0.order, $0.id), ($1.order, $1.id)) }
        entries = ordered.map(Entry.init)
        storage = .decoded(ordered)
    }

    init(checking entries: [(Questionnaire, String)]) throws(QuestionnaireError) {
        try Self.check(entries)
        self.init(entries.map(\.0))
    }

    /// A catalog whose questionnaires `decode` makes when first asked for; `entries` must be what
    /// they hold, in catalog order.
    init(entries: [Entry], decode: @escaping @Sendable () -> [Questionnaire]) {
        self.entries = entries
        storage = .deferred(Deferred(decode))
    }

    public var questionnaires: [Questionnaire] {
        switch storage {
        case .decoded(let questionnaires): return questionnaires
        case .deferred(let deferred): return deferred.value
        }
    }

    public var ids: [String] { entries.map(\.id) }

    public func questionnaire(_ id: String) throws(QuestionnaireError) -> Questionnaire {
        guard let found = questionnaires.first(where: { $0.id == id }) else {
            throw .notFound(id: id, available: ids)
        }
        return found
    }

    /// Catalog order: by `order` (none last), then by id.
    static func precedes(_ a: (order: Int?, id: String), _ b: (order: Int?, id: String)) -> Bool {
        (a.order ?? Int.max, a.id) < (b.order ?? Int.max, b.id)
    }

    /// The rules that need the whole set: ids unique; journey bars name an axis of a journey defined
    /// in some questionnaire of the set, at a level it has.
    static func check(_ entries: [(Questionnaire, String)]) throws(QuestionnaireError) {
        // A list, not a dictionary: a handful of entries, and each new kind of String-keyed table
        // costs the runtime a scan of every protocol conformance in the program (see JourneyPlacer).
        var seen: [(id: String, file: String)] = []
        for (questionnaire, file) in entries {
            if let other = seen.first(where: { $0.id == questionnaire.id }) {
                throw .duplicateID(file: file, id: questionnaire.id, others: [other.file])
            }
            seen.append((questionnaire.id, file))
        }
        let models = entries.compactMap { $0.0.journeyModel }
        for (questionnaire, file) in entries {
            for (index, requirement) in (questionnaire.journey ?? []).enumerated() {
                guard let axis = models.lazy.flatMap(\.axes).first(where: { $0.id == requirement.axis }) else {
                    let known = models.flatMap(\.axes).map(\.id)
                    throw .schemaViolation(file: file, path: "$.journey[\(index)].axis",
                                           message: "unknown journey axis \"\(requirement.axis)\"" + (known.isEmpty ? " (no questionnaire defines a journeyModel)" : " (defined: \(known.joined(separator: ", ")))"))
                }
                if requirement.level > axis.levels.count {
                    throw .schemaViolation(file: file, path: "$.journey[\(index)].level", message: "axis \"\(axis.id)\" has only \(axis.levels.count) levels")
                }
            }
        }
    }

    private enum Storage: Sendable {
        case decoded([Questionnaire])
        case deferred(Deferred)
    }

    /// Decodes once, on first use, from whichever thread asks first.
    private final class Deferred: Sendable {
        private let state: Mutex<[Questionnaire]?> = Mutex(nil)
        private let decode: @Sendable () -> [Questionnaire]

        init(_ decode: @escaping @Sendable () -> [Questionnaire]) {
            self.decode = decode
        }

        var value: [Questionnaire] {
            state.withLock { state in
                if let decoded = state { return decoded }
                let decoded = decode()
                state = decoded
                return decoded
            }
        }
    }
}
