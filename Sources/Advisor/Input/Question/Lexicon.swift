import Foundation
import RulesEngine

/// The words of each language that say something about a person or ask something, read from a
/// free-text question by a small pipeline (see ``read(_:fields:)``): normalisation, numbers,
/// tokens, typo tolerance, patterns with gaps, negation with scope, and the assembly of facts
/// and intents. Every word list is data from `Rules/lexicon.json` and `Rules/lexicon/`.
public struct Lexicon: Sendable {
    /// What a pattern says when it is found.
    public enum Meaning: Sendable, Hashable {
        /// A profile value; `negated` is the value a negated mention gives (nil: nothing). A
        /// pattern with no `value` says something only when negated (`can't … log in`).
        case fact(field: String, value: String?, negated: String?)
        /// A question the person asks.
        case intent(String)
        /// Words that say nothing but would otherwise be read as something.
        case ignore
    }

    /// A cue: one or more parts, each a run of tokens, in order, with at most a few tokens
    /// between consecutive parts (written `keep … number`).
    public struct Pattern: Sendable, Hashable {
        public var parts: [[String]]
        public var meaning: Meaning
        /// Names a place or a carrier: a destination word next to it ("flying to Bangkok",
        /// "转到乐天") makes it say nothing about where the person is or what they have.
        public var canBeDestination = false
        var size: Int { parts.reduce(0) { $0 + $1.count } }
    }

    /// Words next to a number that make it a value of a number field.
    public struct NumberCue: Sendable, Hashable {
        public var field: String
        var before: [[Character]]
        var after: [[Character]]
    }

    /// A negation word and where it reaches: the words before it (`not`, `不`) or after it
    /// (Japanese `ない`).
    public struct Negator: Sendable, Hashable {
        public var tokens: [String]
        public var reachesForward: Bool
    }

    /// Fact and ignore patterns, most tokens first.
    public internal(set) var patterns: [Pattern] = []
    public internal(set) var intentPatterns: [Pattern] = []
    public internal(set) var numberCues: [NumberCue] = []
    public internal(set) var negators: [Negator] = []
    /// Words that make a place or carrier next to them a destination (`to`, `转到`; Japanese
    /// `に行く` after it), read like negation words.
    public internal(set) var destinations: [Negator] = []
    /// For a carrier that is a brand of another (ahamo of docomo), the other: a question naming
    /// both ("ahamo … a docomo shop") is about the brand.
    public internal(set) var parentCarriers: [String: String] = [:]
    /// Words next to a number that make it not a value of a field (a fee, an agent's price).
    public internal(set) var numberExclusions: [String: (before: [[Character]], after: [[Character]])] = [:]
    /// Words that end a clause: negation and gaps do not reach across them.
    public internal(set) var clauseBreaks: [[String]] = []
    /// Characters read as another (traditional and variant hanzi as simplified).
    public internal(set) var variants: [Character: Character] = [:]
    /// For each field, the value a negated mention of a value gives (booleans flip by themselves).
    public internal(set) var negatedValues: [String: [String: String]] = [:]
    /// Latin words never corrected as typos (common words that are one letter from a cue word).
    public internal(set) var knownWords: Set<String> = []
    /// The words that answer `yes` and `no` in a consultation, normalised.
    public internal(set) var answerWords: [String: Set<String>] = [:]
    /// The Latin words of all patterns, by length: a word of the question a letter or two away
    /// from one of them is read as it.
    var vocabulary: [Int: [String]] = [:]
    var vocabularySet: Set<String> = []
    var patternsByFirst: [String: [Int]] = [:]
    var intentsByFirst: [String: [Int]] = [:]

    public init() {}

    /// The longest question read, in characters; reading costs time in proportion to the
    /// length, and `read` looks at no more than this.
    public static let maximumQuestionCharacters = 2_000
    /// How many tokens may stand between two parts of a pattern: Latin words, or characters of
    /// Chinese and Japanese.
    static let latinGap = 4, cjkGap = 8
    /// How far a negation reaches, in tokens.
    static let latinReach = 4, cjkReach = 3

    /// Adds a pattern written as text (`"keep … number"`).
    mutating func add(_ text: String, _ meaning: Meaning, canBeDestination: Bool = false) {
        let parts = text.components(separatedBy: "…").map { tokenize(normalise($0).chars).map(\.text) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return }
        let pattern = Pattern(parts: parts, meaning: meaning, canBeDestination: canBeDestination)
        if case .intent = meaning { intentPatterns.append(pattern) } else { patterns.append(pattern) }
    }

    mutating func addNegator(_ text: String, forward: Bool) {
        let tokens = tokenize(normalise(text).chars).map(\.text)
        if !tokens.isEmpty { negators.append(Negator(tokens: tokens, reachesForward: forward)) }
    }

    mutating func addDestination(_ text: String, forward: Bool) {
        let tokens = tokenize(normalise(text).chars).map(\.text)
        if !tokens.isEmpty { destinations.append(Negator(tokens: tokens, reachesForward: forward)) }
    }

    mutating func addClauseBreak(_ text: String) {
        let tokens = tokenize(normalise(text).chars).map(\.text)
        if !tokens.isEmpty { clauseBreaks.append(tokens) }
    }

    /// Orders the patterns most specific first and indexes them by their first token.
    mutating func sort() {
        func order(_ a: Pattern, _ b: Pattern) -> Bool {
            a.size != b.size ? a.size > b.size : a.parts.count < b.parts.count
        }
        patterns.sort(by: order)
        intentPatterns.sort(by: order)
        patternsByFirst = [:]
        intentsByFirst = [:]
        for (i, p) in patterns.enumerated() { patternsByFirst[p.parts[0][0], default: []].append(i) }
        for (i, p) in intentPatterns.enumerated() { intentsByFirst[p.parts[0][0], default: []].append(i) }
        var words = Set<String>()
        for p in patterns + intentPatterns {
            for part in p.parts { for t in part where Self.isLatinWord(t) { words.insert(t) } }
        }
        for n in negators { for t in n.tokens where Self.isLatinWord(t) { words.insert(t) } }
        vocabularySet = words
        vocabulary = Dictionary(grouping: words.filter { $0.count >= 4 }, by: \.count).mapValues { $0.sorted() }
    }
}
