// Shared by every fuzz target (compiled into each one by Fuzz/run).
import Advisor
import Foundation
import RulesEngine

enum FuzzSupport {
    /// The input as a buffer, never with a nil base (libFuzzer may pass a null pointer for the empty input).
    static func withBytes<R>(_ data: UnsafePointer<UInt8>?, _ size: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let data, size > 0 { return body(UnsafeBufferPointer(start: data, count: size)) }
        return [UInt8]().withUnsafeBufferPointer(body)
    }

    /// The input as text: invalid UTF-8 is replaced by U+FFFD, as every reader of files does.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The shipped knowledge base, built into the Advisor module.
    static let knowledgeBase: KnowledgeBase = {
        switch KnowledgeBase.loadEmbedded() {
        case .success(let kb): return kb
        case .failure(let error): fatalError("fuzz setup: the embedded knowledge base does not load:\n\(error)")
        }
    }()

    /// `ADVISOR_RULES`, else the package's `Rules/` (this file is `Fuzz/Support/FuzzSupport.swift`).
    static var rulesDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["ADVISOR_RULES"], !dir.isEmpty { return dir }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules").path
    }

    /// The shipped rule files as `(Rules/relative/path.json, text)`, sorted by path, the way
    /// `embed-rules` and `RuleSetLoader.load(directory:)` read them.
    static let shippedDocuments: [(path: String, text: String)] = {
        let dir = rulesDirectory
        let fm = FileManager.default
        var paths: [String] = []
        if let walker = fm.enumerator(atPath: dir) {
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".json") { paths.append(relative) }
            }
        }
        paths.sort()
        let documents: [(path: String, text: String)] = paths.compactMap { relative in
            guard let data = fm.contents(atPath: dir + "/" + relative) else { return nil }
            return ("Rules/" + relative, String(decoding: data, as: UTF8.self))
        }
        guard !documents.isEmpty else { fatalError("fuzz setup: no rule files in \(dir) (set ADVISOR_RULES)") }
        return documents
    }()

    /// Checks that `text` is well-formed JSON (the writer's output always must be).
    static func requireJSON(_ text: String, _ what: @autoclosure () -> String) {
        do { _ = try JSONParser.parse(text) } catch {
            fatalError("FUZZ FINDING: \(what()) is not valid JSON (\(error)):\n\(text)")
        }
    }

    /// Advises on `profile` in every language, with every rendering; traps when the shipped rules
    /// cannot decide (a rule-set defect) or the advice JSON does not parse.
    static func adviseEverywhere(_ profile: Profile, _ advisor: Advisor, whyNot: String? = nil) {
        for language in Language.allCases {
            let advice: Advice
            do {
                advice = try advisor.advise(profile, language: language, explain: true, whyNot: language == .en ? whyNot : nil)
            } catch {
                fatalError("FUZZ FINDING: the shipped rules cannot decide for \(profile) in \(language): \(error)")
            }
            requireJSON(advice.json(), "the advice JSON")
            if language == .ja { requireJSON(advice.json(pretty: true), "the pretty advice JSON") }
            _ = advice.text(advisor.knowledgeBase)
        }
    }
}
