import Foundation

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

func measureAllocations(profiles: Int) {
    let small = 1_000, large = 3_000
    func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(1, width - s.count)) }
    print("heap allocations counted by valgrind --tool=memcheck (\"total heap usage\"); \(profiles) profiles built before evaluating")
    print(pad("rules", 7) + pad("conditions", 12) + pad("mode", 28) + pad("allocs, \(small) evals", 22) + pad("allocs, \(large) evals", 22) + "per evaluation")
    for scale in [1, 2] {
        let (set, conditions) = compileRuleSet(scale: scale)
        for buildResult in [false, true] {
            let base = ["--profiles", "\(profiles)", "--scale", "\(scale)"] + (buildResult ? ["--result"] : [])
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
