// Scoring plus rendering of one session, in process, timed over many runs.
// Used by benchmarks/bench.py; prints the median and best in milliseconds.
import PartnerCheckCore
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
    print("usage: partnercheck-bench SESSION.json [RUNS]")
    exit(64)
}
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200
let catalog = try QuestionnaireLoader.loadBundled()
let session = try SessionStore.bundled().load(path: arguments[1])
let scorer = Scorer(catalog: catalog)
var samples: [Double] = []
var bytes = 0
let clock = ContinuousClock()
for _ in 0..<runs {
    let elapsed = clock.measure {
        guard let assessment = try? scorer.assess(session) else { return }
        bytes &+= TextReport.render(assessment).utf8.count
        bytes &+= MarkdownReport.render(assessment).utf8.count
        bytes &+= JSONReport.render(assessment).utf8.count
    }
    samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
}
samples.sort()
print("score+render (text, markdown, json) in process: median \(samples[samples.count / 2]) ms, best \(samples[0]) ms over \(runs) runs (\(bytes / runs) bytes each)")
