// engine-bench: how fast the rules engine evaluates one profile against a realistic 50-rule set,
// and how many heap allocations an evaluation makes.
//
//   swift build -c release --product engine-bench && .build/release/engine-bench
//
// Options:
//   --profiles N     fact buffers to evaluate per round (default 10000)
//   --rounds N       timed rounds; the median is reported (default 9)
//   --scale K        K copies of the 50 rules (renamed), to show cost per condition (default 1)
//   --evaluate N     no timing: set up, then run exactly N evaluations and exit (for valgrind)
//   --result         with --evaluate: build an EvaluationResult each time instead of a summary
//   --allocations    run this program under valgrind (memcheck) at two evaluation counts and at
//                    two rule-set sizes, and report heap allocations per evaluation
import Foundation
import RulesEngine

// MARK: - Options

struct Options {
    var profiles = 10_000
    var rounds = 9
    var scale = 1
    var evaluate: Int?
    var buildResult = false
    var allocations = false

    init(_ arguments: [String]) {
        var i = 0
        func next() -> Int {
            i += 1
            guard i < arguments.count, let n = Int(arguments[i]), n >= 0 else { fail("\(arguments[i - 1]) needs a whole number") }
            return n
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--profiles": profiles = max(1, next())
            case "--rounds": rounds = max(1, next())
            case "--scale": scale = max(1, next())
            case "--evaluate": evaluate = next()
            case "--result": buildResult = true
            case "--allocations": allocations = true
            default: fail("unknown option \(arguments[i]); expected --profiles, --rounds, --scale, --evaluate, --result or --allocations")
            }
            i += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("engine-bench: \(message)\n".utf8))
    exit(64)
}

// MARK: - The rule set, generated as JSON text

