import Foundation

/// Makes one source tree equal to another while touching only what differs, so an incremental
/// build of the target tree recompiles only the changed files (SwiftPM goes by modification time).
enum SourceSync {
    /// Makes `target` hold exactly the files and symbolic links of `source`.
    ///
    /// A file whose bytes and permissions are equal is left alone; a different one is replaced by
    /// moving the source's copy in, stamped with the current time; a file or link that `source`
    /// does not have is removed.
    ///
    /// - Parameters:
    ///   - source: The new tree; files are moved out of it.
    ///   - target: The tree to update; created if missing.
    /// - Returns: How many files were added, replaced or removed.
    /// - Throws: A file-system error.
    static func sync(from source: URL, to target: URL) throws -> Int {
        let manager = FileManager.default
        try manager.createDirectory(at: target, withIntermediateDirectories: true)
        let wanted = try entries(of: source)
        var changed = 0
        for path in wanted.sorted() {
            let from = source.appendingPathComponent(path)
            let to = target.appendingPathComponent(path)
            if try same(from, to) { continue }
            try manager.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
            if (try? manager.attributesOfItem(atPath: to.path)) != nil { try manager.removeItem(at: to) }
            try manager.moveItem(at: from, to: to)
            // `git archive` stamps every file with the commit's time, to the second; the Swift
            // driver skips a file whose time equals the one it recorded, even when its bytes differ.
            if (try? manager.destinationOfSymbolicLink(atPath: to.path)) == nil {
                try manager.setAttributes([.modificationDate: Date()], ofItemAtPath: to.path)
            }
            changed += 1
        }
        for path in try entries(of: target) where !wanted.contains(path) {
            try manager.removeItem(at: target.appendingPathComponent(path))
            changed += 1
        }
        return changed
    }

    /// Relative paths of every regular file and symbolic link under `root`.
    static func entries(of root: URL) throws -> Set<String> {
        let manager = FileManager.default
        var found: Set<String> = []
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root.appendingPathComponent(relative)
            for name in try manager.contentsOfDirectory(atPath: folder.path) {
                let path = relative.isEmpty ? name : relative + "/" + name
                let type = try manager.attributesOfItem(atPath: root.appendingPathComponent(path).path)[.type] as? FileAttributeType
                if type == .typeDirectory { pending.append(path) } else { found.insert(path) }
            }
        }
        return found
    }

    private static func same(_ a: URL, _ b: URL) throws -> Bool {
        let manager = FileManager.default
        guard let left = try? manager.attributesOfItem(atPath: a.path), let right = try? manager.attributesOfItem(atPath: b.path) else {
            return false
        }
        let leftType = left[.type] as? FileAttributeType
        guard leftType == right[.type] as? FileAttributeType else { return false }
        if leftType == .typeSymbolicLink {
            return try manager.destinationOfSymbolicLink(atPath: a.path) == manager.destinationOfSymbolicLink(atPath: b.path)
        }
        guard (left[.size] as? NSNumber) == (right[.size] as? NSNumber),
            (left[.posixPermissions] as? NSNumber) == (right[.posixPermissions] as? NSNumber)
        else { return false }
        return try Data(contentsOf: a) == Data(contentsOf: b)
    }
}
