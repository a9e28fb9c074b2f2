#if canImport(Glibc)
import Glibc
#endif
import PartnerCheckCore

/// Reads lines from a file descriptor that is not a terminal (piped stdin, CI). Prints the
/// prompt without escape codes; any signal stops the conversation after saving.
public final class PlainLineReader: LineReader {
    private let fd: Int32
    private let output: TextSink
    private var buffer: [UInt8] = []
    private var atEnd = false

    public init(fd: Int32 = 0, output: TextSink) {
        self.fd = fd
        self.output = output
    }

    public func read(prompt: String, prefill: String?, completions: [String]) -> LineInput {
        output.write(prompt)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var bytes = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                return echoed(String(decoding: bytes, as: UTF8.self))
            }
            if atEnd {
                if buffer.isEmpty {
                    output.write("\n")
                    return .end
                }
                let rest = buffer
                buffer = []
                return echoed(String(decoding: rest, as: UTF8.self))
            }
            let signal = SignalTrap.take()
            if signal != 0 { return .interrupted(signal) }
            // Wait in short steps, so a signal that lands just before the wait is not held up.
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 200) <= 0 { continue } // timeout, or a signal: look again
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                atEnd = true
            } else if errno != EINTR {
                atEnd = true
            }
        }
    }

    /// Shows the line after its prompt, so a transcript of a piped run reads like a conversation.
    private func echoed(_ line: String) -> LineInput {
        output.write(AnswerText.excerpt(line, limit: 120) + "\n")
        return .line(line)
    }
}

/// Writes to a file descriptor (stdout or stderr) immediately.
public final class FileDescriptorSink: TextSink {
    private let fd: Int32

    public init(fd: Int32) {
        self.fd = fd
    }

    public func write(_ text: String) {
        // A closed terminal or pipe cannot be told anything more; the session is saved regardless.
        try? FileIO.writeAll(Array(text.utf8), to: fd, path: fd == 2 ? "stderr" : "stdout")
    }
}
