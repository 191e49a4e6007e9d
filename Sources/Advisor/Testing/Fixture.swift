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
    /// Where each expectation stands in the file (`method`, `warnings`, ...), and the
    /// expectation as a whole under `expect`.
    public var places: [String: SourceLocation] = [:]
    /// The group the fixture belongs to in reports: its folder under the fixtures directory,
    /// else the carrier its profile names, else `general`.
    public var group: String = "general"

    /// Where the expectation `key` stands (the `expect` object when it is not stated).
    public func place(_ key: String) -> SourceLocation {
        places[key] ?? places["expect"] ?? SourceLocation(file: file, line: 1, column: 1, pointer: "")
    }
}

/// The result of running one fixture.
public struct FixtureOutcome: Sendable {
    public var fixture: String
    public var file: String
    /// What differs from the expectation, one line each; empty when the fixture passes.
    public var mismatches: [String]
    /// Where the expectation each mismatch is about stands, in the same order.
    public var places: [SourceLocation] = []
    /// The rules that fired and decided what differs: those that scored or blocked a method
    /// when the method or blocks differ, raised a warning when the warnings differ, derived
    /// a fact when the action or answers differ.
    public var decidedBy: [String] = []
    /// The fixture's group (see ``Fixture/group``).
    public var group: String = "general"
    /// How long the fixture took to run.
    public var seconds: Double = 0
    public var passed: Bool { mismatches.isEmpty }

    public init(fixture: String, file: String, mismatches: [String], places: [SourceLocation] = [], decidedBy: [String] = [], group: String = "general", seconds: Double = 0) {
        self.fixture = fixture
        self.file = file
        self.mismatches = mismatches
        self.places = places
        self.decidedBy = decidedBy
        self.group = group
        self.seconds = seconds
    }

    /// The line of the first expectation that differs (1 when none is placed).
    public var line: Int { places.first?.line ?? 1 }
}

/// Loads fixtures and checks the advice against them.
public struct FixtureSuite: Sendable {
    static let keys = ["description", "profile", "expect"]
    static let expectKeys = ["action", "method", "notices", "answers", "warnings", "blocked", "missing", "contains"]

    /// The folder under the fixtures directory whose carrier files `advisor test` adds to the
    /// rules: test carriers with policies no shipped carrier has.
    public static let carrierFolder = "carriers"

