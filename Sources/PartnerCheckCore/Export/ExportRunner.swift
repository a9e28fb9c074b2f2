import Dispatch

/// Reads session files and formats their rows on all cores, in batches, handing the bytes over in
/// file order: the output is the same whatever the number of cores, and memory holds two batches.
public enum ExportRunner {
    /// Batch k is handed to `write` (and its skipped files to `skipped`, in file order) while batch
    /// k + 1 is read and formatted, so the cores are not idle while the output is written. Each
    /// worker formats its run of a batch's files into one buffer it keeps from batch to batch.
    public static func run(files: [String], exporter: Exporter, anonymous: Bool, workers: Int, batch: Int = 512,
                           write: (UnsafeBufferPointer<UInt8>) throws -> Void, skipped: (String) -> Void) throws {
        try withoutActuallyEscaping(write) { write in
            try withoutActuallyEscaping(skipped) { skipped in
                let writer = Writer(write: write, skipped: skipped)
                // Two sets of parts: one being formatted while the other is written.
                let sets = [(0..<workers).map { _ in Part() }, (0..<workers).map { _ in Part() }]
                var pending: [Part]? = nil
                var start = 0
                var set = 0
                while start < files.count || pending != nil {
                    let end = min(files.count, start + batch)
                    let parts = sets[set]
                    let previous = pending
                    let first = start
                    let per = (end - start + workers - 1) / workers
                    DispatchQueue.concurrentPerform(iterations: workers + 1) { worker in
                        if worker == workers {
                            if let previous { writer.hand(previous) }
                            return
                        }
                        let part = parts[worker]
                        part.reset()
                        var reader = FileReader()
                        for index in min(end, first + worker * per)..<min(end, first + (worker + 1) * per) {
                            do {
                                let session = try SessionStore.read(path: files[index], reader: &reader, detail: .whole)
                                exporter.append(session, anonymousLabel: anonymous ? "Participant \(index + 1)" : nil, to: &part.bytes)
                            } catch let error as SessionFileError {
                                part.failures.append((part.bytes.count, error))
                            } catch {
                                part.failures.append((part.bytes.count, .malformedJSON(file: files[index], detail: "unreadable")))
                            }
                        }
                    }
                    if let failure = writer.failure { throw failure }
                    pending = start < end ? parts : nil
                    start = end
                    set = 1 - set
                }
            }
        }
    }

    /// One worker's run of a batch: its rows, and the files it skipped with where in the rows each was.
    private final class Part: @unchecked Sendable {
        var bytes = ByteBuffer(capacity: 1 << 20)
        var failures: [(offset: Int, error: SessionFileError)] = []

        func reset() {
            bytes.removeAll()
            failures.removeAll(keepingCapacity: true)
        }
    }

    /// Hands a finished batch over in file order; used by one iteration at a time.
    private final class Writer: @unchecked Sendable {
        let write: (UnsafeBufferPointer<UInt8>) throws -> Void
        let skipped: (String) -> Void
        var failure: (any Error)?

        init(write: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void, skipped: @escaping (String) -> Void) {
            self.write = write
            self.skipped = skipped
        }

        func hand(_ parts: [Part]) {
            guard failure == nil else { return }
            do {
                for part in parts {
                    try part.bytes.withBytes { bytes in
                        var written = 0
                        for (offset, error) in part.failures {
                            try write(UnsafeBufferPointer(rebasing: bytes[written..<offset]))
                            written = offset
                            skipped(error.description)
                        }
                        try write(UnsafeBufferPointer(rebasing: bytes[written...]))
                    }
                }
            } catch {
                failure = error
            }
        }
    }
}
