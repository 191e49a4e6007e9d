import RulesEngine

/// A carrier's cancellation policy, with the sources it came from and when it was checked.
public struct Carrier: Sendable {
    /// A page a policy came from.
    public struct Source: Sendable, Hashable {
        public var key: String
        public var url: String
        /// The page's own date as the research gave it (`2021-03-24`, `c.2025`, `undated`).
        public var date: String
        public var official: Bool
    }

    /// How sure a policy field is.
    public enum Certainty: String, Sendable, Hashable {
        /// The sources agree; the value is a fact the rules can use.
        case confirmed
        /// No source confirms it: the fact stays unknown and the advice says so.
        case unverified
        /// The sources disagree: the fact stays unknown and the advice says so.
        case conflict
    }

    /// One policy field: a confirmed value, or an uncertainty with a note.
    public struct PolicyEntry: Sendable, Hashable {
        /// The field name; the fact is `policy.<field>`.
        public var field: String
        public var value: Value?
        public var certainty: Certainty
        public var sources: [String]
        public var note: LocalizedText?
    }

    public var id: String
    public var name: LocalizedText
    public var checkedOn: String
    public var sources: [Source]
    public var policy: [PolicyEntry]
    public var steps: [String: [LocalizedText]]
    /// For each method, the steps of a port-out (MNP) by it.
    public var portOutSteps: [String: [LocalizedText]]
    /// Texts appended to a warning, a method or an answer of the same key.
    public var notes: [String: LocalizedText]
    /// Texts that replace the general warning or answer of the same key: the carrier's policy
    /// settles what the general text leaves open.
    public var replacements: [String: LocalizedText]
    /// The file the carrier was read from.
    public var file: String
    /// Where parts of the carrier stand in its file, by JSON pointer (`/carrier/checkedOn`,
    /// `/carrier/notes/<key>`, `/carrier/policy/<field>`), for findings about them.
    public var places: [String: SourceLocation] = [:]

    /// Where the part at `pointer` stands; the top of the file when it is not known.
    public func place(_ pointer: String) -> SourceLocation {
        places[pointer] ?? SourceLocation(file: file, line: 1, column: 1, pointer: pointer)
    }

    /// The source with this key.
    public func source(_ key: String) -> Source? { sources.first { $0.key == key } }

    /// The policy fields that are not confirmed.
    public var uncertainties: [PolicyEntry] { policy.filter { $0.certainty != .confirmed } }
}
