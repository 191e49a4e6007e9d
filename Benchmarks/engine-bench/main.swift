// engine-bench: how fast the rules engine evaluates one profile against a realistic 50-rule set,
// and how many heap allocations an evaluation makes.
//
// Files: main.swift runs and reports; Options.swift reads the command line; Generator.swift
// writes the rule set as JSON; Running.swift compiles it, makes the profiles and evaluates them;
// Allocations.swift counts heap allocations under valgrind.
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

let options = Options(Array(CommandLine.arguments.dropFirst()))

if options.allocations {
    measureAllocations(profiles: options.profiles)
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
