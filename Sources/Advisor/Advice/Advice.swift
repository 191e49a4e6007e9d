import RulesEngine

/// The advice for one profile: the method, its ranking, the steps, the warnings, what is unknown.
public struct Advice: Sendable {
    /// A method with its score, whether it is blocked and why, and the rules that decided it.
    public struct MethodRank: Sendable, Hashable {
        public var method: String
        public var score: Double
        public var blocked: Bool
        /// Reason ids of the blocks, each once.
        public var reasons: [String]
        /// The rules that scored or blocked the method, in firing order, each once.
        public var rules: [String]
        /// The carrier's own note on this method, in the advice's language.
        public var note: String?
    }

    /// A raised warning in the output language, with the carrier's own detail appended.
    public struct Warning: Sendable, Hashable {
        public var id: String
        public var severity: WarningSeverity
        public var message: String
        public var rules: [String]
    }

    /// A profile field whose answer could change the advice.
    public struct Missing: Sendable, Hashable {
        public var field: String
        public var question: String
    }

    /// A policy field of the carrier that the sources do not settle.
    public struct Uncertain: Sendable, Hashable {
        public var field: String
        public var status: String
        public var note: String
        public var sources: [String]
    }

    /// The answer to one question the person asked.
    public struct Answer: Sendable, Hashable {
        public var intent: String
        public var answer: String
    }

    /// A fact read from the question, with the words it was read from and how it reads.
    public struct Understood: Sendable, Hashable {
        public var field: String
        public var value: Value
        public var from: [String]
        public var label: String
    }

    /// A fact the question contradicts itself on: left unknown, with a note.
    public struct Unclear: Sendable, Hashable {
        public var field: String
        public var values: [Value]
        public var from: [String]
        public var note: String
    }

    public var id: String?
    public var carrier: String?
    public var carrierName: String?
    public var language: Language
    /// `cancel`, or `port-out` when the person wants to keep the number.
    public var action: String = "cancel"
    public var actionName: String = ""
    /// Sentences that belong near the top (the port-out alternative, a data-only SIM).
    public var notices: [String] = []
    /// The ids of the notices (the derived facts that raised them), in the same order.
    public var noticeIDs: [String] = []
    /// For a question: each intent recognised, answered, in intent order.
    public var answers: [Answer] = []
    /// For a question: what was read from it (nil when there was no question).
    public var understood: [Understood]?
    /// For a question: the facts it contradicts itself on.
    public var unclear: [Unclear] = []
    /// For a question that says nothing the advice can use: what it needs.
    public var understoodNothing: String?
    /// `online`, `store`, `phone`, or `none` when no method is possible now.
    public var method: String
    public var methodName: String
    /// Why the method suits, and the carrier's note on it.
    public var why: [String]
    public var ranking: [MethodRank]
    public var warnings: [Warning]
    public var steps: [String]
    public var missing: [Missing]
    public var uncertain: [Uncertain]
    public var policyCheckedOn: String?
    /// The carrier's sources: `url (date)`, official ones marked.
    public var sources: [String]
    /// With `explain`: the rules that fired, in order, and what each derived.
    public var trace: [EvaluationResult.TraceStep]?

    /// Why a method is not the advice: the smallest changes of the profile that would make it so.
    public struct WhyNot: Sendable {
        public var method: String
        /// Each alternative: the fields and values to change together.
        public var alternatives: [[Change]]
        /// The same alternatives as the person reads them, in the advice's language.
        public var labels: [[String]]

        public struct Change: Sendable, Hashable {
            public var field: String
            public var value: Value
        }
    }

    /// With a "why not" question: the answer.
    public var whyNot: WhyNot?
}
