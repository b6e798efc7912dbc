#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SonoraProfiler
import SonoraSystem
import Synchronization

/// Runs one command under the preload library and waits for it, passing signals on.
final class RecordLauncher: Sendable {
    let library: String
    let folder: URL
    let environment: [String: String]
    let duration: Double?
    private let reported = Mutex(false)

    /// How the command ended.
    enum Ending {
        case exited(Int32)
        case signaled(Int32)

        /// Ends sonora the same way: the same exit status, or the same signal.
        func exit() -> Never {
            switch self {
            case .exited(let status): Foundation.exit(status)
            case .signaled(let signal):
                Glibc.signal(signal, SIG_DFL)
                var only = sigset_t()
                sigemptyset(&only)
                sigaddset(&only, signal)
                pthread_sigmask(SIG_UNBLOCK, &only, nil)
                raise(signal)
                Foundation.exit(128 + signal)
            }
        }
    }

    /// Finds the library and prepares the private folder the command writes its profile into.
    /// - Throws: `ExitCode(1)` after saying which library is missing.
    init(mode: String, frequency: Int, duration: Double?) throws {
        library = try Self.findLibrary()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sonora-record-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var environment = ProcessInfo.processInfo.environment
        let existing = environment["LD_PRELOAD"].map { $0.isEmpty ? "" : ":" + $0 } ?? ""
        environment["LD_PRELOAD"] = library + existing
        environment["SONORA_PROFILE"] = folder.appendingPathComponent("profile.sonoraprofile").path
        environment["SONORA_PROFILE_MODE"] = mode
        environment["SONORA_PROFILE_FREQUENCY"] = String(frequency)
        environment["SONORA_PROFILE_FORMAT"] = "native"
        self.environment = environment
        self.duration = duration
    }

    var profileURL: URL { folder.appendingPathComponent("profile.sonoraprofile") }

    /// `SONORA_PRELOAD_LIBRARY`, or `libSonoraPreload.so` next to this executable.
    static func findLibrary() throws -> String {
        if let named = ProcessInfo.processInfo.environment["SONORA_PRELOAD_LIBRARY"], !named.isEmpty {
            guard FileManager.default.fileExists(atPath: named) else {
                throw ProfileCommandSupport.fail("sonora: SONORA_PRELOAD_LIBRARY names \(named), which does not exist", ExitCode(1))
            }
            return named
        }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        let candidate = folder.appendingPathComponent("libSonoraPreload.so").path
        // The stub loads the agent from its own folder when the command starts.
        for (path, product) in [(candidate, "SonoraPreload"), (folder.appendingPathComponent("libSonoraPreloadAgent.so").path, "SonoraPreloadAgent")]
        where !FileManager.default.fileExists(atPath: path) {
            throw ProfileCommandSupport.fail(
                "sonora: the preload library \(path) is missing; build it with `swift build --product \(product)` (the same configuration as sonora), or set SONORA_PRELOAD_LIBRARY",
                ExitCode(1))
        }
        return candidate
    }

    /// Starts `command`, passes signals on while it runs, and waits for it.
    /// - Parameters:
    ///   - command: The program (searched in PATH) and its arguments.
    ///   - report: Called once with the profile: after `duration` (the command goes on
    ///     running unprofiled), or when the command has ended.
    /// - Returns: How the command ended.
    /// - Throws: `ExitCode(127)` when the command is not found, `ExitCode(126)` when it cannot run.
    func run(_ command: [String], report: @escaping @Sendable (Result<RecordedProfile, RecordFailure>) -> Void) throws -> Ending {
        let pid = try spawn(command)
        RecordSignals.forward(to: pid)
        defer { RecordSignals.stopForwarding() }
        if let duration {
            Thread.detachNewThread { [self] in
                Thread.sleep(forTimeInterval: duration)
                guard Self.waitUntilHandled(SIGUSR2, by: pid) else { return }
                kill(pid, SIGUSR2)  // the library writes the profile and pauses
                let deadline = Date().addingTimeInterval(60)
                while !FileManager.default.fileExists(atPath: profileURL.path), Date() < deadline {
                    if RecordSignals.child.load(ordering: .acquiring) != pid { return }
                    Thread.sleep(forTimeInterval: 0.02)
                }
                reportOnce(report)
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ProfileCommandSupport.fail("sonora: waitpid failed: \(String(cString: strerror(errno)))", ExitCode(1)) }
        }
        RecordSignals.child.store(0, ordering: .releasing)
        let signal = status & 0x7f
        let ending: Ending = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        reportOnce(report)
        return ending
    }

