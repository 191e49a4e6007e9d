/// `advisor rules`: the commands that work with the rule set: `lint`, `graph`, `doc`.
public struct RulesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "rules",
        abstract: "Work with the rule set: 'rules lint' checks it, 'rules graph' draws it, 'rules doc' writes the carriers' policies as Markdown, 'rules export' writes it for CLIPS.",
        subcommands: [LintCommand.self, GraphCommand.self, DocCommand.self, ExportCommand.self])

    public init() {}
}
