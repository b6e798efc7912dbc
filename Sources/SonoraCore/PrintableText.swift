/// Text from outside the program (a scraped label value, a function name read from a binary, a line
/// of a file that failed to parse) made safe to print on a terminal: control characters become
/// visible `\u{1B}`-style text, so they cannot move the cursor, set the window title or ring the bell.
public enum PrintableText {
    /// `text` with every control character (U+0000–U+001F, U+007F and U+0080–U+009F, which some
    /// terminals read as 8-bit escape sequences) written as `\u{HEX}`.
    ///
    /// ```swift
    /// PrintableText.escapingControls("evil\u{1B}[31m")   // "evil\\u{1B}[31m"
    /// ```
    ///
    /// - Parameter text: Any text.
    /// - Returns: The text, unchanged when it has no control character.
    /// - Complexity: O(*n*) in the length of `text`.
    public static func escapingControls(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return String(text) }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The start of `text` for an error message: at most `limit` Unicode scalars (the last three
    /// `...` when it is cut), with controls escaped as ``escapingControls(_:)`` does.
    ///
    /// - Parameters:
    ///   - text: The text, for example a line that did not parse.
    ///   - limit: The most scalars kept, at least 4.
    /// - Returns: The excerpt.
    /// - Complexity: O(`limit`): a long line is not read to its end.
    public static func excerpt(_ text: some StringProtocol, limit: Int = 80) -> String {
        let limit = max(limit, 4)
        var scalars = text.unicodeScalars.prefix(limit + 1).map { $0 }
        var cut = false
        if scalars.count > limit {
            scalars = Array(scalars.prefix(limit - 3))
            cut = true
        }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars)
        return escapingControls(String(kept)) + (cut ? "..." : "")
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
