import Advisor

/// `advisor rules export`: the rule set in another engine's language (today CLIPS).
public struct ExportCommand: ParsableCommand {
    public enum Format: String, Sendable, CaseIterable {
        case clips
    }

    public static let configuration = CommandConfiguration(
        name: "export",
        abstract: "Write the rule set and the carrier policies as a program for another engine (CLIPS).",
        discussion: """
        export --format clips writes a CLIPS program equivalent to the rule set: a template per
        fact, deffacts for each carrier's confirmed policy, and a defrule per rule, with the
        engine's firing order, refraction and three-valued logic (see "Export to CLIPS" in
        Rules/README.md). Clips/check runs it beside advisor on random profiles and compares.
        Whatever the program cannot express is reported on standard error and nothing is
        written. Exit status: 0 when written, 1 when part of the rule set cannot be expressed,
        2 when the rules do not load or the output cannot be written.
        """)

    public static var arguments: [Argument<ExportCommand>] {
        [
            .option("format", valueName: "FORMAT", help: "The language to write: clips (the default).", parser: .choice("format"), \.format),
            .option("output", short: "o", valueName: "FILE", help: "Write the program here (written whole or not at all); default: standard output.", completion: .file, \.output),
            KnowledgeBaseLocation.rulesOption(\.rules),
        ]
    }

    public var format: Format = .clips
    public var output: String?
    public var rules: String?

    public init() {}

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        // The output is opened before any work, so a path that cannot be written is found at once.
        let file: OutputFile
        do { file = try OutputFile(path: output) } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
        guard let kb = KnowledgeBaseLocation.load(rules) else { file.discard(); return .badInput }
        let exported = ClipsExport.program(kb)
        guard exported.diagnostics.isEmpty else {
            file.discard()
            DiagnosticPrinter.print(exported.diagnostics)
            let n = exported.diagnostics.count
            Terminal.err("error: \(n) part\(n == 1 ? "" : "s") of the rule set cannot be expressed in \(format.rawValue); nothing was written")
            return .failure
        }
        do {
            try file.write(exported.text)
            try file.commit()
        } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
        return .success
    }
}
