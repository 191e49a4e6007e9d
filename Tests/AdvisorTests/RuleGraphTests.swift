@testable import Advisor
import Foundation
import RulesEngine
import Testing

@Suite struct RuleGraphTests {
    let graph = RuleGraph(shippedKnowledgeBase.source)

    @Test func everyRuleIsOneNodeWithItsSalience() {
        let rules = graph.nodes.filter { $0.kind == .rule }
        #expect(rules.count == shippedKnowledgeBase.source.rules.count)
        #expect(Set(rules.map(\.name)) == Set(shippedKnowledgeBase.source.rules.map(\.id)))
        #expect(rules.first { $0.name == "sms-code-at-risk" }?.lines == ["sms-code-at-risk", "salience 100"])
        // In firing order: highest salience first.
        #expect(rules.first?.lines.last == "salience 100")
        #expect(rules.last?.lines.last == "salience 0")
        let mermaid = graph.mermaid
        for rule in shippedKnowledgeBase.source.rules {
            #expect(mermaid.components(separatedBy: "[\"\(rule.id)<br/>salience \(rule.salience)\"]").count == 2, "\(rule.id)")
        }
    }

    @Test func aChainFromAnInputFactThroughADerivedFactToAnOption() {
        // location → sms-code-at-risk → sms.atRisk → online-sms-risky → online (−1).
        let mermaid = graph.mermaid
        let ids = graph.mermaidIDs
        func id(_ kind: RuleGraph.NodeKind, _ name: String) -> String {
            graph.nodes.firstIndex { $0.kind == kind && $0.name == name }.map { ids[$0] } ?? "?"
        }
        #expect(mermaid.contains("  \(id(.inputFact, "location"))([\"location\"])\n"))
        #expect(mermaid.contains("  \(id(.derivedFact, "sms.atRisk"))(\"sms.atRisk\")\n"))
        #expect(mermaid.contains("  \(id(.inputFact, "location")) --> \(id(.rule, "sms-code-at-risk"))\n"))
        #expect(mermaid.contains("  \(id(.rule, "sms-code-at-risk")) -->|\"= true\"| \(id(.derivedFact, "sms.atRisk"))\n"))
        #expect(mermaid.contains("  \(id(.derivedFact, "sms.atRisk")) --> \(id(.rule, "online-sms-risky"))\n"))
        #expect(mermaid.contains("  \(id(.rule, "online-sms-risky")) -->|\"-1\"| \(id(.option, "online"))\n"))
        #expect(mermaid.contains("  \(id(.rule, "store-needs-presence")) -.->|\"block: not-in-japan\"| \(id(.option, "store"))\n"))
        #expect(mermaid.contains("  \(id(.rule, "online-offered")) -->|\"+3\"| \(id(.option, "online"))\n"))
        #expect(mermaid.contains("  \(id(.rule, "number-is-gone-for-good")) ==> \(id(.warning, "no-reactivation"))\n"))
        #expect(mermaid.contains("\(id(.warning, "no-reactivation"))>\"no-reactivation<br/>critical\"]"))

        let dot = graph.dot
        #expect(dot.contains("  \"fact:location\" -> \"rule:sms-code-at-risk\";\n"))
        #expect(dot.contains("  \"rule:sms-code-at-risk\" -> \"fact:sms.atRisk\" [label=\"= true\"];\n"))
        #expect(dot.contains("  \"fact:sms.atRisk\" -> \"rule:online-sms-risky\";\n"))
        #expect(dot.contains("  \"rule:online-sms-risky\" -> \"option:online\" [label=\"-1\", color=\"#15803d\"];\n"))
        #expect(dot.contains("  \"rule:store-needs-presence\" -> \"option:store\" [label=\"block: not-in-japan\", style=dashed, color=\"#b91c1c\"];\n"))
        #expect(dot.contains("  \"fact:policy.online\" [label=\"policy.online\", shape=ellipse, fillcolor=\"#dbeafe\"];\n"))
        #expect(dot.contains("  \"fact:sms.atRisk\" [label=\"sms.atRisk\", shape=ellipse, style=\"filled,dashed\", fillcolor=\"#fef3c7\"];\n"))
    }

