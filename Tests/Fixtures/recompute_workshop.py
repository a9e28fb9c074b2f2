#!/usr/bin/env python3
"""Recomputes a workshop report from the session files alone, as an independent reader, and
compares it with partnercheck's JSON report. Prints what differs; exits 1 if anything does.

Usage: recompute_workshop.py SESSIONS_DIR QUESTIONNAIRES_DIR REPORT.json
"""
import json
import os
import statistics
import sys

folder, qdir, report_path = sys.argv[1:4]
questionnaires = {}
for name in os.listdir(qdir):
    if name.endswith(".json"):
        with open(os.path.join(qdir, name), encoding="utf-8") as f:
            q = json.load(f)
        questionnaires[q["id"]] = q
with open(report_path, encoding="utf-8") as f:
    report = json.load(f)["workshop"]
all_sessions = []
for name in sorted(os.listdir(folder)):
    if name.endswith(".json") and name != "workshop.json":
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            all_sessions.append(json.load(f))
# The report is of its last round; each session records its round (absent: the first).
last_round = report.get("round", 1)
sessions = [s for s in all_sessions if s.get("workshopRound", 1) == last_round]

problems = []


def check(what, mine, theirs, tolerance=0.011):
    if isinstance(mine, float) or isinstance(theirs, float):
        if mine is None or theirs is None or abs(mine - theirs) > tolerance:
            problems.append(f"{what}: recomputed {mine}, reported {theirs}")
    elif mine != theirs:
        problems.append(f"{what}: recomputed {mine}, reported {theirs}")


def score(q, question, answer):
    if answer.get("status") != "answered":
        return None
    value = answer["value"]
    if question["kind"] == "rating":
        points = [p["value"] for p in q["scales"][question["scale"]]["points"]]
        lo, hi = min(points), max(points)
        return (min(max(value, lo), hi) - lo) / (hi - lo) * 100
    return None


def weighted(items):
    if not items:
        return None
    weights = sum(w for _, w in items)
    if weights == 0:
        return sum(s for s, _ in items) / len(items)
    return sum(s * w for s, w in items) / weights


# Head counts.
check("participants", len(sessions), report["participants"])
levels = {}
for s in sessions:
    level = s["respondent"].get("level", "unspecified")
    levels[level] = levels.get(level, 0) + 1
check("by level", levels, {l["level"]: l["participants"] for l in report["byLevel"]})

# Dimensions: each participant once (several partnerships averaged per participant first).
per_dimension = {}
for s in sessions:
    level = s["respondent"].get("level", "unspecified")
    mine = {}
    for r in s["rounds"]:
        q = questionnaires[r["questionnaire"]]
        for d in q["dimensions"]:
            items = []
            for question in q["questions"]:
                if question["dimension"] != d["id"]:
                    continue
                answer = next((a for a in r["answers"] if a["question"] == question["id"]), None)
                sc = score(q, question, answer) if answer else None
                if sc is not None:
                    items.append((sc, question["weight"]))
            value = weighted(items)
            if value is not None:
                mine.setdefault((q["id"], d["id"]), []).append(value)
    for key, values in mine.items():
        per_dimension.setdefault(key, []).append((level, sum(values) / len(values)))
for d in report["dimensions"]:
    values = per_dimension.get((d["questionnaire"], d["dimension"]), [])
    check(f"{d['dimension']} n", len(values), d["stats"]["n"])
    if values:
        check(f"{d['dimension']} mean", round(statistics.mean(v for _, v in values), 2), d["stats"]["mean"])
    for level_stats in d["byLevel"]:
        at_level = [v for l, v in values if l == level_stats["level"]]
        check(f"{d['dimension']} {level_stats['level']} n", len(at_level), level_stats["n"])
        check(f"{d['dimension']} {level_stats['level']} mean", round(statistics.mean(at_level), 2), level_stats["mean"])

