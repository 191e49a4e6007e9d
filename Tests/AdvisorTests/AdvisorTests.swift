@testable import Advisor
import RulesEngine
import Testing

@Suite struct AdvisorBehaviourTests {
    let advisor = Advisor(shippedKnowledgeBase)

    func advise(_ json: String, _ language: Language = .en) throws -> Advice {
        let profile = try ProfileReader(shippedKnowledgeBase).read(text: json, file: "t.json").get()
        return try advisor.advise(profile, language: language)
    }

    @Test func tiesGoToTheEarlierMethod() throws {
        // An unknown carrier, abroad: online +1 (unconfirmed) -1 (SMS risk), phone 0: a tie.
        let advice = try advise(#"{"carrier": "other", "location": "abroad", "japanese": "fluent"}"#)
        #expect(advice.ranking.map(\.score) == [0, 0, 0])
        #expect(advice.ranking.map(\.blocked) == [false, true, false])
        #expect(advice.method == "online")
    }

    @Test func storeOnlyWarningsAppearOnlyWithTheStore() throws {
        let inShop = try advise(#"{"carrier": "au", "location": "japan", "canLogin": false, "hasId": true, "keepNumber": false}"#)
        #expect(inShop.method == "store")
        #expect(inShop.warnings.map(\.id).contains("bring-id"))
        #expect(inShop.warnings.map(\.id).contains("store-appointment"))
        let online = try advise(#"{"carrier": "au", "location": "japan", "canLogin": true, "hasId": true, "keepNumber": false}"#)
        #expect(online.method == "online")
        #expect(!online.warnings.map(\.id).contains("bring-id"))
    }

    @Test func warningsComeMostSevereFirstWithTheCarriersNote() throws {
        let advice = try advise(#"{"carrier": "povo", "location": "abroad", "balance": 500}"#, .zhHans)
        let ranks = advice.warnings.map(\.severity.rank)
        #expect(ranks == ranks.sorted())
        let forfeit = try #require(advice.warnings.first { $0.id == "balance-forfeit" })
        let note = try #require(shippedKnowledgeBase.carriers["povo"]?.notes["balance-forfeit"]?.zhHans)
        #expect(forfeit.message.hasSuffix(note))
        #expect(forfeit.message.hasPrefix(shippedKnowledgeBase.text(.warning("balance-forfeit"), .zhHans)))
    }

    @Test func missingListsOnlyFieldsThatChangeTheAdviceMethodChangersFirst() throws {
        let advice = try advise(#"{"carrier": "povo", "location": "abroad", "canLogin": true, "balance": 0, "japanese": "fluent", "boundServices": false, "hasBackup": true, "deadlineDays": 30, "transferToOther": false}"#)
        // povo has no shop and no phone line, its login code goes by e-mail and nothing is tied
        // to the number: only keeping the number (a port-out instead of a cancellation) matters.
        #expect(advice.missing.map(\.field) == ["keepNumber"])
        let empty = try advise("{}")
        #expect(empty.missing.first?.field == "carrier")
        #expect(Set(empty.missing.map(\.field)).isSuperset(of: ["location", "keepNumber", "canLogin", "boundServices", "hasBackup"]))
    }

    @Test func anUncertainPolicyIsSaidNotAssumed() throws {
        let advice = try advise(#"{"carrier": "docomo", "location": "japan", "canLogin": false, "hasId": false, "japanese": "fluent", "keepNumber": false}"#)
        // docomo's phone cancellation is a conflict in the sources: phone is not blocked, not promoted.
        let phone = try #require(advice.ranking.first { $0.method == "phone" })
        #expect(!phone.blocked)
        #expect(phone.score == 0)
        #expect(advice.method == "phone")
        #expect(advice.uncertain.contains { $0.field == "phone" && $0.status == "conflict" })
    }

    @Test func keepingTheNumberIsAPortOutNeverACancellation() throws {
        let advice = try advise(#"{"carrier": "povo", "keepNumber": true}"#)
        #expect(advice.action == "port-out")
        #expect(advice.method == "online")
        #expect(advice.steps == shippedKnowledgeBase.carriers["povo"]!.portOutSteps["online"]!.map(\.en))
        #expect(advice.warnings.first?.id == "keep-number-use-mnp")
        #expect(!advice.warnings.map(\.id).contains("no-reactivation"))
    }

    @Test func everyLanguageGetsTheSameAdviceInItsOwnWords() throws {
        let json = #"{"carrier": "iijmio", "location": "japan", "simType": "physical", "balance": 100}"#
        let en = try advise(json, .en), zh = try advise(json, .zhHans), ja = try advise(json, .ja)
        #expect(en.method == zh.method && zh.method == ja.method)
        #expect(en.warnings.map(\.id) == zh.warnings.map(\.id))
        #expect(zh.warnings.map(\.id) == ja.warnings.map(\.id))
        #expect(en.steps.count == zh.steps.count && zh.steps.count == ja.steps.count)
        #expect(en.steps != zh.steps && zh.steps != ja.steps)
    }
}

@Suite struct RemedyTests {
    @Test func withNoMethodTheAdviceSaysWhatWouldOpenOne() throws {
        let profile = try ProfileReader(shippedKnowledgeBase).read(text: #"{"carrier": "povo", "canLogin": false, "location": "abroad"}"#, file: "t.json").get()
        let advice = try Advisor(shippedKnowledgeBase).advise(profile, language: .ja)
        #expect(advice.method == "none")
        // povo has no shop, so "wait until you are in Japan" would be no help; recovering the login is.
        #expect(advice.why == [shippedKnowledgeBase.text(.heading(.none), .ja), shippedKnowledgeBase.text(.remedy("no-login"), .ja)])
    }
}

@Suite struct WhyNotTests {
    let advisor = Advisor(shippedKnowledgeBase)

    func profile(_ json: String) throws -> Profile {
        try ProfileReader(shippedKnowledgeBase).read(text: json, file: "t.json").get()
    }

    func describe(_ alternatives: [[Advisor.Change]]) -> [String] {
        alternatives.map { $0.map { "\($0.field)=\($0.value)" }.joined(separator: " + ") }
    }

    @Test func theSmallestChangesThatWouldMakeAMethodTheAdvice() throws {
        let p = try profile(#"{"carrier": "au", "location": "japan", "canLogin": true, "japanese": "none", "hasId": true}"#)
        #expect(try advisor.advise(p, language: .en).method == "online")
        // No single change makes phone the advice; these pairs do (the carrier is never changed).
        #expect(describe(advisor.whyNot("phone", for: p)) == [
            "location=\"abroad\" + canLogin=false",
            // Keeping the number makes it a port-out, which au takes by phone (0077-75470).
            "keepNumber=true + canLogin=false",
            "canLogin=false + hasId=false",
        ])
        // A single change suffices for the shop: not being able to log in.
        #expect(describe(advisor.whyNot("store", for: p)) == ["canLogin=false"])
    }

    @Test func nothingWhenTheMethodIsAlreadyTheAdviceOrCannotBe() throws {
        let p = try profile(#"{"carrier": "povo", "location": "abroad", "canLogin": true}"#)
        #expect(advisor.whyNot("online", for: p).isEmpty, "already the advice")
        #expect(advisor.whyNot("store", for: p).isEmpty, "povo has no shops")
        #expect(advisor.whyNot("fax", for: p).isEmpty)
    }

    @Test func theAdviceCarriesTheAnswerInItsLanguage() throws {
        let p = try profile(#"{"carrier": "au", "location": "abroad", "canLogin": true}"#)
        let advice = try advisor.advise(p, language: .zhHans, whyNot: "store")
        let whyNot = try #require(advice.whyNot)
        // Each change names its field, in the person's language.
        #expect(whyNot.labels == [["现在所在地：在日本", "登录：无法登录"]])
        #expect(advice.text(shippedKnowledgeBase).contains("  - 现在所在地：在日本；登录：无法登录\n"))
        #expect(advice.json().contains(#""whyNot":{"method":"store","changes":[{"location":"japan","canLogin":false}]}"#))
    }
}
