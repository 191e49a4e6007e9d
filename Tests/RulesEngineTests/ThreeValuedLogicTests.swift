import Testing
@testable import RulesEngine

/// Unknown is not false: `all`, `any` and `not` follow Kleene's three-valued logic, and a rule
/// fires only when its condition is true.
@Suite("Three-valued logic")
struct ThreeValuedLogicTests {
    /// `yes` is true, `no` is false, `maybe` is never given, so comparisons over it are unknown.
    static let facts = """
    {"facts": [{"name": "yes", "type": "bool"}, {"name": "no", "type": "bool"}, {"name": "maybe", "type": "bool"}],
     "warnings": [{"id": "w", "severity": "low"}]}
    """

    static func leaf(_ t: Truth) -> String {
        switch t {
        case .true: #"{"fact": "yes", "op": "==", "value": true}"#
        case .false: #"{"fact": "no", "op": "==", "value": true}"#
        case .unknown: #"{"fact": "maybe", "op": "==", "value": true}"#
        }
    }

    static func all(_ parts: [String]) -> String { #"{"all": [\#(parts.joined(separator: ", "))]}"# }
    static func any(_ parts: [String]) -> String { #"{"any": [\#(parts.joined(separator: ", "))]}"# }
    static func not(_ part: String) -> String { #"{"not": \#(part)}"# }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var condition: String
        var expected: Truth
        var testDescription: String { "\(name) is \(expected)" }
    }

    static let truths: [Truth] = [.true, .false, .unknown]

    static func name(_ t: Truth) -> String {
        switch t {
        case .true: "T"
        case .false: "F"
        case .unknown: "U"
        }
    }

    /// The truth tables, written out rather than computed.
    static let allTable: [[Truth]] = [
        // T         F       U
        [.true, .false, .unknown],      // T
        [.false, .false, .false],       // F
        [.unknown, .false, .unknown],   // U
    ]
    static let anyTable: [[Truth]] = [
        [.true, .true, .true],
        [.true, .false, .unknown],
        [.true, .unknown, .unknown],
    ]
    static let notTable: [Truth] = [.false, .true, .unknown]

    static let cases: [Case] = {
        var cases: [Case] = []
        for (i, a) in truths.enumerated() {
            cases.append(Case(name: "not \(name(a))", condition: not(leaf(a)), expected: notTable[i]))
            cases.append(Case(name: "all(\(name(a)))", condition: all([leaf(a)]), expected: a))
            cases.append(Case(name: "any(\(name(a)))", condition: any([leaf(a)]), expected: a))
            for (j, b) in truths.enumerated() {
                cases.append(Case(name: "all(\(name(a)), \(name(b)))", condition: all([leaf(a), leaf(b)]), expected: allTable[i][j]))
                cases.append(Case(name: "any(\(name(a)), \(name(b)))", condition: any([leaf(a), leaf(b)]), expected: anyTable[i][j]))
            }
        }
        cases += [
            Case(name: "all()", condition: all([]), expected: .true),
            Case(name: "any()", condition: any([]), expected: .false),
            Case(name: "all(T, T, U, T)", condition: all([leaf(.true), leaf(.true), leaf(.unknown), leaf(.true)]), expected: .unknown),
            Case(name: "all(U, U, F)", condition: all([leaf(.unknown), leaf(.unknown), leaf(.false)]), expected: .false),
            Case(name: "any(F, F, U, F)", condition: any([leaf(.false), leaf(.false), leaf(.unknown), leaf(.false)]), expected: .unknown),
            Case(name: "any(U, U, T)", condition: any([leaf(.unknown), leaf(.unknown), leaf(.true)]), expected: .true),
            Case(name: "not not U", condition: not(not(leaf(.unknown))), expected: .unknown),
            Case(name: "not not not F", condition: not(not(not(leaf(.false)))), expected: .true),
            Case(name: "not all(U, F)", condition: not(all([leaf(.unknown), leaf(.false)])), expected: .true),
            Case(name: "not any(U, F)", condition: not(any([leaf(.unknown), leaf(.false)])), expected: .unknown),
            Case(name: "all(any(F, U), T)", condition: all([any([leaf(.false), leaf(.unknown)]), leaf(.true)]), expected: .unknown),
            Case(name: "any(all(T, F), not U)", condition: any([all([leaf(.true), leaf(.false)]), not(leaf(.unknown))]), expected: .unknown),
            Case(name: "any(all(T, not F), U)", condition: any([all([leaf(.true), not(leaf(.false))]), leaf(.unknown)]), expected: .true),
            Case(name: "all(any(U, all(T, any(F, not(not T)))), not all(F, U))",
                 condition: all([any([leaf(.unknown), all([leaf(.true), any([leaf(.false), not(not(leaf(.true)))])])]), not(all([leaf(.false), leaf(.unknown)]))]),
                 expected: .true),
            // Presence is two-valued: `maybe` is not known, which is simply true.
            Case(name: "unknown maybe", condition: #"{"fact": "maybe", "op": "unknown"}"#, expected: .true),
            Case(name: "not known maybe", condition: not(#"{"fact": "maybe", "op": "known"}"#), expected: .true),
            Case(name: "all(not known maybe, U)", condition: all([not(#"{"fact": "maybe", "op": "known"}"#), leaf(.unknown)]), expected: .unknown),
            // A comparison of a known fact with an unknown one is unknown, and so is its negation.
            Case(name: "not (yes == maybe)", condition: not(#"{"fact": "yes", "op": "==", "valueOf": "maybe"}"#), expected: .unknown),
            Case(name: "not (yes != maybe)", condition: not(#"{"fact": "yes", "op": "!=", "valueOf": "maybe"}"#), expected: .unknown),
        ]
        return cases
    }()

    @Test("evaluates all, any and not over true, false and unknown parts", arguments: cases)
    func evaluatesThreeValued(_ c: Case) throws {
        let rule = #"{"rules": [{"id": "r", "description": "d", "when": \#(c.condition), "then": [{"warn": "w"}]}]}"#
        let set = try Engine.compile(Self.facts, rule)
        let result = try Engine.evaluate(set, ["yes": .bool(true), "no": .bool(false)])
        #expect(result.outcome(of: "r") == c.expected)
        #expect(result.firedRules == (c.expected == .true ? ["r"] : []))
        #expect(result.warnings.map(\.id) == (c.expected == .true ? ["w"] : []))
    }

    @Test func theTablesCoverEveryCombinationOfTwoParts() {
        #expect(Self.cases.filter { $0.name.hasPrefix("all(") && $0.name.count == 9 }.count == 9)
        #expect(Self.cases.filter { $0.name.hasPrefix("any(") && $0.name.count == 9 }.count == 9)
    }
}
