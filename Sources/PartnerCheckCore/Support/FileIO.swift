#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A failed file operation: what was attempted, on which path, and the system's reason.
public struct FileIOError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var reason: String { String(cString: strerror(code)) }
    public var description: String { "\(path): cannot \(operation): \(reason)" }
}

/// Small POSIX file helpers with errno-precise errors, and the atomic write every save uses.
public enum FileIO {
    public static func read(_ path: String) throws(FileIOError) -> Data {
        Data(try readBytes(path))
    }

    /// The whole file as bytes: sized from fstat, read straight into place.
    public static func readBytes(_ path: String) throws(FileIOError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIOError(path: path, operation: "read", code: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileIOError(path: path, operation: "read", code: errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FileIOError(path: path, operation: "read", code: EISDIR) }
        // One byte more than its size, so that the read which fills it finds the end at once.
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        let count = try readToEnd(fd, path: path, into: &bytes)
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Reads `fd` to its end into `buffer` from its start, the buffer doubled whenever the file
    /// fills it (the file grew, or is a pipe); returns how many bytes were read.
    static func readToEnd(_ fd: Int32, path: String, into buffer: inout [UInt8]) throws(FileIOError) -> Int {
        var count = 0
        while true {
            if count == buffer.count { buffer += [UInt8](repeating: 0, count: max(buffer.count, 65536)) }
            let got = buffer.withUnsafeMutableBufferPointer { room in Glibc.read(fd, room.baseAddress! + count, room.count - count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw FileIOError(path: path, operation: "read", code: errno)
            }
            if got == 0 { return count }
            count += got
        }
    }

    /// Names of the entries of a directory (without "." and ".."), in the order of their bytes.
    public static func list(_ directory: String) throws(FileIOError) -> [String] {
        try list(directory, prefix: "") { _ in true }
    }

    /// The entries of a directory whose names (as bytes, without "." and "..") `keep` accepts, each
    /// as `prefix` followed by its name, in the order of the names' bytes (as `LC_ALL=C ls` lists
    /// them). Each name is looked at where `readdir` leaves it, and only the kept ones become strings:
    /// a workshop folder of 10,000 files was listed, filtered and sorted as strings in 7 ms, 3 of
    /// them the kernel's.
    public static func list(_ directory: String, prefix: String,
                            keep: (UnsafeBufferPointer<UInt8>) -> Bool) throws(FileIOError) -> [String] {
        guard let dir = opendir(directory) else {
            throw FileIOError(path: directory, operation: "list", code: errno)
        }
        defer { closedir(dir) }
        var prefix = prefix
        var entries: [String] = []
        prefix.withUTF8 { prefix in
            while let entry = readdir(dir) {
                withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    let name = UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                                   count: strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count))
                    if name.elementsEqual(".".utf8) || name.elementsEqual("..".utf8) || !keep(name) { return }
                    entries.append(String(unsafeUninitializedCapacity: prefix.count + name.count) { room in
                        room[room.initialize(fromContentsOf: prefix)...].initialize(fromContentsOf: name)
                    })
                }
            }
        }
        return sortedByBytes(entries)
    }

