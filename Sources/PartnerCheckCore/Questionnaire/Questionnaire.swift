/// A questionnaire as stored in `questionnaires/*.json`. All content lives in the data;
/// nothing in Swift knows any particular questionnaire.
public struct Questionnaire: Encodable, Sendable, Equatable {
    public var id: String
    public var version: Int
    /// Position in lists and in the default assessment; lower first.
    public var order: Int?
    public var title: String
    /// One or two sentences shown when the questionnaire starts.
    public var summary: String
    public var source: SourceReference
    /// When true the questionnaire is answered once per named partner, and the side
    /// answering (ours or the partner's) is recorded.
    public var perPartner: Bool?
    public var scales: Scales
    public var dimensions: [Dimension]
    public var questions: [Question]
    /// The level the respondent aims for; asked at the end of the questionnaire.
    public var ambition: Ambition?
    /// Score bands (0-100) that name strengths and weak spots.
    public var bands: Bands?
    /// The capability journey this questionnaire defines (axes, levels, phases), if any.
    public var journeyModel: JourneyModel?
    /// Which of this questionnaire's questions hold up which level of a journey axis.
    public var journey: [JourneyRequirement]?
    public var recommendations: [RecommendationRule]?
    public var initiatives: [InitiativeTemplate]?

    public var isPerPartner: Bool { perPartner ?? false }

    public func question(_ id: String) -> Question? {
        questions.first { $0.id == id }
    }

    public func dimension(_ id: String) -> Dimension? {
        dimensions.first { $0.id == id }
    }

    public func scale(for question: Question) -> Scale? {
        question.scale.flatMap { scales[$0] }
    }
}

/// Where a piece of content comes from: a seed document and a section of it.
public struct SourceReference: Encodable, Sendable, Equatable {
    /// The seed file name, e.g. `001_6ddf99690ca9ce4f.txt`.
    public var file: String
    public var section: String
    /// The document title, e.g. "The Partner Everywhere Imperative".
    public var title: String?

    public init(file: String, section: String, title: String? = nil) {
        self.file = file
        self.section = section
        self.title = title
    }

    /// How a person reads the source: "The Partner Everywhere Imperative (001), Key Points to
    /// Take Away". The file name itself stays in JSON output.
    public var citation: String {
        if let title { return "\(title) (\(shortName)), \(section)" }
        return "\(file), \(section)"
    }

    /// The seed's number ("001" of "001_6ddf99690ca9ce4f.txt"), or the file name when it has none.
    public var shortName: String {
        let number = file.prefix { $0.isNumber }
        return number.isEmpty ? file : String(number)
    }
}

/// A questionnaire's scales by name, in the order declared. A list rather than a Dictionary: a
/// questionnaire has a scale or two, and in Swift 6.3 the first String-keyed table of each kind makes
/// the runtime scan every protocol conformance in the program, a cost every report and start paid.
public struct Scales: Encodable, Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var scale: Scale
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// The scale called `name`; setting one replaces a scale of that name, or adds it last.
    public subscript(name: String) -> Scale? {
        get { entries.first { $0.name == name }?.scale }
        set {
            let index = entries.firstIndex { $0.name == name }
            switch (index, newValue) {
            case (let index?, let scale?): entries[index].scale = scale
            case (let index?, nil): entries.remove(at: index)
            case (nil, let scale?): entries.append(Entry(name: name, scale: scale))
            case (nil, nil): break
            }
        }
    }

    public var names: [String] { entries.map(\.name) }

    /// The same scales, whatever order they were declared in (as the dictionary this replaced).
    public static func == (a: Scales, b: Scales) -> Bool {
        a.entries.count == b.entries.count && a.entries.allSatisfy { b[$0.name] == $0.scale }
    }

    /// A JSON object of scales by name, as before.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        for entry in entries { try container.encode(entry.scale, forKey: NameKey(stringValue: entry.name)) }
    }

    private struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

