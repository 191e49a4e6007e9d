@testable import Advisor
import RulesEngine
import Testing

@Suite struct MutationTests {
    @Test func everyRuleIsRemovedAndEveryConditionNegated() throws {
        let mutations = shippedKnowledgeBase.mutations
        let rules = shippedKnowledgeBase.source.rules
        let comparisons = rules.flatMap { $0.condition?.comparisons ?? [] }
        let numbers = comparisons.filter { if case .value(.number) = $0.operand { true } else { false } }.count
        let boundaries = comparisons.filter { [.less, .lessOrEqual, .greater, .greaterOrEqual].contains($0.op) }.count
        let swaps = mutations.filter { if case .salienceSwapped = $0.kind { true } else { false } }.count
        #expect(mutations.count == rules.count + rules.filter { $0.condition != nil }.count + 2 * numbers + boundaries + swaps)
        #expect(numbers > 0 && boundaries > 0)
        let removed = try #require(shippedKnowledgeBase.applying(Mutation(rule: "balance-remains", kind: .removed, location: rules[0].location, change: "")))
        #expect(removed.ruleSet.rules.count == rules.count - 1)
        #expect(removed.ruleSet.ruleIndex(of: "balance-remains") == nil)
        let negated = try #require(shippedKnowledgeBase.applying(Mutation(rule: "balance-remains", kind: .negated, location: rules[0].location, change: "")))
        let profile = Profile(values: [("balance", .number(0))])
        // balance > 0 negated: a zero balance now raises balance-remaining.
        #expect(try Advisor(negated).advise(profile, language: .en).warnings.map(\.id).contains("balance-remaining"))
        #expect(try !Advisor(shippedKnowledgeBase).advise(profile, language: .en).warnings.map(\.id).contains("balance-remaining"))
    }

    /// A number moved by one and a boundary flipped, each shown by the profile at the boundary.
    @Test func numbersMoveByOneAndBoundariesFlip() throws {
        let mutations = shippedKnowledgeBase.mutations.filter { $0.rule == "balance-remains" }
        #expect(mutations.map(\.change) == [
            "rule 'balance-remains' removed",
            "rule 'balance-remains' with its condition negated",
            "rule 'balance-remains' with 'balance > 0' as 'balance > 1'",
            "rule 'balance-remains' with 'balance > 0' as 'balance > -1'",
            "rule 'balance-remains' with 'balance > 0' as 'balance >= 0'",
        ])
        func warns(_ kb: KnowledgeBase, balance: Double) throws -> Bool {
            try Advisor(kb).advise(Profile(values: [("balance", .number(balance))]), language: .en).warnings.map(\.id).contains("balance-remaining")
        }
        let up = try #require(shippedKnowledgeBase.applying(mutations[2]))
        #expect(try !warns(up, balance: 1) && warns(shippedKnowledgeBase, balance: 1))
        let down = try #require(shippedKnowledgeBase.applying(mutations[3]))
        #expect(try warns(down, balance: 0) && !warns(shippedKnowledgeBase, balance: 0))
        let flipped = try #require(shippedKnowledgeBase.applying(mutations[4]))
        #expect(try warns(flipped, balance: 0))
    }

    /// Every mutant the fixtures do not notice is listed as equivalent, with a reason, and
    /// every listed one survives (the list is current).
    @Test func theShippedFixturesNoticeEveryMutantButTheListedEquivalents() throws {
        let (survivors, tried) = shippedFixtures.survivingMutations(of: fixtureKnowledgeBase)
        #expect(tried == fixtureKnowledgeBase.mutations.count)
        let path = packageRoot + "/Fixtures/" + EquivalentMutants.fileName
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? #"{"equivalent": []}"#
        let listed = EquivalentMutants(text: text, file: path)
        #expect(listed.diagnostics.map(\.description) == [])
        #expect(survivors.map(\.change).filter { listed.reasons[$0] == nil } == [], "not noticed and not listed")
        #expect(Set(listed.reasons.keys).subtracting(survivors.map(\.change)).sorted() == [], "listed but noticed")
    }
}
