import Foundation
import Testing
@testable import SonoraBench

/// A class whose instances cost exactly one heap allocation each.
final class Allocated {
    var value = 0
}

struct SyntheticFailure: Error, CustomStringConvertible {
    var description: String { "synthetic failure" }
}

extension SerializedBenchTests {
    @Suite struct RunnerTests {
        let runner = BenchmarkRunner(configuration: .quick, profiling: false)

        @Test func aTinyOperationIsTimedInBatchesWithTheClockCostSubtracted() async throws {
            let benchmark = Benchmark("tiny.add", setUp: { 0 }) { value in value &+= 1 }
            let result = await runner.run(benchmark).result
            #expect(result.status == .ok)
            #expect(result.batchSize > 100)
            #expect(result.timerOverheadNanos > 0)
            let wall = try #require(result[.wall]?.summary)
            #expect(wall.count >= BenchmarkConfiguration.quick.minSamples)
            #expect(wall.count <= BenchmarkConfiguration.quick.maxSamples)
            // A batch lasts about minBatchTime, so one operation is that divided by the batch size.
            // The harness cost per operation is subtracted too, so add it back for the batch length.
            #expect((wall.median + (result.harnessOverheadNanos ?? 0)) * Double(result.batchSize) > BenchmarkConfiguration.quick.minBatchTime * 1e9 / 10)
            #expect(result[.throughput]?.summary != nil)
            #expect(result[.contextSwitches]?.summary != nil)
        }

        @Test func allocationsAreCountedExactlyPerOperation() async throws {
            let benchmark = Benchmark("alloc.three") {
                blackHole(Allocated())
                blackHole(Allocated())
                blackHole(Allocated())
            }
            let result = await runner.run(benchmark).result
            let allocations = try #require(result[.allocations]?.summary)
            #expect(allocations.median == 3)
            let bytes = try #require(result[.allocatedBytes]?.summary)
            #expect(bytes.median >= 3 * 16)
        }

        @Test func instructionsAreUnavailableWithAReasonOrCountedNeverZero() async throws {
            let result = await runner.run(Benchmark("instructions.probe") { blackHole(Allocated()) }).result
            let record = try #require(result[.instructions])
            if let reason = record.unavailable {
                #expect(record.samples.isEmpty)
                #expect(reason.contains("perf_event_open"))
            } else {
                #expect(!record.samples.isEmpty)
                #expect(record.samples.allSatisfy { $0 > 0 })
            }
        }

        @Test func peakRSSGrowthIsMeasuredAfterResettingVmHWM() async throws {
            let benchmark = Benchmark("memory.touch.32m", maxBatchSize: 1, setUp: { () }) { _ in
                var pages = [UInt8](repeating: 1, count: 32 << 20)
                pages[pages.count - 1] = 2
                blackHole(pages)
            }
            let result = await runner.run(benchmark).result
            #expect(result.peakRSSIsLocal)
            let delta = try #require(result.peakRSSDeltaBytes)
            #expect(delta >= 16 << 20)
        }

        @Test func aThrowingOperationBecomesAFailedResult() async {
            let result = await runner.run(Benchmark("throws") { throw SyntheticFailure() }).result
            #expect(result.status == .failed)
            #expect(result.failure?.contains("synthetic failure") == true)
            #expect(result.metrics.isEmpty)
        }

        @Test func aThrowingSetUpBecomesAFailedResult() async {
            let benchmark = Benchmark("setup.throws", setUp: { () throws -> Int in throw SyntheticFailure() }) { _ in }
            let result = await runner.run(benchmark).result
            #expect(result.status == .failed)
            #expect(result.failure?.hasPrefix("setUp threw") == true)
        }

        @Test func beforeBatchRestoresStateOutsideTheTimedRegion() async {
            let benchmark = Benchmark(
                "drain", maxBatchSize: 50, setUp: { [Int]() },
                beforeBatch: { state, count in state = Array(0..<count) },
                operation: { state in _ = state.removeLast() })
            let result = await runner.run(benchmark).result
            #expect(result.status == .ok)
            #expect(result.batchSize <= 50)
        }

        @Test func anAsyncBenchmarkIsMeasuredPerProcess() async {
            let benchmark = Benchmark("async.yield", setUp: { 1 }) { (_: Int) in
                blackHole(Allocated())
                await Task.yield()
                blackHole(Allocated())
            }
            let result = await runner.run(benchmark).result
            #expect(result.status == .ok)
            #expect(result.scope == .process)
            // Counted process-wide, so other threads may add to the two allocations of each operation.
            #expect((result[.allocations]?.summary?.median ?? 0) >= 2)
        }

        @Test func withoutAWorkingSamplerTheProfileIsMarkedUnavailable() async {
            let profiled = BenchmarkRunner(configuration: .quick, profiling: true)
            let result = await profiled.run(Benchmark("profiled") { blackHole(Allocated()) }).result
            #expect(result.status == .ok)
            if result.profile == nil {
                #expect(result.profileUnavailable?.hasPrefix("profile unavailable: ") == true)
            }
        }

        @Test func theFilterSelectsByRegularExpressionAndRejectsBadOnes() throws {
            let all = ["queue.append.100", "queue.shuffle.10k", "track.decode.corpus"].map { Benchmark($0) {} }
            #expect(try BenchSession.select(all, filter: #"queue\..*\.10k"#).map(\.name) == ["queue.shuffle.10k"])
            #expect(try BenchSession.select(all, filter: nil).count == 3)
            #expect(throws: BenchError.self) { try BenchSession.select(all, filter: "(") }
            let error = try #require(throws: BenchError.self) { try BenchSession.select(all, filter: "nothing") }
            #expect(error.message.contains("nothing"))
        }
    }
}
