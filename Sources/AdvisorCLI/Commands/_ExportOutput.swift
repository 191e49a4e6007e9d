/// Where a generated text (a graph, a document) goes: a file through ``OutputFile`` (whole or
/// not at all) or standard output.
enum ExportOutput {
    /// Writes `text` to `path` (nil or `-`: standard output).
    /// - Returns: success, or bad input (with the reason on standard error) when the file
    ///   cannot be written; an existing file is then as it was.
    static func write(_ text: String, to path: String?) -> ExitCode {
        do {
            let file = try OutputFile(path: path)
            try file.write(text)
            try file.commit()
            return .success
        } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
    }
}
