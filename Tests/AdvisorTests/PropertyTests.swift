import Foundation
import Testing
@testable import Advisor
import RulesEngine

// Property tests over seeded random profiles and JSON values. Every generator is driven by
// SplitMix64 with a fixed seed (printed in every failure, with the failing input), so a failure
// repeats exactly.

// MARK: - Support

/// SplitMix64: a small, fast, deterministic generator (the same sequence on every platform).
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n (n > 0).
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(UInt64(1) << 53) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// Fisher–Yates, so the order depends only on the seed (not on the standard library).
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, int(i + 1)) }
    }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var copy = items
        shuffle(&copy)
        return copy
    }
}

/// A JSON value without positions, with members in order (duplicates allowed).
private indirect enum PJ {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([PJ])
    case object([(key: String, value: PJ)])

    init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(PJ.init))
        case .object(let members): self = .object(members.map { ($0.key, PJ($0.value)) })
        }
    }

    /// Structural equality; strings compare by their Unicode scalars (not by canonical
    /// equivalence, which `String.==` uses), numbers by value.
    static func same(_ a: PJ, _ b: PJ) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key.unicodeScalars.elementsEqual($1.key.unicodeScalars) && same($0.value, $1.value) }
        default: return false
        }
    }

    func write(to w: inout JSONWriter) {
        switch self {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .number(let n): w.number(n)
        case .string(let s): w.string(s)
        case .array(let items):
            w.beginArray()
            for item in items { item.write(to: &w) }
            w.endArray()
        case .object(let members):
            w.beginObject()
            for m in members { w.key(m.key); m.value.write(to: &w) }
            w.endObject()
        }
    }

    func json(pretty: Bool = false) -> String {
        var w = JSONWriter(pretty: pretty)
        write(to: &w)
        return w.output
    }
}

/// Writes a parsed node back out (positions dropped).
private func writeNode(_ node: JSONNode, _ w: inout JSONWriter) { PJ(node).write(to: &w) }

private enum Props {
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
        case .advice(let json): return json
        case .rejected(let diagnostics): return "rejected: " + diagnostics.map(\.description).joined(separator: " | ")
        }
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
        while let block = reader.next(4096) { out += evaluator.evaluate(block).map(outcomeText) }
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

// MARK: - Properties

@Suite struct PropertyTests {
    let kb = Props.kb

    /// The generators cover the README's contract: every profile field and every carrier.
    @Test func generatorsCoverEveryProfileFieldAndCarrier() {
        #expect(Set(ProfileReader(kb).fieldNames) == Set(Props.fields))
        #expect(Set(kb.carrierIDs) == Set(Props.carriers))
        for field in kb.profileFields {
            switch field.type {
            case .bool: #expect(Props.booleans.contains(field.name), "\(field.name)")
            case .enumeration(let values): #expect(Props.enums[field.name].map(Set.init) == Set(values), "\(field.name)")
            case .number: #expect(["balance", "deadlineDays"].contains(field.name), "\(field.name)")
            case .list: #expect(field.name == "languages")
            case .string: #expect(field.name == "carrier")
            }
        }
    }

    /// 1. The same 2,000 profiles evaluated twice by one advisor (in reverse order the second
    /// time, so no state carries from one profile to the next) give byte-identical advice JSON.
    /// (Fresh advisors are compared in the `jobs` test: each job has its own.)
    @Test func adviceIsDeterministic() throws {
        let seed: UInt64 = 0x5EED_0001
        let inputs = Props.profiles(2000, seed: seed).map { $0.json() }
        let profiles = inputs.map { Props.read($0) }
        let unread = profiles.indices.filter { profiles[$0] == nil }
        #expect(unread.isEmpty, "seed 0x\(String(seed, radix: 16)): \(unread.count) profiles not read; first: \(unread.first.map { inputs[$0] } ?? "")")
        let languages = Language.allCases
        let advisor = Advisor(kb)
        func run(_ advisor: Advisor, _ order: [Int]) throws -> [String] {
            var out = [String](repeating: "", count: inputs.count)
            for i in order {
                guard let p = profiles[i] else { continue }
                out[i] = try advisor.advise(p, language: languages[i % languages.count]).json()
            }
            return out
        }
        let first = try run(advisor, Array(inputs.indices))
        let second = try run(advisor, inputs.indices.reversed())
        Props.expectSame(first, second, inputs: inputs, seed: seed, "second run, reverse order")
        #expect(Set(first).count > 100, "the profiles should give varied advice")
    }

