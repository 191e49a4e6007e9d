import Foundation
import RulesEngine

/// The words of each language that name a profile field's values, used to read a question
/// written in free text.
public struct Lexicon: Sendable {
    /// One phrase that, found in a question, gives a field a value.
    public struct Entry: Sendable, Hashable {
        /// The field, or the empty string for a phrase to ignore (matched so that its words
        /// give nothing).
        public var field: String
        /// The value as the profile would give it: a carrier id, an enum value, "true"/"false",
        /// or one language code of a list.
        public var value: String
        /// The phrase, normalised (NFKC, lowercase), as a list of characters.
        var characters: [Character]
        /// ASCII-only phrases match only where no ASCII letter touches them.
        var needsWordBoundary: Bool
    }

    /// Words next to a number that make it a value of a number field.
    public struct NumberCue: Sendable, Hashable {
        public var field: String
        var before: [[Character]]
        var after: [[Character]]
    }

    /// The phrases, longest first.
    public internal(set) var entries: [Entry] = []
    public internal(set) var numberCues: [NumberCue] = []
    /// A small number for each character of any phrase, so matching compares integers.
    var codes: [Character: Int32] = [:]
    /// Per entry, its phrase as codes.
    var entryCodes: [[Int32]] = []
    /// The entries whose phrase starts with a code, in entry order.
    var entriesByFirst: [Int32: [Int]] = [:]

    public init() {}

    /// The longest question read, in characters; reading costs time in proportion to the
    /// length, and `read` looks at no more than this.
    public static let maximumQuestionCharacters = 2_000

    /// Normalises text for matching: NFKC (full-width letters and digits become ASCII) and lowercase.
    static func normalise(_ text: String) -> [Character] {
        Array(text.precomposedStringWithCompatibilityMapping.lowercased())
    }

    mutating func add(field: String, value: String, phrase: String) {
        let characters = Self.normalise(phrase)
        guard !characters.isEmpty else { return }
        entries.append(Entry(field: field, value: value, characters: characters,
                             needsWordBoundary: characters.allSatisfy { $0.isASCII }))
    }

    /// Orders the phrases longest first and indexes them by their first character.
    mutating func sort() {
        entries.sort { a, b in a.characters.count != b.characters.count ? a.characters.count > b.characters.count : (a.field, a.value) < (b.field, b.value) }
        codes = [:]
        entryCodes = entries.map { e in e.characters.map { c in codes[c] ?? { let n = Int32(codes.count); codes[c] = n; return n }() } }
        entriesByFirst = [:]
        for (i, c) in entryCodes.enumerated() { entriesByFirst[c[0], default: []].append(i) }
    }
}

/// What a free-text question says: the profile values found, with the phrases that gave them.
public struct Understanding: Sendable {
    /// A value found, with the phrase as it was written.
    public struct Finding: Sendable, Hashable {
        public var field: String
        public var value: Value
        public var phrases: [String]
    }

    /// The language the question is written in: Japanese if it has kana, Chinese if it has
    /// Chinese characters and no kana, else English.
    public var language: Language
    public var findings: [Finding]
    /// Fields the question gave contradictory values for; they stay unknown.
    public var ambiguous: [String]

    /// The profile the question describes.
    public var profile: Profile {
        var p = Profile()
        for f in findings {
            p.values.append((f.field, f.value))
            if f.field == "carrier", case .string(let id) = f.value { p.carrier = id }
        }
        return p
    }
}

