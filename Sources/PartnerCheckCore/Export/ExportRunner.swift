import Dispatch

/// Reads session files and formats their rows on all cores, in batches, handing the bytes over in
/// file order: the output is the same whatever the number of cores, and memory holds one batch.
public enum ExportRunner {
    public static func run(files: [String], exporter: Exporter, anonymous: Bool, workers: Int, batch: Int = 512,
                           write: ([UInt8]) throws -> Void, skipped: (String) -> Void) rethrows {
        var start = 0
        while start < files.count {
            let end = min(files.count, start + batch)
            let slice = Array(files[start..<end])
            let outputs = Outputs(count: slice.count)
            let first = start
            DispatchQueue.concurrentPerform(iterations: max(1, min(workers, slice.count))) { worker in
                let per = (slice.count + workers - 1) / workers
                let from = worker * per
                let to = min(slice.count, from + per)
                guard from < to else { return }
                for index in from..<to {
                    var bytes: [UInt8] = []
                    do {
                        let session = try SessionStore.read(path: slice[index])
                        exporter.append(session, anonymousLabel: anonymous ? "Participant \(first + index + 1)" : nil, to: &bytes)
                        outputs.set(index, .success(bytes))
                    } catch let error as SessionFileError {
                        outputs.set(index, .failure(error))
                    } catch {
                        outputs.set(index, .failure(.malformedJSON(file: slice[index], detail: "unreadable")))
                    }
                }
            }
            for index in 0..<slice.count {
                switch outputs.get(index) {
                case .success(let bytes): try write(bytes)
                case .failure(let error): skipped(error.description)
                case nil: break
                }
            }
            start = end
        }
    }

    private final class Outputs: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Result<[UInt8], SessionFileError>?>
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
