import Foundation
import Testing

/// The HTML one-pagers in a real browser: Debian's chromium, headless (scripts/install-deps
/// --for-tests installs it and poppler-utils when missing). Each is printed to PDF and shot to PNG,
/// and checked for its page count, for nothing wider than the page, and for not being blank.
@Suite("HTML reports in a real browser", .serialized)
struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func browser(_ arguments: [String], home: String) throws -> Binary.Result {
        let chromium = try #require(Self.chromium, "chromium is not installed: run scripts/install-deps --for-tests")
        return try Binary.run(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                               "--user-data-dir=\(home)/chromium"] + arguments,
                              environment: ["HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], executable: chromium)
    }

    /// Page count and size (points) of a PDF, by poppler's pdfinfo.
    static func pdfInfo(_ pdf: String, home: String) throws -> (pages: Int, width: Double) {
        let info = try Binary.run([pdf], environment: ["PATH": "/usr/bin:/bin"], executable: "/usr/bin/pdfinfo").stdout
        let field = { (name: String) in info.split(separator: "\n").first { $0.hasPrefix(name) }.map { String($0.dropFirst(name.count)) } ?? "" }
        let pages = Int(field("Pages:").trimmingCharacters(in: .whitespaces)) ?? 0
        let width = Double(field("Page size:").trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "0") ?? 0
        return (pages, width)
    }

    /// Share of pixels that are not (nearly) white on the PDF's first page, drawn by pdftoppm as PPM.
    static func inkOnFirstPage(_ pdf: String, home: String) throws -> Double {
        let base = home + "/page"
        _ = try Binary.run(["-r", "30", "-f", "1", "-l", "1", pdf, base], environment: ["PATH": "/usr/bin:/bin"], executable: "/usr/bin/pdftoppm")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: home).first { $0.hasPrefix("page") && $0.hasSuffix(".ppm") })
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: home + "/" + file)))
        // P6 header: "P6\nW H\n255\n", then RGB bytes.
        var newlines = 0, start = 0
        for (index, byte) in data.enumerated() where byte == 0x0A {
            newlines += 1
            if newlines == 3 { start = index + 1; break }
        }
        let pixels = (data.count - start) / 3
        var inked = 0
        for p in 0..<pixels where Int(data[start + 3 * p]) + Int(data[start + 3 * p + 1]) + Int(data[start + 3 * p + 2]) < 600 { inked += 1 }
        return Double(inked) / Double(max(pixels, 1))
    }

    /// The page's scroll width at the width of an A4 page (794 CSS pixels): measured on a copy with
    /// a measuring script added, since the report itself has none.
    static func scrollWidth(_ html: String, home: String) throws -> (scroll: Int, window: Int) {
        let probe = home + "/probe.html"
        let text = try String(contentsOfFile: html, encoding: .utf8)
            .replacingOccurrences(of: "</body>", with: "<script>document.title = 'W' + document.documentElement.scrollWidth + 'x' + window.innerWidth;</script></body>")
        try text.write(toFile: probe, atomically: true, encoding: .utf8)
        let dom = try browser(["--window-size=794,1123", "--dump-dom", "file://" + probe], home: home).stdout
        let title = try #require(dom.range(of: "<title>W").map { dom[$0.upperBound...].prefix { $0 != "<" } })
        let parts = title.split(separator: "x").compactMap { Int($0) }
        return (parts.first ?? .max, parts.last ?? 0)
    }

    static func check(_ html: String, home: String, maximumPages: Int, png: String? = nil) throws {
        let pdf = home + "/report.pdf"
        _ = try browser(["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", "file://" + html], home: home)
        let info = try pdfInfo(pdf, home: home)
        #expect(info.pages >= 1 && info.pages <= maximumPages, "\(info.pages) pages")
        #expect(abs(info.width - 595) < 2, "not an A4 page: \(info.width) points wide")
        #expect(try inkOnFirstPage(pdf, home: home) > 0.02, "the printed page is blank")
        let width = try scrollWidth(html, home: home)
        #expect(width.scroll <= width.window, "the page is wider than A4: \(width.scroll) > \(width.window)")
        let shot = png ?? home + "/report.png"
        _ = try browser(["--window-size=900,1300", "--screenshot=\(shot)", "file://" + html], home: home)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: shot)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 20_000, "no screenshot")
        // Dark mode renders too.
        _ = try browser(["--window-size=900,1300", "--force-dark-mode", "--blink-settings=preferredColorScheme=0",
                         "--screenshot=\(home)/dark.png", "file://" + html], home: home)
        #expect(FileManager.default.fileExists(atPath: home + "/dark.png"))
    }

    @Test("a single session's one-pager prints on one A4 page, fits its width, and is not blank")
    func sessionOnePager() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let file = home + "/s.json"
        let input = ["Ann", "executive", "Acme", "", "2", "2", "2", "2", "2", "2", "c", "2", "2", "2", "2", "2",
                     "2", "2", "2", "2", "2", "2", "2", "Initech", "ours", "2", "2", "2", "2", "2", "no", "b", "b", "b",
                     "2", "2", "2", "2", "2", "c", "2", "2", "a", "2", "2", "2", "2", "2", "2", "2", "none",
                     "2", "b", "a", "a", "2", "2", "2"].joined(separator: "\n") + "\n"
        #expect(try Binary.run(["assess", "--out", file], input: input, environment: env).status == 0)
        let html = home + "/s.html"
        #expect(try Binary.run(["report", file, "--format", "html", "--out", html], environment: env).status == 0)
        // UPDATE_DOCS=1 keeps the screenshot for the README.
        let keep = ProcessInfo.processInfo.environment["UPDATE_DOCS"] == "1" ? Binary.root + "/docs/one-pager.png" : nil
        try Self.check(html, home: home, maximumPages: 1, png: keep)
    }

    @Test("a workshop's report prints on at most two A4 pages, fits its width, and is not blank")
    func workshopOnePager() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let dir = home + "/ws"
        #expect(try Binary.run(["workshop", "new", "Offsite", "--dir", dir, "--questionnaire", "healthy-ecosystem",
                                "--questionnaire", "mutual-traits"], environment: env).status == 0)
        let people = [("Ann", "executive", "5 4 4 5 4 4 5", "ours", "5 4 4 5 4"), ("Bob", "management", "3 2 4 2 3 2 3", "partner", "2 3 2 3 2"),
                      ("Cid", "field", "2 1 2 1 2 3 1", "ours", "3 2 2 2 3")]
        var lines: [String] = []
        for (index, person) in people.enumerated() {
            lines += [person.0, person.1, ""] + person.2.split(separator: " ").map(String.init) + ["Initech", person.3]
                + person.4.split(separator: " ").map(String.init) + ["no", index < people.count - 1 ? "yes" : "no"]
        }
        #expect(try Binary.run(["assess", "--workshop", dir], input: lines.joined(separator: "\n") + "\n", environment: env).status == 0)
        let html = home + "/w.html"
        #expect(try Binary.run(["workshop", "report", dir, "--format", "html", "--out", html], environment: env).status == 0)
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.contains("class=\"heat\"") && text.contains("class=\"strip\"") && text.contains("Partnerships: our side"))
        try Self.check(html, home: home, maximumPages: 2)
    }
}
