/// The engine's limits: what a rule set or an input may hold at most, so that no input can
/// exhaust the stack, the memory or the time. Each is documented in README.md with its error.
public enum Limits {
    /// Nesting of JSON arrays and objects.
    public static let jsonDepth = 256
    /// Rules in one rule set.
    public static let rules = 100_000
    /// Nesting of `all`, `any` and `not` in one condition.
    public static let conditionDepth = 64
}
