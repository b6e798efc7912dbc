import CSonoraSampler
import Synchronization

/// The thread that makes samples happen: per-thread CPU timers (CPU mode) or a wall-clock
/// sampler that signals every thread (wall mode). Both rescan `/proc/self/task` about every
/// 10 ms, so new threads are picked up and exited ones forgotten.
enum SignalDriver {
    static let scanInterval: Int64 = 10_000_000
    /// Wall mode with `skipIdleThreads`: a thread that used less CPU than this since its last
    /// signal counts as idle. Our own signal costs a sleeping thread a few microseconds of CPU
    /// (wake-up, handler, sigreturn), so "did not advance at all" would stop skipping a thread
    /// after its first sample; 50 µs is well above that cost.
    static let idleThresholdNanos: Int64 = 50_000

    /// CPU mode: keeps one CPU-clock timer armed on every thread until `stopDriving` fires,
    /// then deletes them all.
    static func runCPU(_ shared: SessionShared) {
        shared.registerOwnThread()
        let signal = shared.configuration.signal
        let period = 1_000_000_000 / Int64(shared.configuration.frequency)
        var timers: [Int32: ThreadCPUTimer] = [:]
        var lastCount = -1
        var lastFullScan: Int64 = 0
        repeat {
            // List the threads when their number changed, and at least every 100 ms in case one
            // exited and another started between two checks.
            let count = ThreadDirectory.threadCount() ?? -1
            let now = Int64(SamplerSystem.nowNanos())
            if count == lastCount && count >= 0 && now - lastFullScan < 10 * scanInterval { continue }
            lastCount = count
            lastFullScan = now
            let own = shared.ownThreads.withLock { $0 }
            let alive = Set(ThreadDirectory.threadIDs()).subtracting(own)
            for tid in alive where timers[tid] == nil {
                switch ThreadCPUTimer.start(thread: tid, signal: signal, periodNanos: period) {
                case .success(let timer):
                    timers[tid] = timer
                    shared.noteThread(tid)
                case .failure:
                    shared.timerFailures.add(1, ordering: .relaxed)
                }
            }
            for (tid, timer) in timers where !alive.contains(tid) {
                timer.stop()
                timers[tid] = nil
                shared.setStackBounds(tid, nil)
            }
        } while !shared.stopDriving.wait(nanoseconds: scanInterval)
        for timer in timers.values { timer.stop() }
    }

    /// Wall mode: signals every thread at the configured rate, tagging each signal on-CPU or
    /// off-CPU from the thread's CPU-clock delta (on-CPU when the thread ran at least half the
    /// interval), until `stopDriving` fires.
    static func runWall(_ shared: SessionShared) {
        shared.registerOwnThread()
        let signal = shared.configuration.signal
        let skipIdle = shared.configuration.skipIdleThreads
        let period = 1_000_000_000 / Int64(shared.configuration.frequency)
        var tids: [Int32] = []
        var cpuTimes: [Int64] = []
        var nextScan: Int64 = 0
        var lastCount = -1
        var lastFullScan: Int64 = 0
        var deadline = Int64(SamplerSystem.nowNanos())
        while true {
            let now = Int64(SamplerSystem.nowNanos())
            var known = tids.count
            if now >= nextScan {
                nextScan = now + scanInterval
                // As in CPU mode: list the threads only when their number changed, or every 100 ms.
                let count = ThreadDirectory.threadCount() ?? -1
                if count != lastCount || count < 0 || now - lastFullScan >= 10 * scanInterval {
                    lastCount = count
                    lastFullScan = now
                    known = rescan(shared, tids: &tids, cpuTimes: &cpuTimes)
                }
            }
            for index in 0..<known {
                guard let cpu = SamplerSystem.threadCPUNanos(tids[index]) else { continue }
                // On-CPU when it ran for at least half the interval: a sleeping thread still
                // burns a few microseconds per interval, running the handler our signal woke.
                let used = cpu - cpuTimes[index]
                let onCPU = used * 2 >= period
                cpuTimes[index] = cpu
                if skipIdle && used < idleThresholdNanos { continue }
                _ = sonora_signal_thread(tids[index], signal, onCPU)
            }
            deadline += period
            let after = Int64(SamplerSystem.nowNanos())
            if deadline < after { deadline = after }
            if shared.stopDriving.wait(nanoseconds: deadline - after) { return }
        }
    }

    /// Wall mode: drops exited threads (and their stack bounds) and appends new ones, whose first
    /// CPU-clock reading is taken now so they are signaled from the next period on.
    /// - Returns: How many leading entries of `tids` to signal this period (the new ones are not).
    private static func rescan(_ shared: SessionShared, tids: inout [Int32], cpuTimes: inout [Int64]) -> Int {
        let own = shared.ownThreads.withLock { $0 }
        let alive = Set(ThreadDirectory.threadIDs()).subtracting(own)
        var index = 0
        while index < tids.count {
            if alive.contains(tids[index]) {
                index += 1
            } else {
                shared.setStackBounds(tids[index], nil)
                tids.swapAt(index, tids.count - 1)
                cpuTimes.swapAt(index, cpuTimes.count - 1)
                tids.removeLast()
                cpuTimes.removeLast()
            }
        }
        let known = tids.count
        let seen = Set(tids)
        for tid in alive where !seen.contains(tid) {
            tids.append(tid)
            cpuTimes.append(SamplerSystem.threadCPUNanos(tid) ?? -1)
            shared.noteThread(tid)
        }
        return known
    }
}
