@testable import RulesEngine

/// A plain interpreter of the rule model, written from the engine's documented semantics and
/// sharing none of its code: facts are a dictionary of values, conditions are walked
/// recursively, and each step scans every rule. It is slow and obviously right, which is what
/// the differential test compares the flat ``Evaluator`` against.
///
/// The semantics it follows (README, doc comments, and the operator, three-valued logic,
/// chaining and conflict suites):
/// - A comparison reading an unknown fact (either side of a `valueOf`) is unknown; `known` and
///   `unknown` are never unknown. `all` is false if any part is false, else unknown if any is
///   unknown, else true (empty: true); `any` dually (empty: false); `not` keeps unknown.
/// - Lists are sets: equal when they hold the same strings, whatever the order or repeats.
///   Strings compare by their text, whether or not the rules mention them.
/// - A rule fires when its condition is true (no condition: always), at most once. Of the rules
///   ready, the one with the highest salience fires first, then the smallest id.
/// - Deriving the value a fact already holds does nothing; deriving another value stops the
///   evaluation with a conflict naming the rule that gave the old value, or "(input)".
/// - Firing once more than the limit allows stops it with the rules fired, most recent first (10).
struct ReferenceInterpreter {
    struct Contribution: Equatable { var rule: String; var amount: Double }
    struct Block: Equatable { var reason: String; var rule: String }

    /// What an evaluation shows through the public API.
    struct Outcome: Equatable {
        /// Per declared fact, in declaration order: its final value, or nil.
        var values: [Value?] = []
        var fired: [String] = []
        /// Per rule, in the order the rule set lists them.
        var outcomes: [Truth?] = []
        /// Per option, in declaration order.
        var scores: [Double] = []
        var contributions: [[Contribution]] = []
        var blocks: [[Block]] = []
        var warnings: [EvaluationResult.Warning] = []
        var trace: [EvaluationResult.TraceStep] = []
        /// Per declared fact: the rule that derived it.
        var derivingRules: [String?] = []
        var missing: [EvaluationResult.MissingFact] = []
    }

    let set: RuleSet
    var facts: [String: Value] = [:]
    var derivedBy: [String: String] = [:]
    /// The rules fired so far, in order (also when the run stopped with an error).
    var fired: [String] = []

    init(_ set: RuleSet, input: [String: Value]) {
        self.set = set
        for (name, value) in input { facts[name] = Self.normalized(value) }
    }

    /// A list as the set it stands for: sorted, without repeats.
    static func normalized(_ value: Value) -> Value {
        if case .list(let items) = value { return .list(Array(Set(items)).sorted()) }
        return value
    }

    // MARK: - Conditions

    func truth(_ condition: Condition?) -> Truth {
        guard let condition else { return .true }
        switch condition {
        case .all(let parts, _):
            let truths = parts.map { truth($0) }
            return truths.contains(.false) ? .false : truths.contains(.unknown) ? .unknown : .true
        case .any(let parts, _):
            let truths = parts.map { truth($0) }
            return truths.contains(.true) ? .true : truths.contains(.unknown) ? .unknown : .false
        case .not(let part, _):
            switch truth(part) {
            case .true: return .false
            case .false: return .true
            case .unknown: return .unknown
            }
        case .compare(let c):
            return truth(c)
        }
    }

