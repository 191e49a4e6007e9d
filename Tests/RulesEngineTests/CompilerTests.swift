import Testing
@testable import RulesEngine

/// The compiled form: rules in firing priority, facts as slots, conditions as flat node runs,
/// and the index from each fact to the rules that read it.
@Suite("Compiler")
struct CompilerTests {
    static let rules = """
    {"rules": [
      {"id": "m", "description": "no condition", "then": [{"score": "online", "add": 1}]},
      {"id": "b", "description": "salience 5", "salience": 5,
       "when": {"all": [{"fact": "hasId", "op": "==", "value": true},
                        {"any": [{"fact": "balance", "op": ">", "value": 0},
                                 {"not": {"fact": "location", "op": "==", "value": "japan"}}]},
                        {"fact": "hasId", "op": "known"}]},
       "then": [{"derive": "remote", "value": true}, {"warn": "bring-id"}]},
      {"id": "a", "description": "salience 5 too", "salience": 5,
       "when": {"fact": "balance", "op": "<", "valueOf": "limit"},
       "then": [{"block": "store", "reason": "closed"}, {"score": "store", "subtract": 2}]},
      {"id": "z", "description": "negative salience", "salience": -3,
       "when": {"fact": "remote", "op": "unknown"},
       "then": [{"derive": "phoneLanguages", "value": ["zh", "en", "zh"]}]},
      {"id": "c", "description": "lists",
       "when": {"any": [{"fact": "languages", "op": "intersects", "value": ["en", "zh"]},
                        {"fact": "phoneLanguages", "op": "==", "value": ["zh", "en"]}]},
       "then": [{"block": "online", "reason": "closed"}]}
    ]}
    """

    @Test func ordersRulesBySalienceThenIDAndKeepsDeclarations() throws {
        let set = try Engine.compile(declarations, Self.rules)
        #expect(set.rules.map(\.id) == ["a", "b", "c", "m", "z"])
        #expect(set.rules.map(\.salience) == [5, 5, 0, 0, -3])
        #expect(set.ruleIndex(of: "c") == 2)
        #expect(set.ruleIndex(of: "nope") == nil)
        #expect(set.facts.map(\.name) == ["location", "balance", "hasId", "languages", "carrier", "remote", "risk", "phoneLanguages", "limit"])
        #expect(set.facts.map(\.isInput) == [true, true, true, true, true, false, false, false, false])
        #expect(set.facts[0].type == .enumeration(["japan", "abroad"]))
        #expect((0..<set.facts.count).map { set.slot(of: set.facts[$0].name) } == Array(0..<9))
        #expect(set.slot(of: "missing") == nil)
        #expect(set.options == ["online", "store"])
        #expect(set.warnings.map(\.id) == ["scam-risk", "bring-id"])
        #expect(set.warnings.map(\.severity) == [.critical, .medium])
    }

    @Test func indexesEachFactToTheRulesThatReadIt() throws {
        let set = try Engine.compile(declarations, Self.rules)
        func readers(_ name: String) -> [String] {
            guard let slot = set.slot(of: name) else { return ["undeclared"] }
            return set.readers[slot].map { set.rules[Int($0)].id }
        }
        // A fact read twice by one rule is listed once; an operand fact (`valueOf`) is a read too.
        #expect(readers("hasId") == ["b"])
        #expect(readers("balance") == ["a", "b"])
        #expect(readers("limit") == ["a"])
        #expect(readers("location") == ["b"])
        #expect(readers("remote") == ["z"])
        #expect(readers("languages") == ["c"])
        #expect(readers("phoneLanguages") == ["c"])
        #expect(readers("carrier") == [])
        #expect(readers("risk") == [])
    }

    @Test func compilesConditionsIntoPrefixOrderedNodesWithJumps() throws {
        let set = try Engine.compile(declarations, Self.rules)
        // Rule "b" (index 1): all(==, any(>, not(==)), known) is 7 nodes in prefix order.
        let root = Int(set.roots[1])
        let nodes = Array(set.nodes[root..<root + 7])
        #expect(nodes.map(\.op) == [.all, .eq, .any, .gt, .not, .eq, .known])
        #expect(nodes.map { Int($0.end) - root } == [7, 2, 6, 4, 6, 6, 7])
        #expect(nodes.map { Int($0.slot) } == [0, 2, 0, 1, 0, 0, 2])
        #expect(nodes[1].number == 1)
        #expect(nodes[3].number == 0)
        #expect(set.symbols[Int(nodes[5].number)] == "japan")
        // A rule without a condition has no nodes; every other rule has a root.
        #expect(set.roots[3] == -1)
        #expect(set.nodes.count == 1 + 7 + 1 + 3)
        #expect(set.roots.map { Int($0) } == [0, 1, 8, -1, 11])
    }

