/// What an answer typed at a question means.
public enum ParsedAnswer: Sendable, Equatable {
    case value(AnswerValue, label: String?, note: String?)
    case unknown(note: String?)
    /// Not accepted; the message says why and what is accepted.
    case rejected(String)
}

/// Turns a typed line into an answer for one question: a number, a label or an unambiguous
/// prefix of one, case-insensitive; "don't know" where allowed. An optional note can follow
/// the answer after "--" ("2 -- budgets are frozen").
public struct AnswerParser: Sendable {
    public let question: Question
    public let scale: Scale?

    public static let unknownWords = ["don't know", "dont know", "dk", "unknown", "not sure"]
    public static let maximumTextLength = 4000

    public init(question: Question, in questionnaire: Questionnaire) {
        self.question = question
        self.scale = questionnaire.scale(for: question)
    }

    private struct Candidate {
        var names: [String]
        var label: String
        var result: ParsedAnswer
    }

    private func candidates(note: String?) -> [Candidate] {
        var list: [Candidate] = []
        switch question.kind {
        case .rating:
            for point in scale?.points ?? [] {
                list.append(Candidate(names: [String(point.value), AnswerText.normalise(point.label)], label: point.label,
                                      result: .value(.number(point.value), label: point.label, note: note)))
            }
        case .choice, .multiple:
            for option in question.options ?? [] {
                list.append(Candidate(names: [option.key, AnswerText.normalise(option.label)], label: option.label,
                                      result: .value(.text(option.key), label: option.label, note: note)))
            }
        case .yesNo:
            list.append(Candidate(names: ["yes", "y"], label: "yes", result: .value(.text("yes"), label: "yes", note: note)))
            list.append(Candidate(names: ["no", "n"], label: "no", result: .value(.text("no"), label: "no", note: note)))
        case .text:
            break
        }
        if question.acceptsUnknown {
            list.append(Candidate(names: Self.unknownWords, label: "don't know", result: .unknown(note: note)))
        }
        return list
    }

    /// The words Tab completion offers at this question.
    public var completions: [String] {
        candidates(note: nil).map(\.label) + (question.kind == .multiple ? ["none"] : [])
    }

    /// One line saying what can be typed here.
    public var acceptedSummary: String {
        let unknown = question.acceptsUnknown ? ", or \"don't know\"" : ""
        switch question.kind {
        case .rating:
            let points = scale?.points ?? []
            let labels = points.map { "\($0.value) \($0.label)" }.joined(separator: ", ")
            return "Type a number from \(scale?.minimum ?? 0) to \(scale?.maximum ?? 0) or its label (\(labels))\(unknown)."
        case .choice:
            let keys = (question.options ?? []).map(\.key).joined(separator: ", ")
            return "Type the letter of an option (\(keys)) or the start of its text\(unknown)."
        case .multiple:
            let keys = (question.options ?? []).map(\.key).joined(separator: ", ")
            return "Type every option that applies, separated by commas (letters \(keys), or the start of their text), or \"none\"\(unknown)."
        case .yesNo:
            return "Type yes or no (y or n)\(unknown)."
        case .text:
            return "Type your answer in your own words\(unknown)."
        }
    }

    public func parse(_ line: String) -> ParsedAnswer {
        if question.kind == .text {
            let text = AnswerText.sanitise(line)
            if text.isEmpty { return .rejected("Please type an answer. " + acceptedSummary) }
            if Self.unknownWords.contains(AnswerText.normalise(text)) && question.acceptsUnknown { return .unknown(note: nil) }
            if text.count > Self.maximumTextLength {
                return .rejected("That answer is \(text.count) characters long; the limit is \(Self.maximumTextLength). Please shorten it.")
            }
            return .value(.text(text), label: nil, note: nil)
        }
        // No label is anywhere near this long; refuse before any costly comparison.
        if line.utf8.count > Self.maximumTextLength + 1000 {
            return .rejected("That line is far too long to be an answer here. " + acceptedSummary)
        }
        var answerPart = line
        var note: String? = nil
        if let marker = line.firstRange(of: "--") {
            answerPart = String(line[..<marker.lowerBound])
            let rest = AnswerText.sanitise(String(line[marker.upperBound...]))
            if rest.count > Self.maximumTextLength {
                return .rejected("That note is \(rest.count) characters long; the limit is \(Self.maximumTextLength). Please shorten it.")
            }
            note = rest.isEmpty ? nil : rest
        }
        let typed = AnswerText.normalise(answerPart)
        if typed.isEmpty { return .rejected("Please type an answer. " + acceptedSummary) }
        let all = candidates(note: note)
        if question.kind == .multiple {
            return parseList(answerPart, typed: typed, all, note: note)
        }
        return match(answerPart, typed: typed, all)
    }

