import Foundation
import Testing

@Suite("partnercheck workshop and export", .serialized)
struct WorkshopCommandTests {
    static let participants = [
        "Ann\nexecutive\nAcme\n5\n5\n4\n4\n5\n4\n5\n",
        "Bob\nfield\nAcme\n2\n1\n2\n3\n1 -- nobody, \"really\", measures it\n2\n2\n",
        "Cy\nmanagement\n\n3\n3\n4\n2\n3\n3\n4\n",
    ]

    @Test("three participants at one keyboard: status, report by level, anonymous sharing")
    func threeParticipants() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let dir = home + "/offsite"
        let created = try Binary.run(["workshop", "new", "Leadership offsite", "--dir", dir, "--questionnaire", "healthy-ecosystem"], environment: env)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int == 0o700)
        let again = try Binary.run(["workshop", "new", "Leadership offsite", "--dir", dir], environment: env)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists and is not empty"))

        let input = Self.participants.joined(separator: "yes\n") + "no\n"
        let assess = try Binary.run(["assess", "--workshop", dir], input: input, environment: env)
        #expect(assess.status == 0, "\(assess.stderr)")
        #expect(assess.stdout.contains("participant 3"))
        #expect(Binary.sessionFiles(in: dir).count == 3)
        #expect(try Binary.json(Binary.sessionFiles(in: dir)[0])["workshop"] as? String == "Leadership offsite")

        // One participant still answering on their own machine, copied in by the facilitator.
        let partial = home + "/dee.json"
        _ = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", partial, "--name", "Dee", "--level", "field"],
                           input: "4\n", environment: env)
        try FileManager.default.copyItem(atPath: partial, toPath: dir + "/dee.json")

        let status = try Binary.run(["workshop", "status", dir], environment: env)
        #expect(status.stdout.contains("Workshop Leadership offsite: 4 participants, 3 completed, 1 in progress"))
        #expect(status.stdout.contains("Dee          field       in progress  1"))
        let hidden = try Binary.run(["workshop", "status", dir, "--anonymous"], environment: env)
        #expect(!hidden.stdout.contains("Ann") && hidden.stdout.contains("Participant 1"))

        let report = try Binary.run(["workshop", "report", dir], environment: env)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Participants: 4 (3 completed, 1 in progress)"))
        #expect(report.stdout.contains("By level: executive 1, management 1, field 2"))
        let agenda = try #require(report.stdout.range(of: "Where the group disagrees"))
        let gaps = try #require(report.stdout.range(of: "Perception gaps by level"))
        #expect(agenda.lowerBound < gaps.lowerBound)
        #expect(report.stdout.contains("Honest, Direct Feedback            gap 100 (executive above field)"))
        #expect(!report.stdout.contains("Ann"))
        let json = home + "/w.json"
        let written = try Binary.run(["workshop", "report", dir, "--format", "json", "--out", json], environment: env)
        #expect(written.status == 0)
        let parsed = try Binary.json(json)
        let workshop = parsed["workshop"] as? [String: Any]
        #expect(workshop?["participants"] as? Int == 4)
        #expect(try Binary.validateWithPython(json, schema: Binary.root + "/questionnaires/schemas/workshop-report.schema.json") == nil)
        let markdown = try Binary.run(["workshop", "report", dir, "--format", "markdown"], environment: env)
        #expect(markdown.stdout.hasPrefix("# Workshop: Leadership offsite"))
    }

    @Test("a folder with a corrupt file, a foreign file and another version: named, skipped, report still made")
    func badFolder() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let dir = home + "/w"
        _ = try Binary.run(["workshop", "new", "W", "--dir", dir, "--questionnaire", "healthy-ecosystem"], environment: env)
        _ = try Binary.run(["assess", "--workshop", dir], input: Self.participants[0] + "no\n", environment: env)
        try "{\"schema\": \"partnercheck-session\", ".write(toFile: dir + "/corrupt.json", atomically: true, encoding: .utf8)
        try "{\"name\": \"package\", \"version\": \"1.0.0\"}".write(toFile: dir + "/package.json", atomically: true, encoding: .utf8)
        let good = try #require(Binary.sessionFiles(in: dir).first { $0.contains("ann") })
        let old = try String(contentsOfFile: good, encoding: .utf8).replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 7")
        try old.write(toFile: dir + "/old-version.json", atomically: true, encoding: .utf8)
        let report = try Binary.run(["workshop", "report", dir], environment: env.merging(["COLUMNS": "200"]) { $1 })
        #expect(report.status == 0)
        let flat = report.stdout.replacingOccurrences(of: "\n    ", with: " ")
        #expect(flat.contains("\(dir)/corrupt.json: not valid JSON"))
        #expect(flat.contains("\(dir)/package.json: not a partnercheck session"))
        #expect(flat.contains("\(dir)/old-version.json: other questionnaire version: answers healthy-ecosystem version 7"))
        #expect(report.stdout.contains("Participants: 1 (1 completed, 0 in progress)"))
        let export = try Binary.run(["export", dir], environment: env)
        #expect(export.status == 0)
        #expect(export.stderr.contains("skipped \(dir)/corrupt.json: not valid JSON"))
    }

    @Test("two people saving into one folder at the same moment never overwrite each other")
    func concurrentSaves() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let dir = home + "/w"
        _ = try Binary.run(["workshop", "new", "W", "--dir", dir, "--questionnaire", "healthy-ecosystem"], environment: env)
        let group = DispatchGroup()
        let input = "Sam\nfield\n\n4\n4\n4\n4\n4\n4\n4\nno\n"
        let statuses = StatusBox()
        for _ in 0..<4 {
            group.enter()
            Thread {
                let result = try? Binary.run(["assess", "--workshop", dir], input: input, environment: env)
                statuses.add(result?.status ?? -1)
                group.leave()
            }.start()
        }
        group.wait()
        #expect(statuses.all == [0, 0, 0, 0])
        let files = Binary.sessionFiles(in: dir)
        #expect(files.count == 4)
        for file in files { #expect(try Binary.answers(file).count == 7) }
    }

    @Test("CSV export reads back exactly with an independent parser, hostile notes included")
    func csvReadBack() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let notes = ["commas, and \"quotes\"", "=HYPERLINK(\"http://x\")", "日本語のメモ 🚀", "-5 is fine", "@admin", "+plus"]
        let answers = notes.map { "2 -- \($0)" } + ["4"]
        let file = home + "/s.json"
        _ = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "=Eve, \"the\" tester", "--organisation", "Ünïcødé AG"],
                           input: answers.joined(separator: "\n") + "\n", environment: env)
        // A note with a line break cannot be typed; put one in the file as an import from elsewhere would.
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"note\" : \"+plus\"", with: "\"note\" : \"line one\\r\\nline two\"")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let csv = home + "/out.csv"
        let result = try Binary.run(["export", file, "--format", "csv", "--out", csv], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            print(json.dumps([[r["respondent"], r["organisation"], r["note"], r["score"], r["value"], r["label"]] for r in rows]))
            """
        let read = try Binary.run(["python3", "-c", script, csv], environment: ProcessInfo.processInfo.environment, executable: "/usr/bin/env")
        #expect(read.status == 0, "\(read.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [[String]] ?? []
        #expect(rows.count == 7)
        #expect(rows.map { $0[2] } == ["commas, and \"quotes\"", "'=HYPERLINK(\"http://x\")", "日本語のメモ 🚀", "'-5 is fine", "'@admin", "line one\r\nline two", ""])
        #expect(rows.allSatisfy { $0[0] == "'=Eve, \"the\" tester" && $0[1] == "Ünïcødé AG" })
        #expect(rows[0][3] == "25" && rows[0][4] == "2" && rows[0][5] == "disagree")
        // pandas, as an analyst would read it: every note back exactly, the BOM variant too.
        let excelFile = home + "/excel.csv"
        _ = try Binary.run(["export", file, "--excel", "--out", excelFile], environment: env)
        let pandas = """
            import json, sys, pandas
            plain = pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
            bom = pandas.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
            print(json.dumps([list(plain["note"]), list(bom.columns)[:2], list(bom["respondent"])[:1], len(plain.columns)]))
            """
        let viaPandas = try Binary.run(["python3", "-c", pandas, csv, excelFile], environment: ProcessInfo.processInfo.environment,
                                       executable: "/usr/bin/env")
        #expect(viaPandas.status == 0, "\(viaPandas.stderr)")
        let fromPandas = try JSONSerialization.jsonObject(with: Data(viaPandas.stdout.utf8)) as? [Any] ?? []
        #expect(fromPandas.first as? [String] == rows.map { $0[2] })
        #expect(fromPandas.count == 4 && fromPandas[1] as? [String] == ["session_id", "respondent"])
        #expect(fromPandas.count == 4 && fromPandas[2] as? [String] == ["'=Eve, \"the\" tester"])
        #expect(fromPandas.count == 4 && fromPandas[3] as? Int == 16)
        let raw = try Data(contentsOf: URL(fileURLWithPath: csv))
        #expect(String(decoding: raw.prefix(12), as: UTF8.self) == "session_id,r")
        #expect(String(decoding: raw, as: UTF8.self).components(separatedBy: "\r\n").count >= 8)

        let jsonl = try Binary.run(["export", file, "--format", "jsonl"], environment: env)
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["note"] as? String == "commas, and \"quotes\"")
        let excel = try Binary.run(["export", file, "--excel"], environment: env)
        #expect(excel.stdout.hasPrefix("\u{FEFF}session_id"))
        let wide = try Binary.run(["export", file, "--layout", "wide"], environment: env)
        #expect(wide.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
        let refused = try Binary.run(["export", file, "--out", csv], environment: env)
        #expect(refused.status == 1)
        let usage = try Binary.run(["export", file, "--format", "jsonl", "--layout", "wide"], environment: env)
        #expect(usage.status == 64)
    }
}

final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int32] = []
    func add(_ value: Int32) { lock.withLock { values.append(value) } }
    var all: [Int32] { lock.withLock { values } }

    @Test("a 12-person workshop over two rounds that converge: every count of the group report recomputed independently in Python")
    func twelvePeople() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let dir = home + "/offsite"
        #expect(try Binary.run(["workshop", "new", "Offsite", "--dir", dir, "--questionnaire", "healthy-ecosystem",
                                "--questionnaire", "mutual-traits"], environment: env).status == 0)
        var lines: [String] = []
        let levels = ["executive", "management", "field"]
        for person in 0..<12 {
            lines += ["P\(person + 1)", levels[person % 3], ""]
            // Healthy ecosystem: executives see it rosier than the field; a note and a "don't know" here and there.
            for question in 0..<7 {
                let base = person % 3 == 0 ? 4 : person % 3 == 1 ? 3 : 2
                var answer = String(min(5, max(1, base + (question + person / 3) % 3 - 1)))
                if question == 2 && person % 4 == 0 { answer += " -- note from P\(person + 1)" }
                if question == 6 && person == 5 { answer = "dk" }
                lines.append(answer)
            }
            // Two partnerships, each from both sides; every participant rates Globex, a third also Initech.
            lines += ["Globex", person % 2 == 0 ? "ours" : "partner"] + (0..<5).map { String(1 + (person + $0) % 5) }
            if person % 3 == 0 {
                lines += ["yes", "Initech", person % 2 == 0 ? "partner" : "ours"] + (0..<5).map { String(5 - (person + $0) % 3) }
            }
            lines += ["no", person < 11 ? "yes" : "no"]
        }
        let run = try Binary.run(["assess", "--workshop", dir], input: lines.joined(separator: "\n") + "\n", environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Binary.sessionFiles(in: dir).count == 12)
        // The group report as JSON, every count of it recomputed by the independent Python script.
        func reportRecomputed(round: Int) throws -> String {
            let report = home + "/report\(round).json"
            #expect(try Binary.run(["workshop", "report", dir, "--format", "json", "--out", report], environment: env).status == 0)
            let check = try Binary.run([Binary.root + "/Tests/Fixtures/recompute_workshop.py", dir, Binary.root + "/questionnaires", report],
                                       environment: ProcessInfo.processInfo.environment, executable: "/usr/bin/python3")
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            #expect(check.stdout.contains("checked 27 questions, 12 dimensions, round \(round): 0 differences"), "\(check.stdout)\(check.stderr)")
            return report
        }
        _ = try reportRecomputed(round: 1)
        // Round 2, after discussing: everyone moves toward "agree" on the healthy ecosystem and keeps
        // their partnership answers with Enter; the spread narrows everywhere it was wide.
        #expect(try Binary.run(["workshop", "round", dir], environment: env).status == 0)
        var second: [String] = []
        for person in 0..<12 {
            second += ["P\(person + 1)"] + Array(repeating: person % 3 == 2 ? "3" : "4", count: 7)
            second += Array(repeating: "", count: person % 3 == 0 ? 10 : 5) + ["no", person < 11 ? "yes" : "no"]
        }
        let again = try Binary.run(["assess", "--workshop", dir], input: second.joined(separator: "\n") + "\n", environment: env)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Binary.sessionFiles(in: dir).count == 24)
        let report2 = try reportRecomputed(round: 2)
        let workshop2 = try #require(try Binary.json(report2)["workshop"] as? [String: Any])
        let convergence = try #require(workshop2["convergence"] as? [[String: Any]])
        let healthy = convergence.filter { $0["questionnaire"] as? String == "healthy-ecosystem" }
        #expect(healthy.count == 7)
        for entry in healthy {
            let before = (entry["before"] as? [String: Any])?["standardDeviation"] as? Double ?? 0
            let after = (entry["after"] as? [String: Any])?["standardDeviation"] as? Double ?? 100
            #expect(after < before, "\(entry["question"] ?? "")")
        }
        // {partner} appears in no format.
        for format in ["text", "markdown", "json", "html"] {
            let out = try Binary.run(["workshop", "report", dir, "--format", format], environment: env)
            #expect(!out.stdout.contains("{partner}"), "\(format)")
        }
    }

    @Test("Delphi rounds: round 2 shows the group's round-1 answers and one's own, the report shows convergence, nothing is overwritten")
    func delphiRounds() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let dir = home + "/offsite"
        #expect(try Binary.run(["workshop", "new", "Offsite", "--dir", dir, "--questionnaire", "healthy-ecosystem"], environment: env).status == 0)
        let first = ["Ann", "executive", ""] + Array(repeating: "1", count: 7) + ["yes", "Bob", "management", ""] + Array(repeating: "5", count: 7)
            + ["yes", "Cid", "field", ""] + Array(repeating: "3", count: 7) + ["no"]
        #expect(try Binary.run(["assess", "--workshop", dir], input: first.joined(separator: "\n") + "\n", environment: env).status == 0)
        let roundOne = Binary.sessionFiles(in: dir)
        let before = try roundOne.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let opened = try Binary.run(["workshop", "round", dir], environment: env)
        #expect(opened.status == 0)
        #expect(opened.stdout.contains("Round 2 is open"))
        // After discussing: Ann and Bob move toward the middle; Cid keeps every answer with Enter.
        let second = ["Ann"] + Array(repeating: "3", count: 7) + ["yes", "Bob"] + Array(repeating: "4", count: 7)
            + ["yes", "Cid"] + Array(repeating: "", count: 7) + ["no"]
        let run = try Binary.run(["assess", "--workshop", dir], input: second.joined(separator: "\n") + "\n", environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Round 1, the group answered: 1:1 2:0 3:1 4:0 5:1"))
        #expect(run.stdout.contains("Your answer last time: neither agree nor disagree (3). Press Enter to keep it."))
        // Six files: round 1's untouched, round 2's new.
        let all = Binary.sessionFiles(in: dir)
        #expect(all.count == 6)
        #expect(try roundOne.map { try String(contentsOfFile: $0, encoding: .utf8) } == before)
        let rounds = try all.map { try Binary.json($0)["workshopRound"] as? Int }
        #expect(rounds.filter { $0 == 2 }.count == 3 && rounds.filter { $0 == nil }.count == 3)
        #expect(try Binary.answers(all.first { try Binary.json($0)["workshopRound"] as? Int == 2 && (Binary.json($0)["respondent"] as? [String: String])?["name"] == "Cid" }!)["transparency"] == "3")
        // The report: the last round, and every question's convergence.
        let report = home + "/r.json"
        #expect(try Binary.run(["workshop", "report", dir, "--format", "json", "--out", report], environment: env).status == 0)
        let workshop = try #require(try Binary.json(report)["workshop"] as? [String: Any])
        #expect(workshop["round"] as? Int == 2)
        #expect(workshop["participants"] as? Int == 3)
        let convergence = try #require(workshop["convergence"] as? [[String: Any]])
        #expect(convergence.count == 7)
        for entry in convergence {
            let sdBefore = (entry["before"] as? [String: Any])?["standardDeviation"] as? Double ?? 0
            let sdAfter = (entry["after"] as? [String: Any])?["standardDeviation"] as? Double ?? 100
            #expect(sdAfter < sdBefore)
            #expect(entry["withinAfter"] as? Double == 1)
        }
        #expect((workshop["disagreements"] as? [Any])?.isEmpty == true)
        #expect(try Binary.validateWithPython(report, schema: Binary.root + "/questionnaires/schemas/workshop-report.schema.json") == nil)
        let text = try Binary.run(["workshop", "report", dir], environment: env).stdout
        #expect(text.contains("Rounds: how each question moved from round 1 to round 2"))
        #expect(text.contains("7 of 7 questions converged"))
        let markdown = try Binary.run(["workshop", "report", dir, "--format", "markdown"], environment: env).stdout
        #expect(markdown.contains("## Rounds: how each question moved from round 1 to round 2"))
    }
}
