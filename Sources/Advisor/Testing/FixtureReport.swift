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

    /// `PASS name`, or `FAIL name (file:line)`, what differs, each at the line of its
    /// expectation, and the rules that decided it, each line ending in a line break; empty for
    /// a pass when `quiet`.
    public static func lines(for outcome: FixtureOutcome, quiet: Bool) -> String {
        if outcome.passed { return quiet ? "" : "PASS \(outcome.fixture)\n" }
        var out = "FAIL \(outcome.fixture) (\(outcome.file):\(outcome.line))\n"
        for (i, m) in outcome.mismatches.enumerated() {
            let at = i < outcome.places.count ? "\(outcome.places[i].file):\(outcome.places[i].line): " : ""
            out += "     \(at)\(m)\n"
        }
        if !outcome.decidedBy.isEmpty { out += "     decided by: \(outcome.decidedBy.joined(separator: ", "))\n" }
        return out
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

    /// `mutations: 146/160 noticed by the fixtures`, the changes not noticed, those listed as
    /// equivalent with their reasons, and listed ones the fixtures now notice.
    public static func mutationSummary(survivors: [Mutation], tried: Int, equivalents: EquivalentMutants = EquivalentMutants()) -> String {
        var s = "mutations: \(tried - survivors.count)/\(tried) noticed by the fixtures\n"
        let unexplained = survivors.filter { equivalents.reasons[$0.change] == nil }
        let equivalent = survivors.filter { equivalents.reasons[$0.change] != nil }
        if !unexplained.isEmpty { s += "not noticed:\n" + unexplained.map { "  \($0)\n" }.joined() }
        if !equivalent.isEmpty {
            s += "not noticed, listed as equivalent:\n" + equivalent.map { "  \($0) (\(equivalents.reasons[$0.change] ?? ""))\n" }.joined()
        }
        let surviving = Set(survivors.map(\.change))
        let stale = equivalents.reasons.keys.filter { !surviving.contains($0) }.sorted()
        if !stale.isEmpty {
            s += "listed as equivalent but noticed (or no longer made); remove from \(EquivalentMutants.fileName):\n"
            s += stale.map { c in "  " + (equivalents.places[c].map { "\($0): " } ?? "") + c + "\n" }.joined()
        }
        return s
    }
}

/// What `advisor test --json` prints: the fixtures' outcomes, and the coverage and mutations
/// when they were measured.
public struct TestReport: Sendable {
    public var report: FixtureReport
    public var equivalents: EquivalentMutants
    public var coverage: ConditionCoverage?
    public var mutations: (survivors: [Mutation], tried: Int)?

    public init(report: FixtureReport, equivalents: EquivalentMutants = EquivalentMutants()) {
        self.report = report
        self.equivalents = equivalents
    }

    public func json() -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("passed"); w.number(Double(report.passed))
        w.key("failed"); w.number(Double(report.failed))
        w.key("invalidFiles"); w.number(Double(report.invalidFiles))
        w.key("fixtures"); w.beginArray()
        for o in report.outcomes {
            w.beginObject()
            w.key("name"); w.string(o.fixture)
            w.key("file"); w.string(o.file)
            w.key("group"); w.string(o.group)
            w.key("passed"); w.bool(o.passed)
            w.key("seconds"); w.number((o.seconds * 1e6).rounded() / 1e6)
            w.key("mismatches"); w.beginArray()
            for (i, m) in o.mismatches.enumerated() {
                w.beginObject()
                if i < o.places.count { w.key("line"); w.number(Double(o.places[i].line)); w.key("column"); w.number(Double(o.places[i].column)) }
                w.key("message"); w.string(m)
                w.endObject()
            }
            w.endArray()
            w.key("decidedBy"); w.strings(o.decidedBy)
            w.endObject()
        }
        w.endArray()
        w.key("diagnostics"); w.beginArray()
        for d in report.diagnostics + equivalents.diagnostics { d.write(to: &w) }
        w.endArray()
        if let c = coverage {
            let p = CoverageReport.percent(c)
            w.key("coverage"); w.beginObject()
            w.key("rulesPercent"); w.number((p.rules * 10).rounded(.down) / 10)
            w.key("partsPercent"); w.number((p.parts * 10).rounded(.down) / 10)
            w.key("rulesNeverFired"); w.strings(c.rulesNeverFired)
            for (key, parts) in [("partsNeverTrue", c.parts.filter { $0.trueCount == 0 }), ("partsNeverFalse", c.parts.filter { $0.falseCount == 0 })] {
                w.key(key); w.beginArray()
                for part in parts {
                    w.beginObject()
                    w.key("rule"); w.string(part.info.rule)
                    w.key("part"); w.string(part.info.summary)
                    w.key("file"); w.string(part.info.location.file)
                    w.key("line"); w.number(Double(part.info.location.line))
                    w.endObject()
                }
                w.endArray()
            }
            w.endObject()
        }
        if let (survivors, tried) = mutations {
            w.key("mutations"); w.beginObject()
            w.key("tried"); w.number(Double(tried))
            w.key("noticed"); w.number(Double(tried - survivors.count))
            w.key("survivors"); w.beginArray()
            for m in survivors {
                w.beginObject()
                w.key("change"); w.string(m.change)
                w.key("file"); w.string(m.location.file)
                w.key("line"); w.number(Double(m.location.line))
                w.key("equivalent"); w.bool(equivalents.reasons[m.change] != nil)
                if let reason = equivalents.reasons[m.change] { w.key("reason"); w.string(reason) }
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endObject()
        return w.output + "\n"
    }
}
