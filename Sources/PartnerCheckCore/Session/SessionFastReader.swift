#if canImport(Glibc)
import Glibc
#endif

/// The one reader of session files into `Session`s. It reads the bytes straight into a `Session`,
/// checking as it goes every rule that the full read applies (the JSON grammar, the session's
/// identity and version, the session schema, the model), without building a JSON tree or walking
/// the schema: for the thousands of files of a workshop or an export, and for `report`. It takes
/// only the plain form of JSON; anything else (a number with a fraction, a member given twice, a
/// byte-order mark, any rule broken) makes it give up and return nil, and the caller reads the file
/// the full way: the JSON reader, the schema (for its messages), then this reader again over the
/// checked document in its plainest form (`JSONValue.plainBytes`). So it never decides a file is
/// bad, and it is only ever stricter than the full read: tests read thousands of valid and damaged
/// sessions both ways and check that the outcome, a session or a message, is the same.
enum SessionFastReader {
    static func read(_ bytes: [UInt8], detail: SessionDetail = .whole) -> Session? {
        bytes.withUnsafeBufferPointer { buffer in read(buffer, detail: detail) }
    }

    static func read(_ buffer: UnsafeBufferPointer<UInt8>, detail: SessionDetail = .whole, texts: RecurringTexts? = nil) -> Session? {
        var reader = Cursor(bytes: buffer, whole: detail == .whole, texts: texts)
        do {
            let session = try reader.session()
            reader.skipSpace()
            return reader.position == buffer.count ? session : nil
        } catch {
            return nil
        }
    }

    /// Giving up: the full read decides.
    struct GiveUp: Error {}

    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// Whether the texts a count never reads are built (`SessionDetail.whole`) or only checked.
        let whole: Bool
        /// Where the texts that recur from file to file are kept, in a bulk read.
        let texts: RecurringTexts?

        init(bytes: UnsafeBufferPointer<UInt8>, whole: Bool = true, texts: RecurringTexts? = nil) {
            self.bytes = bytes
            self.whole = whole
            self.texts = texts
        }

        @inline(__always)
        mutating func skipSpace() {
            // Most calls find no space at all, and most others the one space after a member's colon.
            if position < bytes.count && bytes[position] > 0x20 { return }
            if position + 1 < bytes.count && bytes[position] == 0x20 && bytes[position + 1] > 0x20 {
                position += 1
                return
            }
            skipSomeSpace()
        }

