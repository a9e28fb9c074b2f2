#if canImport(Glibc)
import Glibc
#endif

/// Writes a file, whole or in pieces, without ever leaving half of it: the pieces go to a temporary
/// file in the same folder, which replaces the target only on `commit` (fsync, rename, fsync of
/// the folder). Dropped without commit, it removes the temporary file. Every save goes through it.
public final class StreamingFile {
    public let path: String
    private let temporary: String
    private var fd: Int32
    private var pending = GatheredWrites()
    /// Bytes written to the temporary file so far.
    private var written = 0
    private var committed = false

    public init(path: String, mode: mode_t = 0o644) throws(FileIOError) {
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
    }

    deinit {
        if !committed {
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
