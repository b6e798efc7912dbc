/// Computes a ``Frame`` from a history of scrapes: counter rates, gauge values and histogram
/// quantiles, in a stable order (families by name, series by their sorted labels), because some
/// exporters change family order between scrapes.
public enum FrameBuilder {
    /// Builds the frame for `history` as seen at `now`.
    /// - Parameters:
    ///   - history: The scrapes so far; may be empty (the frame then shows only the header and `error`).
    ///   - target: The URL shown in the header.
    ///   - now: Seconds since the Unix epoch.
    ///   - error: The last fetch's failure, if the last attempt failed.
    /// - Complexity: O(samples × scrapes in the history), plus sorting the series by their labels.
    public static func build(history: ScrapeHistory, target: String, now: Double, error: String? = nil) -> Frame {
        var frame = Frame(
            target: target, scrapeAge: nil, uptime: nil, error: error,
            system: .init(), counters: [], gauges: [], timings: [])
        guard let latest = history.latest else { return frame }
        let scrape = latest.scrape
        let previous = history.entries.count >= 2 ? history.entries[history.entries.count - 2] : nil
        frame.scrapeAge = max(0, now - latest.time)
        if let start = scrape.firstValue(of: "process_start_time_seconds") { frame.uptime = max(0, now - start) }
        frame.system = system(latest, previous)

        for family in scrape.families.sorted(by: { $0.name < $1.name }) where !isProcessFamily(family.name) && !isCreatedStamp(family, in: scrape) {
            switch family.type {
            case .counter:
                frame.counters += counterRows(family, history)
            case .gauge, .untyped:
                for (sample, labels) in sortedBySeries(family.samples) {
                    frame.gauges.append(.init(name: sample.name, labels: labels, value: sample.value))
                }
            case .histogram:
                frame.timings += histogramRows(family, latest, previous)
            case .summary:
                frame.timings += summaryRows(family, latest, previous)
            }
        }
        return frame
    }

    /// Families shown in the system line rather than as rows.
    static func isProcessFamily(_ name: String) -> Bool {
        name.hasPrefix("process_")
    }

    /// The `_created` gauges the Python client adds beside each counter, histogram and summary: a
    /// timestamp, not a reading.
    static func isCreatedStamp(_ family: MetricFamily, in scrape: Scrape) -> Bool {
        guard family.type == .gauge, family.name.hasSuffix("_created") else { return false }
        let base = String(family.name.dropLast("_created".count))
        return scrape.family(base) != nil || scrape.family(base + "_total") != nil
    }

    static func system(_ latest: ScrapeHistory.Entry, _ previous: ScrapeHistory.Entry?) -> Frame.System {
        let scrape = latest.scrape
        var system = Frame.System()
        system.residentBytes = scrape.firstValue(of: "process_resident_memory_bytes")
        system.virtualBytes = scrape.firstValue(of: "process_virtual_memory_bytes")
        system.threads = scrape.firstValue(of: "process_threads", "sonora_process_threads", "go_threads")
        system.openFDs = scrape.firstValue(of: "process_open_fds")
        system.maxFDs = scrape.firstValue(of: "process_max_fds")
        if let previous, latest.time > previous.time,
           let now = scrape.firstValue(of: "process_cpu_seconds_total"),
           let before = previous.scrape.firstValue(of: "process_cpu_seconds_total"), now >= before {
            system.cpuPercent = (now - before) / (latest.time - previous.time) * 100
        }
        return system
    }

    static func counterRows(_ family: MetricFamily, _ history: ScrapeHistory) -> [Frame.CounterRow] {
        let series = family.samples.filter { $0.name == family.name || $0.name == family.name + "_total" }
        // Each scrape's values of this family by series, made once: looking every series up in every
        // scrape's list took 13 s for 10,000 series.
        let valuesByScrape: [[SeriesKey: Double]] = history.entries.map { entry in
            var values: [SeriesKey: Double] = [:]
            for sample in entry.scrape.family(family.name)?.samples ?? [] where values[SeriesKey(sample)] == nil {
                values[SeriesKey(sample)] = sample.value  // the first of a repeated series, as a scrape is read
            }
            return values
        }
        return sortedBySeries(series).map { sample, labels in
            let key = SeriesKey(sample)
            var rates: [Double] = []
            var last: (value: Double, time: Double)?
            for (entry, values) in zip(history.entries, valuesByScrape) {
                guard let value = values[key] else {
                    last = nil
                    continue
                }
                if let last, entry.time > last.time {
                    // A counter that went down was reset (the process restarted): count from zero.
                    let increase = value >= last.value ? value - last.value : value
                    rates.append(increase / (entry.time - last.time))
                }
                last = (value, entry.time)
            }
            let hasPair = history.entries.count >= 2 && !rates.isEmpty
            return Frame.CounterRow(
                name: sample.name, labels: labels, total: sample.value,
                rate: hasPair ? rates.last : nil, rates: rates)
        }
    }