    /// A multiple answer: "none", "don't know", or options separated by commas, each matched as
    /// a single choice would be (key, label, unambiguous start; a typo is refused with a suggestion).
    private func parseList(_ answerPart: String, typed: String, _ all: [Candidate], note: String?) -> ParsedAnswer {
        if typed == "none" { return .value(.choices([]), label: "none", note: note) }
        let parts = answerPart.split(separator: ",").map(String.init)
        if parts.count == 1, case .unknown(let n)? = all.first(where: { $0.names.contains(typed) })?.result {
            return .unknown(note: n)
        }
        var chosen: Set<String> = []
        for part in parts {
            let item = AnswerText.normalise(part)
            if item.isEmpty { continue }
            if item == "none" || Self.unknownWords.contains(item) {
                return .rejected("\"\(item)\" cannot be combined with other options. " + acceptedSummary)
            }
            switch match(part, typed: item, all) {
            case .value(.text(let key), _, _): chosen.insert(key)
            case .rejected(let message): return .rejected(message)
            default: return .rejected("\"\(AnswerText.excerpt(part))\" is not an option here. " + acceptedSummary)
            }
        }
        if chosen.isEmpty { return .rejected("Please type an answer. " + acceptedSummary) }
        let options = (question.options ?? []).filter { chosen.contains($0.key) }
        return .value(.choices(options.map(\.key)), label: options.map(\.label).joined(separator: "; "), note: note)
    }

    /// The one answer a refused line seems to be a typo of ("largley" for "largely"), to offer
    /// for confirmation; nil when there is none, or more than one.
    public func suggestion(for line: String) -> ParsedAnswer? {
        guard question.kind != .text && question.kind != .multiple else { return nil }
        var answerPart = line
        var note: String? = nil
        if let marker = line.firstRange(of: "--") {
            answerPart = String(line[..<marker.lowerBound])
            let rest = AnswerText.sanitise(String(line[marker.upperBound...]))
            note = rest.isEmpty ? nil : rest
        }
        let typed = AnswerText.normalise(answerPart)
        guard typed.count >= 3 && typed.count <= 60 else { return nil }
        let close = candidates(note: note).filter { candidate in
            candidate.names.contains { name in name.count > 2 && AnswerText.distance(typed, name) <= (name.count >= 6 ? 2 : 1) }
        }
        return close.count == 1 ? close[0].result : nil
    }

    /// One typed item against the candidates.
    private func match(_ answerPart: String, typed: String, _ all: [Candidate]) -> ParsedAnswer {
        let shown = AnswerText.excerpt(answerPart)
        if let exact = all.first(where: { $0.names.contains(typed) }) {
            return exact.result
        }
        if Int(typed) != nil {
            return .rejected("\(shown) is out of range. " + acceptedSummary)
        }
        // Prefixes of labels only (not of single-letter keys), e.g. "strongly a", "part of".
        let prefixed = all.filter { candidate in
            candidate.names.contains { $0.count > 1 && Int($0) == nil && $0.hasPrefix(typed) }
        }
        if prefixed.count == 1 { return prefixed[0].result }
        if prefixed.count > 1 {
            let options = prefixed.map { "\"\($0.label)\"" }.joined(separator: " or ")
            return .rejected("\"\(shown)\" could mean \(options). Please type a little more. " + acceptedSummary)
        }
        if typed.count >= 3 && typed.count <= 60 {
            let close = all.filter { candidate in
                candidate.names.contains { name in
                    name.count > 2 && AnswerText.distance(typed, name) <= (name.count >= 6 ? 2 : 1)
                }
            }
            if close.count >= 1 {
                let options = close.map { "\"\($0.label)\"" }.joined(separator: " or ")
                return .rejected("\"\(shown)\" is not an answer here. Did you mean \(options)? " + acceptedSummary)
            }
        }
        return .rejected("\"\(shown)\" is not an answer here. " + acceptedSummary)
    }
}
