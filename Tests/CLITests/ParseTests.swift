import Advisor
@testable import AdvisorCLI
import Testing

/// Command lines parsed into the typed commands.
@Suite struct ParseTests {
    @Test func askFillsItsTypedProperties() throws {
        let ask = try AskCommand.parse(["I'm abroad,", "cancel au", "--profile", "me.json", "-l", "ja", "--json", "--explain", "--no-input", "--why-not", "store", "--rules", "R", "--max-firings", "7"])
        #expect(ask.words == ["I'm abroad,", "cancel au"])
        #expect(ask.question == "I'm abroad, cancel au")
        #expect(ask.profile == "me.json")
        #expect(ask.language == .ja)
        #expect(ask.json && ask.explain && ask.noInput)
        #expect(ask.whyNot == "store")
        #expect(ask.rules == "R")
        #expect(ask.maxFirings == 7)
    }

    @Test func defaultsWhenNothingIsGiven() throws {
        let ask = try AskCommand.parse([])
        #expect(ask.question == nil && ask.profile == nil && ask.language == nil && ask.maxFirings == nil)
        #expect(!ask.json && !ask.explain && !ask.noInput)
        let lint = try LintCommand.parse([])
        #expect(lint.staleDays == 365)
        let batch = try BatchCommand.parse(["in.csv"])
        #expect(batch.jobs >= 1 && !batch.quiet && batch.format == nil)
        #expect(try batch.expand(batch.inputs).get().map(\.format) == [.csv], "from the extension")
    }

    @Test func equalsFormAndShortNames() throws {
        let batch = try BatchCommand.parse(["--format=csv", "in.jsonl", "-o", "out.jsonl", "--jobs=3", "-q", "--lang=zh-Hans"])
        #expect(batch.format == .csv)
        #expect(try batch.expand(batch.inputs).get().map(\.format) == [.csv], "--format wins over the extension")
        #expect(batch.output == "out.jsonl")
        #expect(batch.jobs == 3)
        #expect(batch.quiet)
        #expect(batch.language == .zhHans)
        #expect(batch.inputs == ["in.jsonl"])
    }

    @Test func anEmptyValueAfterEqualsIsAValue() throws {
        #expect(try AskCommand.parse(["--profile="]).profile == "")
    }

    @Test func theLastValueOfARepeatedOptionWins() throws {
        #expect(try AskCommand.parse(["--lang", "en", "--lang", "ja", "x"]).language == .ja)
    }

    @Test func doubleDashEndsTheOptions() throws {
        let ask = try AskCommand.parse(["--no-input", "--", "--json", "-p"])
        #expect(ask.noInput)
        #expect(!ask.json)
        #expect(ask.words == ["--json", "-p"])
    }

    @Test func aDashIsStandardInput() throws {
        #expect(try BatchCommand.parse(["-"]).inputs == ["-"])
        #expect(try AskCommand.parse(["--profile", "-"]).profile == "-")
        #expect(try AskCommand.parse(["-p", "-"]).isInteractive(stdinIsTerminal: true) == false, "the profile takes standard input")
        #expect(try AskCommand.parse(["q"]).isInteractive(stdinIsTerminal: true))
        #expect(try AskCommand.parse(["q", "--json"]).isInteractive(stdinIsTerminal: true) == false)
        #expect(try AskCommand.parse(["q"]).isInteractive(stdinIsTerminal: false) == false)
    }

