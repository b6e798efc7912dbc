import Testing
@testable import SonoraBench

@Suite struct InjectionTests {
    @Test func theKnobParsesANameAndAPercentage() throws {
        let injection = try #require(try SlowdownInjection.from(environment: ["SONORA_BENCH_INJECT": "queue.shuffle.10k:10%"]))
        #expect(injection.benchmarkName == "queue.shuffle.10k")
        #expect(injection.fraction == 0.1)
        #expect(try SlowdownInjection.from(environment: [:]) == nil)
    }

    @Test func aMalformedKnobIsRejectedNamingTheValue() throws {
        for text in ["queue.shuffle.10k", ":10%", "x:ten", "x:-5%"] {
            let error = try #require(throws: BenchError.self) { try SlowdownInjection(parsing: text) }
            #expect(error.code == .invalidInjection)
            #expect(error.message.contains(text))
        }
    }
}
