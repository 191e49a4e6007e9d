import Advisor
import Foundation
import RulesEngine

/// `advisor ask`: the advice for one person.
enum AskCommand {
    static let spec = CommandSpec(
        name: "ask",
        summary: "Tell a person how to cancel their Japanese SIM, with the warnings that matter.",
        usage: "advisor ask --profile FILE [--lang en|zh-Hans|ja] [--json] [--explain] [--no-input] [--rules DIR]",
        options: [
            OptionSpec(long: "profile", short: "p", valueName: "FILE", help: "The person's profile, a JSON object (- for standard input)."),
            OptionSpec(long: "lang", short: "l", valueName: "LANG", help: "The language of the advice: en, zh-Hans or ja (default: from LANG, else en)."),
            OptionSpec(long: "json", short: nil, valueName: nil, help: "Print the advice object of the contract as JSON."),
            OptionSpec(long: "explain", short: nil, valueName: nil, help: "Add the trace: the rules that fired, in order, and what each derived."),
            OptionSpec(long: "no-input", short: nil, valueName: nil, help: "Never ask questions; advise on what is known."),
            KnowledgeBaseLocation.rulesOption,
        ],
        discussion: """
        Without --no-input and with a terminal on standard input, ask first asks the questions whose
        answers could still change the advice (press Enter to skip one). Profile fields: id, carrier,
        location, balance, japanese, languages, hasId, canLogin, canReceiveSms, simType, keepNumber,
        boundServices, hasBackup, deadlineDays, transferToOther (all optional).

        Example:
          echo '{"carrier": "povo", "location": "abroad", "balance": 300}' | advisor ask --profile - --lang zh-Hans
        """)

    static func run(_ arguments: [String]) -> ExitCode {
        let args: ParsedArguments
        switch spec.parse(arguments) {
        case .run(let parsed): args = parsed
        case .exit(let code): return code
        }

        let language: Language
        if let code = args.values["lang"] {
            guard let l = Language(code: code) else {
                Terminal.err("error: unknown language '\(code)'; expected en, zh-Hans or ja")
                return .usage
            }
            language = l
        } else {
            language = Language.fromEnvironment()
        }
        if let question = args.positionals.first {
            Terminal.err("""
            error: free-text questions ("\(question)") are not understood yet; describe the situation as a profile:
              advisor ask --profile FILE   (a JSON object; see 'advisor ask --help' for its fields)
            """)
            return .usage
        }
        let path = args.values["profile"]
        let interactive = !args.has("no-input") && !args.has("json") && Terminal.stdinIsTerminal && path != "-"
        guard path != nil || interactive else {
            Terminal.err("error: ask needs --profile FILE (or - for standard input), or a terminal to answer questions\nUsage: \(spec.usage)")
            return .usage
        }
        guard let kb = KnowledgeBaseLocation.load(args) else { return .badInput }

        var profile = Profile()
        if let path {
            let text: String
            switch Terminal.read(path) {
            case .success(let t): text = t
            case .failure(let e): Terminal.err("error: \(e.message)"); return .badInput
            }
            switch ProfileReader(kb).read(text: text, file: path == "-" ? "<stdin>" : path) {
            case .success(let p): profile = p
            case .failure(let e):
                for d in e.diagnostics { Terminal.err(d.description) }
                return .badInput
            }
        }
        let advisor = Advisor(kb)
        do {
            if interactive { profile = try consult(advisor, profile, language) }
            let advice = try advisor.advise(profile, language: language, explain: args.has("explain"))
            Terminal.out(args.has("json") ? advice.json(pretty: true) + "\n" : advice.text(kb))
            return .success
        } catch {
            Terminal.err("error: the rules could not decide: \(error)")
            return .badInput
        }
    }

    /// Asks the questions that can still change the advice, until none is left or input ends.
    static func consult(_ advisor: Advisor, _ profile: Profile, _ language: Language) throws(EvaluationError) -> Profile {
        var consultation = Consultation(advisor: advisor, profile: profile, language: language)
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
