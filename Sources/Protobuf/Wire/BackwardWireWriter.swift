/// Writes protobuf wire bytes back to front: the last field first, a value before its length
/// prefix and key. A length-delimited value's length is then simply how many bytes were
/// written since it began, so a tree (`JSONValue` attributes) goes out in one pass with no
/// size pass, no length placeholders and no bytes moved afterwards.
///
/// The bytes live at the end of the buffer: `base[start..<capacity]`. The buffer is either
/// caller-provided scratch (stack memory from `withUnsafeTemporaryAllocation`, or the storage
/// of an array sized exactly beforehand) or heap memory the writer owns; when it runs out the
/// writer moves what it has into a bigger heap buffer, so a wrong estimate costs a copy, never
/// memory safety.
struct BackwardWireWriter: ~Copyable {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    /// The first written byte.
    private var start: Int
    /// Whether `base` is the writer's to free (false for caller-provided scratch).
    private var owned: Bool

    /// A writer over heap memory of (at least) `capacity` bytes.
    init(capacity: Int) {
        let size = max(capacity, 64)
        base = .allocate(byteCount: size, alignment: 1)
        self.capacity = size
        start = size
        owned = true
    }

    /// A writer filling `scratch` from its end; the caller keeps ownership of `scratch`, which
    /// must outlive the writer.
    init(scratch: UnsafeMutableRawBufferPointer) {
        if let address = scratch.baseAddress, scratch.count > 0 {
            base = address
            capacity = scratch.count
            start = scratch.count
            owned = false
        } else {
            base = .allocate(byteCount: 64, alignment: 1)
            capacity = 64
            start = 64
            owned = true
        }
    }

    deinit {
        if owned { base.deallocate() }
    }

    /// Bytes written so far.
    var count: Int { capacity &- start }

    /// True when the bytes fill exactly the scratch the writer was created over (it never had
    /// to move to the heap), i.e. when an exact size computed beforehand was right.
    func fills(_ scratch: UnsafeMutableRawBufferPointer) -> Bool {
        !owned && start == 0 && capacity == scratch.count && UnsafeMutableRawPointer(base) == scratch.baseAddress
    }

    /// The bytes written, front to back (valid until the next write).
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base + start, count: count))
    }

    /// The bytes written, in a new array of exactly that size.
    func makeArray() -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: base + start, count: count))
    }

    // MARK: room

    /// Moves `start` down by `byteCount` and returns where those bytes go.
    @inline(__always)
    private mutating func claim(_ byteCount: Int) -> UnsafeMutableRawPointer {
        if _slowPath(start < byteCount) { grow(byteCount) }
        start &-= byteCount
        return base + start
    }

    @inline(never)
    private mutating func grow(_ byteCount: Int) {
        let used = count
        let size = max(capacity &* 2, used + byteCount + 64)
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
        (bigger + (size - used)).copyMemory(from: base + start, byteCount: used)
        if owned { base.deallocate() }
        base = bigger
        capacity = size
        start = size - used
        owned = true
    }

    // MARK: primitives (each prepends)

    @inline(__always)
    mutating func prependByte(_ byte: UInt8) {
        claim(1).storeBytes(of: byte, as: UInt8.self)
    }

    /// A base-128 varint.
    @inline(__always)
    mutating func prependVarint(_ value: UInt64) {
        if value < 0x80 {
            prependByte(UInt8(truncatingIfNeeded: value))
        } else {
            prependLongVarint(value)
        }
    }

    private mutating func prependLongVarint(_ value: UInt64) {
        let size = ProtobufSize.varint(value)
        let target = claim(size)
        var remaining = value
        var index = 0
        while remaining >= 0x80 {
            target.storeBytes(of: UInt8(truncatingIfNeeded: remaining) | 0x80, toByteOffset: index, as: UInt8.self)
            remaining >>= 7
            index += 1
        }
        target.storeBytes(of: UInt8(truncatingIfNeeded: remaining), toByteOffset: index, as: UInt8.self)
    }

    /// The length prefix of a value that began when ``count`` was `mark`.
    @inline(__always)
    mutating func prependLength(since mark: Int) {
        prependVarint(UInt64(truncatingIfNeeded: count &- mark))
    }

    /// Eight bytes, little-endian.
    @inline(__always)
    mutating func prependFixed64(_ value: UInt64) {
        claim(8).storeBytes(of: value.littleEndian, as: UInt64.self)
    }

    mutating func prependRaw(_ raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        claim(raw.count).copyMemory(from: source, byteCount: raw.count)
    }

    /// The bytes and their length prefix.
    mutating func prependLengthDelimited(_ raw: UnsafeRawBufferPointer) {
        prependRaw(raw)
        prependVarint(UInt64(raw.count))
    }

    /// The string's UTF-8 and its length prefix.
    mutating func prependLengthDelimited(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            prependLengthDelimited(UnsafeRawBufferPointer(utf8))
        }
        if done == nil {
            prependLengthDelimited(Array(text.utf8))  // a bridged string (not on Linux)
        }
    }

    /// The bytes and their length prefix.
    mutating func prependLengthDelimited(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in prependLengthDelimited(raw) }
    }
}

extension BackwardWireWriter {
    /// Runs `body` with a writer and hands the bytes it wrote to `result`: over stack scratch
    /// when `estimate` is small (the bytes are copied out once), else over heap memory.
    static func withWriter<R>(estimate: Int, _ body: (inout BackwardWireWriter) -> Void,
                              result: (borrowing BackwardWireWriter) -> R) -> R {
        if estimate <= stackScratchSize {
            return withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 1) { scratch in
                var writer = BackwardWireWriter(scratch: scratch)
                body(&writer)
                return result(writer)
            }
        }
        var writer = BackwardWireWriter(capacity: estimate)
        body(&writer)
        return result(writer)
    }

    /// Stack scratch up to this size (what `withUnsafeTemporaryAllocation` keeps on the stack).
    static var stackScratchSize: Int { 1024 }
}
