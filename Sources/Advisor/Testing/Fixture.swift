import Foundation
import RulesEngine

/// A profile with the advice it must get: the method, the exact warnings, the exact blocks,
/// and optionally the missing fields and phrases the text must contain.
public struct Fixture: Sendable {
    public var name: String
    public var file: String
    public var description: String
    public var profile: Profile
    public var method: String
    /// `cancel` or `port-out` (`cancel` when the fixture does not say).
    public var action: String = "cancel"
    /// The notices shown (ids of `presentation.notices`), as a set: none when not stated.
    public var notices: Set<String> = []
    /// When stated: for each intent with a derived answer fact (`answer.<intent>`), its value;
    /// compared whole, so an answer that appears or changes is noticed.
    public var answers: [String: String]?
    /// The warning ids shown, as a set.
    public var warnings: Set<String>
    /// Each blocked method with its reasons, as sets.
    public var blocked: [String: Set<String>]
    /// The missing fields, in order, when the fixture states them.
    public var missing: [String]?
    /// Phrases the text advice must contain, by language.
    public var contains: [Language: [String]]
}

/// The result of running one fixture.
public struct FixtureOutcome: Sendable {
    public var fixture: String
    public var file: String
    /// What differs from the expectation, one line each; empty when the fixture passes.
    public var mismatches: [String]
    public var passed: Bool { mismatches.isEmpty }
}

/// Loads fixtures and checks the advice against them.
public struct FixtureSuite: Sendable {
    static let keys = ["description", "profile", "expect"]
    static let expectKeys = ["action", "method", "notices", "answers", "warnings", "blocked", "missing", "contains"]

    public var fixtures: [Fixture] = []
    /// Problems with the fixture files themselves (exit 2), with their places.
    public var diagnostics: [Diagnostic] = []

