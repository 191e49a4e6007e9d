/// A validated rule set in flat, index-addressed form, ready to evaluate many inputs.
///
/// Fact names are integer slots, string constants are integer symbols, operators are enum
/// cases and conditions are flat node arrays. Rules are stored in firing priority: salience
/// descending, then rule id ascending, so the agenda fires the lowest-numbered active rule.
public final class CompiledRuleSet: Sendable {
    public let facts: [FactDeclaration]
    public let options: [String]
    public let warnings: [WarningDeclaration]
    /// The rules, in firing priority.
    public let rules: [Rule]

    let slotByName: [String: Int]
    let symbols: [String]
    let symbolByString: [String: Int32]
    let nodes: [_Node]
    /// The first node of each rule's condition, or -1 for a rule that always holds.
    let roots: [Int32]
    let constantSets: [[Double]]
    let actions: [_Action]
    /// Each rule's actions: `actions[actionStart[r] ..< actionStart[r + 1]]`.
    let actionStart: [Int32]
    /// For each fact slot, the rules whose condition reads it.
    let readers: [[Int32]]
    /// Each rule's outcome when every fact is unknown: rules that read no known fact keep it.
    let outcomeWhenAllUnknown: [Truth]
    let reasons: [String]
    /// The same program in flat, unmanaged memory, for the evaluator.
    let program: _Program
    /// What each node of `nodes` is: its rule, a short text and its place.
    let nodeParts: [ConditionCoverage.PartInfo]

    init(facts: [FactDeclaration], options: [String], warnings: [WarningDeclaration], rules: [Rule],
         slotByName: [String: Int], symbols: [String], symbolByString: [String: Int32], nodes: [_Node],
         roots: [Int32], constantSets: [[Double]], actions: [_Action], actionStart: [Int32],
         readers: [[Int32]], reasons: [String], nodeParts: [ConditionCoverage.PartInfo] = []) {
        self.facts = facts
        self.options = options
        self.warnings = warnings
        self.rules = rules
        self.slotByName = slotByName
        self.symbols = symbols
        self.symbolByString = symbolByString
        self.nodes = nodes
        self.roots = roots
        self.constantSets = constantSets
        self.actions = actions
        self.actionStart = actionStart
        self.readers = readers
        self.reasons = reasons
        self.nodeParts = nodeParts
        let program = _Program(slotCount: facts.count, nodes: nodes, roots: roots, constantSets: constantSets, actions: actions, actionStart: actionStart, readers: readers)
        self.program = program
        outcomeWhenAllUnknown = FactBuffer(slotCount: facts.count).withView(program) { view in
            roots.map { $0 < 0 ? Truth.true : view.evaluate(Int($0)) }
        }
        checkInvariants()
    }

    /// The slot of a fact, or nil when no fact has that name.
    public func slot(of name: String) -> Int? { slotByName[name] }

    /// The index (in firing priority) of the rule with this id.
    public func ruleIndex(of id: String) -> Int? { rules.firstIndex { $0.id == id } }

    /// The symbol of a string constant the rules use, if they use it.
    func symbol(of string: String) -> Int32? { symbolByString[string] }

    func string(ofSymbol id: Int32) -> String? {
        id >= 0 && Int(id) < symbols.count ? symbols[Int(id)] : nil
    }
}

extension CompiledRuleSet {
    /// The constant values the rules compare a fact with, each once, in rule order.
    ///
    /// Useful to probe which values of an unknown fact would change an outcome.
    public func constants(comparedWith fact: String) -> [Value] {
        var out: [Value] = []
        for rule in rules {
            for c in rule.condition?.comparisons ?? [] where c.fact == fact {
                if case .value(let v) = c.operand, !out.contains(v) { out.append(v) }
            }
        }
        return out
    }
}

extension CompiledRuleSet {
    /// Every comparison in the rules that reads `fact`, as the compared fact or as the other
    /// fact of a `valueOf` operand.
    ///
    /// What these comparisons can tell apart is all the rules can tell apart of the fact's
    /// values: two values that every one of them treats alike lead to the same evaluation.
    public func comparisons(involving fact: String) -> [Comparison] {
        rules.flatMap { rule in
            (rule.condition?.comparisons ?? []).filter { c in
                if c.fact == fact { return true }
                if case .fact(let other) = c.operand { return other == fact }
                return false
            }
        }
    }
}
