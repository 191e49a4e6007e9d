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

// MARK: - Stage 1: normalisation

extension Lexicon {
    /// Punctuation of the three scripts read as its ASCII form.
    static let punctuation: [Character: Character] = [
        "、": ",", "。": ".", "’": "'", "‘": "'", "“": "\"", "”": "\"", "「": "\"", "」": "\"",
        "『": "\"", "』": "\"", "・": " ", "〜": "~", "～": "~", "…": " ", "　": " ",
    ]

    /// Normalises text for matching: Unicode NFKC (full-width letters and digits, half-width
    /// kana), lowercase, the punctuation of each script as ASCII, variant characters as their
    /// common form, and runs of spaces as one. `origins[i]` is the index of the character of
    /// `text` that `chars[i]` came from.
    func normalise(_ text: String) -> (chars: [Character], origins: [Int]) {
        var chars: [Character] = []
        var origins: [Int] = []
        for (k, c) in text.enumerated() {
            for var d in String(c).precomposedStringWithCompatibilityMapping.lowercased() {
                d = Self.punctuation[d] ?? variants[d] ?? d
                if d.isWhitespace {
                    if chars.isEmpty || chars.last == " " { continue }
                    d = " "
                }
                chars.append(d)
                origins.append(k)
            }
        }
        return (chars, origins)
    }

    /// Chinese characters, kana and hangul: each is a token of its own.
    static func isCJK(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x3040...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xAC00...0xD7AF).contains(v) || (0x31F0...0x31FF).contains(v) || v == 0x3005
    }

    static func isWordCharacter(_ c: Character) -> Bool {
        (c.isLetter && !isCJK(c)) || (c.isASCII && c.isNumber)
    }

    static func isLatinWord(_ token: String) -> Bool {
        guard let c = token.first else { return false }
        return isWordCharacter(c)
    }
}

// MARK: - Stage 2: tokens

/// A token of a question: a Latin word, one Chinese or Japanese character, a number, a symbol,
/// or a clause break; with the span of the normalised text it covers.
struct _Token: Hashable {
    enum Kind: Hashable { case word, cjk, number, symbol, clauseBreak }
    var text: String
    var kind: Kind
    /// The span in the normalised characters, end exclusive.
    var start: Int
    var end: Int
}

extension Lexicon {
    /// Splits normalised text into tokens. A Latin word is a run of letters, digits and inner
    /// apostrophes; `.` and `!` inside a word (`povo2.0`, `y!mobile`) are symbols, elsewhere they
    /// end a clause like `,` `;` `:` `?`; `numbers` are spans already read as numbers.
    func tokenize(_ chars: [Character], numbers: [(start: Int, end: Int, value: Double)] = []) -> [_Token] {
        var tokens: [_Token] = []
        var i = 0
        var n = 0
        while i < chars.count {
            if n < numbers.count, numbers[n].start == i {
                tokens.append(_Token(text: Value.number(numbers[n].value).description, kind: .number, start: i, end: numbers[n].end))
                i = numbers[n].end
                n += 1
                continue
            }
            let c = chars[i]
            if Self.isWordCharacter(c) {
                var j = i
                while j < chars.count, Self.isWordCharacter(chars[j]) || (chars[j] == "'" && j + 1 < chars.count && Self.isWordCharacter(chars[j + 1]) && j > i) {
                    if n < numbers.count, numbers[n].start == j { break }
                    j += 1
                }
                tokens.append(_Token(text: String(chars[i..<j]), kind: .word, start: i, end: j))
                i = j
            } else if Self.isCJK(c) || c == "ー" {
                tokens.append(_Token(text: String(c), kind: .cjk, start: i, end: i + 1))
                i += 1
            } else if ",;:?".contains(c) || ((c == "." || c == "!") && !(i + 1 < chars.count && Self.isWordCharacter(chars[i + 1]) && i > 0 && Self.isWordCharacter(chars[i - 1]))) || c == "\n" {
                tokens.append(_Token(text: String(c), kind: .clauseBreak, start: i, end: i + 1))
                i += 1
            } else if c.isWhitespace || "\"()[]{}<>".contains(c) {
                i += 1
            } else {
                tokens.append(_Token(text: String(c), kind: .symbol, start: i, end: i + 1))
                i += 1
            }
        }
        return tokens
    }
}

// MARK: - Stage 3: typo tolerance