    /// The test carriers under `directory` (`carriers/*.json`), as rule files to add.
    public static func testCarriers(in directory: String) -> [(path: String, text: String)] {
        let folder = (directory.hasSuffix("/") ? directory : directory + "/") + carrierFolder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            let path = folder + "/" + name
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: path) else { return nil }
            return (path, String(decoding: data, as: UTF8.self))
        }
    }

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
                // The list of equivalent mutants and the test carriers beside the fixtures are
                // not fixtures.
                if relative.hasSuffix(".json"), relative != EquivalentMutants.fileName, !relative.hasPrefix(FixtureSuite.carrierFolder + "/") { paths.append(relative) }
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
        var r = JSONReader(file: file)
        defer { diagnostics += r.diagnostics }
        guard let root = r.parse(text), let top = r.object(root, "", what: "a fixture", allowed: Self.keys, required: Self.keys) else { return }
        let description = r.string(top["description"], what: "'description'") ?? ""
        var profile: Profile?
        if let p = top["profile"] {
            switch ProfileReader(kb).read(p.node, file: file, pointer: p.pointer) {
            case .success(let value): profile = value
            case .failure(let e): r.diagnostics += e.diagnostics
            }
        }
        guard let e = top["expect"],
              let expect = r.object(e.node, e.pointer, what: "'expect'", allowed: Self.expectKeys, required: ["method", "warnings", "blocked"])
        else { return }
        var places = ["expect": r.location(of: e.node, e.pointer)]
        for key in Self.expectKeys { if let m = expect[key] { places[key] = r.location(of: m.node, m.pointer) } }
        let method = expect["method"].flatMap { r.choice($0.node, $0.pointer, what: "'method'", noun: "method", among: kb.methods + ["none"]) }
        let warnings = expect["warnings"].flatMap { r.strings($0.node, $0.pointer, what: "'warnings'", noun: "warning", allowed: kb.ruleSet.warnings.map(\.id)) } ?? []
        var blocked: [String: Set<String>] = [:]
        if let b = expect["blocked"] {
            for m in r.object(b.node, b.pointer, what: "'blocked'", allowed: kb.methods)?.members ?? [] {
                blocked[m.key] = Set(r.strings(m.node, m.pointer, what: "'\(m.key)'", noun: "reason") ?? [])
            }
        }
        let missing = expect["missing"].map { r.strings($0.node, $0.pointer, what: "'missing'", noun: "profile field", allowed: kb.profileFields.map(\.name)) ?? [] }
        var contains: [Language: [String]] = [:]
        if let c = expect["contains"] {
            for m in r.object(c.node, c.pointer, what: "'contains'", allowed: Language.allCases.map(\.rawValue))?.members ?? [] {
                if let language = Language(rawValue: m.key) { contains[language] = r.strings(m.node, m.pointer, what: "'\(m.key)'", noun: "phrase") ?? [] }
            }
        }
        var action = "cancel"
        if let a = expect["action"] {
            let actions = kb.ruleSet.facts.first { $0.name == "action" }.flatMap(_KnowledgeSections.values(of:)) ?? [action]
            guard let chosen = r.choice(a.node, a.pointer, what: "'action'", noun: "action", among: actions) else { return }
            action = chosen
        }
        guard let profile, let method else { return }
        var fixture = Fixture(name: name, file: file, description: description, profile: profile, method: method,
                              warnings: Set(warnings), blocked: blocked, missing: missing, contains: contains)
        fixture.action = action
        fixture.places = places
        if let folder = name.split(separator: "/").dropLast().first {
            fixture.group = String(folder)
        } else if let carrier = profile.carrier {
            fixture.group = kb.carriers[carrier]?.id ?? carrier
        }
        if let a = expect["answers"] {
            var answers: [String: String] = [:]
            for m in r.object(a.node, a.pointer, what: "'answers'", allowed: KnowledgeBase.intents)?.members ?? [] {
                if let v = r.string(m.node, m.pointer, what: "an answer") { answers[m.key] = v }
            }
            fixture.answers = answers
        }
        fixture.notices = Set(expect["notices"].flatMap { r.strings($0.node, $0.pointer, what: "'notices'", noun: "notice", allowed: kb.notices) } ?? [])
        fixtures.append(fixture)
    }

    /// Runs one fixture.
    public static func run(_ fixture: Fixture, with advisor: Advisor) -> FixtureOutcome {
        let start = DispatchTime.now().uptimeNanoseconds
        var mismatches: [String] = []
        var places: [SourceLocation] = []
        /// The expectations that differ, by key.
        var differing = Set<String>()
        func mismatch(_ key: String, _ text: String) {
            mismatches.append(text)
            places.append(fixture.place(key))
            differing.insert(key)
        }
        func compare(_ what: String, _ key: String, expected: Set<String>, actual: Set<String>) {
            let missing = expected.subtracting(actual).sorted(), extra = actual.subtracting(expected).sorted()
            if !missing.isEmpty { mismatch(key, "\(what): expected but not given: \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { mismatch(key, "\(what): given but not expected: \(extra.joined(separator: ", "))") }
        }
        var decidedBy: [String] = []
        do {
            let advice = try advisor.advise(fixture.profile, language: .en)
            // The evaluation itself is needed only for the answers and for what decided a
            // difference: a passing fixture without answers is evaluated once (--mutate runs
            // every fixture for every mutant).
            var evaluated: EvaluationResult?
            func result() throws(EvaluationError) -> EvaluationResult {
                if let evaluated { return evaluated }
                let r = try advisor.evaluate(fixture.profile)
                evaluated = r
                return r
            }
            if advice.action != fixture.action { mismatch("action", "action: expected \(fixture.action), got \(advice.action)") }
            compare("notices", "notices", expected: fixture.notices, actual: Set(advice.noticeIDs))
            if let answers = fixture.answers {
                var actual: [String: String] = [:]
                let answered = try result()
                for intent in KnowledgeBase.intents { if case .string(let v)? = answered.value(of: "answer.\(intent)") { actual[intent] = v } }
                compare("answers", "answers", expected: Set(answers.map { "\($0.key)=\($0.value)" }), actual: Set(actual.map { "\($0.key)=\($0.value)" }))
            }
            if advice.method != fixture.method {
                mismatch("method", "method: expected \(fixture.method), got \(advice.method) (scores: " + advice.ranking.map { "\($0.method) \(Advice.format($0.score))\($0.blocked ? " blocked" : "")" }.joined(separator: ", ") + ")")
            }
            compare("warnings", "warnings", expected: fixture.warnings, actual: Set(advice.warnings.map(\.id)))
            let blocked = Dictionary(uniqueKeysWithValues: advice.ranking.filter(\.blocked).map { ($0.method, Set($0.reasons)) })
            compare("blocked methods", "blocked", expected: Set(fixture.blocked.keys), actual: Set(blocked.keys))
            for (method, reasons) in fixture.blocked.sorted(by: { $0.key < $1.key }) {
                if let actual = blocked[method] { compare("blocked \(method) reasons", "blocked", expected: reasons, actual: actual) }
            }
            if let missing = fixture.missing, missing != advice.missing.map(\.field) {
                mismatch("missing", "missing: expected [\(missing.joined(separator: ", "))], got [\(advice.missing.map(\.field).joined(separator: ", "))]")
            }
            for (language, phrases) in fixture.contains.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let text = try advisor.advise(fixture.profile, language: language).text(advisor.knowledgeBase)
                for phrase in phrases where !text.contains(phrase) {
                    mismatch("contains", "text (\(language.rawValue)): does not contain \"\(phrase)\"")
                }
            }
            if !differing.isEmpty { decidedBy = Self.rules(in: try result(), deciding: differing, advisor.knowledgeBase) }
        } catch {
            mismatch("expect", "evaluation failed: \(error)")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return FixtureOutcome(fixture: fixture.name, file: fixture.file, mismatches: mismatches, places: places, decidedBy: decidedBy, group: fixture.group, seconds: seconds)
    }

    /// The fired rules whose actions decide the expectations that differ.
    static func rules(in result: EvaluationResult, deciding keys: Set<String>, _ kb: KnowledgeBase) -> [String] {
        let rules = Dictionary(kb.source.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return result.firedRules.filter { id in
            (rules[id]?.actions ?? []).contains { action in
                switch action.value {
                case .score: keys.contains("method")
                case .block: keys.contains("method") || keys.contains("blocked")
                case .warn: keys.contains("warnings") || keys.contains("contains")
                case .derive: !keys.isDisjoint(with: ["action", "answers", "notices", "missing", "contains", "expect"])
                }
            }
        }
    }
}
