import Foundation
import Testing

/// Each intent asked in each language is answered first, in that language, through the binary.
@Suite struct AskAnswersCommandTests {
    static let questions: [(language: String, intent: String, question: String)] = [
        ("en", "balance", "I have a physical SIM from HIS Mobile with 1,200 yen balance. I'm in Seoul. Can I cancel from Korea and get the balance refunded?"),
        ("en", "cost", "Does cancelling LINEMO cost anything?"),
        ("en", "documents", "I'm not abroad, I'm in Osaka. What documents do I need to cancel au at the shop?"),
        ("en", "duration", "how long does mineo take to process a cancellation?"),
        ("en", "from-abroad", "I'm in Shenzhen now. Can I cancel my docomo line from here?"),
        ("en", "how-to-cancel", "How do I cancel my povo SIM?"),
        ("en", "keep-number", "I live in London now and want to keep my au number. Is that possible?"),
        ("en", "reactivation", "If I cancel ahamo, can I get the same number back later?"),
        ("en", "scam", "Can my cancelled au number be reactivated? And is that agent on WeChat who offers to restore it legit?"),
        ("en", "sim-return", "Do I have to mail the SIM card back to IIJmio after cancelling?"),
        ("en", "transfer", "I'd like to give my LINEMO SIM to my sister instead of cancelling. Is that OK?"),
        ("ja", "balance", "ｐｏｖｏの残高が５００円残っています。解約したら返金されますか？"),
        ("ja", "cost", "LINEMOの解約金はかかりますか"),
        ("ja", "documents", "海外ではなく、今大阪にいます。auショップで解約するのに必要な書類は？"),
        ("ja", "duration", "mineoの解約は何日かかりますか"),
        ("ja", "from-abroad", "今深圳にいます。海外からドコモを解約できますか？"),
        ("ja", "how-to-cancel", "povoの解約方法を教えてください"),
        ("ja", "keep-number", "ロンドンに住んでいますが、auの電話番号を残したいです。方法はありますか？"),
        ("ja", "reactivation", "ahamoを解約したあと、同じ番号を復活できますか？"),
        ("ja", "scam", "解約したauの番号は復活できますか？WeChatで復活代行をしている人がいますが、信用できますか"),
        ("ja", "sim-return", "IIJmio解約後、SIMカードは返却が必要ですか"),
        ("ja", "transfer", "b-mobile VISITOR SIMを友達に譲りたいのですが、できますか"),
        ("zh-Hans", "balance", "软银卡余额还有八百日元，注销了能退吗"),
        ("zh-Hans", "cost", "LINEMO注销要钱吗"),
        ("zh-Hans", "documents", "我不在国外，现在在东京，ahamo解约需要什么证件？"),
        ("zh-Hans", "duration", "mineo解约要多久才生效"),
        ("zh-Hans", "from-abroad", "我在深圳，能在国外注销docomo吗？"),
        ("zh-Hans", "how-to-cancel", "povo怎么注销？"),
        ("zh-Hans", "keep-number", "想保留乐天的号码，怎么办？"),
        ("zh-Hans", "reactivation", "我的是docomo，注销后号码还能恢复吗？"),
        ("zh-Hans", "scam", "au号码注销了还能恢复吗？微信上有人说能帮我恢复，可信吗"),
        ("zh-Hans", "sim-return", "SIM卡要寄回给IIJmio吗？"),
        ("zh-Hans", "transfer", "想把povo卡转给朋友用，可以吗"),
    ]

    @Test("each intent is answered in each language", arguments: 0..<questions.count)
    func answered(_ i: Int) throws {
        let (language, intent, question) = Self.questions[i]
        let run = try Binary.run(["ask", "--json", "--no-input", question])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["language"] as? String == language)
        let answers = try #require(object["answers"] as? [[String: Any]])
        let answer = try #require(answers.first { $0["intent"] as? String == intent }?["answer"] as? String)
        #expect(!answer.isEmpty && !answer.contains("{"))
        // The text output puts the answers before the plan.
        let text = try Binary.run(["ask", "--no-input", question]).stdout
        let plan = try #require(["Recommended method", "推荐方式", "おすすめの方法"].compactMap { text.range(of: $0) }.first)
        let at = try #require(text.range(of: answer.prefix(20)))
        #expect(at.lowerBound < plan.lowerBound, "the answer comes first")
    }

    @Test func nothingUnderstoodIsSaidPlainly() throws {
        for (question, start) in [("hello", "I could not read anything"), ("你好", "从您的问题里没能读出"), ("こんにちは", "ご質問からSIMの状況を読み取れませんでした")] {
            let run = try Binary.run(["ask", "--no-input", question])
            #expect(run.stdout.hasPrefix(start), "\(question)")
        }
    }

    @Test func keepingTheNumberIsAPortOutWithItsAction() throws {
        for question in ["I want to keep my au number, I'm in Osaka", "想保留乐天的号码，我在东京", "この番号をほかの会社でも使い続けたいです。ドコモです"] {
            let run = try Binary.run(["ask", "--json", "--no-input", question])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(object["action"] as? String == "port-out", "\(question)")
            #expect((object["steps"] as? [String])?.isEmpty == false)
            let understood = try #require(object["understood"] as? [[String: Any]])
            #expect(understood.contains { $0["field"] as? String == "keepNumber" && $0["value"] as? Bool == true && ($0["from"] as? String)?.isEmpty == false })
        }
    }
}
