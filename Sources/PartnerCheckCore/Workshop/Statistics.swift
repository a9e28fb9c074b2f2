/// Descriptive statistics of a group of scores (0-100).
public struct Stats: Encodable, Sendable, Equatable {
    public var n: Int
    public var mean: Double?
    public var median: Double?
    public var min: Double?
    public var max: Double?
    /// Sample standard deviation (n - 1), as pandas' std() and R's sd(); nil below two answers.
    public var standardDeviation: Double?

    public static let empty = Stats(n: 0)

    init(n: Int, mean: Double? = nil, median: Double? = nil, min: Double? = nil, max: Double? = nil, standardDeviation: Double? = nil) {
        self.n = n
        self.mean = mean
        self.median = median
        self.min = min
        self.max = max
        self.standardDeviation = standardDeviation
    }

    public init(_ values: [Double]) {
        var tally = Tally<Double>()
        for value in values { tally.add(value) }
        self.init(tally)
    }

    /// From counted values. Sums run over the values in ascending order, each as many times as it
    /// was counted: the same additions in the same order as over the sorted list of every value, so
    /// the figures are identical to the last bit, whatever order the sessions were read in.
    init(_ tally: Tally<Double>) {
        n = tally.count
        guard n > 0 else { return }
        var total = 0.0
        tally.forEachInOrder { value in total += value }
        let average = total / Double(n)
        mean = average
        median = n % 2 == 1 ? tally.value(at: n / 2) : (tally.value(at: n / 2 - 1) + tally.value(at: n / 2)) / 2
        min = tally.values.first
        max = tally.values.last
        if n >= 2 {
            var squares = 0.0
            tally.forEachInOrder { value in squares += (value - average) * (value - average) }
            standardDeviation = (squares / Double(n - 1)).squareRoot()
        }
    }
}

/// Values counted by value, in ascending order: what a group's statistics need of its scores, in
/// memory that grows with the number of different values (a handful per question) rather than with
/// the number of participants. An organisation-wide workshop of 100,000 people kept 100 scores per
/// person in arrays: 380 MB.
struct Tally<Value: Comparable & Sendable>: Sendable {
    /// The different values, ascending.
    private(set) var values: [Value] = []
    /// How many times each value was counted.
    private(set) var counts: [Int] = []
    /// How many values were counted in all.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func add(_ value: Value, times: Int = 1) {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        if low < values.count && values[low] == value {
            counts[low] += times
        } else {
            values.insert(value, at: low)
            counts.insert(times, at: low)
        }
        count += times
    }

    mutating func merge(_ other: Tally) {
        for index in other.values.indices { add(other.values[index], times: other.counts[index]) }
    }

    /// The value at `position` (from 0) of every counted value in ascending order.
    func value(at position: Int) -> Value {
        precondition(position >= 0 && position < count, "no value \(position) of \(count)")
        var remaining = position
        var index = 0
        while remaining >= counts[index] {
            remaining -= counts[index]
            index += 1
        }
        return values[index]
    }

    /// Every counted value, ascending, each as many times as it was counted.
    func forEachInOrder(_ body: (Value) -> Void) {
        for index in values.indices {
            for _ in 0..<counts[index] { body(values[index]) }
        }
    }

    /// How many counted values satisfy `predicate`.
    func count(where predicate: (Value) -> Bool) -> Int {
        var total = 0
        for index in values.indices where predicate(values[index]) { total += counts[index] }
        return total
    }

    /// Each different value with its count, ascending.
    var entries: Zip2Sequence<[Value], [Int]> { zip(values, counts) }
}

extension Stats {
    enum CodingKeys: String, CodingKey { case n, mean, median, min, max, standardDeviation }

    /// Rounded to two decimals, so output does not depend on the order files were summed in.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(n, forKey: .n)
        try container.encodeIfPresent(mean.map(Rounding.two), forKey: .mean)
        try container.encodeIfPresent(median.map(Rounding.two), forKey: .median)
        try container.encodeIfPresent(min.map(Rounding.two), forKey: .min)
        try container.encodeIfPresent(max.map(Rounding.two), forKey: .max)
        try container.encodeIfPresent(standardDeviation.map(Rounding.two), forKey: .standardDeviation)
    }
}

enum Rounding {
    static func two(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

enum Median {
    /// The lower median: with an even count, the lower of the two middle values. Used to build
    /// the group's answer, which must be a real point of the scale.
    static func lower(_ values: [Int]) -> Int? {
        var tally = Tally<Int>()
        for value in values { tally.add(value) }
        return lower(tally)
    }

    static func lower(_ tally: Tally<Int>) -> Int? {
        tally.isEmpty ? nil : tally.value(at: (tally.count - 1) / 2)
    }
}
