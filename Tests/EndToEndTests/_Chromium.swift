import Foundation

/// Headless Chromium, for the tests that render a page: where it is, a screenshot, the DOM.
///
/// A test that needs it is enabled when Chromium is found, and also in CI (`CI` set), where
/// ``require()`` then fails it: CI installs Chromium (`.ci/run`), so its absence is a fault there,
/// and only a skip on a developer's machine without it.
enum Chromium {
    /// The names Chromium goes by, looked up on `PATH` in this order.
    static let names = ["chromium", "chromium-browser", "google-chrome"]

    /// The first of ``names`` on `PATH`, if any.
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }()

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// Whether a test that renders should run: Chromium is here, or CI must have it.
    static var enabled: Bool { path != nil || inCI }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "CI is set but no Chromium was found on PATH (looked for \(Chromium.names.joined(separator: ", "))): "
                + "install it (apt-get install chromium), as .ci/run does"
        }
    }

    /// Chromium's path; throws ``Missing`` when there is none (only reached in CI: see ``enabled``).
    static func require() throws -> String {
        guard let path else { throw Missing() }
        return path
    }

    /// The page at `file` rendered to a PNG at `png`, in a window of `width` × `height`.
    static func screenshot(_ file: String, to png: String, width: Int = 1200, height: Int = 2000) throws {
        let run = try self.run(["--screenshot=\(png)", "--window-size=\(width),\(height)", "file://\(file)"])
        guard run.status == 0, FileManager.default.fileExists(atPath: png) else {
            throw Failure(description: "chromium --screenshot exited \(run.status) without \(png):\n\(run.stderr)")
        }
    }

    /// The DOM of the page at `file` after Chromium has parsed it, serialized as HTML.
    static func dumpDOM(_ file: String) throws -> String {
        let run = try self.run(["--dump-dom", "file://\(file)"])
        guard run.status == 0, !run.stdout.isEmpty else {
            throw Failure(description: "chromium --dump-dom exited \(run.status):\n\(run.stderr)")
        }
        return run.stdout
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Runs headless Chromium with `arguments`, in a profile directory of its own (tests run in
    /// parallel, and two Chromiums cannot share one), killed after `timeout` seconds.
    static func run(_ arguments: [String], timeout: Double = 300) throws -> Run {
        let profile = FileManager.default.temporaryDirectory
            .appendingPathComponent("advisor-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try require())
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--no-first-run", "--no-default-browser-check", "--user-data-dir=\(profile.path)",
        ] + arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        // Standard error is read on another thread, so neither pipe fills up and stalls Chromium.
        let errors = Pipe.Collected(stderr)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        // Chromium's complaints about D-Bus, which a container has not, say nothing of the page.
        let complaints = errors.text().split(separator: "\n").filter { !$0.contains("dbus") }.joined(separator: "\n")
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: complaints)
    }
}

extension Pipe {
    /// What a pipe carries, read to its end on a thread of its own.
    final class Collected: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async {
                self.data = handle.readDataToEndOfFile()
                self.done.signal()
            }
        }

        /// Waits for the end of the pipe.
        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}

/// What a PNG file says about itself: its signature and the size in its `IHDR` chunk.
struct PNGInfo {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    var width: Int
    var height: Int
    var bytes: Int

    /// Nil when `data` does not start with the PNG signature and an `IHDR` chunk.
    init?(_ data: Data) {
        let b = [UInt8](data.prefix(24))
        guard b.count == 24, Array(b[0..<8]) == Self.signature, Array(b[12..<16]) == Array("IHDR".utf8) else {
            return nil
        }
        func int(_ at: Int) -> Int { b[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        width = int(16)
        height = int(20)
        bytes = data.count
    }
}
