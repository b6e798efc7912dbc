import Glibc

/// `harness MODE SIZE OPS`: builds a pool of queues holding about 10,000 tracks in all, as `QueueSuite` does,
/// then runs OPS operations round robin over fresh copies; callgrind's count for two OPS values gives the
/// instructions per operation. MODE: `next`, `harness` (the pick and the sink only), `append`, `skip`, `back`.
@main enum Main {
    @inline(never) static func sink(_ pointer: UnsafeRawPointer) { blackHoleWord &+= UInt(bitPattern: pointer) & 1 }
    nonisolated(unsafe) static var blackHoleWord: UInt = 0

    static func track(_ index: Int) -> Track {
        var track = Track(title: "Track \(index) of the instruction harness", author: "Sonora", length: 212_000,
            identifier: "instructions-\(index)-abcdefghijkl", isStream: false, sourceName: "youtube")
        track.position = 0
        return track
    }

    static func main() {
        let arguments = CommandLine.arguments
        let mode = arguments[1], size = Int(arguments[2])!, operations = Int(arguments[3])!
        let pool = max(1, 10_000 / size)
        let tracks = (0...size).map(track)
        var pristine = TrackQueue(options: .init(historyCapacity: mode == "back" ? size : 25))
        try! pristine.append(contentsOf: tracks.prefix(size))
        if mode == "back" {
            while pristine.next() != nil {}
            try! pristine.append(contentsOf: tracks.prefix(size))
        }
        let queues = UnsafeMutableBufferPointer<TrackQueue>.allocate(capacity: pool)
        let extra = tracks[size]
        var done = 0
        while done < operations {
            // A fresh copy of every queue (untimed in the suite), then at most half of each queue's tracks.
            for index in 0..<pool {
                var copy = pristine
                try! copy.append(extra)
                _ = try! copy.remove(at: copy.count - 1)
                (queues.baseAddress! + index).initialize(to: copy)
            }
            let batch = min(operations - done, pool * size / 2)
            var next = 0
            for _ in 0..<batch {
                let index = next
                next = index + 1 == pool ? 0 : index + 1
                switch mode {
                case "next": withUnsafePointer(to: queues[index].next()) { sink($0) }
                case "harness": withUnsafePointer(to: extra) { sink($0) }
                case "append": try! queues[index].append(extra)
                case "skip": withUnsafePointer(to: try! queues[index].skip(3)) { sink($0) }
                case "back": withUnsafePointer(to: try! queues[index].back()) { sink($0) }
                default: fatalError("unknown mode \(mode)")
                }
            }
            done += batch
            _ = queues.baseAddress!.deinitialize(count: pool)
        }
    }
}
