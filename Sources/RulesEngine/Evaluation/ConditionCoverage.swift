/// How often each part of each rule's condition was seen true, false and unknown, and how often
/// each rule fired, over the evaluations an ``Evaluator`` made while recording.
///
/// A part counts only when it was evaluated: a part that `all` skipped after a false part, or
/// `any` after a true one, is not seen.
public struct ConditionCoverage: Sendable, Hashable {
    /// What a part is: its rule, a short text (`all`, `balance > 0`) and where it stands.
    public struct PartInfo: Sendable, Hashable {
        public var rule: String
        public var summary: String
        public var location: SourceLocation
    }

    /// One part of a condition with its counts.
    public struct Part: Sendable, Hashable {
        public var info: PartInfo
        public var trueCount: Int
        public var falseCount: Int
        public var unknownCount: Int

        /// Seen both true and false.
        public var isCovered: Bool { trueCount > 0 && falseCount > 0 }
    }

    /// Every part of every condition, rules in priority order, each condition depth first.
    public var parts: [Part]
    /// How often each rule fired, by rule id, rules in priority order.
    public var firings: [(rule: String, count: Int)]
    /// How many evaluations were recorded.
    public var evaluations: Int

    /// The rules that never fired.
    public var rulesNeverFired: [String] { firings.filter { $0.count == 0 }.map(\.rule) }

    public static func == (a: ConditionCoverage, b: ConditionCoverage) -> Bool {
        a.parts == b.parts && a.evaluations == b.evaluations
            && a.firings.map(\.rule) == b.firings.map(\.rule) && a.firings.map(\.count) == b.firings.map(\.count)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(parts)
        hasher.combine(evaluations)
    }
}