    /// 2. `BatchEvaluator` gives the same outcomes in the same order whatever `jobs` is, on one
    /// block of 4,096 records (so the parallel path really runs up to 8 threads), some of them
    /// invalid and rejected at their own index.
    @Test func batchOutcomesDoNotDependOnJobs() {
        let seed: UInt64 = 0x5EED_0002
        var r = SplitMix64(seed: seed)
        let invalid = [
            #"{"balance": -1}"#, #"{"carrier": "dokomo"}"#, #"{"hasId": "yes"}"#, #"{"nope": 1}"#, #"{"id": 1, "carrier": "au""#,
            "[1, 2]", #"{"languages": [1]}"#, #"{"id": "a", "id": "b"}"#, #"{"location": "mars"}"#, "",
        ]
        var inputs: [String] = []
        var invalidAt: [Int] = []
        for i in 0..<4096 {
            if r.chance(0.03) { inputs.append(r.pick(invalid)); invalidAt.append(i) } else { inputs.append(Props.profile(&r).json()) }
        }
        let records = Props.records(inputs)
        #expect(records.count / 64 >= 8, "too few records for 8 threads")
        let reference = BatchEvaluator(kb, language: .en, jobs: 1, file: "in.jsonl").evaluate(records).map(Props.outcomeText)
        #expect(reference.count == inputs.count)
        #expect(reference.indices.filter { reference[$0].hasPrefix("rejected: ") } == invalidAt, "seed 0x\(String(seed, radix: 16))")
        // The single-threaded batch agrees with the advisor itself (checked on the first 512).
        let advisor = Advisor(kb)
        let direct = inputs.prefix(512).enumerated().map { i, json -> String in
            invalidAt.contains(i) ? reference[i] : (Props.read(json).flatMap { try? advisor.advise($0, language: .en).json() } ?? "unread or failed")
        }
        Props.expectSame(Array(reference.prefix(512)), direct, inputs: inputs, seed: seed, "jobs 1 vs Advisor.advise")
        for jobs in [2, 3, 8] {
            let outcomes = BatchEvaluator(kb, language: .en, jobs: jobs, file: "in.jsonl").evaluate(records).map(Props.outcomeText)
            Props.expectSame(reference, outcomes, inputs: inputs, seed: seed, "jobs 1 vs jobs \(jobs)")
        }
    }

