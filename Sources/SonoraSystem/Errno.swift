#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A C `errno` value with readable names, in the manner of swift-system's `Errno`.
///
/// Its description gives the symbolic name and the C library's text, for example
/// `ENOENT (No such file or directory)`.
public struct Errno: RawRepresentable, Hashable, Error, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's current `errno`.
    public static var current: Errno { Errno(rawValue: Glibc.errno) }

    /// `EINTR`: a signal interrupted the call; ``Syscall`` retries these.
    public static let interrupted = Errno(rawValue: EINTR)
    /// `ENOENT`.
    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    /// `EACCES`.
    public static let permissionDenied = Errno(rawValue: EACCES)
    /// `EPERM`.
    public static let notPermitted = Errno(rawValue: EPERM)
    /// `EROFS`.
    public static let readOnlyFileSystem = Errno(rawValue: EROFS)
    /// `EINVAL`.
    public static let invalidArgument = Errno(rawValue: EINVAL)
    /// `EBADF`.
    public static let badFileDescriptor = Errno(rawValue: EBADF)
    /// `EADDRINUSE`.
    public static let addressInUse = Errno(rawValue: EADDRINUSE)
    /// `EAGAIN`.
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    /// `ENOTDIR`.
    public static let notDirectory = Errno(rawValue: ENOTDIR)

    private static let names: [Int32: String] = [
        EINTR: "EINTR", ENOENT: "ENOENT", EACCES: "EACCES", EPERM: "EPERM", EROFS: "EROFS", EINVAL: "EINVAL",
        EBADF: "EBADF", EADDRINUSE: "EADDRINUSE", EAGAIN: "EAGAIN", ENOTDIR: "ENOTDIR", ENOMEM: "ENOMEM",
        EMFILE: "EMFILE", ENFILE: "ENFILE", EEXIST: "EEXIST", EISDIR: "EISDIR", ENOSPC: "ENOSPC", ESRCH: "ESRCH",
    ]

    /// The symbolic name, such as `ENOENT`, or `errno <n>` for a value without a name here.
    public var name: String { Self.names[rawValue] ?? "errno \(rawValue)" }

    public var description: String { "\(name) (\(String(cString: strerror(rawValue))))" }
}
