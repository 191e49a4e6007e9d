import Foundation
import Testing
@testable import Advisor

/// The maintainer's documents stay true to the tree: every source file CONTRIBUTING.md names
/// exists, and no document points outside the repository.
@Suite struct DocsTests {
    static let files: [String] = {
        var out: [String] = []
        let fm = FileManager.default
        for top in ["Sources", "Tests", "Benchmarks", "Fuzz"] {
            guard let walker = fm.enumerator(atPath: packageRoot + "/" + top) else { continue }
            while let relative = walker.nextObject() as? String { out.append(top + "/" + relative) }
        }
        return out
    }()

    @Test func everySourceFileTheWalkNamesExists() throws {
        let text = try String(contentsOfFile: packageRoot + "/CONTRIBUTING.md", encoding: .utf8)
        let named = text.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            .filter { $0.hasSuffix(".swift") && !$0.contains(" ") }
        #expect(named.count >= 25)
        for path in named {
            #expect(Self.files.contains { $0 == path || $0.hasSuffix("/" + path) }, "CONTRIBUTING.md names \(path), which is not in the tree")
        }
    }

    @Test func noDocumentPointsOutsideTheRepository() throws {
        for doc in ["README.md", "CONTRIBUTING.md", "Rules/README.md", "Fuzz/README.md", "Fixtures/README.md"] {
            guard let text = try? String(contentsOfFile: packageRoot + "/" + doc, encoding: .utf8) else { continue }
            for outside in ["../shared", "DESIGN.md", "carriers.md", "seed-advice.md"] {
                #expect(!text.contains(outside), "\(doc) points at \(outside)")
            }
        }
    }

    /// Fixtures/README.md documents every key a fixture may have, and only those.
    @Test func theFixtureFormatIsDocumentedWhole() throws {
        let text = try String(contentsOfFile: packageRoot + "/Fixtures/README.md", encoding: .utf8)
        let documented = Set(text.split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("- `"), let end = t.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(t[t.index(t.startIndex, offsetBy: 3)..<end])
        })
        #expect(documented == Set(FixtureSuite.keys + FixtureSuite.expectKeys))
    }
}
