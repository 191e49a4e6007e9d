import Foundation
import Testing

/// Outputs under faults: a full disk, a read-only directory, a closed pipe, signals.
extension OutputSafetyTests {
    /// Mounts a tmpfs at `path` (root only); false where this machine does not allow it.
    static func mount(_ path: String, _ options: String) -> Bool {
        guard geteuid() == 0 else { return false }
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return (try? Binary.run(["-t", "tmpfs", "-o", options, "tmpfs", path], executable: "/bin/mount"))?.status == 0
    }

    static func unmount(_ path: String) { _ = try? Binary.run([path], executable: "/bin/umount") }

    /// Whether this run may mount a small tmpfs (as root, where the machine allows it).
    static let canMount: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-mount-\(getpid())").path
        defer { unmount(probe); try? FileManager.default.removeItem(atPath: probe) }
        return mount(probe, "size=16k")
    }()

    @Test(.enabled(if: canMount, "needs root and a tmpfs to fill: skipped"))
    func aFullDiskLeavesTheEarlierFileAndNoTemporaryFile() throws {
        let small = dir + "/small"
        #expect(Self.mount(small, "size=64k"))
        defer { Self.unmount(small) }
        try "earlier advice\n".write(toFile: small + "/out.jsonl", atomically: false, encoding: .utf8)
        let run = try Binary.run(["batch", try input, "-o", small + "/out.jsonl", "--quiet"])
        #expect(run.status == 2)
        #expect(run.stderr == "error: \(small)/out.jsonl: the disk is full (nothing was changed; an existing file is as it was)\n")
        #expect(read(small + "/out.jsonl") == "earlier advice\n")
        #expect(partials(in: small).isEmpty)
    }

    @Test(.enabled(if: canMount || geteuid() != 0, "root without a tmpfs ignores a directory's mode: skipped"))
    func aReadOnlyDirectoryIsReportedBeforeAnyWork() throws {
        let ro = dir + "/ro"
        let mounted = Self.canMount && Self.mount(ro, "ro,size=64k")
        if !mounted {
            try FileManager.default.createDirectory(atPath: ro, withIntermediateDirectories: true)
            chmod(ro, 0o555)
        }
        defer { if mounted { Self.unmount(ro) } }
        let run = try Binary.run(["batch", try input, "-o", ro + "/out.jsonl", "--quiet"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: \(ro)/out.jsonl: cannot write in \(ro): "), "\(run.stderr)")
        #expect(run.stderr.contains("(nothing was changed)"))
        #expect(run.stdout.isEmpty)
    }

    @Test func aClosedPipeIsReportedInPlainWordsWhenSIGPIPEIsIgnored() throws {
        let err = dir + "/err.txt"
        let script = "trap '' PIPE; '\(Binary.path)' batch '\(try input)' --quiet 2>'\(err)' | head -c 10 > /dev/null"
        _ = try Binary.run(["-c", script], executable: "/bin/sh")
        let message = read(err) ?? ""
        #expect(message == "error: standard output was closed before all the output was written (broken pipe)\n")
    }

    // MARK: Signals

    /// A batch that reads its profiles from a pipe kept open, so it is mid-run until the test
    /// closes it. It is spawned with no signal blocked, as a shell starts it (the test runner's
    /// threads block signals, and a child would inherit that).
    struct RunningBatch {
        var pid: pid_t
        var stdin: Int32

        /// Waits for the end: the signal that ended it, or nil and its exit status.
        func wait() -> (signal: Int32?, status: Int32) {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return status & 0x7F != 0 ? (status & 0x7F, 0) : (nil, (status >> 8) & 0xFF)
        }
    }

    func startBatch(output: String, ignoring ignored: Int32? = nil) throws -> RunningBatch {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] where s != ignored { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        // A parent that ignores a signal: the shell sets it ignored, then becomes the batch.
        let prelude = ignored.map { "trap '' \($0); " } ?? ""
        let argv = ["/bin/sh", "-c", prelude + "exec '\(Binary.path)' batch - -o '\(output)' --quiet"]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArgs, environ)
        close(fds[0])
        try #require(spawned == 0)
        let block = (0..<5_000).map { Self.profiles[$0 % Self.profiles.count] }.joined(separator: "\n") + "\n"
        let bytes = Array(block.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBufferPointer { Glibc.write(fds[1], $0.baseAddress!, $0.count) }
            guard n > 0 else { break }
            done += n
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let sizes = partials(in: dir).map { (try? FileManager.default.attributesOfItem(atPath: dir + "/" + $0)[.size] as? Int) ?? 0 }
            if sizes.contains(where: { $0 > 0 }) { break }
            usleep(20_000)
        }
        // The batch has written advice for the lines it was given, though its input is still
        // open: a block ends when the pipe has nothing more to give.
        #expect(Date() < deadline, "no advice was written while the input stayed open")
        return RunningBatch(pid: pid, stdin: fds[1])
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalMidBatchRemovesTheTemporaryFileAndKeepsTheEarlierOutput(_ sig: Int32) throws {
        let out = try write("out.jsonl", "earlier advice\n")
        let batch = try startBatch(output: out)
        #expect(partials(in: dir).count == 1, "the batch never got going")
        kill(batch.pid, sig)
        let end = batch.wait()
        close(batch.stdin)
        #expect(end.signal == sig)
        #expect(partials(in: dir).isEmpty)
        #expect(read(out) == "earlier advice\n")
    }

    @Test func aSignalTheParentIgnoresStaysIgnored() throws {
        let out = try write("out.jsonl", "earlier advice\n")
        let batch = try startBatch(output: out, ignoring: SIGHUP)
        #expect(partials(in: dir).count == 1, "the batch never got going")
        kill(batch.pid, SIGHUP)
        usleep(200_000)
        close(batch.stdin)
        let end = batch.wait()
        #expect(end.signal == nil)
        #expect(end.status == 0)
        #expect(read(out)?.split(separator: "\n").count == 5_000)
        #expect(partials(in: dir).isEmpty)
    }

    @Test func aTemporaryFileOfADeadProcessIsRemovedByTheNextRun() throws {
        var dead: Int32 = 999_999
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let stale = try write(".out.jsonl.partial-\(dead)-abc", String(repeating: "x", count: 1_000))
        let oldStyle = try write(".out.jsonl.partial-\(dead)", "x")
        let live = try write(".out.jsonl.partial-\(getpid())-def", "still being written")
        let other = try write(".other.jsonl.partial-\(dead)-abc", "not ours")
        let run = try Binary.run(["batch", try input, "-o", dir + "/out.jsonl", "--quiet"])
        #expect(run.status == 0)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(!FileManager.default.fileExists(atPath: oldStyle))
        #expect(read(live) == "still being written")
        #expect(read(other) == "not ours")
    }
}
