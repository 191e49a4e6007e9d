/// Why an evaluation stopped without a result.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A rule derived a value for a fact that already held a different one.
    case conflict(fact: String, value: Value, rule: String, existing: Value, existingRule: String)
    /// More rules fired than the limit allows; `rules` are the rules that fired, most recent first.
    case firingLimitExceeded(limit: Int, rules: [String])

    public var description: String {
        switch self {
        case .conflict(let fact, let value, let rule, let existing, let existingRule):
            "conflict on '\(fact)': rule '\(rule)' derives \(value), but rule '\(existingRule)' already derived \(existing)"
        case .firingLimitExceeded(let limit, let rules):
            "more than \(limit) rule firings; the rules involved, most recent first: \(rules.joined(separator: ", "))"
        }
    }
}
