import Foundation
@testable import Advisor
import RulesEngine
import Testing

/// Typed text keys: the keys the advice renders are the keys loading requires.
@Suite struct TextKeyTests {
    let kb = shippedKnowledgeBase

    @Test func everyRequiredKeyIsThereAndEachFixedKeyIsRequired() {
        let required = _KnowledgeSections.requiredKeys(of: kb)
        #expect(required.allSatisfy { kb[$0] != nil })
        #expect(Set(TextKey.fixed).isSubset(of: Set(required)))
        for id in kb.ruleSet.warnings.map(\.id) { #expect(required.contains(.warning(id))) }
        for m in kb.methods { #expect(required.contains(.method(m)) && required.contains(.why(m))) }
    }

    /// Each required key, removed from the shipped texts, makes loading fail and says which.
    @Test(arguments: [TextKey.heading(.whyNot), .hint(.carrierNearest), .closing, .severity(.critical), .method("none"), .action("port-out"), .field("balance")])
    func aMissingTextIsALoadDiagnostic(_ key: TextKey) throws {
        var docs = EmbeddedRules.documents
        var removed = false
        for i in docs.indices {
            guard var object = try JSONSerialization.jsonObject(with: Data(docs[i].text.utf8)) as? [String: Any],
                  var texts = object["texts"] as? [String: Any], texts[key.rawValue] != nil else { continue }
            texts[key.rawValue] = nil
            object["texts"] = texts
            docs[i].text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            removed = true
        }
        try #require(removed, "the shipped texts define '\(key)'")
        guard case .failure(let error) = KnowledgeBase.load(documents: docs) else {
            Issue.record("loaded without '\(key)'")
            return
        }
        #expect(error.errors.map(\.message) == ["the knowledge base lacks the text '\(key)' (section 'texts')"])
    }

    /// No advice in any language shows a key instead of its text.
    @Test func noAdviceShowsAKey() throws {
        let advisor = Advisor(kb)
        // The trace names derived facts (`notice.data-only = true`), which is not a key shown.
        let facts = Set(kb.ruleSet.facts.map(\.name))
        let keys = kb.texts.keys.filter { $0.contains(".") && !facts.contains($0) }
        for fixture in shippedFixtures.fixtures {
            for language in Language.allCases {
                let text = try advisor.advise(fixture.profile, language: language, explain: true, whyNot: "store").text(kb)
                for key in keys where text.contains(key) { Issue.record("\(fixture.name) (\(language)): shows the key '\(key)'") }
            }
        }
    }
}
