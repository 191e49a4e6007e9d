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

    @Test func aNoteOnAWarningTheCarrierCanNeverRaiseIsFound() throws {
        // LINEMO wants no SIM back, so the sim-return warning is never raised with its policy.
        let path = "Rules/carriers/linemo.json"
        let text = try #require(EmbeddedRules.documents.first { $0.path == path }?.text)
        let extra = text.replacingOccurrences(of: #""notes": {"#, with: #""notes": {"sim-return": {"en": "e", "zh-Hans": "z", "ja": "j"},"#)
        #expect(extra != text)
        let kb = try KnowledgeBase.load(documents: documents(replacing: path, with: extra)).get()
        let found = kb.lint().filter { $0.code == .unreachableNote }
        #expect(found.map(\.message) == ["the note 'sim-return' of 'linemo' can never be shown: with this carrier's policy no rule can raise this warning"])
        #expect(found.first?.location.file == path)
        #expect(shippedKnowledgeBase.lint().filter { $0.code == .unreachableNote }.isEmpty)
    }

    @Test func theAdvisorsCodesAreItsOwn() {
        let engine = Set(DiagnosticCode.engineCodes), advisor = Set(DiagnosticCode.advisorCodes)
        #expect(engine.isDisjoint(with: advisor))
        #expect(advisor.map(\.rawValue).sorted() == ["evaluation-failed", "not-expressible", "stale-source", "uncertain-as-certain", "unreachable-note", "unused-text"])
        #expect(DiagnosticCode(rawValue: "stale-source") == .staleSource)
    }
}
