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
    static func out(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    static func err(_ s: String) {
        FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
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
