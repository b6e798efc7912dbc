import Foundation

/// Short, fixed-precision text for the numbers `sonora top` shows.
enum ValueFormat {
    /// `12`, `1,234`, `1.23M`, `2.5e+15`: integers exactly while short, otherwise three significant digits.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf") }
        let magnitude = abs(value)
        if value == value.rounded() && magnitude < 1_000_000 {
            return grouped(Int(value))
        }
        for (limit, suffix) in [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M")] where magnitude >= limit {
            return String(format: "%.3g%@", value / limit, suffix)
        }
        if magnitude >= 100 { return String(format: "%.1f", value) }
        if magnitude >= 1 || magnitude == 0 { return String(format: "%.2f", value) }
        return String(format: "%.3g", value)
    }

    /// A rate per second with two decimals below 100.
    static func rate(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value >= 100 ? number(value.rounded()) : String(format: "%.2f", value)
    }

    /// Seconds as `850 ns`, `12.3 µs`, `4.56 ms`, `1.20 s`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        guard seconds.isFinite else { return number(seconds) }
        switch abs(seconds) {
        case 0: return "0 s"
        case ..<1e-6: return String(format: "%.0f ns", seconds * 1e9)
        case ..<1e-3: return String(format: "%.3g µs", seconds * 1e6)
        case ..<1: return String(format: "%.3g ms", seconds * 1e3)
        default: return String(format: "%.3g s", seconds)
        }
    }

    /// Bytes as `512 B`, `4.0 KiB`, `45.2 MiB`, `1.50 GiB`.
    static func bytes(_ value: Double?) -> String {
        guard let value else { return "—" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = value
        var unit = 0
        while abs(scaled) >= 1024 && unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(scaled)) B" : String(format: scaled >= 100 ? "%.0f %@" : "%.1f %@", scaled, units[unit])
    }

    /// `1d 02:03:04`, `02:03:04` or `3.2s`.
    static func age(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "—" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        let clock = String(format: "%02d:%02d:%02d", (whole / 3600) % 24, (whole / 60) % 60, whole % 60)
        return whole >= 86_400 ? "\(whole / 86_400)d \(clock)" : clock
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }
}
