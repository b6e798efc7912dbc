import Testing
@testable import SonoraBench

@Suite struct StatisticsTests {
    // Reference values from NumPy 1.x (`np.percentile`, default linear method) and
    // `scipy.stats.mannwhitneyu(method="asymptotic", use_continuity=True)`.
    let samples: [Double] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 100]

    @Test func summaryMatchesNumPyOnASkewedSample() {
        let summary = Summary(samples)
        #expect(summary.count == 12)
        #expect(summary.median == 4.5)
        #expect(abs(summary.mean - 12) < 1e-12)
        #expect(abs(summary.standardDeviation - 27.8045123872171) < 1e-9)
        #expect(summary.medianAbsoluteDeviation == 1.5)
        #expect(abs(summary.p90 - 8.7) < 1e-9)
        #expect(abs(summary.p99 - 89.99) < 1e-9)
        #expect(summary.min == 1)
        #expect(summary.max == 100)
    }

    @Test func tukeyCountsTheFarValueAsASevereOutlier() {
        let summary = Summary(samples)
        #expect(summary.severeOutliers == 1)
        #expect(summary.mildOutliers == 0)
        let mild = Summary([10, 10, 11, 11, 12, 12, 13, 13, 16.5])
        #expect(mild.mildOutliers == 1)
        #expect(mild.severeOutliers == 0)
    }

    @Test func bootstrapIntervalIsReproducibleAndBracketsTheMedian() {
        let first = Summary(samples, seed: 7)
        let second = Summary(samples, seed: 7)
        #expect(first.medianCILow == second.medianCILow)
        #expect(first.medianCIHigh == second.medianCIHigh)
        #expect(first.medianCILow <= first.median && first.median <= first.medianCIHigh)
        #expect(first.medianCILow < first.medianCIHigh)
    }

    @Test func mannWhitneyMatchesSciPy() {
        let separated = Statistics.mannWhitneyP([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
        #expect(abs(separated - 0.012185780355344813) < 1e-9)
        let tied = Statistics.mannWhitneyP([1.1, 2.2, 2.2, 3.5, 4.0, 5.1], [2.2, 3.0, 4.4, 5.5, 6.1, 7.3, 8.0])
        #expect(abs(tied - 0.07255695980322559) < 1e-9)
        #expect(Statistics.mannWhitneyP([5, 5, 5], [5, 5, 5]) == 1)
    }

    @Test func hodgesLehmannRecoversAKnownRatio() throws {
        var generator = SplitMix64(seed: 11)
        let base = (0..<40).map { _ in 100 * (1 + 0.02 * generator.nextGaussian()) }
        let head = base.map { $0 * 1.2 }
        let interval = try #require(Statistics.hodgesLehmannRatio(base: base, head: head))
        #expect(abs(interval.estimate - 1.2) < 0.01)
        #expect(interval.low < 1.2 && 1.2 < interval.high)
        #expect(interval.low > 1.1)
        #expect(Statistics.hodgesLehmannRatio(base: [0, 1], head: [1, 2]) == nil)
    }

    @Test func holmAdjustmentIsMonotoneAndCapped() {
        let adjusted = Statistics.holmAdjusted([0.01, 0.04, 0.03, 0.5])
        #expect(adjusted[0] == 0.04)
        #expect(abs(adjusted[2] - 0.09) < 1e-12)
        #expect(abs(adjusted[1] - 0.09) < 1e-12)
        #expect(adjusted[3] == 0.5)
        #expect(Statistics.holmAdjusted([0.9, 0.8]) == [1, 1])
        #expect(Statistics.holmAdjusted([0.04, 0.3]) == [0.08, 0.3])
    }
}
