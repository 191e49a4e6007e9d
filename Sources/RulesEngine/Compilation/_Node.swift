/// One instruction of a compiled condition.
///
/// A condition compiles to a prefix-ordered run of nodes: a composite node is followed by its
/// children, and every node knows `end`, the index just past its subtree, so `all` and `any`
/// skip the rest of their children by jumping.
struct _Node: Sendable {
    enum Op: UInt8, Sendable {
        case all, any, not
        // A scalar fact against a constant held in `number`.
        case eq, ne, lt, le, gt, ge
        // A scalar fact against the scalar fact in slot `arg`.
        case eqFact, neFact, ltFact, leFact, gtFact, geFact
        /// The scalar fact is in the constant set `arg`.
        case inSet
        /// The scalar fact is in the list fact in slot `arg`.
        case inListFact
        /// The list fact holds the symbol in `number`.
        case contains
        /// The list fact holds the scalar fact in slot `arg`.
        case containsFact
        /// The list fact shares an element with the constant set `arg`.
        case intersects
        /// The list fact shares an element with the list fact in slot `arg`.
        case intersectsFact
        /// The list fact equals (as a set) the constant set `arg`.
        case listEq, listNe
        /// The list fact equals (as a set) the list fact in slot `arg`.
        case listEqFact, listNeFact
        case known, unknown
    }

    var op: Op
    var slot: Int32
    var arg: Int32
    var end: Int32
    var number: Double
}

/// One compiled action.
struct _Action: Sendable {
    enum Kind: UInt8, Sendable { case derive, score, block, warn }
    var kind: Kind
    /// The fact slot (derive), option (score, block) or warning (warn).
    var target: Int32
    /// derive: the value's scalar; score: the amount.
    var number: Double
    /// derive of a list: the constant set; block: the reason index.
    var arg: Int32
}

/// Three-valued truth: a condition over an unknown fact is unknown, not false.
public enum Truth: UInt8, Sendable, Hashable {
    case `false` = 0, `true` = 1, unknown = 2
}
