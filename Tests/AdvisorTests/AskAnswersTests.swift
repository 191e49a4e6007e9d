@testable import Advisor
import RulesEngine
import Testing

/// The port-out advice, the answers to questions, and the warnings that must stay silent.
@Suite struct AskAnswersTests {
    let advisor = Advisor(shippedKnowledgeBase)
    var kb: KnowledgeBase { shippedKnowledgeBase }

    func advise(_ json: String, _ language: Language = .en, question: String? = nil) throws -> Advice {
        var profile = try ProfileReader(kb).read(text: json, file: "t.json").get()
        let understanding = question.map { kb.understand($0) }
        if let understanding { profile = understanding.profile.overridden(by: profile) }
        return try advisor.advise(profile, language: language, question: understanding)
    }

    func policy(_ carrier: String, _ field: String) -> Value? {
        kb.carriers[carrier]?.policy.first { $0.field == field }?.value
    }

    // MARK: port-out

    @Test("wanting to keep the number is a port-out, with steps, for every carrier with a number", arguments: shippedKnowledgeBase.carrierIDs)
    func portOutForEveryCarrier(_ carrier: String) throws {
        let advice = try advise(#"{"carrier": "\#(carrier)", "keepNumber": true, "location": "japan", "canLogin": true, "hasId": true, "japanese": "fluent"}"#)
        if policy(carrier, "voice") == .bool(false) {
            // A data-only SIM has no number: it is terminated, and says why.
            #expect(advice.action == "cancel")
            #expect(advice.notices == [kb.text(.notice("notice.data-only"), .en)])
            return
        }
        if policy(carrier, "mnp") == .bool(false) {
            #expect(advice.method == "none")
            return
        }
        #expect(advice.action == "port-out")
        #expect(advice.method != "none")
        let c = try #require(kb.carriers[carrier])
        let expected = (c.portOutSteps[advice.method] ?? kb.genericPortOutSteps[advice.method] ?? []).map(\.en)
        #expect(!expected.isEmpty)
        #expect(advice.steps == expected)
        #expect(advice.warnings.map(\.id).contains("keep-number-use-mnp"))
        #expect(!advice.warnings.map(\.id).contains("no-reactivation"), "nothing is cancelled")
        #expect(advice.json().contains(#""action":"port-out""#))
    }

    @Test func portOutWithoutLoginGoesToAShopOrPhoneTheCarrierOffers() throws {
        let advice = try advise(#"{"carrier": "softbank", "keepNumber": true, "location": "japan", "canLogin": false, "hasId": true}"#)
        #expect(advice.action == "port-out")
        #expect(["store", "phone"].contains(advice.method))
    }

    // MARK: noise

    @Test func keepNumberUnknownIsOneSentenceNotASecondCriticalWarning() throws {
        let advice = try advise(#"{"carrier": "povo", "location": "abroad"}"#)
        #expect(advice.action == "cancel")
        #expect(!advice.warnings.map(\.id).contains("keep-number-use-mnp"))
        #expect(advice.warnings.filter { $0.severity == .critical }.map(\.id) == ["no-reactivation"])
        #expect(advice.notices == [kb.text(.notice("notice.port-out-alternative"), .en)])
    }

    @Test func noSmsWarningWhenTheCodeGoesByEmailAndNothingIsBound() throws {
        let advice = try advise(#"{"carrier": "povo", "location": "abroad", "canReceiveSms": false, "boundServices": false, "keepNumber": false}"#)
        #expect(!advice.warnings.map(\.id).contains("sms-login-abroad"))
        let bound = try advise(#"{"carrier": "povo", "location": "abroad", "canReceiveSms": false, "boundServices": true, "keepNumber": false}"#)
        #expect(bound.warnings.map(\.id).contains("sms-login-abroad"), "the codes of the banks still tied to the number cannot arrive")
    }

    @Test("a carrier's replacing note replaces the general warning", arguments: shippedKnowledgeBase.carrierIDs)
    func replacementsReplace(_ carrier: String) throws {
        let c = try #require(kb.carriers[carrier])
        for (id, text) in c.replacements where kb.ruleSet.warnings.contains(where: { $0.id == id }) {
            for profile in [#"{"carrier": "\#(carrier)", "location": "abroad", "keepNumber": false, "japanese": "none", "simType": "physical", "balance": 500}"#,
                            #"{"carrier": "\#(carrier)", "location": "japan", "keepNumber": false, "japanese": "none", "simType": "physical", "balance": 500}"#] {
                let advice = try advise(profile)
                guard let w = advice.warnings.first(where: { $0.id == id }) else { continue }
                #expect(w.message == text.en)
                #expect(!w.message.contains(kb.text(.warning(id), .en)))
            }
        }
    }

    @Test func noSimReturnWordsWhereTheCarrierWantsNone() throws {
        for carrier in kb.carrierIDs where policy(carrier, "simReturn") == .string("not-required") {
            let advice = try advise(#"{"carrier": "\#(carrier)", "keepNumber": false, "canLogin": true, "location": "japan"}"#)
            #expect(!advice.warnings.map(\.id).contains("sim-return"))
            let text = (advice.why + advice.steps).joined(separator: " ").lowercased()
            #expect(!text.contains("mail the sim"), "\(carrier)")
        }
    }

    @Test func noSpeakSlowlyForAnOnlineCancellation() throws {
        let advice = try advise(#"{"carrier": "povo", "location": "abroad", "japanese": "none", "keepNumber": false}"#)
        let w = try #require(advice.warnings.first { $0.id == "language-barrier" })
        #expect(!w.message.contains("speak slowly"))
    }

    @Test func aDataOnlySimIsNotWarnedAboutItsNumberOrContacts() throws {
        let advice = try advise(#"{"carrier": "b-mobile-visitor", "location": "japan"}"#)
        #expect(!advice.warnings.map(\.id).contains("no-reactivation"))
        #expect(!advice.warnings.map(\.id).contains("backup-data"))
        #expect(!advice.warnings.map(\.id).contains("keep-number-use-mnp"))
        #expect(advice.notices == [kb.text(.notice("notice.data-only"), .en)])
    }

    @Test func aShopIsNeverAdvisedOnNoEvidence() throws {
        // Mobal's shop policy is unknown: without a login, recovering it is the way, not a shop.
        let advice = try advise(#"{"carrier": "mobal", "location": "japan", "canLogin": false, "hasId": true, "keepNumber": false}"#)
        #expect(advice.method != "store")
        #expect(advice.ranking.first { $0.method == "store" }?.reasons == ["unconfirmed"])
    }

    // MARK: answers

    @Test("every intent is answered in every language", arguments: Language.allCases)
    func everyIntentAnswered(_ language: Language) throws {
        var question = Understanding(language: language, findings: [], contradictions: [], intents: [])
        question.intents = KnowledgeBase.intents.map { .init(id: $0, phrases: []) }
        for profile in [#"{"carrier": "povo", "location": "abroad", "keepNumber": false}"#,
                        #"{"carrier": "docomo", "location": "japan", "keepNumber": true}"#,
                        #"{"carrier": "b-mobile-visitor"}"#, #"{}"#] {
            let p = try ProfileReader(kb).read(text: profile, file: "t.json").get()
            let advice = try advisor.advise(p, language: language, question: question)
            #expect(advice.answers.map(\.intent) == KnowledgeBase.intents, "\(profile)")
            for a in advice.answers {
                #expect(!a.answer.isEmpty)
                #expect(!a.answer.contains("{"), "placeholder left in \(a.intent)")
            }
        }
    }

    @Test func reactivationIsNever() throws {
        let advice = try advise(#"{}"#, .zhHans, question: "注销后号码还能恢复吗？")
        #expect(advice.answers.map(\.intent) == ["reactivation"])
        #expect(advice.answers.first?.answer == kb.text(.answer(intent: "reactivation", value: "never"), .zhHans))
    }

    @Test func costForDocomoHasTheCarrierDetail() throws {
        let advice = try advise(#"{}"#, question: "Does cancelling docomo cost anything?")
        #expect(advice.carrier == "docomo")
        let answer = try #require(advice.answers.first { $0.intent == "cost" }?.answer)
        let note = try #require(kb.carriers["docomo"]?.notes["answer.cost"], "docomo's fee detail is a carrier note")
        #expect(answer.hasSuffix(note.en))
        #expect(answer.hasPrefix(kb.text(.answer(intent: "cost", value: "fee-possible"), .en).replacingOccurrences(of: "{carrier}", with: kb.carriers["docomo"]!.name.en)))
    }

    @Test func fromAbroadForPovoIsOnlineByEmail() throws {
        let advice = try advise(#"{}"#, .ja, question: "海外からpovoを解約できますか？")
        #expect(advice.answers.first { $0.intent == "from-abroad" } != nil)
        #expect(try #require(advice.answers.first { $0.intent == "from-abroad" }).answer.hasPrefix(
            kb.text(.answer(intent: "from-abroad", value: "online-email"), .ja).replacingOccurrences(of: "{carrier}", with: kb.carriers["povo"]!.name.ja)))
    }

    @Test func nothingUnderstoodIsSaid() throws {
        let advice = try advise(#"{}"#, question: "hello")
        #expect(advice.understoodNothing == kb.text(.understoodNothing, .en))
        #expect(advice.text(kb).hasPrefix(kb.text(.understoodNothing, .en)))
    }

    @Test func contradictionsAreLeftOpenWithANote() throws {
        let advice = try advise(#"{}"#, question: "I'm in Japan, I'm abroad, cancel povo")
        #expect(advice.unclear.map(\.field) == ["location"])
        #expect(advice.understood?.map(\.field) == ["carrier"])
    }

    @Test func keepNumberWithTheCarrierBetweenIsAPortOut() throws {
        for (q, lang) in [("I want to keep my au number", Language.en), ("想保留乐天的号码", .zhHans), ("この番号をほかの会社でも使い続けたい", .ja)] {
            let advice = try advise(#"{}"#, lang, question: q)
            #expect(advice.action == "port-out", "\(q)")
        }
    }

    // MARK: why not

    @Test func whyNotNeverContradictsItself() throws {
        let p = try ProfileReader(kb).read(text: #"{"carrier": "povo", "location": "abroad", "keepNumber": false}"#, file: "t.json").get()
        for method in kb.methods {
            let text = try advisor.advise(p, language: .en, whyNot: method).text(kb)
            let heading = kb.text(.heading(.whyNot), .en)
            let hasHeading = text.contains(heading)
            #expect(!(hasHeading && text.contains(kb.text(.whyNotNone, .en))))
            #expect(!(hasHeading && text.contains(kb.text(.whyNotAlready, .en))))
        }
    }

    @Test func theTraceIsInTheOutputLanguage() throws {
        let p = try ProfileReader(kb).read(text: #"{"carrier": "povo", "location": "abroad"}"#, file: "t.json").get()
        for language in Language.allCases {
            let text = try advisor.advise(p, language: language, explain: true).text(kb)
            #expect(text.contains("number-is-gone-for-good: " + kb.text(.rule("number-is-gone-for-good"), language)))
        }
        #expect(kb.ruleSet.rules.allSatisfy { kb.texts["rule.\($0.id)"] != nil }, "every rule's description is translated")
    }

    // MARK: consultation

    @Test func consultationAnswersInThePersonsLanguage() throws {
        let field = try #require(kb.profileField("canLogin"))
        for word in ["能", "可以", "是", "はい", "できる", "yes", "１"] {
            var c = Consultation(advisor: advisor, profile: Profile(), language: .zhHans)
            #expect(c.answer(word, for: field) == nil, "\(word)")
            #expect(c.profile.values.first?.value == .bool(true), "\(word)")
        }
        var c = Consultation(advisor: advisor, profile: Profile(), language: .ja)
        #expect(c.answer("たぶん", for: field) == kb.text(.hint(.bool), .ja).replacingOccurrences(of: "{count}", with: "2"))
    }

    @Test func keepNumberIsAskedFirst() throws {
        let c = Consultation(advisor: advisor, profile: Profile(carrier: "povo", values: [("carrier", .string("povo"))]), language: .en)
        #expect(try c.nextQuestion()?.name == "keepNumber")
    }
}
