/// One renderer per format, each in its own file, for everything partnercheck reports: one
/// session, two sessions compared, and a workshop. The commands pick one by `ReportFormat`.
public protocol ReportRenderer {
    func render(_ assessment: Assessment) -> String
    func render(_ comparison: Comparison) -> String
    func render(_ workshop: WorkshopSummary) -> String
}

public enum ReportFormat: String, CaseIterable, Sendable {
    case text, markdown, json, html

    public func renderer(style: ReportStyle = ReportStyle()) -> any ReportRenderer {
        switch self {
        case .text: TextReport(style: style)
        case .markdown: MarkdownReport()
        case .json: JSONReport()
        case .html: HTMLReport()
        }
    }
}
