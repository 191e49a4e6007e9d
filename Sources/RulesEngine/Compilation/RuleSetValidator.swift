/// Checks a loaded rule set against its own declarations: names, types, operators and actions.
///
/// Every problem is reported; none stops the others from being found.
struct RuleSetValidator {
    let set: RuleSet
    var diagnostics: [Diagnostic] = []
    var factsByName: [String: FactDeclaration] = [:]

    init(_ set: RuleSet) { self.set = set }

    mutating func run() -> [Diagnostic] {
        declareAll()
        var ruleIDs: [String: Rule] = [:]
        for rule in set.rules {
            if let first = ruleIDs[rule.id] {
                diagnostics.append(Diagnostic(.duplicateRuleID, .error, "the rule id '\(rule.id)' is used twice; first at \(first.location)", at: rule.location, rule: rule.id))
            } else {
                ruleIDs[rule.id] = rule
            }
            if let condition = rule.condition {
                for c in condition.comparisons { check(c, in: rule) }
            }
            for action in rule.actions { check(action, in: rule) }
        }
        diagnostics += RuleSetValidator.cycles(in: set)
        return diagnostics
    }

    mutating func declareAll() {
        func duplicate(_ kind: String, _ name: String, _ at: SourceLocation, _ first: SourceLocation) {
            diagnostics.append(Diagnostic(.duplicateDeclaration, .error, "the \(kind) '\(name)' is declared twice; first at \(first)", at: at))
        }
        for fact in set.facts {
            if let first = factsByName[fact.name] { duplicate("fact", fact.name, fact.location, first.location) } else { factsByName[fact.name] = fact }
        }
        var options: [String: SourceLocation] = [:]
        for o in set.options {
            if let first = options[o.name] { duplicate("option", o.name, o.location, first) } else { options[o.name] = o.location }
        }
        var warnings: [String: SourceLocation] = [:]
        for w in set.warnings {
            if let first = warnings[w.id] { duplicate("warning", w.id, w.location, first) } else { warnings[w.id] = w.location }
        }
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at: SourceLocation, rule: Rule) {
        diagnostics.append(Diagnostic(code, .error, message, at: at, rule: rule.id))
    }

    /// The declaration of `name`, or nil after reporting it as undeclared.
    mutating func fact(_ name: String, at: SourceLocation, in rule: Rule) -> FactDeclaration? {
        if let f = factsByName[name] { return f }
        report(.undeclaredFact, "the fact '\(name)' is not declared\(Suggestion.hint(for: name, in: set.facts.map(\.name)))", at: at, rule: rule)
        return nil
    }

    mutating func check(_ c: Comparison, in rule: Rule) {
        guard let fact = fact(c.fact, at: c.location, in: rule) else {
            if case .fact(let other) = c.operand { _ = self.fact(other, at: c.operandLocation, in: rule) }
            return
        }
        let op = c.op.rawValue
        func mismatch(_ expected: String) {
            report(.operatorMismatch, "'\(op)' needs \(expected), but '\(fact.name)' is \(fact.type)", at: c.location, rule: rule)
        }
        switch c.operand {
        case .none:
            return
        case .fact(let otherName):
            guard let other = self.fact(otherName, at: c.operandLocation, in: rule) else { return }
            let compatible: Bool
            switch c.op {
            case .equal, .notEqual: compatible = Self.scalarKind(fact.type) == Self.scalarKind(other.type)
            case .less, .lessOrEqual, .greater, .greaterOrEqual: compatible = fact.type == .number && other.type == .number
            case .contains: compatible = fact.type == .list && Self.scalarKind(other.type) == "string"
            case .intersects: compatible = fact.type == .list && other.type == .list
            case .isIn: compatible = Self.scalarKind(fact.type) == "string" && other.type == .list
            case .known, .unknown: compatible = false
            }
            if !compatible {
                report(.typeMismatch, "'\(fact.name)' (\(fact.type)) cannot be compared with '\(other.name)' (\(other.type)) by '\(op)'", at: c.operandLocation, rule: rule)
            }
        case .value(let value):
            switch c.op {
            case .equal, .notEqual:
                checkValue(value, against: fact, at: c.operandLocation, in: rule)
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                guard fact.type == .number else { return mismatch("a number fact") }
                checkValue(value, against: fact, at: c.operandLocation, in: rule)
            case .isIn:
                guard Self.scalarKind(fact.type) == "string" else { return mismatch("a string or enum fact") }
                guard case .list(let items) = value else {
                    return report(.typeMismatch, "'in' needs a list of values for '\(fact.name)', found \(value)", at: c.operandLocation, rule: rule)
                }
                for item in items { checkValue(.string(item), against: fact, at: c.operandLocation, in: rule) }
            case .contains:
                guard fact.type == .list else { return mismatch("a list fact") }
                guard case .string = value else {
                    return report(.typeMismatch, "'contains' needs a string value for the list '\(fact.name)', found \(value)", at: c.operandLocation, rule: rule)
                }
            case .intersects:
                guard fact.type == .list else { return mismatch("a list fact") }
                guard case .list = value else {
                    return report(.typeMismatch, "'intersects' needs a list value for '\(fact.name)', found \(value)", at: c.operandLocation, rule: rule)
                }
            case .known, .unknown:
                return
            }
        }
    }

