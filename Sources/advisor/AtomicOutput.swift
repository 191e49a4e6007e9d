import Foundation

/// Where output goes: standard output as it comes, or a file written whole or not at all
/// (a temporary file beside it, renamed into place when everything is written).
final class AtomicOutput {
    let path: String?
    let temporary: String?
    let handle: FileHandle

    struct Failure: Error { var message: String }

    init(path: String?) throws(Failure) {
        self.path = path
        guard let path else {
            temporary = nil
            handle = .standardOutput
            return
        }
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)").path
        guard FileManager.default.createFile(atPath: temp, contents: nil), let h = FileHandle(forWritingAtPath: temp) else {
            throw Failure(message: "\(path): cannot write there")
        }
        temporary = temp
        handle = h
        AtomicOutput.removeOnSignal(temp)
    }

    /// The partial file to remove if the process is interrupted, as a C string for the handler.
    nonisolated(unsafe) static var partial: UnsafeMutablePointer<CChar>?

    /// Makes SIGINT and SIGTERM remove the partial output before the process ends.
    static func removeOnSignal(_ path: String) {
        forgetPartial()
        partial = strdup(path)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { code in
                if let p = AtomicOutput.partial { unlink(p) }
                _exit(128 + code)
            }
        }
    }

    func write(_ text: String) throws(Failure) {
        do { try handle.write(contentsOf: Data(text.utf8)) } catch {
            throw Failure(message: "\(path ?? "standard output"): writing failed: \(error.localizedDescription)")
        }
    }

    /// Closes the output and, for a file, moves it into place.
    func finish() throws(Failure) {
        guard let path, let temporary else { return }
        do {
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
            AtomicOutput.forgetPartial()
        } catch {
            discard()
            throw Failure(message: "\(path): cannot be written: \(error.localizedDescription)")
        }
    }

    /// Leaves nothing behind after a failure.
    func discard() {
        guard let temporary else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
        AtomicOutput.forgetPartial()
    }

    /// No partial file to remove any more.
    static func forgetPartial() {
        let p = partial
        partial = nil
        free(p)
    }
}
