extension Array {
    /// The index of the first element whose `key` is greater than `value`, in an array sorted by `key`:
    /// the element before it, if any, is the last one at or below `value`.
    /// - Parameters:
    ///   - value: The address (or other key) looked up.
    ///   - key: The key the array is sorted by.
    /// - Returns: A position in `0...count`.
    /// - Complexity: O(log n).
    func upperBound(of value: UInt64, by key: (Element) -> UInt64) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if key(self[middle]) <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