    @Test func storesListsAsSortedSymbolSetsWithoutRepeats() throws {
        let set = try Engine.compile(declarations, Self.rules)
        func strings(_ s: [Double]) -> [String] { s.map { set.symbols[Int($0)] } }
        let intersects = set.nodes[Int(set.roots[2]) + 1]
        let equal = set.nodes[Int(set.roots[2]) + 2]
        #expect(intersects.op == .intersects)
        #expect(equal.op == .listEq)
        // ["en", "zh"], ["zh", "en"] and the derived ["zh", "en", "zh"] are one constant set.
        #expect(intersects.arg == equal.arg)
        #expect(Set(strings(set.constantSets[Int(intersects.arg)])) == ["en", "zh"])
        #expect(set.constantSets[Int(intersects.arg)] == set.constantSets[Int(intersects.arg)].sorted())
        #expect(set.constantSets.count == 1)
        let derive = set.actions[Int(set.actionStart[4])]
        #expect(derive.kind == .derive)
        #expect(derive.arg == intersects.arg)
        // Enum values are the first symbols, in declaration order.
        #expect(Array(set.symbols.prefix(4)) == ["japan", "abroad", "low", "high"])
    }

    @Test func compilesActionsInRuleOrder() throws {
        let set = try Engine.compile(declarations, Self.rules)
        #expect(set.actionStart.map { Int($0) } == [0, 2, 4, 5, 6, 7])
        #expect(set.actions.map(\.kind) == [.block, .score, .derive, .warn, .block, .score, .derive])
        #expect(set.actions.map(\.target) == [1, 1, 5, 1, 0, 0, 7])
        #expect(set.actions.map(\.number) == [0, -2, 1, 0, 0, 1, 0])
        #expect(set.reasons == ["closed"])
    }

    @Test func precomputesEachRuleOutcomeWhenEveryFactIsUnknown() throws {
        let set = try Engine.compile(declarations, Self.rules)
        // a: comparison over unknown facts; b: all(...) with an unknown part and a false `known`;
        // c: any(...) of unknowns; m: no condition; z: `unknown` holds.
        #expect(set.outcomeWhenAllUnknown == [.unknown, .false, .unknown, .true, .true])
    }

    struct OperatorCase: Sendable, CustomTestStringConvertible {
        var condition: String
        var op: _Node.Op
        var testDescription: String { condition }
    }

    static let operators: [OperatorCase] = [
        .init(condition: #"{"fact": "balance", "op": "==", "value": 1}"#, op: .eq),
        .init(condition: #"{"fact": "balance", "op": "!=", "value": 1}"#, op: .ne),
        .init(condition: #"{"fact": "balance", "op": "<", "value": 1}"#, op: .lt),
        .init(condition: #"{"fact": "balance", "op": "<=", "value": 1}"#, op: .le),
        .init(condition: #"{"fact": "balance", "op": ">", "value": 1}"#, op: .gt),
        .init(condition: #"{"fact": "balance", "op": ">=", "value": 1}"#, op: .ge),
        .init(condition: #"{"fact": "balance", "op": "==", "valueOf": "limit"}"#, op: .eqFact),
        .init(condition: #"{"fact": "balance", "op": "!=", "valueOf": "limit"}"#, op: .neFact),
        .init(condition: #"{"fact": "balance", "op": "<", "valueOf": "limit"}"#, op: .ltFact),
        .init(condition: #"{"fact": "balance", "op": "<=", "valueOf": "limit"}"#, op: .leFact),
        .init(condition: #"{"fact": "balance", "op": ">", "valueOf": "limit"}"#, op: .gtFact),
        .init(condition: #"{"fact": "balance", "op": ">=", "valueOf": "limit"}"#, op: .geFact),
        .init(condition: #"{"fact": "carrier", "op": "in", "value": ["a", "b"]}"#, op: .inSet),
        .init(condition: #"{"fact": "carrier", "op": "in", "valueOf": "languages"}"#, op: .inListFact),
        .init(condition: #"{"fact": "languages", "op": "contains", "value": "zh"}"#, op: .contains),
        .init(condition: #"{"fact": "languages", "op": "contains", "valueOf": "carrier"}"#, op: .containsFact),
        .init(condition: #"{"fact": "languages", "op": "intersects", "value": ["zh"]}"#, op: .intersects),
        .init(condition: #"{"fact": "languages", "op": "intersects", "valueOf": "phoneLanguages"}"#, op: .intersectsFact),
        .init(condition: #"{"fact": "languages", "op": "==", "value": ["zh"]}"#, op: .listEq),
        .init(condition: #"{"fact": "languages", "op": "!=", "value": ["zh"]}"#, op: .listNe),
        .init(condition: #"{"fact": "languages", "op": "==", "valueOf": "phoneLanguages"}"#, op: .listEqFact),
        .init(condition: #"{"fact": "languages", "op": "!=", "valueOf": "phoneLanguages"}"#, op: .listNeFact),
        .init(condition: #"{"fact": "languages", "op": "known"}"#, op: .known),
        .init(condition: #"{"fact": "languages", "op": "unknown"}"#, op: .unknown),
    ]

    @Test("compiles each operator to its own instruction, never to a string lookup", arguments: operators)
    func compilesOperator(_ c: OperatorCase) throws {
        let set = try Engine.compile(declarations, #"{"rules": [{"id": "r", "description": "d", "when": \#(c.condition), "then": [{"warn": "bring-id"}]}]}"#)
        #expect(set.nodes.map(\.op) == [c.op])
        #expect(set.nodes.first?.end == 1)
    }
}
