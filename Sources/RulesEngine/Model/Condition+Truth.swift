/// The exact truth of a condition for given values, as the evaluator computes it: a comparison
/// with an unknown fact is unknown, `all` is false when a part is false, `any` is true when a
/// part is true, `not` keeps unknown.
extension Condition {
    /// - Parameter values: each known fact's value; a fact that is absent is unknown.
    public func truth(_ values: [String: Value]) -> Truth {
        switch self {
        case .compare(let c):
            return c.truth(values)
        case .not(let part, _):
            switch part.truth(values) {
            case .true: return .false
            case .false: return .true
            case .unknown: return .unknown
            }
        case .all(let parts, _):
            var out = Truth.true
            for p in parts {
                switch p.truth(values) {
                case .false: return .false
                case .unknown: out = .unknown
                case .true: break
                }
            }
            return out
        case .any(let parts, _):
            var out = Truth.false
            for p in parts {
                switch p.truth(values) {
                case .true: return .true
                case .unknown: out = .unknown
                case .false: break
                }
            }
            return out
        }
    }
}

extension Comparison {
    /// The truth of this comparison for given values (absent: unknown).
    public func truth(_ values: [String: Value]) -> Truth {
        let x = values[fact]
        switch op {
        case .known: return x == nil ? .false : .true
        case .unknown: return x == nil ? .true : .false
        default: break
        }
        let y: Value?
        switch operand {
        case .none: return x == nil ? .false : .true
        case .value(let v): y = v
        case .fact(let other): y = values[other]
        }
        guard let x, let y else { return .unknown }
        return Self.compare(x, op, y) ? .true : .false
    }

    static func compare(_ x: Value, _ op: ComparisonOperator, _ y: Value) -> Bool {
        switch (x, y) {
        case (.number(let a), .number(let b)):
            switch op {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            default: return false
            }
        case (.list(let a), .list(let b)):
            switch op {
            case .equal: return Set(a) == Set(b)
            case .notEqual: return Set(a) != Set(b)
            case .intersects: return !Set(a).isDisjoint(with: b)
            default: return false
            }
        case (.list(let a), .string(let s)):
            return op == .contains && a.contains(s)
        case (_, .list(let items)):
            if case .string(let s) = x { return op == .isIn && items.contains(s) }
            return false
        default:
            switch op {
            case .equal: return x == y
            case .notEqual: return x != y
            default: return false
            }
        }
    }
}
