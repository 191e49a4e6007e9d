import RulesEngine

/// The advisor's own kinds of finding, beside the engine's.
extension DiagnosticCode {
    /// Lint: a carrier's policy checked against its sources too long ago.
    public static let staleSource = DiagnosticCode(rawValue: "stale-source")
    /// Lint: a text that nothing shows.
    public static let unusedText = DiagnosticCode(rawValue: "unused-text")
    /// Lint: a carrier's note that no profile of that carrier can show.
    public static let unreachableNote = DiagnosticCode(rawValue: "unreachable-note")
    /// Lint: a rule that scores or derives as if an uncertain policy field had a value.
    public static let uncertainAsCertain = DiagnosticCode(rawValue: "uncertain-as-certain")
    /// A record was read but the rules could not evaluate it (a limit was reached).
    public static let evaluationFailed = DiagnosticCode(rawValue: "evaluation-failed")
    /// Export: a part of the rule set that the target language cannot hold.
    public static let notExpressible = DiagnosticCode(rawValue: "not-expressible")

    /// Every code the advisor adds.
    public static let advisorCodes: [DiagnosticCode] = [.staleSource, .unusedText, .unreachableNote, .uncertainAsCertain, .evaluationFailed, .notExpressible]
}