extension Lexicon {
    /// The cue word a word of the question was meant to be: itself when it is a cue word or a
    /// known word; else the one cue word within 1 edit (words of 4+ letters) or 2 edits (8+),
    /// counting a swap of neighbours as one; nil when none or several are that close.
    func correction(of word: String) -> String? {
        let length = word.count
        guard length >= 4, !vocabularySet.contains(word), !knownWords.contains(word),
              !word.allSatisfy({ $0.isNumber }) else { return nil }
        let limit = length >= 8 ? 2 : 1
        var best: (word: String, distance: Int)?
        var tie = false
        let letters = Array(word)
        for l in (length - limit)...(length + limit) {
            for candidate in vocabulary[l] ?? [] {
                let d = Self.editDistance(letters, Array(candidate), limit: limit)
                guard d <= limit else { continue }
                if best == nil || d < best!.distance { best = (candidate, d); tie = false }
                else if d == best!.distance && candidate != best!.word { tie = true }
            }
        }
        return tie ? nil : best?.word
    }

    /// Optimal string alignment distance (insertions, deletions, substitutions and swaps of
    /// neighbours), stopping early once it exceeds `limit`.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
                current[j] = v
                rowMinimum = min(rowMinimum, v)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

// MARK: - Stage 4: numbers

extension Lexicon {
    static let chineseDigits: [Character: Double] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let chineseUnits: [Character: Double] = ["十": 10, "百": 100, "千": 1000, "万": 10000]

    /// Reads the number that starts at `i`, in any of the forms people type: `500`, `1,000`,
    /// `1.5`, `1k`, `1千`, `1.5万`, `八百`, `两千三百`, `三千`, `一万五`, `千`. Returns its value and
    /// the index after it, or nil.
    static func number(in chars: [Character], at i: Int) -> (value: Double, end: Int)? {
        var j = i
        var total = 0.0, section = 0.0
        var current: Double?
        var lastUnit = 1.0
        var sawAny = false
        var afterUnit = false
        while j < chars.count {
            let c = chars[j]
            if c.isASCII, c.isNumber {
                guard current == nil else { break }
                var digits = ""
                var k = j
                while k < chars.count {
                    if chars[k].isASCII && chars[k].isNumber { digits.append(chars[k]); k += 1; continue }
                    // A thousands comma: followed by exactly three digits.
                    if chars[k] == ",", k + 4 <= chars.count,
                       chars[(k + 1)..<(k + 4)].allSatisfy({ $0.isASCII && $0.isNumber }),
                       k + 4 == chars.count || !(chars[k + 4].isASCII && chars[k + 4].isNumber) {
                        k += 1
                        continue
                    }
                    if chars[k] == ".", !digits.contains("."), k + 1 < chars.count, chars[k + 1].isASCII, chars[k + 1].isNumber {
                        digits.append("."); k += 1; continue
                    }
                    break
                }
                guard let v = Double(digits) else { break }
                current = v
                j = k
                sawAny = true
                afterUnit = false
                // `1k`, `3k yen`: thousands, unless a word goes on (`1kg` is not read).
                if j < chars.count, chars[j] == "k", j + 1 == chars.count || !(chars[j + 1].isLetter && !isCJK(chars[j + 1])) {
                    current = v * 1000
                    j += 1
                    break
                }
            } else if let d = chineseDigits[c] {
                current = (current ?? 0) * (afterUnit ? 1 : 10) + d
                if afterUnit { current = d }
                afterUnit = false
                sawAny = true
                if d == 0 { lastUnit = 1 }
                j += 1
            } else if let unit = chineseUnits[c] {
                if unit == 10000 {
                    total += (section + (current ?? (section == 0 ? 1 : 0))) * unit
                    section = 0
                } else {
                    section += (current ?? 1) * unit
                }
                current = nil
                lastUnit = unit
                afterUnit = true
                sawAny = true
                j += 1
            } else {
                break
            }
        }
        guard sawAny, j > i else { return nil }
        var value = total + section
        if let c = current {
            // `一万五` is 15,000 and `两千五` 2,500: a last digit right after a unit counts in the
            // unit below it.
            value += lastUnit >= 100 && c < 10 && j - 1 > i && chineseUnits[chars[j - 2]] != nil ? c * lastUnit / 10 : c
        }
        return (value, j)
    }

