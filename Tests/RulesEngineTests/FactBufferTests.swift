import Testing
@testable import RulesEngine

/// Giving facts their values, and the nearest-name suggestions used by every "did you mean".
@Suite("Fact buffer and suggestions")
struct FactBufferTests {
    static func ruleSet() throws -> CompiledRuleSet {
        try Engine.compile(declarations, #"{"rules": [{"id": "r", "description": "d", "when": {"fact": "languages", "op": "contains", "value": "zh"}, "then": [{"warn": "bring-id"}]}]}"#)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var fact: String
        var value: Value
        var expected: FactError
        var description: String
        var testDescription: String { "\(fact) = \(value)" }
    }

    static let errors: [ErrorCase] = [
        .init(fact: "hasID", value: .bool(true), expected: .undeclared(fact: "hasID", suggestion: "hasId"),
              description: "unknown fact 'hasID'; did you mean 'hasId'?"),
        .init(fact: "xyz", value: .bool(true), expected: .undeclared(fact: "xyz", suggestion: nil),
              description: "unknown fact 'xyz'"),
        .init(fact: "balance", value: .string("10"), expected: .typeMismatch(fact: "balance", expected: .number, found: .string("10")),
              description: #"'balance' must be number, found "10""#),
        .init(fact: "hasId", value: .number(1), expected: .typeMismatch(fact: "hasId", expected: .bool, found: .number(1)),
              description: "'hasId' must be bool, found 1"),
        .init(fact: "languages", value: .string("zh"), expected: .typeMismatch(fact: "languages", expected: .list, found: .string("zh")),
              description: #"'languages' must be list, found "zh""#),
        .init(fact: "carrier", value: .list(["a"]), expected: .typeMismatch(fact: "carrier", expected: .string, found: .list(["a"])),
              description: #"'carrier' must be string, found ["a"]"#),
        .init(fact: "location", value: .bool(true), expected: .typeMismatch(fact: "location", expected: .enumeration(["japan", "abroad"]), found: .bool(true)),
              description: "'location' must be enum (japan, abroad), found true"),
        .init(fact: "location", value: .string("japn"), expected: .notInEnum(fact: "location", value: "japn", allowed: ["japan", "abroad"]),
              description: "'japn' is not a value of 'location'; did you mean 'japan'?; expected one of: japan, abroad"),
        .init(fact: "location", value: .string("mars"), expected: .notInEnum(fact: "location", value: "mars", allowed: ["japan", "abroad"]),
              description: "'mars' is not a value of 'location'; expected one of: japan, abroad"),
    ]

    @Test("rejects an undeclared fact, a wrong type and a value outside an enum", arguments: errors)
    func rejects(_ c: ErrorCase) throws {
        let set = try Self.ruleSet()
        var buffer = FactBuffer(for: set)
        #expect(throws: c.expected) { try buffer.set(c.fact, c.value, in: set) }
        #expect(c.expected.description == c.description)
        #expect(buffer.knownSlots.isEmpty)
    }

    struct ValueCase: Sendable, CustomTestStringConvertible {
        var fact: String
        var value: Value
        var stored: Value
        var testDescription: String { "\(fact) = \(value)" }
    }

    static let values: [ValueCase] = [
        .init(fact: "location", value: .string("abroad"), stored: .string("abroad")),
        .init(fact: "balance", value: .number(-0.5), stored: .number(-0.5)),
        .init(fact: "hasId", value: .bool(false), stored: .bool(false)),
        // A string no rule mentions keeps its text.
        .init(fact: "carrier", value: .string("日本通信"), stored: .string("日本通信")),
        .init(fact: "carrier", value: .string(""), stored: .string("")),
        // A list is a set: sorted, without repeats, whether or not the rules mention its strings.
        .init(fact: "languages", value: .list(["zh", "en", "zh", "fr"]), stored: .list(["en", "fr", "zh"])),
        .init(fact: "languages", value: .list([]), stored: .list([])),
        // Derived facts may be given too (a caller may know them).
        .init(fact: "risk", value: .string("high"), stored: .string("high")),
    ]

    @Test("stores each type of value and reads it back", arguments: values)
    func storesAndReadsBack(_ c: ValueCase) throws {
        let set = try Self.ruleSet()
        var buffer = FactBuffer(for: set)
        try buffer.set(c.fact, c.value, in: set)
        let slot = try #require(set.slot(of: c.fact))
        #expect(buffer.value(slot, in: set) == c.stored)
        #expect(buffer.isKnown(slot))
        #expect(buffer.knownSlots == [slot])
    }

    @Test func setsBySlotClearsAndForgets() throws {
        let set = try Self.ruleSet()
        var buffer = FactBuffer(for: set)
        #expect(buffer.knownSlots.isEmpty)
        try buffer.set(2, .bool(true), in: set)
        try buffer.set("carrier", .string("x"), in: set)
        try buffer.set("balance", .number(1), in: set)
        try buffer.set("balance", .number(2), in: set)
        #expect(buffer.knownSlots == [1, 2, 4])
        #expect(buffer.value(1, in: set) == .number(2))
        buffer.clear(2)
        #expect(buffer.knownSlots == [1, 4])
        #expect(buffer.value(2, in: set) == nil)
        buffer.removeAll()
        #expect(buffer.knownSlots.isEmpty)
        #expect(throws: FactError.typeMismatch(fact: "hasId", expected: .bool, found: .string("yes"))) {
            try buffer.set(2, .string("yes"), in: set)
        }
        // Reused after removeAll, an unknown string is stored afresh.
        try buffer.set("carrier", .string("y"), in: set)
        #expect(buffer.value(4, in: set) == .string("y"))
    }

    @Test func valuesDescribeThemselvesAsJSONWould() {
        #expect(Value.bool(true).description == "true")
        #expect(Value.number(3).description == "3")
        #expect(Value.number(-2.5).description == "-2.5")
        #expect(Value.number(1e20).description == "1e+20")
        #expect(Value.string("a").description == #""a""#)
        #expect(Value.list(["a", "b"]).description == #"["a", "b"]"#)
        #expect(FactType.enumeration(["x", "y"]).description == "enum (x, y)")
        #expect(FactType.enumeration(["x"]).admits(.string("x")))
        #expect(!FactType.enumeration(["x"]).admits(.string("y")))
        #expect(!FactType.string.admits(.list(["x"])))
    }

    // MARK: - Suggestion.nearest

    struct SuggestionCase: Sendable, CustomTestStringConvertible {
        var name: String
        var candidates: [String]
        var expected: String?
        var testDescription: String { "\(name) → \(expected ?? "nil")" }
    }

    static let suggestions: [SuggestionCase] = [
        .init(name: "hasID", candidates: ["balance", "hasId"], expected: "hasId"),
        .init(name: "salince", candidates: ["id", "description", "salience", "when", "then"], expected: "salience"),
        .init(name: "nubmer", candidates: ["bool", "number", "string", "enum", "list"], expected: "number"),
        .init(name: "contain", candidates: ComparisonOperator.allCases.map(\.rawValue), expected: "contains"),
        // Equally near: the one sharing the longer prefix, then the smallest.
        .init(name: "=", candidates: ComparisonOperator.allCases.map(\.rawValue), expected: "=="),
        .init(name: "cat", candidates: ["hat", "bat"], expected: "bat"),
        .init(name: "xyz", candidates: ["alpha", "beta"], expected: nil),
        .init(name: "abc", candidates: [], expected: nil),
        // The allowed distance grows with the length: a third of the shorter name, at least 2.
        .init(name: "abcdefghi", candidates: ["abcdefxyz"], expected: "abcdefxyz"),
        .init(name: "abcdefgh", candidates: ["abcdexyz"], expected: nil),
        .init(name: "日本", candidates: ["日本語", "中文"], expected: "日本語"),
    ]

    @Test("suggests the nearest name only when it is near", arguments: suggestions)
    func suggestsTheNearestName(_ c: SuggestionCase) {
        #expect(Suggestion.nearest(to: c.name, in: c.candidates) == c.expected)
        #expect(Suggestion.hint(for: c.name, in: c.candidates) == (c.expected.map { "; did you mean '\($0)'?" } ?? ""))
    }
}
