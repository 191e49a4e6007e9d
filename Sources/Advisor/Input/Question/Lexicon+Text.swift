import Foundation
import RulesEngine

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
        func append(_ c: Character, from k: Int) {
            var d = Self.punctuation[c] ?? variants[c] ?? c
            if d.isWhitespace {
                if chars.isEmpty || chars.last == " " { return }
                d = " "
            }
            chars.append(d)
            origins.append(k)
        }
        for (k, c) in text.enumerated() {
            if let same = Self.mappedAlone(c) {
                append(same, from: k)
            } else {
                for d in String(c).precomposedStringWithCompatibilityMapping.lowercased() { append(d, from: k) }
            }
        }
        return (chars, origins)
    }

    /// What NFKC and lowercasing make of `c`, found without them where that is plain: ASCII
    /// (only capitals change), and the unified ideographs, hiragana and katakana (which stay),
    /// each as one scalar; nil for any other character. (The mapping costs more than all the
    /// rest of reading the lexicon.)
    static func mappedAlone(_ c: Character) -> Character? {
        let scalars = c.unicodeScalars
        guard scalars.count == 1, let v = scalars.first?.value else { return nil }
        if v < 0x80 { return (0x41...0x5A).contains(v) ? Character(Unicode.Scalar(UInt8(v + 0x20))) : c }
        return (0x4E00...0x9FFF).contains(v) || (0x3041...0x3096).contains(v) || (0x30A1...0x30FA).contains(v) ? c : nil
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
