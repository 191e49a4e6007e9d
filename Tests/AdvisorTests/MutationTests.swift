@testable import Advisor
import RulesEngine
import Testing

@Suite struct MutationTests {
    @Test func everyRuleIsRemovedAndEveryConditionNegated() throws {
        let mutations = shippedKnowledgeBase.mutations
        let rules = shippedKnowledgeBase.source.rules
        #expect(mutations.count == rules.count + rules.filter { $0.condition != nil }.count)
        let removed = try #require(shippedKnowledgeBase.applying(Mutation(rule: "balance-remains", kind: .removed, location: rules[0].location)))
        #expect(removed.ruleSet.rules.count == rules.count - 1)
        #expect(removed.ruleSet.ruleIndex(of: "balance-remains") == nil)
        let negated = try #require(shippedKnowledgeBase.applying(Mutation(rule: "balance-remains", kind: .negated, location: rules[0].location)))
        let profile = Profile(values: [("balance", .number(0))])
        // balance > 0 negated: a zero balance now raises balance-remaining.
        #expect(try Advisor(negated).advise(profile, language: .en).warnings.map(\.id).contains("balance-remaining"))
        #expect(try !Advisor(shippedKnowledgeBase).advise(profile, language: .en).warnings.map(\.id).contains("balance-remaining"))
    }

    @Test func theShippedFixturesNoticeEveryChangeTheShippedCarriersCanReach() {
        let (survivors, tried) = shippedFixtures.survivingMutations(of: shippedKnowledgeBase)
        #expect(tried == shippedKnowledgeBase.mutations.count)
        // What survives needs a carrier no shipped one is: one that sends its login code only by
        // SMS, takes a plain cancellation by phone, cancels only by phone or only in a shop, refunds
        // a balance, refuses a port-out or a port-out channel, or takes a port-out by phone where a
        // shop is also open (SMSOnlyCarrierTests covers the first); and an unknown online port-out,
        // which wins the same tie whether it scores or not.
        #expect(survivors.map { "\($0.rule) \($0.kind.rawValue)" } == [
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
