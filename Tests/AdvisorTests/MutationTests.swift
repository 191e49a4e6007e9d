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

    @Test func theShippedFixturesNoticeEveryChangeTheShippedCarriersCanReach() {
        let (survivors, tried) = shippedFixtures.survivingMutations(of: shippedKnowledgeBase)
        #expect(tried == shippedKnowledgeBase.mutations.count)
        // What survives needs a carrier no shipped one is: one that sends its login code only by
        // SMS, takes a plain cancellation by phone, cancels only by phone or only in a shop, refunds
        // a balance, refuses a port-out or a port-out channel, or takes a port-out by phone where a
        // shop is also open (SMSOnlyCarrierTests covers the first); and an unknown online port-out,
        // which wins the same tie whether it scores or not.
        #expect(survivors.map(\.change) == [
            "answer-from-abroad-phone-only removed",
            "answer-from-abroad-in-japan-only removed",
            "answer-balance-refund removed",
            "answer-keep-number-no-mnp removed",
            "keep-number-not-portable removed",
            "sms-code-cannot-arrive removed",
            "online-sms-unavailable removed",
            "online-sms-unavailable negated",
            "phone-offered removed",
            "port-out-online-possibly-offered removed",
            "port-out-online-not-offered removed",
            "port-out-store-not-offered removed",
            "port-out-phone-offered removed",
            "port-out-phone-not-offered removed",
        ])
    }
}
