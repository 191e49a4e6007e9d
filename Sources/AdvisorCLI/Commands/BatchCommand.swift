import Advisor
import Foundation

/// `advisor batch`: the advice for many profiles, in input order.
public struct BatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "batch",
        abstract: "Evaluate many profiles (JSON Lines, a JSON array, or CSV) into JSON Lines of advice.",
        discussion: """
        INPUT is a file or - for standard input. Each profile gets one line of advice (the advice
        object of 'advisor ask --json'), in input order. A record that is not a valid profile is
        reported on standard error with its file, line and column, and left out of the output;
        every other record is still evaluated, and the exit status is then 2.

        Example:
          advisor batch profiles.jsonl -o advice.jsonl
        """)

    public static var arguments: [Argument<BatchCommand>] {
        [
            .positionals("INPUT", arity: .one, completion: .file, \.inputs),
            .option("output", short: "o", valueName: "FILE", help: "Write the advice here (written whole or not at all); default: standard output.", completion: .file, \.output),
            .option("format", valueName: "FORMAT", help: "The input's format: jsonl, json or csv (default: from INPUT's extension, else jsonl).", parser: .choice("format"), \.format),
            .option("lang", short: "l", valueName: "LANG", help: "The language of the messages and steps: en, zh-Hans or ja (default: from LANG, else en).", parser: .language, \.language),
            .option("jobs", short: "j", valueName: "N", help: "Threads that evaluate at once (default: the number of cores).", parser: .wholeNumber(in: 1...1024, "a whole number from 1 to 1024"), \.jobs),
            .flag("quiet", short: "q", help: "No progress and no summary on standard error (rejected records are still reported).", \.quiet),
            KnowledgeBaseLocation.rulesOption(\.rules),
            KnowledgeBaseLocation.firingsOption(\.maxFirings),
        ]
    }

    /// The positional words; ``validate()`` requires exactly one.
    public var inputs: [String] = []
    /// `--output FILE`; nil for standard output.
    public var output: String?
    /// `--format`; nil to go by INPUT's extension.
    public var format: BatchFormat?
    public var language: Language?
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    public var quiet = false
    public var rules: String?
    public var maxFirings: Int?

    public init() {}

    /// The input file, or `-`.
    public var input: String { inputs.first ?? "-" }

    /// The format to read: `--format`, else INPUT's extension, else JSON Lines.
    public var resolvedFormat: BatchFormat { format ?? BatchFormat(path: input) ?? .jsonl }

    public func validate() throws(UsageError) {
        guard inputs.count == 1 else { throw UsageError("batch needs exactly one INPUT (a file, or - for standard input)") }
    }

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        let language = self.language ?? Language.fromEnvironment()
        guard let kb = KnowledgeBaseLocation.load(rules) else { return .badInput }
        var reader: BatchReader
        do { reader = try BatchReader(path: input, format: resolvedFormat) } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
        let output: OutputFile
        do { output = try OutputFile(path: self.output) } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
        let evaluator = BatchEvaluator(kb, language: language, jobs: jobs, file: reader.name, firingLimit: maxFirings)
        let progress = !quiet && isatty(2) == 1
        let start = ContinuousClock.now
        let tally: BatchRun.Tally
        do {
            tally = try BatchRun(evaluator).run(&reader, reject: { DiagnosticPrinter.print($0) }, write: output.write) { tally in
                if progress { _ = Terminal.write("\r\(tally.total) profiles…", to: 2) }
            }
        } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
        if tally.keepsOutput {
            do { try output.commit() } catch {
                Terminal.err("error: \(error.message)")
                return .badInput
            }
        } else {
            // Nothing good to write: an earlier output stays as it was.
            output.discard()
            if output.destination != nil { Terminal.err("note: every record was rejected, so \(output.name) was not written") }
        }
        if progress { _ = Terminal.write("\r", to: 2) }
        if !quiet { Terminal.err(BatchRun.summary(tally, elapsed: ContinuousClock.now - start)) }
        return tally.rejected > 0 ? .badInput : .success
    }
}
