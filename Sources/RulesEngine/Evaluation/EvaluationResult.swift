/// What an evaluation concluded: final facts, scores, blocks, warnings and the trace.
public struct EvaluationResult: Sendable {
    /// A score added to (or taken from) an option by a rule.
    public struct Contribution: Sendable, Hashable {
        var option: Int32
        var rule: Int32
        public var amount: Double
    }

    /// An option blocked by a rule, with the reason id.
    public struct Block: Sendable, Hashable {
        var option: Int32
        var reason: Int32
        var rule: Int32
    }

    /// A warning raised by a rule.
    public struct Raised: Sendable, Hashable {
        var warning: Int32
        var rule: Int32
    }

    public let ruleSet: CompiledRuleSet
    /// The facts at the fixpoint: the input and everything the rules derived.
    public let facts: FactBuffer
    let derivedBy: [Int32]
    let fired: [Int32]
    let outcomes: [Truth]
    let scores: [Double]
    let contributions: [Contribution]
    let blocks: [Block]
    let raised: [Raised]

    // The accessors take names and ids, never indexes: a name the rule set does not have gives
    // nil, 0 or an empty list, as each says.

    /// The value of a fact at the fixpoint, or nil when it is unknown or no fact has that name.
    public func value(of name: String) -> Value? {
        ruleSet.slot(of: name).flatMap { facts.value($0, in: ruleSet) }
    }

    /// The ids of the rules that fired, in firing order.
    public var firedRules: [String] { fired.map { ruleSet.rules[Int($0)].id } }

    /// The outcome of a rule's condition at the fixpoint (true for a fired rule at firing time);
    /// nil for an id no rule has.
    public func outcome(of ruleID: String) -> Truth? {
        ruleSet.ruleIndex(of: ruleID).flatMap { $0 < outcomes.count ? outcomes[$0] : nil }
    }

    /// The score of each option, by name; 0 for a name no option has.
    public func score(of option: String) -> Double {
        ruleSet.options.firstIndex(of: option).flatMap { $0 < scores.count ? scores[$0] : nil } ?? 0
    }

    /// The rules that changed an option's score, in firing order, with the amounts; empty for a
    /// name no option has.
    public func contributions(to option: String) -> [(rule: String, amount: Double)] {
        guard let o = ruleSet.options.firstIndex(of: option) else { return [] }
        return contributions.filter { $0.option == Int32(o) }.map { (ruleSet.rules[Int($0.rule)].id, $0.amount) }
    }

    /// The blocks of an option: each reason with the rule that blocked it; empty for a name no
    /// option has.
    public func blocks(of option: String) -> [(reason: String, rule: String)] {
        guard let o = ruleSet.options.firstIndex(of: option) else { return [] }
        return blocks.filter { $0.option == Int32(o) }.map { (ruleSet.reasons[Int($0.reason)], ruleSet.rules[Int($0.rule)].id) }
    }

    /// Whether any rule blocked the option; false for a name no option has.
    public func isBlocked(_ option: String) -> Bool { !blocks(of: option).isEmpty }

    /// A warning and the rules that raised it.
    public struct Warning: Sendable, Hashable {
        public var id: String
        public var severity: WarningSeverity
        public var rules: [String]
    }

    /// The raised warnings, each once, most severe first, then in the order they were raised.
    public var warnings: [Warning] {
        var order: [Int32] = []
        var rules: [Int32: [String]] = [:]
        for r in raised {
            if rules[r.warning] == nil { order.append(r.warning) }
            rules[r.warning, default: []].append(ruleSet.rules[Int(r.rule)].id)
        }
        let list = order.map { w in
            let d = ruleSet.warnings[Int(w)]
            return Warning(id: d.id, severity: d.severity, rules: rules[w] ?? [])
        }
        return list.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity < b.element.severity : a.offset < b.offset
        }.map(\.element)
    }

    /// One step of the trace: a rule that fired and the facts it derived.
    public struct TraceStep: Sendable, Hashable {
        public var rule: String
        public var description: String
        public var derived: [String: Value]
    }

    /// The rules that fired, in order, with what each derived.
    /// - Complexity: O(rules fired + facts).
    public var trace: [TraceStep] {
        // The slots each rule derived, found in one pass (not one pass per rule).
        var slotsBy: [Int32: [Int]] = [:]
        for (slot, by) in derivedBy.enumerated() where by >= 0 { slotsBy[by, default: []].append(slot) }
        return fired.map { r in
            var derived: [String: Value] = [:]
            for slot in slotsBy[r] ?? [] {
                derived[ruleSet.facts[slot].name] = facts.value(slot, in: ruleSet)
            }
            let rule = ruleSet.rules[Int(r)]
            return TraceStep(rule: rule.id, description: rule.description, derived: derived)
        }
    }

    /// The rule that derived a fact (nil for an input fact, an unknown one, or a name no fact has).
    public func derivingRule(of fact: String) -> String? {
        guard let s = ruleSet.slot(of: fact), s < derivedBy.count, derivedBy[s] >= 0 else { return nil }
        return ruleSet.rules[Int(derivedBy[s])].id
    }

    /// An unknown fact whose value could have activated rules that did not fire.
    public struct MissingFact: Sendable, Hashable {
        public var fact: String
        public var isInput: Bool
        /// The rules (in priority order) it could have activated.
        public var rules: [String]
    }

    /// The unknown facts whose value could have activated a rule that did not fire.
    ///
    /// Computed on demand: for every unfired rule whose condition is unknown at the fixpoint,
    /// the unknown facts under the parts of its condition that are themselves unknown.
    public func missingFacts() -> [MissingFact] {
        var bySlot: [Int32: [String]] = [:]
        var scratch: [Int32] = []
        let firedRules = Set(fired)
        facts.withView(ruleSet.program) { view in
            for r in ruleSet.rules.indices where ruleSet.roots[r] >= 0 && !firedRules.contains(Int32(r)) {
                scratch.removeAll(keepingCapacity: true)
                view.undecidedFacts(Int(ruleSet.roots[r]), into: &scratch)
                for s in Set(scratch) { bySlot[s, default: []].append(ruleSet.rules[r].id) }
            }
        }
        return bySlot.keys.sorted().map { s in
            let f = ruleSet.facts[Int(s)]
            return MissingFact(fact: f.name, isInput: f.isInput, rules: bySlot[s] ?? [])
        }
    }
}
