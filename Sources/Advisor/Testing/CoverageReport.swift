import RulesEngine

/// The text of `advisor test --coverage`.
public enum CoverageReport {
    /// The report: the counts, then the rules no fixture fires and the condition parts never
    /// seen true or never seen false, each with its place.
    public static func text(_ c: ConditionCoverage) -> String {
        let fired = c.firings.filter { $0.count > 0 }.count
        let covered = c.parts.filter(\.isCovered).count
        var out = "coverage: \(fired)/\(c.firings.count) rules fired; \(covered)/\(c.parts.count) condition parts seen both true and false\n"
        let places = Dictionary(c.parts.map { ($0.info.rule, $0.info.location) }, uniquingKeysWith: { first, _ in first })
        func section(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out += title + ":\n" + lines.map { "  " + $0 + "\n" }.joined()
        }
        section("rules no fixture fires", c.rulesNeverFired.map { rule in
            (places[rule].map { "\($0): " } ?? "") + rule
        })
        section("condition parts never seen true", c.parts.filter { $0.trueCount == 0 }.map(describe))
        section("condition parts never seen false", c.parts.filter { $0.falseCount == 0 }.map(describe))
        return out
    }

    /// `file:line:col: rule: summary` of one condition part.
    public static func describe(_ part: ConditionCoverage.Part) -> String {
        "\(part.info.location): \(part.info.rule): \(part.info.summary)"
    }
}
