import Foundation
import Testing
@testable import Advisor
import RulesEngine

extension PropertyTests {

    /// 5. Random JSON values written by JSONWriter (compact and pretty) parse back equal, and
    /// writing them again gives the same bytes; every profile's advice JSON parses, with the
    /// advice's own id, carrier, method, warnings and steps.
    @Test func jsonWriterAndParserRoundTrip() throws {
        let seed: UInt64 = 0x5EED_0005
        var r = SplitMix64(seed: seed)
        var values = Props.edgeNumbers.map(PJ.number)
        values.append(.string(String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))))
        values.append(.string("\u{10FFFF}\u{FFFF}\u{FEFF}\u{2028}😀𠮷e\u{301}\"\\/"))
        for _ in 0..<3000 { values.append(Props.randomJSON(&r)) }
        var failures = 0
        for (i, v) in values.enumerated() {
            for pretty in [false, true] {
                let text = v.json(pretty: pretty)
                let back: PJ
                do { back = PJ(try JSONParser.parse(text)) } catch {
                    failures += 1
                    if failures <= 3 { Issue.record("seed 0x\(String(seed, radix: 16)) value #\(i): \(error) parsing \(text)") }
                    continue
                }
                let same = PJ.same(v, back)
                let rewritten = back.json(pretty: pretty)
                if !same || rewritten != text {
                    failures += 1
                    if failures <= 3 {
                        #expect(same, "seed 0x\(String(seed, radix: 16)) value #\(i) (pretty: \(pretty)): \(text) read back as \(rewritten)")
                        #expect(rewritten == text, "seed 0x\(String(seed, radix: 16)) value #\(i): rewriting changed the text")
                    }
                }
            }
        }
        #expect(failures == 0, "seed 0x\(String(seed, radix: 16)): \(failures) round trips failed")

        let inputs = Props.profiles(1500, seed: seed).map { $0.json() }
        let advisor = Advisor(kb)
        var adviceFailures = 0
        for (i, json) in inputs.enumerated() {
            let profile = try #require(Props.read(json), "seed 0x\(String(seed, radix: 16)): \(json)")
            let advice = try advisor.advise(profile, language: Language.allCases[i % 3])
            let text = advice.json(pretty: i % 2 == 0)
            let node: JSONNode
            do { node = try JSONParser.parse(text) } catch {
                adviceFailures += 1
                if adviceFailures <= 3 { Issue.record("seed 0x\(String(seed, radix: 16)) profile #\(i) \(json): advice does not parse: \(error)\n\(text)") }
                continue
            }
            let ok = node["id"]?.value.stringValue.map { s in profile.id.map { s.unicodeScalars.elementsEqual($0.unicodeScalars) } ?? false } ?? (profile.id == nil)
                && node["carrier"]?.value.stringValue == profile.carrier
                && node["method"]?.value.stringValue == advice.method
                && node["warnings"]?.value.arrayValue?.compactMap({ $0["id"]?.value.stringValue }) == advice.warnings.map(\.id)
                && node["steps"]?.value.arrayValue?.compactMap(\.stringValue) == advice.steps
            if !ok {
                adviceFailures += 1
                if adviceFailures <= 3 { Issue.record("seed 0x\(String(seed, radix: 16)) profile #\(i) \(json): advice JSON does not say what the advice does:\n\(text)") }
            }
        }
        #expect(adviceFailures == 0, "seed 0x\(String(seed, radix: 16)): \(adviceFailures) advice texts wrong")
    }

    /// 6. Safety: advice to cancel always warns that the number cannot be reactivated, about
    /// "recovery" scams and to keep records; wanting to keep a voice number blocks every method
    /// (port out instead); the chosen method is never blocked, and "none" only when all are.
    @Test func safetyInvariantsHoldForEveryProfile() throws {
        let seed: UInt64 = 0x5EED_0006
        let mustWarn = ["no-reactivation", "scam-risk", "keep-records"]
        // The warnings are declared, and raised by a rule of Rules/rules/warnings.json.
        let warningsFile = try #require(Props.ruleDocuments.first { $0.path == "Rules/rules/warnings.json" })
        var raised = Set<String>()
        func collect(_ node: JSONNode) {
            switch node.kind {
            case .object(let members):
                for m in members { if m.key == "warn", let id = m.value.stringValue { raised.insert(id) } else { collect(m.value) } }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(try JSONParser.parse(warningsFile.text))
        let declared = Set(kb.ruleSet.warnings.map(\.id))
        for id in mustWarn {
            #expect(declared.contains(id), "\(id) is not declared")
            #expect(raised.contains(id), "no rule in Rules/rules/warnings.json raises \(id)")
            #expect(kb.warningScope[id] == nil, "\(id) is shown only with some methods")
        }

        let inputs = Props.profiles(3000, seed: seed).map { $0.json() }
        let advisor = Advisor(kb)
        var failures = 0
        var cancelled = 0, kept = 0, none = 0, dataOnlyKept = 0
        for (i, json) in inputs.enumerated() {
            let profile = try #require(Props.read(json), "seed 0x\(String(seed, radix: 16)): \(json)")
            let advice = try advisor.advise(profile, language: .en)
            let warnings = advice.warnings.map(\.id)
            var problems: [String] = []
            func check(_ ok: Bool, _ what: String) { if !ok { problems.append(what) } }

            check(advice.ranking.map(\.method) == kb.methods, "ranking lists every method once, in order")
            check(warnings.allSatisfy(declared.contains), "every warning is declared")
            check(advice.warnings.map(\.severity.rank) == advice.warnings.map(\.severity.rank).sorted(), "most severe first")
            if advice.method == "none" {
                none += 1
                check(advice.ranking.allSatisfy(\.blocked), "method none only when every method is blocked")
                check(advice.steps.isEmpty, "no steps without a method")
            } else {
                let chosen = advice.ranking.first { $0.method == advice.method }
                check(chosen != nil && chosen?.blocked == false, "the chosen method is not blocked")
                let best = advice.ranking.filter { !$0.blocked }.map(\.score).max()
                check(chosen?.score == best, "the chosen method has the best unblocked score")
            }

            // Keeping a number that can be ported is a port-out, never a cancellation. The rules
            // deliberately advise cancelling a data-only SIM (policy.voice == false, e.g.
            // b-mobile-visitor) even when keepNumber is true: it has no number to keep or port out
            // (Rules/rules/decision.json, cancel-when-number-not-needed / keep-number-port-out).
            let policy = { (field: String) in profile.carrier.flatMap { kb.carriers[$0]?.policy.first { $0.field == field }?.value } }
            let voice = policy("voice"), mnp = policy("mnp")
            let expectKeep = profile.value(of: "keepNumber") == .bool(true) && voice != .bool(false)
            check((advice.action == "port-out") == (expectKeep && mnp != .bool(false)), "a port-out exactly when a portable voice number is to be kept")
            if profile.value(of: "keepNumber") == .bool(true) && voice == .bool(false) { dataOnlyKept += 1 }
            if expectKeep {
                kept += 1
                check(warnings.contains("keep-number-use-mnp") || mnp == .bool(false), "keeping the number says to port it out")
                for id in ["no-reactivation", "backup-data", "unbind-services", "scam-risk"] {
                    check(!warnings.contains(id), "no cancellation warning (\(id)) when keeping the number")
                }
                if advice.method != "none" { check(!advice.steps.isEmpty, "a port-out has steps") }
            } else {
                cancelled += 1
                check(advice.action == "cancel", "not keeping the number is a cancellation")
                for id in mustWarn where !(id == "no-reactivation" && voice == .bool(false)) { check(warnings.contains(id), "advice to cancel warns \(id)") }
            }
            if !problems.isEmpty {
                failures += 1
                if failures <= 5 {
                    Issue.record("seed 0x\(String(seed, radix: 16)) profile #\(i) \(json): \(problems.joined(separator: "; ")); method \(advice.method), warnings \(warnings), ranking \(advice.ranking.map { "\($0.method) \($0.score) \($0.blocked) \($0.reasons)" })")
                }
            }
        }
        #expect(failures == 0, "seed 0x\(String(seed, radix: 16)): \(failures) of \(inputs.count) profiles break an invariant")
        // Every branch is exercised.
        #expect(cancelled > 100 && kept > 100 && none > 100 && dataOnlyKept > 10,
                "cancelled \(cancelled), kept \(kept), none \(none), data-only SIM with keepNumber \(dataOnlyKept)")
    }
}
