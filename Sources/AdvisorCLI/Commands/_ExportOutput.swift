import Advisor

/// Runs a command that writes one text made from the knowledge base (a graph, a document) to
/// a file through ``OutputFile`` (whole or not at all) or to standard output.
enum ExportOutput {
    /// Opens the output named `path` (nil or `-`: standard output) before any work, loads the
    /// rules, and writes what `make` makes of them.
    /// - Returns: success; or bad input when the output cannot be written (the reason on
    ///   standard error; an existing file is as it was) or the rules do not load (their
    ///   diagnostics on standard error; nothing is written).
    static func run(to path: String?, rules: String?, _ make: (KnowledgeBase) -> String) -> ExitCode {
        let file: OutputFile
        do { file = try OutputFile(path: path) } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
        guard let kb = KnowledgeBaseLocation.load(rules) else {
            file.discard()
            return .badInput
        }
        do {
            try file.write(make(kb))
            try file.commit()
            return .success
        } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
    }
}
