#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// Writes a file, whole or in pieces, without ever leaving half of it: the pieces go to a temporary
/// file in the same folder, which replaces the target only on `commit` (fsync, rename, fsync of
/// the folder). Dropped without commit, it removes the temporary file. Every save goes through it.
public final class StreamingFile {
    public let path: String
    private let temporary: String
    private var fd: Int32
    private var pending = GatheredWrites()
    /// Set when the file is written past the page cache (`bypassingCache`).
    private var behind: WriteBehind?
    /// Bytes written to the temporary file so far.
    private var written = 0
    private var committed = false

    /// `bypassingCache`: for a large export. The bytes go to the disk straight from memory, two
    /// megabytes at a time, written by threads of their own while the caller goes on (`WriteBehind`);
    /// where the file system cannot, they are written as usual.
    public init(path: String, mode: mode_t = 0o644, bypassingCache: Bool = false) throws(FileIOError) {
        self.path = path
        let directory = FileIO.parentDirectory(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? "export"
        var template = Array((directory + "/." + base + ".tmp-XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileIOError(path: path, operation: "write", code: errno) }
        temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if fchmod(fd, mode) != 0 {
            let code = errno
            close(fd)
            unlink(temporary)
            committed = true // nothing left for deinit to clean up
            throw FileIOError(path: path, operation: "write", code: code)
        }
        if bypassingCache { behind = WriteBehind(fd: fd, path: path) }
    }

    deinit {
        if !committed {
            // The writing threads are done with the descriptor before it is closed (its number could
            // be given to another file at once).
            behind?.wait()
            if fd >= 0 { close(fd) }
            unlink(temporary)
        }
    }

    /// A string's UTF-8, written from where the string keeps it.
    public func write(_ text: String) throws(FileIOError) {
        var text = text
        try text.withUTF8 { bytes in Result { () throws(FileIOError) in try write(bytes: bytes) } }.get()
    }

    public func write(bytes: [UInt8]) throws(FileIOError) {
        try bytes.withUnsafeBufferPointer { (bytes) throws(FileIOError) in try write(bytes: bytes) }
    }

    public func write(bytes: UnsafeBufferPointer<UInt8>) throws(FileIOError) {
        if let behind { return try behind.add(bytes) }
        try pending.add(bytes, put: put)
    }

    private func put(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileIOError) {
        try FileIO.writeAll(bytes, to: fd, path: path)
        // Start writing this piece to disk now, without waiting for it: the fsync of `commit`
        // then has little left to wait for (a 124 MB export spent 33 ms in its fsync).
        #if os(Linux)
        _ = startWriteback(fd, Int64(written), Int64(bytes.count), syncFileRangeWrite)
        #endif
        written += bytes.count
    }

    /// Puts the file in place. `replacing: false` never replaces an existing file, even one that
    /// appeared a moment ago (the temporary file is linked to the name, which fails if it exists):
    /// then it returns false and leaves everything as it was.
    @discardableResult
    public func commit(replacing: Bool = true) throws(FileIOError) -> Bool {
        try behind?.finish()
        try pending.flush(put)
        let injected = FaultInjection.failure(for: .fsync)
        if injected != 0 || fsync(fd) != 0 { throw FileIOError(path: path, operation: "write", code: injected != 0 ? injected : errno) }
        let closed = close(fd)
        fd = -1
        if closed != 0 { throw FileIOError(path: path, operation: "write", code: errno) }
        let renamed = FaultInjection.failure(for: .rename)
        if renamed != 0 { throw FileIOError(path: path, operation: "write", code: renamed) }
        if replacing {
            if rename(temporary, path) != 0 { throw FileIOError(path: path, operation: "write", code: errno) }
        } else {
            if link(temporary, path) != 0 {
                if errno == EEXIST { return false }
                throw FileIOError(path: path, operation: "write", code: errno)
            }
            unlink(temporary)
        }
        committed = true
        let directory = open(FileIO.parentDirectory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
        return true
    }
}

/// Writes a file past the page cache (O_DIRECT) on threads of its own. The caller's bytes are
/// copied into one of three buffers of two megabytes, aligned as direct writes need; a full one is
/// handed over to be written, two at once, and the caller goes on in the next, waiting only when the
/// disk is behind by two buffers. What does not fill a buffer is written as usual by `finish`.
///
/// Measured on a 124 MB export: written through the page cache, the kernel's copy into it and its
/// file-system work took a sixth of the two cores' time; past it, the copy is the disk's. Two
/// writes at once and buffers of two megabytes rather than one write of four: 143 -> 137 ms median
/// (the last buffers, waited for at the end, are smaller).
final class WriteBehind: @unchecked Sendable {
    static let size = 2 << 20
    private let fd: Int32
    private let path: String
    /// Whether the file is open for direct writes; cleared when the file system refuses them.
    private let direct = Mutex(false)
    /// The buffers, and which one the caller fills.
    private let buffers: [UnsafeMutableRawPointer]
    private var current = 0
    private var filled = 0
    private var written = 0
    private let spare = Mutex<[Int]>([1, 2])
    private let slots = DispatchSemaphore(value: 2)
    /// Two buffers are written at once: a virtual disk here took 1.1 GB/s from one writer and 1.9 from
    /// two.
    private let queue = DispatchQueue(label: "partnercheck.write-behind", attributes: .concurrent)
    private let writing = DispatchGroup()
    private let failure = Mutex<FileIOError?>(nil)

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffers = (0..<3).map { _ in
            var memory: UnsafeMutableRawPointer?
            guard posix_memalign(&memory, 4096, Self.size) == 0, let memory else { fatalError("out of memory for write buffers") }
            return memory
        }
        let on = Self.setDirect(fd, true)
        direct.withLock { $0 = on }
    }

    deinit {
        wait()
        for buffer in buffers { Glibc.free(buffer) }
    }

    /// Returns when every buffer handed over is written (or failed).
    func wait() {
        writing.wait()
    }

    func add(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileIOError) {
        if let error = failure.withLock({ $0 }) { throw error }
        guard var source = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let taken = min(left, Self.size - filled)
            (buffers[current] + filled).copyMemory(from: source, byteCount: taken)
            filled += taken
            source += taken
            left -= taken
            if filled == Self.size { send() }
        }
    }

    /// Hands the full buffer over to be written and takes a spare one, waiting for it if need be.
    private func send() {
        let full = current
        let offset = written
        queue.async(group: writing) { [self] in
            if failure.withLock({ $0 == nil }) {
                do throws(FileIOError) {
                    try write(buffer: full, count: Self.size, at: offset)
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            spare.withLock { $0.append(full) }
            slots.signal()
        }
        written += Self.size
        slots.wait()
        current = spare.withLock { $0.removeLast() }
        filled = 0
    }

    /// Writes a buffer at its place in the file; a file system that refuses direct writes (EINVAL)
    /// gets it, and all after it, written as usual.
    private func write(buffer: Int, count: Int, at offset: Int) throws(FileIOError) {
        let bytes = UnsafeBufferPointer(start: buffers[buffer].assumingMemoryBound(to: UInt8.self), count: count)
        do {
            try FileIO.writeAll(bytes, to: fd, path: path, at: offset)
        } catch where error.code == EINVAL {
            // Refused as a direct write: the whole buffer once more, as usual, at its place (the other
            // writer may have turned direct writes off already).
            direct.withLock { on in if on { on = Self.setDirect(fd, false) } }
            try FileIO.writeAll(bytes, to: fd, path: path, at: offset)
        }
    }

    /// Waits for the buffers handed over, then writes what is left as usual (it need not fill a block).
    func finish() throws(FileIOError) {
        wait()
        if let error = failure.withLock({ $0 }) { throw error }
        direct.withLock { on in if on { on = Self.setDirect(fd, false) } }
        try write(buffer: current, count: filled, at: written)
        written += filled
        filled = 0
    }

    /// Turns direct writes on or off; returns whether they are on.
    private static func setDirect(_ fd: Int32, _ on: Bool) -> Bool {
        #if os(Linux) && arch(x86_64)
        let flag: Int32 = 0o40000
        #elseif os(Linux) && (arch(arm64) || arch(arm))
        let flag: Int32 = 0o200000
        #else
        return false
        #endif
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { return false }
        let changed = fcntl(fd, F_SETFL, on ? flags | flag : flags & ~flag) == 0
        return on ? changed : !changed
    }
}

#if os(Linux)
/// glibc's sync_file_range(2), which the Glibc module leaves out (it is a GNU extension):
/// `int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags)`.
@_silgen_name("sync_file_range")
private func startWriteback(_ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32) -> Int32
/// SYNC_FILE_RANGE_WRITE: start writing the dirty pages of the range, do not wait.
private let syncFileRangeWrite: UInt32 = 2
#endif

/// Pieces of output gathered into writes of a megabyte; a piece that large is passed on as it is.
/// For an export to a file or to stdout, which arrives in many small pieces.
public struct GatheredWrites {
    private static let size = 1 << 20
    private var buffer: [UInt8] = []

    public init() {}

    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>,
                             put: (UnsafeBufferPointer<UInt8>) throws(FileIOError) -> Void) throws(FileIOError) {
        if buffer.count + bytes.count < Self.size {
            buffer.append(contentsOf: bytes)
            return
        }
        try flush(put)
        if bytes.count < Self.size { buffer.append(contentsOf: bytes) } else { try put(bytes) }
    }

    /// Passes on what is gathered.
    public mutating func flush(_ put: (UnsafeBufferPointer<UInt8>) throws(FileIOError) -> Void) throws(FileIOError) {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { (bytes) throws(FileIOError) in try put(bytes) }
        buffer.removeAll(keepingCapacity: true)
    }
}
