import Foundation
import Synchronization
import Testing
@testable import SonoraOperations

/// A clock the test moves by hand.
final class ManualClock: AlertClock {
    let time = Mutex(1_700_000_000.0)
    func now() -> Double { time.withLock { $0 } }
    func advance(by seconds: Double) { time.withLock { $0 += seconds } }
    func sleep(for duration: Duration) async throws { try await Task.sleep(for: .milliseconds(1)) }
}

/// Values the test sets by query.
final class FakeSource: AlertMetricsSource {
    let values = Mutex<[AlertQuery: Double]>([:])
    func set(_ query: AlertQuery, _ value: Double?) { values.withLock { $0[query] = value } }
    func read(_ query: AlertQuery) -> Double? { values.withLock { $0[query] } }
}

@Suite struct AlertManagerTests {
    final class Sent: Sendable {
        let notes = Mutex<[AlertNotification]>([])
        func withLock<T: Sendable>(_ body: (inout [AlertNotification]) -> T) -> T { notes.withLock { body(&$0) } }
    }

    struct Harness {
        let clock = ManualClock()
        let source = FakeSource()
        let sent = Sent()
        let manager: AlertManager

        init(_ rules: [AlertRule]) throws {
            let sent = self.sent
            manager = try AlertManager(rules: rules, source: source, sinks: [ClosureAlertSink { note in sent.withLock { $0.append(note) } }],
                                       clock: clock)
        }

        var notes: [String] { sent.withLock { $0.map { "\($0.rule) \($0.state.rawValue)" } } }

        /// Advances the clock by `seconds`, then evaluates.
        func tick(_ seconds: Double = 15) async {
            clock.advance(by: seconds)
            await manager.evaluate()
        }
    }

    @Test func aRuleIsPendingForItsForDurationThenFiresThenResolves() async throws {
        let harness = try Harness([AlertRule(name: "HighCPU", query: .cpuPercent, .above, 80, for: .seconds(60), repeatInterval: .seconds(60))])
        harness.source.set(.cpuPercent, 95)
        await harness.tick()
        #expect(harness.notes.isEmpty)
        for _ in 0..<3 { await harness.tick() }  // 45 s in: still pending
        #expect(harness.notes.isEmpty)
        await harness.tick()  // 60 s
        #expect(harness.notes == ["HighCPU firing"])
        #expect(harness.manager.firing == ["HighCPU"])
        harness.source.set(.cpuPercent, 10)
        await harness.tick(60)
        #expect(harness.notes == ["HighCPU firing", "HighCPU resolved"])
        #expect(harness.manager.firing.isEmpty)
        let resolved = harness.sent.withLock { $0[1] }
        #expect(resolved.summary == "HighCPU: resolved, cpu% is 10 (threshold > 80)")
    }

    @Test func aConditionThatClearsWhilePendingNeverNotifies() async throws {
        let harness = try Harness([AlertRule(name: "Mem", query: .memoryPercent, .above, 85, for: .seconds(60))])
        harness.source.set(.memoryPercent, 90)
        await harness.tick()
        harness.source.set(.memoryPercent, 50)
        await harness.tick()
        harness.source.set(.memoryPercent, 90)
        await harness.tick(50)
        #expect(harness.notes.isEmpty)
    }

    @Test func aFiringRuleIsRepeatedEveryRepeatInterval() async throws {
        let harness = try Harness([AlertRule(name: "Slow", query: .timingQuantile("track_load", 0.99), .above, 5, repeatInterval: .seconds(300))])
        harness.source.set(.timingQuantile("track_load", 0.99), 7.5)
        for _ in 0..<41 { await harness.tick(15) }  // 615 s
        #expect(harness.notes == ["Slow firing", "Slow firing", "Slow firing"])
        #expect(harness.sent.withLock { $0[0].summary } == "Slow: p99(track_load) is 7.5 (> 5)")
    }