    /// The numbers that belong to a number field: one of its `after` words follows the number
    /// or one of its `before` words precedes it (spaces skipped). A number two fields claim is
    /// left out, and so is one no field claims (`一下` stays words).
    func numbers(_ text: [Character]) -> [(start: Int, end: Int, value: Double, field: String)] {
        var out: [(start: Int, end: Int, value: Double, field: String)] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            let startsNumber = (c.isASCII && c.isNumber) || Self.chineseDigits[c] != nil || Self.chineseUnits[c] != nil
            guard startsNumber, i == 0 || !(text[i - 1].isASCII && (text[i - 1].isLetter || text[i - 1].isNumber)),
                  let (value, end) = Self.number(in: text, at: i) else { i += 1; continue }
            // A number inside a word (`povo2`) is not a quantity.
            if end < text.count, text[end].isASCII, text[end].isLetter, !cueStarts(text, end) { i = end; continue }
            let fields = numberCues.filter { cue in
                cue.after.contains { Self.starts(text, Self.skipSpace(text, end, forward: true), $0) }
                    || cue.before.contains { Self.ends(text, Self.skipSpace(text, i - 1, forward: false), $0) }
            }.map(\.field)
            let excluded = fields.count == 1 && (numberExclusions[fields[0]].map { ex in
                ex.after.contains { Self.starts(text, Self.skipSpace(text, end, forward: true), $0) || Self.startsSoon(text, end, $0) }
                    || ex.before.contains { Self.endsSoon(text, i - 1, $0) }
            } ?? false)
            if fields.count == 1, !excluded { out.append((i, end, value, fields[0])) }
            i = max(end, i + 1)
        }
        return out
    }

    /// Whether `word` ends within a few characters before index `i` (inclusive).
    static func endsSoon(_ text: [Character], _ i: Int, _ word: [Character]) -> Bool {
        (0...4).contains { ends(text, i - $0, word) }
    }

    /// Whether `word` starts within a few characters after index `j`, past the number's unit.
    static func startsSoon(_ text: [Character], _ j: Int, _ word: [Character]) -> Bool {
        (0...4).contains { starts(text, j + $0, word) }
    }

    func cueStarts(_ text: [Character], _ j: Int) -> Bool {
        numberCues.contains { cue in cue.after.contains { Self.starts(text, j, $0) } }
    }

    static func skipSpace(_ text: [Character], _ i: Int, forward: Bool) -> Int {
        var k = i
        while k >= 0 && k < text.count && text[k].isWhitespace { k += forward ? 1 : -1 }
        return k
    }

    static func starts(_ text: [Character], _ i: Int, _ word: [Character]) -> Bool {
        i >= 0 && i + word.count <= text.count && text[i..<i + word.count].elementsEqual(word)
    }

    /// Whether the text ending at index `i` (inclusive) ends with `word`.
    static func ends(_ text: [Character], _ i: Int, _ word: [Character]) -> Bool {
        i + 1 - word.count >= 0 && i < text.count && text[(i + 1 - word.count)...i].elementsEqual(word)
    }
}

// MARK: - Stages 5 and 6: patterns with gaps, negation with scope

/// A pattern found in a question: which pattern and the tokens its parts matched.
struct _Match {
    var pattern: Int
    var tokens: [Int]
    var first: Int { tokens[0] }
    var last: Int { tokens[tokens.count - 1] }
}

extension Lexicon {
    static func gap(for token: _Token) -> Int { token.kind == .cjk ? cjkGap : latinGap }

    /// Finds the patterns in the tokens, most specific first; a token matched once is not
    /// matched again (`不想保留号码` wins over the `保留号码` inside it), but the tokens between the
    /// parts of a pattern stay free (`keep my au number` also gives the carrier).
    func match(_ tokens: [_Token], _ patterns: [Pattern], _ index: [String: [Int]], breaks: [Bool]) -> [_Match] {
        var candidates: [(pattern: Int, at: Int)] = []
        for (p, t) in tokens.enumerated() {
            for pattern in index[t.text] ?? [] { candidates.append((pattern, p)) }
        }
        candidates.sort { $0.pattern != $1.pattern ? $0.pattern < $1.pattern : $0.at < $1.at }
        var claimed = [Bool](repeating: false, count: tokens.count)
        var found: [_Match] = []
        func run(_ part: [String], at p: Int) -> Bool {
            guard p + part.count <= tokens.count else { return false }
            for (k, word) in part.enumerated() where claimed[p + k] || tokens[p + k].text != word { return false }
            return true
        }
        for (pattern, at) in candidates {
            let parts = patterns[pattern].parts
            guard run(parts[0], at: at) else { continue }
            var matched = Array(at..<at + parts[0].count)
            var ok = true
            for part in parts.dropFirst() {
                var q = matched.last! + 1
                var skipped = 0
                var placed = false
                while q < tokens.count, !breaks[q], skipped <= Self.gap(for: tokens[q]) {
                    if run(part, at: q) { matched += Array(q..<q + part.count); placed = true; break }
                    skipped += 1
                    q += 1
                }
                if !placed { ok = false; break }
            }
            guard ok else { continue }
            for t in matched { claimed[t] = true }
            found.append(_Match(pattern: pattern, tokens: matched))
        }
        return found
    }

