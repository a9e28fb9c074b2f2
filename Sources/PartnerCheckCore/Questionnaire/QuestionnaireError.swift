/// Why a questionnaire could not be used. Each case renders as one line naming the file.
public enum QuestionnaireError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case malformedJSON(file: String, detail: String)
    case schemaViolation(file: String, path: String, message: String)
    case duplicateID(file: String, id: String, others: [String])
    case notFound(id: String, available: [String])
    case emptyDirectory(String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read: \(reason)"
        case .malformedJSON(let file, let detail): "\(file): \(detail)"
        case .schemaViolation(let file, let path, let message): "\(file): \(path): \(message)"
        case .duplicateID(let file, let id, let others):
            "\(file): questionnaire id \"\(id)\" is already used by \(others.joined(separator: ", "))"
        case .notFound(let id, let available):
            "no questionnaire \"\(id)\" (available: \(available.joined(separator: ", ")))"
        case .emptyDirectory(let dir): "\(dir): no questionnaire files (*.json) found"
        }
    }
}
