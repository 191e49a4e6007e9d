extension JSONReader {
    static let ruleKeys = ["id", "description", "salience", "when", "then"]
    static let conditionKeys = ["all", "any", "not", "fact", "op", "value", "valueOf"]
    static let actionKinds = ["derive", "score", "block", "warn"]

    mutating func readRules(_ node: JSONNode, _ pointer: String, into set: inout RuleSet) {
        guard let items = array(node, pointer, what: "'rules'") else { return }
        for (item, p) in items {
            ruleID = item["id"]?.value.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            defer { ruleID = nil }
            guard let m = object(item, p, what: "a rule", allowed: Self.ruleKeys, required: ["id", "description", "then"]) else { continue }
            // A rule without a usable id is still read to the end, so all its problems are reported.
            let id = string(m["id"], what: "a rule's id")
            let description = string(m["description"], what: "a rule's description") ?? ""
            var salience = 0
            if let s = m["salience"] { salience = wholeNumber(s, what: "'salience'", in: -1_000_000...1_000_000) ?? 0 }
            var condition: Condition?
            var valid = true
            if let when = m["when"] {
                condition = readCondition(when.node, p + "/when")
                valid = condition != nil
            }
            var actions: [Located<Action>] = []
            if let then = m["then"], let list = array(then.node, p + "/then", what: "'then'") {
                if list.isEmpty { report(.invalidValue, "'then' must hold at least one action", at: location(of: then.node, p + "/then")) }
                for (a, ap) in list {
                    if let action = readAction(a, ap) {
                        actions.append(Located(action, at: location(of: a, ap)))
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
        guard let m = object(node, pointer, what: "a condition", allowed: Self.conditionKeys) else { return nil }
        let kinds = ["all", "any", "not", "fact"].filter { m[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            let found = kinds.isEmpty ? "none" : kinds.joined(separator: ", ")
            report(kinds.isEmpty ? .missingKey : .invalidValue, "a condition needs exactly one of 'all', 'any', 'not' or 'fact' (found: \(found))", at: location(of: node, pointer))
            return nil
        }
        if kind != "fact" {
            for extra in ["op", "value", "valueOf"] where m[extra] != nil {
                report(.invalidValue, "'\(extra)' belongs to a comparison, not to '\(kind)'", at: location(of: m[extra]?.node ?? node, pointer + "/" + extra))
            }
        }
        switch kind {
        case "all", "any":
            guard let member = m[kind], let items = array(member.node, pointer + "/" + kind, what: "'\(kind)'") else { return nil }
            var parts: [Condition] = []
            var ok = true
            for (item, ip) in items {
                if let c = readCondition(item, ip, depth: depth + 1) { parts.append(c) } else { ok = false }
            }
            guard ok else { return nil }
            let at = location(of: node, pointer)
            return kind == "all" ? .all(parts, at: at) : .any(parts, at: at)
        case "not":
            guard let member = m["not"], let inner = readCondition(member.node, pointer + "/not", depth: depth + 1) else { return nil }
            return .not(inner, at: location(of: node, pointer))
        default:
            return readComparison(node, m, pointer)
        }
    }

    mutating func readComparison(_ node: JSONNode, _ m: JSONObject, _ pointer: String) -> Condition? {
        let operators = ComparisonOperator.allCases.map(\.rawValue)
        guard let fact = string(m["fact"], what: "'fact'") else { return nil }
        guard let opMember = m["op"] else {
            report(.missingKey, "the comparison of '\(fact)' lacks the key 'op'; expected one of: \(operators.joined(separator: " "))", at: location(of: node, pointer))
            return nil
        }
        guard let opName = string(opMember, what: "'op'") else { return nil }
        guard let op = ComparisonOperator(rawValue: opName) else {
            report(.invalidValue, "unknown operator '\(opName)'" + Self.expectedOneOf(opName, operators, separator: " "), at: location(of: opMember.node, pointer + "/op"))
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
            guard let value = value(v.node, pointer + "/value", what: "'value'") else { return nil }
            return .compare(Comparison(fact: fact, op: op, operand: .value(value), location: here, operandLocation: location(of: v.node, pointer + "/value")))
        case (false, nil, let other?):
            guard let name = string(other, what: "'valueOf'") else { return nil }
            return .compare(Comparison(fact: fact, op: op, operand: .fact(name), location: here, operandLocation: location(of: other.node, pointer + "/valueOf")))
        case (false, nil, nil):
            report(.missingKey, "the comparison '\(fact) \(opName)' needs 'value' (a constant) or 'valueOf' (another fact)", at: here)
            return nil
        case (false, _?, _?):
            report(.invalidValue, "a comparison takes 'value' or 'valueOf', not both", at: here)
            return nil
        }
    }

    mutating func readAction(_ node: JSONNode, _ pointer: String) -> Action? {
        guard let members = node.objectValue else {
            report(.wrongType, "an action must be an object, found \(node.typeName)", at: location(of: node, pointer))
            return nil
        }
        let kinds = Self.actionKinds.filter { k in members.contains { $0.key == k } }
        guard kinds.count == 1, let kind = kinds.first else {
            // Suggest a kind only for a misspelt one, never one the action already has.
            let keys = kinds.isEmpty ? members.map(\.key) : []
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
        guard let m = object(node, pointer, what: "a '\(kind)' action", allowed: allowed, required: required),
              let target = string(m[kind], what: "'\(kind)'")
        else { return nil }
        switch kind {
        case "derive":
            guard let v = m["value"], let value = value(v.node, pointer + "/value", what: "'value'") else { return nil }
            return .derive(fact: target, value: value)
        case "score":
            let add = m["add"], subtract = m["subtract"]
            guard (add == nil) != (subtract == nil), let amountMember = add ?? subtract else {
                report(add == nil ? .missingKey : .invalidValue, "a 'score' action takes exactly one of 'add' or 'subtract'", at: location(of: node, pointer))
                return nil
            }
            guard let n = number(amountMember, what: "'\(amountMember.key)'") else { return nil }
            return .score(option: target, amount: add != nil ? n : -n)
        case "block":
            guard let reason = string(m["reason"], what: "'reason'") else { return nil }
            return .block(option: target, reason: reason)
        default:
            return .warn(id: target)
        }
    }
}
