/// A command line that does not fit its command (the process exits 64), or a request for help.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What does not fit, in a phrase: `unknown option '--profle'; did you mean '--profile'?`.
    public var message: String
    /// Whether this is `-h` / `--help` rather than an error.
    public var isHelpRequest: Bool

    public init(_ message: String) {
        self.message = message
        isHelpRequest = false
    }

    /// `-h` or `--help` was given: the command's help is printed and the process exits 0.
    public static let helpRequested: UsageError = {
        var e = UsageError("help requested")
        e.isHelpRequest = true
        return e
    }()

    public var description: String { message }
}