    static func histogramRows(_ family: MetricFamily, _ latest: ScrapeHistory.Entry, _ previous: ScrapeHistory.Entry?) -> [Frame.TimingRow] {
        let now = HistogramSeries.collect(family)
        let before = previous.flatMap { $0.scrape.family(family.name) }.map(HistogramSeries.collect) ?? [:]
        return sortedByText(Array(now.keys)).map { labels, text in
            let series = now[labels]!
            var recent = false
            var quantileSource = series
            if let old = before[labels], series.count > old.count, let delta = series.subtracting(old) {
                quantileSource = delta
                recent = true
            }
            return Frame.TimingRow(
                name: family.name, labels: text, count: series.count,
                rate: rate(series.count, before[labels]?.count, latest, previous),
                p50: quantileSource.quantile(0.5), p99: quantileSource.quantile(0.99),
                isSeconds: family.name.hasSuffix("_seconds"), recent: recent)
        }
    }

    static func summaryRows(_ family: MetricFamily, _ latest: ScrapeHistory.Entry, _ previous: ScrapeHistory.Entry?) -> [Frame.TimingRow] {
        var rows: [[MetricLabel]: (count: Double, p50: Double?, p99: Double?)] = [:]
        for sample in family.samples {
            let labels = sample.seriesLabels(excluding: ["quantile"])
            var row = rows[labels] ?? (0, nil, nil)
            if sample.name == family.name + "_count" { row.count = sample.value }
            // A summary with no observations in its window reports NaN quantiles: shown as unknown.
            if sample.name == family.name, !sample.value.isNaN, let quantile = sample.label("quantile").flatMap(Double.init) {
                if quantile == 0.5 { row.p50 = sample.value }
                if quantile == 0.99 { row.p99 = sample.value }
            }
            rows[labels] = row
        }
        var oldCounts: [[MetricLabel]: Double] = [:]
        for sample in previous?.scrape.family(family.name)?.samples ?? [] where sample.name == family.name + "_count" {
            let labels = sample.seriesLabels()
            if oldCounts[labels] == nil { oldCounts[labels] = sample.value }
        }
        return sortedByText(Array(rows.keys)).map { labels, text in
            let row = rows[labels]!
            let oldCount = oldCounts[labels]
            return Frame.TimingRow(
                name: family.name, labels: text, count: row.count,
                rate: rate(row.count, oldCount, latest, previous), p50: row.p50, p99: row.p99,
                isSeconds: family.name.hasSuffix("_seconds"), recent: false)
        }
    }

    static func rate(_ now: Double, _ before: Double?, _ latest: ScrapeHistory.Entry, _ previous: ScrapeHistory.Entry?) -> Double? {
        guard let before, let previous, latest.time > previous.time else { return nil }
        return (now >= before ? now - before : now) / (latest.time - previous.time)
    }

    /// `{a="1",b="2"}`, or an empty string for no labels.
    static func labelText(_ labels: [MetricLabel]) -> String {
        guard !labels.isEmpty else { return "" }
        // Label values are any text the endpoint sends; control characters would reach the terminal.
        return "{" + labels.map { "\($0.name)=\"\(PrintableText.escapingControls($0.value))\"" }.joined(separator: ",") + "}"
    }

    /// Samples by name, then by their label text, each with that text (made once per sample, not
    /// once per comparison).
    static func sortedBySeries(_ samples: [MetricSample]) -> [(sample: MetricSample, labels: String)] {
        samples.map { (sample: $0, labels: labelText($0.seriesLabels())) }
            .sorted { $0.sample.name != $1.sample.name ? $0.sample.name < $1.sample.name : $0.labels < $1.labels }
    }

    /// Label sets by their text, each with that text.
    static func sortedByText(_ labelSets: [[MetricLabel]]) -> [(labels: [MetricLabel], text: String)] {
        labelSets.map { (labels: $0, text: labelText($0)) }.sorted { $0.text < $1.text }
    }

    struct SeriesKey: Hashable {
        var name: String
        var labels: [MetricLabel]
        init(_ sample: MetricSample) {
            name = sample.name
            labels = sample.seriesLabels()
        }
    }
}