    @Test func aRuleThatFlapsEveryEvaluationSendsAtMostOneNotificationPerRepeatInterval() async throws {
        let harness = try Harness([AlertRule(name: "Flappy", query: .gauge("errors_now"), .above, 0, repeatInterval: .seconds(300))])
        for step in 0..<400 {  // 100 minutes at 15 s
            harness.source.set(.gauge("errors_now"), step.isMultiple(of: 2) ? 1 : 0)
            await harness.tick(15)
        }
        let times = harness.sent.withLock { $0.map(\.at) }
        #expect(!times.isEmpty)
        #expect(times.count <= 20 + 1)
        for (earlier, later) in zip(times, times.dropFirst()) { #expect(later - earlier >= 300) }
    }

    @Test func errorRatePerMinuteComesFromTheCounterTotal() async throws {
        let harness = try Harness(AlertRule.defaults(errorCounter: "errors"))
        let errors = AlertQuery.counterRate("errors")
        var total = 0.0
        harness.source.set(errors, total)
        await harness.tick()
        for _ in 0..<4 {  // 2 errors every 15 s: 8 a minute
            total += 2
            harness.source.set(errors, total)
            await harness.tick()
        }
        #expect(harness.notes == ["HighErrorRate firing"])
        let note = harness.sent.withLock { $0[0] }
        #expect(note.value == 8)
        #expect(note.labels == ["severity": "critical"])
    }

    @Test func aCounterResetCountsFromZeroRatherThanGoingNegative() {
        var readings: [(time: Double, value: Double)] = [(0, 100), (30, 110)]
        let rule = AlertRule(name: "E", query: .counterRate("errors"), .above, 5)
        // 100 → 110 (+10), then a restart: 110 → 5 counts +5; 15 over the 60 s window.
        #expect(AlertManager.rate(rule, reading: 5, now: 60, per: 60, readings: &readings) == 15)
        var first: [(time: Double, value: Double)] = []
        #expect(AlertManager.rate(rule, reading: 5, now: 60, per: 60, readings: &first) == nil)
    }

    @Test func aMissingSeriesKeepsTheRuleInactive() async throws {
        let harness = try Harness([AlertRule(name: "G", query: .gauge("absent"), .below, 1)])
        for _ in 0..<5 { await harness.tick() }
        #expect(harness.notes.isEmpty)
    }

    @Test func theSeedsDefaultsAreTheFourRules() {
        let rules = AlertRule.defaults()
        #expect(rules.map(\.name) == ["HighCPU", "HighMemory", "HighErrorRate", "SlowResponses"])
        #expect(rules.map(\.threshold) == [80, 85, 5, 5])
        #expect(rules.allSatisfy { $0.repeatInterval == .seconds(300) })
    }

    @Test func badRulesAreRefusedByName() {
        let source = FakeSource()
        let bad: [(AlertRule, String)] = [
            (AlertRule(name: "A", query: .cpuPercent, .above, .nan), "alert rule A: threshold nan is not a finite number"),
            (AlertRule(name: "B", query: .cpuPercent, .above, 1, for: .seconds(-1)), "alert rule B: for -1.0 seconds is negative"),
            (AlertRule(name: "C", query: .timingQuantile("t", 1.5), .above, 1), "alert rule C: quantile 1.5 is outside 0…1"),
            (AlertRule(name: "D", query: .counterRate("c", per: .zero), .above, 1), "alert rule D: rate window 0.0 seconds must be positive"),
        ]
        for (rule, message) in bad {
            #expect { try AlertManager(rules: [rule], source: source, sinks: []) } throws: { ($0 as? OperationsError)?.message == message }
        }
        let rule = AlertRule(name: "E", query: .cpuPercent, .above, 1)
        #expect { try AlertManager(rules: [rule, rule], source: source, sinks: []) } throws: { ($0 as? OperationsError)?.message == "two alert rules are named E" }
    }

    @Test func runEvaluatesOnTheClockUntilCancelled() async throws {
        let harness = try Harness([AlertRule(name: "X", query: .gauge("g"), .above, 0)])
        harness.source.set(.gauge("g"), 1)
        let task = Task { try await harness.manager.run() }
        let deadline = ContinuousClock.now + .seconds(10)
        while harness.notes.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        _ = try? await task.value
        #expect(harness.notes == ["X firing"])
    }
}
