import AdvisorCLI
import Foundation

exit(AdvisorCommand.program.main(Array(CommandLine.arguments.dropFirst())).rawValue)
