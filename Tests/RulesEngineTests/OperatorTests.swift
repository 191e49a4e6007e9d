import Testing
@testable import RulesEngine

/// Every comparison operator, with a constant (`value`) and with another fact (`valueOf`),
/// over numbers, booleans, strings, enums and lists.
@Suite("Comparison operators")
struct OperatorTests {
    static let facts = """
    {"facts": [
      {"name": "n", "type": "number"}, {"name": "m", "type": "number"},
      {"name": "b", "type": "bool"}, {"name": "c", "type": "bool"},
      {"name": "s", "type": "string"}, {"name": "t", "type": "string"},
      {"name": "e", "type": "enum", "values": ["red", "green", "blue"]},
      {"name": "f", "type": "enum", "values": ["green", "cyan"]},
      {"name": "l", "type": "list"}, {"name": "k", "type": "list"}
     ],
     "warnings": [{"id": "w", "severity": "low"}]}
    """

    struct Case: Sendable, CustomTestStringConvertible {
        var condition: String
        var facts: [String: Value]
        var expected: Truth
        var testDescription: String {
            "\(condition) with \(facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) is \(expected)"
        }
    }

    static func c(_ condition: String, _ facts: [String: Value], _ expected: Truth) -> Case {
        Case(condition: condition, facts: facts, expected: expected)
    }

