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

    /// The scanner's word table finds each word in its own group only, and nothing else.
    @Test func aWordIsFoundInItsGroupOnly() {
        let groups: [[String]] = [["docomo", "au", "ahamo", ""], ["au", "aa", "a"], [], ["abroad", "japan"]]
        let lookup = _ByteLookup(groups.map { $0.map { Array($0.utf8) } })
        func find(_ text: String, _ group: Int) -> Int? {
            let bytes = Array(("\"" + text + "\"").utf8)
            return bytes.withUnsafeBufferPointer { b in lookup.find(1..<(1 + text.utf8.count), in: _Scanner(b), group: group) }
        }
        for (g, words) in groups.enumerated() {
            for (i, w) in words.enumerated() { #expect(find(w, g) == i, "\(w) in group \(g)") }
        }
        // Same length, first and last byte; another group; a prefix; a longer word.
        for (text, group) in [("dacomo", 0), ("ahama", 0), ("aa", 0), ("docomo", 1), ("au", 2), ("", 1), ("abroa", 3), ("japann", 3), ("au", 9)] {
            #expect(find(text, group) == nil, "\(text) in group \(group)")
        }
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

    /// A batch decides a class from its facts made ready, as the profiles of the class are decided.
    @Test func aClassDecidedFromItsFactsIsDecidedAsItsProfiles() throws {
        let advisor = Advisor(kb)
        let classes = try #require(ProfileClasses(advisor))
        let reader = ProfileReader(kb)
        var r = SplitMix64(seed: 0x5EED_000D)
        var facts = FactBuffer(for: kb.ruleSet)
        var compared = 0, unknowns = 0
        for _ in 0..<800 {
            guard let profile = try? reader.read(bytes: Array(Props.profile(&r).json().utf8), file: "p").get(),
                  let key = classes.key(profile) else { continue }
            #expect(classes.facts(key, into: &facts), "every class of the shipped rules has its facts made ready: \(profile)")
            let decided = try advisor.decide(facts, given: { classes.code(key, $0) != 0 }, carrier: classes.carrier(key))
            #expect(try decided == advisor.decide(profile), "\(profile)")
            compared += 1
            unknowns += kb.profileFields.count - profile.values.count
        }
        #expect(compared > 500 && unknowns > 1_000, "\(compared) profiles, \(unknowns) fields unknown")
    }

    /// The shortcuts of `missing`'s what-ifs, each turned off in a second advisor: the same
    /// decisions and full advice (in every language) on random profiles. They start from the
    /// profile's own start of evaluation (`Evaluator.evaluateSummary(_:changing:)`), and leave
    /// out those whose firings the profile's evaluation shows are its own
    /// (`Evaluator.lastFiringsUnchanged(by:changing:)`).
    @Test(arguments: [("from the start", 0x5EED_000E as UInt64), ("left out", 0x5EED_000F)])
    func whatIfsWithAShortcutFindTheSameFields(_ shortcut: String, _ seed: UInt64) throws {
        let with = Advisor(kb), without = Advisor(kb)
        if shortcut == "from the start" { without.probesFromStart = false } else { without.prunesProbes = false }
        var r = SplitMix64(seed: seed)
        var compared = 0, missing = 0
        for k in 0..<600 {
            guard let profile = Props.read(Props.profile(&r).json()) else { continue }
            let decision = try with.decide(profile)
            #expect(try decision == without.decide(profile), "\(profile)")
            let language = Language.allCases[k % Language.allCases.count]
            #expect(try with.advise(profile, language: language).json() == without.advise(profile, language: language).json(), "\(profile)")
            compared += 1
            missing += decision.missing.count
        }
        #expect(compared > 400 && missing > 400, "\(compared) profiles, \(missing) missing fields")
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