    /// `strings` in the order of their UTF-8 bytes. Names in a folder tend to share a long start
    /// ("2026-11-10-person-"): that is skipped, and each string is ordered by the eight bytes after
    /// it first, as one number, compared in full only when those are equal. Invalid UTF-8 in a name
    /// has become U+FFFD by then, and is ordered as that.
    static func sortedByBytes(_ strings: [String]) -> [String] {
        guard strings.count > 1 else { return strings }
        var strings = strings
        var first = strings[0]
        var shared = first.utf8.count
        first.withUTF8 { first in
            for index in strings.indices.dropFirst() where shared > 0 {
                strings[index].withUTF8 { bytes in
                    var same = 0
                    while same < min(shared, bytes.count) && bytes[same] == first[same] { same += 1 }
                    shared = same
                }
            }
        }
        var keyed: [(key: UInt64, index: Int)] = []
        keyed.reserveCapacity(strings.count)
        for index in strings.indices {
            strings[index].withUTF8 { bytes in
                var key: UInt64 = 0
                for offset in shared..<(shared + 8) {
                    key = key << 8 | UInt64(offset < bytes.count ? bytes[offset] : 0)
                }
                keyed.append((key, index))
            }
        }
        keyed.sort { a, b in
            if a.key != b.key { return a.key < b.key }
            return strings[a.index].utf8.lexicographicallyPrecedes(strings[b.index].utf8)
        }
        return keyed.map { strings[$0.index] }
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates `path` and any missing parents with mode 0700.
    public static func makeDirectory(_ path: String) throws(FileIOError) {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if parent != path && !parent.isEmpty && !isDirectory(parent) {
            try makeDirectory(parent)
        }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw FileIOError(path: path, operation: "create the directory", code: errno)
        }
    }

    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Creates an empty file that did not exist before (O_EXCL), mode 0600.
    /// Returns false when the name is taken.
    public static func reserve(_ path: String) throws(FileIOError) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw FileIOError(path: path, operation: "create the file", code: errno)
        }
        close(fd)
        return true
    }

    /// Writes every byte to a file descriptor, retrying short writes and interruptions.
    /// `path` names the destination in the error ("stdout" for standard output).
    public static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(FileIOError) {
        try bytes.withUnsafeBufferPointer { (bytes) throws(FileIOError) in try writeAll(bytes, to: fd, path: path) }
    }

    /// `at`: written at that place in the file (pwrite), not at the descriptor's position, so that
    /// several threads may write their parts of one file at once.
    public static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32, path: String, at place: Int? = nil) throws(FileIOError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            // Faults are injected into file writes, not into what is shown on the terminal.
            let injected = fd > 2 ? FaultInjection.failure(for: .write) : 0
            if injected != 0 { throw FileIOError(path: path, operation: "write", code: injected) }
            let written = place.map { pwrite(fd, base + offset, bytes.count - offset, off_t($0 + offset)) }
                ?? Glibc.write(fd, base + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { throw FileIOError(path: path, operation: "write", code: written < 0 ? errno : EIO) }
            offset += written
        }
    }

    /// Creates `path` with `bytes` in one step: written to a temporary file in the same folder,
    /// fsynced, then linked into place, which fails if the name exists. The name therefore never
    /// shows an empty or half-written file, whenever the process is killed. False when `path`
    /// already exists (nothing is changed then).
    public static func createNew(_ bytes: [UInt8], at path: String, mode: mode_t = 0o600) throws(FileIOError) -> Bool {
        let file = try StreamingFile(path: path, mode: mode)
        try file.write(bytes: bytes)
        return try file.commit(replacing: false)
    }

    /// Writes `data` to `path` so that the file is either the old or the new content, never
    /// half of one (see `StreamingFile`: a temporary file in the same directory, fsync, rename,
    /// fsync of the directory).
    public static func writeAtomically(_ data: Data, to path: String, mode: mode_t = 0o600) throws(FileIOError) {
        let file = try StreamingFile(path: path, mode: mode)
        try file.write(bytes: [UInt8](data))
        try file.commit()
    }
}

/// Linux's O_PATH (the same number on x86-64 and ARM64), which the Glibc module leaves out: it is a
/// GNU extension. A folder opened so is only a place to look names up from.
#if os(Linux)
private let openPath: Int32 = 0o10000000
#else
private let openPath: Int32 = O_RDONLY
#endif

/// Reads the thousands of files of a bulk read one after another: each into one buffer, grown when
/// a file does not fit and kept for the next (no sizing and no allocation per file), and each
/// opened from its folder, which is opened once, instead of by its whole path (the kernel walked
/// every component of every path again: 3% of reading a 10,000-file workshop).
public struct FileReader: ~Copyable {
    /// The last file read: its bytes are the first of this buffer, as many as `read` returned.
    public private(set) var buffer: [UInt8] = []
    /// The folder open in `folderFD`, as the start of a path up to and including its last "/".
    private var folder: [CChar] = []
    private var folderFD: Int32 = -1
    /// The texts the session files of a bulk read repeat, kept from file to file with the buffer.
    public let texts = RecurringTexts()

    public init() {}

    deinit {
        if folderFD >= 0 { close(folderFD) }
    }

    /// Reads the file at `path` whole; returns how many bytes of `buffer` it filled. A folder fails
    /// with EISDIR, and every failure names `path`, as opening it by its path would.
    public mutating func read(_ path: String) throws(FileIOError) -> Int {
        let fd = open(path)
        guard fd >= 0 else { throw FileIOError(path: path, operation: "read", code: errno) }
        defer { close(fd) }
        if buffer.count < 65536 { buffer = [UInt8](repeating: 0, count: 65536) }
        return try FileIO.readToEnd(fd, path: path, into: &buffer)
    }

    private mutating func open(_ path: String) -> Int32 {
        path.withCString { path in
            var slash = strlen(path)
            while slash > 0 && path[slash - 1] != CChar(UInt8(ascii: "/")) { slash -= 1 }
            guard slash > 0 else { return Glibc.open(path, O_RDONLY | O_CLOEXEC) }
            if slash != folder.count || memcmp(folder, path, slash) != 0 {
                if folderFD >= 0 { close(folderFD) }
                folder = Array(UnsafeBufferPointer(start: path, count: slash))
                // Opened only to look names up in (O_PATH): a folder that may be searched but not
                // listed still works, as it does for a whole path.
                folderFD = (folder + [0]).withUnsafeBufferPointer { Glibc.open($0.baseAddress!, openPath | O_DIRECTORY | O_CLOEXEC) }
            }
            // A folder that cannot be opened: the path is opened whole, and fails as it would.
            guard folderFD >= 0 else { return Glibc.open(path, O_RDONLY | O_CLOEXEC) }
            return openat(folderFD, path + slash, O_RDONLY | O_CLOEXEC)
        }
    }
}