    /// Which tokens end a clause: punctuation and the clause-break words.
    func clauseBreakMarks(_ tokens: [_Token]) -> [Bool] {
        var marks = tokens.map { $0.kind == .clauseBreak }
        for p in tokens.indices {
            for b in clauseBreaks where p + b.count <= tokens.count && zip(b, tokens[p..<p + b.count]).allSatisfy({ $0 == $1.text }) {
                for k in p..<p + b.count { marks[k] = true }
            }
        }
        return marks
    }

    /// Whether a match is negated: a negation word (not itself part of another match) in a gap
    /// between its parts, shortly before it (`not`, `不`), or shortly after it (`ない`), in the
    /// same clause. Returns the span of tokens from the match and its negation, or nil.
    func negation(of m: _Match, _ tokens: [_Token], breaks: [Bool], claimed: [Bool], by negators: [Negator]? = nil) -> ClosedRange<Int>? {
        let negators = negators ?? self.negators
        // Destination words count even where another pattern uses them ("号码转到乐天").
        let claimed = negators.isEmpty || negators == self.negators ? claimed : [Bool](repeating: false, count: claimed.count)
        let own = Set(m.tokens)
        // A pattern that says its own negation ("not in japan") is not negated again.
        if negators.contains(where: { n in m.tokens.indices.contains { i in
            i + n.tokens.count <= m.tokens.count && (0..<n.tokens.count).allSatisfy { tokens[m.tokens[i + $0]].text == n.tokens[$0] } } }) { return nil }
        func found(_ n: Negator, at s: Int) -> Bool {
            s >= 0 && s + n.tokens.count <= tokens.count
                && (0..<n.tokens.count).allSatisfy { k in tokens[s + k].text == n.tokens[k] && !claimed[s + k] && !own.contains(s + k) }
        }
        func reach(_ p: Int) -> Int { tokens[p].kind == .cjk ? Self.cjkReach : Self.latinReach }
        // Inside the gaps.
        for p in m.first...m.last where !own.contains(p) && negators.contains(where: { found($0, at: p) }) { return m.first...m.last }
        // Before: a negation ending within reach.
        var p = m.first - 1
        var steps = 0
        while p >= 0, !breaks[p], steps < reach(p) {
            if let n = negators.first(where: { !$0.reachesForward && found($0, at: p - $0.tokens.count + 1) }) { return (p - n.tokens.count + 1)...m.last }
            p -= 1
            steps += 1
        }
        // After: a negation starting within reach (Japanese puts it after the verb).
        p = m.last + 1
        steps = 0
        while p < tokens.count, !breaks[p], steps < reach(p) {
            if let n = negators.first(where: { $0.reachesForward && found($0, at: p) }) { return m.first...(p + n.tokens.count - 1) }
            p += 1
            steps += 1
        }
        return nil
    }
}

// MARK: - The pipeline

/// What a free-text question says: the profile values found with the words they came from, the
/// fields it contradicts itself on, and the questions it asks.
public struct Understanding: Sendable {
    /// A value found, with the words as they were written.
    public struct Finding: Sendable, Hashable {
        public var field: String
        public var value: Value
        public var phrases: [String]
    }

    /// A field the question gives two or more values for; it stays unknown.
    public struct Contradiction: Sendable, Hashable {
        public var field: String
        public var values: [Value]
        public var phrases: [String]
    }

    /// A question the person asks, with the words that asked it.
    public struct Intent: Sendable, Hashable {
        public var id: String
        public var phrases: [String]
    }

    /// The language the question is written in: Japanese if it has kana, Chinese if it has
    /// Chinese characters and no kana, else English.
    public var language: Language
    public var findings: [Finding]
    public var contradictions: [Contradiction]
    public var intents: [Intent]

    /// Fields the question gave contradictory values for; they stay unknown.
    public var ambiguous: [String] { contradictions.map(\.field) }

