/// Lint by exhaustive case analysis of conditions: rules whose condition can never be true, and
/// rules that another rule with the same actions covers.
///
/// Each fact a condition reads is tried with one value for each case its comparisons can tell
/// apart (every enum value, each constant with the numbers between and beyond, each subset of
/// the list items the rules name, and unknown), in every combination. Where that would be too
/// many combinations, the rule is not judged: a finding is only ever reported when it is certain.
extension RuleSetLinter {
    /// The most combinations of values tried for one rule, or one pair of rules.
    static let maximumCases = 200_000
    /// The most list items (the named ones and one other) whose subsets are tried.
    static let maximumListItems = 8

    static func reachability(_ set: RuleSet) -> [Diagnostic] {
        let declared = Dictionary(set.facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let domains = _Domains(set, declared)
        var out: [Diagnostic] = []
        var fires: [Bool] = []
        for rule in set.rules {
            guard let condition = rule.condition, let never = domains.always(Set(condition.facts), { condition.truth($0) != .true }) else { fires.append(true); continue }
            let possible = !never
            fires.append(possible)
            if !possible {
                out.append(Diagnostic(.neverFires, .error, "the rule '\(rule.id)' can never fire: no values of \(condition.facts.uniqued.map { "'\($0)'" }.joined(separator: ", ")) make its condition true", at: condition.location))
            }
        }
        // A rule is covered by another with the same actions that holds whenever it does.
        let rules = set.rules
        for (i, a) in rules.enumerated() where fires[i] {
            let actions = a.actions.map(\.value).sorted { "\($0)" < "\($1)" }
            for (j, b) in rules.enumerated() where j != i && fires[j] {
                guard b.actions.count == a.actions.count, b.actions.map(\.value).sorted(by: { "\($0)" < "\($1)" }) == actions else { continue }
                guard let covered = Self.implies(a.condition, b.condition, domains) else { continue }
                guard covered else { continue }
                // Two rules that hold in exactly the same cases: only the later one is reported.
                if j > i, Self.implies(b.condition, a.condition, domains) == true { continue }
                out.append(Diagnostic(.subsumedRule, .error, "the rule '\(a.id)' is subsumed by '\(b.id)' (\(b.location.file):\(b.location.line)): that rule has the same actions and holds whenever this one does", at: a.location))
                break
            }
        }
        return out
    }

    /// Whether `b` is true in every case where `a` is; nil when there are too many cases to tell.
    static func implies(_ a: Condition?, _ b: Condition?, _ domains: _Domains) -> Bool? {
        guard let b else { return true }
        return domains.always(Set((a?.facts ?? []) + b.facts)) { values in
            a.map { $0.truth(values) != .true } ?? false || b.truth(values) == .true
        }
    }
}

/// The values tried for each fact.
struct _Domains {
    /// Each fact's values; nil for a fact with too many cases to try.
    var values: [String: [Value]?] = [:]

    init(_ set: RuleSet, _ declared: [String: FactDeclaration]) {
        // Constants of each fact, pooled with the facts it is compared with.
        var numbers: [String: Set<Double>] = [:], strings: [String: Set<String>] = [:]
        var linked: [String: Set<String>] = [:]
        for rule in set.rules {
            for c in rule.condition?.comparisons ?? [] {
                switch c.operand {
                case .value(.number(let n)): numbers[c.fact, default: []].insert(n)
                case .value(.string(let s)): strings[c.fact, default: []].insert(s)
                case .value(.list(let l)): strings[c.fact, default: []].formUnion(l)
                case .fact(let other):
                    linked[c.fact, default: []].insert(other)
                    linked[other, default: []].insert(c.fact)
                default: break
                }
            }
        }
        for fact in set.facts {
            let group = [fact.name] + (linked[fact.name] ?? []).sorted()
            let ns = group.reduce(into: Set<Double>()) { $0.formUnion(numbers[$1] ?? []) }
            let ss = group.reduce(into: Set<String>()) { $0.formUnion(strings[$1] ?? []) }
            values[fact.name] = Self.values(fact.type, numbers: ns, strings: ss)
        }
    }

    static func values(_ type: FactType, numbers: Set<Double>, strings: Set<String>) -> [Value]? {
        switch type {
        case .bool: return [.bool(true), .bool(false)]
        case .enumeration(let values): return values.map { .string($0) }
        case .number:
            let cs = numbers.sorted()
            guard let low = cs.first, let high = cs.last else { return [.number(0), .number(1)] }
            var out: [Double] = [low - 1]
            for (i, c) in cs.enumerated() {
                out.append(c)
                out.append(i + 1 < cs.count ? (c + cs[i + 1]) / 2 : high + 1)
            }
            return out.map { .number($0) }
        case .string:
            return strings.sorted().map { .string($0) } + [.string(Self.other(strings))]
        case .list:
            let items = strings.sorted() + [Self.other(strings)]
            guard items.count <= RuleSetLinter.maximumListItems else { return nil }
            return (0..<(1 << items.count)).map { mask in .list(items.indices.filter { mask & (1 << $0) != 0 }.map { items[$0] }) }
        }
    }

    /// A string that none of `strings` is.
    static func other(_ strings: Set<String>) -> String {
        var s = "\u{1}other"
        while strings.contains(s) { s += "'" }
        return s
    }

    /// Whether `holds` is true for every combination of the facts' values, unknown included (a
    /// fact absent from the dictionary); nil when a fact has too many values or the
    /// combinations are too many to try.
    func always(_ facts: Set<String>, _ holds: ([String: Value]) -> Bool) -> Bool? {
        var count = 1
        var domains: [(String, [Value])] = []
        for fact in facts.sorted() {
            guard let entry = values[fact], let domain = entry else { return nil }
            count *= domain.count + 1
            guard count <= RuleSetLinter.maximumCases else { return nil }
            domains.append((fact, domain))
        }
        // An odometer over the domains: digit 0 is unknown, digit k the k-th value.
        var digits = [Int](repeating: 0, count: domains.count)
        var current: [String: Value] = [:]
        while true {
            if !holds(current) { return false }
            var i = 0
            while i < digits.count {
                let (fact, domain) = domains[i]
                digits[i] += 1
                if digits[i] <= domain.count {
                    current[fact] = domain[digits[i] - 1]
                    break
                }
                digits[i] = 0
                current[fact] = nil
                i += 1
            }
            if i == digits.count { return true }
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    var uniqued: [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

extension RuleSetLinter {
    /// A value the rule's condition treats `fact` being unknown as: some case of the other facts
    /// where the condition depends on `fact`, and holds both when it is unknown and when it is this
    /// value. Nil when there is none, or too many cases to tell.
    ///
    /// Only a presence test (`known`, `unknown`) can make unknown count as a value: any other
    /// comparison with an unknown fact is unknown.
    public static func unknownTreatedAsValue(_ rule: Rule, fact: String, in set: RuleSet) -> Value? {
        guard let condition = rule.condition,
              condition.comparisons.contains(where: { $0.fact == fact && $0.op.isPresence }) else { return nil }
        let declared = Dictionary(set.facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let domains = _Domains(set, declared)
        guard let entry = domains.values[fact], let values = entry else { return nil }
        var found: Value?
        _ = domains.always(Set(condition.facts).subtracting([fact])) { context in
            var c = context
            guard condition.truth(c) == .true else { return true }
            var holding: Value?, failing = false
            for v in values {
                c[fact] = v
                if condition.truth(c) == .true { holding = holding ?? v } else { failing = true }
            }
            if failing, let holding { found = holding; return false }
            return true
        }
        return found
    }
}
