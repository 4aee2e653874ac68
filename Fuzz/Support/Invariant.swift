// Shared by every harness (compiled into each one): stop the run when a property fails.
//
// libFuzzer only notices a crash, so a broken invariant must crash: the message goes to
// stderr and `abort()` raises SIGABRT, which libFuzzer records with the input that caused it.

#if canImport(Glibc)
import Glibc
#endif

/// Aborts the fuzz run, naming the property that failed, unless `condition` holds.
@inline(__always)
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
               file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        fputs("INVARIANT VIOLATED at \(file):\(line): \(message())\n", stderr)
        abort()
    }
}

/// The fuzz input as an array (libFuzzer may pass a null pointer with a count of 0).
func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    guard let data, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: count))
}

/// A split point inside `count` bytes chosen by `selector`, so a split is part of the input.
func splitPoint(_ selector: UInt8, _ count: Int) -> Int {
    count == 0 ? 0 : Int(selector) % (count + 1)
}
