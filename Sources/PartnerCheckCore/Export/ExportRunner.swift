import Dispatch
import Synchronization

/// Reads session files and formats their rows on all cores, a chunk of files at a time, and writes the
/// chunks in file order: the output is the same whatever the number of cores.
public enum ExportRunner {
    /// Each worker takes the next chunk of files, formats its rows into a buffer of its own and leaves it
    /// ready. Whichever worker finishes the chunk that is next in file order writes it, and the ready ones
    /// after it, while the other workers go on formatting: no core waits for another to finish its share of
    /// a batch (what a batch at a time did, on two cores, for a fifth of an export's time). At most `window`
    /// chunks are claimed ahead of the one being written, so memory holds a few megabytes whatever the
    /// number of files.
    public static func run(files: [String], exporter: Exporter, anonymous: Bool, workers: Int, chunk: Int = 64,
                           write: (UnsafeBufferPointer<UInt8>) throws -> Void, skipped: (String) -> Void) throws {
        try withoutActuallyEscaping(write) { write in
            try withoutActuallyEscaping(skipped) { skipped in
                let chunks = (files.count + chunk - 1) / chunk
                let run = Run(write: write, skipped: skipped, window: 4 * max(1, workers))
                DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in
                    var reader = FileReader()
                    while true {
                        run.permits.wait()
                        let claimed = run.claimed.add(1, ordering: .relaxed).oldValue
                        guard claimed < chunks else {
                            run.permits.signal()
                            return
                        }
                        let part = run.spare()
                        // After a failed write nothing more is formatted, but every chunk is still
                        // handed on, so that the chunks after it drain and no worker waits for ever.
                        if !run.failed {
                            for index in claimed * chunk..<min(files.count, (claimed + 1) * chunk) {
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
                        run.finished(claimed, part)
                    }
                }
                if let failure = run.failure { throw failure }
            }
        }
    }

    /// One chunk's rows, and the files it skipped with where in the rows each was.
    private final class Part: @unchecked Sendable {
        var bytes = ByteBuffer(capacity: 1 << 20)
        var failures: [(offset: Int, error: SessionFileError)] = []

        func reset() {
            bytes.removeAll()
            failures.removeAll(keepingCapacity: true)
        }
    }

    /// What the workers share: the next chunk to claim, the chunks formatted but not yet written, and
    /// whether one of them is writing.
    private final class Run: @unchecked Sendable {
        let write: (UnsafeBufferPointer<UInt8>) throws -> Void
        let skipped: (String) -> Void
        /// One permit per chunk that may be claimed before the one being written is done.
        let permits: DispatchSemaphore
        let claimed = Atomic<Int>(0)
        private let state = Mutex(State())

        struct State {
            var ready: [Int: Part] = [:]
            var next = 0
            var writing = false
            var spare: [Part] = []
            var failure: (any Error)?
        }

        init(write: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void, skipped: @escaping (String) -> Void, window: Int) {
            self.write = write
            self.skipped = skipped
            self.permits = DispatchSemaphore(value: window)
        }

        var failure: (any Error)? { state.withLock { $0.failure } }
        var failed: Bool { state.withLock { $0.failure != nil } }

        /// An emptied buffer, reused from a written chunk when there is one.
        func spare() -> Part {
            if let part = state.withLock({ $0.spare.popLast() }) {
                part.reset()
                return part
            }
            return Part()
        }

        /// Leaves chunk `index` ready; if it is the next to write and no one is writing, writes it and every
        /// ready chunk after it, in order. The writes happen outside the lock, so the other workers go on.
        func finished(_ index: Int, _ part: Part) {
            var writing: Part? = state.withLock { state in
                state.ready[index] = part
                guard !state.writing, let next = state.ready.removeValue(forKey: state.next) else { return nil }
                state.writing = true
                return next
            }
            while let part = writing {
                let failed = self.failed
                if !failed {
                    do {
                        try hand(part)
                    } catch {
                        state.withLock { $0.failure = error }
                    }
                }
                permits.signal()
                writing = state.withLock { state in
                    state.spare.append(part)
                    state.next += 1
                    if let next = state.ready.removeValue(forKey: state.next) { return next }
                    state.writing = false
                    return nil
                }
            }
        }

        private func hand(_ part: Part) throws {
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
    }
}
