import Foundation
import Testing
@testable import Advisor
import RulesEngine

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
        let reference = BatchEvaluator(kb, language: .en, jobs: 1).outcomes(records, file: "in.jsonl").map(Props.outcomeText)
        #expect(reference.count == inputs.count)
        #expect(reference.indices.filter { reference[$0].hasPrefix("rejected: ") } == invalidAt, "seed 0x\(String(seed, radix: 16))")
        // The single-threaded batch agrees with the advisor itself (checked on the first 512).
        let advisor = Advisor(kb)
        let direct = inputs.prefix(512).enumerated().map { i, json -> String in
            invalidAt.contains(i) ? reference[i] : (Props.read(json).flatMap { try? advisor.advise($0, language: .en).json() } ?? "unread or failed")
        }
        Props.expectSame(Array(reference.prefix(512)), direct, inputs: inputs, seed: seed, "jobs 1 vs Advisor.advise")
        for jobs in [2, 3, 8] {
            let outcomes = BatchEvaluator(kb, language: .en, jobs: jobs).outcomes(records, file: "in.jsonl").map(Props.outcomeText)
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
        let evaluator = BatchEvaluator(kb, language: .zhHans, jobs: 2)
        let fromLines = Props.readAll(Array(jsonl.utf8), .jsonl, evaluator)
        let fromArray = Props.readAll(Array(array.utf8), .json, evaluator)
        let fromCSV = Props.readAll(Array(csv.utf8), .csv, evaluator)
        #expect(fromLines.count == profiles.count)
        let rejected = fromLines.indices.filter { fromLines[$0].hasPrefix("rejected: ") }
        #expect(rejected.isEmpty, "seed 0x\(String(seed, radix: 16)): \(rejected.count) rejected; first: \(rejected.first.map { "\(inputs[$0]) → \(fromLines[$0])" } ?? "")")
        Props.expectSame(fromLines, fromArray, inputs: inputs, seed: seed, "JSON Lines vs JSON array")
        Props.expectSame(fromLines, fromCSV, inputs: inputs, seed: seed, "JSON Lines vs CSV")
    }
}
