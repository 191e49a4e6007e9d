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
    /// The most rules a rule set may have (``Limits/rules``).
    public var maximumRules = Limits.rules

    public init(extraSections: [String] = []) {
        self.extraSectionNames = extraSections
    }

    /// The largest rule file read.
    public static let maximumFileBytes = 16 << 20

    /// Loads every `.json` file below `directory`, in the order of their relative paths, then
    /// the documents `extra` (files a caller adds for its own purpose, such as test data).
    ///
    /// Rules are data, and a rules directory never reads outside itself: a symbolic link is
    /// followed only where its target lies inside the directory, and what is not a regular file
    /// (a FIFO, a device) is not read.
    public func load(directory: String, adding extra: [(path: String, text: String)] = []) -> LoadedRuleSet {
        var diagnostics: [Diagnostic] = []
        func problem(_ path: String, _ message: String) {
            diagnostics.append(Diagnostic(.unreadableFile, .error, message, at: SourceLocation(file: path, line: 1, column: 1, pointer: "")))
        }
        guard let root = Self.realPath(directory), Self.isDirectory(root) else {
            problem(directory, "the rule directory does not exist or is not a directory")
            return LoadedRuleSet(ruleSet: RuleSet(), extraSections: [], diagnostics: diagnostics, files: [])
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var paths: [String] = []
        var visited: Set<String> = [root]
        func walk(_ relative: String) {
            let shown = relative.isEmpty ? base : base + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: shown) else {
                problem(shown, "cannot read the directory")
                return
            }
            for name in names.sorted() {
                let child = relative.isEmpty ? name : relative + "/" + name
                let path = base + "/" + child
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                var type = info.st_mode & S_IFMT
                if type == S_IFLNK {
                    guard let target = Self.realPath(path), target == root || target.hasPrefix(root + "/") else {
                        if name.hasSuffix(".json") || Self.isDirectory(path) {
                            problem(path, "a symbolic link to a place outside the rule directory; not read")
                        }
                        continue
                    }
                    guard stat(path, &info) == 0 else { continue }
                    type = info.st_mode & S_IFMT
                    if type == S_IFDIR { guard visited.insert(target).inserted else { continue } }
                }
                if type == S_IFDIR {
                    walk(child)
                } else if name.hasSuffix(".json") {
                    if type != S_IFREG {
                        problem(path, "not a regular file; not read")
                    } else if info.st_size > Self.maximumFileBytes {
                        problem(path, "the file is larger than the limit of \(Self.maximumFileBytes >> 20) MiB for a rule file; not read")
                    } else {
                        paths.append(child)
                    }
                }
            }
        }
        walk("")
        paths.sort()
        var documents: [(path: String, text: String)] = []
        for relative in paths {
            let path = base + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else {
                problem(path, "cannot read the file")
                continue
            }
            let bytes = [UInt8](data)
            if let bad = bytes.withUnsafeBufferPointer({ JSONParser.firstInvalidUTF8($0) }) {
                let at = bytes.withUnsafeBufferPointer { JSONParser.position(of: bad, in: $0) }
                diagnostics.append(Diagnostic(.malformedJSON, .error, "invalid UTF-8", at: SourceLocation(file: path, line: at.line, column: at.column, pointer: "")))
                continue
            }
            documents.append((path, String(decoding: bytes, as: UTF8.self)))
        }
        var loaded = load(documents: documents + extra)
        loaded.diagnostics.insert(contentsOf: diagnostics, at: 0)
        return loaded
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Loads rule files given as text, in the order given.
    public func load(documents: [(path: String, text: String)]) -> LoadedRuleSet {
        var result = LoadedRuleSet(ruleSet: RuleSet(), extraSections: [], diagnostics: [], files: [])
        let sections = Self.engineSections + extraSectionNames
        for (path, text) in documents {
            result.files.append(path)
            var reader = JSONReader(file: path)
            guard let root = reader.parse(text), let members = reader.object(root, "", what: "a rule file", allowed: sections) else {
                result.diagnostics += reader.diagnostics
                continue
            }
            for member in members.members {
                switch member.key {
                case "facts": reader.readFacts(member.node, member.pointer, into: &result.ruleSet)
                case "options": reader.readOptions(member.node, member.pointer, into: &result.ruleSet)
                case "warnings": reader.readWarnings(member.node, member.pointer, into: &result.ruleSet)
                case "rules": reader.readRules(member.node, member.pointer, into: &result.ruleSet)
                default:
                    if extraSectionNames.contains(member.key) {
                        result.extraSections.append(ExtraSection(name: member.key, file: path, node: member.node, pointer: member.pointer))
                    }
                }
            }
            result.diagnostics += reader.diagnostics
        }
        if result.ruleSet.rules.count > maximumRules {
            let first = result.ruleSet.rules[maximumRules]
            result.diagnostics.append(Diagnostic(.invalidValue, .error, "the rule set has \(result.ruleSet.rules.count) rules; at most \(maximumRules) are allowed", at: first.location))
        }
        return result
    }
}