    /// Loads every `.json` file below `directory`, sorted by path.
    public static func load(directory: String, knowledgeBase: KnowledgeBase) -> FixtureSuite {
        var suite = FixtureSuite()
        let fm = FileManager.default
        var paths: [String] = []
        if let walker = fm.enumerator(atPath: directory) {
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".json") { paths.append(relative) }
            }
        }
        if paths.isEmpty {
            suite.diagnostics.append(Diagnostic(.unreadableFile, .error, "no fixtures (*.json) found", at: SourceLocation(file: directory, line: 1, column: 1, pointer: "")))
        }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        for relative in paths.sorted() {
            let path = base + relative
            guard let data = fm.contents(atPath: path) else {
                suite.diagnostics.append(Diagnostic(.unreadableFile, .error, "cannot read the file", at: SourceLocation(file: path, line: 1, column: 1, pointer: "")))
                continue
            }
            suite.read(String(decoding: data, as: UTF8.self), file: path, name: String(relative.dropLast(5)), knowledgeBase)
        }
        return suite
    }

    mutating func read(_ text: String, file: String, name: String, _ kb: KnowledgeBase) {
        let root: JSONNode
        do { root = try JSONParser.parse(text) } catch {
            diagnostics.append(Diagnostic(.malformedJSON, .error, "malformed JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column, pointer: "")))
            return
        }
        var r = _SectionReader(file: file)
        defer { diagnostics += r.diagnostics }
        guard let top = r.object(root, "", what: "a fixture", allowed: Self.keys, required: Self.keys) else { return }
        func member(_ list: [(key: String, node: JSONNode, pointer: String)], _ key: String) -> (key: String, node: JSONNode, pointer: String)? {
            list.first { $0.key == key }
        }
        let description = member(top, "description").flatMap { r.string($0.node, $0.pointer, what: "'description'") } ?? ""
        var profile: Profile?
        if let p = member(top, "profile") {
            switch ProfileReader(kb).read(p.node, file: file, pointer: "/profile") {
            case .success(let value): profile = value
            case .failure(let e): r.diagnostics += e.diagnostics
            }
        }
        guard let e = member(top, "expect"),
              let expect = r.object(e.node, e.pointer, what: "'expect'", allowed: Self.expectKeys, required: ["method", "warnings", "blocked"])
        else { return }
        let methods = kb.methods + ["none"]
        let warningIDs = kb.ruleSet.warnings.map(\.id)
        var method = ""
        if let m = member(expect, "method"), let s = r.string(m.node, m.pointer, what: "'method'") {
            if methods.contains(s) { method = s } else {
                r.error(.invalidValue, "unknown method '\(s)'\(Suggestion.hint(for: s, in: methods)); expected one of: \(methods.joined(separator: ", "))", m.node, m.pointer)
            }
        }
        let warnings = member(expect, "warnings").map { names($0, allowed: warningIDs, what: "warning", &r) } ?? []
        var blocked: [String: Set<String>] = [:]
        if let b = member(expect, "blocked") {
            for m in r.object(b.node, b.pointer, what: "'blocked'", allowed: kb.methods) ?? [] {
                blocked[m.key] = Set(names(m, allowed: nil, what: "reason", &r))
            }
        }
        let missing = member(expect, "missing").map { names($0, allowed: kb.profileFields.map(\.name), what: "profile field", &r) }
        var contains: [Language: [String]] = [:]
        if let c = member(expect, "contains") {
            for m in r.object(c.node, c.pointer, what: "'contains'", allowed: Language.allCases.map(\.rawValue)) ?? [] {
                if let language = Language(rawValue: m.key) { contains[language] = names(m, allowed: nil, what: "phrase", &r) }
            }
        }
        var action = "cancel"
        if let a = member(expect, "action"), let s = r.string(a.node, a.pointer, what: "'action'") {
            let actions = kb.ruleSet.facts.first { $0.name == "action" }.flatMap { if case .enumeration(let v) = $0.type { v } else { nil } } ?? ["cancel"]
            if actions.contains(s) { action = s } else {
                r.error(.invalidValue, "unknown action '\(s)'\(Suggestion.hint(for: s, in: actions)); expected one of: \(actions.joined(separator: ", "))", a.node, a.pointer)
            }
        }
        guard let profile, !method.isEmpty else { return }
        var fixture = Fixture(name: name, file: file, description: description, profile: profile, method: method,
                              warnings: Set(warnings), blocked: blocked, missing: missing, contains: contains)
        fixture.action = action
        if let a = member(expect, "answers") {
            var answers: [String: String] = [:]
            for m in r.object(a.node, a.pointer, what: "'answers'", allowed: KnowledgeBase.intents) ?? [] {
                if let v = r.string(m.node, m.pointer, what: "an answer") { answers[m.key] = v }
            }
            fixture.answers = answers
        }
        fixture.notices = Set(member(expect, "notices").map { names($0, allowed: kb.notices, what: "notice", &r) } ?? [])
        fixtures.append(fixture)
    }

    func names(_ m: (key: String, node: JSONNode, pointer: String), allowed: [String]?, what: String, _ r: inout _SectionReader) -> [String] {
        guard let items = m.node.arrayValue else {
            r.error(.wrongType, "'\(m.key)' must be a list of strings, found \(m.node.typeName)", m.node, m.pointer)
            return []
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let s = item.stringValue else {
                r.error(.wrongType, "each \(what) must be a string, found \(item.typeName)", item, m.pointer + "/\(i)")
                continue
            }
            if let allowed, !allowed.contains(s) {
                r.error(.invalidValue, "unknown \(what) '\(s)'\(Suggestion.hint(for: s, in: allowed))", item, m.pointer + "/\(i)")
                continue
            }
            out.append(s)
        }
        return out
    }

    /// Runs one fixture.
    public static func run(_ fixture: Fixture, with advisor: Advisor) -> FixtureOutcome {
        var mismatches: [String] = []
        func compare(_ what: String, expected: Set<String>, actual: Set<String>) {
            let missing = expected.subtracting(actual).sorted(), extra = actual.subtracting(expected).sorted()
            if !missing.isEmpty { mismatches.append("\(what): expected but not given: \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { mismatches.append("\(what): given but not expected: \(extra.joined(separator: ", "))") }
        }
        do {
            let advice = try advisor.advise(fixture.profile, language: .en)
            if advice.action != fixture.action { mismatches.append("action: expected \(fixture.action), got \(advice.action)") }
            compare("notices", expected: fixture.notices, actual: Set(advice.noticeIDs))
            if let answers = fixture.answers {
                let result = try advisor.evaluate(fixture.profile)
                var actual: [String: String] = [:]
                for intent in KnowledgeBase.intents { if case .string(let v)? = result.value(of: "answer.\(intent)") { actual[intent] = v } }
                compare("answers", expected: Set(answers.map { "\($0.key)=\($0.value)" }), actual: Set(actual.map { "\($0.key)=\($0.value)" }))
            }
            if advice.method != fixture.method {
                mismatches.append("method: expected \(fixture.method), got \(advice.method) (scores: " + advice.ranking.map { "\($0.method) \(Advice.format($0.score))\($0.blocked ? " blocked" : "")" }.joined(separator: ", ") + ")")
            }
            compare("warnings", expected: fixture.warnings, actual: Set(advice.warnings.map(\.id)))
            let blocked = Dictionary(uniqueKeysWithValues: advice.ranking.filter(\.blocked).map { ($0.method, Set($0.reasons)) })
            compare("blocked methods", expected: Set(fixture.blocked.keys), actual: Set(blocked.keys))
            for (method, reasons) in fixture.blocked.sorted(by: { $0.key < $1.key }) {
                if let actual = blocked[method] { compare("blocked \(method) reasons", expected: reasons, actual: actual) }
            }
            if let missing = fixture.missing, missing != advice.missing.map(\.field) {
                mismatches.append("missing: expected [\(missing.joined(separator: ", "))], got [\(advice.missing.map(\.field).joined(separator: ", "))]")
            }
            for (language, phrases) in fixture.contains.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let text = try advisor.advise(fixture.profile, language: language).text(advisor.knowledgeBase)
                for phrase in phrases where !text.contains(phrase) {
                    mismatches.append("text (\(language.rawValue)): does not contain \"\(phrase)\"")
                }
            }
        } catch {
            mismatches.append("evaluation failed: \(error)")
        }
        return FixtureOutcome(fixture: fixture.name, file: fixture.file, mismatches: mismatches)
    }
}
