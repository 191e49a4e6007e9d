import Foundation

/// The process's exit codes, as DESIGN.md sets them.
enum ExitCode: Int32 {
    case success = 0
    /// `test` found failing fixtures, or `lint` found errors.
    case failure = 1
    /// Bad input: a profile, a rule file, a fixture.
    case badInput = 2
    /// The command line does not fit.
    case usage = 64
}

enum Terminal {
    /// Writes to standard output; if it was closed (a broken pipe where SIGPIPE is ignored),
    /// says so plainly and ends the process.
    static func out(_ s: String) {
        let code = write(s, to: 1)
        guard code == 0 else {
            err(OutputFile.failure(writing: "standard output", code, file: false).message)
            exit(ExitCode.badInput.rawValue)
        }
    }

    static func err(_ s: String) {
        _ = write(s.hasSuffix("\n") ? s : s + "\n", to: 2)
    }

    /// Writes all of `s` to a file descriptor; 0, or the errno that stopped it.
    static func write(_ s: String, to descriptor: Int32) -> Int32 {
        var copy = s
        return copy.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return 0
        }
    }

    static var stdinIsTerminal: Bool { isatty(0) == 1 }

    /// Reads a whole file, or standard input for `-`.
    static func read(_ path: String) -> Result<String, ReadError> {
        if path == "-" {
            return .success(String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .failure(ReadError(message: "\(path): no such file")) }
        guard !isDirectory.boolValue else { return .failure(ReadError(message: "\(path): is a directory, expected a file")) }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(ReadError(message: "\(path): cannot read the file")) }
        return .success(String(decoding: data, as: UTF8.self))
    }

    struct ReadError: Error { var message: String }
}
