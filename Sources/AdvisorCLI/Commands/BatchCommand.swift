import Advisor
import Foundation

/// `advisor batch`: the advice for many profiles, in input order.
public struct BatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "batch",
        abstract: "Evaluate many profiles (JSON Lines, a JSON array, or CSV) into advice, with a summary.",
        discussion: """
        Each INPUT is a file, a directory (its .jsonl, .ndjson, .json and .csv files, sorted by
        path, subdirectories included), or - for standard input; they are read in the order given.
        Each profile gets one record of advice, in input order, carrying its 'line' (the input
        line or CSV row) and, with several inputs, its 'file'. A record that is not a valid
        profile is reported on standard error with its file, line and column (and in --errors),
        and left out of the output; every other record is still evaluated, and the exit status is
        then 2. A CSV header that names unknown fields is reported once, and that file's rows
        are not read.

        --detail decision (the default for csv) writes id, line, carrier, action, method, the
        ranking's scores and blocks, the warning ids and the missing fields, and no texts;
        --detail full (the default otherwise) writes the advice object of 'advisor ask --json'.

        On a terminal a progress bar is drawn on standard error; at the end a summary follows:
        records, advised, rejected, advice per method and action, the most frequent warnings and
        missing fields (--quiet silences both; --summary writes it as JSON, --report as an HTML
        page with charts).

        Examples:
          advisor batch profiles.jsonl -o advice.jsonl
          advisor batch inbox/ --output-format csv -o decisions.csv --errors rejected.jsonl
          advisor batch - --detail decision < profiles.jsonl > decisions.jsonl
        """)

    public static var arguments: [Argument<BatchCommand>] {
        [
            .positionals("INPUT", arity: .oneOrMore, completion: .file, \.inputs),
            .option("output", short: "o", valueName: "FILE", help: "Write the advice here (written whole or not at all); default: standard output.", completion: .file, \.output),
            .option("format", valueName: "FORMAT", help: "The inputs' format: jsonl, json or csv (default: from each INPUT's extension, else jsonl).", parser: .choice("format"), \.format),
            .option("output-format", valueName: "FORMAT", help: "The output's format: jsonl (default), json (one array) or csv.", parser: .choice("output format"), \.outputFormat),
            .option("detail", valueName: "DETAIL", help: "What each record carries: full (the whole advice; default for jsonl and json) or decision (no texts; default for csv).", parser: .choice("detail", ["full", "decision"]) { BatchOutput.Detail(rawValue: $0) }, \.detail),
            .option("errors", valueName: "FILE", help: "Write the rejected records here as JSON Lines: file, line, column, pointer, code, message.", completion: .file, \.errors),
            .option("summary", valueName: "FILE", help: "Write the summary here as JSON (overall and by carrier).", completion: .file, \.summaryFile),
            .option("report", valueName: "FILE", help: "Write a report here: one self-contained HTML page with charts of methods, warnings and missing fields, overall and by carrier, and the rejected records.", completion: .file, \.report),
            .flag("fail-fast", help: "Stop at the first rejected record (the output is then not written).", \.failFast),
            .option("lang", short: "l", valueName: "LANG", help: "The language of the messages and steps: en, zh-Hans or ja (default: from LANG, else en).", parser: .language, \.language),
            .option("jobs", short: "j", valueName: "N", help: "Threads that evaluate at once (default: the number of cores).", parser: .wholeNumber(in: 1...1024, "a whole number from 1 to 1024"), \.jobs),
            .flag("quiet", short: "q", help: "No progress bar and no summary on standard error (rejected records are still reported).", \.quiet),
            .flag("no-cache", help: "Evaluate every profile, even one of a class already advised (the output is the same; slower).", \.noCache),
            KnowledgeBaseLocation.rulesOption(\.rules),
            KnowledgeBaseLocation.firingsOption(\.maxFirings),
        ]
    }

    /// The positional words: files, directories or `-`.
    public var inputs: [String] = []
    /// `--output FILE`; nil for standard output.
    public var output: String?
    /// `--format`; nil to go by each INPUT's extension.
    public var format: BatchFormat?
    public var outputFormat: BatchOutput.Format?
    public var detail: BatchOutput.Detail?
    public var errors: String?
    public var summaryFile: String?
    public var report: String?
    public var failFast = false
    public var language: Language?
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    public var quiet = false
    public var noCache = false
    public var rules: String?
    public var maxFirings: Int?

    public init() {}

    /// What the output holds and how it is written.
    public var outputSpec: BatchOutput {
        BatchOutput(format: outputFormat ?? .jsonl, detail: detail, namesFile: inputs.count > 1 || inputs.contains { Self.isDirectory($0) })
    }

    public func validate() throws(UsageError) {
        guard !inputs.isEmpty else { throw UsageError("batch needs at least one INPUT (a file, a directory, or - for standard input)") }
        guard inputs.filter({ $0 == "-" }).count <= 1 else { throw UsageError("standard input (-) can be read only once") }
        if outputFormat == .csv && detail == .full {
            throw UsageError("--output-format csv carries the decision only; use --detail decision, or jsonl or json for the full advice")
        }
        let files = [("--output", output ?? "-"), ("--errors", errors), ("--summary", summaryFile), ("--report", report)].compactMap { name, path in path.map { (name, $0) } }
        for (i, a) in files.enumerated() {
            for b in files[..<i] where Self.samePath(a.1, b.1) {
                throw UsageError(a.1 == "-" ? "\(b.0) and \(a.0) both write to standard output; give one of them a file"
                                 : "\(b.0) and \(a.0) name the same file '\(a.1)'; give each its own")
            }
            for input in inputs where a.1 != "-" && Self.samePath(a.1, input) {
                throw UsageError("\(a.0) '\(a.1)' is also an INPUT; write to another file (nothing was changed)")
            }
        }
    }

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        let language = self.language ?? Language.fromEnvironment()
        let sources: [BatchSource]
        switch expand(inputs) {
        case .success(let s): sources = s
        case .failure(let error): Terminal.err("error: \(error.message)"); return .badInput
        }
        guard let kb = KnowledgeBaseLocation.load(rules) else { return .badInput }
        let files: [OutputFile?]
        switch Self.open([self.output ?? "-", errors, summaryFile, report]) {
        case .success(let opened): files = opened
        case .failure(let error): Terminal.err("error: \(error.message)"); return .badInput
        }
        let outputs = files.compactMap { $0 }
        guard let output = files[0] else { return .badInput }
        let errorsFile = files[1], summaryOut = files[2], reportOut = files[3]
        let spec = outputSpec
        let evaluator = BatchEvaluator(kb, language: language, jobs: jobs, output: spec, firingLimit: maxFirings, caching: !noCache)
        var bar = ProgressBar(enabled: !quiet && isatty(2) == 1)
        var errorsFailed: OutputFile.Failure?
        let summary: BatchSummary
        do throws(OutputFile.Failure) {
            summary = try BatchRun(evaluator, failFast: failFast).run(sources, reject: { diagnostics in
                bar.clear()
                DiagnosticPrinter.print(diagnostics)
                guard let errorsFile, errorsFailed == nil else { return }
                let lines = diagnostics.map { BatchSummary.Rejection($0).json() + "\n" }.joined()
                do throws(OutputFile.Failure) { try errorsFile.write(lines) } catch { errorsFailed = error }
            }, write: { (bytes: [UInt8]) throws(OutputFile.Failure) in try output.write(bytes) }) { bar.draw($0) }
        } catch {
            bar.clear()
            Terminal.err("error: \(error.message)")
            outputs.forEach { $0.discard() }
            return .badInput
        }
        bar.clear()
        if let errorsFailed {
            Terminal.err("error: \(errorsFailed.message)")
            outputs.forEach { $0.discard() }
            return .badInput
        }
        if let reportOut {
            let page = BatchReport.html(summary, knowledgeBase: kb, language: language, generated: Self.now())
            do { try reportOut.write(page) } catch {
                Terminal.err("error: \(error.message)")
                outputs.forEach { $0.discard() }
                return .badInput
            }
        }
        return finish(summary, output: output, others: [errorsFile, summaryOut, reportOut].compactMap { $0 }, summaryOut: summaryOut)
    }

    /// The time of the run, for the report: `2026-12-03 09:15 UTC`.
    static func now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date())
    }

    /// Puts the outputs in place (or leaves earlier ones as they were) and reports the summary.
    func finish(_ summary: BatchSummary, output: OutputFile, others: [OutputFile], summaryOut: OutputFile?) -> ExitCode {
        do {
            if let summaryOut { try summaryOut.write(summary.json()) }
            for file in others { try file.commit() }
            if summary.stoppedAt != nil || (summary.advised == 0 && summary.rejected > 0) {
                // Nothing whole to write: an earlier output stays as it was.
                output.discard()
                if output.destination != nil {
                    let why = summary.stoppedAt != nil ? "the run stopped at the first rejected record" : "every record was rejected"
                    Terminal.err("note: \(why), so \(output.name) was not written")
                }
            } else {
                try output.commit()
            }
        } catch {
            Terminal.err("error: \(error.message)")
            output.discard()
            others.forEach { $0.discard() }
            return .badInput
        }
        if !quiet { Terminal.err(summary.text()) }
        return summary.rejected > 0 ? .badInput : .success
    }
}
