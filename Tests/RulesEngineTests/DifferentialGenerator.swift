@testable import RulesEngine

/// SplitMix64: small, fast, and the same on every platform and Swift version (unlike the
/// standard library's `random(in:using:)`, whose algorithm is not promised), so a seed always
/// gives the same case.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0 ..< n` (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    /// Up to `most` items drawn from `items`, repeats allowed, in the order drawn.
    mutating func some<T>(_ items: [T], most: Int) -> [T] { (0..<below(most + 1)).map { _ in pick(items) } }
}

/// One generated case: a rule set, the inputs to evaluate it over, in order, with one
/// evaluator, and its firing limit (nil: the default).
struct DifferentialCase {
    var seed: UInt64
    var set: RuleSet
    var inputs: [[String: Value]]
    var firingLimit: Int?
}

/// Random, valid rule sets over every fact type, operator and action, with chains of derived
/// facts (never cycles), and random inputs with unknown facts.
struct DifferentialGenerator {
    /// Strings the rules use, and two that only inputs use (so never symbols of the rule set).
    static let strings = ["a", "b", "c", "d"]
    static let inputOnlyStrings = ["x", "日本"]
    static let numbers: [Double] = [-1, 0, 0.5, 1, 2, 3]
    static let here = SourceLocation(file: "generated.json", line: 1, column: 1, pointer: "")

    var random: SplitMix64
    var facts: [FactDeclaration] = []
    /// Per derived fact: its level; a rule deriving a fact of level L reads only inputs and
    /// facts of lower levels, so derivations chain but never loop.
    var level: [String: Int] = [:]

    init(seed: UInt64) { random = SplitMix64(state: seed) }

    static func make(seed: UInt64, inputs: Int) -> DifferentialCase {
        var g = DifferentialGenerator(seed: seed)
        let set = g.ruleSet()
        let given = (0..<inputs).map { _ in g.input() }
        let limit = g.random.chance(15) ? g.random.below(set.rules.count + 1) : nil
        return DifferentialCase(seed: seed, set: set, inputs: given, firingLimit: limit)
    }

    mutating func ruleSet() -> RuleSet {
        let types: [FactType] = [.bool, .number, .string, .enumeration(["a", "b", "c"]), .enumeration(["b", "d"]), .list]
        for i in 0..<(3 + random.below(6)) {
            let type = random.pick(types)
            let isInput = random.chance(55)
            let prefix = switch type {
            case .bool: "b"
            case .number: "n"
            case .string: "s"
            case .enumeration: "e"
            case .list: "l"
            }
            let name = prefix + String(i)
            facts.append(FactDeclaration(name: name, type: type, isInput: isInput, location: Self.here))
            if !isInput { level[name] = 1 + random.below(3) }
        }
        let options = (0..<(1 + random.below(3))).map { OptionDeclaration(name: "o\($0)", location: Self.here) }
        let warnings = (0..<(1 + random.below(3))).map {
            WarningDeclaration(id: "w\($0)", severity: random.pick(WarningSeverity.allCases), location: Self.here)
        }
        let prefixes = ["a", "B", "r", "a1", "Z", "_"]
        let rules = (0..<(1 + random.below(7))).map { i in
            rule(id: random.pick(prefixes) + String(i), options: options.map(\.name), warnings: warnings.map(\.id))
        }
        return RuleSet(facts: facts, options: options, warnings: warnings, rules: rules)
    }

    mutating func rule(id: String, options: [String], warnings: [String]) -> Rule {
        // A rule that derives works at one level; the others may read anything.
        let derivable = facts.filter { !$0.isInput }
        let target: Int? = !derivable.isEmpty && random.chance(60) ? level[random.pick(derivable).name] : nil
        let readable = facts.filter { f in target.map { t in f.isInput || level[f.name]! < t } ?? true }
        let condition: Condition? = random.chance(8) || readable.isEmpty ? nil : self.condition(readable, depth: 0)
        var actions: [Action] = []
        for _ in 0..<random.below(4) {
            switch random.below(4) {
            case 0: actions.append(.score(option: random.pick(options), amount: random.pick([-2, -0.5, 1, 1.5, 3])))
            case 1: actions.append(.block(option: random.pick(options), reason: random.pick(["closed", "risky"])))
            case 2: actions.append(.warn(id: random.pick(warnings)))
            default: break
            }
        }
        if let target {
            // Some of the facts of its level, at least one, now and then one twice (which may conflict with itself).
            let level = facts.filter { self.level[$0.name] == target }
            var derived = level.filter { _ in random.chance(60) }
            if derived.isEmpty { derived = [random.pick(level)] }
            if random.chance(10) { derived.append(random.pick(derived)) }
            for f in derived {
                actions.insert(.derive(fact: f.name, value: value(of: f.type, inputOnly: false)), at: random.below(actions.count + 1))
            }
        }
        let salience = random.chance(40) ? 0 : random.below(5) - 2
        return Rule(id: id, description: "rule \(id)", salience: salience, condition: condition,
                    actions: actions.map { Located($0, at: Self.here) }, location: Self.here)
    }

