import RulesEngine

/// A left-hand side being built: conditional elements that always match the profile `?p`.
indirect enum _ClipsLHS: Equatable {
    /// Holds for every profile (an empty `all`).
    case yes
    /// Holds for none (an empty `any`).
    case no
    /// A pattern (with its tests inside), as text.
    case pattern(String)
    /// No fact of the template for the profile: the fact is unknown.
    case absent(String)
    case and([_ClipsLHS])
    case or([_ClipsLHS])

    static func all(_ parts: [_ClipsLHS]) -> _ClipsLHS {
        var out: [_ClipsLHS] = []
        for p in parts {
            switch p {
            case .no: return .no
            case .yes: continue
            case .and(let inner): out += inner
            default: out.append(p)
            }
        }
        return out.isEmpty ? .yes : out.count == 1 ? out[0] : .and(out)
    }

    static func any(_ parts: [_ClipsLHS]) -> _ClipsLHS {
        var out: [_ClipsLHS] = []
        for p in parts {
            switch p {
            case .yes: return .yes
            case .no: continue
            case .or(let inner): out += inner
            default: out.append(p)
            }
        }
        return out.isEmpty ? .no : out.count == 1 ? out[0] : .or(out)
    }

    var text: String {
        switch self {
        case .yes: "(test (eq 1 1))"
        case .no: "(test (eq 1 0))"
        case .pattern(let p): p
        case .absent(let t): "(not (\(t) (p ?p)))"
        case .and(let parts): "(and " + parts.map(\.text).joined(separator: " ") + ")"
        case .or(let parts): "(or " + parts.map(\.text).joined(separator: " ") + ")"
        }
    }
}

extension _ClipsWriter {
    /// The elements that match exactly when `condition` is true (`positive`) or false in the
    /// engine's three-valued logic. Unknown is neither: a comparison over an unknown fact
    /// matches no fact, so neither its "true" nor its "false" element holds, and `not` swaps
    /// the two without ever matching the unknown case.
    mutating func translate(_ condition: Condition, _ positive: Bool) -> _ClipsLHS {
        switch condition {
        case .all(let parts, _):
            let ps = parts.map { translate($0, positive) }
            return positive ? .all(ps) : .any(ps)
        case .any(let parts, _):
            let ps = parts.map { translate($0, positive) }
            return positive ? .any(ps) : .all(ps)
        case .not(let part, _):
            return translate(part, !positive)
        case .compare(let c):
            return compare(c, positive)
        }
    }

    mutating func compare(_ c: Comparison, _ positive: Bool) -> _ClipsLHS {
        guard let name = template(c.fact, at: c.location), let type = types[c.fact] else { failed = true; return .no }
        switch c.op {
        case .known: return positive ? .pattern("(\(name) (p ?p))") : .absent(name)
        case .unknown: return positive ? .absent(name) : .pattern("(\(name) (p ?p))")
        default: break
        }
        variables += 1
        let x = "?v\(variables)"
        let xBind = (type == .list ? "$" : "") + x
        switch c.operand {
        case .none:
            failed = true
            return .no
        case .value(let constant):
            let test = self.test(c.op, type, x, Self.constant(constant, asList: type == .list || c.op == .isIn || c.op == .intersects))
            return .pattern("(\(name) (p ?p) (value \(xBind)&:\(positive ? test : "(not \(test))")))")
        case .fact(let other):
            guard let otherName = template(other, at: c.operandLocation), let otherType = types[other] else { failed = true; return .no }
            variables += 1
            let y = "?v\(variables)"
            let yBind = (otherType == .list ? "$" : "") + y
            let test = self.test(c.op, type, x, y)
            return .and([.pattern("(\(name) (p ?p) (value \(xBind)))"),
                         .pattern("(\(otherName) (p ?p) (value \(yBind)&:\(positive ? test : "(not \(test))")))")])
        }
    }

    /// The CLIPS test of `x op y` for a fact of `type` (x is the fact's value, y the operand).
    func test(_ op: ComparisonOperator, _ type: FactType, _ x: String, _ y: String) -> String {
        switch (op, type) {
        case (.equal, .number): "(= \(x) \(y))"
        case (.notEqual, .number): "(<> \(x) \(y))"
        case (.equal, .list): "(advisor-set= \(x) \(y))"
        case (.notEqual, .list): "(not (advisor-set= \(x) \(y)))"
        case (.equal, _): "(eq \(x) \(y))"
        case (.notEqual, _): "(neq \(x) \(y))"
        case (.less, _): "(< \(x) \(y))"
        case (.lessOrEqual, _): "(<= \(x) \(y))"
        case (.greater, _): "(> \(x) \(y))"
        case (.greaterOrEqual, _): "(>= \(x) \(y))"
        case (.isIn, _): "(member$ \(x) \(y))"
        case (.contains, _): "(member$ \(y) \(x))"
        case (.intersects, _): "(advisor-intersects \(x) \(y))"
        case (.known, _), (.unknown, _): "TRUE"
        }
    }

    /// A value as CLIPS writes it: TRUE/FALSE, a float, a string, or the strings of a list
    /// (sorted, each once: a list is a set, and equal sets are then one fact).
    static func constant(_ value: Value, asList: Bool = false) -> String {
        switch value {
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .number(let n): return number(n)
        case .string(let s): return string(s)
        case .list(let items):
            let set = Array(Set(items)).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }.map(string).joined(separator: " ")
            return asList ? "(create$ \(set))" : set
        }
    }

    /// A number as a CLIPS float (always with a point or an exponent, so that equal numbers are
    /// one fact, and exact: Swift writes the shortest text that reads back the same double).
    static func number(_ n: Double) -> String {
        let s = "\(n)"
        return s.contains(".") || s.contains("e") ? s : s + ".0"
    }

    /// A CLIPS string literal.
    static func string(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            if ch == "\"" || ch == "\\" { out += "\\" }
            out.unicodeScalars.append(ch)
        }
        return out + "\""
    }
}
