import Testing
@testable import RulesEngine

/// The written-down invariants of the compiled program and of the evaluator's workspace: they
/// hold for compiled rule sets and after evaluations, and the checks see it when they do not.
@Suite("Invariants")
struct InvariantTests {
    /// Rule sets from the other suites, covering every operator, action and chaining.
    static func ruleSets() throws -> [CompiledRuleSet] {
        let operators = OperatorTests.numbers + OperatorTests.booleans + OperatorTests.strings
            + OperatorTests.enums + OperatorTests.lists + OperatorTests.presence
        let every = operators.enumerated().map { #"{"id": "r\#($0.offset)", "description": "d", "when": \#($0.element.condition), "then": [{"warn": "w"}]}"# }
        return [
            try Engine.compile(ChainingTests.facts, ChainingTests.spread[0], ChainingTests.spread[1], ChainingTests.spread[2], ChainingTests.spread[3]),
            try Engine.compile(RulesEngineTests.declarations, CompilerTests.rules),
            try Engine.compile(ResultTests.facts, ResultTests.rules),
            try Engine.compile(CoverageTests.rules),
            try Engine.compile(documents: LimitsTests.chain(130)),
            try Engine.compile(OperatorTests.facts, #"{"rules": [\#(every.joined(separator: ", "))]}"#),
            try Engine.compile(#"{"facts": [{"name": "x", "type": "bool"}]}"#),
        ]
    }

    @Test func compiledRuleSetsKeepTheirInvariants() throws {
        for set in try Self.ruleSets() {
            #expect(set.invariantViolations() == [])
            #expect(set.program.invariantViolations(Self.declarations(of: set)) == [])
        }
    }

    static func declarations(of set: CompiledRuleSet) -> _Declarations {
        _Declarations(facts: set.facts, optionCount: set.options.count, warningCount: set.warnings.count,
                      reasonCount: set.reasons.count, symbolCount: set.symbols.count)
    }

    @Test func theWorkspaceKeepsItsInvariantsBeforeAfterAndBetweenEvaluations() throws {
        let set = try Engine.compile(ChainingTests.facts, ChainingTests.spread[0], ChainingTests.spread[1], ChainingTests.spread[2], ChainingTests.spread[3])
        let evaluator = Evaluator(set)
        #expect(evaluator.workspace.invariantViolations(set, input: nil, firingLimit: evaluator.firingLimit, finished: false) == [])
        let inputs = [
            try Engine.facts(["start": .bool(true), "level": .number(5)], for: set),
            try Engine.facts(["start": .bool(false)], for: set),
            FactBuffer(for: set),
        ]
        for recording in [false, true] {
            evaluator.recordsConditions = recording
            for input in inputs {
                let result = try evaluator.evaluate(input)
                #expect(evaluator.workspace.invariantViolations(set, input: input, firingLimit: evaluator.firingLimit, finished: true) == [])
                #expect(evaluator.workspace.firedCount == result.firedRules.count)
            }
        }
        // Stopped by the firing limit: the invariants of a stop hold, those of a fixpoint do not.
        evaluator.firingLimit = 2
        let input = inputs[0]
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(input) }
        #expect(evaluator.workspace.invariantViolations(set, input: input, firingLimit: 2, finished: false) == [])
        #expect(evaluator.workspace.invariantViolations(set, input: input, firingLimit: 2, finished: true) == ["the agenda is not empty at the fixpoint"])
    }

    @Test func theWorkspaceKeepsItsInvariantsWhenADerivationConflicts() throws {
        let set = try ConflictTests.compile(
            ConflictTests.deriving("b-low", salience: 1, "risk", #""low""#),
            ConflictTests.rule("a-score", salience: 0, when: ConflictTests.started, then: #"{"score": "online", "add": 2}, {"derive": "risk", "value": "high"}, {"warn": "w"}"#))
        let evaluator = Evaluator(set)
        let input = try Engine.facts(["start": .bool(true)], for: set)
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(input) }
        // The score before the conflicting derivation counted; the warning after it did not.
        #expect(evaluator.lastScore(option: 0) == 2)
        #expect(!evaluator.lastRaised(warning: 0))
        #expect(evaluator.workspace.invariantViolations(set, input: input, firingLimit: evaluator.firingLimit, finished: false) == [])
    }

    @Test func theWorkspaceCheckSeesABrokenWorkspace() throws {
        let set = try Engine.compile(ChainingTests.facts, ChainingTests.spread[0], ChainingTests.spread[1], ChainingTests.spread[2], ChainingTests.spread[3])
        let evaluator = Evaluator(set)
        let input = try Engine.facts(["start": .bool(true), "level": .number(5)], for: set)
        _ = try evaluator.evaluate(input)
        let ws = evaluator.workspace
        func violations() -> [String] { ws.invariantViolations(set, input: input, firingLimit: evaluator.firingLimit, finished: true) }
        #expect(violations() == [])

        ws.scores[0] += 1
        #expect(violations().contains { $0.hasPrefix("scores[0] is") })
        ws.scores[0] -= 1

        let unfired = try #require(set.ruleIndex(of: "e-unknown"))
        ws.agenda[unfired >> 6] |= 1 << UInt64(unfired & 63)
        #expect(violations().contains("agenda bit \(unfired) disagrees with outcomes[\(unfired)] and fired"))
        #expect(violations().contains("the agenda is not empty at the fixpoint"))
        ws.agenda[unfired >> 6] = 0

        let amount = try #require(set.slot(of: "amount"))
        ws.derivedBy[amount] = 0
        #expect(violations().contains("slot \(amount) is unknown, but rule 0 derived it"))
        ws.derivedBy[amount] = -1

        ws.firedOrder[1] = ws.firedOrder[0]
        #expect(violations().contains { $0.hasSuffix("fired twice") })
        #expect(violations() != [])
    }

    /// A small well-formed program: `all(b == true, n > 2)` raising warning 0, over a bool and a number.
    struct Parts {
        var nodes = [_Node(op: .all, slot: 0, arg: 0, end: 3, number: 0),
                     _Node(op: .eq, slot: 0, arg: 0, end: 2, number: 1),
                     _Node(op: .gt, slot: 1, arg: 0, end: 3, number: 2)]
        var roots: [Int32] = [0]
        var constantSets: [[Double]] = []
        var actions = [_Action(kind: .warn, target: 0, number: 0, arg: -1)]
        var readers: [[Int32]] = [[0], [0]]

        func violations() -> [String] {
            let program = _Program(slotCount: 2, nodes: nodes, roots: roots, constantSets: constantSets,
                                   actions: actions, actionStart: [0, Int32(actions.count)], readers: readers)
            let facts = [FactDeclaration(name: "b", type: .bool, isInput: true, location: .init(file: "t", line: 1, column: 1, pointer: "")),
                         FactDeclaration(name: "n", type: .number, isInput: false, location: .init(file: "t", line: 1, column: 1, pointer: ""))]
            return program.invariantViolations(_Declarations(facts: facts, optionCount: 1, warningCount: 1, reasonCount: 0, symbolCount: 2))
        }
    }

    @Test func theProgramCheckSeesEachKindOfBrokenProgram() {
        #expect(Parts().violations() == [])
        var p = Parts()
        p.nodes[1].end = 5
        #expect(p.violations().contains("node 1 ends at 5"))
        p = Parts()
        p.nodes[2].slot = 7
        #expect(p.violations().contains("node 2 reads slot 7, not a slot"))
        p = Parts()
        p.nodes[2].op = .contains
        #expect(p.violations().contains("node 2 (contains) does not fit the types of what it reads"))
        p = Parts()
        p.roots = [1]
        #expect(p.violations().contains("rule 0's condition starts at node 1, where node 0 was expected"))
        p = Parts()
        p.readers = [[0], []]
        #expect(p.violations().contains("slot 1's readers are [], but rules [0] read it"))
        p = Parts()
        p.constantSets = [[1, 0]]
        #expect(p.violations().contains("constant set 0 is not strictly ascending"))
        p = Parts()
        p.actions = [_Action(kind: .warn, target: 3, number: 0, arg: -1)]
        #expect(p.violations().contains("action 0 raises warning 3, not a warning"))
        p = Parts()
        p.actions = [_Action(kind: .derive, target: 0, number: 1, arg: -1)]
        #expect(p.violations().contains("action 0 derives the input fact in slot 0"))
        p = Parts()
        p.actions = [_Action(kind: .block, target: 0, number: 0, arg: 0)]
        #expect(p.violations().contains("action 0 blocks option 0 for reason 0"))
    }
}