/// Builders for the JSON of conditions and actions.
enum J {
    static func quote(_ s: String) -> String { "\"\(s)\"" }
    static func cmp(_ fact: String, _ op: String, _ value: String) -> String {
        #"{"fact": "\#(fact)", "op": "\#(op)", "value": \#(value)}"#
    }
    static func cmpFact(_ fact: String, _ op: String, _ other: String) -> String {
        #"{"fact": "\#(fact)", "op": "\#(op)", "valueOf": "\#(other)"}"#
    }
    static func isTrue(_ fact: String) -> String { cmp(fact, "==", "true") }
    static func isFalse(_ fact: String) -> String { cmp(fact, "==", "false") }
    static func eq(_ fact: String, _ value: String) -> String { cmp(fact, "==", quote(value)) }
    static func isIn(_ fact: String, _ values: [String]) -> String { cmp(fact, "in", list(values)) }
    static func list(_ values: [String]) -> String { "[" + values.map(quote).joined(separator: ", ") + "]" }
    static func all(_ parts: String...) -> String { #"{"all": [\#(parts.joined(separator: ", "))]}"# }
    static func any(_ parts: String...) -> String { #"{"any": [\#(parts.joined(separator: ", "))]}"# }
    static func not(_ part: String) -> String { #"{"not": \#(part)}"# }
    static func derive(_ fact: String, _ value: String) -> String { #"{"derive": "\#(fact)", "value": \#(value)}"# }
    static func score(_ option: String, _ amount: Double) -> String {
        amount >= 0 ? #"{"score": "\#(option)", "add": \#(amount)}"# : #"{"score": "\#(option)", "subtract": \#(-amount)}"#
    }
    static func block(_ option: String, _ reason: String) -> String { #"{"block": "\#(option)", "reason": "\#(reason)"}"# }
    static func warn(_ id: String) -> String { #"{"warn": "\#(id)"}"# }
}

struct InputFact {
    enum Kind { case bool, number(ClosedRange<Int>), enumeration([String]), list([String]) }
    var name: String
    var kind: Kind
}

/// The input facts, as a profile and a carrier policy would give them.
let inputs: [InputFact] = [
    .init(name: "location", kind: .enumeration(["japan", "abroad"])),
    .init(name: "balance", kind: .number(0...3000)),
    .init(name: "japanese", kind: .enumeration(["none", "basic", "conversational", "fluent"])),
    .init(name: "languages", kind: .list(["zh", "en", "ko", "vi", "pt", "es"])),
    .init(name: "hasId", kind: .bool),
    .init(name: "canLogin", kind: .bool),
    .init(name: "canReceiveSms", kind: .bool),
    .init(name: "simType", kind: .enumeration(["physical", "esim"])),
    .init(name: "keepNumber", kind: .bool),
    .init(name: "boundServices", kind: .bool),
    .init(name: "hasBackup", kind: .bool),
    .init(name: "deadlineDays", kind: .number(0...60)),
    .init(name: "transferToOther", kind: .bool),
    .init(name: "policyOnline", kind: .bool),
    .init(name: "policyStore", kind: .bool),
    .init(name: "policyPhone", kind: .bool),
    .init(name: "policyRefund", kind: .bool),
    .init(name: "loginCode", kind: .enumeration(["sms", "email", "sms-or-email", "none"])),
    .init(name: "phoneLanguages", kind: .list(["en", "zh", "ko", "pt"])),
]

let derivedFacts: [(name: String, type: String)] = [
    ("abroad", #""bool""#), ("languageOk", #""bool""#), ("balanceAtRisk", #""bool""#), ("urgent", #""bool""#),
    ("needsUnbind", #""bool""#), ("smsWorks", #""bool""#), ("remoteOnly", #""bool""#), ("canOnline", #""bool""#),
    ("canStore", #""bool""#), ("canPhone", #""bool""#),
    ("riskLevel", #""enum", "values": ["low", "medium", "high"]"#),
]

let warnings: [(id: String, severity: String)] = [
    ("no-reactivation", "critical"), ("scam-risk", "critical"), ("sms-login-abroad", "high"),
    ("keep-number-use-mnp", "high"), ("balance-forfeit", "high"), ("balance-remaining", "medium"),
    ("sim-return", "medium"), ("bring-id", "medium"), ("language-barrier", "medium"), ("backup-data", "low"),
    ("unbind-services", "high"), ("illegal-transfer", "critical"), ("deadline-tight", "high"),
]

/// The 50 rules: derivations four levels deep (input → abroad → smsWorks → canOnline → riskLevel),
/// then scores, blocks and warnings at lower salience. `suffix` renames the ids for --scale.
func rules(suffix: String) -> [String] {
    func rule(_ id: String, _ salience: Int, _ when: String, _ then: String...) -> String {
        #"{"id": "\#(id)\#(suffix)", "description": "\#(id)", "salience": \#(salience), "when": \#(when), "then": [\#(then.joined(separator: ", "))]}"#
    }
    let refunds = J.isTrue("policyRefund")
    let speaksSupportLanguage = J.cmpFact("languages", "intersects", "phoneLanguages")
    let weakJapanese = J.isIn("japanese", ["none", "basic"])
    return [
        // Level 1: from inputs.
        rule("abroad-yes", 100, J.eq("location", "abroad"), J.derive("abroad", "true")),
        rule("abroad-no", 100, J.eq("location", "japan"), J.derive("abroad", "false")),
        rule("language-fluent", 90, J.isIn("japanese", ["conversational", "fluent"]), J.derive("languageOk", "true")),
        rule("language-support", 90, J.all(weakJapanese, speaksSupportLanguage), J.derive("languageOk", "true")),
        rule("language-barrier", 85, J.all(weakJapanese, J.not(speaksSupportLanguage)), J.derive("languageOk", "false")),
        rule("balance-at-risk", 90, J.all(J.cmp("balance", ">", "0"), J.not(refunds)), J.derive("balanceAtRisk", "true")),
        rule("balance-safe", 90, J.any(J.cmp("balance", "==", "0"), refunds), J.derive("balanceAtRisk", "false")),
        rule("urgent", 90, J.cmp("deadlineDays", "<=", "7"), J.derive("urgent", "true")),
        rule("not-urgent", 90, J.cmp("deadlineDays", ">", "7"), J.derive("urgent", "false")),
        rule("needs-unbind", 90, J.all(J.isTrue("boundServices"), J.cmp("keepNumber", "!=", "true")), J.derive("needsUnbind", "true")),
        // Level 2: from abroad.
        rule("sms-home", 80, J.all(J.isFalse("abroad"), J.isTrue("canReceiveSms")), J.derive("smsWorks", "true")),
        rule("sms-roaming", 80, J.all(J.isTrue("abroad"), J.isTrue("canReceiveSms"), J.eq("simType", "physical")), J.derive("smsWorks", "true")),
        rule("sms-esim-abroad", 80, J.all(J.isTrue("abroad"), J.eq("simType", "esim"), J.isTrue("canReceiveSms")), J.derive("smsWorks", "true")),
        rule("sms-none", 80, J.isFalse("canReceiveSms"), J.derive("smsWorks", "false")),
        rule("remote-only", 80, J.all(J.isTrue("abroad"), J.isTrue("policyStore")), J.derive("remoteOnly", "true")),
        // Level 3: the methods.
        rule("online-ok", 70, J.all(J.isTrue("policyOnline"), J.isTrue("canLogin"), J.any(J.isIn("loginCode", ["email", "none"]), J.isTrue("smsWorks"))),
             J.derive("canOnline", "true")),
        rule("online-no-login", 70, J.isFalse("canLogin"), J.derive("canOnline", "false")),
        rule("online-not-offered", 70, J.isFalse("policyOnline"), J.derive("canOnline", "false")),
        rule("online-sms-dead", 70, J.all(J.eq("loginCode", "sms"), J.isFalse("smsWorks")), J.derive("canOnline", "false")),
        rule("store-ok", 70, J.all(J.isTrue("policyStore"), J.isFalse("abroad"), J.isTrue("hasId")), J.derive("canStore", "true")),
        rule("store-abroad", 70, J.isTrue("abroad"), J.derive("canStore", "false")),
        rule("store-no-id", 70, J.isFalse("hasId"), J.derive("canStore", "false")),
        rule("store-not-offered", 70, J.isFalse("policyStore"), J.derive("canStore", "false")),
        rule("phone-ok", 70, J.all(J.isTrue("policyPhone"), J.isTrue("languageOk")), J.derive("canPhone", "true")),
        rule("phone-no", 70, J.any(J.isFalse("policyPhone"), J.isFalse("languageOk")), J.derive("canPhone", "false")),
        // Level 4: the risk.
        rule("risk-low", 60, J.isTrue("canOnline"), J.derive("riskLevel", J.quote("low"))),
        rule("risk-medium", 60, J.all(J.isFalse("canOnline"), J.any(J.isTrue("canStore"), J.isTrue("canPhone"))), J.derive("riskLevel", J.quote("medium"))),
        rule("risk-high", 60, J.all(J.isFalse("canOnline"), J.isFalse("canStore"), J.isFalse("canPhone")), J.derive("riskLevel", J.quote("high"))),
        // Scores.
        rule("score-online", 50, J.isTrue("canOnline"), J.score("online", 10)),
        rule("score-online-urgent", 50, J.all(J.isTrue("canOnline"), J.isTrue("urgent")), J.score("online", 5)),
        rule("score-store", 50, J.isTrue("canStore"), J.score("store", 6)),
        rule("score-store-language", 50, J.all(J.isTrue("canStore"), J.isFalse("languageOk")), J.score("store", -3)),
        rule("score-phone", 50, J.isTrue("canPhone"), J.score("phone", 4)),
        rule("score-phone-abroad", 50, J.all(J.isTrue("canPhone"), J.isTrue("abroad")), J.score("phone", 2)),
        rule("score-store-rushed", 50, J.all(J.isTrue("canStore"), J.isTrue("urgent"), J.not(J.isTrue("hasBackup"))), J.score("store", -1)),
        // Blocks.
        rule("block-online", 40, J.isFalse("canOnline"), J.block("online", "not-possible")),
        rule("block-store", 40, J.isFalse("canStore"), J.block("store", "not-possible")),
        rule("block-phone", 40, J.isFalse("canPhone"), J.block("phone", "not-possible")),
        rule("block-store-keep", 40, J.all(J.isTrue("keepNumber"), J.isTrue("remoteOnly")), J.block("store", "keep-number")),
        // Warnings.
        rule("warn-no-reactivation", 0, J.not(J.isTrue("keepNumber")), J.warn("no-reactivation")),
        rule("warn-sms-abroad", 0, J.all(J.isTrue("abroad"), J.isIn("loginCode", ["sms", "sms-or-email"])), J.warn("sms-login-abroad")),
        rule("warn-keep-number", 0, J.isTrue("keepNumber"), J.warn("keep-number-use-mnp")),
        rule("warn-balance-forfeit", 0, J.isTrue("balanceAtRisk"), J.warn("balance-forfeit")),
        rule("warn-balance-remaining", 0, J.all(J.cmp("balance", ">", "0"), J.isFalse("balanceAtRisk")), J.warn("balance-remaining")),
        rule("warn-sim-return", 0, J.all(J.eq("simType", "physical"), J.isTrue("policyStore")), J.warn("sim-return")),
        rule("warn-bring-id", 0, J.all(J.isTrue("canStore"), J.isTrue("hasId")), J.warn("bring-id")),
        rule("warn-language", 0, J.any(J.isFalse("languageOk"), J.all(J.eq("japanese", "none"), J.cmp("languages", "contains", J.quote("zh")))), J.warn("language-barrier")),
        rule("warn-backup-unbind", 0, J.any(J.isFalse("hasBackup"), J.isTrue("needsUnbind")), J.warn("backup-data"), J.warn("unbind-services")),
        rule("warn-transfer", 0, J.isTrue("transferToOther"), J.warn("illegal-transfer"), J.block("online", "illegal"), J.block("store", "illegal")),
        rule("warn-deadline", 0, J.all(J.isTrue("urgent"), J.isIn("riskLevel", ["medium", "high"])), J.warn("deadline-tight"), J.warn("scam-risk")),
    ]
}

func declarationsDocument() -> String {
    var facts: [String] = []
    for f in inputs {
        let type: String
        switch f.kind {
        case .bool: type = #""bool""#
        case .number: type = #""number""#
        case .enumeration(let values): type = #""enum", "values": \#(J.list(values))"#
        case .list: type = #""list""#
        }
        facts.append(#"{"name": "\#(f.name)", "type": \#(type), "input": true}"#)
    }
    for f in derivedFacts { facts.append(#"{"name": "\#(f.name)", "type": \#(f.type)}"#) }
    let warningList = warnings.map { #"{"id": "\#($0.id)", "severity": "\#($0.severity)"}"# }
    return """
    {"facts": [\(facts.joined(separator: ",\n  "))],
     "options": ["online", "store", "phone"],
     "warnings": [\(warningList.joined(separator: ",\n  "))]}
    """
}

/// Nodes of a condition as the compiler lays them out: one per `all`, `any`, `not` and comparison.
func nodeCount(_ condition: Condition?) -> Int {
    switch condition {
    case nil: 0
    case .all(let parts, _)?, .any(let parts, _)?: 1 + parts.reduce(0) { $0 + nodeCount($1) }
    case .not(let part, _)?: 1 + nodeCount(part)
    case .compare?: 1
    }
}

// MARK: - Profiles

/// SplitMix64: small, fast and the same on every platform, so every run sees the same profiles.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func makeProfiles(_ count: Int, for set: CompiledRuleSet) -> [FactBuffer] {
    var random = SplitMix64(state: 20_261_124)
    var profiles: [FactBuffer] = []
    profiles.reserveCapacity(count)
    for _ in 0..<count {
        var buffer = FactBuffer(for: set)
        for fact in inputs where Int.random(in: 0..<100, using: &random) < 85 {
            let value: Value
            switch fact.kind {
            case .bool: value = .bool(Bool.random(using: &random))
            case .number(let range): value = .number(Double(Int.random(in: range, using: &random)))
            case .enumeration(let values): value = .string(values[Int.random(in: 0..<values.count, using: &random)])
            case .list(let values): value = .list(values.filter { _ in Int.random(in: 0..<3, using: &random) == 0 })
            }
            do { try buffer.set(fact.name, value, in: set) } catch { fail("cannot build a profile: \(error)") }
        }
        profiles.append(buffer)
    }
    return profiles
}

// MARK: - Running

func compileRuleSet(scale: Int) -> (CompiledRuleSet, conditions: Int) {
    var documents = [(path: "facts.json", text: declarationsDocument())]
    for copy in 0..<scale {
        let suffix = copy == 0 ? "" : "-\(copy)"
        documents.append(("rules\(suffix).json", #"{"rules": [\#(rules(suffix: suffix).joined(separator: ",\n"))]}"#))
    }
    let loaded = RuleSetLoader().load(documents: documents)
    let output = RuleSetCompiler.compile(loaded)
    for d in output.diagnostics where d.severity == .error { FileHandle.standardError.write(Data("\(d)\n".utf8)) }
    guard let compiled = output.compiled else { fail("the generated rule set does not compile") }
    let conditions = loaded.ruleSet.rules.reduce(0) { $0 + nodeCount($1.condition) }
    return (compiled, conditions)
}

/// Evaluates every profile once; returns the rules fired and the evaluations that failed.
@inline(never)
func evaluateAll(_ evaluator: Evaluator, _ profiles: [FactBuffer]) -> (fired: Int, errors: Int) {
    var fired = 0, errors = 0
    for p in profiles {
        do { fired += try evaluator.evaluateSummary(p) } catch { errors += 1 }
    }
    return (fired, errors)
}

@inline(never)
func evaluateAllWithResults(_ evaluator: Evaluator, _ profiles: [FactBuffer]) -> (score: Double, errors: Int) {
    var score = 0.0, errors = 0
    for p in profiles {
        do { score += try evaluator.evaluate(p).score(of: "online") } catch { errors += 1 }
    }
    return (score, errors)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func nanoseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
}

func format(_ x: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", x) }

let options = Options(Array(CommandLine.arguments.dropFirst()))

if options.allocations {
    measureAllocations()
    exit(0)
}

let (ruleSet, conditions) = compileRuleSet(scale: options.scale)
let profiles = makeProfiles(options.profiles, for: ruleSet)
let evaluator = Evaluator(ruleSet)

if let count = options.evaluate {
    // For valgrind: a fixed number of evaluations and nothing else.
    var checksum = 0.0
    for i in 0..<count {
        let p = profiles[i % profiles.count]
        do {
            if options.buildResult { checksum += try evaluator.evaluate(p).score(of: "online") } else { checksum += Double(try evaluator.evaluateSummary(p)) }
        } catch { checksum -= 1 }
    }
    print("evaluations: \(count) checksum: \(checksum)")
    exit(0)
}

// Warm up (the evaluator's buffers reach their working size), and check every profile evaluates.
let warm = evaluateAll(evaluator, profiles)
if warm.errors > 0 { fail("\(warm.errors) profiles failed to evaluate (a conflict in the generated rules)") }

let clock = ContinuousClock()
var summaryTimes: [Double] = []
var resultTimes: [Double] = []
var firedTotal = 0
for _ in 0..<options.rounds {
    var outcome = (fired: 0, errors: 0)
    let elapsed = clock.measure { outcome = evaluateAll(evaluator, profiles) }
    summaryTimes.append(nanoseconds(elapsed) / Double(profiles.count))
    firedTotal = outcome.fired
    var withResults = (score: 0.0, errors: 0)
    let elapsedWithResults = clock.measure { withResults = evaluateAllWithResults(evaluator, profiles) }
    resultTimes.append(nanoseconds(elapsedWithResults) / Double(profiles.count))
    precondition(withResults.errors == 0)
}

#if DEBUG
let buildKind = "DEBUG; figures need -c release"
#else
let buildKind = "release"
#endif
let nsPerEvaluation = median(summaryTimes)
let nsWithResult = median(resultTimes)
print("""
engine-bench (\(buildKind) build)
rules:                         \(ruleSet.rules.count)
conditions (nodes):            \(conditions)
facts:                         \(ruleSet.facts.count) (\(inputs.count) input, \(ruleSet.facts.count - inputs.count) derived)
profiles:                      \(profiles.count)
rounds:                        \(options.rounds)
ns per evaluation (median):    \(format(nsPerEvaluation, 1))   [evaluateSummary: no result built]
evaluations per second:        \(format(1e9 / nsPerEvaluation))
ns per evaluation with result: \(format(nsWithResult, 1))   [evaluate + score(of:)]
average rules fired:           \(format(Double(firedTotal) / Double(profiles.count), 2))
per-round ns (summary):        \(summaryTimes.map { format($0, 1) }.joined(separator: " "))
allocations: run with --allocations (needs valgrind) to count heap allocations per evaluation
""")

// MARK: - Allocation counting under valgrind

/// Runs this program under valgrind for `--evaluate N` and returns the "total heap usage" allocs.
func valgrindAllocations(_ arguments: [String]) -> Int? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["valgrind", "--tool=memcheck", "--leak-check=no", CommandLine.arguments[0]] + arguments
    let pipe = Pipe()
    process.standardError = pipe
    process.standardOutput = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    // "==123== total heap usage: 1,234 allocs, 1,200 frees, 56,789 bytes allocated"
    guard let line = text.split(separator: "\n").first(where: { $0.contains("total heap usage:") }),
          let range = line.range(of: "total heap usage: ") else { return nil }
    let count = line[range.upperBound...].prefix { $0 != " " }.filter { $0 != "," }
    return Int(count)
}

func measureAllocations() {
    let small = 1_000, large = 3_000
    func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(1, width - s.count)) }
    print("heap allocations counted by valgrind --tool=memcheck (\"total heap usage\"); \(options.profiles) profiles built before evaluating")
    print(pad("rules", 7) + pad("conditions", 12) + pad("mode", 28) + pad("allocs, \(small) evals", 22) + pad("allocs, \(large) evals", 22) + "per evaluation")
    for scale in [1, 2] {
        let (set, conditions) = compileRuleSet(scale: scale)
        for buildResult in [false, true] {
            let base = ["--profiles", "\(options.profiles)", "--scale", "\(scale)"] + (buildResult ? ["--result"] : [])
            guard let a = valgrindAllocations(base + ["--evaluate", "\(small)"]),
                  let b = valgrindAllocations(base + ["--evaluate", "\(large)"]) else {
                fail("valgrind did not run or did not report heap usage; is it installed?")
            }
            let perEvaluation = Double(b - a) / Double(large - small)
            let mode = buildResult ? "evaluate() + score(of:)" : "evaluateSummary()"
            print(pad("\(set.rules.count)", 7) + pad("\(conditions)", 12) + pad(mode, 28) + pad("\(a)", 22) + pad("\(b)", 22) + format(perEvaluation, 3))
        }
    }
    print("(the difference between the two runs divided by the \(large - small) extra evaluations; setup is the same in both)")
}
