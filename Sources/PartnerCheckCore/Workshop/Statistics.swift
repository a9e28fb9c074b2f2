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
        let sorted = values.sorted()
        n = sorted.count
        guard !sorted.isEmpty else { return }
        let total = sorted.reduce(0, +)
        let average = total / Double(n)
        mean = average
        median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        min = sorted.first
        max = sorted.last
        if n >= 2 {
            let squares = sorted.reduce(0) { $0 + ($1 - average) * ($1 - average) }
            standardDeviation = (squares / Double(n - 1)).squareRoot()
        }
    }
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
        guard !values.isEmpty else { return nil }
        return values.sorted()[(values.count - 1) / 2]
    }
}