    /// 3. The advice (with its trace) does not depend on the order of the rule files or of the
    /// rules inside them, nor on which rules file holds a rule.
    @Test func adviceDoesNotDependOnRuleOrder() throws {
        let seed: UInt64 = 0x5EED_0003
        var r = SplitMix64(seed: seed)
        let documents = Props.ruleDocuments
        let ruleFiles = documents.indices.filter { documents[$0].path.hasPrefix("Rules/rules/") }
        #expect(ruleFiles.count >= 2)
        // Rules/rules/*.json are objects whose "rules" member is an array of rule objects.
        func parse(_ text: String) throws -> [JSONMember] { try #require(try JSONParser.parse(text).objectValue) }
        func rules(_ members: [JSONMember]) -> [JSONNode] { members.first { $0.key == "rules" }?.value.arrayValue ?? [] }
        func ids(_ rules: [JSONNode]) -> [String] { rules.compactMap { $0["id"]?.value.stringValue } }
        func replacingRules(_ members: [JSONMember], with rules: [JSONNode]) -> String {
            var w = JSONWriter(pretty: true)
            w.beginObject()
            for m in members {
                w.key(m.key)
                if m.key == "rules" { PJ.array(rules.map(PJ.init)).write(to: &w) } else { writeNode(m.value, &w) }
            }
            w.endObject()
            return w.output
        }
        let parsed = try ruleFiles.map { try parse(documents[$0].text) }
        let original = parsed.map(rules)
        #expect(original.allSatisfy { !$0.isEmpty })

        var variants: [(name: String, docs: [(path: String, text: String)])] = []
        do {
            // The rules of each file shuffled, the files in reverse order.
            var docs = documents
            for (k, i) in ruleFiles.enumerated() {
                let shuffled = r.shuffled(original[k])
                #expect(ids(shuffled) != ids(original[k]) || original[k].count < 2, "the shuffle should change the order")
                docs[i].text = replacingRules(parsed[k], with: shuffled)
            }
            variants.append(("shuffled rules, reversed files", docs.reversed()))
        }
        do {
            // Every rule moved to a random rules file (in random order), the files shuffled.
            var spread = [[JSONNode]](repeating: [], count: ruleFiles.count)
            for rule in original.joined() { spread[r.int(ruleFiles.count)].append(rule) }
            var docs = documents
            for (k, i) in ruleFiles.enumerated() { docs[i].text = replacingRules(parsed[k], with: spread[k]) }
            variants.append(("rules spread over the files", r.shuffled(docs)))
        }

        let inputs = Props.profiles(2000, seed: seed ^ 0xFF).map { $0.json() }
        let profiles = try inputs.map { try #require(Props.read($0), "seed 0x\(String(seed, radix: 16)): \($0)") }
        func advice(_ kb: KnowledgeBase) throws -> [String] {
            let advisor = Advisor(kb)
            return try profiles.enumerated().map { i, p in
                try advisor.advise(p, language: .en, explain: true).json()
            }
        }
        let reference = try advice(kb)
        for variant in variants {
            let loaded = KnowledgeBase.load(documents: variant.docs)
            let variantKB = try #require(try? loaded.get(), "\(variant.name): \(loaded)")
            #expect(Set(variantKB.ruleSet.rules.map(\.id)) == Set(kb.ruleSet.rules.map(\.id)))
            Props.expectSame(reference, try advice(variantKB), inputs: inputs, seed: seed, variant.name)
        }
    }

    /// 4. The same profiles as JSON Lines, a (pretty-printed) JSON array and CSV get the same
    /// advice lines. CSV-bound profiles hold only what CSV carries: non-empty, non-numeric ids,
    /// non-empty lists (null stands for an empty cell: unknown in both).
    /// Ids may hold combining marks and ZWJ (U+0301, U+200D): RFC 4180 works on characters, so
    /// a cell may begin with one; CSVProfiles.cells, which splits by grapheme cluster, cannot yet.
    @Test func adviceDoesNotDependOnInputFormat() throws {
        let seed: UInt64 = 0x5EED_0004
        var r = SplitMix64(seed: seed)
        let profiles = Props.profiles(2000, seed: seed, csv: true)
        let inputs = profiles.map { $0.json() }
        let jsonl = inputs.joined(separator: "\n") + "\n"
        let array = PJ.array(profiles).json(pretty: true)
        let csv = Props.csv(profiles, &r)
        let evaluator = BatchEvaluator(kb, language: .zhHans, jobs: 2, file: "in")
        let fromLines = Props.readAll(Array(jsonl.utf8), .jsonl, evaluator)
        let fromArray = Props.readAll(Array(array.utf8), .json, evaluator)
        let fromCSV = Props.readAll(Array(csv.utf8), .csv, evaluator)
        #expect(fromLines.count == profiles.count)
        let rejected = fromLines.indices.filter { fromLines[$0].hasPrefix("rejected: ") }
        #expect(rejected.isEmpty, "seed 0x\(String(seed, radix: 16)): \(rejected.count) rejected; first: \(rejected.first.map { "\(inputs[$0]) → \(fromLines[$0])" } ?? "")")
        Props.expectSame(fromLines, fromArray, inputs: inputs, seed: seed, "JSON Lines vs JSON array")
        Props.expectSame(fromLines, fromCSV, inputs: inputs, seed: seed, "JSON Lines vs CSV")
    }

    /// 5. Random JSON values written by JSONWriter (compact and pretty) parse back equal, and
    /// writing them again gives the same bytes; every profile's advice JSON parses, with the
    /// advice's own id, carrier, method, warnings and steps.
    @Test func jsonWriterAndParserRoundTrip() throws {
        let seed: UInt64 = 0x5EED_0005
        var r = SplitMix64(seed: seed)
        var values = Props.edgeNumbers.map(PJ.number)
        values.append(.string(String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))))
        values.append(.string("\u{10FFFF}\u{FFFF}\u{FEFF}\u{2028}😀𠮷e\u{301}\"\\/"))
        for _ in 0..<3000 { values.append(Props.randomJSON(&r)) }
        var failures = 0
        for (i, v) in values.enumerated() {
            for pretty in [false, true] {
                let text = v.json(pretty: pretty)
                let back: PJ
                do { back = PJ(try JSONParser.parse(text)) } catch {
                    failures += 1
                    if failures <= 3 { Issue.record("seed 0x\(String(seed, radix: 16)) value #\(i): \(error) parsing \(text)") }
                    continue
                }
                let same = PJ.same(v, back)
                let rewritten = back.json(pretty: pretty)
                if !same || rewritten != text {
                    failures += 1
                    if failures <= 3 {
                        #expect(same, "seed 0x\(String(seed, radix: 16)) value #\(i) (pretty: \(pretty)): \(text) read back as \(rewritten)")
                        #expect(rewritten == text, "seed 0x\(String(seed, radix: 16)) value #\(i): rewriting changed the text")
                    }
                }
            }
        }
        #expect(failures == 0, "seed 0x\(String(seed, radix: 16)): \(failures) round trips failed")

        let inputs = Props.profiles(1500, seed: seed).map { $0.json() }
        let advisor = Advisor(kb)
        var adviceFailures = 0
        for (i, json) in inputs.enumerated() {
            let profile = try #require(Props.read(json), "seed 0x\(String(seed, radix: 16)): \(json)")
            let advice = try advisor.advise(profile, language: Language.allCases[i % 3])
            let text = advice.json(pretty: i % 2 == 0)
            let node: JSONNode
            do { node = try JSONParser.parse(text) } catch {
                adviceFailures += 1
                if adviceFailures <= 3 { Issue.record("seed 0x\(String(seed, radix: 16)) profile #\(i) \(json): advice does not parse: \(error)\n\(text)") }
                continue
            }
            let ok = node["id"]?.value.stringValue.map { s in profile.id.map { s.unicodeScalars.elementsEqual($0.unicodeScalars) } ?? false } ?? (profile.id == nil)
                && node["carrier"]?.value.stringValue == profile.carrier
                && node["method"]?.value.stringValue == advice.method
                && node["warnings"]?.value.arrayValue?.compactMap({ $0["id"]?.value.stringValue }) == advice.warnings.map(\.id)
                && node["steps"]?.value.arrayValue?.compactMap(\.stringValue) == advice.steps
            if !ok {
                adviceFailures += 1
                if adviceFailures <= 3 { Issue.record("seed 0x\(String(seed, radix: 16)) profile #\(i) \(json): advice JSON does not say what the advice does:\n\(text)") }
            }
        }
        #expect(adviceFailures == 0, "seed 0x\(String(seed, radix: 16)): \(adviceFailures) advice texts wrong")
    }

