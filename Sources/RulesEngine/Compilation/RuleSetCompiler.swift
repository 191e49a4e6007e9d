/// Validates a rule set and compiles it once into a ``CompiledRuleSet``.
public enum RuleSetCompiler {
    /// The result of compiling: the compiled set when there were no errors, and every diagnostic.
    public struct Output: Sendable {
        public var compiled: CompiledRuleSet?
        public var diagnostics: [Diagnostic]
    }

    /// Validates and compiles `set`.
    /// - Returns: the compiled set (nil when any diagnostic is an error) and all diagnostics.
    /// - Complexity: O(n log n) in the size of the rule set.
    public static func compile(_ set: RuleSet) -> Output {
        var validator = RuleSetValidator(set)
        let diagnostics = validator.run()
        if diagnostics.contains(where: { $0.severity == .error }) {
            return Output(compiled: nil, diagnostics: diagnostics)
        }
        var builder = _Builder(set)
        return Output(compiled: builder.build(), diagnostics: diagnostics)
    }

    /// Loads and compiles, in one step, returning the diagnostics of both.
    public static func compile(_ loaded: LoadedRuleSet) -> Output {
        if loaded.hasErrors {
            // Still validate what did load, so every error is reported at once.
            var validator = RuleSetValidator(loaded.ruleSet)
            return Output(compiled: nil, diagnostics: loaded.diagnostics + validator.run())
        }
        var output = compile(loaded.ruleSet)
        output.diagnostics = loaded.diagnostics + output.diagnostics
        return output
    }
}

struct _Builder {
    let set: RuleSet
    var slotByName: [String: Int] = [:]
    var symbols: [String] = []
    var symbolByString: [String: Int32] = [:]
    var nodes: [_Node] = []
    /// For each node: its rule, a short text and its place, for coverage reports.
    var nodeParts: [ConditionCoverage.PartInfo] = []
    var currentRule = ""
    var constantSets: [[Double]] = []
    var reasons: [String] = []

    init(_ set: RuleSet) {
        self.set = set
        for (i, f) in set.facts.enumerated() { slotByName[f.name] = i }
        for f in set.facts {
            if case .enumeration(let values) = f.type { for v in values { _ = symbol(v) } }
        }
    }

    mutating func symbol(_ s: String) -> Int32 {
        if let id = symbolByString[s] { return id }
        let id = Int32(symbols.count)
        symbols.append(s)
        symbolByString[s] = id
        return id
    }

    mutating func scalar(_ value: Value) -> Double {
        switch value {
        case .bool(let b): b ? 1 : 0
        case .number(let n): n
        case .string(let s): Double(symbol(s))
        case .list: 0
        }
    }

    mutating func constantSet(_ items: [String]) -> Int32 {
        let set = Array(Set(items.map { Double(symbol($0)) })).sorted()
        if let i = constantSets.firstIndex(of: set) { return Int32(i) }
        constantSets.append(set)
        return Int32(constantSets.count - 1)
    }

    /// The slot of a declared fact. The builder runs only on a rule set the validator passed,
    /// which names no undeclared fact; reaching here with one is a defect of the validator, so
    /// it stops rather than compile the comparison against another fact's slot.
    func slot(_ name: String) -> Int32 {
        guard let slot = slotByName[name] else { preconditionFailure("the validator let the undeclared fact '\(name)' through") }
        return Int32(slot)
    }

    mutating func build() -> CompiledRuleSet {
        let order = set.rules.indices.sorted { a, b in
            let ra = set.rules[a], rb = set.rules[b]
            return ra.salience != rb.salience ? ra.salience > rb.salience : ra.id < rb.id
        }
        let rules = order.map { set.rules[$0] }
        var roots: [Int32] = []
        var actions: [_Action] = []
        var actionStart: [Int32] = []
        var readers = [[Int32]](repeating: [], count: set.facts.count)
        for (r, rule) in rules.enumerated() {
            currentRule = rule.id
            if let condition = rule.condition {
                roots.append(Int32(nodes.count))
                emit(condition)
            } else {
                roots.append(-1)
            }
            for name in Set(rule.condition?.facts ?? []) {
                if let s = slotByName[name] { readers[s].append(Int32(r)) }
            }
            actionStart.append(Int32(actions.count))
            for a in rule.actions { actions.append(compile(a.value)) }
        }
        actionStart.append(Int32(actions.count))
        for i in readers.indices { readers[i].sort() }
        return CompiledRuleSet(
            facts: set.facts, options: set.options.map(\.name), warnings: set.warnings, rules: rules,
            slotByName: slotByName, symbols: symbols, symbolByString: symbolByString, nodes: nodes,
            roots: roots, constantSets: constantSets, actions: actions, actionStart: actionStart,
            readers: readers, reasons: reasons, nodeParts: nodeParts)
    }

