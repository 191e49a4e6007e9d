import Advisor
import Foundation

extension BatchCommand {
    /// The inputs to read, in order: each file as given, each directory's profile files
    /// (by extension, sorted by path, subdirectories included, hidden names skipped).
    public func expand(_ inputs: [String]) -> Result<[BatchSource], BatchReadError> {
        var sources: [BatchSource] = []
        for input in inputs {
            guard input != "-", Self.isDirectory(input) else {
                sources.append(.file(input, format ?? BatchFormat(path: input) ?? .jsonl))
                continue
            }
            let found = Self.profileFiles(in: input)
            guard !found.isEmpty else {
                return .failure(BatchReadError(message: "\(input): a directory with no .jsonl, .ndjson, .json or .csv files"))
            }
            sources += found.map { .file($0, format ?? BatchFormat(path: $0) ?? .jsonl) }
        }
        return .success(sources)
    }

    /// The files under `directory` whose extension names a batch format, sorted by path.
    static func profileFiles(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var files: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if isDirectory(path) { files += profileFiles(in: path) } else if BatchFormat(path: path) != nil { files.append(path) }
        }
        return files
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether two paths name the same file: the same text, or the same device and inode.
    static func samePath(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        var x = stat(), y = stat()
        guard a != "-", b != "-", stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// Opens every output that is named, before any work; on a failure, none stays open.
    static func open(_ paths: [String?]) -> Result<[OutputFile?], OutputFile.Failure> {
        var files: [OutputFile?] = []
        for path in paths {
            guard let path else { files.append(nil); continue }
            do { files.append(try OutputFile(path: path)) } catch {
                files.forEach { $0?.discard() }
                return .failure(error)
            }
        }
        return .success(files)
    }
}
