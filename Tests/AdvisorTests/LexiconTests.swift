import Foundation
@testable import Advisor
import RulesEngine
import Testing

/// A small lexicon of its own, so these tests do not depend on the shipped phrases.
let testLexicon = #"""
{"lexicon": {
  "phrases": {
    "carrier": {
      "au": {"en": ["au"], "zh-Hans": ["au"], "ja": ["エーユー"]},
      "povo": {"en": ["povo"], "zh-Hans": ["povo"], "ja": ["ポヴォ"]},
      "b-mobile-visitor": {"en": ["b-mobile visitor"], "zh-Hans": ["b-mobile visitor"], "ja": ["b-mobile visitor"]},
      "nihon-tsushin": {"en": ["b-mobile"], "zh-Hans": ["日本通信"], "ja": ["日本通信"]}
    },
    "location": {
      "abroad": {"en": ["abroad"], "zh-Hans": ["在国外"], "ja": ["海外"]},
      "japan": {"en": ["in japan"], "zh-Hans": ["在日本"], "ja": ["日本にいます"]}
    },
    "keepNumber": {
      "true": {"en": ["keep my number"], "zh-Hans": ["保留号码"], "ja": ["番号を残したい"]},
      "false": {"en": ["don't want to keep my number"], "zh-Hans": ["不想保留号码"], "ja": ["番号はいらない"]}
    },
    "languages": {
      "zh": {"en": ["chinese"], "zh-Hans": ["中文"], "ja": ["中国語"]},
      "en": {"en": ["english"], "zh-Hans": ["英语"], "ja": ["英語"]}
    }
  },
  "numbers": {
    "balance": {"before": {"en": ["¥"], "zh-Hans": ["余额"], "ja": ["残高"]}, "after": {"en": ["yen"], "zh-Hans": ["日元"], "ja": ["円"]}},
    "deadlineDays": {"before": {"en": ["within"], "zh-Hans": ["还有"], "ja": ["あと"]}, "after": {"en": ["days"], "zh-Hans": ["天"], "ja": ["日以内"]}}
  }
}}
"""#

let lexiconKnowledgeBase: KnowledgeBase = {
    switch KnowledgeBase.load(documents: documents(replacing: "Rules/lexicon.json", with: testLexicon)) {
    case .success(let kb): return kb
    case .failure(let error): fatalError("\(error)")
    }
}()

@Suite struct LexiconTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var question: String
        var expected: [String]
        var language: Language
        var testDescription: String { question }
    }

    static let cases: [Case] = [
        Case(question: "我在国外，怎么注销povo？", expected: ["carrier=\"povo\"", "location=\"abroad\""], language: .zhHans),
        Case(question: "I'm abroad because my au SIM is idle", expected: ["carrier=\"au\"", "location=\"abroad\""], language: .en),
        Case(question: "because of this", expected: [], language: .en),
        Case(question: "ＰＯＶＯ　を解約したい、海外にいます", expected: ["carrier=\"povo\"", "location=\"abroad\""], language: .ja),
        Case(question: "我不想保留号码", expected: ["keepNumber=false"], language: .zhHans),
        Case(question: "I want to keep my number", expected: ["keepNumber=true"], language: .en),
        Case(question: "I don't want to keep my number, I'm in Japan", expected: ["location=\"japan\"", "keepNumber=false"], language: .en),
        Case(question: "b-mobile visitor sim", expected: ["carrier=\"b-mobile-visitor\""], language: .en),
        Case(question: "余额500，还有3天就要回国", expected: ["balance=500", "deadlineDays=3"], language: .zhHans),
        Case(question: "残高1,200円、あと5日以内に", expected: ["balance=1200", "deadlineDays=5"], language: .ja),
        Case(question: "I speak Chinese and English", expected: ["languages=[\"en\", \"zh\"]"], language: .en),
        Case(question: "povo2 and 4g", expected: ["carrier=\"povo\""], language: .en),
    ]

    @Test(arguments: cases)
    func readsAQuestion(_ c: Case) {
        let u = lexiconKnowledgeBase.understand(c.question)
        #expect(u.findings.map { "\($0.field)=\($0.value)" } == c.expected)
        #expect(u.language == c.language)
        #expect(u.ambiguous.isEmpty)
    }

    @Test func contradictionsLeaveTheFieldUnknown() {
        let u = lexiconKnowledgeBase.understand("在国外 or in Japan, povo")
        #expect(u.ambiguous == ["location"])
        #expect(u.findings.map(\.field) == ["carrier"])
    }

    @Test func theUnderstandingBecomesAProfileAndASummary() throws {
        let u = lexiconKnowledgeBase.understand("我在国外，povo余额300日元")
        #expect(u.profile.carrier == "povo")
        #expect(u.profile.value(of: "balance") == .number(300))
        let summary = u.summary(lexiconKnowledgeBase, .zhHans)
        #expect(summary.contains("povo 2.0"))
        #expect(summary.contains(lexiconKnowledgeBase.text(.field("balance"), .zhHans) + "：300"))
        let abroad = try #require(lexiconKnowledgeBase.profileField("location")?.valueLabels["abroad"]?.zhHans)
        #expect(summary.contains(abroad))
    }

    @Test func aLexiconNamingAnUnknownCarrierIsDiagnosed() {
        let bad = testLexicon.replacingOccurrences(of: #""povo": {"en""#, with: #""pov": {"en""#)
        let found = diagnostics(replacing: "Rules/lexicon.json", with: bad)
        #expect(found.contains { $0.message.contains("the lexicon names the carrier 'pov'") && $0.message.contains("did you mean 'povo'?") })
        let badField = testLexicon.replacingOccurrences(of: #""location": {"#, with: #""locaton": {"#)
        #expect(diagnostics(replacing: "Rules/lexicon.json", with: badField).contains { $0.code == .unknownKey && $0.message.contains("did you mean 'location'?") })
    }
}

@Suite struct LexiconIgnoreTests {
    @Test func ignoredPhrasesKeepTheirWordsFromBeingRead() throws {
        let withIgnore = testLexicon.replacingOccurrences(of: #"  "numbers": {"#, with: #"  "ignore": {"en": ["bought in japan"], "zh-Hans": ["在日本办的"], "ja": ["日本で買った"]},"# + "\n" + #"  "numbers": {"#)
        #expect(withIgnore != testLexicon)
        let kb = try KnowledgeBase.load(documents: documents(replacing: "Rules/lexicon.json", with: withIgnore)).get()
        #expect(kb.understand("我在日本办的povo卡").findings.map(\.field) == ["carrier"])
        #expect(kb.understand("我在日本，povo").findings.map(\.field) == ["carrier", "location"])
        #expect(lexiconKnowledgeBase.understand("我在日本办的povo卡").findings.map(\.field) == ["carrier", "location"], "without the ignored phrase it reads 在日本")
    }
}

/// The characters normalised without Unicode's mapping come out as the mapping makes them.
@Suite struct LexiconFastMappingTests {
    @Test func everyCharacterMappedAloneIsWhatNFKCAndLowercasingMake() {
        var alone = 0
        for v in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let c = Character(scalar)
            guard let fast = Lexicon.mappedAlone(c) else { continue }
            alone += 1
            let mapped = Array(String(c).precomposedStringWithCompatibilityMapping.lowercased())
            #expect(mapped == [fast], "U+\(String(v, radix: 16, uppercase: true))")
        }
        // ASCII, the unified ideographs, hiragana and katakana.
        #expect(alone == 128 + 20_992 + 86 + 90, "\(alone)")
        #expect(Lexicon.mappedAlone("\r\n") == nil && Lexicon.mappedAlone("ｱ") == nil && Lexicon.mappedAlone("Ａ") == nil && Lexicon.mappedAlone("が") == "が")
    }
}
