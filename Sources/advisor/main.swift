import Foundation
import RulesEngine

let version = "0.1.0"

let topLevelHelp = """
OVERVIEW: advisor — how to cancel a Japanese mobile SIM, and what to watch out for.

USAGE: advisor <command> [options]

COMMANDS:
  ask       Advice for one person, from a question, a profile (--profile FILE) or by asking.
  batch     Advice for many profiles (JSON Lines, JSON or CSV) as JSON Lines.
  test      Check the rules against the fixtures (--coverage, --mutate, --junit FILE).
  rules     lint: check the rule set for what is declared but cannot matter.

OPTIONS:
  -h, --help     Show this help (or 'advisor <command> --help').
  --version      Show the version.

EXIT CODES: 0 success, 1 failing tests or lint errors, 2 bad input, 64 usage error.
"""

var arguments = Array(CommandLine.arguments.dropFirst())
let code: ExitCode
switch arguments.first {
case nil:
    Terminal.err(topLevelHelp)
    code = .usage
case "-h", "--help", "help":
    Terminal.out(topLevelHelp + "\n")
    code = .success
case "--version":
    Terminal.out("advisor \(version)\n")
    code = .success
case "ask":
    code = AskCommand.run(Array(arguments.dropFirst()))
case "batch":
    code = BatchCommand.run(Array(arguments.dropFirst()))
case "rules":
    code = RulesCommand.run(Array(arguments.dropFirst()))
case "test":
    code = TestCommand.run(Array(arguments.dropFirst()))
case let other?:
    Terminal.err("error: unknown command '\(other)'\(Suggestion.hint(for: other, in: ["ask", "batch", "rules", "test"]))\nSee 'advisor --help'.")
    code = .usage
}
exit(code.rawValue)
