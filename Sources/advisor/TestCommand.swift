import Advisor
import Foundation

/// `advisor test`: checks the rules against the fixtures.
enum TestCommand {
    static let spec = CommandSpec(
        name: "test",
        summary: "Check the rules against the fixtures: every fixture must get exactly its expected advice.",
        usage: "advisor test [--fixtures DIR] [--rules DIR] [--quiet]",
        options: [
            OptionSpec(long: "fixtures", short: "f", valueName: "DIR", help: "The fixtures to run (default: Fixtures in the current directory)."),
            OptionSpec(long: "quiet", short: "q", valueName: nil, help: "Print only failures and the summary."),
            OptionSpec(long: "coverage", short: nil, valueName: nil, help: "Also report the rules no fixture fires and the condition parts never seen true or never seen false."),
            OptionSpec(long: "junit", short: nil, valueName: "FILE", help: "Also write the results as JUnit XML to FILE (written whole or not at all)."),
            OptionSpec(long: "mutate", short: nil, valueName: nil, help: "Also remove each rule, and negate each condition, in turn, and report the changes no fixture notices."),
            KnowledgeBaseLocation.rulesOption,
        ],
        discussion: "Exit status: 0 when every fixture passes, 1 when any fails, 2 when a fixture or rule file is invalid.")

    static func run(_ arguments: [String]) -> ExitCode {
        let args: ParsedArguments
        switch spec.parse(arguments) {
        case .run(let parsed): args = parsed
        case .exit(let code): return code
        }
        if let extra = args.positionals.first {
            Terminal.err("error: unexpected argument '\(extra)'\nUsage: \(spec.usage)")
            return .usage
        }
        guard let kb = KnowledgeBaseLocation.load(args) else { return .badInput }
        let directory = args.values["fixtures"] ?? "Fixtures"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            Terminal.err("error: \(directory): no such directory; pass the fixtures with --fixtures DIR")
            return .badInput
        }
        // The report's file is opened before any work, so a path that cannot be written is
        // found at once.
        var junit: OutputFile?
        if let path = args.values["junit"] {
            do { junit = try OutputFile(path: path) } catch {
                Terminal.err("error: \(error.message)")
                return .badInput
            }
        }
        let suite = FixtureSuite.load(directory: directory, knowledgeBase: kb)
        for d in suite.diagnostics { Terminal.err(d.description) }
        let advisor = Advisor(kb)
        advisor.recordsConditions = args.has("coverage")
        var failed = 0
        var outcomes: [FixtureOutcome] = []
        for fixture in suite.fixtures {
            let outcome = FixtureSuite.run(fixture, with: advisor)
            outcomes.append(outcome)
            if outcome.passed {
                if !args.has("quiet") { Terminal.out("PASS \(fixture.name)\n") }
            } else {
                failed += 1
                Terminal.out("FAIL \(fixture.name) (\(fixture.file))\n")
                for m in outcome.mismatches { Terminal.out("     \(m)\n") }
            }
        }
        let invalid = Set(suite.diagnostics.map(\.location.file)).count
        Terminal.out("\(suite.fixtures.count - failed) passed, \(failed) failed" + (invalid > 0 ? ", \(invalid) invalid fixture file\(invalid == 1 ? "" : "s")" : "") + "\n")
        if let junit {
            let invalid = suite.diagnostics.map { (file: $0.location.file, message: $0.description) }
            do {
                try junit.write(JUnitReport.xml(outcomes, invalid: invalid))
                try junit.commit()
            } catch {
                Terminal.err("error: \(error.message)")
                return .badInput
            }
        }
        if args.has("coverage") { Terminal.out(CoverageReport.text(advisor.coverage)) }
        if args.has("mutate") {
            let (survivors, tried) = suite.survivingMutations(of: kb)
            Terminal.out("mutations: \(tried - survivors.count)/\(tried) noticed by the fixtures\n")
            if !survivors.isEmpty {
                Terminal.out("not noticed:\n" + survivors.map { "  \($0)\n" }.joined())
            }
        }
        if !suite.diagnostics.isEmpty { return .badInput }
        return failed > 0 ? .failure : .success
    }
}
