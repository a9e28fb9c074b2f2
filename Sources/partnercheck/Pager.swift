import PartnerCheckCore
#if canImport(Glibc)
import Glibc
#endif

/// Shows long text a screen at a time on a terminal: through `$PAGER`, else `less -R` when it is
/// installed, else straight to stdout. Never used when stdout is not a terminal.
enum Pager {
    static func show(_ text: String) {
        guard isatty(1) == 1, let command = pagerCommand() else {
            try? FileIO.writeAll(Array(text.utf8), to: 1, path: "stdout")
            return
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            try? FileIO.writeAll(Array(text.utf8), to: 1, path: "stdout")
            return
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        // The pager is one program the person chose; a broken pipe (they quit early) is not an error.
        signal(SIGPIPE, SIG_IGN)
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(pipeEnds[0])
        if spawned != 0 {
            close(pipeEnds[1])
            try? FileIO.writeAll(Array(text.utf8), to: 1, path: "stdout")
            return
        }
        try? FileIO.writeAll(Array(text.utf8), to: pipeEnds[1], path: "pager")
        close(pipeEnds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    /// `$PAGER` when set (empty: none), else `less -R` when `less` is on PATH.
    static func pagerCommand() -> String? {
        if let chosen = getenv("PAGER").map({ String(cString: $0) }) {
            return chosen.allSatisfy { $0 == " " } ? nil : chosen
        }
        return Invocation.findOnPath("less") != nil ? "less -R" : nil
    }
}