    func truth(_ c: Comparison) -> Truth {
        let x = facts[c.fact]
        switch c.op {
        case .known: return x != nil ? .true : .false
        case .unknown: return x == nil ? .true : .false
        default: break
        }
        guard let x else { return .unknown }
        let y: Value
        switch c.operand {
        case .none: return .true  // the compiler reads a comparison without operand as `known`
        case .value(let v): y = v
        case .fact(let other):
            guard let v = facts[other] else { return .unknown }
            y = v
        }
        let result: Bool
        switch (c.op, x, y) {
        case (.equal, _, _): result = Self.same(x, y)
        case (.notEqual, _, _): result = !Self.same(x, y)
        case (.less, .number(let a), .number(let b)): result = a < b
        case (.lessOrEqual, .number(let a), .number(let b)): result = a <= b
        case (.greater, .number(let a), .number(let b)): result = a > b
        case (.greaterOrEqual, .number(let a), .number(let b)): result = a >= b
        case (.isIn, .string(let s), .list(let items)): result = items.contains(s)
        case (.contains, .list(let items), .string(let s)): result = items.contains(s)
        case (.intersects, .list(let a), .list(let b)): result = !Set(a).isDisjoint(with: b)
        default: fatalError("the generator made a comparison the validator would reject: \(c)")
        }
        return result ? .true : .false
    }

    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.list(let x), .list(let y)): Set(x) == Set(y)
        default: false
        }
    }

    // MARK: - Firing

    /// Of two rules, whether `a` fires before `b`.
    static func isBefore(_ a: Rule, _ b: Rule) -> Bool {
        a.salience != b.salience ? a.salience > b.salience : a.id < b.id
    }

    /// Runs the rules to their fixpoint.
    mutating func run(firingLimit: Int) -> Result<Outcome, EvaluationError> {
        var contributions: [(option: String, Contribution)] = []
        var blocks: [(option: String, Block)] = []
        var raised: [(warning: String, rule: String)] = []
        while true {
            let ready = set.rules.filter { !fired.contains($0.id) && truth($0.condition) == .true }
            guard let rule = ready.min(by: Self.isBefore) else { break }
            if fired.count >= firingLimit {
                return .failure(.firingLimitExceeded(limit: firingLimit, rules: Array(fired.reversed().prefix(10))))
            }
            fired.append(rule.id)
            for action in rule.actions {
                switch action.value {
                case .derive(let fact, let value):
                    let v = Self.normalized(value)
                    if let current = facts[fact] {
                        if Self.same(current, v) { continue }
                        return .failure(.conflict(fact: fact, value: v, rule: rule.id, existing: current, existingRule: derivedBy[fact] ?? "(input)"))
                    }
                    facts[fact] = v
                    derivedBy[fact] = rule.id
                case .score(let option, let amount): contributions.append((option, Contribution(rule: rule.id, amount: amount)))
                case .block(let option, let reason): blocks.append((option, Block(reason: reason, rule: rule.id)))
                case .warn(let id): raised.append((id, rule.id))
                }
            }
        }
        var out = Outcome()
        out.values = set.facts.map { facts[$0.name] }
        out.fired = fired
        out.outcomes = set.rules.map { fired.contains($0.id) ? .true : truth($0.condition) }
        for option in set.options.map(\.name) {
            let mine = contributions.filter { $0.option == option }.map(\.1)
            out.scores.append(mine.reduce(0.0) { $0 + $1.amount })
            out.contributions.append(mine)
            out.blocks.append(blocks.filter { $0.option == option }.map(\.1))
        }
        out.warnings = warnings(raised)
        out.trace = fired.map { id in
            let rule = set.rules.first { $0.id == id }!
            var derived: [String: Value] = [:]
            for (fact, by) in derivedBy where by == id { derived[fact] = facts[fact] }
            return EvaluationResult.TraceStep(rule: id, description: rule.description, derived: derived)
        }
        out.derivingRules = set.facts.map { derivedBy[$0.name] }
        out.missing = missing(fired: fired)
        return .success(out)
    }

    /// Each raised warning once, in the order first raised, with every rule that raised it,
    /// then stably sorted most severe first.
    func warnings(_ raised: [(warning: String, rule: String)]) -> [EvaluationResult.Warning] {
        var order: [String] = []
        for r in raised where !order.contains(r.warning) { order.append(r.warning) }
        let list = order.map { id in
            EvaluationResult.Warning(id: id, severity: set.warnings.first { $0.id == id }!.severity,
                                     rules: raised.filter { $0.warning == id }.map(\.rule))
        }
        return list.enumerated().sorted { a, b in
            a.element.severity.rank != b.element.severity.rank ? a.element.severity.rank < b.element.severity.rank : a.offset < b.offset
        }.map(\.element)
    }

    // MARK: - Missing facts

    /// For every rule that did not fire and whose condition is unknown, the unknown facts read by
    /// the unknown parts of its condition; by fact in declaration order, rules in priority order.
    func missing(fired: [String]) -> [EvaluationResult.MissingFact] {
        var rulesByFact: [String: [String]] = [:]
        for rule in set.rules.sorted(by: Self.isBefore) where !fired.contains(rule.id) {
            guard let condition = rule.condition else { continue }
            for fact in Set(undecided(condition)) { rulesByFact[fact, default: []].append(rule.id) }
        }
        return set.facts.compactMap { f in
            rulesByFact[f.name].map { EvaluationResult.MissingFact(fact: f.name, isInput: f.isInput, rules: $0) }
        }
    }

    func undecided(_ condition: Condition) -> [String] {
        guard truth(condition) == .unknown else { return [] }
        switch condition {
        case .all(let parts, _), .any(let parts, _): return parts.flatMap { undecided($0) }
        case .not(let part, _): return undecided(part)
        case .compare(let c):
            var read = [c.fact]
            if case .fact(let other) = c.operand { read.append(other) }
            return read.filter { facts[$0] == nil }
        }
    }
}