        private mutating func skipSomeSpace() {
            // A line's indentation, eight spaces at a time (files are written indented).
            if let base = bytes.baseAddress {
                while position + 9 <= bytes.count, bytes[position] == 0x0A {
                    var next = position + 1
                    while next + 8 <= bytes.count {
                        // Spaces become zero bytes: the lowest byte that is not is the first that is not a space.
                        let rest = UInt64(littleEndian: UnsafeRawPointer(base + next).loadUnaligned(as: UInt64.self)) ^ 0x2020_2020_2020_2020
                        if rest != 0 {
                            next += rest.trailingZeroBitCount >> 3
                            break
                        }
                        next += 8
                    }
                    position = next
                    while position < bytes.count, bytes[position] == 0x20 { position += 1 }
                }
            }
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        /// The next byte after any space, consumed when it is `byte`.
        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func expect(_ byte: UInt8) throws(GiveUp) {
            guard take(byte) else { throw GiveUp() }
        }

        /// Calls `member` with each member name of an object (as bytes, without escapes); the value follows.
        mutating func object(_ member: (inout Cursor, UnsafeBufferPointer<UInt8>) throws(GiveUp) -> Void) throws(GiveUp) {
            try members({ (cursor: inout Cursor) throws(GiveUp) in try cursor.rawName() }, member)
        }

        /// An object whose member names are free text (escapes and all), as strings.
        mutating func textKeyedObject(_ member: (inout Cursor, String) throws(GiveUp) -> Void) throws(GiveUp) {
            try members({ (cursor: inout Cursor) throws(GiveUp) in try cursor.string() }, member)
        }

        private mutating func members<Name>(_ name: (inout Cursor) throws(GiveUp) -> Name,
                                            _ member: (inout Cursor, Name) throws(GiveUp) -> Void) throws(GiveUp) {
            try expect(UInt8(ascii: "{"))
            if take(UInt8(ascii: "}")) { return }
            repeat {
                let key = try name(&self)
                try expect(UInt8(ascii: ":"))
                try member(&self, key)
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        }

        mutating func array(_ item: (inout Cursor) throws(GiveUp) -> Void) throws(GiveUp) {
            try expect(UInt8(ascii: "["))
            if take(UInt8(ascii: "]")) { return }
            repeat {
                try item(&self)
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
        }

        /// A member name (or any string) without escapes or control characters, as its bytes.
        mutating func rawName() throws(GiveUp) -> UnsafeBufferPointer<UInt8> {
            try expect(UInt8(ascii: "\""))
            let start = position
            position = ByteScan.plainRunEnd(bytes, from: position)
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return UnsafeBufferPointer(rebasing: bytes[start..<position - 1])
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { throw GiveUp() }
                position += 1
            }
            throw GiveUp()
        }

        /// A string, read by the JSON reader's own string code (escapes, surrogate pairs, UTF-8);
        /// whatever it refuses, the full read refuses too, with its message.
        mutating func string() throws(GiveUp) -> String {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw GiveUp() }
            do {
                return try JSONParser.string(in: bytes, at: &position)
            } catch {
                throw GiveUp()
            }
        }

        /// A string the caller keeps only for a whole session: checked exactly as `string()` checks
        /// it, and built only then (else ""). Text without escapes, whose non-ASCII characters are
        /// well-formed UTF-8, is checked here (a quarter of the question texts have a curly quote,
        /// and building each as a string to throw it away was a twentieth of reading them); anything else is
        /// left to `string()`.
        mutating func text() throws(GiveUp) -> String {
            if whole { return try string() }
            if let end = try plainStringEnd() {
                position = end + 1
                return ""
            }
            _ = try string()
            return ""
        }

        /// Where the string at `position` ends (the index of its closing quote) when it has no escapes
        /// and its non-ASCII characters are well-formed UTF-8, checked in place; else nil, and the
        /// string is `string()`'s to read. Gives up if no string starts here.
        private mutating func plainStringEnd() throws(GiveUp) -> Int? {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw GiveUp() }
            var end = position + 1
            while true {
                end = ByteScan.plainRunEnd(bytes, from: end)
                guard end < bytes.count else { return nil }
                if bytes[end] == UInt8(ascii: "\"") { return end }
                guard bytes[end] >= 0x80, let length = ByteScan.utf8Sequence(bytes, at: end) else { return nil }
                end += length
            }
        }

        /// A string of at least one code point.
        mutating func nonEmptyString() throws(GiveUp) -> String {
            let text = try string()
            guard !text.isEmpty else { throw GiveUp() }
            return text
        }

