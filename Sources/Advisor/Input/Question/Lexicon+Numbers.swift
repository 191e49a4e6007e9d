import Foundation
import RulesEngine

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
