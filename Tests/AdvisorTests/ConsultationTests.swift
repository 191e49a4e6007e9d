@testable import Advisor
import RulesEngine
import Testing

@Suite struct ConsultationTests {
    let advisor = Advisor(shippedKnowledgeBase)

    @Test func asksOnlyWhatCanChangeTheAdviceAndStops() throws {
        var c = Consultation(advisor: advisor, profile: Profile(), language: .en)
        var asked: [String] = []
        // Answer every question as a person abroad with an idle povo SIM would.
        let answers = ["carrier": "povo", "location": "2", "keepNumber": "no", "canLogin": "yes", "balance": "¥300",
                       "hasId": "y", "japanese": "1", "boundServices": "是", "hasBackup": "いいえ", "deadlineDays": "30",
                       "transferToOther": "n", "canReceiveSms": "no", "simType": "1", "languages": "zh, en"]
        while let field = try c.nextQuestion() {
            #expect(!asked.contains(field.name), "asked \(field.name) twice")
            asked.append(field.name)
            let answer = try #require(answers[field.name], "unexpected question \(field.name)")
            #expect(c.answer(answer, for: field) == nil)
        }
        // Whether to keep the number is asked first: it decides between a cancellation and a port-out.
        #expect(asked.prefix(2) == ["keepNumber", "carrier"])
        #expect(c.profile.carrier == "povo")
        #expect(c.profile.value(of: "location") == .string("abroad"))
        #expect(c.profile.value(of: "balance") == .number(300))
        // povo has no shop and no phone line: ID, SIM type and languages cannot change the advice.
        #expect(asked.contains("canReceiveSms"))
        #expect(!asked.contains("hasId") && !asked.contains("simType") && !asked.contains("languages"))
        let advice = try advisor.advise(c.profile, language: .en)
        #expect(advice.method == "online")
        #expect(advice.missing.isEmpty)
    }

    @Test func skippedQuestionsAreNotAskedAgain() throws {
        var c = Consultation(advisor: advisor, profile: Profile(), language: .zhHans)
        let first = try #require(try c.nextQuestion())
        c.skip(first)
        let second = try #require(try c.nextQuestion())
        #expect(second.name != first.name)
    }

    @Test func promptsNumberTheChoicesInTheLanguage() throws {
        let c = Consultation(advisor: advisor, profile: Profile(), language: .ja)
        let location = try #require(shippedKnowledgeBase.profileField("location"))
        let prompt = c.prompt(for: location)
        #expect(prompt.hasPrefix(location.question.ja))
        #expect(prompt.contains("1) " + (location.valueLabels["japan"]?.ja ?? "?")))
        #expect(prompt.contains("2) " + (location.valueLabels["abroad"]?.ja ?? "?")))
    }

    @Test(arguments: [("maybe", "keepNumber"), ("9", "location"), ("-3", "balance"), ("dokomo", "carrier")])
    func unclearAnswersSayWhatIsExpected(_ answer: String, _ fieldName: String) throws {
        var c = Consultation(advisor: advisor, profile: Profile(), language: .en)
        let field = try #require(shippedKnowledgeBase.profileField(fieldName))
        let answered = c.answer(answer, for: field)
        let problem = try #require(answered)
        #expect(!problem.isEmpty)
        #expect(c.profile.values.isEmpty)
        if fieldName == "carrier" { #expect(problem.contains("did you mean 'docomo'?")) }
    }
}
