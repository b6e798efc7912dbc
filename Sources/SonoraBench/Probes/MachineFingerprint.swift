/// What makes two runs' timings comparable: the hardware, the kernel and the host.
public struct MachineFingerprint: Sendable, Codable, Hashable {
    public var cpuModel: String
    public var cores: Int
    public var memoryBytes: UInt64
    public var kernel: String
    /// FNV-1a hash of the host name, so reports do not leak it.
    public var hostnameHash: String

    public init(cpuModel: String, cores: Int, memoryBytes: UInt64, kernel: String, hostnameHash: String) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.kernel = kernel
        self.hostnameHash = hostnameHash
    }

    /// The fields that differ from `other`, by name; empty when the machines match.
    public func differences(from other: MachineFingerprint) -> [String] {
        var fields: [String] = []
        if cpuModel != other.cpuModel { fields.append("CPU model (\(other.cpuModel) vs \(cpuModel))") }
        if cores != other.cores { fields.append("cores (\(other.cores) vs \(cores))") }
        // Memory is compared in whole GiB: the kernel's reported total moves by a few pages.
        if memoryBytes >> 30 != other.memoryBytes >> 30 { fields.append("memory") }
        if kernel != other.kernel { fields.append("kernel (\(other.kernel) vs \(kernel))") }
        if hostnameHash != other.hostnameHash { fields.append("host") }
        return fields
    }
}
