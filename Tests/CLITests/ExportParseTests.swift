import Advisor
@testable import AdvisorCLI
import Testing

/// `rules graph` and `rules doc` command lines parsed into their commands.
@Suite struct ExportParseTests {
    @Test func graphDefaultsToMermaidOnStandardOutput() throws {
        let graph = try GraphCommand.parse([])
        #expect(graph.format == .mermaid && graph.output == nil && graph.rules == nil)
        let dot = try GraphCommand.parse(["--format", "dot", "-o", "rules.dot", "--rules", "R"])
        #expect(dot.format == .dot && dot.output == "rules.dot" && dot.rules == "R")
        #expect(try GraphCommand.parse(["--format=dot", "--output=g.dot"]).output == "g.dot")
    }

    @Test func docTakesAnOutputAndARuleDirectory() throws {
        let doc = try DocCommand.parse(["-o", "POLICIES.md", "--rules", "R"])
        #expect(doc.output == "POLICIES.md" && doc.rules == "R")
        #expect(try DocCommand.parse([]).output == nil)
    }

    @Test func anUnknownFormatSaysWhatIsExpected() {
        #expect(throws: UsageError("unknown format 'svg'; expected mermaid or dot")) { try GraphCommand.parse(["--format", "svg"]) }
        #expect(throws: UsageError.self) { try DocCommand.parse(["--format", "dot"]) }
    }

    @Test func bothAreRulesSubcommands() {
        #expect(RulesCommand.subcommand(named: "graph") == GraphCommand.self)
        #expect(RulesCommand.subcommand(named: "doc") == DocCommand.self)
    }
}
