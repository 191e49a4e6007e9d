import RulesEngine

/// Splits a command line into the arguments it gives, without reading any value yet.
enum ArgumentParser {
    /// Matches `arguments` (those after the command's name) against `definitions`.
    ///
    /// Accepts `--name value`, `--name=value`, `-s value`, `--` to end the options, and `-` as a
    /// value or positional (standard input). An option given twice keeps its last value.
    /// - Returns: for each argument given, in order, the index of its definition and its text
    ///   (empty for a flag).
    /// - Throws: the first argument that does not fit; then ``UsageError/helpRequested`` when
    ///   `-h` or `--help` was among them (help wins over a bad value, not over a bad option).
    static func split(_ arguments: [String], _ definitions: [ArgumentDefinition]) throws(UsageError) -> [(index: Int, value: String)] {
        let positional = definitions.firstIndex(where: \.isPositional)
        var assignments: [(index: Int, value: String)] = []
        var helpRequested = false
        var onlyPositionals = false
        var i = 0
        func addPositional(_ word: String) throws(UsageError) {
            guard let positional else { throw UsageError("unexpected argument '\(word)'") }
            assignments.append((positional, word))
        }
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyPositionals || arg == "-" || !arg.hasPrefix("-") {
                try addPositional(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name: String
            var inlineValue: String?
            let found: Int?
            if arg.hasPrefix("--") {
                name = String(arg.dropFirst(2))
                if let eq = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                found = name == "help" ? -1 : definitions.firstIndex { !$0.isPositional && $0.long == name }
            } else {
                guard arg.count == 2, let c = arg.last else {
                    throw UsageError("unknown option '\(arg)'; short options are single letters, long ones start with '--'")
                }
                name = String(c)
                found = c == "h" ? -1 : definitions.firstIndex { $0.short == c }
            }
            guard let found else {
                let names = definitions.filter { !$0.isPositional }.map(\.long) + ["help"]
                let hint = Suggestion.nearest(to: name, in: names).map { "; did you mean '--\($0)'?" } ?? ""
                throw UsageError("unknown option '\(arg)'\(hint)")
            }
            let definition = found < 0 ? ArgumentDefinition.help : definitions[found]
            if let valueName = definition.valueName {
                if let inlineValue {
                    assignments.append((found, inlineValue))
                } else {
                    guard i < arguments.count else { throw UsageError("the option '--\(definition.long)' needs a value (\(valueName))") }
                    assignments.append((found, arguments[i]))
                    i += 1
                }
            } else {
                if inlineValue != nil { throw UsageError("the option '--\(definition.long)' takes no value") }
                if found < 0 { helpRequested = true } else { assignments.append((found, "")) }
            }
        }
        if helpRequested { throw .helpRequested }
        return assignments
    }
}
