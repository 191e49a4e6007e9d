import Foundation
import Testing

/// What `-o` and `--junit` do to what is already at the path, and under faults: nothing the tool
/// did not create is ever destroyed, and an output is written whole or not at all.
@Suite(.serialized) struct OutputSafetyTests {
    let dir: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    static let profiles = (0..<300).map { #"{"id": "p\#($0)", "carrier": "\#(["povo", "docomo", "au", "rakuten"][$0 % 4])", "location": "abroad", "keepNumber": false}"# }

    func write(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    /// Files whose names show a temporary output left behind.
    func partials(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.contains(".partial-") }
    }

    var input: String { get throws { try write("in.jsonl", Self.profiles.joined(separator: "\n") + "\n") } }

    /// The advice the input gets on standard output, for comparison.
    var expected: String { get throws { try Binary.run(["batch", try input, "--quiet"]).stdout } }

    // MARK: What is at the path

    @Test func aDirectoryIsRefusedBeforeAnyWorkAndKeepsEverythingInIt() throws {
        let target = dir + "/results"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        _ = try write("results/keep.txt", "precious")
        for arguments in [["batch", try input, "-o", target, "--quiet"], ["test", "--junit", target, "--quiet"]] {
            let run = try Binary.run(arguments)
            #expect(run.status == 2)
            #expect(run.stderr.contains("\(target): is a directory; give the name of a file to write (nothing was changed)"), "\(run.stderr)")
            #expect(!run.stdout.contains("passed"), "the fixtures ran before the output was checked")
            #expect(read(target + "/keep.txt") == "precious")
            #expect(fileType(target) == S_IFDIR)
        }
        #expect(partials(in: dir).isEmpty)
    }

    @Test func aDeviceIsWrittenThroughAndStaysADevice() throws {
        let run = try Binary.run(["batch", try input, "-o", "/dev/null", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(fileType("/dev/null") == S_IFCHR)
        #expect(partials(in: "/dev").isEmpty)
    }

    @Test func aFIFOIsWrittenThroughAndStaysAFIFO() throws {
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let expected = try expected
        // The reader hands its bytes over through a semaphore, so the handover is ordered.
        final class Received: @unchecked Sendable { var data = Data() }
        let received = Received()
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            let fd = open(fifo, O_RDONLY)
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = Glibc.read(fd, &chunk, chunk.count)
                if n <= 0 { break }
                received.data.append(contentsOf: chunk[0..<n])
            }
            close(fd)
            done.signal()
        }
        reader.start()
        let run = try Binary.run(["batch", try input, "-o", fifo, "--quiet"])
        done.wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(String(decoding: received.data, as: UTF8.self) == expected)
        #expect(fileType(fifo) == S_IFIFO)
        #expect(partials(in: dir).isEmpty)
    }

    @Test func aSymbolicLinkIsFollowedToItsTarget() throws {
        let target = try write("target.jsonl", "old")
        let link = dir + "/link.jsonl"
        #expect(symlink("target.jsonl", link) == 0)
        let run = try Binary.run(["batch", try input, "-o", link, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(fileType(link) == S_IFLNK)
        #expect(read(target) == (try expected))
        #expect(partials(in: dir).isEmpty)
    }

    @Test func anExistingFileKeepsItsModeAndOwner() throws {
        let out = try write("out.jsonl", "old")
        chmod(out, 0o640)
        let owner: uid_t = geteuid() == 0 ? 4242 : geteuid()
        if geteuid() == 0 { #expect(chown(out, owner, 4343) == 0) }
        let run = try Binary.run(["batch", try input, "-o", out, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        var info = stat()
        stat(out, &info)
        #expect(info.st_mode & 0o7777 == 0o640)
        #expect(info.st_uid == owner)
        if geteuid() == 0 { #expect(info.st_gid == 4343) }
        #expect(read(out) == (try expected))
    }

    @Test func aNewFileGetsTheUsualModeForNewFiles() throws {
        let out = dir + "/new.jsonl"
        let run = try Binary.run(["batch", try input, "-o", out, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        var info = stat()
        stat(out, &info)
        let mask = umask(0); umask(mask)
        #expect(info.st_mode & 0o777 == 0o666 & ~mask)
    }

    @Test func aRunThatRejectsEveryRecordLeavesAnEarlierOutputAlone() throws {
        let out = try write("out.jsonl", "the good advice of yesterday\n")
        let bad = try write("bad.jsonl", "{\"carrier\": 5}\nnot json\n")
        let run = try Binary.run(["batch", bad, "-o", out, "--quiet"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("note: every record was rejected, so \(out) was not written"))
        #expect(read(out) == "the good advice of yesterday\n")
        #expect(partials(in: dir).isEmpty)
    }

    @Test func dashIsStandardOutputNotAFileNamedDash() throws {
        let run = try Binary.run(["batch", try input, "-o", "-", "--quiet"], directory: dir)
        #expect(run.status == 0)
        #expect(run.stdout == (try expected))
        #expect(!FileManager.default.fileExists(atPath: dir + "/-"))
    }

    @Test func aMissingDirectoryIsFoundBeforeAnyWorkInPlainWords() throws {
        for arguments in [["batch", try input, "-o", dir + "/nowhere/out.jsonl", "--quiet"], ["test", "--junit", dir + "/nowhere/r.xml", "--quiet"]] {
            let run = try Binary.run(arguments)
            #expect(run.status == 2)
            #expect(run.stderr == "error: \(arguments[arguments.count - 2]): the directory \(dir)/nowhere does not exist\n")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test func concurrentRunsOnOneOutputAllSucceedAndLeaveOneWholeFile() throws {
        let out = dir + "/shared.jsonl"
        let input = try input
        let expected = try expected
        let statuses = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 8)
        defer { statuses.deallocate() }
        statuses.initialize(repeating: -1)
        nonisolated(unsafe) let slots = statuses
        // Each run writes only its own slot, and concurrentPerform returns after all of them.
        DispatchQueue.concurrentPerform(iterations: slots.count) { i in
            slots[i] = (try? Binary.run(["batch", input, "-o", out, "--quiet", "--jobs", "1"]))?.status ?? -2
        }
        #expect(statuses.allSatisfy { $0 == 0 }, "\(Array(statuses))")
        #expect(read(out) == expected)
        #expect(partials(in: dir).isEmpty)
    }
}
