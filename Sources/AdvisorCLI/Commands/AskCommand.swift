import Advisor
import Foundation
import RulesEngine

/// `advisor ask`: the advice for one person.
public struct AskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "ask",
        abstract: "Tell a person how to cancel their Japanese SIM, with the warnings that matter.",
        discussion: """
        A QUESTION in Chinese, Japanese or English is read for what it says about the person
        (carrier, where they are, whether to keep the number, ...); a --profile fills in the rest
        and wins where both speak. Without --no-input and with a terminal on standard input, ask
        first asks the questions whose answers could still change the advice (press Enter to skip
        one). Profile fields (all optional, from the shipped rules):
        {fields}.

        Examples:
          advisor ask "我在国外，怎么注销povo？"
          echo '{"carrier": "povo", "location": "abroad", "balance": 300}' | advisor ask --profile - --lang zh-Hans
        """,
        details: { ["fields": KnowledgeBaseLocation.shippedProfileFields] })

    public static var arguments: [Argument<AskCommand>] {
        [
            .positionals("\"QUESTION\"", arity: .optional, \.words),
            .option("profile", short: "p", valueName: "FILE", help: "The person's profile, a JSON object (- for standard input).", completion: .file, \.profile),
            .option("lang", short: "l", valueName: "LANG", help: "The language of the advice: en, zh-Hans or ja (default: the question's language, else LANG, else en).", parser: .language, \.language),
            .flag("json", help: "Print the advice object of the contract as JSON.", \.json),
            .flag("explain", help: "Add the trace: the rules that fired, in order, and what each derived.", \.explain),
            .flag("no-input", help: "Never ask questions; advise on what is known.", \.noInput),
            .option("why-not", valueName: "METHOD", help: "Also say what would have to change for METHOD (online, store, phone) to be the advice.", completion: .values(["online", "store", "phone"]), \.whyNot),
            KnowledgeBaseLocation.rulesOption(\.rules),
            KnowledgeBaseLocation.firingsOption(\.maxFirings),
        ]
    }

    /// The question's words, as given (a question in several arguments is joined by spaces).
    public var words: [String] = []
    /// `--profile`: a file, or `-` for standard input.
    public var profile: String?
    /// `--lang`.
    public var language: Language?
    public var json = false
    public var explain = false
    public var noInput = false
    /// `--why-not METHOD` (checked against the knowledge base's methods when it is loaded).
    public var whyNot: String?
    /// `--rules DIR`.
    public var rules: String?
    /// `--max-firings N`.
    public var maxFirings: Int?

    public init() {}

    /// The question, when one was given.
    public var question: String? { words.isEmpty ? nil : words.joined(separator: " ") }

    /// Whether to ask questions back: not with `--no-input` or `--json`, nor when the profile
    /// comes from standard input, nor without a terminal there.
    public func isInteractive(stdinIsTerminal: Bool) -> Bool {
        !noInput && !json && stdinIsTerminal && profile != "-"
    }

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        let question = self.question
        if let question, question.count > Lexicon.maximumQuestionCharacters {
            Terminal.err("error: the question is \(question.count) characters long; at most \(Lexicon.maximumQuestionCharacters) are read. Give the details as a profile instead (--profile FILE).")
            return .badInput
        }
        let interactive = isInteractive(stdinIsTerminal: Terminal.stdinIsTerminal)
        guard profile != nil || question != nil || interactive else {
            throw UsageError("ask needs a question, --profile FILE (or - for standard input), or a terminal to answer questions")
        }
        guard let kb = KnowledgeBaseLocation.load(rules) else { return .badInput }
        if let method = whyNot, !kb.methods.contains(method) {
            throw UsageError("unknown method '\(method)'" + JSONReader.expectedOneOf(method, kb.methods))
        }
        var request = AskRequest(question: question, language: language, knowledgeBase: kb)
        if let path = profile {
            guard let p = Self.readProfile(path, kb) else { return .badInput }
            request.profile = p
        }
        let resolved = request.resolved(defaultLanguage: Language.fromEnvironment())
        let lang = resolved.language
        let advisor = Advisor(kb, firingLimit: maxFirings)
        do {
            var profile = resolved.profile
            if interactive {
                // Say first what the question said, then ask what is still open: whether to
                // keep the number first, and what the question contradicted itself on.
                if let line = request.understoodLine(kb, lang) { Terminal.out(line + "\n\n") }
                profile = try Self.consult(advisor, profile, lang, first: resolved.firstQuestions)
            }
            let advice = try advisor.advise(profile, language: lang, explain: explain, whyNot: whyNot, question: request.understanding)
            Terminal.out(json ? advice.json(pretty: true) + "\n" : advice.text(kb))
            return .success
        } catch {
            Terminal.err("error: the rules could not decide: \(error)")
            return .badInput
        }
    }

    /// Reads the profile at `path` (`-`: standard input), or prints why not and returns nil.
    static func readProfile(_ path: String, _ kb: KnowledgeBase) -> Profile? {
        let bytes: [UInt8]
        switch Terminal.read(path, limit: BatchReader.maximumRecordBytes) {
        case .success(let b): bytes = b
        case .failure(let e): Terminal.err("error: \(e.message)"); return nil
        }
        switch ProfileReader(kb).read(bytes: bytes, file: path == "-" ? "<stdin>" : path) {
        case .success(let p): return p
        case .failure(let e):
            DiagnosticPrinter.print(e.diagnostics)
            return nil
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
