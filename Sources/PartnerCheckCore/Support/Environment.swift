/// Environment variables as a value, for the functions that decide things from them (where sessions
/// go, colour, accessibility). A list rather than a dictionary: the first String-keyed dictionary a
/// process makes costs the Swift runtime a scan of every protocol conformance in the binary, a
/// tenth of a millisecond that `partnercheck assess` would spend before its first prompt.
public struct Environment: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var variables: [Variable]

    private struct Variable: Sendable, Equatable {
        var name: String
        var value: String
    }

    public init(_ variables: [(name: String, value: String)]) {
        self.variables = variables.map { Variable(name: $0.name, value: $0.value) }
    }

    /// The variables among `names` that `lookup` finds. (No array of name-value tuples on the way: a tuple
    /// type's metadata is built at run time, a cost every command would pay before its first output.)
    public init(reading names: [String], from lookup: (String) -> String?) {
        variables = []
        for name in names {
            if let value = lookup(name) { variables.append(Variable(name: name, value: value)) }
        }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { (name: $0.0, value: $0.1) })
    }

    /// The value of `name`; nil when it is not set.
    public subscript(name: String) -> String? {
        variables.last { $0.name == name }?.value
    }
}
