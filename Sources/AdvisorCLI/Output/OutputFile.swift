import Foundation

/// The one writer behind every output option (`-o`, `--junit`): never destroys what it did not
/// create, and never leaves a file half written.
///
/// - A regular file, or a name not yet taken, is written to a temporary file in the same
///   directory and put in place with one `rename(2)` by ``commit()``: atomic, and keeping an
///   existing file's mode and owner. Until then the old file is untouched.
/// - A symbolic link is followed to its target, which is written the same way.
/// - A device, a FIFO, a socket, or `-` (standard output) is written straight through.
/// - A directory is refused when the output is opened, before any work.
/// - SIGINT, SIGTERM and SIGHUP remove the temporary file (a signal the parent set to be
///   ignored stays ignored), and a temporary file left by a process that no longer exists, say
///   after SIGKILL, is removed by the next run that writes the same output.
final class OutputFile {
    /// What went wrong, in plain words, naming the output.
    struct Failure: Error { var message: String }

    /// The name the user gave, for messages.
    let name: String
    /// Where the file goes when it is committed (nil for a stream).
    let destination: String?
    let temporary: String?
    let descriptor: Int32
    private var committed = false
    /// This output's slot in ``partials`` (-1 for none).
    private var slot = -1

    /// Opens the output named `path`: nil or `-` for standard output.
    init(path: String?) throws(Failure) {
        guard let path, path != "-" else {
            name = "standard output"
            destination = nil
            temporary = nil
            descriptor = 1
            return
        }
        name = path
        let target = try Self.resolve(path)
        var info = stat()
        if lstat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw Failure(message: "\(path): is a directory; give the name of a file to write (nothing was changed)")
            case S_IFREG:
                break
            default:
                // A device, FIFO or socket: written as it is, never replaced.
                let fd = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                guard fd >= 0 else { throw Failure(message: "\(path): cannot be opened for writing: \(Self.reason())") }
                destination = nil
                temporary = nil
                descriptor = fd
                return
            }
        } else if errno != ENOENT {
            throw Failure(message: "\(path): \(Self.reason())")
        }
        let exists = info.st_mode & S_IFMT == S_IFREG
        let (directory, base) = Self.split(target)
        var dirInfo = stat()
        guard stat(directory, &dirInfo) == 0, dirInfo.st_mode & S_IFMT == S_IFDIR else {
            throw Failure(message: "\(path): the directory \(directory) does not exist")
        }
        Self.removeStale(in: directory, base: base)
        let prefix = Self.partialPrefix(base)
        var created: (String, Int32)?
        for _ in 0..<100 {
            let candidate = directory + "/" + prefix + "\(getpid())-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { created = (candidate, fd); break }
            if errno != EEXIST {
                throw Failure(message: "\(path): cannot write in \(directory): \(Self.reason()) (nothing was changed)")
            }
        }
        guard let (temp, fd) = created else { throw Failure(message: "\(path): cannot create a temporary file in \(directory)") }
        // The finished file keeps an existing file's mode and owner; a new one gets the usual
        // mode for new files (0666 less the umask).
        if exists {
            fchmod(fd, info.st_mode & 0o7777)
            if info.st_uid != geteuid() || info.st_gid != getegid() { _ = fchown(fd, info.st_uid, info.st_gid) }
        } else {
            let mask = umask(0)
            umask(mask)
            fchmod(fd, 0o666 & ~mask)
        }
        destination = target
        temporary = temp
        descriptor = fd
        slot = Self.removeOnSignal(temp)
    }

    deinit {
        if !committed { discard() }
    }

    /// Writes all of `text`.
    func write(_ text: String) throws(Failure) {
        let result = Terminal.write(text, to: descriptor)
        guard result == 0 else {
            let failure = Self.failure(writing: name, result, file: temporary != nil)
            discard()
            throw failure
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(Failure) {
        guard !bytes.isEmpty else { return }
        let result = bytes.withUnsafeBufferPointer { Terminal.write($0, to: descriptor) }
        guard result == 0 else {
            let failure = Self.failure(writing: name, result, file: temporary != nil)
            discard()
            throw failure
        }
    }

    /// Puts a file in place (after flushing it to disk); nothing to do for a stream.
    func commit() throws(Failure) {
        guard let destination, let temporary, !committed else { return }
        if fsync(descriptor) != 0 && errno != EINVAL {
            let failure = Self.failure(writing: name, errno, file: true)
            discard()
            throw failure
        }
        guard close(descriptor) == 0 else {
            let failure = Self.failure(writing: name, errno, file: true)
            unlink(temporary)
            Self.forgetPartial(slot)
            committed = true
            throw failure
        }
        committed = true
        guard rename(temporary, destination) == 0 else {
            let reason = Self.reason()
            unlink(temporary)
            Self.forgetPartial(slot)
            throw Failure(message: "\(name): cannot be put in place: \(reason) (nothing was changed)")
        }
        Self.forgetPartial(slot)
    }

    /// Leaves an existing file as it was and removes the temporary file.
    func discard() {
        guard let temporary, !committed else { return }
        committed = true
        close(descriptor)
        unlink(temporary)
        Self.forgetPartial(slot)
    }

    // MARK: Paths

    /// Follows symbolic links to the file they name (which may not exist yet).
    static func resolve(_ path: String) throws(Failure) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { throw Failure(message: "\(path): cannot read the symbolic link: \(reason())") }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : split(current).directory + "/" + link
        }
        throw Failure(message: "\(path): too many levels of symbolic links")
    }

    static func split(_ path: String) -> (directory: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    static func partialPrefix(_ base: String) -> String { ".\(base).partial-" }

    /// Removes the temporary files of this output that belong to processes no longer running.
    static func removeStale(in directory: String, base: String) {
        let prefix = partialPrefix(base)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = Int32(rest.prefix { $0 != "-" }), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink(directory + "/" + name)
            }
        }
    }

    // MARK: Messages

    static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    static func failure(writing name: String, _ code: Int32, file: Bool) -> Failure {
        let kept = file ? " (nothing was changed; an existing file is as it was)" : ""
        switch code {
        case EPIPE: return Failure(message: "\(name) was closed before all the output was written (broken pipe)")
        case ENOSPC: return Failure(message: "\(name): the disk is full\(kept)")
        case EDQUOT: return Failure(message: "\(name): the disk quota is used up\(kept)")
        default: return Failure(message: "\(name): writing failed: \(reason(code))\(kept)")
        }
    }

    // MARK: Signals

    /// The temporary files to remove if the process is interrupted, as C strings for the
    /// handler: one slot per output open at once (a batch writes up to four).
    nonisolated(unsafe) static let partials: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: partialSlots)
        slots.initialize(repeating: nil, count: partialSlots)
        return slots
    }()
    static let partialSlots = 16

    /// Makes SIGINT, SIGTERM and SIGHUP remove the temporary file, then end the process as the
    /// signal would have; a signal that is ignored (as `nohup` ignores SIGHUP) stays ignored.
    /// - Returns: the slot to free with ``forgetPartial(_:)``, or -1 when every slot is taken.
    static func removeOnSignal(_ path: String) -> Int {
        guard let slot = (0..<partialSlots).first(where: { partials[$0] == nil }) else { return -1 }
        partials[slot] = strdup(path)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var current = sigaction()
            sigaction(sig, nil, &current)
            if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            signal(sig) { code in
                for i in 0..<OutputFile.partialSlots { if let p = OutputFile.partials[i] { unlink(p) } }
                signal(code, SIG_DFL)
                raise(code)
            }
        }
        return slot
    }

    static func forgetPartial(_ slot: Int) {
        guard slot >= 0 else { return }
        let p = partials[slot]
        partials[slot] = nil
        free(p)
    }
}
