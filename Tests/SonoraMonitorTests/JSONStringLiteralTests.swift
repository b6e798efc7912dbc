import Foundation
import SonoraCore
import Testing
@testable import SonoraMonitor

@Suite struct JSONStringLiteralTests {
    /// The escapers the shared one replaced (log lines escaped DEL and U+2028/U+2029 too; track JSON
    /// and profile exports did not), kept as the reference the shared one must match byte for byte.
    static func reference(_ text: String, escapingDeleteAndLineSeparators: Bool) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20
                || (escapingDeleteAndLineSeparators && [0x7F, 0x2028, 0x2029].contains(scalar.value)):
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    static let samples: [String] = [
        "", "plain", "say \"hi\"", "back\\slash", "line\nfeed\r\n\ttab", "\u{0}\u{1}\u{1F} \u{7F}",
        "sep\u{2028}ara\u{2029}tors \u{2027}\u{202A}", "é 🎵 日本 ¨© ₨₩", "\u{E2}\u{80}", "a\u{2028}", "\u{2029}",
    ]

    @Test("The shared escaper writes what each replaced escaper wrote", arguments: samples, [false, true])
    func matchesTheReplacedEscapers(text: String, escapingDeleteAndLineSeparators: Bool) {
        let escaped = JSONStringLiteral.string(text, escapingDeleteAndLineSeparators: escapingDeleteAndLineSeparators)
        #expect(escaped == Self.reference(text, escapingDeleteAndLineSeparators: escapingDeleteAndLineSeparators))
        var bytes: [UInt8] = Array("x".utf8)
        JSONStringLiteral.append(text, to: &bytes, escapingDeleteAndLineSeparators: escapingDeleteAndLineSeparators)
        #expect(bytes == Array(("x" + escaped).utf8))
    }

    @Test("An escaped string parses back to the original text", arguments: samples)
    func roundTrips(text: String) throws {
        for flag in [false, true] {
            let data = Data(("[" + JSONStringLiteral.string(text, escapingDeleteAndLineSeparators: flag) + "]").utf8)
            let parsed = try #require(JSONSerialization.jsonObject(with: data) as? [String])
            #expect(parsed == [text])
        }
    }

    @Test("A log line escapes DEL and the line separators, and stays one line")
    func logLinesEscapeDeleteAndSeparators() {
        #expect(JSONText.string("a\u{7F}b\u{2028}c\u{2029}\n") == "\"a\\u007fb\\u2028c\\u2029\\n\"")
        #expect(JSONStringLiteral.string("a\u{7F}b\u{2028}") == "\"a\u{7F}b\u{2028}\"")
    }
}