    /// Waits until `pid` handles or ignores `signal` (its `/proc` status says so), polling every
    /// 5 ms for a second and every 100 ms after. SIGUSR2's default action ends the process, and a
    /// short `--duration` can pass before the preload library has installed its handler (the
    /// program is still being loaded); sent then, it would kill the command.
    /// - Returns: `false` when the command ended first (or the library never took the signal).
    static func waitUntilHandled(_ signal: Int32, by pid: pid_t) -> Bool {
        let started = Date()
        while RecordSignals.child.load(ordering: .acquiring) == pid {
            if let status = try? ProcStatus.read(path: "/proc/\(pid)/status"), status.handlesOrIgnores(signal) { return true }
            Thread.sleep(forTimeInterval: Date().timeIntervalSince(started) < 1 ? 0.005 : 0.1)
        }
        return false
    }

    private func reportOnce(_ report: (Result<RecordedProfile, RecordFailure>) -> Void) {
        reported.withLock { done in
            guard !done else { return }
            done = true
            report(takeProfile())
        }
    }

    /// The profile the command wrote (decoded, and the file's bytes), or why there is none.
    func takeProfile() -> Result<RecordedProfile, RecordFailure> {
        guard FileManager.default.fileExists(atPath: profileURL.path) else {
            return .failure(RecordFailure(
                "the command wrote none (it was killed by a signal the library does not handle, such as SIGKILL, called _exit, or the library refused to start: see the sonora: lines above)"))
        }
        do {
            let bytes = try Data(contentsOf: profileURL)
            return .success(RecordedProfile(profile: try Profile(decoding: bytes, name: profileURL.path), nativeBytes: bytes))
        } catch {
            return .failure(RecordFailure("the command's profile cannot be read: \(error)"))
        }
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// posix_spawnp with the preload environment, an empty signal mask and SIGPIPE at its default.
    private func spawn(_ command: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = command.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in variables { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, command[0], nil, &attributes, arguments, variables)
        switch result {
        case 0: return pid
        case ENOENT: throw ProfileCommandSupport.fail("sonora: \(command[0]): command not found", ExitCode(127))
        default: throw ProfileCommandSupport.fail("sonora: \(command[0]): cannot run it: \(String(cString: strerror(result)))", ExitCode(126))
        }
    }
}

/// The profile the command's preload library wrote: decoded for the report, and the native
/// file's bytes, which `-o` in the native format copies as they are instead of encoding again.
struct RecordedProfile {
    var profile: Profile
    var nativeBytes: Data
}

/// Passes the signals a user sends to `sonora record` on to the command.
///
/// Signals the terminal sends (Ctrl-C, Ctrl-\, hang-up) reach the command directly, since it
/// is in the same process group, so those are not sent a second time: only signals another
/// process sent (`kill`, `si_code` ≤ 0) are passed on.
enum RecordSignals {
    static let child = Atomic<Int32>(0)
    static let forwarded: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT]

    static func forward(to pid: pid_t) {
        child.store(pid, ordering: .releasing)
        var action = sigaction()
        sigfillset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO | SA_RESTART
        action.__sigaction_handler.sa_sigaction = { signal, info, _ in
            let pid = RecordSignals.child.load(ordering: .acquiring)
            guard pid > 0 else { return }
            let fromTerminal = (info?.pointee.si_code ?? 0) > 0 && signal != SIGWINCH && signal != SIGCONT
            if !fromTerminal { kill(pid, signal) }
        }
        for signal in forwarded { sigaction(signal, &action, nil) }
        // The thread that waits for the command takes them: a mask inherited from whoever
        // started sonora (Foundation's Process passes its thread's on) must not hold them back.
        var set = sigset_t()
        sigemptyset(&set)
        for signal in forwarded { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static func stopForwarding() {
        child.store(0, ordering: .releasing)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        for signal in forwarded { sigaction(signal, &action, nil) }
    }
}
