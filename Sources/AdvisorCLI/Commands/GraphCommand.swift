import Advisor

/// `advisor rules graph`: the rules and what they read, derive, score, block and raise, as a
/// Mermaid or Graphviz graph.
public struct GraphCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "graph",
        abstract: "Draw the rules as a graph: the facts they read and derive, the options they score and block, the warnings they raise.",
        discussion: """
        The graph shows the chains: input facts → rules → derived facts → rules → options and
        warnings. Input facts, derived facts, rules (with their salience), options and warnings
        each have their own shape; an edge to an option carries the score (+3) or the block and
        its reason, an edge to a derived fact the value. Mermaid (a flowchart, the default) renders
        on GitHub and in most Markdown viewers; DOT renders with Graphviz: dot -Tsvg rules.dot.
        Exit status: 0 on success, 2 when the rule set does not load or FILE cannot be written.
        """)

    public static var arguments: [Argument<GraphCommand>] {
        [
            .option("format", valueName: "FORMAT", help: "mermaid (default) or dot.", parser: .choice("format"), \.format),
            .option("output", short: "o", valueName: "FILE", help: "Write the graph to FILE (written whole or not at all); default: standard output.", completion: .file, \.output),
            KnowledgeBaseLocation.rulesOption(\.rules),
        ]
    }

    public var format: RuleGraph.Format = .mermaid
    /// `-o FILE`; nil for standard output.
    public var output: String?
    public var rules: String?

    public init() {}

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        ExportOutput.run(to: output, rules: rules) { RuleGraph($0.source).render(format) }
    }
}