    @Test func aValueMayStartWithADash() throws {
        #expect(try AskCommand.parse(["--profile", "--json"]).profile == "--json")
        #expect(throws: UsageError("--max-firings needs a whole number of 0 or more, found '-1'")) {
            try AskCommand.parse(["--max-firings", "-1"])
        }
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var command: String
        var arguments: [String]
        var message: String
        var testDescription: String { "\(command) \(arguments.joined(separator: " "))" }
    }

    static let failures: [Failure] = [
        Failure(command: "ask", arguments: ["--profle", "x.json"], message: "unknown option '--profle'; did you mean '--profile'?"),
        Failure(command: "ask", arguments: ["--no-inptu"], message: "unknown option '--no-inptu'; did you mean '--no-input'?"),
        Failure(command: "ask", arguments: ["--zzzzzz"], message: "unknown option '--zzzzzz'"),
        Failure(command: "ask", arguments: ["-x"], message: "unknown option '-x'"),
        Failure(command: "ask", arguments: ["-pq"], message: "unknown option '-pq'; short options are single letters, long ones start with '--'"),
        Failure(command: "ask", arguments: ["--profile"], message: "the option '--profile' needs a value (FILE)"),
        Failure(command: "batch", arguments: ["in.jsonl", "-o"], message: "the option '--output' needs a value (FILE)"),
        Failure(command: "ask", arguments: ["--json=yes"], message: "the option '--json' takes no value"),
        Failure(command: "ask", arguments: ["--lang", "fr"], message: "unknown language 'fr'; expected en, zh-Hans or ja"),
        Failure(command: "batch", arguments: ["-", "--lang=klingon"], message: "unknown language 'klingon'; expected en, zh-Hans or ja"),
        Failure(command: "batch", arguments: ["-", "--jobs", "0"], message: "--jobs needs a whole number from 1 to 1024, found '0'"),
        Failure(command: "batch", arguments: ["-", "-j", "1025"], message: "--jobs needs a whole number from 1 to 1024, found '1025'"),
        Failure(command: "batch", arguments: ["-", "--jobs", "two"], message: "--jobs needs a whole number from 1 to 1024, found 'two'"),
        Failure(command: "batch", arguments: ["-", "--format", "xml"], message: "unknown format 'xml'; expected jsonl, json or csv"),
        Failure(command: "batch", arguments: [], message: "batch needs at least one INPUT (a file, a directory, or - for standard input)"),
        Failure(command: "batch", arguments: ["-", "-"], message: "standard input (-) can be read only once"),
        Failure(command: "batch", arguments: ["a", "--output-format", "csv", "--detail", "full"], message: "--output-format csv carries the decision only; use --detail decision, or jsonl or json for the full advice"),
        Failure(command: "batch", arguments: ["a", "--errors", "x", "--summary", "x"], message: "--errors and --summary name the same file 'x'; give each its own"),
        Failure(command: "batch", arguments: ["a", "--errors", "-"], message: "--output and --errors both write to standard output; give one of them a file"),
        Failure(command: "batch", arguments: ["a", "-o", "a"], message: "--output 'a' is also an INPUT; write to another file (nothing was changed)"),
        Failure(command: "batch", arguments: ["-", "--detail", "some"], message: "unknown detail 'some'; expected full or decision"),
        Failure(command: "test", arguments: ["extra"], message: "unexpected argument 'extra'"),
        Failure(command: "lint", arguments: ["--stale-days", "x"], message: "--stale-days needs a whole number ≥ 0, found 'x'"),
        Failure(command: "ask", arguments: ["--max-firings", "many"], message: "--max-firings needs a whole number of 0 or more, found 'many'"),
    ]

    static func parse(_ command: String, _ arguments: [String]) throws(UsageError) {
        switch command {
        case "ask": _ = try AskCommand.parse(arguments)
        case "batch": _ = try BatchCommand.parse(arguments)
        case "test": _ = try TestCommand.parse(arguments)
        default: _ = try LintCommand.parse(arguments)
        }
    }

    @Test(arguments: failures)
    func usageErrorsSayWhatDoesNotFit(_ c: Failure) {
        #expect(throws: UsageError(c.message)) { try Self.parse(c.command, c.arguments) }
    }

    @Test(arguments: [["--help"], ["-h"], ["--lang", "fr", "--help"], ["x", "--profile", "p", "-h"]])
    func helpIsRequested(_ arguments: [String]) {
        #expect(throws: UsageError.helpRequested) { try AskCommand.parse(arguments) }
    }

    @Test func aBadOptionBeforeHelpIsStillAnError() {
        #expect(throws: UsageError("unknown option '--bogus'")) { try AskCommand.parse(["--bogus", "--help"]) }
        #expect(throws: UsageError("the option '--help' takes no value")) { try AskCommand.parse(["--help=1"]) }
    }

    @Test func helpAfterDoubleDashIsAWord() throws {
        #expect(try AskCommand.parse(["--", "--help"]).words == ["--help"])
    }

    @Test func theRootReadsVersionAndShell() throws {
        #expect(try AdvisorCommand.parse(["-v"]).showVersion)
        #expect(try AdvisorCommand.parse(["--version"]).showVersion)
        #expect(try AdvisorCommand.parse(["--generate-completion-script", "zsh"]).completionShell == .zsh)
        #expect(try AdvisorCommand.parse(["--generate-completion-script=fish"]).completionShell == .fish)
        #expect(throws: UsageError("unknown shell 'tcsh'; expected bash, zsh or fish")) {
            try AdvisorCommand.parse(["--generate-completion-script", "tcsh"])
        }
    }
}
