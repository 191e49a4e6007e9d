import Foundation
import Testing
@testable import Advisor
import RulesEngine


/// Writes a parsed node back out (positions dropped).
func writeNode(_ node: JSONNode, _ w: inout JSONWriter) { PJ(node).write(to: &w) }

enum Props {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let rulesDirectory = root + "/Rules"

    /// Every `.json` file under `Rules/`, as (`Rules/<relative path>`, text), sorted by path.
    static let ruleDocuments: [(path: String, text: String)] = {
        let fm = FileManager.default
        var paths: [String] = []
        if let e = fm.enumerator(atPath: rulesDirectory) {
            for case let p as String in e where p.hasSuffix(".json") { paths.append(p) }
        }
        return paths.sorted().map { p in
            ("Rules/" + p, String(decoding: fm.contents(atPath: rulesDirectory + "/" + p) ?? Data(), as: UTF8.self))
        }
    }()

    static let kb: KnowledgeBase = {
        switch KnowledgeBase.load(documents: ruleDocuments) {
        case .success(let kb): return kb
        case .failure(let error): fatalError("the rules under \(rulesDirectory) do not load:\n\(error)")
        }
    }()

    // The profile fields of the README's table, and its carrier ids.
    static let fields = ["id", "carrier", "location", "balance", "japanese", "languages", "hasId", "canLogin", "canReceiveSms",
                         "simType", "keepNumber", "boundServices", "hasBackup", "deadlineDays", "transferToOther"]
    static let carriers = ["docomo", "au", "softbank", "rakuten", "ahamo", "povo", "linemo", "uq-mobile", "ymobile", "iijmio",
                           "mineo", "nihon-tsushin", "his-mobile", "mobal", "sakura-mobile", "b-mobile-visitor", "other"]
    static let booleans: Set = ["hasId", "canLogin", "canReceiveSms", "keepNumber", "boundServices", "hasBackup", "transferToOther"]
    static let enums: [String: [String]] = [
        "location": ["japan", "abroad"],
        "japanese": ["none", "basic", "conversational", "fluent"],
        "simType": ["physical", "esim"],
    ]
    static let languagePool = ["zh", "en", "pt", "ko", "tl", "vi", "ja", "fr", "es", "zh-Hant", "中文", "x,y", "q\"t", "b\\s", "en\nGB"]
    static let idPieces = ["山田", "太郎", "张伟", "用户", "ユーザー", "한국", "\"", ",", "\\", "\n", "\r\n", "\r", "\t", "'", ";", " ",
                           "é", "e\u{301}", "\u{301}", "\u{200D}", "😀", "𠮷", "👨‍👩‍👧", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}",
                           "\u{FEFF}", "a", "Z", "id-", "42", "-", "true", "null", "{", "}", "[", "]", ":", "\"\""]
    static let numbers: [Double] = [0, 0, 0, 1, 3, 5, 7, 8, 14, 30, 100, 300, 500, 999, 1000, 0.5, 7.5, 123.45, 1e9,
                                    999_999_999_999_999, 1e15, 123_456_789_012_345_680, 1e20, 1.7976931348623157e308, Double.leastNonzeroMagnitude]

    /// A carrier as a person might spell it (the reader ignores case, spaces and punctuation).
    static func carrierName(_ r: inout SplitMix64) -> String {
        let id = r.pick(carriers)
        switch r.int(6) {
        case 0: return id.uppercased()
        case 1: return id.replacingOccurrences(of: "-", with: " ").capitalized
        default: return id
        }
    }

    static func number(_ r: inout SplitMix64) -> Double {
        switch r.int(4) {
        case 0: return Double(r.int(100_000))
        case 1: return Double(r.int(10_000_000)) / 1000
        default: return r.pick(numbers)
        }
    }

    /// Whether the CSV reader would type this cell as something other than a string.
    static func csvTypesAsNonString(_ s: String) -> Bool {
        s == "true" || s == "false" || Double(s) != nil
    }

    static func id(_ r: inout SplitMix64, csv: Bool) -> String {
        while true {
            let count = r.int(6) + (csv ? 1 : 0)
            let s = (0..<count).map { _ in r.pick(idPieces) }.joined()
            if csv && (s.isEmpty || csvTypesAsNonString(s)) { continue }
            return s
        }
    }

    static func value(_ field: String, _ r: inout SplitMix64, csv: Bool) -> PJ {
        // null means "unknown" in JSON, as an empty cell does in CSV.
        if r.chance(0.03) { return .null }
        switch field {
        case "id": return .string(id(&r, csv: csv))
        case "carrier": return .string(carrierName(&r))
        case "balance", "deadlineDays": return .number(number(&r))
        case "languages":
            // CSV cannot carry an empty list (an empty cell is unknown).
            let count = r.int(4) + (csv ? 1 : 0)
            return .array((0..<count).map { _ in .string(r.pick(languagePool)) })
        default:
            if let values = enums[field] {
                let v = r.pick(values)
                return .string(r.chance(0.1) ? v.capitalized : v)
            }
            precondition(booleans.contains(field), "no generator for \(field)")
            return .bool(r.chance(0.5))
        }
    }

    /// A random profile: a random subset of the fields, in random order.
    static func profile(_ r: inout SplitMix64, csv: Bool = false) -> PJ {
        let density = r.pick([0.15, 0.5, 0.8, 0.95, 1.0])
        let names = r.shuffled(fields).filter { _ in r.chance(density) }
        return .object(names.map { ($0, value($0, &r, csv: csv)) })
    }

    static func profiles(_ count: Int, seed: UInt64, csv: Bool = false) -> [PJ] {
        var r = SplitMix64(seed: seed)
        return (0..<count).map { _ in profile(&r, csv: csv) }
    }

    static func read(_ json: String) -> Profile? {
        try? ProfileReader(kb).read(text: json, file: "prop.json").get()
    }

    static func outcomeText(_ o: BatchOutcome) -> String {
        switch o {
        case .advice(let json): return withoutLine(json)
        case .rejected(let diagnostics): return "rejected: " + diagnostics.map(\.description).joined(separator: " | ")
        }
    }

    /// A batch record's advice without its `"line":N,` member: the advice object of `ask --json`.
    static func withoutLine(_ json: String) -> String {
        guard let range = json.range(of: #""line":[0-9]+,"#, options: .regularExpression) else { return json }
        return json.replacingCharacters(in: range, with: "")
    }

    static func records(_ jsons: [String]) -> [BatchRecord] {
        jsons.enumerated().map { BatchRecord(line: $0.offset + 1, content: .json(Array($0.element.utf8), column: 1)) }
    }

    /// Expects `a == b` element by element; reports how many differ and the first that does.
    static func expectSame(_ a: [String], _ b: [String], inputs: [String], seed: UInt64, _ what: String,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, "seed 0x\(String(seed, radix: 16)): \(what): \(a.count) vs \(b.count) results", sourceLocation: sourceLocation)
        let differing = (0..<min(a.count, b.count)).filter { a[$0] != b[$0] }
        if let i = differing.first {
            #expect(a[i] == b[i], "seed 0x\(String(seed, radix: 16)): \(what): \(differing.count) differ; first at #\(i), profile \(i < inputs.count ? inputs[i] : "?")",
                    sourceLocation: sourceLocation)
        }
    }

    // MARK: CSV

    static func csvCell(_ s: String, _ r: inout SplitMix64) -> String {
        let special: Set<Unicode.Scalar> = [",", "\"", "\n", "\r"]
        guard s.unicodeScalars.contains(where: { special.contains($0) }) || (!s.isEmpty && r.chance(0.1)) else { return s }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for u in s.unicodeScalars {
            if u == "\"" { out.append("\"") }
            out.append(u)
        }
        out.append("\"")
        return String(out)
    }

    static func csvText(_ v: PJ?) -> String {
        switch v {
        case nil, .null?: return ""
        case .bool(let b)?: return b ? "true" : "false"
        case .number?: return v!.json()
        case .string(let s)?: return s
        case .array(let items)?:
            return items.map { if case .string(let s) = $0 { s } else { "?" } }.joined(separator: ";")
        case .object?: return "?"
        }
    }

    static func csv(_ profiles: [PJ], _ r: inout SplitMix64) -> String {
        let header = r.shuffled(fields)
        var out = header.joined(separator: ",") + "\r\n"
        for p in profiles {
            guard case .object(let members) = p else { continue }
            let cells = header.map { name in csvCell(csvText(members.first { $0.key == name }?.value), &r) }
            out += cells.joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func readAll(_ bytes: [UInt8], _ format: BatchFormat, _ evaluator: BatchEvaluator) -> [String] {
        var reader = BatchReader(bytes: bytes, format: format, name: "in.\(format.rawValue)")
        var out: [String] = []
        while let block = reader.next(4096) { out += evaluator.outcomes(block, file: reader.name).map(outcomeText) }
        return out
    }

    // MARK: Random JSON

    static func scalar(_ r: inout SplitMix64) -> Unicode.Scalar {
        let v: UInt32
        switch r.int(10) {
        case 0: v = UInt32(r.int(0x20))
        case 1: v = r.pick([0x22, 0x5C, 0x2F, 0x20, 0x7F])
        case 2, 3: v = 0x20 + UInt32(r.int(0x5F))
        case 4: v = 0x7F + UInt32(r.int(0x21))
        case 5: v = 0xA0 + UInt32(r.int(0xD800 - 0xA0))
        case 6: v = 0xE000 + UInt32(r.int(0x10000 - 0xE000))
        case 7: v = 0x10000 + UInt32(r.int(0x110000 - 0x10000))
        case 8: v = r.pick([0x2028, 0x2029, 0x301, 0x200D, 0xFE0F, 0xFEFF, 0xFFFE, 0xFFFF, 0x1F600, 0x20BB7, 0x10FFFF, 0xE9])
        default: v = 0x4E00 + UInt32(r.int(0x5200))
        }
        return Unicode.Scalar(v)!
    }

    static func string(_ r: inout SplitMix64) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<r.pick([0, 1, 2, 5, 12, 40]) { s.append(scalar(&r)) }
        return String(s)
    }

    static let edgeNumbers: [Double] = [0, -0.0, 1, -1, 0.1, -0.5, 1e-7, 1e15, -1e15, 999_999_999_999_999, -999_999_999_999_999,
                                        9_007_199_254_740_994, 123_456_789_012_345_680, 9.223372036854776e18, -9.223372036854776e18,
                                        1e300, -1e-300, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, 2.2250738585072014e-308, 1.7976931348623157e308,
                                        -1.7976931348623157e308, 0.30000000000000004, 1.0 / 3]

    static func randomNumber(_ r: inout SplitMix64) -> Double {
        switch r.int(5) {
        case 0: return r.pick(edgeNumbers)
        case 1: return Double(Int64(bitPattern: r.next()) % 2_000_000_000_000_000) // integers up to ±2e15
        case 2: return Double(Int64(bitPattern: r.next()))
        case 3: return Double(Int64(bitPattern: r.next()) % 1_000_000) / r.pick([10, 100, 7, 1_048_576, 1e9] as [Double])
        default:
            while true {
                let d = Double(bitPattern: r.next())
                if d.isFinite { return d }
            }
        }
    }

    static func randomJSON(_ r: inout SplitMix64, depth: Int = 0) -> PJ {
        let kinds = depth >= 5 ? 4 : 7
        switch r.int(kinds) {
        case 0: return .null
        case 1: return .bool(r.chance(0.5))
        case 2: return .number(randomNumber(&r))
        case 3: return .string(string(&r))
        case 4, 5: return .array((0..<r.int(6)).map { _ in randomJSON(&r, depth: depth + 1) })
        default: return .object((0..<r.int(6)).map { _ in (string(&r), randomJSON(&r, depth: depth + 1)) })
        }
    }
}