# Questions: per partnership and side for partner questions; distribution, notes, n, mean, median.
for qs in report["questions"]:
    q = questionnaires[qs["questionnaire"]]
    question = next(x for x in q["questions"] if x["id"] == qs["question"])
    scores, raw, notes, unknown = [], [], [], 0
    for s in sessions:
        for r in s["rounds"]:
            if r["questionnaire"] != q["id"]:
                continue
            if q.get("perPartner"):
                if " ".join(r["partner"].lower().split()) != " ".join(qs["partner"].lower().split()) or r["side"] != qs["side"]:
                    continue
            answer = next((a for a in r["answers"] if a["question"] == question["id"]), None)
            if not answer:
                continue
            if answer.get("note"):
                notes.append(answer["note"])
            if answer["status"] == "unknown":
                unknown += 1
            sc = score(q, question, answer)
            if sc is not None:
                scores.append(sc)
                raw.append(answer["value"])
    where = f"{qs['question']}" + (f" [{qs['partner']}/{qs['side']}]" if "partner" in qs else "")
    check(f"{where} n", len(scores), qs["stats"]["n"])
    check(f"{where} unknown", unknown, qs["unknown"])
    check(f"{where} notes", sorted(notes), sorted(n["text"] for n in qs["notes"]))
    if scores:
        check(f"{where} mean", round(statistics.mean(scores), 2), qs["stats"]["mean"])
        check(f"{where} median", round(statistics.median(scores), 2), qs["stats"]["median"])
        if len(scores) >= 2:
            check(f"{where} sd", round(statistics.stdev(scores), 2), qs["stats"]["standardDeviation"])
        median = statistics.median(scores)
        within = sum(1 for x in scores if abs(x - median) <= 25 + 1e-9) / len(scores)
        check(f"{where} disagreement", len(scores) >= 2 and within < 0.8, qs["disagreement"])
    counts = {str(p["value"]): 0 for p in q["scales"][question["scale"]]["points"]}
    for v in raw:
        counts[str(v)] += 1
    check(f"{where} distribution", counts, {c["value"]: c["count"] for c in qs.get("distribution", [])})

# Rounds: each question's spread in the first round and in the last.
def question_scores(round_sessions, questionnaire_id, question_id, partner, side):
    q = questionnaires[questionnaire_id]
    question = next(x for x in q["questions"] if x["id"] == question_id)
    out = []
    for s in round_sessions:
        for r in s["rounds"]:
            if r["questionnaire"] != questionnaire_id:
                continue
            if partner is not None and (" ".join(r["partner"].lower().split()) != " ".join(partner.lower().split()) or r["side"] != side):
                continue
            answer = next((a for a in r["answers"] if a["question"] == question_id), None)
            sc = score(q, question, answer) if answer else None
            if sc is not None:
                out.append(sc)
    return out


if last_round > 1:
    first = [s for s in all_sessions if s.get("workshopRound", 1) == 1]
    check("convergence entries", len(report["convergence"]), len([q for q in report["questions"]]))
    for c in report["convergence"]:
        where = f"convergence {c['question']}" + (f" [{c['partner']}/{c['side']}]" if "partner" in c else "")
        then = question_scores(first, c["questionnaire"], c["question"], c.get("partner"), c.get("side"))
        now = question_scores(sessions, c["questionnaire"], c["question"], c.get("partner"), c.get("side"))
        check(f"{where} n before", len(then), c["before"]["n"])
        check(f"{where} n after", len(now), c["after"]["n"])
        if len(then) >= 2:
            check(f"{where} sd before", round(statistics.stdev(then), 2), c["before"]["standardDeviation"])
        if len(now) >= 2:
            check(f"{where} sd after", round(statistics.stdev(now), 2), c["after"]["standardDeviation"])

# The agenda: exactly the questions flagged, none mixing partnerships or sides.
flagged = [(q["question"], q.get("partner"), q.get("side")) for q in report["questions"] if q["disagreement"]]
check("agenda", sorted(flagged, key=str), sorted(((q["question"], q.get("partner"), q.get("side")) for q in report["disagreements"]), key=str))

for p in problems:
    print(p)
print(f"checked {len(report['questions'])} questions, {len(report['dimensions'])} dimensions, round {last_round}: {len(problems)} differences")
sys.exit(1 if problems else 0)