    mutating func condition(_ readable: [FactDeclaration], depth: Int) -> Condition {
        let roll = random.below(10)
        if depth >= 3 || roll < 5 { return .compare(comparison(readable)) }
        if roll == 5 { return .not(condition(readable, depth: depth + 1), at: Self.here) }
        let parts = (0..<random.below(4)).map { _ in condition(readable, depth: depth + 1) }
        return roll < 8 ? .all(parts, at: Self.here) : .any(parts, at: Self.here)
    }

    /// A comparison of a readable fact that the validator accepts, with a constant or with
    /// another readable fact of a fitting type.
    mutating func comparison(_ readable: [FactDeclaration]) -> Comparison {
        let f = random.pick(readable)
        func c(_ op: ComparisonOperator, _ operand: Operand) -> Comparison {
            Comparison(fact: f.name, op: op, operand: operand, location: Self.here)
        }
        if random.chance(12) {
            // Presence; now and then with a value, which presence ignores.
            return c(random.chance(50) ? .known : .unknown, random.chance(25) ? .value(value(of: f.type, inputOnly: false)) : .none)
        }
        let isString: (FactType) -> Bool = { if case .enumeration = $0 { true } else { $0 == .string } }
        func other(_ fits: (FactType) -> Bool) -> Operand? {
            let candidates = readable.filter { fits($0.type) }
            return candidates.isEmpty || random.chance(55) ? nil : .fact(random.pick(candidates).name)
        }
        switch f.type {
        case .bool:
            return c(random.pick([.equal, .notEqual]), other { $0 == .bool } ?? .value(.bool(random.chance(50))))
        case .number:
            let ops: [ComparisonOperator] = [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]
            return c(random.pick(ops), other { $0 == .number } ?? .value(.number(random.pick(Self.numbers))))
        case .string, .enumeration:
            if random.chance(35) {
                return c(.isIn, other { $0 == .list } ?? .value(.list(random.some(values(of: f.type), most: 3))))
            }
            return c(random.pick([.equal, .notEqual]), other(isString) ?? .value(.string(random.pick(values(of: f.type)))))
        case .list:
            switch random.below(3) {
            case 0: return c(.contains, other(isString) ?? .value(.string(random.pick(Self.strings))))
            case 1: return c(.intersects, other { $0 == .list } ?? .value(.list(random.some(Self.strings, most: 3))))
            default: return c(random.pick([.equal, .notEqual]), other { $0 == .list } ?? .value(.list(random.some(Self.strings, most: 3))))
            }
        }
    }

    /// The strings a fact of this type may hold in the rules.
    func values(of type: FactType) -> [String] {
        if case .enumeration(let values) = type { return values }
        return Self.strings
    }

    /// A value of the type; `inputOnly` adds strings no rule mentions.
    mutating func value(of type: FactType, inputOnly: Bool) -> Value {
        let strings = Self.strings + (inputOnly ? Self.inputOnlyStrings : [])
        switch type {
        case .bool: return .bool(random.chance(50))
        case .number: return .number(random.pick(Self.numbers + (inputOnly ? [7, -0.0] : [])))
        case .string: return .string(random.pick(strings))
        case .enumeration(let values): return .string(random.pick(values))
        case .list: return .list(random.some(strings, most: 4))
        }
    }

    /// Input facts: about a third unknown; derived facts now and then given too.
    mutating func input() -> [String: Value] {
        var out: [String: Value] = [:]
        for f in facts where random.chance(f.isInput ? 65 : 12) {
            out[f.name] = value(of: f.type, inputOnly: true)
        }
        return out
    }
}
