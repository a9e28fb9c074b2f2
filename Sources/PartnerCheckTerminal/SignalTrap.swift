#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The last signal that arrived, stored by the handler and taken by the read loop.
let pendingSignal = Atomic<Int32>(0)
/// Set when the terminal was resized (SIGWINCH), taken by whoever lays text out next.
let resized = Atomic<Bool>(false)

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that only record the signal, without
/// SA_RESTART, so a blocking read or poll returns EINTR and the reader can decide what to do.
public enum SignalTrap {
    public static func install() {
        // A parent may have started us with these signals blocked; we want them delivered.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&wanted, signal) }
        sigprocmask(SIG_UNBLOCK, &wanted, nil)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                pendingSignal.store(number, ordering: .sequentiallyConsistent)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
        // A resize only marks the width to be read again; with SA_RESTART it interrupts nothing.
        var resize = sigaction()
        resize.__sigaction_handler.sa_handler = { _ in resized.store(true, ordering: .sequentiallyConsistent) }
        sigemptyset(&resize.sa_mask)
        resize.sa_flags = Int32(SA_RESTART)
        sigaction(SIGWINCH, &resize, nil)
    }

    /// Whether the terminal was resized since the last call.
    public static func takeResize() -> Bool {
        resized.exchange(false, ordering: .sequentiallyConsistent)
    }

    /// Takes the pending signal, if any (0 when none).
    public static func take() -> Int32 {
        pendingSignal.exchange(0, ordering: .sequentiallyConsistent)
    }
}
