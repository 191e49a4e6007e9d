import Foundation
import Testing
@testable import RulesEngine

/// The engine's stated limits, each at its boundary, and rules directories that never read
/// outside themselves.
@Suite struct LimitsTests {
    /// A chain: `c1` fires on `start`, and each `cK` on what `c(K-1)` derived.
    static func chain(_ n: Int) -> [(path: String, text: String)] {
        var facts = [#"{"name": "start", "type": "bool", "input": true}"#]
        var rules: [String] = []
        for k in 1...n {
            facts.append(#"{"name": "d\#(k)", "type": "bool"}"#)
            let when = k == 1 ? #"{"fact": "start", "op": "==", "value": true}"# : #"{"fact": "d\#(k - 1)", "op": "==", "value": true}"#
            rules.append(#"{"id": "c\#(k)", "description": "link \#(k)", "when": \#(when), "then": [{"derive": "d\#(k)", "value": true}]}"#)
        }
        return [("facts.json", #"{"facts": [\#(facts.joined(separator: ",\n"))]}"#),
                ("rules.json", #"{"rules": [\#(rules.joined(separator: ",\n"))]}"#)]
    }

    @Test func aChainLongerThanTheOldFixedLimitRunsToItsEndByDefault() throws {
        let n = 10_001
        let set = try Engine.compile(documents: Self.chain(n))
        let evaluator = Evaluator(set)
        #expect(evaluator.firingLimit == n)
        let result = try evaluator.evaluate(Engine.facts(["start": .bool(true)], for: set))
        #expect(result.trace.count == n)
        #expect(result.value(of: "d\(n)") == .bool(true))
    }

    @Test func aFiringBudgetBelowTheChainStopsItNamingTheRules() throws {
        let set = try Engine.compile(documents: Self.chain(50))
        #expect(try Engine.evaluationError(set, ["start": .bool(true)], firingLimit: 50) == nil)
        let error = try Engine.evaluationError(set, ["start": .bool(true)], firingLimit: 49)
        guard case .firingLimitExceeded(let limit, let rules)? = error else {
            Issue.record("expected the firing limit, got \(String(describing: error))")
            return
        }
        #expect(limit == 49)
        #expect(rules.first == "c49")
    }

    static func minimalRules(_ n: Int) -> [(path: String, text: String)] {
        let rules = (0..<n).map { #"{"id":"r\#($0)","description":"r","then":[{"warn":"w"}]}"# }
        return [("a.json", #"{"warnings": [{"id": "w", "severity": "low"}], "rules": [\#(rules.joined(separator: ",\n"))]}"#)]
    }

    @Test func atMostTheStatedNumberOfRules() {
        #expect(Limits.rules == 100_000)
        #expect(RuleSetLoader().maximumRules == Limits.rules)
        // At a smaller limit, so the boundary is cheap to test in a debug build.
        var loader = RuleSetLoader()
        loader.maximumRules = 300
        #expect(!loader.load(documents: Self.minimalRules(300)).hasErrors)
        let over = loader.load(documents: Self.minimalRules(301))
        #expect(over.diagnostics.map(\.description) == ["a.json:301:1: error[invalid-value]: the rule set has 301 rules; at most 300 are allowed (at /rules/300)"])
    }

    static func nested(_ depth: Int) -> [(path: String, text: String)] {
        var condition = #"{"fact": "start", "op": "==", "value": true}"#
        for k in 1..<depth { condition = k.isMultiple(of: 2) ? #"{"not": \#(condition)}"# : #"{"all": [\#(condition)]}"# }
        return [("a.json", #"{"facts": [{"name": "start", "type": "bool", "input": true}], "warnings": [{"id": "w", "severity": "low"}], "rules": [{"id": "deep", "description": "d", "when": \#(condition), "then": [{"warn": "w"}]}]}"#)]
    }

    @Test func conditionsNestAtMostTheStatedDepth() {
        #expect(Limits.conditionDepth == 64)
        #expect(!RuleSetLoader().load(documents: Self.nested(Limits.conditionDepth)).hasErrors)
        let over = RuleSetLoader().load(documents: Self.nested(Limits.conditionDepth + 1))
        #expect(over.diagnostics.map(\.message) == ["conditions nest deeper than 64 levels of 'all', 'any' and 'not'"])
    }

    // MARK: Rules directories

    func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-rules-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/rules", withIntermediateDirectories: true)
        return dir
    }

    @Test func aSymbolicLinkOutOfTheRulesDirectoryIsNotRead() throws {
        let dir = try directory()
        try "SECRET-CONTENT {".write(toFile: dir + "/outside.json", atomically: true, encoding: .utf8)
        try #"{"warnings": [{"id": "w", "severity": "low"}]}"#.write(toFile: dir + "/rules/a.json", atomically: true, encoding: .utf8)
        #expect(symlink(dir + "/outside.json", dir + "/rules/b.json") == 0)
        #expect(symlink("/etc", dir + "/rules/etc") == 0)
        #expect(symlink("a.json", dir + "/rules/c.json") == 0)
        let loaded = RuleSetLoader().load(directory: dir + "/rules")
        #expect(loaded.diagnostics.map(\.description).sorted() == [
            "\(dir)/rules/b.json:1:1: error[unreadable-file]: a symbolic link to a place outside the rule directory; not read",
            "\(dir)/rules/etc:1:1: error[unreadable-file]: a symbolic link to a place outside the rule directory; not read",
        ].sorted())
        #expect(loaded.files == [dir + "/rules/a.json", dir + "/rules/c.json"])
        #expect(!loaded.diagnostics.contains { $0.description.contains("SECRET") })
    }

    @Test func aFIFOOrInvalidUTF8InTheRulesDirectoryIsReportedNotRead() throws {
        let dir = try directory()
        #expect(mkfifo(dir + "/rules/pipe.json", 0o600) == 0)
        try Data([0x7B, 0x22, 0xFF, 0x22, 0x7D]).write(to: URL(fileURLWithPath: dir + "/rules/bad.json"))
        let loaded = RuleSetLoader().load(directory: dir + "/rules")
        #expect(loaded.diagnostics.map(\.description) == [
            "\(dir)/rules/pipe.json:1:1: error[unreadable-file]: not a regular file; not read",
            "\(dir)/rules/bad.json:1:3: error[malformed-json]: invalid UTF-8",
        ])
    }
}
