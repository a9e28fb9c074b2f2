import PartnerCheckCore
#if canImport(Glibc)
import Glibc
#endif

/// How the commands partnercheck prints ("To carry on later: ...") call partnercheck: by name when
/// the `partnercheck` found on PATH is this very binary, else by this binary's absolute path, so
/// that every printed command works when pasted into a new shell.
enum Invocation {
    static let command: String = {
        guard let running = realPath("/proc/self/exe") else { return "partnercheck" }
        if let found = findOnPath("partnercheck"), realPath(found) == running { return "partnercheck" }
        return Shell.quoted(running)
    }()

    static func findOnPath(_ name: String) -> String? {
        guard let path = getenv("PATH").map({ String(cString: $0) }) else { return nil }
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
