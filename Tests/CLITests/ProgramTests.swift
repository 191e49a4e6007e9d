@testable import AdvisorCLI
import Testing

/// Which command a whole command line calls, and the help and errors it gets.
@Suite struct ProgramTests {
    let program = AdvisorCommand.program

    func path(_ invocation: CommandLineProgram.Invocation) -> [String] {
        switch invocation {
        case .run(_, let c), .help(let c), .failure(_, let c): c.path
        }
    }

    func helpText(_ arguments: [String]) -> String? {
        if case .help(let context) = program.resolve(arguments) { return context.helpText }
        return nil
    }

    func failure(_ arguments: [String]) -> (message: String, report: String)? {
        if case .failure(let error, let context) = program.resolve(arguments) { return (error.message, context.usageError(error)) }
        return nil
    }

    @Test func subcommandsAreFoundFromTheFront() throws {
        guard case .run(let command, let context) = program.resolve(["ask", "--json", "q"]) else {
            Issue.record("not run"); return
        }
        #expect(context.path == ["advisor", "ask"])
        let ask = try #require(command as? AskCommand)
        #expect(ask.json && ask.question == "q")
        #expect(path(program.resolve(["rules", "lint", "--stale-days", "3"])) == ["advisor", "rules", "lint"])
        if case .run(let lint as LintCommand, _) = program.resolve(["rules", "lint", "--stale-days", "3"]) {
            #expect(lint.staleDays == 3)
        } else {
            Issue.record("rules lint is not a LintCommand")
        }
    }

    @Test func aGroupWithoutASubcommandRunsItsDefault() {
        guard case .run(let command, let context) = program.resolve(["rules"]) else { Issue.record("not run"); return }
        #expect(command is RulesCommand)
        #expect(context.path == ["advisor", "rules"])
        guard case .run(let root as AdvisorCommand, _) = program.resolve([]) else { Issue.record("not run"); return }
        #expect(!root.showVersion && root.completionShell == nil)
    }

    @Test(arguments: [["ask"], ["batch"], ["test"], ["rules"], ["rules", "lint"], ["help"], []])
    func helpSubPrintsWhatSubHelpPrints(_ names: [String]) throws {
        let viaOption = try #require(helpText(names + ["--help"]))
        let viaShortOption = try #require(helpText(names + ["-h"]))
        guard case .run(let help as HelpCommand, let context) = program.resolve(["help"] + names) else {
            Issue.record("help did not parse"); return
        }
        #expect(try context.program.locate(help.names).helpText == viaOption)
        #expect(viaShortOption == viaOption)
        #expect(viaOption.contains("USAGE: " + (["advisor"] + names).joined(separator: " ")))
    }

    @Test func helpOfAnUnknownCommandSuggests() {
        #expect(throws: UsageError("unknown command 'aks'; did you mean 'ask'?")) { try program.locate(["aks"]) }
        #expect(throws: UsageError("'rules' has no subcommand 'lnt'; did you mean 'lint'?")) { try program.locate(["rules", "lnt"]) }
        #expect(throws: UsageError("unknown command 'lint'")) { try program.locate(["lint"]) }
    }

    @Test func unknownCommandsSuggestTheNearest() throws {
        let root = try #require(failure(["aks"]))
        #expect(root.message == "unknown command 'aks'; did you mean 'ask'?")
        let rules = try #require(failure(["rules", "lnt"]))
        #expect(rules.message == "unknown command 'lnt'; did you mean 'lint'?")
        #expect(rules.report == "error: unknown command 'lnt'; did you mean 'lint'?\nUsage: advisor rules <command> [options]\nSee 'advisor rules --help'.\n")
    }

    @Test func everyUsageErrorHasTheUsageLineAndWhereToLook() throws {
        let report = try #require(failure(["ask", "--lang", "fr"])).report
        #expect(report == """
        error: unknown language 'fr'; expected en, zh-Hans or ja
        Usage: advisor ask ["QUESTION"] [--profile FILE] [--lang LANG] [--json] [--explain] [--no-input] [--why-not METHOD] [--rules DIR] [--max-firings N]
        See 'advisor ask --help'.

        """)
        let lint = try #require(failure(["rules", "lint", "--stale-days", "-3"])).report
        #expect(lint.hasSuffix("Usage: advisor rules lint [--rules DIR] [--stale-days N] [--json]\nSee 'advisor rules lint --help'.\n"))
    }

    @Test func everyUsageLineNamesEveryOption() {
        for context in program.commands {
            let usage = context.usage
            for d in context.command.definitions {
                #expect(usage.contains(HelpFormatter.usageWord(d)), "\(context.path): \(usage) lacks \(d.displayName)")
            }
        }
        let test = program.commands.first { $0.path == ["advisor", "test"] }?.usage
        #expect(test == "advisor test [--fixtures DIR] [--filter TEXT] [--quiet] [--json] [--coverage] [--min-coverage N] [--junit FILE] [--mutate] [--rules DIR]")
    }

    @Test func theTopLevelHelpListsEverySubcommand() throws {
        let help = try #require(helpText(["--help"]))
        for sub in AdvisorCommand.configuration.subcommands {
            #expect(help.contains("\n  \(sub.configuration.name)  "), "\(sub.configuration.name)")
            #expect(help.contains(sub.configuration.abstract))
        }
        #expect(help.contains("-v, --version"))
        #expect(help.contains("--generate-completion-script SHELL"))
        #expect(help.contains("USAGE: advisor <command> [options]\n       advisor [--version] [--generate-completion-script SHELL]\n"))
    }

    @Test func optionHelpIsAlignedInColumns() throws {
        let help = try #require(helpText(["batch", "--help"]))
        let options = try #require(help.components(separatedBy: "OPTIONS:\n").last?.components(separatedBy: "\n\n").first)
        let lines = options.split(separator: "\n")
        #expect(lines.count == 15, "14 options and --help")
        // Where each line's help starts: after the label and the spaces that pad it.
        let columns = Set(lines.map { line -> Int in
            let label = line.drop { $0 == " " }
            let gap = label.range(of: "  ")?.lowerBound ?? label.endIndex
            let text = label[gap...].drop { $0 == " " }
            return line.distance(from: line.startIndex, to: text.startIndex)
        })
        #expect(columns.count == 1, "\(lines)")
        #expect(lines.first == "  -o, --output FILE           Write the advice here (written whole or not at all); default: standard output.")
    }
}