    /// "string" for string and enum facts, which share one representation; else the type's name.
    static func scalarKind(_ type: FactType) -> String {
        if case .enumeration = type { return "string" }
        return "\(type)"
    }

    mutating func checkValue(_ value: Value, against fact: FactDeclaration, at: SourceLocation, in rule: Rule) {
        if fact.type.admits(value) { return }
        if case .enumeration(let values) = fact.type, case .string(let s) = value {
            report(.notInEnum, "'\(s)' is not a value of '\(fact.name)'\(Suggestion.hint(for: s, in: values)); expected one of: \(values.joined(separator: ", "))", at: at, rule: rule)
        } else {
            report(.typeMismatch, "'\(fact.name)' is \(fact.type), but the value \(value) is not", at: at, rule: rule)
        }
    }

    mutating func check(_ action: Located<Action>, in rule: Rule) {
        let at = action.location
        switch action.value {
        case .derive(let name, let value):
            guard let f = fact(name, at: at, in: rule) else { return }
            if f.isInput {
                report(.derivesInputFact, "the rule derives '\(name)', which only an input may give (declared with \"input\": true)", at: at, rule: rule)
            }
            checkValue(value, against: f, at: at, in: rule)
        case .score(let option, _), .block(let option, _):
            let names = set.options.map(\.name)
            if !names.contains(option) {
                report(.undeclaredOption, "the option '\(option)' is not declared\(Suggestion.hint(for: option, in: names))", at: at, rule: rule)
            }
        case .warn(let id):
            let ids = set.warnings.map(\.id)
            if !ids.contains(id) {
                report(.undeclaredWarning, "the warning '\(id)' is not declared\(Suggestion.hint(for: id, in: ids))", at: at, rule: rule)
            }
        }
    }

    /// Cycles of derivation: rule A derives a fact rule B reads, and so on back to A.
    ///
    /// With refraction each rule fires once, so a cycle cannot run away, but it usually means
    /// a rule set whose answer depends on firing order: it is a warning.
    static func cycles(in set: RuleSet) -> [Diagnostic] {
        var readers: [String: [Int]] = [:]
        for (i, rule) in set.rules.enumerated() {
            for f in Set(rule.condition?.facts ?? []) { readers[f, default: []].append(i) }
        }
        let edges: [[Int]] = set.rules.map { rule in
            var next = Set<Int>()
            for a in rule.actions { if case .derive(let f, _) = a.value { next.formUnion(readers[f] ?? []) } }
            return next.sorted()
        }
        // Iterative depth-first search with colours; each cycle is reported from its first rule.
        var colour = [UInt8](repeating: 0, count: set.rules.count)
        var diagnostics: [Diagnostic] = []
        var reported = Set<Set<Int>>()
        for start in set.rules.indices where colour[start] == 0 {
            var stack: [(node: Int, edge: Int)] = [(start, 0)]
            var path: [Int] = [start]
            colour[start] = 1
            while let top = stack.last {
                if top.edge < edges[top.node].count {
                    stack[stack.count - 1].edge += 1
                    let next = edges[top.node][top.edge]
                    if colour[next] == 1, let from = path.firstIndex(of: next) {
                        let cycle = Array(path[from...])
                        if reported.insert(Set(cycle)).inserted {
                            let names = (cycle + [next]).map { set.rules[$0].id }.joined(separator: " → ")
                            let first = set.rules[next]
                            diagnostics.append(Diagnostic(.derivationCycle, .warning, "rules derive each other's facts in a loop: \(names)", at: first.location, rule: first.id))
                        }
                    } else if colour[next] == 0 {
                        colour[next] = 1
                        stack.append((next, 0))
                        path.append(next)
                    }
                } else {
                    colour[top.node] = 2
                    stack.removeLast()
                    path.removeLast()
                }
            }
        }
        return diagnostics
    }
}
