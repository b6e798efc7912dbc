import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
import SonoraBench
#endif

/// `sonora bench init NAME`: starts a package's own benchmark executable at
/// `Benchmarks/NAME/main.swift` and prints the lines to add to `Package.swift`.
struct BenchInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write Benchmarks/NAME/main.swift and print the Package.swift lines that build it.",
        discussion: """
            NAME becomes an executable target; run it with `swift run -c release NAME run`. An \
            existing file is never overwritten (exit 2).
            """)

    @Argument(help: "The executable target's name, for example MyBotBenchmarks.")
    var name: String

    @Option(help: "The package folder.")
    var packagePath = "."

    func validate() throws {
        guard let first = name.unicodeScalars.first, CharacterSet.letters.contains(first) || first == "_",
            name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "_" }),
            name.unicodeScalars.allSatisfy(\.isASCII)
        else {
            throw ValidationError("NAME '\(name)' is not a target name: use ASCII letters, digits and _, starting with a letter")
        }
    }

    func run() throws {
        let file = URL(fileURLWithPath: packagePath).appendingPathComponent("Benchmarks/\(name)/main.swift")
        do {
            let folder = file.deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw NewFileError(description: "cannot create the folder \(folder.path): \(ReportStore.systemReason(error))")
            }
            try NewFile.write(Data(BenchTemplate.mainSwift(name: name).utf8), to: file)
        } catch {
            FileHandleOutput.error("error: \(error)\n")
            throw ExitCode(2)
        }
        print(BenchTemplate.instructions(name: name, file: file.path))
    }
}

/// Writes diagnostics to standard error.
enum FileHandleOutput {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Writes a file that must not exist yet, atomically: a temporary file beside it, then `link(2)`,
/// which fails rather than replace anything (a file, a link, a device) that is already there.
enum NewFile {
    /// - Throws: ``NewFileError`` naming the file when it exists or cannot be written.
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw NewFileError(description: "could not write \(temporary.path)")
        }
        defer { unlink(temporary.path) }
        guard link(temporary.path, url.path) == 0 else {
            let code = errno
            if code == EEXIST { throw NewFileError(description: "\(url.path) already exists; it is left as it is") }
            throw NewFileError(description: "could not create \(url.path): \(String(cString: strerror(code)))")
        }
    }
}

/// Why ``NewFile`` refused or failed, naming the file.
struct NewFileError: Error, CustomStringConvertible {
    var description: String
}
