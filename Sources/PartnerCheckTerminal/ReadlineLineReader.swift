#if canImport(Glibc)
import Glibc
#endif
import CReadline
import PartnerCheckCore
import Synchronization

/// The line handed over by readline's callback, and the words Tab completion offers.
private let deliveredLine = Mutex<LineInput?>(nil)
private let completionWords = Mutex<[String]>([])
private let pendingMatches = Mutex<[String]>([])

/// Line editing with GNU readline: history (Up-arrow), Tab completion of answer labels and
/// commands, the user's ~/.inputrc, and answers pre-filled for editing. It uses readline's
/// callback interface so the read loop, not readline, decides what a signal does:
/// a first Ctrl-C clears the line, a second one (or SIGTERM, SIGHUP) ends the read.
public final class ReadlineLineReader: LineReader {
    private let output: TextSink
    private let inputFD: Int32 = 0

    /// `promptsToStderr` is for a terminal on stdin while stdout is redirected.
    public init(output: TextSink, promptsToStderr: Bool) {
        self.output = output
        pc_rl_configure("partnercheck", { text, _, _ in
            pc_rl_completion_settings()
            return rl_completion_matches(text, { text, state in
                if state == 0 {
                    let typed = text.map { String(cString: $0) } ?? ""
                    let words = completionWords.withLock { $0 }
                    pendingMatches.withLock { $0 = Completion.matches(typed, words) }
                }
                let next: String? = pendingMatches.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                guard let next else { return nil }
                return strdup(next)
            })
        })
        if promptsToStderr { pc_rl_output_to_stderr() }
        using_history()
        rl_initialize()
    }

    /// The screen width readline found (columns), if it could tell.
    /// Read again after the terminal was resized (SIGWINCH), so text follows the new width.
    public var width: Int? {
        if SignalTrap.takeResize() { rl_reset_screen_size() }  // re-reads the size without redrawing a prompt
        var rows: Int32 = 0
        var columns: Int32 = 0
        rl_get_screen_size(&rows, &columns)
        return columns >= 20 ? Int(columns) : nil
    }

    public func read(prompt: String, prefill: String?, completions: [String]) -> LineInput {
        completionWords.withLock { $0 = completions }
        deliveredLine.withLock { $0 = nil }
        rl_callback_handler_install(prompt) { raw in
            let input: LineInput
            if let raw {
                input = .line(String(cString: raw))
                free(raw)
            } else {
                input = .end
            }
            deliveredLine.withLock { $0 = input }
            rl_callback_handler_remove()
        }
        if let prefill, !prefill.isEmpty {
            pc_rl_prefill(prefill)
        }
        var interrupts = 0
        while true {
            if let input = deliveredLine.withLock({ $0 }) {
                switch input {
                case .line(let text):
                    if !AnswerText.normalise(text).isEmpty { add_history(text) }
                case .end:
                    output.write("\n")
                    if let signal = hungUp() { return .interrupted(signal) }
                case .interrupted:
                    break
                }
                return input
            }
            // A signal may have arrived before poll started waiting (while the question was
            // printed): look for one first, and wake up now and then so none waits for a key.
            var signal = SignalTrap.take()
            var descriptor = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
            if signal == 0 {
                let ready = poll(&descriptor, 1, 200)
                if ready < 0 {
                    guard errno == EINTR else { return finish(.end) }
                    signal = SignalTrap.take()
                }
            }
            if signal != 0 {
                if signal == SIGINT {
                    interrupts += 1
                    if interrupts >= 2 { return finish(.interrupted(SIGINT)) }
                    pc_rl_clear_line_state()
                    output.write("\n(Line cleared. Press Ctrl-C again to save and stop, or keep answering.)\n")
                    pc_rl_redraw()
                } else if signal == SIGTERM || signal == SIGHUP {
                    return finish(.interrupted(signal))
                }
                continue
            }
            if descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                rl_callback_read_char()
            }
        }
    }

    /// Whether input ended because the terminal went away rather than by Ctrl-D. A closing terminal
    /// ends input and sends SIGHUP, in either order; a hung-up terminal refuses its settings with EIO.
    private func hungUp() -> Int32? {
        let signal = SignalTrap.take()
        if signal == SIGHUP || signal == SIGTERM { return signal }
        var settings = termios()
        if tcgetattr(inputFD, &settings) != 0 && errno == EIO { return SIGHUP }
        return nil
    }

    /// Leaves readline's line state and restores the terminal before returning.
    private func finish(_ input: LineInput) -> LineInput {
        rl_callback_handler_remove()
        output.write("\n")
        return input
    }
}
