/// The values of a rule set's facts, by slot: the input of an evaluation and its final state.
///
/// Scalars (booleans, numbers, strings, enum values) are stored as doubles: strings as the
/// symbol numbers the compiled rules use, so comparing never looks at text. Lists are stored as
/// sorted symbol numbers. A string the rules never mention gets a negative number of its own.
public struct FactBuffer: Sendable {
    var known: [Bool]
    var scalars: [Double]
    var lists: [[Double]]
    /// Strings the rule set does not know; the string with number `-(i + 1)` is `extraStrings[i]`.
    var extraStrings: [String] = []

    init(slotCount: Int) {
        known = [Bool](repeating: false, count: slotCount)
        scalars = [Double](repeating: 0, count: slotCount)
        lists = [[Double]](repeating: [], count: slotCount)
    }

    /// An empty buffer (every fact unknown) for `ruleSet`.
    public init(for ruleSet: CompiledRuleSet) {
        self.init(slotCount: ruleSet.facts.count)
    }

    // Every accessor that takes a slot checks it: a slot out of range is a fact without a
    // value (`isKnown` false, `value` nil, `clear` nothing), and `set` throws
    // ``FactError/slotOutOfRange(slot:slotCount:)``.

    /// Whether `slot` is a slot of this buffer.
    func holds(_ slot: Int) -> Bool { slot >= 0 && slot < known.count }

    /// Whether the fact in `slot` has a value; false for a slot out of range.
    public func isKnown(_ slot: Int) -> Bool { holds(slot) && known[slot] }

    /// Every slot that has a value.
    public var knownSlots: [Int] { known.indices.filter { known[$0] } }

    /// Forgets every value, keeping the storage.
    public mutating func removeAll() {
        for i in known.indices { known[i] = false }
        extraStrings.removeAll(keepingCapacity: true)
    }

    /// Gives the fact in `slot` a value, after checking it against the fact's type.
    /// - Throws: ``FactError`` when the value has the wrong type or is not among an enum's values,
    ///   or when `slot` is not a slot of both this buffer and `ruleSet`.
    public mutating func set(_ slot: Int, _ value: Value, in ruleSet: CompiledRuleSet) throws(FactError) {
        guard holds(slot), slot < ruleSet.facts.count else {
            throw .slotOutOfRange(slot: slot, slotCount: min(known.count, ruleSet.facts.count))
        }
        let fact = ruleSet.facts[slot]
        guard fact.type.admits(value) else {
            if case .enumeration(let values) = fact.type, case .string(let s) = value {
                throw .notInEnum(fact: fact.name, value: s, allowed: values)
            }
            throw .typeMismatch(fact: fact.name, expected: fact.type, found: value)
        }
        switch value {
        case .bool(let b): scalars[slot] = b ? 1 : 0
        case .number(let n): scalars[slot] = n
        case .string(let s): scalars[slot] = symbol(s, ruleSet)
        case .list(let items):
            // A list is a set: sorted without repeats, as the compiled constants are.
            var l = items.map { symbol($0, ruleSet) }
            l.sort()
            var unique = 0
            for x in l where unique == 0 || l[unique - 1] != x {
                l[unique] = x
                unique += 1
            }
            l.removeLast(l.count - unique)
            lists[slot] = l
        }
        known[slot] = true
    }

    /// Gives the fact named `name` a value.
    /// - Throws: ``FactError/undeclared(fact:suggestion:)`` for an unknown name, or a type error.
    public mutating func set(_ name: String, _ value: Value, in ruleSet: CompiledRuleSet) throws(FactError) {
        guard let slot = ruleSet.slot(of: name) else {
            throw .undeclared(fact: name, suggestion: Suggestion.nearest(to: name, in: ruleSet.facts.map(\.name)))
        }
        try set(slot, value, in: ruleSet)
    }

    /// A value made ready once for one slot of one rule set, then given to that slot as often
    /// as needed without checking or converting it again (see ``encode(_:slot:in:)``).
    public struct Encoded: Sendable, Equatable {
        public let slot: Int
        let scalar: Double
        /// The list's sorted symbols, for a list fact (without its `extras`).
        let list: [Double]?
        /// The strings the rule set does not know (the scalar's one, or the list's): their
        /// numbers are each buffer's own.
        let extras: [String]
    }

    /// `value` made ready for `slot`.
    /// - Throws: what ``set(_:_:in:)`` throws for the value.
    public static func encode(_ value: Value, slot: Int, in ruleSet: CompiledRuleSet) throws(FactError) -> Encoded {
        var one = FactBuffer(for: ruleSet)
        try one.set(slot, value, in: ruleSet)
        guard ruleSet.facts[slot].type == .list else { return Encoded(slot: slot, scalar: one.scalars[slot], list: nil, extras: one.extraStrings) }
        return Encoded(slot: slot, scalar: 0, list: one.lists[slot].filter { $0 >= 0 }, extras: one.extraStrings)
    }

