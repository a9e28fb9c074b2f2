import Dispatch

/// Reads session files and formats their rows on all cores, in batches, handing the bytes over in
/// file order: the output is the same whatever the number of cores, and memory holds one batch.
public enum ExportRunner {
    /// Batch k is handed to `write` (and its skipped files to `skipped`, in file order) while batch
    /// k + 1 is read and formatted, so the cores are not idle while the output is written.
    public static func run(files: [String], exporter: Exporter, anonymous: Bool, workers: Int, batch: Int = 512,
                           write: ([UInt8]) throws -> Void, skipped: (String) -> Void) throws {
        try withoutActuallyEscaping(write) { write in
            try withoutActuallyEscaping(skipped) { skipped in
                let writer = Writer(write: write, skipped: skipped)
                var pending: Outputs? = nil
                var start = 0
                while start < files.count || pending != nil {
                    let end = min(files.count, start + batch)
                    let slice = Array(files[start..<end])
                    let outputs = Outputs(count: slice.count)
                    let previous = pending
                    let first = start
                    DispatchQueue.concurrentPerform(iterations: workers + 1) { worker in
                        if worker == workers {
                            if let previous { writer.hand(previous) }
                            return
                        }
                        let per = (slice.count + workers - 1) / workers
                        let from = worker * per
                        let to = min(slice.count, from + per)
                        guard from < to else { return }
                        var buffer: [UInt8] = []
                        for index in from..<to {
                            var bytes: [UInt8] = []
                            do {
                                let session = try SessionStore.read(path: slice[index], buffer: &buffer, detail: .whole)
                                exporter.append(session, anonymousLabel: anonymous ? "Participant \(first + index + 1)" : nil, to: &bytes)
                                outputs.set(index, .success(bytes))
                            } catch let error as SessionFileError {
                                outputs.set(index, .failure(error))
                            } catch {
                                outputs.set(index, .failure(.malformedJSON(file: slice[index], detail: "unreadable")))
                            }
                        }
                    }
                    if let failure = writer.failure { throw failure }
                    pending = slice.isEmpty ? nil : outputs
                    start = end
                }
            }
        }
    }

    /// Hands a finished batch over in file order; used by one iteration at a time.
    private final class Writer: @unchecked Sendable {
        let write: ([UInt8]) throws -> Void
        let skipped: (String) -> Void
        var failure: (any Error)?

        init(write: @escaping ([UInt8]) throws -> Void, skipped: @escaping (String) -> Void) {
            self.write = write
            self.skipped = skipped
        }

        func hand(_ outputs: Outputs) {
            guard failure == nil else { return }
            for index in 0..<outputs.count {
                switch outputs.get(index) {
                case .success(let bytes):
                    do {
                        try write(bytes)
                    } catch {
                        failure = error
                        return
                    }
                case .failure(let error): skipped(error.description)
                case nil: break
                }
            }
        }
    }

    private final class Outputs: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Result<[UInt8], SessionFileError>?>
        var count: Int { slots.count }
        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }
        deinit {
            slots.deinitialize()
            slots.deallocate()
        }
        func set(_ index: Int, _ value: Result<[UInt8], SessionFileError>) { slots[index] = value }
        func get(_ index: Int) -> Result<[UInt8], SessionFileError>? { slots[index] }
    }
}