    @Test func mermaidIdsAreUniqueAndEveryLineIsMermaid() throws {
        let ids = graph.mermaidIDs
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /[FROW][0-9]+/) != nil })
        let lines = graph.mermaid.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart LR")
        let node = /[ ]{2}[FROW][0-9]+(\(\["[^"]*"\]\)|\("[^"]*"\)|\["[^"]*"\]|\{\{"[^"]*"\}\}|>"[^"]*"\])/
        let edge = /[ ]{2}[FROW][0-9]+ (-->|-\.->|==>)(\|"[^"|]*"\|)? [FROW][0-9]+/
        let style = /[ ]{2}(classDef [a-z]+ [^ ]+|class [FROW][0-9]+(,[FROW][0-9]+)* [a-z]+|%% .*)/
        for line in lines.dropFirst() {
            #expect(line.wholeMatch(of: node) != nil || line.wholeMatch(of: edge) != nil || line.wholeMatch(of: style) != nil, "\(line)")
        }
        // Every node an edge names is defined, and every node is given its class once.
        let defined = Set(lines.compactMap { try? node.wholeMatch(in: $0).map { String($0.0.dropFirst(2).prefix { $0.isLetter || $0.isNumber }) } ?? nil })
        #expect(defined == Set(ids))
        let classed = lines.filter { $0.hasPrefix("  class ") }.flatMap { $0.split(separator: " ")[1].split(separator: ",").map(String.init) }
        #expect(classed.sorted() == ids.sorted())
    }

    /// A rule set whose names hold what Mermaid and DOT read as syntax.
    static let awkward = """
    {"facts": [{"name": "a\\"b", "type": "bool", "input": true}, {"name": "x|y", "type": "enum", "values": ["<v>", "#1"]}],
     "options": ["o\\\\n"], "warnings": [{"id": "w;}", "severity": "low"}],
     "rules": [{"id": "r\\"1 <b>|#x", "description": "d", "salience": -5, "when": {"fact": "a\\"b", "op": "==", "value": true},
                "then": [{"derive": "x|y", "value": "<v>"}, {"score": "o\\\\n", "subtract": 1.5}, {"warn": "w;}"}]},
               {"id": "end", "description": "d", "when": {"fact": "x|y", "op": "==", "value": "#1"}, "then": [{"block": "o\\\\n", "reason": "r\\"]"}]}]}
    """

    @Test func awkwardNamesAreEscaped() throws {
        let loaded = RuleSetLoader().load(documents: [("a.json", Self.awkward)])
        let compiled = RuleSetCompiler.compile(loaded)
        #expect(compiled.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        let graph = RuleGraph(loaded.ruleSet)
        let mermaid = graph.mermaid
        #expect(mermaid.contains("[\"r#quot;1 #lt;b#gt;#124;#35;x<br/>salience -5\"]"))
        #expect(mermaid.contains("-->|\"= #lt;v#gt;\"|"))
        #expect(mermaid.contains("-->|\"-1.5\"|"))
        #expect(mermaid.contains("-.->|\"block: r#quot;]\"|"))
        let dot = graph.dot
        #expect(dot.contains("\"rule:r\\\"1 <b>|#x\" [label=\"r\\\"1 <b>|#x\\nsalience -5\""))
        #expect(dot.contains("\"option:o\\\\n\" [label=\"o\\\\n\""))
        #expect(try Self.balanced(dot))
        if let dotTool = Self.graphviz {
            #expect(try Self.render(dot, with: dotTool).status == 0)
        }
    }

    @Test func dotBracesAndQuotesBalance() throws {
        let dot = graph.dot
        #expect(dot.hasPrefix("// generated by advisor rules graph\ndigraph rules {\n  rankdir=LR;\n"))
        #expect(dot.hasSuffix("}\n"))
        #expect(try Self.balanced(dot))
        #expect(dot.components(separatedBy: " -> ").count - 1 == graph.edges.count)
    }

    @Test(.enabled(if: graphviz != nil, "Graphviz's dot is not installed"))
    func dotRendersWithGraphviz() throws {
        let result = try Self.render(graph.dot, with: try #require(Self.graphviz))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("<svg"))
        #expect(result.stdout.contains("sms&#45;code&#45;at&#45;risk") || result.stdout.contains("sms-code-at-risk"))
    }

    /// Whether braces and brackets outside quoted strings balance, and every string is closed.
    static func balanced(_ dot: String) throws -> Bool {
        var depth = 0, inString = false, escaped = false
        for c in dot {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "{", "[": depth += 1
            case "}", "]": depth -= 1; if depth < 0 { return false }
            default: break
            }
        }
        return depth == 0 && !inString
    }

    static let graphviz: String? = ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func render(_ dot: String, with tool: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