public struct Scale: Encodable, Sendable, Equatable {
    public var points: [ScalePoint]

    // Plain loops: scoring asks for these once per answer, thousands of times in a workshop.
    public var minimum: Int {
        guard var lowest = points.first?.value else { return 0 }
        for point in points where point.value < lowest { lowest = point.value }
        return lowest
    }

    public var maximum: Int {
        guard var highest = points.first?.value else { return 0 }
        for point in points where point.value > highest { highest = point.value }
        return highest
    }

    public func point(_ value: Int) -> ScalePoint? {
        points.first { $0.value == value }
    }
}

public struct ScalePoint: Encodable, Sendable, Equatable {
    public var value: Int
    public var label: String
}

public struct Dimension: Encodable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var source: SourceReference?
}

public enum QuestionKind: String, Encodable, Sendable, Equatable, CaseIterable {
    case rating
    /// One option of several.
    case choice
    /// Any number of the options ("a, c", their labels, or "none"); scored as the sum of the
    /// chosen options' scores, capped at 100.
    case multiple
    case yesNo = "yes-no"
    case text
}

public struct Question: Encodable, Sendable, Equatable {
    public var id: String
    /// The question as asked; `{partner}` is replaced by the partner's name.
    public var text: String
    public var kind: QuestionKind
    /// The scale id for rating questions.
    public var scale: String?
    /// The options of a single-choice question.
    public var options: [ChoiceOption]?
    public var dimension: String
    public var weight: Double
    /// Context shown when the respondent types `why`.
    public var why: String
    public var source: SourceReference
    /// Whether "don't know" is accepted (default true).
    public var allowUnknown: Bool?
    /// A rating at or below this value asks an optional follow-up.
    public var followUpAtOrBelow: Int?
    /// Asked only when an earlier answer meets this condition; otherwise the question is
    /// "not asked": neither scored nor a blind spot.
    public var askIf: AskCondition?
    /// Where the seed gives only a heading, what partnercheck reads into it; shown after `why`,
    /// never presented as the seed's words.
    public var interpretation: String?

    public var acceptsUnknown: Bool { allowUnknown ?? true }

    /// Whether answers carry a score. Free text does not, nor does a choice whose options have no
    /// scores (a descriptive question, such as one an `askIf` reads): neither is a blind spot.
    public var isScored: Bool {
        kind != .text && !(hasOptions && (options ?? []).allSatisfy { $0.score == nil })
    }

    /// Choice and multiple questions take options.
    public var hasOptions: Bool { kind == .choice || kind == .multiple }

    public init(id: String, text: String, kind: QuestionKind, scale: String? = nil, options: [ChoiceOption]? = nil,
                dimension: String, weight: Double = 1, why: String, source: SourceReference,
                allowUnknown: Bool? = nil, followUpAtOrBelow: Int? = nil, askIf: AskCondition? = nil,
                interpretation: String? = nil) {
        self.id = id
        self.text = text
        self.kind = kind
        self.scale = scale
        self.options = options
        self.dimension = dimension
        self.weight = weight
        self.why = why
        self.source = source
        self.allowUnknown = allowUnknown
        self.followUpAtOrBelow = followUpAtOrBelow
        self.askIf = askIf
        self.interpretation = interpretation
    }

    public func text(partner: String?) -> String {
        // Most questions have no placeholder: no string search for them (this runs for every answer of every report).
        // (Searched in the contiguous bytes: `utf8.contains` walks String's index one byte at a time.)
        let brace = UInt8(ascii: "{")
        guard text.utf8.withContiguousStorageIfAvailable({ $0.contains(brace) }) ?? text.utf8.contains(brace) else { return text }
        guard let partner else {
            // The generic form: "Both sides of this partnership ...", "This partnership is measured ...".
            return text.replacingEvery("The {partner} partnership", with: "This partnership")
                .replacingEvery("the {partner} partnership", with: "this partnership")
                .replacingEvery("{partner}", with: "this partner")
        }
        return text.replacingEvery("{partner}", with: partner)
    }
}

