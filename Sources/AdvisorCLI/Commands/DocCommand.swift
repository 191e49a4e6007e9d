import Advisor

/// `advisor rules doc`: every carrier's policy as Markdown.
public struct DocCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "doc",
        abstract: "Write every carrier's policy as Markdown: each field's value, certainty and sources, and the warnings it can raise.",
        discussion: """
        One section per carrier, by id: its names, then a table of every policy field in the
        order the schema declares them, with the value ("—" when the carrier's file gives none),
        its certainty (confirmed, unverified or conflict, with the note), the sources cited with
        their dates, and the date the policy was checked; then the warnings the rules can raise
        with that policy, with their severity and the rules that raise them. Generated from the
        rules, so it is always current: regenerate it rather than editing it.
        Exit status: 0 on success, 2 when the rule set does not load or FILE cannot be written.
        """)

    public static var arguments: [Argument<DocCommand>] {
        [
            .option("output", short: "o", valueName: "FILE", help: "Write the Markdown to FILE (written whole or not at all); default: standard output.", completion: .file, \.output),
            KnowledgeBaseLocation.rulesOption(\.rules),
        ]
    }

    /// `-o FILE`; nil for standard output.
    public var output: String?
    public var rules: String?

    public init() {}

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        let source = KnowledgeBaseLocation.directory(rules).map { "`\($0)`" } ?? "the built-in knowledge base"
        return ExportOutput.run(to: output, rules: rules) { PolicyDoc.markdown($0, source: source) }
    }
}
