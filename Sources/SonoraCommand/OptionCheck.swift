import ArgumentParser

/// Range checks for numeric options, run in `validate()` so a bad value exits 2 with a message
/// naming the option before any work starts (instead of trapping on NaN or an empty median).
enum OptionCheck {
    /// Refuses NaN, infinity, zero, negative values and values over `maximum`.
    /// - Throws: `ValidationError` naming `option` and the value.
    static func seconds(_ value: Double, option: String, maximum: Double) throws {
        guard value.isFinite, value > 0, value <= maximum else {
            throw ValidationError("\(option) must be a number of seconds above 0 and at most \(Int(maximum)), not \(value)")
        }
    }

    /// Refuses a value outside `range`.
    /// - Throws: `ValidationError` naming `option` and the value.
    static func range(_ value: Int, _ range: ClosedRange<Int>, option: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
        }
    }
}
