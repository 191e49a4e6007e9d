import Foundation

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
