#if canImport(Glibc)
import Glibc
#endif
import CSonoraPreload
import Foundation
import SonoraProfiler
import Synchronization

/// The profiling session the preload library runs inside someone else's program.
///
/// Started by the preload stub's constructor (it `dlopen`s this library) when `SONORA_PROFILE` is set; the profile is written at
/// `exit()`, on SIGTERM/SIGINT (then the signal ends the process as it would have), and on
/// SIGUSR2, which also pauses sampling (the next SIGUSR2 starts a new session whose profile
/// replaces the file when it is written). It never prints on stdout; problems go to stderr with
/// a `sonora:` prefix and leave the program running unprofiled.
enum PreloadAgent {
    private struct State {
        var settings: PreloadSettings?
        var profiler: PerformanceProfiler?
    }

    private static let state = Mutex(State())

    /// Reads the settings, checks the path, starts sampling and takes the signals still at
    /// their default disposition.
    static func start() {
        sonora_preload_set_owner()
        let settings: PreloadSettings
        switch PreloadSettings.read({ getenv($0).map { String(cString: $0) } }, pid: getpid()) {
        case .success(let read): settings = read
        case .failure(let failure): return say("\(failure.message); running unprofiled")
        }
        if let problem = settings.writeProblem() { return say("\(problem.message); running unprofiled") }
        if !settings.perProcess {
            for name in PreloadSettings.variables { unsetenv(name) }
        }
        sonora_preload_block_all()
        defer { sonora_preload_restore_mask() }
        do {
            let profiler = try startProfiler(settings)
            state.withLock { $0 = State(settings: settings, profiler: profiler) }
        } catch {
            return say("cannot start profiling: \(error); running unprofiled")
        }
        let watcher = sonora_preload_start_watcher()
        if watcher != 0 {
            say("cannot start the signal thread (errno \(watcher)); the profile is written at exit only")
        } else {
            for (signal, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT"), (SIGUSR2, "SIGUSR2")] {
                let result = sonora_preload_take_signal(signal)
                if result == EBUSY {
                    say("\(name) is already handled or ignored by the program; leaving it alone, so \(name) does not write the profile")
                } else if result != 0 {
                    say("cannot handle \(name): \(String(cString: strerror(result)))")
                }
            }
        }
        if sonora_preload_register_exit() != 0 { say("atexit failed; the profile is written on signals only") }
    }

    /// A signal the C handler passed on: SIGUSR2 toggles, SIGTERM/SIGINT write the profile.
    static func handle(signal: Int32) {
        if signal == SIGUSR2 {
            state.withLock { state in
                guard let settings = state.settings else { return }
                if let profiler = state.profiler {
                    state.profiler = nil
                    write(profiler, settings)
                } else {
                    do { state.profiler = try startProfiler(settings) } catch { say("cannot restart profiling: \(error)") }
                }
            }
        } else {
            finish()
        }
    }

    /// Stops a running session and writes its profile; later calls do nothing.
    static func finish() {
        state.withLock { state in
            guard let settings = state.settings, let profiler = state.profiler else { return }
            state.profiler = nil
            write(profiler, settings)
        }
    }

    private static func startProfiler(_ settings: PreloadSettings) throws -> PerformanceProfiler {
        // VmHWM is the program's; the library does not reset it.
        let profiler = PerformanceProfiler(configuration: .init(
            mode: settings.mode, frequency: settings.frequency, resetPeakMemory: false))
        try profiler.start()
        return profiler
    }

    private static func write(_ profiler: PerformanceProfiler, _ settings: PreloadSettings) {
        do {
            let profile = try profiler.stop()
            try profile.write(to: URL(fileURLWithPath: settings.path), format: settings.format)
        } catch {
            say("could not write the profile to \(settings.path): \(error)")
        }
    }

    /// One line on stderr, never stdout.
    static func say(_ message: String) {
        let line = Array("sonora: \(message)\n".utf8)
        line.withUnsafeBytes { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}

// The preload stub (through dlsym), the signal thread and the atexit hook call these.

@_cdecl("sonora_preload_start")
public func sonoraPreloadStart() { PreloadAgent.start() }

@_cdecl("sonora_preload_signal")
public func sonoraPreloadSignal(_ signal: Int32) { PreloadAgent.handle(signal: signal) }

@_cdecl("sonora_preload_exit")
public func sonoraPreloadExit() { PreloadAgent.finish() }