    static let numbers: [Case] = [
        c(#"{"fact": "n", "op": "==", "value": 3}"#, ["n": .number(3)], .true),
        c(#"{"fact": "n", "op": "==", "value": 3}"#, ["n": .number(4)], .false),
        c(#"{"fact": "n", "op": "==", "value": 3}"#, [:], .unknown),
        c(#"{"fact": "n", "op": "==", "value": 0.1}"#, ["n": .number(0.1)], .true),
        c(#"{"fact": "n", "op": "!=", "value": 3}"#, ["n": .number(4)], .true),
        c(#"{"fact": "n", "op": "!=", "value": 3}"#, ["n": .number(3)], .false),
        c(#"{"fact": "n", "op": "!=", "value": 3}"#, [:], .unknown),
        c(#"{"fact": "n", "op": "<", "value": 3}"#, ["n": .number(2.5)], .true),
        c(#"{"fact": "n", "op": "<", "value": 3}"#, ["n": .number(3)], .false),
        c(#"{"fact": "n", "op": "<", "value": -1}"#, ["n": .number(-2)], .true),
        c(#"{"fact": "n", "op": "<=", "value": 3}"#, ["n": .number(3)], .true),
        c(#"{"fact": "n", "op": "<=", "value": 3}"#, ["n": .number(3.01)], .false),
        c(#"{"fact": "n", "op": ">", "value": 3}"#, ["n": .number(4)], .true),
        c(#"{"fact": "n", "op": ">", "value": 3}"#, ["n": .number(3)], .false),
        c(#"{"fact": "n", "op": ">=", "value": 3}"#, ["n": .number(3)], .true),
        c(#"{"fact": "n", "op": ">=", "value": 3}"#, ["n": .number(2)], .false),
        c(#"{"fact": "n", "op": ">=", "value": 3}"#, [:], .unknown),
        c(#"{"fact": "n", "op": "==", "valueOf": "m"}"#, ["n": .number(3), "m": .number(3)], .true),
        c(#"{"fact": "n", "op": "==", "valueOf": "m"}"#, ["n": .number(3), "m": .number(4)], .false),
        c(#"{"fact": "n", "op": "==", "valueOf": "m"}"#, ["n": .number(3)], .unknown),
        c(#"{"fact": "n", "op": "==", "valueOf": "m"}"#, ["m": .number(3)], .unknown),
        c(#"{"fact": "n", "op": "!=", "valueOf": "m"}"#, ["n": .number(3), "m": .number(4)], .true),
        c(#"{"fact": "n", "op": "!=", "valueOf": "m"}"#, ["n": .number(3), "m": .number(3)], .false),
        c(#"{"fact": "n", "op": "<", "valueOf": "m"}"#, ["n": .number(3), "m": .number(4)], .true),
        c(#"{"fact": "n", "op": "<", "valueOf": "m"}"#, ["n": .number(4), "m": .number(4)], .false),
        c(#"{"fact": "n", "op": "<=", "valueOf": "m"}"#, ["n": .number(4), "m": .number(4)], .true),
        c(#"{"fact": "n", "op": "<=", "valueOf": "m"}"#, ["n": .number(5), "m": .number(4)], .false),
        c(#"{"fact": "n", "op": ">", "valueOf": "m"}"#, ["n": .number(5), "m": .number(4)], .true),
        c(#"{"fact": "n", "op": ">", "valueOf": "m"}"#, ["n": .number(4), "m": .number(4)], .false),
        c(#"{"fact": "n", "op": ">=", "valueOf": "m"}"#, ["n": .number(4), "m": .number(4)], .true),
        c(#"{"fact": "n", "op": ">=", "valueOf": "m"}"#, ["n": .number(-4), "m": .number(4)], .false),
        c(#"{"fact": "n", "op": ">=", "valueOf": "m"}"#, [:], .unknown),
    ]

    static let booleans: [Case] = [
        c(#"{"fact": "b", "op": "==", "value": true}"#, ["b": .bool(true)], .true),
        c(#"{"fact": "b", "op": "==", "value": true}"#, ["b": .bool(false)], .false),
        c(#"{"fact": "b", "op": "==", "value": false}"#, ["b": .bool(false)], .true),
        c(#"{"fact": "b", "op": "==", "value": true}"#, [:], .unknown),
        c(#"{"fact": "b", "op": "!=", "value": true}"#, ["b": .bool(false)], .true),
        c(#"{"fact": "b", "op": "!=", "value": true}"#, ["b": .bool(true)], .false),
        c(#"{"fact": "b", "op": "==", "valueOf": "c"}"#, ["b": .bool(true), "c": .bool(true)], .true),
        c(#"{"fact": "b", "op": "==", "valueOf": "c"}"#, ["b": .bool(true), "c": .bool(false)], .false),
        c(#"{"fact": "b", "op": "==", "valueOf": "c"}"#, ["b": .bool(true)], .unknown),
        c(#"{"fact": "b", "op": "!=", "valueOf": "c"}"#, ["b": .bool(false), "c": .bool(true)], .true),
        c(#"{"fact": "b", "op": "!=", "valueOf": "c"}"#, ["b": .bool(false), "c": .bool(false)], .false),
    ]

    static let strings: [Case] = [
        c(#"{"fact": "s", "op": "==", "value": "povo"}"#, ["s": .string("povo")], .true),
        // A string the rules never mention is still compared correctly.
        c(#"{"fact": "s", "op": "==", "value": "povo"}"#, ["s": .string("au")], .false),
        c(#"{"fact": "s", "op": "==", "value": "povo"}"#, [:], .unknown),
        c(#"{"fact": "s", "op": "!=", "value": "povo"}"#, ["s": .string("au")], .true),
        c(#"{"fact": "s", "op": "!=", "value": "povo"}"#, ["s": .string("povo")], .false),
        c(#"{"fact": "s", "op": "in", "value": ["povo", "au"]}"#, ["s": .string("au")], .true),
        c(#"{"fact": "s", "op": "in", "value": ["povo", "au"]}"#, ["s": .string("docomo")], .false),
        c(#"{"fact": "s", "op": "in", "value": ["povo", "au"]}"#, [:], .unknown),
        c(#"{"fact": "s", "op": "in", "value": []}"#, ["s": .string("au")], .false),
        c(#"{"fact": "s", "op": "==", "valueOf": "t"}"#, ["s": .string("x"), "t": .string("x")], .true),
        c(#"{"fact": "s", "op": "==", "valueOf": "t"}"#, ["s": .string("x"), "t": .string("y")], .false),
        c(#"{"fact": "s", "op": "==", "valueOf": "t"}"#, ["s": .string("x")], .unknown),
        c(#"{"fact": "s", "op": "!=", "valueOf": "t"}"#, ["s": .string("x"), "t": .string("y")], .true),
        c(#"{"fact": "s", "op": "!=", "valueOf": "t"}"#, ["s": .string("日本"), "t": .string("日本")], .false),
        c(#"{"fact": "s", "op": "in", "valueOf": "l"}"#, ["s": .string("zh"), "l": .list(["en", "zh"])], .true),
        c(#"{"fact": "s", "op": "in", "valueOf": "l"}"#, ["s": .string("fr"), "l": .list(["en", "zh"])], .false),
        c(#"{"fact": "s", "op": "in", "valueOf": "l"}"#, ["s": .string("fr")], .unknown),
        c(#"{"fact": "s", "op": "in", "valueOf": "l"}"#, ["l": .list(["fr"])], .unknown),
    ]

    static let enums: [Case] = [
        c(#"{"fact": "e", "op": "==", "value": "red"}"#, ["e": .string("red")], .true),
        c(#"{"fact": "e", "op": "==", "value": "red"}"#, ["e": .string("blue")], .false),
        c(#"{"fact": "e", "op": "==", "value": "red"}"#, [:], .unknown),
        c(#"{"fact": "e", "op": "!=", "value": "red"}"#, ["e": .string("blue")], .true),
        c(#"{"fact": "e", "op": "!=", "value": "red"}"#, ["e": .string("red")], .false),
        c(#"{"fact": "e", "op": "in", "value": ["red", "blue"]}"#, ["e": .string("blue")], .true),
        c(#"{"fact": "e", "op": "in", "value": ["red", "blue"]}"#, ["e": .string("green")], .false),
        // Two enums that share a value compare by value; so do an enum and a string.
        c(#"{"fact": "e", "op": "==", "valueOf": "f"}"#, ["e": .string("green"), "f": .string("green")], .true),
        c(#"{"fact": "e", "op": "==", "valueOf": "f"}"#, ["e": .string("green"), "f": .string("cyan")], .false),
        c(#"{"fact": "e", "op": "!=", "valueOf": "f"}"#, ["e": .string("red"), "f": .string("cyan")], .true),
        c(#"{"fact": "e", "op": "==", "valueOf": "s"}"#, ["e": .string("blue"), "s": .string("blue")], .true),
        c(#"{"fact": "s", "op": "==", "valueOf": "e"}"#, ["e": .string("blue"), "s": .string("red")], .false),
        c(#"{"fact": "e", "op": "in", "valueOf": "l"}"#, ["e": .string("red"), "l": .list(["red", "x"])], .true),
        c(#"{"fact": "e", "op": "in", "valueOf": "l"}"#, ["e": .string("blue"), "l": .list(["red", "x"])], .false),
    ]

    static let lists: [Case] = [
        c(#"{"fact": "l", "op": "contains", "value": "zh"}"#, ["l": .list(["en", "zh"])], .true),
        c(#"{"fact": "l", "op": "contains", "value": "zh"}"#, ["l": .list(["en"])], .false),
        c(#"{"fact": "l", "op": "contains", "value": "zh"}"#, ["l": .list([])], .false),
        c(#"{"fact": "l", "op": "contains", "value": "zh"}"#, [:], .unknown),
        c(#"{"fact": "l", "op": "contains", "valueOf": "s"}"#, ["l": .list(["a", "b"]), "s": .string("b")], .true),
        c(#"{"fact": "l", "op": "contains", "valueOf": "s"}"#, ["l": .list(["a", "b"]), "s": .string("c")], .false),
        c(#"{"fact": "l", "op": "contains", "valueOf": "e"}"#, ["l": .list(["green"]), "e": .string("green")], .true),
        c(#"{"fact": "l", "op": "contains", "valueOf": "s"}"#, ["l": .list(["a"])], .unknown),
        c(#"{"fact": "l", "op": "intersects", "value": ["zh", "ko"]}"#, ["l": .list(["en", "ko"])], .true),
        c(#"{"fact": "l", "op": "intersects", "value": ["zh", "ko"]}"#, ["l": .list(["en", "fr", "de"])], .false),
        c(#"{"fact": "l", "op": "intersects", "value": ["zh", "ko"]}"#, ["l": .list([])], .false),
        c(#"{"fact": "l", "op": "intersects", "valueOf": "k"}"#, ["l": .list(["a", "b"]), "k": .list(["c", "b"])], .true),
        c(#"{"fact": "l", "op": "intersects", "valueOf": "k"}"#, ["l": .list(["a", "q"]), "k": .list(["c", "z"])], .false),
        c(#"{"fact": "l", "op": "intersects", "valueOf": "k"}"#, ["l": .list([]), "k": .list([])], .false),
        c(#"{"fact": "l", "op": "intersects", "valueOf": "k"}"#, ["l": .list(["a"])], .unknown),
        // Lists compare as sets: order and repeats do not matter.
        c(#"{"fact": "l", "op": "==", "value": ["a", "b"]}"#, ["l": .list(["b", "a"])], .true),
        c(#"{"fact": "l", "op": "==", "value": ["a", "b"]}"#, ["l": .list(["a", "b", "a"])], .true),
        c(#"{"fact": "l", "op": "==", "value": ["a", "b"]}"#, ["l": .list(["a"])], .false),
        c(#"{"fact": "l", "op": "==", "value": []}"#, ["l": .list([])], .true),
        c(#"{"fact": "l", "op": "!=", "value": ["a", "b"]}"#, ["l": .list(["a"])], .true),
        c(#"{"fact": "l", "op": "!=", "value": ["a", "b"]}"#, ["l": .list(["b", "a"])], .false),
        c(#"{"fact": "l", "op": "!=", "value": ["a", "b"]}"#, [:], .unknown),
        c(#"{"fact": "l", "op": "==", "valueOf": "k"}"#, ["l": .list(["a", "b"]), "k": .list(["b", "a", "b"])], .true),
        c(#"{"fact": "l", "op": "==", "valueOf": "k"}"#, ["l": .list(["a"]), "k": .list(["a", "b"])], .false),
        c(#"{"fact": "l", "op": "!=", "valueOf": "k"}"#, ["l": .list(["a"]), "k": .list(["a", "b"])], .true),
        c(#"{"fact": "l", "op": "!=", "valueOf": "k"}"#, ["l": .list(["x", "y"]), "k": .list(["y", "x"])], .false),
        c(#"{"fact": "l", "op": "!=", "valueOf": "k"}"#, ["k": .list(["a"])], .unknown),
    ]

    static let presence: [Case] = [
        c(#"{"fact": "n", "op": "known"}"#, ["n": .number(0)], .true),
        c(#"{"fact": "n", "op": "known"}"#, [:], .false),
        c(#"{"fact": "n", "op": "unknown"}"#, [:], .true),
        c(#"{"fact": "n", "op": "unknown"}"#, ["n": .number(0)], .false),
        c(#"{"fact": "b", "op": "known"}"#, ["b": .bool(false)], .true),
        c(#"{"fact": "l", "op": "known"}"#, ["l": .list([])], .true),
        c(#"{"fact": "s", "op": "unknown"}"#, ["s": .string("")], .false),
    ]

    static func evaluate(_ c: Case) throws -> EvaluationResult {
        let rule = #"{"rules": [{"id": "r", "description": "d", "when": \#(c.condition), "then": [{"warn": "w"}]}]}"#
        let set = try Engine.compile(Self.facts, rule)
        return try Engine.evaluate(set, values: c.facts)
    }

    static func check(_ c: Case) throws {
        let result = try evaluate(c)
        #expect(result.outcome(of: "r") == c.expected)
        // Rules fire only on true.
        #expect(result.firedRules == (c.expected == .true ? ["r"] : []))
    }

    @Test("numbers", arguments: numbers) func number(_ c: Case) throws { try Self.check(c) }
    @Test("booleans", arguments: booleans) func boolean(_ c: Case) throws { try Self.check(c) }
    @Test("strings", arguments: strings) func string(_ c: Case) throws { try Self.check(c) }
    @Test("enums", arguments: enums) func enumeration(_ c: Case) throws { try Self.check(c) }
    @Test("lists", arguments: lists) func list(_ c: Case) throws { try Self.check(c) }
    @Test("presence", arguments: presence) func presenceOf(_ c: Case) throws { try Self.check(c) }

    @Test func everyOperatorIsCoveredWithAValueAndWithAnotherFact() {
        let all = Self.numbers + Self.booleans + Self.strings + Self.enums + Self.lists + Self.presence
        var seen = Set<String>()
        for c in all {
            guard let node = try? JSONParser.parse(c.condition), let op = node["op"]?.value.stringValue else { continue }
            seen.insert(op + (node["valueOf"] != nil ? " valueOf" : node["value"] != nil ? " value" : ""))
        }
        var expected = Set(ComparisonOperator.allCases.filter { !$0.isPresence }.flatMap { [$0.rawValue + " value", $0.rawValue + " valueOf"] })
        expected.formUnion(["known", "unknown"])
        #expect(seen == expected)
    }
}
