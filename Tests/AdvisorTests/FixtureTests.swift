import Advisor
import Foundation
import RulesEngine
import Testing

/// The package's root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The shipped knowledge base, loaded once from `Rules/` on disk.
let shippedKnowledgeBase: KnowledgeBase = {
    switch KnowledgeBase.load(directory: packageRoot + "/Rules") {
    case .success(let kb): return kb
    case .failure(let error): fatalError("the shipped rules do not load:\n\(error)")
    }
}()

/// The shipped knowledge base with the test carriers of `Fixtures/carriers`, as `advisor test`
/// runs the fixtures.
let fixtureKnowledgeBase: KnowledgeBase = {
    switch KnowledgeBase.load(directory: packageRoot + "/Rules", adding: FixtureSuite.testCarriers(in: packageRoot + "/Fixtures")) {
    case .success(let kb): return kb
    case .failure(let error): fatalError("the shipped rules with the test carriers do not load:\n\(error)")
    }
}()

let shippedFixtures = FixtureSuite.load(directory: packageRoot + "/Fixtures", knowledgeBase: fixtureKnowledgeBase)

@Suite struct FixtureTests {
    @Test func fixtureFilesAreValid() {
        #expect(shippedFixtures.diagnostics.map(\.description) == [])
        #expect(shippedFixtures.fixtures.count >= 60)
    }

    @Test(arguments: shippedFixtures.fixtures.map(\.name))
    func fixtureGetsItsAdvice(_ name: String) throws {
        let fixture = try #require(shippedFixtures.fixtures.first { $0.name == name })
        let outcome = FixtureSuite.run(fixture, with: Advisor(fixtureKnowledgeBase))
        #expect(outcome.mismatches == [], "\(fixture.file): \(fixture.description)")
    }

    @Test func everyCarrierAndWarningIsCovered() {
        let carriers = Set(shippedFixtures.fixtures.compactMap(\.profile.carrier))
        #expect(Set(shippedKnowledgeBase.carrierIDs).subtracting(carriers).sorted() == [])
        let warnings = Set(shippedFixtures.fixtures.flatMap(\.warnings))
        #expect(Set(shippedKnowledgeBase.ruleSet.warnings.map(\.id)).subtracting(warnings).sorted() == [])
    }

    @Test func theEmbeddedKnowledgeBaseIsTheShippedOne() throws {
        let embedded = try KnowledgeBase.loadEmbedded().get()
        #expect(embedded.carrierIDs == shippedKnowledgeBase.carrierIDs)
        #expect(embedded.ruleSet.rules.map(\.id) == shippedKnowledgeBase.ruleSet.rules.map(\.id))
        #expect(embedded.texts == shippedKnowledgeBase.texts)
    }
}
