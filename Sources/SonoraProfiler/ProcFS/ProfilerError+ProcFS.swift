extension ProfilerError.Code {
    /// A `/proc` file was read but a line in it did not have the expected shape.
    public static let malformedProcFile = ProfilerError.Code(rawValue: "malformedProcFile")
    /// An ELF object could not be parsed for symbols.
    public static let malformedObjectFile = ProfilerError.Code(rawValue: "malformedObjectFile")
}
