/// A comparison operator.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    /// The fact's value is one of the listed values.
    case isIn = "in"
    /// The fact's list holds the value.
    case contains
    /// The fact's list and the other list share an element.
    case intersects
    /// The fact has a value.
    case known
    /// The fact has no value.
    case unknown

    /// Whether the operator takes no operand.
    public var isPresence: Bool { self == .known || self == .unknown }
}

/// What a comparison compares its fact with.
public enum Operand: Sendable, Hashable {
    case none
    case value(Value)
    case fact(String)
}

/// One comparison of a fact with a value, another fact, or nothing (`known`, `unknown`).
public struct Comparison: Sendable, Hashable {
    public var fact: String
    public var op: ComparisonOperator
    public var operand: Operand
    /// Where the comparison object stands.
    public var location: SourceLocation
    /// Where its operand (`value` or `valueOf`) stands; the comparison's location when it has none.
    public var operandLocation: SourceLocation

    public init(fact: String, op: ComparisonOperator, operand: Operand, location: SourceLocation, operandLocation: SourceLocation? = nil) {
        self.fact = fact
        self.op = op
        self.operand = operand
        self.location = location
        self.operandLocation = operandLocation ?? location
    }
}

/// A condition, as written in a rule file, with where each part stands.
///
/// Only `not` is boxed: a wholly `indirect` enum keeps its case in the spare bits of the box
/// pointer, which LeakSanitizer cannot follow, so a rule set held in a global was reported as
/// leaked (`swift test --sanitize=address` failed on it).
public enum Condition: Sendable, Hashable {
    case all([Condition], at: SourceLocation)
    case any([Condition], at: SourceLocation)
    indirect case not(Condition, at: SourceLocation)
    case compare(Comparison)

    /// Every comparison in the condition, depth first.
    public var comparisons: [Comparison] {
        switch self {
        case .all(let parts, _), .any(let parts, _): parts.flatMap(\.comparisons)
        case .not(let part, _): part.comparisons
        case .compare(let c): [c]
        }
    }

    /// Where this part of the condition stands.
    public var location: SourceLocation {
        switch self {
        case .all(_, let at), .any(_, let at), .not(_, let at): at
        case .compare(let c): c.location
        }
    }

    /// A short text of this part: `all`, `any`, `not`, or the comparison (`balance > 0`).
    public var summary: String {
        switch self {
        case .all: "all"
        case .any: "any"
        case .not: "not"
        case .compare(let c):
            switch c.operand {
            case .none: "\(c.fact) \(c.op.rawValue)"
            case .value(let v): "\(c.fact) \(c.op.rawValue) \(v)"
            case .fact(let other): "\(c.fact) \(c.op.rawValue) \(other)"
            }
        }
    }

    /// Every fact the condition reads.
    public var facts: [String] {
        comparisons.flatMap { c in
            if case .fact(let other) = c.operand { [c.fact, other] } else { [c.fact] }
        }
    }
}

/// A value with the place in a source file it came from.
public struct Located<Wrapped: Sendable & Hashable>: Sendable, Hashable {
    public var value: Wrapped
    public var location: SourceLocation

    public init(_ value: Wrapped, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// What a rule does when it fires.
public enum Action: Sendable, Hashable {
    /// Give a derived fact a value.
    case derive(fact: String, value: Value)
    /// Add to an option's score (negative to subtract).
    case score(option: String, amount: Double)
    /// Block an option, with a reason id.
    case block(option: String, reason: String)
    /// Raise a warning by id.
    case warn(id: String)
}

/// A rule: when its condition holds, its actions run. Each rule fires at most once per evaluation.
public struct Rule: Sendable, Hashable {
    public var id: String
    public var description: String
    /// Higher fires first; ties are broken by rule id.
    public var salience: Int
    /// The condition; `nil` means the rule always holds.
    public var condition: Condition?
    public var actions: [Located<Action>]
    public var location: SourceLocation

    public init(id: String, description: String, salience: Int = 0, condition: Condition?, actions: [Located<Action>], location: SourceLocation) {
        self.id = id
        self.description = description
        self.salience = salience
        self.condition = condition
        self.actions = actions
        self.location = location
    }
}

/// A whole rule set as loaded: declarations and rules, before compilation.
public struct RuleSet: Sendable {
    public var facts: [FactDeclaration] = []
    public var options: [OptionDeclaration] = []
    public var warnings: [WarningDeclaration] = []
    public var rules: [Rule] = []

    public init(facts: [FactDeclaration] = [], options: [OptionDeclaration] = [], warnings: [WarningDeclaration] = [], rules: [Rule] = []) {
        self.facts = facts
        self.options = options
        self.warnings = warnings
        self.rules = rules
    }
}
