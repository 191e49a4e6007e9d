import RulesEngine

/// The results of running a fixture suite, and the lines `advisor test` prints for them.
public struct FixtureReport: Sendable {
    /// The outcome of every fixture that could be read, in the suite's order.
    public private(set) var outcomes: [FixtureOutcome] = []
    /// The problems with the fixture files themselves.
    public let diagnostics: [Diagnostic]

    /// How the run ends: every fixture passed, some failed, or some fixture file is invalid.
    public enum Verdict: Sendable, Equatable {
        case passed, failed, invalid
    }

    public init(diagnostics: [Diagnostic] = []) {
        self.diagnostics = diagnostics
    }

    /// Runs every fixture of `suite` with `advisor`, calling `each` after each one (to print
    /// its line as it comes).
    public static func run(_ suite: FixtureSuite, with advisor: Advisor, each: (FixtureOutcome) -> Void = { _ in }) -> FixtureReport {
        var report = FixtureReport(diagnostics: suite.diagnostics)
        for fixture in suite.fixtures {
            let outcome = FixtureSuite.run(fixture, with: advisor)
            report.record(outcome)
            each(outcome)
        }
        return report
    }

    /// Adds one fixture's outcome.
    public mutating func record(_ outcome: FixtureOutcome) { outcomes.append(outcome) }

    public var passed: Int { outcomes.count(where: \.passed) }
    public var failed: Int { outcomes.count - passed }
    /// How many files have problems.
    public var invalidFiles: Int { Set(diagnostics.map(\.location.file)).count }

    public var verdict: Verdict {
        if !diagnostics.isEmpty { return .invalid }
        return failed > 0 ? .failed : .passed
    }

    /// `PASS name`, or `FAIL name (file)` and what differs, each line ending in a line break;
    /// empty for a pass when `quiet`.
    public static func lines(for outcome: FixtureOutcome, quiet: Bool) -> String {
        if outcome.passed { return quiet ? "" : "PASS \(outcome.fixture)\n" }
        return "FAIL \(outcome.fixture) (\(outcome.file))\n" + outcome.mismatches.map { "     \($0)\n" }.joined()
    }

    /// `70 passed, 1 failed` (and `, 2 invalid fixture files`), with a line break.
    public var summary: String {
        let invalid = invalidFiles
        return "\(passed) passed, \(failed) failed" + (invalid > 0 ? ", \(invalid) invalid fixture file\(invalid == 1 ? "" : "s")" : "") + "\n"
    }

    /// The results as JUnit XML, the invalid files as errors.
    public var junit: String {
        JUnitReport.xml(outcomes, invalid: diagnostics.map { (file: $0.location.file, message: $0.description) })
    }

    /// `mutations: 146/160 noticed by the fixtures` and the list of those not noticed.
    public static func mutationSummary(survivors: [Mutation], tried: Int) -> String {
        var s = "mutations: \(tried - survivors.count)/\(tried) noticed by the fixtures\n"
        if !survivors.isEmpty { s += "not noticed:\n" + survivors.map { "  \($0)\n" }.joined() }
        return s
    }
}
