import Foundation
import SonoraTestSupport
import Testing

/// A program the tests start, signal and wait for, with its output in files.
final class ChildProcess {
    let process = Process()
    let outURL: URL
    let errURL: URL

    /// Starts `executable` with `arguments`; `environment` is added to the test's own.
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], in folder: URL, stdin: URL? = nil) throws {
        let id = UUID().uuidString
        outURL = folder.appendingPathComponent("out-\(id)")
        errURL = folder.appendingPathComponent("err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var merged = ProcessInfo.processInfo.environment
        for name in ["SONORA_PROFILE", "SONORA_PROFILE_MODE", "SONORA_PROFILE_FREQUENCY", "SONORA_PROFILE_FORMAT", "LD_PRELOAD"] {
            merged[name] = nil
        }
        merged.merge(environment) { $1 }
        process.environment = merged
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = try stdin.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        try process.run()
    }

    var output: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    var error: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }
    var pid: Int32 { process.processIdentifier }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits until `condition` holds or `timeout` seconds pass; returns whether it held.
    @discardableResult
    func waitUntil(timeout: Double = 60, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }

    /// Waits for the end (killing the process after `timeout` seconds): exit status, or signal.
    func finish(timeout: Double = 120) -> (status: Int32, signaled: Bool) {
        if !waitUntil(timeout: timeout, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }
}

/// Where `swift build` put the products these tests run.
enum Built {
    static let folder: URL? = CommandRunner.sonoraExecutable?.deletingLastPathComponent()

    static func path(_ name: String) throws -> String {
        let folder = try #require(folder, "the sonora executable is not next to the test bundle; run the tests with swift test")
        let path = folder.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: path), "\(name) was not built next to sonora (swift build builds it)")
        return path
    }

    static var library: String { get throws { try path("libSonoraPreload.so") } }
    static var sonora: String { get throws { try path("sonora") } }
    static var server: String { get throws { try path("PlainNIOServer") } }
}

/// A small C program, compiled with `cc` for the test: it knows nothing of Sonora.
///
///   probe exit     burns CPU in burn_cpu, prints, returns 3
///   probe term     burns, then sends itself SIGTERM
///   probe loop     burns forever
///   probe fork     the child runs child_work and exit(0)s; the parent waits, runs parent_work
///   probe threads  prints its thread count and whether SIGTERM/SIGUSR2 are at SIG_DFL
///   probe names    after 0.2 s, prints the names of its threads
enum ProbeProgram {
    static let source = #"""
    #include <dirent.h>
    #include <signal.h>
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    #include <sys/wait.h>
    #include <unistd.h>
    __attribute__((noinline)) double burn_cpu(long n) { volatile double x = 0; for (long i = 0; i < n; i++) x += i * 0.5; return x; }
    __attribute__((noinline)) double child_work(long n) { volatile double x = 1; for (long i = 0; i < n; i++) x += i * 0.25; return x; }
    __attribute__((noinline)) double parent_work(long n) { volatile double x = 2; for (long i = 0; i < n; i++) x += i * 0.75; return x; }
    static int threads(void) {
        FILE *f = fopen("/proc/self/status", "r"); char line[256]; int n = -1;
        while (f && fgets(line, sizeof line, f)) if (sscanf(line, "Threads: %d", &n) == 1) break;
        if (f) fclose(f); return n;
    }
    static void names(void) {
        usleep(200000); printf("names");
        DIR *d = opendir("/proc/self/task"); struct dirent *e; char path[64], name[32];
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
            FILE *f = fopen(path, "r");
            if (f && fgets(name, sizeof name, f)) { name[strcspn(name, "\n")] = 0; printf(" %s", name); }
            if (f) fclose(f);
        }
        if (d) closedir(d); printf("\n");
    }
    static int is_default(int s) { struct sigaction a; sigaction(s, NULL, &a); return a.sa_handler == SIG_DFL; }
    int main(int argc, char **argv) {
        const char *mode = argc > 1 ? argv[1] : "exit";
        // Foundation's Process passes the test thread's signal mask on; start as a shell would.
        sigset_t none; sigemptyset(&none); sigprocmask(SIG_SETMASK, &none, NULL);
        printf("start %s\n", mode); fflush(stdout);
        if (!strcmp(mode, "threads")) { printf("threads %d term-default %d usr2-default %d\n", threads(), is_default(SIGTERM), is_default(SIGUSR2)); return 0; }
        if (!strcmp(mode, "names")) { names(); return 0; }
        if (!strcmp(mode, "fork")) {
            pid_t child = fork();
            if (child == 0) { child_work(150000000); exit(0); }
            int status; waitpid(child, &status, 0);
            parent_work(150000000);
            printf("child %d\n", WEXITSTATUS(status)); return 0;
        }
        double r = burn_cpu(150000000);
        if (!strcmp(mode, "term")) { kill(getpid(), SIGTERM); sleep(10); }
        if (!strcmp(mode, "loop")) for (;;) burn_cpu(1000000);
        printf("done %d\n", r > 0);
        return 3;
    }
    """#

    /// Compiles the program into `folder`.
    static func build(in folder: URL) throws -> String {
        let sourceURL = folder.appendingPathComponent("probe.c")
        try source.write(to: sourceURL, atomically: true, encoding: .utf8)
        let binary = folder.appendingPathComponent("probe").path
        let compiler = try ChildProcess("/usr/bin/cc", ["-O1", "-g", "-o", binary, sourceURL.path], in: folder)
        let result = compiler.finish()
        try #require(result.status == 0 && !result.signaled, "cc failed: \(compiler.error)")
        return binary
    }
}
