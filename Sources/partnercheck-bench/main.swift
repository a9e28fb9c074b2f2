// Scoring plus rendering of one session, in process, timed over many runs.
// Used by benchmarks/bench.py; prints the median and best in milliseconds.
import PartnerCheckCore
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: partnercheck-bench SESSION.json [RUNS] | partnercheck-bench --workshop DIR [RUNS]")
    exit(64)
}
let clock = ContinuousClock()
func milliseconds(_ d: Duration) -> Double {
    Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000
}
// A workshop folder: where a workshop report's time goes, step by step (median of RUNS).
if arguments[1] == "--workshop", arguments.count > 2 {
    let runs = arguments.count > 3 ? Int(arguments[3]) ?? 10 : 10
    let catalog = try QuestionnaireLoader.loadBundled()
    let expected = catalog.questionnaires.map { QuestionnaireRef(id: $0.id, version: $0.version) }
    var steps: [String: [Double]] = [:]
    var bytes = 0
    for _ in 0..<runs {
        var files: [String] = []
        steps["list", default: []].append(milliseconds(clock.measure { files = (try? WorkshopFolder.sessionFiles([arguments[2]])) ?? [] }))
        // The floors under reading and aggregating: the same files only read, then read into sessions,
        // each half of them on a core as the workshop loader splits them.
        let list = files
        func onTwoCores(_ each: @Sendable @escaping (String, inout FileReader) -> Void) -> Double {
            milliseconds(clock.measure {
                DispatchQueue.concurrentPerform(iterations: 2) { worker in
                    var reader = FileReader()
                    for file in list[(worker * list.count / 2)..<((worker + 1) * list.count / 2)] { each(file, &reader) }
                }
            })
        }
        steps["read only", default: []].append(onTwoCores { file, reader in _ = try? reader.read(file) })
        steps["read into sessions", default: []].append(onTwoCores { file, reader in
            _ = try? SessionStore.read(path: file, reader: &reader, detail: .counting)
        })
        var aggregate: WorkshopAggregator? = nil
        steps["read+aggregate", default: []].append(milliseconds(clock.measure {
            aggregate = WorkshopLoader.aggregate(files: files, catalog: catalog, expected: expected, workers: 2)
        }))
        var summary: WorkshopSummary? = nil
        steps["summary", default: []].append(milliseconds(clock.measure { summary = aggregate!.summary(name: "bench") }))
        for (name, renderer) in [("json", JSONReport() as any ReportRenderer), ("text", TextReport() as any ReportRenderer)] {
            steps["render " + name, default: []].append(milliseconds(clock.measure { bytes &+= renderer.render(summary!).utf8.count }))
        }
    }
    for name in ["list", "read only", "read into sessions", "read+aggregate", "summary", "render json", "render text"] {
        let sorted = (steps[name] ?? [0]).sorted()
        print("\(name): median \((sorted[sorted.count / 2] * 100).rounded() / 100) ms, best \((sorted[0] * 100).rounded() / 100) ms")
    }
    exit(0)
}
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200
let catalog = try QuestionnaireLoader.loadBundled()
let session = try SessionStore.bundled().load(path: arguments[1])
let scorer = Scorer(catalog: catalog)
var samples: [Double] = []
var parts: [String: [Double]] = [:]
var bytes = 0
// Each step on its own, to see where the time goes.
for _ in 0..<runs {
    var assessment: Assessment? = nil
    parts["score", default: []].append(milliseconds(clock.measure { assessment = try? scorer.assess(session) }))
    guard let assessment else { break }
    parts["text", default: []].append(milliseconds(clock.measure { bytes &+= TextReport().render(assessment).utf8.count }))
    parts["markdown", default: []].append(milliseconds(clock.measure { bytes &+= MarkdownReport().render(assessment).utf8.count }))
    parts["json", default: []].append(milliseconds(clock.measure { bytes &+= JSONReport().render(assessment).utf8.count }))
}
bytes = 0
for _ in 0..<runs {
    let elapsed = clock.measure {
        guard let assessment = try? scorer.assess(session) else { return }
        bytes &+= TextReport().render(assessment).utf8.count
        bytes &+= MarkdownReport().render(assessment).utf8.count
        bytes &+= JSONReport().render(assessment).utf8.count
    }
    samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
}
samples.sort()
let breakdown = ["score", "text", "markdown", "json"].map { name in
    let sorted = (parts[name] ?? [0]).sorted()
    return "\(name) \((sorted[sorted.count / 2] * 1000).rounded() / 1000)"
}.joined(separator: ", ")
print("medians by step (ms): \(breakdown)")
print("score+render (text, markdown, json) in process: median \(samples[samples.count / 2]) ms, best \(samples[0]) ms over \(runs) runs (\(bytes / runs) bytes each)")