    /// Whether the question says nothing the advice can use.
    public var isEmpty: Bool { findings.isEmpty && intents.isEmpty && contradictions.isEmpty }

    /// The profile the question describes.
    public var profile: Profile {
        var p = Profile()
        for f in findings { p.values.append((f.field, f.value)) }
        return p
    }
}

extension Lexicon {
    /// Reads a question through the pipeline and turns what it finds into profile values of
    /// `fields` and intents. At most ``maximumQuestionCharacters`` characters are read.
    public func read(_ question: String, fields: [KnowledgeBase.ProfileField]) -> Understanding {
        let original = Array(question.prefix(Self.maximumQuestionCharacters))
        let (chars, origins) = normalise(String(original))
        let numbers = self.numbers(chars)
        var tokens = tokenize(chars, numbers: numbers.map { ($0.start, $0.end, $0.value) })
        for i in tokens.indices where tokens[i].kind == .word {
            if let word = correction(of: tokens[i].text) { tokens[i].text = word }
        }
        let breaks = clauseBreakMarks(tokens)
        func words(_ from: Int, _ to: Int) -> String {
            let a = origins[tokens[from].start], b = origins[tokens[to].end - 1]
            return String(original[a...b])
        }

        var found: [String: [(value: String, phrase: String)]] = [:]
        for n in numbers {
            guard let t = tokens.firstIndex(where: { $0.kind == .number && $0.start == n.start }) else { continue }
            found[n.field, default: []].append((Value.number(n.value).description, words(t, t)))
        }
        let matches = match(tokens, patterns, patternsByFirst, breaks: breaks)
        var claimed = [Bool](repeating: false, count: tokens.count)
        for m in matches { for t in m.tokens { claimed[t] = true } }
        for m in matches {
            guard case .fact(let field, let value, let negatedValue) = patterns[m.pattern].meaning else { continue }
            if patterns[m.pattern].canBeDestination, negation(of: m, tokens, breaks: breaks, claimed: claimed, by: destinations) != nil { continue }
            let negated = negation(of: m, tokens, breaks: breaks, claimed: claimed)
            guard let v = negated != nil ? negatedValue : value else { continue }
            let span = negated ?? m.first...m.last
            found[field, default: []].append((v, words(span.lowerBound, span.upperBound)))
        }

        var intents: [Understanding.Intent] = []
        for m in match(tokens, intentPatterns, intentsByFirst, breaks: breaks) {
            guard case .intent(let id) = intentPatterns[m.pattern].meaning else { continue }
            if let i = intents.firstIndex(where: { $0.id == id }) { intents[i].phrases.append(words(m.first, m.last)) }
            else { intents.append(.init(id: id, phrases: [words(m.first, m.last)])) }
        }
        intents.sort { $0.id < $1.id }

        var findings: [Understanding.Finding] = []
        var contradictions: [Understanding.Contradiction] = []
        for field in fields {
            guard let hits = found[field.name] else { continue }
            var values = hits.map(\.value).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let phrases = hits.map(\.phrase)
            func typed(_ s: String) -> Value? {
                switch field.type {
                case .number: Double(s).map { .number($0) }
                case .bool: .bool(s == "true")
                case .list: .list([s])
                case .string, .enumeration: .string(s)
                }
            }
            if field.name == Profile.carrierField, values.count == 2 {
                if parentCarriers[values[0]] == values[1] { values = [values[0]] } else if parentCarriers[values[1]] == values[0] { values = [values[1]] }
            }
            if field.type == .list {
                findings.append(.init(field: field.name, value: .list(values.sorted()), phrases: phrases))
            } else if values.count == 1, let v = typed(values[0]) {
                findings.append(.init(field: field.name, value: v, phrases: phrases))
            } else {
                contradictions.append(.init(field: field.name, values: values.compactMap(typed), phrases: phrases))
            }
        }
        return Understanding(language: Self.language(of: question), findings: findings, contradictions: contradictions, intents: intents)
    }

    static func language(of text: String) -> Language {
        var han = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3040...0x30FF, 0xFF66...0xFF9F: return .ja
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: han += 1
            default: break
            }
        }
        return han > 0 ? .zhHans : .en
    }
}

extension Understanding {
    /// What was understood, one item per field, in the person's language (see
    /// ``KnowledgeBase/label(_:_:_:)``).
    public func summary(_ kb: KnowledgeBase, _ language: Language) -> [String] {
        findings.map { kb.label($0.field, $0.value, language) }
    }
}
