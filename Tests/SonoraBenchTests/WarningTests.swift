import Testing
@testable import SonoraBench

@Suite struct WarningTests {
    let steady = Summary([100, 101, 99, 100, 102, 98, 100, 100, 101, 99])

    @Test func aCleanRunHasNoWarnings() {
        let warnings = RunWarnings.evaluate(
            wall: steady, batchWallNanos: Array(repeating: 2_000_000, count: 10), timerOverhead: 20, firstRun: 150,
            sampleCount: 30, otherCoresBusy: 0.1, loadAverage: 0.5, cores: 2)
        #expect(warnings.isEmpty)
    }

    @Test func eachConditionRaisesItsWarning() {
        let noisy = Summary([100, 150, 60, 130, 90, 200, 80])
        let warnings = RunWarnings.evaluate(
            wall: noisy, batchWallNanos: [800, 900], timerOverhead: 20, firstRun: 50_000, sampleCount: 7,
            otherCoresBusy: 1.4, loadAverage: 3.2, cores: 2)
        #expect(warnings.contains { $0.hasPrefix("high variation") })
        #expect(warnings.filter { $0.hasPrefix("runs too short") }.count == 2)
        #expect(warnings.contains { $0.hasPrefix("slow first run") })
        #expect(warnings.contains { $0.hasPrefix("noisy machine") && $0.contains("1.4 of 2 cores") })
    }

    @Test func procParsersReadRealFileLayouts() throws {
        let status = "Name:\tsonora\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\n"
        #expect(SystemProbe.parseStatusField("VmHWM", in: status) == 20_480 * 1024)
        #expect(SystemProbe.parseStatusField("VmRSS", in: status) == 10_240 * 1024)
        #expect(SystemProbe.parseStatusField("VmSwap", in: status) == nil)
        let stat = "cpu  100 5 50 800 20 0 5 0 0 0\ncpu0 50 2 25 400 10 0 2 0 0 0\n"
        let jiffies = SystemProbe.parseMachineJiffies(stat)
        let total: UInt64 = jiffies?.total ?? 0
        let busy: UInt64 = jiffies?.busy ?? 0
        #expect(total == 980)
        #expect(busy == 160)
        let missing = SystemProbe.parseMachineJiffies("intr 1 2 3\n") == nil
        #expect(missing)
        #expect(RunEnvironment.cpuModel(fromCPUInfo: "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n") == "Intel(R) Xeon(R) Processor")
        #expect(RunEnvironment.fnv1a("") == "cbf29ce484222325")
    }
}