    mutating func compile(_ action: Action) -> _Action {
        switch action {
        case .derive(let fact, let value):
            if case .list(let items) = value {
                return _Action(kind: .derive, target: slot(fact), number: 0, arg: constantSet(items))
            }
            return _Action(kind: .derive, target: slot(fact), number: scalar(value), arg: -1)
        case .score(let option, let amount):
            return _Action(kind: .score, target: Int32(set.options.firstIndex { $0.name == option } ?? 0), number: amount, arg: -1)
        case .block(let option, let reason):
            let r: Int
            if let i = reasons.firstIndex(of: reason) { r = i } else { reasons.append(reason); r = reasons.count - 1 }
            return _Action(kind: .block, target: Int32(set.options.firstIndex { $0.name == option } ?? 0), number: 0, arg: Int32(r))
        case .warn(let id):
            return _Action(kind: .warn, target: Int32(set.warnings.firstIndex { $0.id == id } ?? 0), number: 0, arg: -1)
        }
    }

    /// Appends the nodes of `condition` in prefix order and patches each node's `end`.
    mutating func emit(_ condition: Condition) {
        let index = nodes.count
        nodeParts.append(ConditionCoverage.PartInfo(rule: currentRule, summary: condition.summary, location: condition.location))
        switch condition {
        case .all(let parts, _), .any(let parts, _):
            let isAll: Bool = if case .all = condition { true } else { false }
            nodes.append(_Node(op: isAll ? .all : .any, slot: 0, arg: 0, end: 0, number: 0))
            for p in parts { emit(p) }
        case .not(let inner, _):
            nodes.append(_Node(op: .not, slot: 0, arg: 0, end: 0, number: 0))
            emit(inner)
        case .compare(let c):
            nodes.append(leaf(c))
        }
        nodes[index].end = Int32(nodes.count)
    }

    mutating func leaf(_ c: Comparison) -> _Node {
        let s = slot(c.fact)
        let isList = set.facts[Int(s)].type == .list
        func node(_ op: _Node.Op, arg: Int32 = 0, number: Double = 0) -> _Node {
            _Node(op: op, slot: s, arg: arg, end: 0, number: number)
        }
        switch (c.op, c.operand) {
        case (.known, _): return node(.known)
        case (.unknown, _): return node(.unknown)
        case (let op, .fact(let other)):
            let o = slot(other)
            switch op {
            case .equal: return node(isList ? .listEqFact : .eqFact, arg: o)
            case .notEqual: return node(isList ? .listNeFact : .neFact, arg: o)
            case .less: return node(.ltFact, arg: o)
            case .lessOrEqual: return node(.leFact, arg: o)
            case .greater: return node(.gtFact, arg: o)
            case .greaterOrEqual: return node(.geFact, arg: o)
            case .isIn: return node(.inListFact, arg: o)
            case .contains: return node(.containsFact, arg: o)
            default: return node(.intersectsFact, arg: o)
            }
        case (let op, .value(let value)):
            if case .list(let items) = value {
                let set = constantSet(items)
                switch op {
                case .isIn: return node(.inSet, arg: set)
                case .intersects: return node(.intersects, arg: set)
                case .notEqual: return node(.listNe, arg: set)
                default: return node(.listEq, arg: set)
                }
            }
            let n = scalar(value)
            switch op {
            case .notEqual: return node(.ne, number: n)
            case .less: return node(.lt, number: n)
            case .lessOrEqual: return node(.le, number: n)
            case .greater: return node(.gt, number: n)
            case .greaterOrEqual: return node(.ge, number: n)
            case .contains: return node(.contains, number: n)
            default: return node(.eq, number: n)
            }
        case (_, .none): return node(.known)
        }
    }
}
