import Foundation

/// Standard output, standard error and reading a whole file, for the commands.
public enum Terminal {
    /// Writes to standard output; if it was closed (a broken pipe where SIGPIPE is ignored),
    /// says so plainly and ends the process.
    public static func out(_ s: String) {
        let code = write(s, to: 1)
        guard code == 0 else {
            err(OutputFile.failure(writing: "standard output", code, file: false).message)
            exit(ExitCode.badInput.rawValue)
        }
    }

    public static func err(_ s: String) {
        _ = write(s.hasSuffix("\n") ? s : s + "\n", to: 2)
    }

    /// Writes all of `s` to a file descriptor; 0, or the errno that stopped it.
    public static func write(_ s: String, to descriptor: Int32) -> Int32 {
        var copy = s
        return copy.withUTF8 { write($0, to: descriptor) }
    }

    /// Writes all of `bytes` to a file descriptor; 0, or the errno that stopped it.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32 {
        guard !bytes.isEmpty else { return 0 }
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

    public static var stdinIsTerminal: Bool { isatty(0) == 1 }

    /// Reads a whole file, or standard input for `-`, of at most `limit` bytes.
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], ReadError> {
        let name = path == "-" ? "standard input" : path
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            var info = stat()
            guard stat(path, &info) == 0 else { return .failure(ReadError(message: "\(path): no such file")) }
            guard info.st_mode & S_IFMT != S_IFDIR else { return .failure(ReadError(message: "\(path): is a directory, expected a file")) }
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return .failure(ReadError(message: "\(path): cannot read the file: \(String(cString: strerror(errno)))")) }
        }
        defer { if fd > 0 { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(message: "\(name): cannot read: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { return .success(bytes) }
            bytes += chunk[0..<n]
            if bytes.count > limit {
                return .failure(ReadError(message: "\(name): larger than the limit of \(limit >> 20) MiB for a profile"))
            }
        }
    }

    public struct ReadError: Error { public var message: String }
}
