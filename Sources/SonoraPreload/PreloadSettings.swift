#if canImport(Glibc)
import Glibc
#endif
import SonoraProfiler

/// What the `SONORA_PROFILE*` environment variables ask for, checked before anything starts.
struct PreloadSettings: Equatable {
    /// The profile's path, `%p` already replaced by the pid.
    var path: String
    /// Whether the path had `%p`, so every process (exec'd children too) writes its own file.
    var perProcess: Bool
    var mode: ProfilingMode
    var frequency: Int
    var format: ProfileFormat

    /// The variables this library reads; all of them are removed from the environment at start
    /// unless the path has `%p`, so programs this one execs run unprofiled.
    static let variables = ["SONORA_PROFILE", "SONORA_PROFILE_MODE", "SONORA_PROFILE_FREQUENCY", "SONORA_PROFILE_FORMAT"]

    /// Reads the settings.
    ///
    /// - Parameters:
    ///   - environment: Looks a variable up; `getenv` in the library.
    ///   - pid: The pid `%p` stands for.
    /// - Returns: The settings, or a message naming the variable and value that were wrong.
    static func read(_ environment: (String) -> String?, pid: Int32) -> Result<PreloadSettings, PreloadFailure> {
        guard let raw = environment("SONORA_PROFILE"), !raw.isEmpty else {
            return .failure(PreloadFailure("SONORA_PROFILE is empty"))
        }
        let perProcess = raw.contains("%p")
        let path = raw.replacingPercentP(with: pid)

        var mode = ProfilingMode.cpu
        if let value = environment("SONORA_PROFILE_MODE"), !value.isEmpty {
            guard value == "cpu" || value == "wall" else {
                return .failure(PreloadFailure("SONORA_PROFILE_MODE '\(value)' is neither cpu nor wall"))
            }
            mode = ProfilingMode(rawValue: value)
        }
        var frequency = 100
        if let value = environment("SONORA_PROFILE_FREQUENCY"), !value.isEmpty {
            guard let number = Int(value), (1...10_000).contains(number) else {
                return .failure(PreloadFailure("SONORA_PROFILE_FREQUENCY '\(value)' is not a whole number of samples per second in 1...10000"))
            }
            frequency = number
        }
        var format = ProfileFormat.all.first { path.hasSuffix("." + $0.fileExtension) } ?? .native
        if let value = environment("SONORA_PROFILE_FORMAT"), !value.isEmpty {
            guard let named = ProfileFormat.all.first(where: { $0.rawValue == value }) else {
                let known = ProfileFormat.all.map(\.rawValue).joined(separator: ", ")
                return .failure(PreloadFailure("SONORA_PROFILE_FORMAT '\(value)' is not one of \(known)"))
            }
            format = named
        }
        return .success(PreloadSettings(path: path, perProcess: perProcess, mode: mode, frequency: frequency, format: format))
    }

    /// Checks, before sampling starts, that the profile can be written: the path is not a folder
    /// and a file can be created in its folder (a probe file, removed at once).
    /// - Returns: `nil`, or why the path cannot be written.
    func writeProblem() -> PreloadFailure? {
        var info = stat()
        if stat(path, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR { return PreloadFailure("SONORA_PROFILE \(path) is a folder") }
            if kind == S_IFCHR || kind == S_IFIFO {
                return access(path, W_OK) == 0 ? nil : PreloadFailure("SONORA_PROFILE \(path) cannot be written: \(String(cString: strerror(errno)))")
            }
            if kind != S_IFREG { return PreloadFailure("SONORA_PROFILE \(path) is not a regular file, device or FIFO") }
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let probe = folder + "/.sonora-probe-\(getpid())"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            return PreloadFailure("SONORA_PROFILE \(path) cannot be written: cannot create a file in \(folder): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        unlink(probe)
        return nil
    }
}

/// Why the library runs the program unprofiled, or could not write a profile: said on stderr.
struct PreloadFailure: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension String {
    /// `%p` → the pid, `%%` → `%`, like LLVM_PROFILE_FILE.
    func replacingPercentP(with pid: Int32) -> String {
        var result = ""
        var iterator = makeIterator()
        while let character = iterator.next() {
            guard character == "%" else { result.append(character); continue }
            switch iterator.next() {
            case "p": result += String(pid)
            case "%": result.append("%")
            case let other?: result.append("%"); result.append(other)
            case nil: result.append("%")
            }
        }
        return result
    }
}
