import Advisor
import Foundation
import RulesEngine

/// `advisor test`: checks the rules against the fixtures.
public struct TestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "test",
        abstract: "Check the rules against the fixtures: every fixture must get exactly its expected advice.",
        discussion: """
        Carrier files in DIR/carriers are added to the rules for the run: test carriers with
        policies no shipped carrier has. A failing fixture is printed with each difference at the line of its expectation and the
        rules that decided it. --coverage reports the rules no fixture fires and the condition parts
        never seen true or never seen false; --min-coverage N also fails when fewer than N percent of
        the rules fire or of the condition parts are seen both ways. --mutate removes each rule,
        negates each condition, moves each number a condition compares with by one, flips each <,
        <=, >, >= and swaps saliences where order matters (a rule that can hold while a fact another
        derives is unknown), and fails when a change survives that
        DIR/equivalent-mutants.json does not list, with its reason, as equivalent.
        Exit status: 0 when every check passes, 1 when a fixture fails, coverage is below the
        minimum or a mutant survives, 2 when a fixture or rule file is invalid.
        """)

    public static var arguments: [Argument<TestCommand>] {
        [
            .option("fixtures", short: "f", valueName: "DIR", help: "The fixtures to run (default: Fixtures in the current directory).", completion: .directory, \.fixtures),
            .option("filter", valueName: "TEXT", help: "Run only the fixtures whose name contains TEXT.", \.filter),
            .flag("quiet", short: "q", help: "Print only failures and the summary.", \.quiet),
            .flag("json", help: "Print one JSON report on standard output instead of text.", \.json),
            .flag("coverage", help: "Also report the rules no fixture fires and the condition parts never seen true or never seen false.", \.coverage),
            .option("min-coverage", valueName: "N", help: "Fail unless at least N percent (0-100) of the rules fire and of the condition parts are seen both true and false.",
                    parser: .wholeNumber(in: 0...100, "a whole number from 0 to 100"), \.minCoverage),
            .option("junit", valueName: "FILE", help: "Also write the results as JUnit XML to FILE (written whole or not at all).", completion: .file, \.junit),
            .flag("mutate", help: "Also mutate each rule in turn and fail on a change no fixture notices (unless listed as equivalent).", \.mutate),
            KnowledgeBaseLocation.rulesOption(\.rules),
        ]
    }

    /// `--fixtures DIR`; nil for `Fixtures`.
    public var fixtures: String?
    /// `--filter TEXT`.
    public var filter: String?
    public var quiet = false
    public var json = false
    public var coverage = false
    /// `--min-coverage N`.
    public var minCoverage: Int?
    /// `--junit FILE`.
    public var junit: String?
    public var mutate = false
    public var rules: String?

    public init() {}

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        let directory = fixtures ?? "Fixtures"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            Terminal.err("error: \(directory): no such directory; pass the fixtures with --fixtures DIR")
            return .badInput
        }
        // Test carriers beside the fixtures join the rules for this run.
        let testCarriers = FixtureSuite.testCarriers(in: directory)
        if let odd = testCarriers.first(where: { !($0.path.split(separator: "/").last ?? "").hasPrefix("test-") }) {
            Terminal.err("error: \(odd.path): a test carrier's id and file name start with 'test-', so that it cannot be taken for a shipped carrier")
            return .badInput
        }
        guard let kb = KnowledgeBaseLocation.load(rules, adding: testCarriers) else { return .badInput }
        // The report's file is opened before any work, so a path that cannot be written is
        // found at once.
        var junitFile: OutputFile?
        if let junit {
            do { junitFile = try OutputFile(path: junit) } catch {
                Terminal.err("error: \(error.message)")
                return .badInput
            }
        }
        var suite = FixtureSuite.load(directory: directory, knowledgeBase: kb)
        if let filter {
            suite.fixtures = suite.fixtures.filter { $0.name.contains(filter) }
            if suite.fixtures.isEmpty {
                Terminal.err("error: no fixture in \(directory) has a name containing '\(filter)'")
                return .badInput
            }
        }
        let equivalents = mutate ? Self.equivalents(in: directory) : EquivalentMutants()
        if !json { DiagnosticPrinter.print(suite.diagnostics + equivalents.diagnostics) }
        let advisor = Advisor(kb)
        let measuring = coverage || minCoverage != nil
        advisor.recordsConditions = measuring
        let report = FixtureReport.run(suite, with: advisor) { outcome in
            guard !json else { return }
            let lines = FixtureReport.lines(for: outcome, quiet: quiet)
            if !lines.isEmpty { Terminal.out(lines) }
        }
        if !json { Terminal.out(report.summary) }
        if let junitFile {
            do {
                try junitFile.write(report.junit)
                try junitFile.commit()
            } catch {
                Terminal.err("error: \(error.message)")
                return .badInput
            }
        }
        var verdict = report.verdict
        var output = TestReport(report: report, equivalents: equivalents)
        if measuring {
            let measured = advisor.coverage
            output.coverage = measured
            if !json {
                if coverage { Terminal.out(CoverageReport.text(measured)) }
                else { Terminal.out(CoverageReport.percentages(measured)) }
            }
            if let minCoverage, !CoverageReport.meets(measured, minCoverage) {
                if !json { Terminal.err("error: coverage is below the minimum of \(minCoverage)%: \(CoverageReport.percentages(measured).dropLast())") }
                if verdict == .passed { verdict = .failed }
            }
        }
        if mutate {
            let (survivors, tried) = suite.survivingMutations(of: kb)
            output.mutations = (survivors, tried)
            if !json { Terminal.out(FixtureReport.mutationSummary(survivors: survivors, tried: tried, equivalents: equivalents)) }
            if survivors.contains(where: { equivalents.reasons[$0.change] == nil }), verdict == .passed { verdict = .failed }
            if !equivalents.diagnostics.isEmpty { verdict = .invalid }
        }
        if json { Terminal.out(output.json()) }
        switch verdict {
        case .passed: return .success
        case .failed: return .failure
        case .invalid: return .badInput
        }
    }

    /// The mutants `DIR/equivalent-mutants.json` lists as equivalent (none without the file).
    static func equivalents(in directory: String) -> EquivalentMutants {
        let path = (directory.hasSuffix("/") ? directory : directory + "/") + EquivalentMutants.fileName
        guard let data = FileManager.default.contents(atPath: path) else { return EquivalentMutants() }
        return EquivalentMutants(text: String(decoding: data, as: UTF8.self), file: path)
    }
}
