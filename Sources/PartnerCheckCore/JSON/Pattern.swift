/// The regular expressions of JSON Schema's `pattern` keyword, for the ECMA-262 subset a schema needs:
/// literals, `.`, classes (`[a-z0-9]`, `[^...]`, `\d \w \s` and their negations), groups `( )` and
/// `(?: )`, alternation `|`, the anchors `^` and `$`, and the quantifiers `? * + {n} {n,} {n,m}` (a
/// trailing `?` for laziness is accepted: it cannot change whether a string matches). Anything else
/// (back-references, look-around, `\b`) is refused with the offset where it starts, never silently
/// misread.
///
/// Matching is a search, as JSON Schema asks ("abc" matches `b`), over Unicode scalars, by a Thompson
/// NFA simulation: time is linear in the text whatever the pattern, so no schema and no document can
/// make validation blow up. Classes follow ECMA-262, not Python's `re`: `\d` is `[0-9]` only, and `$`
/// matches only at the very end (Python's also before a final newline); see the differential tests.
public struct Pattern: Sendable {
    public let source: String
    private let program: [Instruction]

    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        /// Offset in Unicode scalars from the start of the pattern.
        public var offset: Int
        public var description: String { "\(message) at offset \(offset)" }
    }

    /// `table`: build the ASCII table now (worth it for a pattern matched thousands of times, as in
    /// a workshop's bulk read; a single file's few matches are quicker without it).
    public init(_ source: String, table: Bool = true) throws(SyntaxError) {
        self.source = source
        var parser = Parser(scalars: Array(source.unicodeScalars))
        let tree = try parser.parseWhole()
        var program: [Instruction] = []
        try Compiler.emit(tree, into: &program)
        program.append(.match)
        self.program = program
        asciiAutomaton = table ? ASCIIAutomaton(program: program) : nil
    }

    /// The same search as a table for ASCII text (built once, when the pattern is small enough):
    /// one lookup per byte. Text with other characters goes through the NFA simulation.
    private let asciiAutomaton: ASCIIAutomaton?

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        if let asciiAutomaton, let verdict = asciiAutomaton.matches(text) { return verdict }
        return simulate(text)
    }

    /// The NFA simulation: any text, time linear in its length.
    func simulate(_ text: String) -> Bool {
        program.withUnsafeBufferPointer { program in
            var threads = Threads(size: program.count)
            var current: [Int] = []
            var next: [Int] = []
            var scalars = text.unicodeScalars.makeIterator()
            var upcoming = scalars.next()
            if threads.add(0, atStart: true, atEnd: upcoming == nil, program: program, to: &current) { return true }
            while let scalar = upcoming {
                upcoming = scalars.next()
                threads.generation += 1
                next.removeAll(keepingCapacity: true)
                for pc in current {
                    if case .set(let set) = program[pc], set.contains(scalar),
                       threads.add(pc + 1, atStart: false, atEnd: upcoming == nil, program: program, to: &next) {
                        return true
                    }
                }
                // A search: a match may start at any position.
                if threads.add(0, atStart: false, atEnd: upcoming == nil, program: program, to: &next) { return true }
                swap(&current, &next)
            }
            return false
        }
    }

    /// A deterministic automaton over ASCII built from the program by subset construction, using the
    /// NFA simulation's own closure (`Threads.add`): a state is the set of threads waiting for a
    /// character, and whether the text may end there (the same closure with the end anchors true).
    /// A search re-enters the program after every character, so no state is ever dead.
    struct ASCIIAutomaton: Sendable {
        /// transitions[state * 128 + byte], or -1 where a match is certain.
        private let transitions: [Int32]
        private let acceptsAtEnd: [Bool]
        static let largestStateCount = 512

        init?(program instructions: [Instruction]) {
            struct State: Hashable {
                var waiting: [Int]
                var acceptsAtEnd: Bool
            }
            var threads = Threads(size: instructions.count)
            // The state reached from `starts`; nil when a match is reached on the way.
            func closure(_ starts: [Int], atStart: Bool) -> State? {
                instructions.withUnsafeBufferPointer { program in
                    threads.generation += 1
                    var waiting: [Int] = []
                    for pc in starts where threads.add(pc, atStart: atStart, atEnd: false, program: program, to: &waiting) {
                        return nil
                    }
                    threads.generation += 1
                    var ignored: [Int] = []
                    let accepts = starts.contains { threads.add($0, atStart: atStart, atEnd: true, program: program, to: &ignored) }
                    return State(waiting: waiting.sorted(), acceptsAtEnd: accepts)
                }
            }
            let program = instructions
            guard let first = closure([0], atStart: true) else {
                // The empty string matches, so every text does.
                transitions = Array(repeating: -1, count: 128)
                acceptsAtEnd = [true]
                return
            }
            // Bytes that every class of the program treats alike share a column: the automaton is
            // built per column (a handful), not per byte.
            let sets = program.indices.filter { if case .set = program[$0] { true } else { false } }
            var columnOf = [Int](repeating: 0, count: 128)
            var representatives: [Int] = []
            var columns: [[Bool]: Int] = [:]
            for byte in 0..<128 {
                let signature = sets.map { pc -> Bool in
                    if case .set(let set) = program[pc] { return set.contains(Unicode.Scalar(UInt8(byte))) }
                    return false
                }
                if let known = columns[signature] {
                    columnOf[byte] = known
                } else {
                    columns[signature] = representatives.count
                    columnOf[byte] = representatives.count
                    representatives.append(byte)
                }
            }
            var states = [first]
            var index: [State: Int32] = [first: 0]
            var byColumn: [Int32] = []
            var next = 0
            while next < states.count {
                let state = states[next]
                next += 1
                for byte in representatives {
                    let scalar = Unicode.Scalar(UInt8(byte))
                    var starts: [Int] = []
                    for pc in state.waiting {
                        if case .set(let set) = program[pc], set.contains(scalar) { starts.append(pc + 1) }
                    }
                    starts.append(0)  // a search: a match may start after this character
                    guard let target = closure(starts, atStart: false) else {
                        byColumn.append(-1)
                        continue
                    }
                    if let known = index[target] {
                        byColumn.append(known)
                    } else {
                        guard states.count < Self.largestStateCount else { return nil }
                        index[target] = Int32(states.count)
                        byColumn.append(Int32(states.count))
                        states.append(target)
                    }
                }
            }
            var table = [Int32](repeating: 0, count: states.count * 128)
            for state in states.indices {
                for byte in 0..<128 { table[state * 128 + byte] = byColumn[state * representatives.count + columnOf[byte]] }
            }
            transitions = table
            acceptsAtEnd = states.map(\.acceptsAtEnd)
        }

        /// The verdict, or nil when the text is not ASCII.
        func matches(_ text: String) -> Bool? {
            var text = text
            return text.withUTF8 { bytes -> Bool? in
                transitions.withUnsafeBufferPointer { table in
                    var state = 0
                    for byte in bytes {
                        if byte >= 0x80 { return nil }
                        let target = table[state &* 128 &+ Int(byte)]
                        if target < 0 { return true }
                        state = Int(target)
                    }
                    return acceptsAtEnd[state]
                }
            }
        }
    }

    /// Which instructions the NFA simulation has reached at the current position (by generation, so
    /// nothing is cleared between positions).
    private struct Threads {
        var seen: [Int]
        var generation = 0

        init(size: Int) {
            seen = [Int](repeating: -1, count: size)
        }

        /// Follows jumps, splits and anchors from `pc`, collecting the threads that wait for a
        /// character into `list`; true as soon as a match is reached.
        mutating func add(_ pc: Int, atStart: Bool, atEnd: Bool, program: UnsafeBufferPointer<Instruction>,
                          to list: inout [Int]) -> Bool {
            if seen[pc] == generation { return false }
            seen[pc] = generation
            switch program[pc] {
            case .jump(let target):
                return add(target, atStart: atStart, atEnd: atEnd, program: program, to: &list)
            case .split(let first, let second):
                return add(first, atStart: atStart, atEnd: atEnd, program: program, to: &list)
                    || add(second, atStart: atStart, atEnd: atEnd, program: program, to: &list)
            case .start:
                return atStart && add(pc + 1, atStart: atStart, atEnd: atEnd, program: program, to: &list)
            case .end:
                return atEnd && add(pc + 1, atStart: atStart, atEnd: atEnd, program: program, to: &list)
            case .match:
                return true
            case .set:
                list.append(pc)
                return false
            }
        }
    }

    // MARK: - Model

    struct CharacterSet: Sendable, Equatable {
        var ranges: [ClosedRange<UInt32>]
        var negated = false

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            var inside = false
            for range in ranges where range.contains(value) {
                inside = true
                break
            }
            return inside != negated
        }

        static func single(_ scalar: Unicode.Scalar) -> CharacterSet { CharacterSet(ranges: [scalar.value...scalar.value]) }
        static let lineTerminators: [ClosedRange<UInt32>] = [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]
        static let digits: [ClosedRange<UInt32>] = [0x30...0x39]
        static let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        static let space: [ClosedRange<UInt32>] = [
            0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
            0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
        ]
    }

    indirect enum Node: Sendable {
        case set(CharacterSet)
        case start
        case end
        case sequence([Node])
        case either([Node])
        case repeated(Node, min: Int, max: Int?)
    }

    enum Instruction: Sendable {
        case set(CharacterSet)
        case split(Int, Int)
        case jump(Int)
        case start
        case end
        case match
    }

    // MARK: - Parsing

    struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        /// Repetition counts above this are refused: `{n}` copies its operand n times.
        static let largestCount = 1000

        mutating func parseWhole() throws(SyntaxError) -> Node {
            let node = try parseAlternatives()
            if index < scalars.count {
                throw SyntaxError(message: "unmatched \")\"", offset: index)
            }
            return node
        }

        private var atEnd: Bool { index >= scalars.count }
        private var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }

        private mutating func parseAlternatives() throws(SyntaxError) -> Node {
            var branches = [try parseSequence()]
            while peek == "|" {
                index += 1
                branches.append(try parseSequence())
            }
            return branches.count == 1 ? branches[0] : .either(branches)
        }

        private mutating func parseSequence() throws(SyntaxError) -> Node {
            var items: [Node] = []
            while let scalar = peek, scalar != "|", scalar != ")" {
                let atom = try parseAtom()
                items.append(try parseQuantifier(on: atom))
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        private mutating func parseQuantifier(on atom: Node) throws(SyntaxError) -> Node {
            guard let scalar = peek else { return atom }
            let start = index
            let bounds: (Int, Int?)
            switch scalar {
            case "*": index += 1; bounds = (0, nil)
            case "+": index += 1; bounds = (1, nil)
            case "?": index += 1; bounds = (0, 1)
            case "{":
                guard let counted = try parseCount() else { return atom }
                bounds = counted
            default:
                return atom
            }
            if case .start = atom { throw SyntaxError(message: "nothing to repeat", offset: start) }
            if case .end = atom { throw SyntaxError(message: "nothing to repeat", offset: start) }
            if peek == "?" { index += 1 }  // lazy: the same strings match
            if let next = peek, "*+?{".unicodeScalars.contains(next), next != "{" || (try? lookaheadCount()) != nil {
                throw SyntaxError(message: "a quantifier cannot follow a quantifier", offset: index)
            }
            return .repeated(atom, min: bounds.0, max: bounds.1)
        }

        /// Whether a `{n}`, `{n,}` or `{n,m}` starts here, without consuming it.
        private func lookaheadCount() throws(SyntaxError) -> (Int, Int?)? {
            var copy = self
            return try copy.parseCount()
        }

        /// `{n}`, `{n,}` or `{n,m}`; nil (and nothing consumed) when the brace does not start one.
        private mutating func parseCount() throws(SyntaxError) -> (Int, Int?)? {
            let start = index
            index += 1
            func number() -> Int? {
                var value: Int? = nil
                while let scalar = peek, let digit = Int(String(scalar)), ("0"..."9").contains(scalar) {
                    value = min((value ?? 0) * 10 + digit, Parser.largestCount + 1)
                    index += 1
                }
                return value
            }
            guard let low = number() else { index = start; return nil }
            var high: Int? = low
            if peek == "," {
                index += 1
                high = number()
            }
            guard peek == "}" else { index = start; return nil }
            index += 1
            if low > Parser.largestCount || (high ?? 0) > Parser.largestCount {
                throw SyntaxError(message: "a count above \(Parser.largestCount) is not supported", offset: start)
            }
            if let high, high < low {
                throw SyntaxError(message: "numbers out of order in {\(low),\(high)}", offset: start)
            }
            return (low, high)
        }

        private mutating func parseAtom() throws(SyntaxError) -> Node {
            let start = index
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "^": return .start
            case "$": return .end
            case ".": return .set(CharacterSet(ranges: CharacterSet.lineTerminators, negated: true))
            case "(":
                if peek == "?" {
                    guard index + 1 < scalars.count, scalars[index + 1] == ":" else {
                        throw SyntaxError(message: "look-around and named groups are not supported", offset: start)
                    }
                    index += 2
                }
                let inner = try parseAlternatives()
                guard peek == ")" else { throw SyntaxError(message: "missing \")\"", offset: start) }
                index += 1
                return inner
            case "[":
                return .set(try parseClass(from: start))
            case "\\":
                return .set(try parseEscape())
            case "*", "+", "?":
                throw SyntaxError(message: "nothing to repeat", offset: start)
            case "{":
                index = start
                if (try? lookaheadCount()) != nil { throw SyntaxError(message: "nothing to repeat", offset: start) }
                index = start + 1
                return .set(.single(scalar))
            default:
                return .set(.single(scalar))
            }
        }

        private mutating func parseClass(from start: Int) throws(SyntaxError) -> CharacterSet {
            var set = CharacterSet(ranges: [])
            if peek == "^" {
                set.negated = true
                index += 1
            }
            var first = true
            while true {
                guard let scalar = peek else { throw SyntaxError(message: "missing \"]\"", offset: start) }
                if scalar == "]" && !first { index += 1; break }
                if scalar == "]" && first {
                    // `[]` matches nothing and `[^]` anything in ECMA-262.
                    index += 1
                    return set
                }
                first = false
                let low = try classMember()
                // A range `a-z`, unless the dash is last (`[a-]`) or a side is a class such as `\d`.
                if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    let dash = index
                    index += 1
                    let high = try classMember()
                    guard let lowScalar = low.scalar, let highScalar = high.scalar else {
                        throw SyntaxError(message: "a class such as \\d cannot bound a range", offset: dash)
                    }
                    guard lowScalar.value <= highScalar.value else {
                        throw SyntaxError(message: "range out of order", offset: dash)
                    }
                    set.ranges.append(lowScalar.value...highScalar.value)
                } else {
                    set.ranges.append(contentsOf: low.set.ranges)
                }
            }
            return set
        }

        /// One member of a class: a single character (which can bound a range) or an escape class.
        private mutating func classMember() throws(SyntaxError) -> (set: CharacterSet, scalar: Unicode.Scalar?) {
            let scalar = scalars[index]
            index += 1
            if scalar == "\\" {
                let set = try parseEscape()
                if set.ranges.count == 1, !set.negated, set.ranges[0].lowerBound == set.ranges[0].upperBound,
                   let single = Unicode.Scalar(set.ranges[0].lowerBound) {
                    return (set, single)
                }
                if set.negated {
                    throw SyntaxError(message: "\\D, \\W and \\S are not supported inside a class", offset: index - 2)
                }
                return (set, nil)
            }
            return (.single(scalar), scalar)
        }

        /// After a backslash.
        private mutating func parseEscape() throws(SyntaxError) -> CharacterSet {
            let start = index - 1
            guard let scalar = peek else { throw SyntaxError(message: "a pattern cannot end with \\", offset: start) }
            index += 1
            switch scalar {
            case "d": return CharacterSet(ranges: CharacterSet.digits)
            case "D": return CharacterSet(ranges: CharacterSet.digits, negated: true)
            case "w": return CharacterSet(ranges: CharacterSet.word)
            case "W": return CharacterSet(ranges: CharacterSet.word, negated: true)
            case "s": return CharacterSet(ranges: CharacterSet.space)
            case "S": return CharacterSet(ranges: CharacterSet.space, negated: true)
            case "n": return .single("\n")
            case "r": return .single("\r")
            case "t": return .single("\t")
            case "f": return .single("\u{0C}")
            case "v": return .single("\u{0B}")
            case "u":
                guard index + 4 <= scalars.count,
                      let value = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16),
                      let decoded = Unicode.Scalar(value) else {
                    throw SyntaxError(message: "\\u needs four hexadecimal digits", offset: start)
                }
                index += 4
                return .single(decoded)
            default:
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    throw SyntaxError(message: "the escape \\\(scalar) is not supported", offset: start)
                }
                return .single(scalar)
            }
        }
    }

    // MARK: - Compiling

    enum Compiler {
        /// Instructions beyond this are refused (nested counts multiply).
        static let largestProgram = 20_000

        static func emit(_ node: Node, into program: inout [Instruction]) throws(SyntaxError) {
            if program.count > largestProgram {
                throw SyntaxError(message: "the pattern is too large once its counts are expanded", offset: 0)
            }
            switch node {
            case .set(let set):
                program.append(.set(set))
            case .start:
                program.append(.start)
            case .end:
                program.append(.end)
            case .sequence(let items):
                for item in items { try emit(item, into: &program) }
            case .either(let branches):
                // split b1, next; b1; jump end; next: split b2, next2; ...; last branch
                var jumps: [Int] = []
                for (offset, branch) in branches.enumerated() {
                    if offset == branches.count - 1 {
                        try emit(branch, into: &program)
                    } else {
                        let split = program.count
                        program.append(.split(split + 1, -1))
                        try emit(branch, into: &program)
                        jumps.append(program.count)
                        program.append(.jump(-1))
                        program[split] = .split(split + 1, program.count)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repeated(let body, let min, let max):
                for _ in 0..<min { try emit(body, into: &program) }
                if let max {
                    // Each optional copy may be skipped, straight to the end of them all.
                    var splits: [Int] = []
                    for _ in min..<max {
                        splits.append(program.count)
                        program.append(.split(program.count + 1, -1))
                        try emit(body, into: &program)
                    }
                    for split in splits { program[split] = .split(split + 1, program.count) }
                } else {
                    let loop = program.count
                    program.append(.split(loop + 1, -1))
                    try emit(body, into: &program)
                    program.append(.jump(loop))
                    program[loop] = .split(loop + 1, program.count)
                }
            }
        }
    }
}
