/// What `ask` was given for one person: the question's understanding, a profile, a language.
///
/// The question and the profile are merged field by field, the profile winning where both
/// speak; the advice is written in the language asked for, else the question's, else a default
/// (the locale's).
public struct AskRequest: Sendable {
    /// What the question said, when there was one.
    public var understanding: Understanding?
    /// The profile given (`--profile`), when there was one.
    public var profile: Profile?
    /// The language asked for (`--lang`), when one was.
    public var language: Language?

    public init(understanding: Understanding? = nil, profile: Profile? = nil, language: Language? = nil) {
        self.understanding = understanding
        self.profile = profile
        self.language = language
    }

    /// A request for `question` (read with `knowledgeBase`'s lexicon), if any.
    public init(question: String?, profile: Profile? = nil, language: Language? = nil, knowledgeBase: KnowledgeBase) {
        self.init(understanding: question.map(knowledgeBase.understand), profile: profile, language: language)
    }

    /// What to evaluate and how to write it.
    public struct Resolved: Sendable {
        /// The question's values with the profile's on top.
        public var profile: Profile
        /// The language of the advice.
        public var language: Language
        /// The fields to ask about first in a consultation: those the question contradicted
        /// itself on.
        public var firstQuestions: [String]
    }

    /// Merges the question and the profile and chooses the language.
    /// - Parameter defaultLanguage: the language when neither `--lang` nor a question gives
    ///   one (evaluated only then).
    public func resolved(defaultLanguage: @autoclosure () -> Language) -> Resolved {
        var merged = understanding?.profile ?? Profile()
        if let profile { merged = merged.overridden(by: profile) }
        let language = language ?? understanding?.language ?? defaultLanguage()
        return Resolved(profile: merged, language: language, firstQuestions: understanding?.ambiguous ?? [])
    }

    /// `From your question: povo 2.0; Outside Japan`, shown before a consultation; nil when the
    /// question found nothing.
    public func understoodLine(_ kb: KnowledgeBase, _ language: Language) -> String? {
        guard let understanding, !understanding.findings.isEmpty else { return nil }
        return kb.text(.heading(.understood), language) + language.colon
            + understanding.summary(kb, language).joined(separator: language == .en ? "; " : "；")
    }
}
