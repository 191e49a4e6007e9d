/// The process's exit codes (the README's "Exit codes").
public enum ExitCode: Int32, Error, Sendable {
    case success = 0
    /// `test` found failing fixtures, or `lint` found errors.
    case failure = 1
    /// Bad input: a profile, a rule file, a fixture, or an output that cannot be written.
    case badInput = 2
    /// The command line does not fit.
    case usage = 64
}
