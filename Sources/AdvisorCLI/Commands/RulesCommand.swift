/// `advisor rules`: the commands that work with the rule set (today `lint`).
public struct RulesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "rules",
        abstract: "Work with the rule set: 'rules lint' checks it.",
        subcommands: [LintCommand.self, ExportCommand.self])

    public init() {}
}
