@testable import Advisor
import Foundation
import RulesEngine
import Testing

@Suite struct KnowledgeBaseLintTests {
    @Test func theShippedKnowledgeBaseIsLintClean() {
        let today = ISO8601DateFormatter().date(from: "2026-12-01T00:00:00Z") ?? Date()
        #expect(shippedKnowledgeBase.lint(today: today).map(\.description) == [])
    }

    @Test func oldPoliciesAndUnshownTextsAreFound() throws {
        let texts = EmbeddedRules.documents.first { $0.path == "Rules/messages/texts.json" }?.text ?? ""
        let extra = texts.replacingOccurrences(of: #"  "texts": {"#, with: #"  "texts": {"# + "\n" + #"    "warning.retired": {"en": "e", "zh-Hans": "z", "ja": "j"},"#)
        #expect(extra != texts)
        let kb = try KnowledgeBase.load(documents: documents(replacing: "Rules/messages/texts.json", with: extra)).get()
        let today = ISO8601DateFormatter().date(from: "2028-01-01T00:00:00Z") ?? Date()
        let found = kb.lint(today: today, staleAfterDays: 365)
        let stale = found.filter { $0.code == .staleSource }
        #expect(stale.count == kb.carrierIDs.count)
        #expect(stale.first?.message == "the policy of 'ahamo' was checked on 2026-11-24, 403 days ago; check it against its sources again and update 'checkedOn'")
        #expect(stale.first?.location.file == "Rules/carriers/ahamo.json")
        let unused = try #require(found.first { $0.code == .unusedText })
        #expect(unused.message == "nothing shows the text 'warning.retired'")
        #expect(unused.location.file == "Rules/messages/texts.json")
        #expect(unused.location.line == 3)
        #expect(kb.lint(today: today, staleAfterDays: 1000).filter { $0.code == .staleSource }.isEmpty)
    }
}
