import Advisor
import Foundation

/// `advisor test`: checks the rules against the fixtures.
public struct TestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "test",
        abstract: "Check the rules against the fixtures: every fixture must get exactly its expected advice.",
        discussion: "Exit status: 0 when every fixture passes, 1 when any fails, 2 when a fixture or rule file is invalid.")

    public static var arguments: [Argument<TestCommand>] {
        [
            .option("fixtures", short: "f", valueName: "DIR", help: "The fixtures to run (default: Fixtures in the current directory).", completion: .directory, \.fixtures),
            .flag("quiet", short: "q", help: "Print only failures and the summary.", \.quiet),
            .flag("coverage", help: "Also report the rules no fixture fires and the condition parts never seen true or never seen false.", \.coverage),
            .option("junit", valueName: "FILE", help: "Also write the results as JUnit XML to FILE (written whole or not at all).", completion: .file, \.junit),
            .flag("mutate", help: "Also remove each rule, and negate each condition, in turn, and report the changes no fixture notices.", \.mutate),
            KnowledgeBaseLocation.rulesOption(\.rules),
        ]
    }

    /// `--fixtures DIR`; nil for `Fixtures`.
    public var fixtures: String?
    public var quiet = false
    public var coverage = false
    /// `--junit FILE`.
    public var junit: String?
    public var mutate = false
    public var rules: String?

    public init() {}

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        guard let kb = KnowledgeBaseLocation.load(rules) else { return .badInput }
        let directory = fixtures ?? "Fixtures"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            Terminal.err("error: \(directory): no such directory; pass the fixtures with --fixtures DIR")
            return .badInput
        }
        // The report's file is opened before any work, so a path that cannot be written is
        // found at once.
        var junitFile: OutputFile?
        if let junit {
            do { junitFile = try OutputFile(path: junit) } catch {
                Terminal.err("error: \(error.message)")
                return .badInput
            }
        }
        let suite = FixtureSuite.load(directory: directory, knowledgeBase: kb)
        DiagnosticPrinter.print(suite.diagnostics)
        let advisor = Advisor(kb)
        advisor.recordsConditions = coverage
        let report = FixtureReport.run(suite, with: advisor) { outcome in
            let lines = FixtureReport.lines(for: outcome, quiet: quiet)
            if !lines.isEmpty { Terminal.out(lines) }
        }
        Terminal.out(report.summary)
        if let junitFile {
            do {
                try junitFile.write(report.junit)
                try junitFile.commit()
            } catch {
                Terminal.err("error: \(error.message)")
                return .badInput
            }
        }
        if coverage { Terminal.out(CoverageReport.text(advisor.coverage)) }
        if mutate {
            let (survivors, tried) = suite.survivingMutations(of: kb)
            Terminal.out(FixtureReport.mutationSummary(survivors: survivors, tried: tried))
        }
        switch report.verdict {
        case .passed: return .success
        case .failed: return .failure
        case .invalid: return .badInput
        }
    }
}
