import RulesEngine

/// Prints diagnostics the way compilers do, one a line:
/// `file:line:col: error[code]: message (rule r, at /pointer)`.
///
/// Every command prints its diagnostics through here: on standard error, except where the
/// diagnostics are the output itself (`rules lint`).
public enum DiagnosticPrinter {
    public enum Stream: Sendable {
        case standardError, standardOutput
    }

    /// The text printed for `diagnostics`: each one's description on a line of its own.
    public static func text<S: Sequence<Diagnostic>>(_ diagnostics: S) -> String {
        diagnostics.map { $0.description + "\n" }.joined()
    }

    /// Prints `diagnostics`, in order (nothing for none).
    public static func print<S: Sequence<Diagnostic>>(_ diagnostics: S, to stream: Stream = .standardError) {
        let text = text(diagnostics)
        guard !text.isEmpty else { return }
        switch stream {
        case .standardError: Terminal.err(text)
        case .standardOutput: Terminal.out(text)
        }
    }
}
