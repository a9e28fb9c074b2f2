/// What a prompt produced.
public enum LineInput: Sendable, Equatable {
    case line(String)
    /// End of input: Ctrl-D on an empty line, or the end of piped input.
    case end
    /// A signal asked us to stop: a second Ctrl-C (SIGINT), SIGTERM or SIGHUP.
    case interrupted(Int32)
}

/// Where the conversation gets its lines from. The real binary uses readline on a terminal and
/// plain reads otherwise; tests hand in a scripted reader.
public protocol LineReader: AnyObject {
    /// Reads one line after showing `prompt`. `prefill` is placed at the prompt ready to edit
    /// (Enter keeps it); `completions` are what Tab offers.
    func read(prompt: String, prefill: String?, completions: [String]) -> LineInput
    /// The terminal's width, when there is a terminal; long text is wrapped to it.
    var width: Int? { get }
}

extension LineReader {
    public var width: Int? { nil }
}

/// Where the conversation writes what it says.
public protocol TextSink: AnyObject {
    func write(_ text: String)
}

/// A line reader for tests and scripts: returns the given lines in order, then `.end`.
/// It records every prompt and prefill so a test can check what a person would have seen.
public final class ScriptedLineReader: LineReader {
    /// A pretend terminal width, for tests of wrapping.
    public var width: Int? = nil
    public private(set) var remaining: [LineInput]
    public private(set) var prompts: [String] = []
    public private(set) var prefills: [String?] = []
    public private(set) var completionLists: [[String]] = []
    private let echo: TextSink?

    public init(_ lines: [String], then final: LineInput = .end, echo: TextSink? = nil) {
        remaining = lines.map { .line($0) } + [final]
        self.echo = echo
    }

    public func read(prompt: String, prefill: String?, completions: [String]) -> LineInput {
        prompts.append(prompt)
        prefills.append(prefill)
        completionLists.append(completions)
        guard !remaining.isEmpty else { return .end }
        let next = remaining.removeFirst()
        if remaining.isEmpty { remaining = [next] } // keep returning the final input
        if case .line(let text) = next { echo?.write(prompt + text + "\n") }
        return next
    }
}

/// Collects output in memory (tests).
public final class StringSink: TextSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}