    /// Gives a fact a value made ready by ``encode(_:slot:in:)`` for a buffer of the same rule
    /// set, as ``set(_:_:in:)`` would give it; does nothing for a slot out of range.
    @inline(__always)
    public mutating func set(_ value: Encoded) {
        let slot = value.slot
        guard holds(slot) else { return }
        known[slot] = true
        if value.extras.isEmpty {
            if let list = value.list { lists[slot] = list } else { scalars[slot] = value.scalar }
        } else if let list = value.list {
            var l = list
            for s in value.extras { l.append(extraSymbol(s)) }
            l.sort()
            lists[slot] = l
        } else {
            scalars[slot] = extraSymbol(value.extras[0])
        }
    }

    /// The number of a string the rule set does not know, as ``symbol(_:_:)`` gives it.
    mutating func extraSymbol(_ s: String) -> Double {
        if let i = extraStrings.firstIndex(of: s) { return Double(-(i + 1)) }
        extraStrings.append(s)
        return Double(-extraStrings.count)
    }

    /// Whether slot `s` holds the same in both buffers: unknown in both, or known with the same
    /// value (a string the rule set does not know compared by its text).
    func sameFact(_ s: Int, as other: FactBuffer) -> Bool {
        guard holds(s), other.holds(s) else { return holds(s) == other.holds(s) }
        guard known[s] == other.known[s] else { return false }
        guard known[s] else { return true }
        func text(_ n: Double, _ b: FactBuffer) -> String? { n < 0 && Int(-n) - 1 < b.extraStrings.count ? b.extraStrings[Int(-n) - 1] : nil }
        let a = lists[s].map { text($0, self) ?? "\($0)" }.sorted(), b = other.lists[s].map { text($0, other) ?? "\($0)" }.sorted()
        return a == b && (text(scalars[s], self) ?? "\(scalars[s])") == (text(other.scalars[s], other) ?? "\(other.scalars[s])")
    }

    /// Forgets the value of one fact; does nothing for a slot out of range.
    public mutating func clear(_ slot: Int) {
        if holds(slot) { known[slot] = false }
    }

    /// The value of the fact in `slot`, or nil when it is unknown or `slot` is not a slot of
    /// both this buffer and `ruleSet`.
    public func value(_ slot: Int, in ruleSet: CompiledRuleSet) -> Value? {
        guard holds(slot), slot < ruleSet.facts.count, known[slot] else { return nil }
        switch ruleSet.facts[slot].type {
        case .bool: return .bool(scalars[slot] != 0)
        case .number: return .number(scalars[slot])
        case .string, .enumeration: return .string(string(scalars[slot], ruleSet))
        // Sorted, so a list reads the same whatever symbol numbers its strings were given.
        case .list: return .list(lists[slot].map { string($0, ruleSet) }.sorted())
        }
    }

    mutating func symbol(_ s: String, _ ruleSet: CompiledRuleSet) -> Double {
        if let id = ruleSet.symbol(of: s) { return Double(id) }
        return extraSymbol(s)
    }

    func string(_ n: Double, _ ruleSet: CompiledRuleSet) -> String {
        let id = Int32(n)
        if id >= 0 { return ruleSet.string(ofSymbol: id) ?? "" }
        let i = Int(-id) - 1
        return i < extraStrings.count ? extraStrings[i] : ""
    }

    /// Copies `other` into this one, reusing its storage when both are for the same rule set
    /// (a buffer with another number of slots is copied whole).
    public mutating func assign(_ other: FactBuffer) {
        guard other.known.count == known.count else { return self = other }
        for i in known.indices {
            known[i] = other.known[i]
            scalars[i] = other.scalars[i]
            if other.known[i] && !other.lists[i].isEmpty || !lists[i].isEmpty { lists[i] = other.lists[i] }
        }
        extraStrings.removeAll(keepingCapacity: true)
        extraStrings.append(contentsOf: other.extraStrings)
    }
}

/// Why a value could not be given to a fact.
public enum FactError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No fact has this name.
    case undeclared(fact: String, suggestion: String?)
    /// The value is of the wrong type.
    case typeMismatch(fact: String, expected: FactType, found: Value)
    /// The value is not among the enum's values.
    case notInEnum(fact: String, value: String, allowed: [String])
    /// No fact has this slot (in the buffer, the rule set, or both): it is below 0 or not below `slotCount`.
    case slotOutOfRange(slot: Int, slotCount: Int)

    public var description: String {
        switch self {
        case .undeclared(let fact, let suggestion):
            "unknown fact '\(fact)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .typeMismatch(let fact, let expected, let found):
            "'\(fact)' must be \(expected), found \(found)"
        case .notInEnum(let fact, let value, let allowed):
            "'\(value)' is not a value of '\(fact)'\(Suggestion.hint(for: value, in: allowed)); expected one of: \(allowed.joined(separator: ", "))"
        case .slotOutOfRange(let slot, let slotCount):
            "no fact has slot \(slot); the slots are 0..<\(slotCount)"
        }
    }
}
