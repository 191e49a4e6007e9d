/// What a condition can come to when some facts are fixed and the others may be anything.
extension Condition {
    /// The truth values the condition can take when each fact in `fixed` has the value given
    /// (nil: unknown) and every other fact may have any value or none. An over-approximation:
    /// a value left out can never occur; a value given may occur.
    public func possibleOutcomes(fixed: [String: Value?]) -> Set<Truth> {
        switch self {
        case .compare(let c):
            return c.possibleOutcomes(fixed: fixed)
        case .not(let part, _):
            return Set(part.possibleOutcomes(fixed: fixed).map { t in t == .true ? .false : t == .false ? .true : .unknown })
        case .all(let parts, _):
            let outcomes = parts.map { $0.possibleOutcomes(fixed: fixed) }
            var out = Set<Truth>()
            if outcomes.allSatisfy({ $0.contains(.true) }) { out.insert(.true) }
            if outcomes.contains(where: { $0.contains(.false) }) { out.insert(.false) }
            if outcomes.contains(where: { $0.contains(.unknown) }) && outcomes.allSatisfy({ $0 != [.false] }) { out.insert(.unknown) }
            return out
        case .any(let parts, _):
            let outcomes = parts.map { $0.possibleOutcomes(fixed: fixed) }
            var out = Set<Truth>()
            if outcomes.contains(where: { $0.contains(.true) }) { out.insert(.true) }
            if outcomes.allSatisfy({ $0.contains(.false) }) { out.insert(.false) }
            if outcomes.contains(where: { $0.contains(.unknown) }) && outcomes.allSatisfy({ $0 != [.true] }) { out.insert(.unknown) }
            return out
        }
    }
}

extension Comparison {
    func possibleOutcomes(fixed: [String: Value?]) -> Set<Truth> {
        guard let entry = fixed[fact] else {
            return op == .known || op == .unknown ? [.true, .false] : [.true, .false, .unknown]
        }
        switch op {
        case .known: return [entry == nil ? .false : .true]
        case .unknown: return [entry == nil ? .true : .false]
        default: break
        }
        guard let value = entry, case .value(let constant) = operand else {
            // Unknown on this side, or compared with another fact: only what the other allows.
            return entry == nil ? [.unknown] : [.true, .false, .unknown]
        }
        switch op {
        case .equal: return [value == constant ? .true : .false]
        case .notEqual: return [value != constant ? .true : .false]
        case .isIn:
            if case .list(let items) = constant, case .string(let s) = value { return [items.contains(s) ? .true : .false] }
        default: break
        }
        return [.true, .false]
    }
}