public struct ChoiceOption: Encodable, Sendable, Equatable {
    /// What the respondent types, e.g. "a".
    public var key: String
    public var label: String
    /// Score 0-100 used by the scoring core.
    public var score: Double?
    /// True when the option is not in the seed's wording but added (see `source`).
    public var added: Bool?
    public var source: SourceReference?
}

public struct Ambition: Encodable, Sendable, Equatable {
    /// The scale the ambition is expressed on.
    public var scale: String
    /// The level assumed when the respondent does not choose one.
    public var `default`: Int
    public var prompt: String
}

/// Score bands on 0-100: at or above `strength` is a strength, below `weak` a weak spot.
public struct Bands: Encodable, Sendable, Equatable {
    public var strength: Double
    public var weak: Double

    public static let standard = Bands(strength: 75, weak: 50)

    public func band(of score: Double) -> Band {
        score >= strength ? .strength : score < weak ? .weak : .developing
    }
}

/// Where a score falls between a questionnaire's bands.
public enum Band: String, Encodable, Sendable, Equatable, CaseIterable, Comparable {
    case weak, developing, strength

    public static func < (a: Band, b: Band) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// How a report names the band: "weak spot", "developing", "strength".
    public var name: String {
        switch self {
        case .weak: "weak spot"
        case .developing: "developing"
        case .strength: "strength"
        }
    }
}

/// A capability journey: two axes with ordered levels, and phases reached level by level.
/// partnercheck's built-in one is Figure 7 of 001 (stakeholder buy-in x ability to execute).
public struct JourneyModel: Encodable, Sendable, Equatable {
    public var title: String
    public var axes: [JourneyAxis]
    /// Phase n is reached when every axis has reached its level n.
    public var phases: [String]
    public var source: SourceReference
}

public struct JourneyAxis: Encodable, Sendable, Equatable {
    public var id: String
    public var title: String
    /// Level names from lowest to highest; the first is where everyone starts.
    public var levels: [String]
}

/// One bar that a question's score must clear for an axis to reach a level (staged: a level
/// also needs every lower level).
public struct JourneyRequirement: Encodable, Sendable, Equatable {
    public var question: String
    public var axis: String
    /// 1-based level of the axis; level 1 needs nothing.
    public var level: Int
    /// The score (0-100) the answer must reach.
    public var atLeast: Double
    /// The bar applies even to a session without this questionnaire (as unanswered): the
    /// evidence the journey cannot be read without, such as how far the capability programme has got.
    public var essential: Bool?

    public var isEssential: Bool { essential ?? false }
}

/// Advice triggered by a score band of a question or a dimension.
public struct RecommendationRule: Encodable, Sendable, Equatable {
    public enum Kind: String, Encodable, Sendable { case action, strength }

    public var id: String
    public var kind: Kind
    public var question: String?
    public var dimension: String?
    /// Fires when the score is below this (0-100)...
    public var below: Double?
    /// ...or at least this...
    public var atLeast: Double?
    /// ...or falls in one of these bands of the questionnaire.
    public var bands: [Band]?
    public var title: String
    /// Drawn from the seed passage it cites.
    public var text: String
    public var source: SourceReference
}

/// A next initiative, following 001's method: prototype, test the assumption with data, iterate.
/// With a dimension it answers a gap in that dimension; without one it is the work of its phase
/// (offered to a company in that phase, e.g. Phase 3's scaling, or with no gap left).
public struct InitiativeTemplate: Encodable, Sendable, Equatable {
    public var id: String
    public var dimension: String?
    public var title: String
    /// Where the seed names a starting point, it is used here.
    public var startingPoint: String?
    public var firstStep: String
    public var assumption: String
    public var evidence: String
    public var metric: String
    /// The journey phase (1-3) this initiative belongs to.
    public var phase: Int
    public var source: SourceReference
}
