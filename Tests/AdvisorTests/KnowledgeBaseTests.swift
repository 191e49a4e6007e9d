@testable import Advisor
import RulesEngine
import Testing

/// The shipped documents with one file replaced (or added, or removed with nil).
func documents(replacing path: String, with text: String?) -> [(path: String, text: String)] {
    var docs = EmbeddedRules.documents.filter { $0.path != path }
    if let text { docs.append((path, text)) }
    return docs.sorted { $0.path < $1.path }
}

func diagnostics(replacing path: String, with text: String?) -> [Diagnostic] {
    switch KnowledgeBase.load(documents: documents(replacing: path, with: text)) {
    case .success: return []
    case .failure(let error): return error.diagnostics.filter { $0.severity == .error }
    }
}

let goodCarrier = #"""
{
  "carrier": {
    "id": "test-mobile",
    "name": {"en": "Test", "zh-Hans": "测试", "ja": "テスト"},
    "checkedOn": "2026-11-24",
    "sources": {"a": {"url": "https://example.com/a", "date": "undated"}},
    "policy": {
      "online": {"value": true, "sources": ["a"]},
      "phone": {"status": "conflict", "sources": ["a"], "note": {"en": "e", "zh-Hans": "z", "ja": "j"}}
    }
  }
}
"""#

@Suite struct KnowledgeBaseTests {
    @Test func theShippedKnowledgeBaseHasNoErrorsOrWarnings() {
        #expect(shippedKnowledgeBase.diagnostics.map(\.description) == [])
    }

    @Test func everyTextExistsInEveryLanguage() {
        for (key, text) in shippedKnowledgeBase.texts {
            for language in Language.allCases { #expect(!text[language].isEmpty, "\(key) \(language)") }
        }
        #expect(shippedKnowledgeBase.texts.count >= 50)
    }

    @Test func aGoodNewCarrierIsAJSONEdit() throws {
        let kb = try KnowledgeBase.load(documents: documents(replacing: "Rules/carriers/test-mobile.json", with: goodCarrier)).get()
        let carrier = try #require(kb.carriers["test-mobile"])
        #expect(carrier.policy.map(\.field) == ["online", "phone"])
        #expect(carrier.uncertainties.map(\.certainty) == [.conflict])
        let advice = try Advisor(kb).advise(Profile(carrier: "test-mobile", values: [("carrier", .string("test-mobile"))]), language: .en)
        #expect(advice.uncertain.map(\.field) == ["phone"])
        #expect(advice.policyCheckedOn == "2026-11-24")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var replace: (String, String)
        var code: DiagnosticCode
        var pointer: String
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "id differs from the file name", replace: (#""id": "test-mobile""#, #""id": "tester""#), code: .invalidValue, pointer: "/carrier/id", message: "does not match its file name"),
        Case(name: "unknown policy field", replace: (#""online": {"value""#, #""onlne": {"value""#), code: .unknownKey, pointer: "/carrier/policy/onlne", message: "did you mean 'online'?"),
        Case(name: "policy value of the wrong type", replace: (#""value": true"#, #""value": "yes""#), code: .typeMismatch, pointer: "/carrier/policy/online/value", message: "must be bool"),
        Case(name: "uncited source", replace: (#""sources": ["a"]},"#, #""sources": ["b"]},"#), code: .invalidValue, pointer: "/carrier/policy/online/sources/0", message: "not a key of 'sources'"),
        Case(name: "value without a source", replace: (#""sources": ["a"]},"#, #""sources": []},"#), code: .missingKey, pointer: "/carrier/policy/online/sources", message: "without a source"),
        Case(name: "uncertain without a note", replace: (#", "note": {"en": "e", "zh-Hans": "z", "ja": "j"}"#, ""), code: .missingKey, pointer: "/carrier/policy/phone", message: "needs a 'note'"),
        Case(name: "note lacks a language", replace: (#", "ja": "j"}"#, "}"), code: .missingKey, pointer: "/carrier/policy/phone/note", message: "lacks the key 'ja'"),
        Case(name: "bad status", replace: (#""status": "conflict""#, #""status": "maybe""#), code: .invalidValue, pointer: "/carrier/policy/phone/status", message: "'unverified' or 'conflict'"),
        Case(name: "bad date", replace: (#""checkedOn": "2026-11-24""#, #""checkedOn": "24.11.2026""#), code: .invalidValue, pointer: "/carrier/checkedOn", message: "YYYY-MM-DD"),
        Case(name: "bad url", replace: (#""https://example.com/a""#, #""example.com/a""#), code: .invalidValue, pointer: "/carrier/sources/a/url", message: "https://"),
        Case(name: "unknown carrier key", replace: (#""checkedOn""#, #""checked""#), code: .unknownKey, pointer: "/carrier/checked", message: "did you mean 'checkedOn'?"),
    ]

    @Test(arguments: cases)
    func aBrokenCarrierIsDiagnosed(_ c: Case) throws {
        let text = goodCarrier.replacingOccurrences(of: c.replace.0, with: c.replace.1)
        #expect(text != goodCarrier, "the replacement did not apply")
        let found = diagnostics(replacing: "Rules/carriers/test-mobile.json", with: text)
        let d = try #require(found.first { $0.code == c.code && $0.location.pointer == c.pointer }, "\(found.map(\.description))")
        #expect(d.location.file == "Rules/carriers/test-mobile.json")
        #expect(d.location.line > 1)
        #expect(d.message.contains(c.message), "\(d.message)")
    }

    @Test func missingTextsAndTheOtherCarrierAreReported() {
        let found = diagnostics(replacing: "Rules/carriers/other.json", with: nil).map(\.message)
        #expect(found.contains { $0.contains("lacks the carrier 'other'") })
        let texts = EmbeddedRules.documents.first { $0.path == "Rules/messages/texts.json" }?.text ?? ""
        let withoutWarning = texts.replacingOccurrences(of: "\"warning.scam-risk\"", with: "\"warning.scam-risks\"")
        let messages = diagnostics(replacing: "Rules/messages/texts.json", with: withoutWarning).map(\.message)
        #expect(messages.contains("the knowledge base lacks the text 'warning.scam-risk' (section 'texts')"))
    }

    @Test func ruleAndKnowledgeErrorsAreReportedTogether() {
        let broken = #"{"rules": [{"id": "x", "description": "d", "when": {"fact": "nope", "op": "known"}, "then": [{"warn": "scam-risk"}]}]}"#
        var docs = documents(replacing: "Rules/rules/zz-broken.json", with: broken)
        docs.append(("Rules/carriers/test-mobile.json", goodCarrier.replacingOccurrences(of: #""checkedOn""#, with: #""checked""#)))
        guard case .failure(let error) = KnowledgeBase.load(documents: docs) else {
            Issue.record("loaded")
            return
        }
        let codes = Set(error.errors.map(\.code))
        #expect(codes.isSuperset(of: [.undeclaredFact, .unknownKey]))
    }
}

@Suite struct SMSOnlyCarrierTests {
    /// No shipped carrier sends its login code only by SMS; this one does.
    static let smsOnly = goodCarrier
        .replacingOccurrences(of: #""phone": {"status": "conflict", "sources": ["a"], "note": {"en": "e", "zh-Hans": "z", "ja": "j"}}"#, with: #""phone": {"value": false, "sources": ["a"]}"#)
        .replacingOccurrences(of: #""online": {"value": true, "sources": ["a"]},"#, with: #""online": {"value": true, "sources": ["a"]}, "loginCode": {"value": "sms", "sources": ["a"]},"#)

    @Test func anSMSCodeThatCannotArriveBlocksOnline() throws {
        let kb = try KnowledgeBase.load(documents: documents(replacing: "Rules/carriers/test-mobile.json", with: Self.smsOnly)).get()
        let advisor = Advisor(kb)
        let reader = ProfileReader(kb)
        let abroad = try reader.read(text: #"{"carrier": "test-mobile", "location": "abroad", "canReceiveSms": false, "canLogin": true, "keepNumber": false}"#, file: "t").get()
        let advice = try advisor.advise(abroad, language: .en)
        let online = try #require(advice.ranking.first { $0.method == "online" })
        #expect(online.reasons == ["sms-unavailable"])
        #expect(advice.warnings.map(\.id).contains("sms-login-abroad"))
        #expect(advice.method == "none")
        #expect(advice.why.contains(kb.text(.remedy("sms-unavailable"), .en)))
        // With roaming on, the code arrives: online is open again.
        let roaming = try reader.read(text: #"{"carrier": "test-mobile", "location": "abroad", "canReceiveSms": true, "canLogin": true, "keepNumber": false}"#, file: "t").get()
        let open = try advisor.advise(roaming, language: .en)
        #expect(open.method == "online")
        #expect(!open.warnings.map(\.id).contains("sms-login-abroad"))
    }

    /// A carrier file that is not JSON gives its own error, once, and no knock-on errors from
    /// the lexicon or fixtures that name the carrier.
    @Test func aMalformedCarrierFileIsReportedOnceWhereItIs() throws {
        let path = try #require(EmbeddedRules.documents.first { $0.path.hasSuffix("carriers/povo.json") }).path
        let found = diagnostics(replacing: path, with: "nul")
        #expect(found.map(\.description) == ["\(path):1:1: error[malformed-json]: malformed JSON: invalid literal; expected null"])
    }
}
