// Fuzz target `rules`: the input is the text of one rule file.
//  1. Alone: RuleSetLoader (with the advisor's extra sections) and RuleSetCompiler; when it
//     compiles, one evaluation of no facts.
//  2. When it is JSON: in the shipped knowledge base, in place of the shipped file it most
//     resembles (the longest common prefix; rules/decision.json when none shares more than `{`),
//     through KnowledgeBase.load(documents:), which also reads the carrier, texts, steps,
//     profile, presentation and lexicon sections. When that loads: lint, and advice on a few
//     profiles in every language, which must not trap (an EvaluationError is allowed: a mutated
//     rule set may conflict or run away) and must be valid JSON.
// The shipped files are read from ADVISOR_RULES (Fuzz/run sets it), else the package's Rules/.
import Advisor
import Foundation
import RulesEngine

let shippedDocuments = FuzzSupport.shippedDocuments
let shippedBytes = shippedDocuments.map { Array($0.text.utf8) }
let decisionIndex = shippedDocuments.firstIndex { $0.path.hasSuffix("rules/decision.json") } ?? 0

/// Profiles advised with a rule set that loaded: empty, and two situations.
let probeProfiles: [Profile] = [
    Profile(),
    Profile(carrier: "povo", values: [("carrier", .string("povo")), ("location", .string("abroad")), ("balance", .number(800)), ("languages", .list(["zh"])), ("canLogin", .bool(true)), ("keepNumber", .bool(false))]),
    Profile(carrier: "docomo", values: [("carrier", .string("docomo")), ("location", .string("japan")), ("japanese", .string("none")), ("hasId", .bool(true)), ("canLogin", .bool(false)), ("canReceiveSms", .bool(false)), ("keepNumber", .bool(true)), ("deadlineDays", .number(3))]),
]

func replacedIndex(_ input: UnsafeBufferPointer<UInt8>) -> Int {
    var best = decisionIndex, bestLength = 1
    for (i, doc) in shippedBytes.enumerated() {
        var n = 0
        let limit = min(doc.count, input.count)
        while n < limit && doc[n] == input[n] { n += 1 }
        if n > bestLength { best = i; bestLength = n }
    }
    return best
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzSupport.withBytes(data, size) { bytes in
        let text = FuzzSupport.text(bytes)

        let loaded = RuleSetLoader(extraSections: KnowledgeBase.sections).load(documents: [(path: "fuzz.json", text: text)])
        let output = RuleSetCompiler.compile(loaded)
        for d in loaded.diagnostics + output.diagnostics { _ = d.description }
        if let compiled = output.compiled {
            let evaluator = Evaluator(compiled, firingLimit: 1000)
            _ = try? evaluator.evaluate(FactBuffer(for: compiled))
        }

        // Text that is not JSON fails the same way in the knowledge base: not worth the time of loading it.
        guard (try? JSONParser.parse(bytes: bytes)) != nil else { return 0 }
        var documents = shippedDocuments
        let index = replacedIndex(bytes)
        documents[index] = (documents[index].path, text)
        switch KnowledgeBase.load(documents: documents) {
        case .failure(let error):
            _ = error.description
        case .success(let kb):
            _ = kb.lint(today: Date(timeIntervalSince1970: 1_767_225_600))  // 2026-01-01: deterministic
            let advisor = Advisor(kb)
            for profile in probeProfiles {
                for language in Language.allCases {
                    guard let advice = try? advisor.advise(profile, language: language, explain: language == .en) else { continue }
                    FuzzSupport.requireJSON(advice.json(), "the advice JSON with the mutated rule set")
                    _ = advice.text(kb)
                }
            }
            _ = kb.understand("I'm abroad, cancel povo, 800 yen left")
        }
        return 0
    }
}
