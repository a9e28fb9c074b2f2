import Testing
@testable import PartnerCheckCore

@Suite("Schema patterns")
struct PatternTests {
    /// (pattern, text, matches): the rules of ECMA-262 that JSON Schema's `pattern` follows.
    static let cases: [(String, String, Bool)] = [
        // A search, not a whole match, unless anchored.
        ("b", "abc", true), ("^b", "abc", false), ("c$", "abc", true), ("^abc$", "abcd", false),
        ("", "", true), ("", "anything", true), ("^$", "", true), ("^$", "x", false),
        // The schemas' own patterns.
        ("^[a-z0-9]+([.-][a-z0-9]+)*$", "supplier-health", true),
        ("^[a-z0-9]+([.-][a-z0-9]+)*$", "Supplier Health", false),
        ("^[a-z0-9]+([.-][a-z0-9]+)*$", "a..b", false),
        ("^[a-z0-9]+([.-][a-z0-9]+)*$", "a-", false),
        ("^[a-z0-9]+([.-][a-z0-9]+)*$", "v1.2-rc", true),
        ("^[a-z]$", "q", true), ("^[a-z]$", "qq", false), ("^[a-z]$", "Q", false),
        ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
         "2026-11-26T08:55:01Z", true),
        ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
         "2026-11-26T08:55:01.123+01:00", true),
        ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
         "2026-11-26 08:55:01Z", false),
        ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
         "2026-11-26T08:55:01Z\n", false),
        // Counts, alternation, groups, classes.
        ("^a{2,3}$", "a", false), ("^a{2,3}$", "aa", true), ("^a{2,3}$", "aaa", true), ("^a{2,3}$", "aaaa", false),
        ("^a{2,}$", "aaaaa", true), ("^a{2}$", "aa", true), ("^(?:ab|cd)+$", "abcdab", true),
        ("^(ab|cd)+$", "abc", false), ("^x*$", "", true), ("^(a?)*$", "aaa", true), ("^(a*)*b$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false),
        ("^[^0-9]+$", "abc", true), ("^[^0-9]+$", "ab3", false), ("^[a-]$", "-", true), ("^[]$", "", false),
        ("^\\d\\d$", "42", true), ("^\\d$", "٣", false), ("^\\w+$", "snake_case1", true), ("^\\s$", "\u{00A0}", true),
        ("^\\S+$", "no-space", true), ("^.$", "\n", false), ("^.$", "é", true), ("^.$", "😀", true),
        ("^\\u00e9$", "é", true), ("a{,2}", "a{,2}", true), ("^\\.$", ".", true), ("^\\.$", "x", false),
        ("^[\\d.]+$", "3.14", true), ("^café$", "café", true),
    ]

    @Test("matches as ECMA-262 does", arguments: cases)
    func matches(_ example: (String, String, Bool)) throws {
        let pattern = try Pattern(example.0)
        #expect(pattern.matches(example.1) == example.2, "\(example.0) on \(example.1.debugDescription)")
    }

    @Test("refuses what it does not support, saying where", arguments: [
        ("(?=a)", 0), ("a**", 2), ("*a", 0), ("(ab", 0), ("ab)", 2), ("[ab", 0), ("a\\", 1),
        ("\\1", 0), ("\\b", 0), ("a{3,2}", 1), ("[z-a]", 2), ("a{5000}", 1), ("(a{999}){999}", 0),
    ])
    func refuses(_ example: (String, Int)) {
        #expect(throws: Pattern.SyntaxError.self) { try Pattern(example.0) }
        do {
            _ = try Pattern(example.0)
        } catch {
            #expect(error.offset == example.1, "\(example.0): \(error)")
        }
    }

    @Test("time grows with the text, not exponentially, on a pattern that defeats backtracking")
    func linear() throws {
        // `(a|a)*b` against a run of a's is 2^n steps for a backtracking matcher.
        let pattern = try Pattern("^(a|a)*b$")
        #expect(!pattern.matches(String(repeating: "a", count: 5_000)))
        #expect(pattern.matches(String(repeating: "a", count: 5_000) + "b"))
    }

    @Test("the ASCII table and the NFA simulation agree on random texts")
    func tableAgreesWithSimulation() throws {
        var numbers = SeededNumbers(state: 7)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let alphabet = Array("ab01-.:TZ+ \n")
        var checked = 0
        for (source, _, _) in Self.cases {
            let pattern = try Pattern(source)
            for _ in 0..<200 {
                let text = String((0..<next(24)).map { _ in alphabet[next(alphabet.count)] })
                #expect(pattern.matches(text) == pattern.simulate(text), "\(source) on \(text.debugDescription)")
                checked += 1
            }
        }
        // Near misses of texts that match: each case's text with one character dropped or changed.
        for (source, text, _) in Self.cases where text.unicodeScalars.allSatisfy(\.isASCII) {
            let pattern = try Pattern(source)
            let characters = Array(text)
            for position in characters.indices {
                var dropped = characters
                dropped.remove(at: position)
                var changed = characters
                changed[position] = alphabet[next(alphabet.count)]
                for variant in [String(dropped), String(changed)] {
                    #expect(pattern.matches(variant) == pattern.simulate(variant), "\(source) on \(variant.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked > 5_000)
    }

    @Test("every pattern in the shipped schemas compiles")
    func shippedPatternsCompile() throws {
        for (name, schema) in try Fixtures.shippedSchemas() {
            var patterns: [String] = []
            func collect(_ node: JSONValue) {
                switch node {
                case .object(let members):
                    if case .string(let text)? = members["pattern"] { patterns.append(text) }
                    members.values.forEach(collect)
                case .array(let items): items.forEach(collect)
                default: break
                }
            }
            collect(schema)
            for text in patterns {
                #expect(throws: Never.self, "\(name): \(text)") { try Pattern(text) }
            }
        }
    }
}
