#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A seam for the fault tests, and only for them: `PARTNERCHECK_FAULT=OPERATION:N:ERROR` makes the
/// N-th `write`, `fsync` or `rename` (counting the link that creates a new file as a rename) of the
/// process fail with ENOSPC, EIO or EACCES, as a full disk, a failing disk or a changed permission
/// would. Unset, it costs one comparison per call.
public enum FaultInjection {
    public enum Operation: String, Sendable { case write, fsync, rename }

    struct Plan: Sendable {
        var operation: Operation
        var number: Int
        var code: Int32
    }

    static let plan: Plan? = {
        guard let raw = getenv("PARTNERCHECK_FAULT").map({ String(cString: $0) }) else { return nil }
        let parts = raw.split(separator: ":").map(String.init)
        guard parts.count == 3, let operation = Operation(rawValue: parts[0]), let number = Int(parts[1]), number > 0 else { return nil }
        let codes: [String: Int32] = ["ENOSPC": ENOSPC, "EIO": EIO, "EACCES": EACCES]
        guard let code = codes[parts[2]] else { return nil }
        return Plan(operation: operation, number: number, code: code)
    }()

    private static let counts = Mutex<[Operation: Int]>([:])

    /// The error to fail this call with, or 0 to go ahead.
    static func failure(for operation: Operation) -> Int32 {
        guard let plan, plan.operation == operation else { return 0 }
        let count = counts.withLock { counts -> Int in
            counts[operation, default: 0] += 1
            return counts[operation]!
        }
        return count == plan.number ? plan.code : 0
    }
}
