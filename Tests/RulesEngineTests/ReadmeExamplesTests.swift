import Foundation
import Testing
@testable import RulesEngine

/// Every rule-file example in `Rules/README.md` (a ```json block right after `<!-- example -->`)
/// loads and compiles without a single diagnostic, and does what the text says.
@Suite("README examples")
struct ReadmeExamplesTests {
    static let readmePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Rules/README.md").path

    struct Example: Sendable, CustomTestStringConvertible {
        /// The 1-based line of the opening fence.
        var line: Int
        var marked: Bool
        var text: String
        var testDescription: String { "README.md:\(line)" }
    }

    /// The ```json blocks of the README up to the advisor's sections (which are not engine rule files).
    static func blocks() throws -> [Example] {
        let text = try String(contentsOfFile: readmePath, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var examples: [Example] = []
        var i = 0
        while i < lines.count {
            if lines[i].hasPrefix("## Advisor sections") { break }
            if lines[i].trimmingCharacters(in: .whitespaces) == "```json" {
                let marked = i > 0 && lines[i - 1].trimmingCharacters(in: .whitespaces) == "<!-- example -->"
                var body: [String] = []
                var j = i + 1
                while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces) != "```" {
                    body.append(lines[j])
                    j += 1
                }
                examples.append(Example(line: i + 1, marked: marked, text: body.joined(separator: "\n")))
                i = j
            }
            i += 1
        }
        return examples
    }

    static let examples: [Example] = (try? blocks().filter(\.marked)) ?? []

    @Test func theReadmeHasRuleFileExamplesAndEveryJSONBlockIsMarked() throws {
        let all = try Self.blocks()
        #expect(all.count == 6)
        #expect(all.filter { !$0.marked }.map(\.line) == [])
        #expect(Self.examples.count == all.count)
    }

    @Test("each example loads and compiles without a diagnostic", arguments: examples)
    func exampleCompiles(_ example: Example) {
        let output = RuleSetCompiler.compile(RuleSetLoader().load(documents: [("README.md", example.text)]))
        #expect(output.diagnostics.map(\.description) == [])
        #expect(output.compiled != nil)
    }

    /// The example whose rules include `id`.
    static func compiledExample(with id: String) throws -> CompiledRuleSet {
        let example = try #require(examples.first { $0.text.contains(#""id": "\#(id)""#) })
        return try Engine.compile(documents: [("README.md", example.text)])
    }

    @Test func theFirstExampleBlocksTheStoreForSomeoneAbroad() throws {
        let set = try Self.compiledExample(with: "store-needs-presence")
        let result = try Engine.evaluate(set, ["location": .string("abroad"), "balance": .number(800)])
        #expect(result.firedRules == ["abroad-from-location", "balance-lost", "store-needs-presence"])
        #expect(result.blocks(of: "store").map(\.reason) == ["not-in-japan"])
        #expect(result.score(of: "online") == 10)
        #expect(result.warnings.map(\.id) == ["balance-forfeit"])
    }

    @Test func theChainingExampleFiresAsTheTextSays() throws {
        let set = try Self.compiledExample(with: "fallback")
        let result = try Engine.evaluate(set, ["start": .bool(true)])
        #expect(result.firedRules == ["early", "late", "waiting"])
        #expect(result.outcome(of: "fallback") == .false)
        #expect(try Engine.evaluate(set, ["start": .bool(false)]).firedRules == ["fallback"])
    }

    @Test func theActionsExampleDerivesScoresBlocksAndWarns() throws {
        let set = try Self.compiledExample(with: "online-possible")
        let online = try Engine.evaluate(set, ["canLogin": .bool(true), "canReceiveSms": .bool(true)])
        #expect(online.firedRules == ["sms-works", "online-possible"])
        #expect(online.value(of: "canOnline") == .bool(true))
        #expect(online.score(of: "online") == 10 && online.score(of: "phone") == -2)
        let blocked = try Engine.evaluate(set, ["canLogin": .bool(true), "canReceiveSms": .bool(false)])
        #expect(blocked.firedRules == ["online-blocked"])
        #expect(blocked.isBlocked("online"))
        #expect(blocked.missingFacts().map(\.fact) == ["smsWorks"])
    }
}