extension Lexicon {
    /// Reads a question: finds every phrase (longest first, each part of the question used
    /// once) and every number with a cue, and turns them into profile values of `fields`.
    public func read(_ question: String, fields: [KnowledgeBase.ProfileField]) -> Understanding {
        let text = Self.normalise(String(question.prefix(Self.maximumQuestionCharacters)))
        // Characters no phrase has get -1: they match nothing.
        let coded = text.map { codes[$0] ?? -1 }
        var claimed = [Bool](repeating: false, count: text.count)
        var found: [String: [(value: String, phrase: String)]] = [:]
        // Only the entries whose first character occurs in the question can match; taken in
        // entry order (longest first), each scanning the question left to right, a match
        // claiming its characters so that shorter phrases cannot reuse them.
        var positions: [Int32: [Int]] = [:]
        for (i, c) in coded.enumerated() where c >= 0 { positions[c, default: []].append(i) }
        var candidates: [Int] = []
        for c in positions.keys { candidates += entriesByFirst[c] ?? [] }
        candidates.sort()
        for e in candidates {
            let phrase = entryCodes[e]
            let n = phrase.count
            guard n <= text.count else { continue }
            var next = 0
            for i in positions[phrase[0]]! where i >= next && i + n <= text.count {
                if !claimed[i] && coded[i..<i + n].elementsEqual(phrase)
                    && !claimed[i..<i + n].contains(true)
                    && (!entries[e].needsWordBoundary || (Self.isBoundary(text, i - 1) && Self.isBoundary(text, i + n))) {
                    for k in i..<i + n { claimed[k] = true }
                    found[entries[e].field, default: []].append((entries[e].value, String(text[i..<i + n])))
                    next = i + n
                }
            }
        }
        for (field, value, phrase) in numbers(text, claimed) { found[field, default: []].append((value, phrase)) }

        var findings: [Understanding.Finding] = []
        var ambiguous: [String] = []
        for field in fields {
            guard let hits = found[field.name] else { continue }
            let values = hits.map(\.value).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let phrases = hits.map(\.phrase)
            switch field.type {
            case .list:
                findings.append(.init(field: field.name, value: .list(values.sorted()), phrases: phrases))
            case .number:
                guard values.count == 1, let n = Double(values[0]) else { ambiguous.append(field.name); continue }
                findings.append(.init(field: field.name, value: .number(n), phrases: phrases))
            case .bool:
                guard values.count == 1 else { ambiguous.append(field.name); continue }
                findings.append(.init(field: field.name, value: .bool(values[0] == "true"), phrases: phrases))
            case .string, .enumeration:
                guard values.count == 1 else { ambiguous.append(field.name); continue }
                findings.append(.init(field: field.name, value: .string(values[0]), phrases: phrases))
            }
        }
        return Understanding(language: Self.language(of: question), findings: findings, ambiguous: ambiguous)
    }

    /// Whether the character at `i` cannot continue an ASCII word (digits can: "povo2.0").
    static func isBoundary(_ text: [Character], _ i: Int) -> Bool {
        guard i >= 0 && i < text.count else { return true }
        let c = text[i]
        return !(c.isASCII && c.isLetter)
    }

    /// Numbers next to a cue: `(field, value, phrase)`; a number two fields claim is skipped.
    func numbers(_ text: [Character], _ claimed: [Bool]) -> [(String, String, String)] {
        var out: [(String, String, String)] = []
        var i = 0
        while i < text.count {
            guard text[i].isASCII, text[i].isNumber, !claimed[i], i == 0 || !(text[i - 1].isASCII && (text[i - 1].isLetter || text[i - 1].isNumber)) else { i += 1; continue }
            var j = i
            var digits = ""
            while j < text.count, (text[j].isASCII && text[j].isNumber) || (text[j] == "," && j + 1 < text.count && text[j + 1].isNumber) {
                if text[j] != "," { digits.append(text[j]) }
                j += 1
            }
            if j < text.count, text[j].isASCII, text[j].isLetter, !cueStarts(text, j) { i = j; continue }
            let fields = numberCues.filter { cue in
                cue.after.contains { Self.starts(text, Self.skipSpace(text, j, forward: true), $0) }
                    || cue.before.contains { Self.ends(text, Self.skipSpace(text, i - 1, forward: false), $0) }
            }.map(\.field)
            if fields.count == 1, let field = fields.first { out.append((field, digits, String(text[i..<j]))) }
            i = j
        }
        return out
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

    static func language(of text: String) -> Language {
        var han = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3040...0x30FF: return .ja
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
