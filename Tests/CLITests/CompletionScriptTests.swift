@testable import AdvisorCLI
import Foundation
import Testing

/// The completion scripts: one per shell, naming every command and option, valid for its shell.
@Suite struct CompletionScriptTests {
    static let program = AdvisorCommand.program

    static func script(_ shell: Shell) -> String { CompletionScript.generate(for: program, shell: shell) }

    /// The shell at `path`, when it is installed.
    static func installed(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `shell -n` on `script`: its exit status and what it printed.
    static func syntaxCheck(_ shell: String, _ script: String) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-completion-\(UUID().uuidString)")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = ["-n", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test(arguments: Shell.allCases)
    func everyScriptNamesEveryCommandAndOption(_ shell: Shell) {
        let script = Self.script(shell)
        #expect(script.contains("advisor --generate-completion-script \(shell.rawValue)"))
        for context in Self.program.commands {
            for name in context.command.configuration.subcommands.map({ $0.configuration.name }) {
                // Offered where its parent is completed, and recognised when typed.
                switch shell {
                case .bash: #expect(script.contains("'\((context.path + [name]).joined(separator: " "))'") && script.contains("compgen -W '\(context.command.configuration.subcommands.map { $0.configuration.name }.joined(separator: " "))'"), "\(name)")
                case .zsh: #expect(script.contains("'\(name):") && script.contains("'\(name)') _\((context.path + [name]).joined(separator: "_")) ;;"), "\(name)")
                case .fish: #expect(script.contains("-n '__advisor_command_is \(context.path.joined(separator: " "))' -a '\(name)'"), "\(name)")
                }
            }
            for d in context.command.definitions + [.help] where !d.isPositional {
                switch shell {
                case .fish: #expect(script.contains("-l \(d.long) ") || script.contains("-l \(d.long)\n"), "\(shell): \(context.path) --\(d.long)")
                default: #expect(script.contains("--\(d.long)"), "\(shell): \(context.path) --\(d.long)")
                }
                if let short = d.short {
                    #expect(script.contains(shell == .fish ? "-s \(short) " : "-\(short)"), "\(shell): -\(short)")
                }
            }
        }
    }

    @Test func valuesAreCompletedFromTheDeclarations() {
        let bash = Self.script(.bash)
        #expect(bash.contains("-l|--lang) mapfile -t COMPREPLY < <(compgen -W 'en zh-Hans ja' -- \"$cur\"); return ;;"))
        #expect(bash.contains("--format) mapfile -t COMPREPLY < <(compgen -W 'jsonl json csv' -- \"$cur\"); return ;;"))
        #expect(bash.contains("--generate-completion-script) mapfile -t COMPREPLY < <(compgen -W 'bash zsh fish' -- \"$cur\"); return ;;"))
        #expect(bash.contains("complete -F _advisor advisor\n"))
        #expect(Self.script(.zsh).hasPrefix("#compdef advisor\n"))
        #expect(Self.script(.zsh).contains("_advisor_rules_lint()"))
        #expect(Self.script(.fish).contains("complete -c advisor -n '__advisor_command_is advisor rules' -a 'lint'"))
    }

    @Test func theBashScriptPassesBashDashN() throws {
        let bash = try #require(Self.installed("bash"))
        let result = try Self.syntaxCheck(bash, Self.script(.bash))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(.enabled(if: installed("zsh") != nil, "zsh is not installed"))
    func theZshScriptPassesZshDashN() throws {
        let result = try Self.syntaxCheck(try #require(Self.installed("zsh")), Self.script(.zsh))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(.enabled(if: installed("fish") != nil, "fish is not installed"))
    func theFishScriptPassesFishDashN() throws {
        let result = try Self.syntaxCheck(try #require(Self.installed("fish")), Self.script(.fish))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func aSyntaxErrorIsCaught() throws {
        // The check itself can fail: a broken script does not pass.
        let bash = try #require(Self.installed("bash"))
        #expect(try Self.syntaxCheck(bash, "f() { case x in\n}\n").status != 0)
    }

    @Test func bashCompletesTheCommandBeingTyped() throws {
        let bash = try #require(Self.installed("bash"))
        let driver = Self.script(.bash) + """
        t() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _advisor; echo "${COMPREPLY[*]}"; }
        t advisor ''
        t advisor rules ''
        t advisor rules lint --s
        t advisor ask --lang ''
        t advisor batch -j ''
        t advisor help r

        """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-completion-\(UUID().uuidString)")
        try driver.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bash)
        process.arguments = [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output == "ask batch test rules help\nlint graph doc export\n--stale-days\nen zh-Hans ja\n\nrules\n")
    }
}
