#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The reports as JSON for machines: a session's is described by
/// questionnaires/schemas/report.schema.json, a workshop's by workshop-report.schema.json. Scores are
/// rounded to one decimal so the output does not depend on floating-point noise.
public struct JSONReport: ReportRenderer {
    public init() {}

    public static let schemaName = "partnercheck-report"

    struct Envelope: Encodable {
        var schema = JSONReport.schemaName
        var schemaVersion = 1
        var assessment: Assessment
    }

    public func render(_ assessment: Assessment) -> String {
        Self.encode(Envelope(assessment: Self.rounded(assessment)))
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        // Encoding plain value types cannot fail.
        (try? JSONWriter(escapeSlashes: false).text(value, finalNewline: true)) ?? ""
    }

    static func round(_ value: Double?) -> Double? {
        value.map { ($0 * 10).rounded() / 10 }
    }

    static func rounded(_ a: Assessment) -> Assessment {
        var a = a
        a.overall = round(a.overall)
        func fix(_ d: inout DimensionScore) {
            d.score = round(d.score); d.lowest = round(d.lowest); d.highest = round(d.highest); d.target = round(d.target)
        }
        for q in a.questionnaires.indices {
            a.questionnaires[q].score = round(a.questionnaires[q].score)
            a.questionnaires[q].target = round(a.questionnaires[q].target)
            for d in a.questionnaires[q].dimensions.indices { fix(&a.questionnaires[q].dimensions[d]) }
            for p in a.questionnaires[q].partners.indices {
                a.questionnaires[q].partners[p].score = round(a.questionnaires[q].partners[p].score)
                a.questionnaires[q].partners[p].weakestScore = round(a.questionnaires[q].partners[p].weakestScore)
                for t in a.questionnaires[q].partners[p].traits.indices {
                    a.questionnaires[q].partners[p].traits[t].score = round(a.questionnaires[q].partners[p].traits[t].score)
                }
            }
            for g in a.questionnaires[q].sideGaps.indices {
                a.questionnaires[q].sideGaps[g].ours = round(a.questionnaires[q].sideGaps[g].ours)
                a.questionnaires[q].sideGaps[g].theirs = round(a.questionnaires[q].sideGaps[g].theirs)
                a.questionnaires[q].sideGaps[g].gap = round(a.questionnaires[q].sideGaps[g].gap)
            }
        }
        for s in a.strengths.indices { fix(&a.strengths[s]) }
        for g in a.gaps.indices {
            a.gaps[g].current = round(a.gaps[g].current)!; a.gaps[g].target = round(a.gaps[g].target)!
            a.gaps[g].priority = round(a.gaps[g].priority)!
        }
        for n in a.ambitionsAboveStrengths.indices {
            a.ambitionsAboveStrengths[n].current = round(a.ambitionsAboveStrengths[n].current)!
            a.ambitionsAboveStrengths[n].target = round(a.ambitionsAboveStrengths[n].target)!
        }
        for r in a.recommendations.indices {
            a.recommendations[r].score = round(a.recommendations[r].score)!
            for e in a.recommendations[r].why.indices { a.recommendations[r].why[e].score = round(a.recommendations[r].why[e].score) }
        }
        for i in a.initiatives.indices {
            a.initiatives[i].current = round(a.initiatives[i].current); a.initiatives[i].target = round(a.initiatives[i].target)
            for e in a.initiatives[i].why.indices { a.initiatives[i].why[e].score = round(a.initiatives[i].why[e].score) }
        }
        if var journey = a.journey {
            for b in journey.holdingBack.indices { journey.holdingBack[b].score = round(journey.holdingBack[b].score) }
            a.journey = journey
        }
        return a
    }

    public func render(_ c: Comparison) -> String {
        Self.encode(c)
    }

    public func render(_ w: WorkshopSummary) -> String {
        struct Envelope: Encodable {
            var schema = "partnercheck-workshop-report"
            var schemaVersion = 1
            var workshop: WorkshopSummary
        }
        return Self.encode(Envelope(workshop: w))
    }
}
