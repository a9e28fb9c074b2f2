import PartnerCheckCore

/// Somewhere a session is saved after every answer.
public protocol SessionSaver: AnyObject {
    /// The file the session is saved to, once known.
    var path: String? { get }
    func save(_ session: Session) throws(SessionFileError)
    /// Saves from now on to another file (or a new file in another directory).
    func relocate(to path: String) throws(SessionFileError)
}

/// Saves to a file chosen at the first save: either an exact path (`--out`), a path being
/// resumed, or a new file in a directory named from the date and the respondent's name.
public final class FileSessionSaver: SessionSaver {
    public enum Target: Sendable, Equatable {
        /// A new file at exactly this path; refused if it exists.
        case newFile(String)
        /// A new file in this directory.
        case directory(String)
        /// An existing session file being resumed.
        case existing(String)
    }

    public private(set) var path: String?
    private var target: Target
    private let store: SessionStore

    public init(target: Target, store: SessionStore) {
        self.target = target
        self.store = store
        if case .existing(let path) = target { self.path = path }
    }

    public func save(_ session: Session) throws(SessionFileError) {
        if let path {
            try store.save(session, to: path)
            return
        }
        // The first save creates the file with its content in one step: never an empty file.
        switch target {
        case .existing(let existing):
            try store.save(session, to: existing)
            path = existing
        case .newFile(let new):
            guard let created = try store.saveNew(session, at: new) else { throw .wouldOverwrite(file: new) }
            path = created
        case .directory(let directory):
            path = try store.saveNew(session, in: directory)
        }
    }

    public func relocate(to newPath: String) throws(SessionFileError) {
        target = FileIO.isDirectory(newPath) ? .directory(newPath) : .newFile(newPath)
        path = nil
    }
}
