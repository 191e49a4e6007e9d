import Advisor
import Foundation
import RulesEngine

/// `advisor ask`: the advice for one person.
enum AskCommand {
    static let spec = CommandSpec(
        name: "ask",
        summary: "Tell a person how to cancel their Japanese SIM, with the warnings that matter.",
        usage: "advisor ask [\"QUESTION\"] [--profile FILE] [--lang en|zh-Hans|ja] [--json] [--explain] [--why-not METHOD] [--no-input] [--rules DIR] [--max-firings N]",
        options: [
            OptionSpec(long: "profile", short: "p", valueName: "FILE", help: "The person's profile, a JSON object (- for standard input)."),
            OptionSpec(long: "lang", short: "l", valueName: "LANG", help: "The language of the advice: en, zh-Hans or ja (default: the question's language, else LANG, else en)."),
            OptionSpec(long: "json", short: nil, valueName: nil, help: "Print the advice object of the contract as JSON."),
            OptionSpec(long: "explain", short: nil, valueName: nil, help: "Add the trace: the rules that fired, in order, and what each derived."),
            OptionSpec(long: "no-input", short: nil, valueName: nil, help: "Never ask questions; advise on what is known."),
            OptionSpec(long: "why-not", short: nil, valueName: "METHOD", help: "Also say what would have to change for METHOD (online, store, phone) to be the advice."),
            KnowledgeBaseLocation.rulesOption,
            KnowledgeBaseLocation.firingsOption,
        ],
        discussion: """
        A QUESTION in Chinese, Japanese or English is read for what it says about the person
        (carrier, where they are, whether to keep the number, ...); a --profile fills in the rest
        and wins where both speak. Without --no-input and with a terminal on standard input, ask
        first asks the questions whose answers could still change the advice (press Enter to skip
        one). Profile fields (all optional): id, carrier, location, balance, japanese, languages,
        hasId, canLogin, canReceiveSms, simType, keepNumber, boundServices, hasBackup,
        deadlineDays, transferToOther.

        Examples:
          advisor ask "我在国外，怎么注销povo？"
          echo '{"carrier": "povo", "location": "abroad", "balance": 300}' | advisor ask --profile - --lang zh-Hans
        """)

    static func run(_ arguments: [String]) -> ExitCode {
        let args: ParsedArguments
        switch spec.parse(arguments) {
        case .run(let parsed): args = parsed
        case .exit(let code): return code
        }

        var language: Language?
        do { language = try args.language() } catch {
            Terminal.err("error: \(error.message)")
            return .usage
        }
        let question = args.positionals.isEmpty ? nil : args.positionals.joined(separator: " ")
        if let question, question.count > Lexicon.maximumQuestionCharacters {
            Terminal.err("error: the question is \(question.count) characters long; at most \(Lexicon.maximumQuestionCharacters) are read. Give the details as a profile instead (--profile FILE).")
            return .badInput
        }
        let firingLimit: Int?
        switch KnowledgeBaseLocation.firingLimit(args) {
        case .success(let n): firingLimit = n
        case .failure(let code): return code
        }
        let path = args.values["profile"]
        let interactive = !args.has("no-input") && !args.has("json") && Terminal.stdinIsTerminal && path != "-"
        guard path != nil || question != nil || interactive else {
            Terminal.err("error: ask needs a question, --profile FILE (or - for standard input), or a terminal to answer questions\nUsage: \(spec.usage)")
            return .usage
        }
        guard let kb = KnowledgeBaseLocation.load(args) else { return .badInput }
        if let method = args.values["why-not"], !kb.methods.contains(method) {
            Terminal.err("error: unknown method '\(method)'\(Suggestion.hint(for: method, in: kb.methods)); expected one of: \(kb.methods.joined(separator: ", "))")
            return .usage
        }

        var profile = Profile()
        var understanding: Understanding?
        if let question {
            let u = kb.understand(question)
            understanding = u
            profile = u.profile
            language = language ?? u.language
        }
        if let path {
            let bytes: [UInt8]
            switch Terminal.read(path, limit: BatchReader.maximumRecordBytes) {
            case .success(let b): bytes = b
            case .failure(let e): Terminal.err("error: \(e.message)"); return .badInput
            }
            switch ProfileReader(kb).read(bytes: bytes, file: path == "-" ? "<stdin>" : path) {
            case .success(let p): profile = profile.overridden(by: p)
            case .failure(let e):
                for d in e.diagnostics { Terminal.err(d.description) }
                return .badInput
            }
        }
        let lang = language ?? Language.fromEnvironment()
        let advisor = Advisor(kb, firingLimit: firingLimit)
        do {
            if interactive {
                // Say first what the question said, then ask what is still open: whether to
                // keep the number first, and what the question contradicted itself on.
                if let understanding, !understanding.findings.isEmpty {
                    Terminal.out(kb.text(.heading(.understood), lang) + lang.colon + understanding.summary(kb, lang).joined(separator: lang == .en ? "; " : "；") + "\n\n")
                }
                profile = try consult(advisor, profile, lang, first: (understanding?.ambiguous ?? []))
            }
            let advice = try advisor.advise(profile, language: lang, explain: args.has("explain"), whyNot: args.values["why-not"], question: understanding)
            Terminal.out(args.has("json") ? advice.json(pretty: true) + "\n" : advice.text(kb))
            return .success
        } catch {
            Terminal.err("error: the rules could not decide: \(error)")
            return .badInput
        }
    }

    /// Asks the questions that can still change the advice, until none is left or input ends.
    static func consult(_ advisor: Advisor, _ profile: Profile, _ language: Language, first: [String]) throws(EvaluationError) -> Profile {
        var consultation = Consultation(advisor: advisor, profile: profile, language: language, first: first)
        while let field = try consultation.nextQuestion() {
            Terminal.out(consultation.prompt(for: field) + "\n> ")
            guard let line = readLine() else { break }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { consultation.skip(field); continue }
            if let problem = consultation.answer(line, for: field) { Terminal.out("  (\(problem))\n") }
        }
        Terminal.out("\n")
        return consultation.profile
    }
}
