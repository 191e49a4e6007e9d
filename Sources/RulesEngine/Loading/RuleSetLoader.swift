import Foundation

/// A top-level section of a rule file that the engine does not read itself, handed to the caller.
public struct ExtraSection: Sendable {
    public var name: String
    public var file: String
    public var node: JSONNode
    /// The JSON pointer of the section, `/name`.
    public var pointer: String
}

/// What loading a rule set produced: the rule set, the sections left to the caller, and every diagnostic.
public struct LoadedRuleSet: Sendable {
    public var ruleSet: RuleSet
    public var extraSections: [ExtraSection]
    public var diagnostics: [Diagnostic]
    /// The files read, in the order they were read.
    public var files: [String]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Loads rule files: JSON objects whose top-level keys are sections (`facts`, `options`,
/// `warnings`, `rules`, and any extra section the caller names).
///
/// Loading never stops at the first problem: every file is read and every diagnostic reported.
public struct RuleSetLoader: Sendable {
    public static let engineSections = ["facts", "options", "warnings", "rules"]
    public var extraSectionNames: [String]

    public init(extraSections: [String] = []) {
        self.extraSectionNames = extraSections
    }

    /// Loads every `.json` file below `directory`, in the order of their relative paths.
    public func load(directory: String) -> LoadedRuleSet {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            let at = SourceLocation(file: directory, line: 1, column: 1, pointer: "")
            return LoadedRuleSet(ruleSet: RuleSet(), extraSections: [], diagnostics: [Diagnostic(.unreadableFile, .error, "the rule directory does not exist or is not a directory", at: at)], files: [])
        }
        var paths: [String] = []
        if let walker = fm.enumerator(atPath: directory) {
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".json") { paths.append(relative) }
            }
        }
        paths.sort()
        var documents: [(path: String, text: String)] = []
        var diagnostics: [Diagnostic] = []
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        for relative in paths {
            let path = base + relative
            guard let data = fm.contents(atPath: path) else {
                diagnostics.append(Diagnostic(.unreadableFile, .error, "cannot read the file", at: SourceLocation(file: path, line: 1, column: 1, pointer: "")))
                continue
            }
            documents.append((path, String(decoding: data, as: UTF8.self)))
        }
        var loaded = load(documents: documents)
        loaded.diagnostics.insert(contentsOf: diagnostics, at: 0)
        return loaded
    }

    /// Loads rule files given as text, in the order given.
    public func load(documents: [(path: String, text: String)]) -> LoadedRuleSet {
        var result = LoadedRuleSet(ruleSet: RuleSet(), extraSections: [], diagnostics: [], files: [])
        let sections = Self.engineSections + extraSectionNames
        for (path, text) in documents {
            result.files.append(path)
            let root: JSONNode
            do {
                root = try JSONParser.parse(text)
            } catch {
                result.diagnostics.append(Diagnostic(.malformedJSON, .error, "malformed JSON: \(error.message)", at: SourceLocation(file: path, line: error.line, column: error.column, pointer: "")))
                continue
            }
            var reader = _DocumentReader(file: path)
            guard let members = reader.members(root, "", what: "a rule file", allowed: sections) else {
                result.diagnostics += reader.diagnostics
                continue
            }
            var seen = Set<String>()
            for member in root.objectValue ?? [] where members[member.key] != nil && seen.insert(member.key).inserted {
                let pointer = "/" + _DocumentReader.escape(member.key)
                switch member.key {
                case "facts": reader.readFacts(member.value, pointer, into: &result.ruleSet)
                case "options": reader.readOptions(member.value, pointer, into: &result.ruleSet)
                case "warnings": reader.readWarnings(member.value, pointer, into: &result.ruleSet)
                case "rules": reader.readRules(member.value, pointer, into: &result.ruleSet)
                default:
                    if extraSectionNames.contains(member.key) {
                        result.extraSections.append(ExtraSection(name: member.key, file: path, node: member.value, pointer: pointer))
                    }
                }
            }
            result.diagnostics += reader.diagnostics
        }
        return result
    }
}
