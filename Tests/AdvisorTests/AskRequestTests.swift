import Advisor
import RulesEngine
import Testing

/// `ask`'s merge of the question and the profile, and its choice of language.
@Suite struct AskRequestTests {
    let kb = shippedKnowledgeBase

    func profile(_ json: String) throws -> Profile {
        try ProfileReader(kb).read(text: json, file: "me.json").get()
    }

    @Test func theProfileWinsWhereBothSpeak() throws {
        let request = AskRequest(question: "我在国外，怎么注销povo？", profile: try profile(#"{"id": "me", "carrier": "au", "balance": 300}"#), knowledgeBase: kb)
        let resolved = request.resolved(defaultLanguage: .en)
        #expect(resolved.profile.carrier == "au")
        #expect(resolved.profile.value(of: "carrier") == .string("au"))
        #expect(resolved.profile.value(of: "location") == .string("abroad"), "the question's fact stays")
        #expect(resolved.profile.value(of: "balance") == .number(300))
        #expect(resolved.profile.id == "me")
    }

    @Test func theQuestionAloneGivesTheProfile() {
        let resolved = AskRequest(question: "我在国外，怎么注销povo？", knowledgeBase: kb).resolved(defaultLanguage: .en)
        #expect(resolved.profile.carrier == "povo")
        #expect(resolved.profile.value(of: "location") == .string("abroad"))
    }

    @Test func theLanguageAskedForThenTheQuestionsThenTheDefault() {
        let zh = "我在国外，怎么注销povo？"
        #expect(AskRequest(question: zh, language: .ja, knowledgeBase: kb).resolved(defaultLanguage: .en).language == .ja)
        #expect(AskRequest(question: zh, knowledgeBase: kb).resolved(defaultLanguage: .en).language == .zhHans)
        #expect(AskRequest(question: nil, knowledgeBase: kb).resolved(defaultLanguage: .ja).language == .ja)
        #expect(AskRequest(language: .zhHans).resolved(defaultLanguage: .ja).language == .zhHans)
    }

    @Test func theDefaultLanguageIsOnlyAskedForWhenNeeded() {
        var asked = 0
        func locale() -> Language { asked += 1; return .ja }
        _ = AskRequest(question: "cancel povo", knowledgeBase: kb).resolved(defaultLanguage: locale())
        #expect(asked == 0)
        #expect(AskRequest().resolved(defaultLanguage: locale()).language == .ja)
        #expect(asked == 1)
    }

    @Test func withNothingGivenTheProfileIsEmpty() {
        let resolved = AskRequest().resolved(defaultLanguage: .en)
        #expect(resolved.profile == Profile())
        #expect(resolved.firstQuestions == [])
    }

    @Test func contradictionsAreAskedFirst() {
        let resolved = AskRequest(question: "I'm in Japan, I'm abroad, cancel povo", knowledgeBase: kb).resolved(defaultLanguage: .en)
        #expect(resolved.firstQuestions == ["location"])
        #expect(resolved.profile.value(of: "location") == nil, "a contradicted fact stays unknown")
    }

    @Test func whatTheQuestionSaidIsSummedUp() throws {
        let line = try #require(AskRequest(question: "I'm abroad, cancel povo", knowledgeBase: kb).understoodLine(kb, .en))
        #expect(line.hasPrefix(kb.text(.heading(.understood), .en) + ": "))
        #expect(line.contains("povo"))
        #expect(line.contains("; "))
        #expect(AskRequest(question: "hello", knowledgeBase: kb).understoodLine(kb, .en) == nil)
        #expect(AskRequest().understoodLine(kb, .en) == nil)
    }
}
