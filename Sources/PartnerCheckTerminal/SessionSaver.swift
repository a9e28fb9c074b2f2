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
        if path == nil { path = try reserve(session) }
        try store.save(session, to: path!)
    }

    public func relocate(to newPath: String) throws(SessionFileError) {
        target = FileIO.isDirectory(newPath) ? .directory(newPath) : .newFile(newPath)
        path = nil
    }

    private func reserve(_ session: Session) throws(SessionFileError) -> String {
        switch target {
        case .existing(let path):
            return path
        case .newFile(let path):
            do {
                try FileIO.makeDirectory(FileIO.parentDirectory(of: path))
                if try FileIO.reserve(path) { return path }
            } catch {
                throw .io(error)
            }
            throw .wouldOverwrite(file: path)
        case .directory(let directory):
            do {
                return try SessionStore.reserveFile(in: directory, date: session.createdAt, name: session.respondent.name)
            } catch {
                throw .io(error)
            }
        }
    }
}
