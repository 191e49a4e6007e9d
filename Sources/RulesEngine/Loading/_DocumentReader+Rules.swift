extension _DocumentReader {
    static let ruleKeys = ["id", "description", "salience", "when", "then"]
    static let conditionKeys = ["all", "any", "not", "fact", "op", "value", "valueOf"]
    static let actionKinds = ["derive", "score", "block", "warn"]

    mutating func readRules(_ node: JSONNode, _ pointer: String, into set: inout RuleSet) {
        guard let items = array(node, pointer, what: "'rules'") else { return }
        for (i, item) in items.enumerated() {
            let p = pointer + "/\(i)"
            ruleID = item["id"]?.value.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            defer { ruleID = nil }
            guard let m = members(item, p, what: "a rule", allowed: Self.ruleKeys, required: ["id", "description", "then"]) else { continue }
            // A rule without a usable id is still read to the end, so all its problems are reported.
            let id = string(m["id"], p + "/id", what: "a rule's id")
            let description = string(m["description"], p + "/description", what: "a rule's description") ?? ""
            var salience = 0
            if let s = m["salience"] {
                if let n = s.value.numberValue, n.rounded() == n, abs(n) <= 1_000_000 { salience = Int(n) } else {
                    let found = s.value.numberValue.map { "\(Value.number($0))" } ?? s.value.typeName
                    report(.wrongType, "'salience' must be a whole number between -1000000 and 1000000, found \(found)", at: location(of: s.value, p + "/salience"))
                }
            }
            var condition: Condition?
            var valid = true
            if let when = m["when"] {
                condition = readCondition(when.value, p + "/when")
                valid = condition != nil
            }
            var actions: [Located<Action>] = []
            if let then = m["then"], let list = array(then.value, p + "/then", what: "'then'") {
                if list.isEmpty { report(.invalidValue, "'then' must hold at least one action", at: location(of: then.value, p + "/then")) }
                for (j, a) in list.enumerated() {
                    if let action = readAction(a, p + "/then/\(j)") {
                        actions.append(Located(action, at: location(of: a, p + "/then/\(j)")))
                    } else { valid = false }
                }
            }
            guard let id else { continue }
            if valid {
                set.rules.append(Rule(id: id, description: description, salience: salience, condition: condition, actions: actions, location: location(of: item, p)))
            } else {
                // Keep the id so duplicate ids are still reported, with nothing that could fire.
                set.rules.append(Rule(id: id, description: description, salience: salience, condition: .any([], at: location(of: item, p)), actions: [], location: location(of: item, p)))
            }
        }
    }

    mutating func readCondition(_ node: JSONNode, _ pointer: String, depth: Int = 1) -> Condition? {
        guard depth <= Limits.conditionDepth else {
            report(.invalidValue, "conditions nest deeper than \(Limits.conditionDepth) levels of 'all', 'any' and 'not'", at: location(of: node, pointer))
            return nil
        }
        guard let m = members(node, pointer, what: "a condition", allowed: Self.conditionKeys) else { return nil }
        let kinds = ["all", "any", "not", "fact"].filter { m[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            let found = kinds.isEmpty ? "none" : kinds.joined(separator: ", ")
            report(kinds.isEmpty ? .missingKey : .invalidValue, "a condition needs exactly one of 'all', 'any', 'not' or 'fact' (found: \(found))", at: location(of: node, pointer))
            return nil
        }
        if kind != "fact" {
            for extra in ["op", "value", "valueOf"] where m[extra] != nil {
                report(.invalidValue, "'\(extra)' belongs to a comparison, not to '\(kind)'", at: location(of: m[extra]?.value ?? node, pointer + "/" + extra))
            }
        }
        switch kind {
        case "all", "any":
            guard let member = m[kind], let items = array(member.value, pointer + "/" + kind, what: "'\(kind)'") else { return nil }
            var parts: [Condition] = []
            var ok = true
            for (i, item) in items.enumerated() {
                if let c = readCondition(item, pointer + "/\(kind)/\(i)", depth: depth + 1) { parts.append(c) } else { ok = false }
            }
            guard ok else { return nil }
            let at = location(of: node, pointer)
            return kind == "all" ? .all(parts, at: at) : .any(parts, at: at)
        case "not":
            guard let member = m["not"], let inner = readCondition(member.value, pointer + "/not", depth: depth + 1) else { return nil }
            return .not(inner, at: location(of: node, pointer))
        default:
            return readComparison(node, m, pointer)
        }
    }

    mutating func readComparison(_ node: JSONNode, _ m: [String: JSONMember], _ pointer: String) -> Condition? {
        let operators = ComparisonOperator.allCases.map(\.rawValue)
        guard let fact = string(m["fact"], pointer + "/fact", what: "'fact'") else { return nil }
        guard let opMember = m["op"] else {
            report(.missingKey, "the comparison of '\(fact)' lacks the key 'op'; expected one of: \(operators.joined(separator: " "))", at: location(of: node, pointer))
            return nil
        }
        guard let opName = string(opMember, pointer + "/op", what: "'op'") else { return nil }
        guard let op = ComparisonOperator(rawValue: opName) else {
            report(.invalidValue, "unknown operator '\(opName)'\(Suggestion.hint(for: opName, in: operators)); expected one of: \(operators.joined(separator: " "))", at: location(of: opMember.value, pointer + "/op"))
            return nil
        }
        let here = location(of: node, pointer)
        switch (op.isPresence, m["value"], m["valueOf"]) {
        case (true, nil, nil):
            return .compare(Comparison(fact: fact, op: op, operand: .none, location: here))
        case (true, _, _):
            report(.invalidValue, "'\(opName)' takes no 'value' or 'valueOf'", at: here)
            return nil
        case (false, let v?, nil):
            guard let value = value(v.value, pointer + "/value", what: "'value'") else { return nil }
            return .compare(Comparison(fact: fact, op: op, operand: .value(value), location: here, operandLocation: location(of: v.value, pointer + "/value")))
        case (false, nil, let other?):
            guard let name = string(other, pointer + "/valueOf", what: "'valueOf'") else { return nil }
            return .compare(Comparison(fact: fact, op: op, operand: .fact(name), location: here, operandLocation: location(of: other.value, pointer + "/valueOf")))
        case (false, nil, nil):
            report(.missingKey, "the comparison '\(fact) \(opName)' needs 'value' (a constant) or 'valueOf' (another fact)", at: here)
            return nil
        case (false, _?, _?):
            report(.invalidValue, "a comparison takes 'value' or 'valueOf', not both", at: here)
            return nil
        }
    }

    mutating func readAction(_ node: JSONNode, _ pointer: String) -> Action? {
        guard let object = node.objectValue else {
            report(.wrongType, "an action must be an object, found \(node.typeName)", at: location(of: node, pointer))
            return nil
        }
        let kinds = Self.actionKinds.filter { k in object.contains { $0.key == k } }
        guard kinds.count == 1, let kind = kinds.first else {
            // Suggest a kind only for a misspelt one, never one the action already has.
            let keys = kinds.isEmpty ? object.map(\.key) : []
            let guess = keys.lazy.compactMap { Suggestion.nearest(to: $0, in: Self.actionKinds) }.first
            report(kinds.isEmpty ? .missingKey : .invalidValue,
                   "an action needs exactly one of 'derive', 'score', 'block' or 'warn'" + (guess.map { "; did you mean '\($0)'?" } ?? ""),
                   at: location(of: node, pointer))
            return nil
        }
        let allowed: [String] = switch kind {
        case "derive": ["derive", "value"]
        case "score": ["score", "add", "subtract"]
        case "block": ["block", "reason"]
        default: ["warn"]
        }
        let required: [String] = switch kind {
        case "derive": ["derive", "value"]
        case "block": ["block", "reason"]
        default: [kind]
        }
        guard let m = members(node, pointer, what: "a '\(kind)' action", allowed: allowed, required: required),
              let target = string(m[kind], pointer + "/" + kind, what: "'\(kind)'")
        else { return nil }
        switch kind {
        case "derive":
            guard let v = m["value"], let value = value(v.value, pointer + "/value", what: "'value'") else { return nil }
            return .derive(fact: target, value: value)
        case "score":
            let add = m["add"], subtract = m["subtract"]
            guard (add == nil) != (subtract == nil), let amountMember = add ?? subtract else {
                report(add == nil ? .missingKey : .invalidValue, "a 'score' action takes exactly one of 'add' or 'subtract'", at: location(of: node, pointer))
                return nil
            }
            guard let n = amountMember.value.numberValue else {
                report(.wrongType, "'\(amountMember.key)' must be a number, found \(amountMember.value.typeName)", at: location(of: amountMember.value, pointer + "/" + amountMember.key))
                return nil
            }
            return .score(option: target, amount: add != nil ? n : -n)
        case "block":
            guard let reason = string(m["reason"], pointer + "/reason", what: "'reason'") else { return nil }
            return .block(option: target, reason: reason)
        default:
            return .warn(id: target)
        }
    }
}