        /// `string()` for a text that recurs from file to file: without escapes and well-formed, it is
        /// taken from `texts` (the same string as `string()` makes of it); anything else is `string()`'s.
        mutating func recurring() throws(GiveUp) -> String {
            guard let texts else { return try string() }
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw GiveUp() }
            if let (text, end) = texts.known(bytes, from: position + 1) {
                position = end + 1
                return text
            }
            guard let end = try plainStringEnd() else { return try string() }
            let text = texts.text(UnsafeBufferPointer(rebasing: bytes[(position + 1)..<end]))
            position = end + 1
            return text
        }

        /// `recurring()` of at least one code point.
        mutating func nonEmptyRecurring() throws(GiveUp) -> String {
            let text = try recurring()
            guard !text.isEmpty else { throw GiveUp() }
            return text
        }

        /// `text()` for a text that recurs from file to file.
        mutating func recurringText() throws(GiveUp) -> String {
            whole ? try recurring() : try text()
        }

        /// An integer written plainly (`-?(0|[1-9][0-9]*)`, at most 2^53: exact as a double).
        mutating func integer() throws(GiveUp) -> Int {
            skipSpace()
            var negative = false
            if position < bytes.count && bytes[position] == UInt8(ascii: "-") {
                negative = true
                position += 1
            }
            let start = position
            var value = 0
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                // More digits than a double holds exactly: the full read decides (and no overflow here).
                guard position - start < 16 else { throw GiveUp() }
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
            }
            let digits = position - start
            // At most 2^53, as the JSON reader takes them.
            guard digits > 0, digits == 1 || bytes[start] != 0x30, value <= 9_007_199_254_740_992 else { throw GiveUp() }
            // A fraction or an exponent: the full read decides.
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") || bytes[position] | 0x20 == UInt8(ascii: "e") {
                throw GiveUp()
            }
            return negative ? -value : value
        }

        mutating func positiveInteger() throws(GiveUp) -> Int {
            let value = try integer()
            guard value >= 1 else { throw GiveUp() }
            return value
        }

        /// One of an enumeration's raw values, written plainly and equal byte for byte (compared as
        /// bytes: no string is made for the status of every answer).
        mutating func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type) throws(GiveUp) -> Choice where Choice.RawValue == String {
            let raw = try rawName()
            for choice in Choice.allCases where choice.rawValue.utf8Equals(raw) {
                return choice
            }
            throw GiveUp()
        }

        /// `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$`,
        /// checked on the bytes (a timestamp has no escape; one written with one is left to the full read).
        mutating func timestamp() throws(GiveUp) -> String {
            let raw = try rawName()
            guard Self.isTimestamp(raw) else { throw GiveUp() }
            return whole ? String(decoding: raw, as: UTF8.self) : ""
        }

        static func isTimestamp(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
            func digits(_ range: Range<Int>) -> Bool {
                guard range.upperBound <= t.count else { return false }
                for index in range where t[index] < 0x30 || t[index] > 0x39 { return false }
                return true
            }
            func byte(_ index: Int, _ value: UInt8) -> Bool { index < t.count && t[index] == value }
            guard digits(0..<4), byte(4, UInt8(ascii: "-")), digits(5..<7), byte(7, UInt8(ascii: "-")), digits(8..<10),
                  byte(10, UInt8(ascii: "T")), digits(11..<13), byte(13, UInt8(ascii: ":")), digits(14..<16),
                  byte(16, UInt8(ascii: ":")), digits(17..<19) else { return false }
            var index = 19
            if byte(index, UInt8(ascii: ".")) {
                index += 1
                let start = index
                while index < t.count, t[index] >= 0x30, t[index] <= 0x39 { index += 1 }
                if index == start { return false }
            }
            if byte(index, UInt8(ascii: "Z")) { return index + 1 == t.count }
            guard byte(index, UInt8(ascii: "+")) || byte(index, UInt8(ascii: "-")) else { return false }
            return digits(index + 1..<index + 3) && byte(index + 3, UInt8(ascii: ":")) && digits(index + 4..<index + 6)
                && index + 6 == t.count
        }

        /// Marks `name` as seen in `seen` (a bit per known member); a member given twice gives up.
        static func once(_ bit: Int, _ seen: inout UInt32) throws(GiveUp) {
            guard seen & (1 << bit) == 0 else { throw GiveUp() }
            seen |= 1 << bit
        }

        /// Compared in place, as one or two words for a name of 4 to 16 bytes (every name a session has
        /// but "id"), without a call to `memcmp` for each member of each object.
        @inline(__always)
        static func named(_ name: UnsafeBufferPointer<UInt8>, _ known: StaticString) -> Bool {
            let count = known.utf8CodeUnitCount
            guard name.count == count else { return false }
            let a = UnsafeRawPointer(name.baseAddress!), b = UnsafeRawPointer(known.utf8Start)
            switch count {
            case 8...16:
                return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                    && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            case 4..<8:
                return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                    && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            default:
                return memcmp(a, b, count) == 0
            }
        }

        mutating func session() throws(GiveUp) -> Session {
            var seen: UInt32 = 0
            var schema = "", schemaVersion = 0, id = "", createdAt = "", updatedAt = ""
            var status: SessionStatus = .inProgress
            var completedAt: String?, workshop: String?, workshopRound: Int?
            var respondent = Respondent()
            var questionnaires: [QuestionnaireRef] = []
            var finished: [String] = []
            var ambitions: [String: Int] = [:]
            var rounds: [Round] = []
            try object { (cursor: inout Cursor, name) throws(GiveUp) in
                if Self.named(name, "schema") {
                    try Self.once(0, &seen)
                    let raw = try cursor.rawName()
                    guard Self.named(raw, "partnercheck-session") else { throw GiveUp() }
                    schema = Session.schemaName
                } else if Self.named(name, "schemaVersion") {
                    try Self.once(1, &seen)
                    schemaVersion = try cursor.integer()
                    guard schemaVersion == Session.currentSchemaVersion else { throw GiveUp() }
                } else if Self.named(name, "id") {
                    try Self.once(2, &seen)
                    id = try cursor.nonEmptyString()
                } else if Self.named(name, "status") {
                    try Self.once(3, &seen)
                    status = try cursor.choice(SessionStatus.self)
                } else if Self.named(name, "createdAt") {
                    try Self.once(4, &seen)
                    createdAt = try cursor.timestamp()
                } else if Self.named(name, "updatedAt") {
                    try Self.once(5, &seen)
                    updatedAt = try cursor.timestamp()
                } else if Self.named(name, "respondent") {
                    try Self.once(6, &seen)
                    respondent = try cursor.respondent()
                } else if Self.named(name, "questionnaires") {
                    try Self.once(7, &seen)
                    try cursor.array { (cursor: inout Cursor) throws(GiveUp) in questionnaires.append(try cursor.questionnaireRef()) }
                    guard !questionnaires.isEmpty else { throw GiveUp() }
                } else if Self.named(name, "finished") {
                    try Self.once(8, &seen)
                    try cursor.array { (cursor: inout Cursor) throws(GiveUp) in
                        let item = try cursor.recurring()
                        // Unique, whether compared by bytes or as Swift compares strings.
                        guard !finished.contains(item) else { throw GiveUp() }
                        finished.append(item)
                    }
                } else if Self.named(name, "ambitions") {
                    try Self.once(9, &seen)
                    try cursor.textKeyedObject { (cursor: inout Cursor, key) throws(GiveUp) in
                        guard ambitions[key] == nil else { throw GiveUp() }
                        ambitions[key] = try cursor.integer()
                    }
                } else if Self.named(name, "rounds") {
                    try Self.once(10, &seen)
                    try cursor.array { (cursor: inout Cursor) throws(GiveUp) in rounds.append(try cursor.round()) }
                } else if Self.named(name, "completedAt") {
                    try Self.once(11, &seen)
                    completedAt = try cursor.timestamp()
                } else if Self.named(name, "workshop") {
                    try Self.once(12, &seen)
                    workshop = try cursor.text()
                } else if Self.named(name, "workshopRound") {
                    try Self.once(13, &seen)
                    workshopRound = try cursor.positiveInteger()
                } else {
                    throw GiveUp()
                }
            }
            guard seen & 0x7FF == 0x7FF else { throw GiveUp() }  // the eleven required members
            var session = Session(id: id, createdAt: createdAt, respondent: respondent, questionnaires: questionnaires)
            session.schema = schema
            session.schemaVersion = schemaVersion
            session.status = status
            session.updatedAt = updatedAt
            session.completedAt = completedAt
            session.finished = finished
            session.ambitions = ambitions
            session.rounds = rounds
            session.workshop = workshop
            session.workshopRound = workshopRound
            return session
        }

        mutating func respondent() throws(GiveUp) -> Respondent {
            var seen: UInt32 = 0
            var respondent = Respondent()
            try object { (cursor: inout Cursor, name) throws(GiveUp) in
                if Self.named(name, "name") {
                    try Self.once(0, &seen)
                    respondent.name = try cursor.string()
                } else if Self.named(name, "level") {
                    try Self.once(1, &seen)
                    respondent.level = try cursor.choice(Level.self)
                } else if Self.named(name, "organisation") {
                    try Self.once(2, &seen)
                    respondent.organisation = try cursor.recurringText()
                } else {
                    throw GiveUp()
                }
            }
            return respondent
        }

        mutating func questionnaireRef() throws(GiveUp) -> QuestionnaireRef {
            var seen: UInt32 = 0
            var id = "", version = 0
            try object { (cursor: inout Cursor, name) throws(GiveUp) in
                if Self.named(name, "id") {
                    try Self.once(0, &seen)
                    id = try cursor.nonEmptyRecurring()
                } else if Self.named(name, "version") {
                    try Self.once(1, &seen)
                    version = try cursor.positiveInteger()
                } else {
                    throw GiveUp()
                }
            }
            guard seen == 0b11 else { throw GiveUp() }
            return QuestionnaireRef(id: id, version: version)
        }

        mutating func round() throws(GiveUp) -> Round {
            var seen: UInt32 = 0
            var round = Round(questionnaire: "", version: 0)
            try object { (cursor: inout Cursor, name) throws(GiveUp) in
                if Self.named(name, "questionnaire") {
                    try Self.once(0, &seen)
                    round.questionnaire = try cursor.nonEmptyRecurring()
                } else if Self.named(name, "version") {
                    try Self.once(1, &seen)
                    round.version = try cursor.positiveInteger()
                } else if Self.named(name, "answers") {
                    try Self.once(2, &seen)
                    round.answers.reserveCapacity(16)
                    try cursor.array { (cursor: inout Cursor) throws(GiveUp) in
                        round.answers.append(Answer(question: "", questionText: "", status: .answered, answeredAt: ""))
                        try cursor.answer(into: &round.answers[round.answers.count - 1])
                    }
                } else if Self.named(name, "partner") {
                    try Self.once(3, &seen)
                    round.partner = try cursor.nonEmptyRecurring()
                } else if Self.named(name, "side") {
                    try Self.once(4, &seen)
                    round.side = try cursor.choice(Side.self)
                } else {
                    throw GiveUp()
                }
            }
            guard seen & 0b111 == 0b111 else { throw GiveUp() }
            return round
        }

        /// Reads an answer into `answer` (a fresh one, in its place in its round: an answer built here
        /// and returned was copied into the round, a retain and a release of each of its strings).
        mutating func answer(into answer: inout Answer) throws(GiveUp) {
            var seen: UInt32 = 0
            try object { (cursor: inout Cursor, name) throws(GiveUp) in
                if Self.named(name, "question") {
                    try Self.once(0, &seen)
                    answer.question = try cursor.nonEmptyRecurring()
                } else if Self.named(name, "questionText") {
                    try Self.once(1, &seen)
                    answer.questionText = try cursor.recurringText()
                } else if Self.named(name, "status") {
                    try Self.once(2, &seen)
                    answer.status = try cursor.choice(AnswerStatus.self)
                } else if Self.named(name, "answeredAt") {
                    try Self.once(3, &seen)
                    answer.answeredAt = try cursor.timestamp()
                } else if Self.named(name, "value") {
                    try Self.once(4, &seen)
                    answer.value = try cursor.answerValue()
                } else if Self.named(name, "label") {
                    try Self.once(5, &seen)
                    answer.label = try cursor.recurringText()
                } else if Self.named(name, "note") {
                    try Self.once(6, &seen)
                    answer.note = try cursor.string()
                } else {
                    throw GiveUp()
                }
            }
            guard seen & 0b1111 == 0b1111 else { throw GiveUp() }
            // An answered question has a value.
            guard answer.status != .answered || answer.value != nil else { throw GiveUp() }
        }

        mutating func answerValue() throws(GiveUp) -> AnswerValue {
            skipSpace()
            guard position < bytes.count else { throw GiveUp() }
            switch bytes[position] {
            case UInt8(ascii: "\""): return .text(try string())
            case UInt8(ascii: "["):
                var keys: [String] = []
                try array { (cursor: inout Cursor) throws(GiveUp) in keys.append(try cursor.string()) }
                return .choices(keys)
            default: return .number(try integer())
            }
        }
    }
}

/// How much of a session a read builds. Either way every rule is checked the same.
public enum SessionDetail: Sendable {
    /// Everything.
    case whole
    /// What a count of answers reads (a workshop's statistics): the question texts, labels, times,
    /// the organisation and the workshop's name are checked but left empty. About a third less work
    /// for the thousands of files of an organisation-wide workshop.
    case counting
}
