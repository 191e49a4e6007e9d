import Advisor
import Foundation

/// `advisor batch`: the advice for many profiles, in input order.
enum BatchCommand {
    static let spec = CommandSpec(
        name: "batch",
        summary: "Evaluate many profiles (JSON Lines, a JSON array, or CSV) into JSON Lines of advice.",
        usage: "advisor batch INPUT [-o OUTPUT] [--format jsonl|json|csv] [--lang LANG] [--jobs N] [--quiet] [--rules DIR] [--max-firings N]",
        options: [
            OptionSpec(long: "output", short: "o", valueName: "FILE", help: "Write the advice here (written whole or not at all); default: standard output."),
            OptionSpec(long: "format", short: nil, valueName: "FORMAT", help: "The input's format: jsonl, json or csv (default: from INPUT's extension, else jsonl)."),
            OptionSpec(long: "lang", short: "l", valueName: "LANG", help: "The language of the messages and steps: en, zh-Hans or ja (default: from LANG, else en)."),
            OptionSpec(long: "jobs", short: "j", valueName: "N", help: "Threads that evaluate at once (default: the number of cores)."),
            OptionSpec(long: "quiet", short: "q", valueName: nil, help: "No progress and no summary on standard error (rejected records are still reported)."),
            KnowledgeBaseLocation.rulesOption,
            KnowledgeBaseLocation.firingsOption,
        ],
        discussion: """
        INPUT is a file or - for standard input. Each profile gets one line of advice (the advice
        object of 'advisor ask --json'), in input order. A record that is not a valid profile is
        reported on standard error with its file, line and column, and left out of the output;
        every other record is still evaluated, and the exit status is then 2.

        Example:
          advisor batch profiles.jsonl -o advice.jsonl
        """)

    static func run(_ arguments: [String]) -> ExitCode {
        let args: ParsedArguments
        switch spec.parse(arguments) {
        case .run(let parsed): args = parsed
        case .exit(let code): return code
        }
        guard args.positionals.count == 1, let input = args.positionals.first else {
            Terminal.err("error: batch needs exactly one INPUT (a file, or - for standard input)\nUsage: \(spec.usage)")
            return .usage
        }
        var format = BatchFormat(path: input) ?? .jsonl
        if let name = args.values["format"] {
            guard let f = BatchFormat(rawValue: name) else {
                Terminal.err("error: unknown format '\(name)'; expected jsonl, json or csv")
                return .usage
            }
            format = f
        }
        let language: Language
        do { language = try args.language() ?? Language.fromEnvironment() } catch {
            Terminal.err("error: \(error.message)")
            return .usage
        }
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        if let text = args.values["jobs"] {
            guard let n = Int(text), n >= 1, n <= 1024 else {
                Terminal.err("error: --jobs needs a whole number from 1 to 1024, found '\(text)'")
                return .usage
            }
            jobs = n
        }
        let firingLimit: Int?
        switch KnowledgeBaseLocation.firingLimit(args) {
        case .success(let n): firingLimit = n
        case .failure(let code): return code
        }
        guard let kb = KnowledgeBaseLocation.load(args) else { return .badInput }
        var reader: BatchReader
        do { reader = try BatchReader(path: input, format: format) } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
        let output: OutputFile
        do { output = try OutputFile(path: args.values["output"]) } catch {
            Terminal.err("error: \(error.message)")
            return .badInput
        }
        let evaluator = BatchEvaluator(kb, language: language, jobs: jobs, file: reader.name, firingLimit: firingLimit)
        let quiet = args.has("quiet")
        let progress = !quiet && isatty(2) == 1
        let start = ContinuousClock.now
        var advised = 0, rejected = 0
        while let block = reader.next(4_096) {
            var text = ""
            for outcome in evaluator.evaluate(block) {
                switch outcome {
                case .advice(let line):
                    text += line
                    text += "\n"
                    advised += 1
                case .rejected(let diagnostics):
                    rejected += 1
                    for d in diagnostics { Terminal.err(d.description) }
                }
            }
            do { try output.write(text) } catch {
                Terminal.err("error: \(error.message)")
                return .badInput
            }
            if progress { _ = Terminal.write("\r\(advised + rejected) profiles…", to: 2) }
        }
        if advised == 0 && rejected > 0 {
            // Nothing good to write: an earlier output stays as it was.
            output.discard()
            if output.destination != nil { Terminal.err("note: every record was rejected, so \(output.name) was not written") }
        } else {
            do { try output.commit() } catch {
                Terminal.err("error: \(error.message)")
                return .badInput
            }
        }
        if progress { _ = Terminal.write("\r", to: 2) }
        if !quiet {
            let elapsed = (ContinuousClock.now - start).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            let rate = seconds > 0 ? Int(Double(advised + rejected) / seconds) : 0
            Terminal.err("advisor batch: \(advised + rejected) profiles, \(advised) advised, \(rejected) rejected (\(String(format: "%.2f", seconds)) s, \(rate) profiles/s)")
        }
        return rejected > 0 ? .badInput : .success
    }
}
