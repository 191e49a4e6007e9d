@testable import Advisor
import RulesEngine
import Testing

/// The classes of profiles that a batch reuses advice for, and the byte scanner that finds them.
@Suite struct ProfileClassesTests {
    let kb = shippedKnowledgeBase

    @Test func theShippedRulesHaveClasses() throws {
        let classes = try #require(ProfileClasses(Advisor(kb)))
        func kind(_ name: String) -> ProfileClasses.Kind? { classes.index[name].map { classes.fields[$0].kind } }
        guard case .numbers(let balance)? = kind("balance"), case .numbers(let days)? = kind("deadlineDays") else {
            Issue.record("numbers are classed by the constants they are compared with"); return
        }
        #expect(balance == [0] && days == [7])
        guard case .items(let languages)? = kind("languages") else { Issue.record("a list is classed by its items"); return }
        #expect(languages.contains("en") && languages.contains("zh"), "the phone lines' languages are mentioned: \(languages)")
        guard case .choice(let carriers)? = kind("carrier") else { Issue.record("each carrier is a class"); return }
        #expect(carriers.count == kb.carrierIDs.count)
    }

    @Test func aNumberRanksAmongTheConstants() {
        let c: [Double] = [0, 7]
        #expect([-1, 0, 3, 7, 8].map { ProfileClasses.rank($0, c) } == [0, 1, 2, 3, 4])
        #expect(ProfileClasses.rank(5, []) == 0)
    }

    /// Whatever the scanner reads, the full reader reads too, to the same class and id.
    @Test func theScannerAgreesWithTheReader() throws {
        let classes = try #require(ProfileClasses(Advisor(kb)))
        let tables = classes.byteTables()
        let reader = ProfileReader(kb)
        var r = SplitMix64(seed: 0x5EED_000A)
        var scanned = 0
        let extra = [#"{"id":"a","id":"b"}"#, #"{"carrier":"docomo","carrier":"au"}"#, #"{"balance":01}"#, #"{"balance":1e3}"#,
                     #"{"nope":true}"#, #"{"hasId":tru}"#, #"{"hasId":truex}"#, #"{"carrier":"Docomo"}"#, #"{} x"#, "{", "",
                     #"{"languages":["en",]}"#, #"{"balance":99999999999999999999999999}"#, #"{"id":"a\"b"}"#, #"{"location":"japan"}"#, #"{ "id" : null , "balance" : 12 }"#]
        let lines = (0..<1_500).map { _ in Props.profile(&r).json() } + extra
        for line in lines {
            let bytes = Array(line.utf8)
            guard let s = bytes.withUnsafeBufferPointer({ classes.scan($0, tables) }) else { continue }
            scanned += 1
            let profile = try #require(try? reader.read(bytes: bytes, file: "p").get(), "the scanner read what the reader rejects: \(line)")
            #expect(classes.key(profile) == s.key, "\(line)")
            #expect(s.id.map { String(decoding: bytes[$0], as: UTF8.self) } == profile.id, "\(line)")
        }
        #expect(scanned > 150, "the plain form is common: \(scanned)")
    }

    /// A class's representative is of that class, and gets the advice a real member gets.
    @Test func aRepresentativeIsOfItsClassWithItsAdvice() throws {
        let advisor = Advisor(kb)
        let classes = try #require(ProfileClasses(advisor))
        let reader = ProfileReader(kb)
        var r = SplitMix64(seed: 0x5EED_000C)
        var compared = 0
        for _ in 0..<800 {
            guard let profile = try? reader.read(bytes: Array(Props.profile(&r).json().utf8), file: "p").get(),
                  let key = classes.key(profile) else { continue }
            let representative = try #require(classes.representative(key), "\(profile)")
            #expect(classes.key(representative) == key, "\(profile) -> \(representative)")
            #expect(try advisor.decide(representative) == advisor.decide(profile), "\(profile)")
            compared += 1
        }
        #expect(compared > 500)
    }

    @Test func aNumberOfEachRankIsFound() {
        for (constants, minimum) in [([0.0], 0.0 as Double?), ([7], nil), ([0, 7], 0), ([2.5, 3], nil), ([], 0)] {
            for rank in 0...(2 * constants.count) {
                let n = ProfileClasses.number(ranked: rank, among: constants, minimum: minimum)
                if rank == 0, minimum == constants.first { #expect(n == nil); continue }
                #expect(n.map { ProfileClasses.rank($0, constants) } == rank, "\(constants) \(rank)")
                #expect(n.map { $0 >= minimum ?? -.infinity } == true)
            }
        }
    }
}