    /// 6. Safety: advice to cancel always warns that the number cannot be reactivated, about
    /// "recovery" scams and to keep records; wanting to keep a voice number blocks every method
    /// (port out instead); the chosen method is never blocked, and "none" only when all are.
    @Test func safetyInvariantsHoldForEveryProfile() throws {
        let seed: UInt64 = 0x5EED_0006
        let mustWarn = ["no-reactivation", "scam-risk", "keep-records"]
        // The warnings are declared, and raised by a rule of Rules/rules/warnings.json.
        let warningsFile = try #require(Props.ruleDocuments.first { $0.path == "Rules/rules/warnings.json" })
        var raised = Set<String>()
        func collect(_ node: JSONNode) {
            switch node.kind {
            case .object(let members):
                for m in members { if m.key == "warn", let id = m.value.stringValue { raised.insert(id) } else { collect(m.value) } }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(try JSONParser.parse(warningsFile.text))
        let declared = Set(kb.ruleSet.warnings.map(\.id))
        for id in mustWarn {
            #expect(declared.contains(id), "\(id) is not declared")
            #expect(raised.contains(id), "no rule in Rules/rules/warnings.json raises \(id)")
            #expect(kb.warningScope[id] == nil, "\(id) is shown only with some methods")
        }

        let inputs = Props.profiles(3000, seed: seed).map { $0.json() }
        let advisor = Advisor(kb)
        var failures = 0
        var cancelled = 0, kept = 0, none = 0, dataOnlyKept = 0
        for (i, json) in inputs.enumerated() {
            let profile = try #require(Props.read(json), "seed 0x\(String(seed, radix: 16)): \(json)")
            let advice = try advisor.advise(profile, language: .en)
            let warnings = advice.warnings.map(\.id)
            var problems: [String] = []
            func check(_ ok: Bool, _ what: String) { if !ok { problems.append(what) } }

            check(advice.ranking.map(\.method) == kb.methods, "ranking lists every method once, in order")
            check(warnings.allSatisfy(declared.contains), "every warning is declared")
            check(advice.warnings.map(\.severity.rank) == advice.warnings.map(\.severity.rank).sorted(), "most severe first")
            if advice.method == "none" {
                none += 1
                check(advice.ranking.allSatisfy(\.blocked), "method none only when every method is blocked")
                check(advice.steps.isEmpty, "no steps without a method")
            } else {
                let chosen = advice.ranking.first { $0.method == advice.method }
                check(chosen != nil && chosen?.blocked == false, "the chosen method is not blocked")
                let best = advice.ranking.filter { !$0.blocked }.map(\.score).max()
                check(chosen?.score == best, "the chosen method has the best unblocked score")
            }

            // Keeping a number that can be ported is a port-out, never a cancellation. The rules
            // deliberately advise cancelling a data-only SIM (policy.voice == false, e.g.
            // b-mobile-visitor) even when keepNumber is true: it has no number to keep or port out
            // (Rules/rules/decision.json, cancel-when-number-not-needed / keep-number-port-out).
            let policy = { (field: String) in profile.carrier.flatMap { kb.carriers[$0]?.policy.first { $0.field == field }?.value } }
            let voice = policy("voice"), mnp = policy("mnp")
            let expectKeep = profile.value(of: "keepNumber") == .bool(true) && voice != .bool(false)
            check((advice.action == "port-out") == (expectKeep && mnp != .bool(false)), "a port-out exactly when a portable voice number is to be kept")
            if profile.value(of: "keepNumber") == .bool(true) && voice == .bool(false) { dataOnlyKept += 1 }
            if expectKeep {
                kept += 1
                check(warnings.contains("keep-number-use-mnp") || mnp == .bool(false), "keeping the number says to port it out")
                for id in ["no-reactivation", "backup-data", "unbind-services", "scam-risk"] {
                    check(!warnings.contains(id), "no cancellation warning (\(id)) when keeping the number")
                }
                if advice.method != "none" { check(!advice.steps.isEmpty, "a port-out has steps") }
            } else {
                cancelled += 1
                check(advice.action == "cancel", "not keeping the number is a cancellation")
                for id in mustWarn where !(id == "no-reactivation" && voice == .bool(false)) { check(warnings.contains(id), "advice to cancel warns \(id)") }
            }
            if !problems.isEmpty {
                failures += 1
                if failures <= 5 {
                    Issue.record("seed 0x\(String(seed, radix: 16)) profile #\(i) \(json): \(problems.joined(separator: "; ")); method \(advice.method), warnings \(warnings), ranking \(advice.ranking.map { "\($0.method) \($0.score) \($0.blocked) \($0.reasons)" })")
                }
            }
        }
        #expect(failures == 0, "seed 0x\(String(seed, radix: 16)): \(failures) of \(inputs.count) profiles break an invariant")
        // Every branch is exercised.
        #expect(cancelled > 100 && kept > 100 && none > 100 && dataOnlyKept > 10,
                "cancelled \(cancelled), kept \(kept), none \(none), data-only SIM with keepNumber \(dataOnlyKept)")
    }
}
