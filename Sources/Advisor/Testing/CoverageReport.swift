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

    /// The percentages of rules fired and of condition parts seen both true and false (100 when
    /// there are none).
    public static func percent(_ c: ConditionCoverage) -> (rules: Double, parts: Double) {
        let fired = c.firings.filter { $0.count > 0 }.count
        let covered = c.parts.filter(\.isCovered).count
        return (c.firings.isEmpty ? 100 : 100 * Double(fired) / Double(c.firings.count),
                c.parts.isEmpty ? 100 : 100 * Double(covered) / Double(c.parts.count))
    }

    /// Whether both percentages reach `minimum`.
    public static func meets(_ c: ConditionCoverage, _ minimum: Int) -> Bool {
        let p = percent(c)
        return p.rules >= Double(minimum) && p.parts >= Double(minimum)
    }

    /// `coverage: 86.3% of rules fired, 81.6% of condition parts seen both true and false`.
    public static func percentages(_ c: ConditionCoverage) -> String {
        let p = percent(c)
        return "coverage: \(format(p.rules))% of rules fired, \(format(p.parts))% of condition parts seen both true and false\n"
    }

    static func format(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)"
    }
}
