import Dispatch

/// Reads a folder's session files into a workshop aggregate, on all cores, one file at a time
/// per core: memory holds the aggregate, not the sessions.
public enum WorkshopLoader {
    public static func aggregate(files: [String], catalog: QuestionnaireCatalog, expected: [QuestionnaireRef],
                                 workers: Int = 2, round: Int = 1) -> WorkshopAggregator {
        let count = max(1, min(workers, files.count))
        let chunk = (files.count + count - 1) / max(count, 1)
        let results = Results(count: count, catalog: catalog, expected: expected, round: round)
        DispatchQueue.concurrentPerform(iterations: count) { worker in
            var aggregator = WorkshopAggregator(catalog: catalog, expected: expected, round: round)
            var reader = FileReader()
            let start = worker * chunk
            let end = min(files.count, start + chunk)
            if start < end {
                for file in files[start..<end] {
                    do {
                        aggregator.add(try SessionStore.read(path: file, reader: &reader, detail: .counting), file: file)
                    } catch let error as SessionFileError {
                        aggregator.skip(file, reason: error.description.droppingPrefix(file + ": "))
                    } catch {
                        aggregator.skip(file, reason: "unreadable")
                    }
                }
            }
            results.set(worker, aggregator)
        }
        return results.merged()
    }

    /// Per-worker results: separate slots, each written by exactly one worker, read after all
    /// workers have finished.
    private final class Results: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<WorkshopAggregator?>
        private let empty: WorkshopAggregator
        init(count: Int, catalog: QuestionnaireCatalog, expected: [QuestionnaireRef], round: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
            empty = WorkshopAggregator(catalog: catalog, expected: expected, round: round)
        }
        deinit {
            slots.deinitialize()
            slots.deallocate()
        }
        func set(_ index: Int, _ value: WorkshopAggregator) {
            slots[index] = value
        }
        func merged() -> WorkshopAggregator {
            var total = slots[0] ?? empty
            for other in slots.dropFirst() { if let other { total.merge(other) } }
            return total
        }
    }
}

extension String {
    /// The string without `prefix`, if it starts with it (e.g. an error message without its file name).
    public func droppingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
