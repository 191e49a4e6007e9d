// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "advisor",
    products: [
        .executable(name: "advisor", targets: ["advisor"]),
        .library(name: "RulesEngine", targets: ["RulesEngine"]),
        .library(name: "Advisor", targets: ["Advisor"]),
    ],
    targets: [
        .target(name: "RulesEngine"),
        .target(name: "Advisor", dependencies: ["RulesEngine"], plugins: ["EmbedRulesPlugin"]),
        .executableTarget(name: "embed-rules"),
        .plugin(name: "EmbedRulesPlugin", capability: .buildTool(), dependencies: ["embed-rules"], path: "Sources/EmbedRulesPlugin"),
        .target(name: "AdvisorCLI", dependencies: ["Advisor", "RulesEngine"]),
        .executableTarget(name: "advisor", dependencies: ["AdvisorCLI"]),
        .executableTarget(name: "engine-bench", dependencies: ["RulesEngine"], path: "Benchmarks/engine-bench"),
        .executableTarget(name: "batch-bench", dependencies: ["Advisor", "RulesEngine"], path: "Benchmarks/batch-bench", exclude: ["run", "orjson_roundtrip.py"]),
        .testTarget(name: "RulesEngineTests", dependencies: ["RulesEngine"]),
        .testTarget(name: "AdvisorTests", dependencies: ["Advisor", "RulesEngine"], exclude: ["Questions"]),
        .testTarget(name: "CLITests", dependencies: ["AdvisorCLI", "Advisor", "RulesEngine"]),
        .testTarget(name: "EndToEndTests", dependencies: ["advisor", "Advisor", "RulesEngine"], exclude: ["Golden"]),
    ]
)
