import PartnerCheckCore

/// How the conversation decorates text: colour only on a terminal without NO_COLOR, and an
/// accessible form with no redraws, no symbols a screen reader cannot speak, and scale points
/// read out in words.
public struct Style: Sendable, Equatable {
    public var color: Bool
    public var accessible: Bool

    public init(color: Bool, accessible: Bool) {
        self.color = color && !accessible
        self.accessible = accessible
    }

    public static let plain = Style(color: false, accessible: false)

    /// Decides from the environment and whether stdout is a terminal.
    public static func detect(environment: Environment, stdoutIsTerminal: Bool, accessibleFlag: Bool) -> Style {
        let accessible = accessibleFlag
            || (environment["ACCESSIBLE"].map { !$0.isEmpty && $0 != "0" } ?? false)
            || environment["TERM"] == "dumb"
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Style(color: stdoutIsTerminal && !noColor && environment["TERM"] != "dumb", accessible: accessible)
    }

    public func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    public func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    public func warn(_ text: String) -> String { color ? "\u{1B}[33m\(text)\u{1B}[0m" : text }

    /// Separator between parts of a heading: "4 of 24 · Healthy ecosystem".
    public var separator: String { accessible ? ", " : " · " }
    public var dash: String { accessible ? ":" : " —" }
    public var prompt: String { accessible ? "Your answer: " : "> " }
}
