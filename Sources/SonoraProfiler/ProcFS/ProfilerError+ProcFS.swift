extension ProfilerError.Code {
    /// A `/proc` file was read but a line in it did not have the expected shape.
    public static let malformedProcFile = ProfilerError.Code(rawValue: "malformedProcFile")
    /// An ELF object could not be parsed for symbols.
    public static let malformedObjectFile = ProfilerError.Code(rawValue: "malformedObjectFile")
}

extension ProfilerError {
    /// An error naming the `/proc` file and the 1-based line that could not be parsed.
    ///
    /// - Parameters:
    ///   - path: The file that was parsed, for example `/proc/self/status`.
    ///   - lineNumber: The 1-based line number, or `nil` when the problem is the file as a whole.
    ///   - line: The offending line's text.
    ///   - reason: What was wrong with it.
    static func malformedProc(path: String, lineNumber: Int?, line: String?, reason: String) -> ProfilerError {
        var message = "\(path)"
        if let lineNumber { message += ", line \(lineNumber)" }
        message += ": \(reason)"
        if let line { message += " in \"\(line)\"" }
        return ProfilerError(.malformedProcFile, message)
    }
}
