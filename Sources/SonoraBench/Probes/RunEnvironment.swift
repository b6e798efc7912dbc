import Foundation

/// Reads where a run happens: the git state, the machine, the Swift version and build.
public enum RunEnvironment {
    /// The version of `sonora` that writes reports.
    public static let toolVersion = "0.1.0"

    /// The Swift compiler this build used.
    public static var swiftVersion: String {
        #if compiler(>=6.4)
        "6.4 or later"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #else
        "6.1 or earlier"
        #endif
    }

    /// `debug` or `release`, for this module's build.
    public static var buildConfiguration: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    /// Reads the git state of the repository containing `directory`.
    ///
    /// - Parameter directory: A directory inside the work tree.
    /// - Returns: The state; a `nil` SHA when git or the repository is missing.
    public static func gitState(in directory: URL) -> GitState {
        let sha = git(["rev-parse", "HEAD"], in: directory)
        let status = git(["status", "--porcelain", "--untracked-files=no"], in: directory)
        let tag = git(["describe", "--tags", "--exact-match", "HEAD"], in: directory)
        return GitState(sha: sha, dirty: !(status ?? "").isEmpty, tag: tag)
    }

    private static func git(_ arguments: [String], in directory: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text
    }

    /// This machine's fingerprint, from `/proc/cpuinfo`, `/proc/meminfo` and `uname`.
    public static func machine() -> MachineFingerprint {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        var names = utsname()
        uname(&names)
        let kernel = withUnsafeBytes(of: names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let host = ProcessInfo.processInfo.hostName
        return MachineFingerprint(
            cpuModel: cpuModel(fromCPUInfo: cpuinfo) ?? "unknown",
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryBytes: SystemProbe.parseStatusField("MemTotal", in: meminfo) ?? ProcessInfo.processInfo.physicalMemory,
            kernel: kernel,
            hostnameHash: fnv1a(host))
    }

    /// The first `model name` in `/proc/cpuinfo` text.
    static func cpuModel(fromCPUInfo text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The 64-bit FNV-1a hash of `text`, in hex.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
