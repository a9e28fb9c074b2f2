#!/usr/bin/env python3
"""Reference implementation, standard library only (json, csv, statistics), of what
`partnercheck workshop report` and `partnercheck export --format csv` compute, for the benchmark.

Usage: workshop_reference.py report DIR QUESTIONNAIRES_DIR OUT.json
       workshop_reference.py export DIR QUESTIONNAIRES_DIR OUT.csv
"""
import csv
import json
import os
import statistics
import sys

mode, folder, qdir, out = sys.argv[1:5]
questionnaires = {}
for name in sorted(os.listdir(qdir)):
    if name.endswith(".json"):
        with open(os.path.join(qdir, name), encoding="utf-8") as f:
            q = json.load(f)
        questionnaires[q["id"]] = q


def score(q, question, answer):
    if answer.get("status") != "answered":
        return None
    value = answer.get("value")
    if question["kind"] == "rating":
        points = [p["value"] for p in q["scales"][question["scale"]]["points"]]
        lo, hi = min(points), max(points)
        return (min(max(value, lo), hi) - lo) / (hi - lo) * 100
    if question["kind"] == "choice":
        for option in question["options"]:
            if option["key"] == value:
                return option["score"]
        return None
    if question["kind"] == "yes-no":
        return 100.0 if value == "yes" else 0.0 if value == "no" else None
    return None


def sessions():
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json") or name == "workshop.json":
            continue
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                s = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(s, dict) and s.get("schema") == "partnercheck-session":
            yield s


def answers():
    """Every answer with its session, respondent, round and score: one row of the long layout."""
    for s in sessions():
        who = s["respondent"]
        for rnd in s["rounds"]:
            q = questionnaires.get(rnd["questionnaire"], {"questions": []})
            questions = {question["id"]: question for question in q["questions"]}
            for a in rnd["answers"]:
                question = questions.get(a["question"])
                yield s, who, rnd, a, score(q, question, a) if question else None


def describe(values):
    if not values:
        return {"n": 0}
    return {"n": len(values), "mean": statistics.fmean(values), "median": statistics.median(values),
            "min": min(values), "max": max(values),
            "standardDeviation": statistics.stdev(values) if len(values) > 1 else None}


if mode == "report":
    question_scores, dimension_scores, by_level = {}, {}, {}
    for s in sessions():
        level = s["respondent"].get("level", "unspecified")
        for rnd in s["rounds"]:
            q = questionnaires.get(rnd["questionnaire"])
            if q is None:
                continue
            answers = {a["question"]: a for a in rnd["answers"]}
            sums = {}
            for question in q["questions"]:
                value = score(q, question, answers.get(question["id"], {}))
                if value is None:
                    continue
                question_scores.setdefault((q["id"], question["id"]), []).append(value)
                total, weight = sums.get(question["dimension"], (0.0, 0.0))
                sums[question["dimension"]] = (total + value * question["weight"], weight + question["weight"])
            for dimension, (total, weight) in sums.items():
                if weight > 0:
                    key = (q["id"], dimension)
                    dimension_scores.setdefault(key, []).append(total / weight)
                    by_level.setdefault(key, {}).setdefault(level, []).append(total / weight)
    result = {"questions": [], "dimensions": [], "gaps": []}
    for (qid, question_id), values in sorted(question_scores.items()):
        stats = describe(values)
        median = stats["median"]
        within = sum(1 for v in values if abs(v - median) <= 25 + 1e-9) / len(values)
        result["questions"].append({"questionnaire": qid, "question": question_id, "stats": stats,
                                    "within": within, "disagreement": len(values) >= 2 and within < 0.8})
    for key, values in sorted(dimension_scores.items()):
        levels = {level: statistics.fmean(v) for level, v in by_level[key].items()}
        result["dimensions"].append({"questionnaire": key[0], "dimension": key[1], "stats": describe(values), "byLevel": levels})
        named = [m for level, m in levels.items() if level != "unspecified"]
        if len(named) >= 2:
            result["gaps"].append({"dimension": key[1], "gap": max(named) - min(named)})
    result["gaps"].sort(key=lambda g: -g["gap"])
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)
elif mode == "jsonl":
    # One JSON object per answer, the long layout's fields, as `partnercheck export --format jsonl` writes.
    with open(out, "w", encoding="utf-8") as f:
        for s, who, rnd, a, value in answers():
            f.write(json.dumps({
                "session_id": s["id"], "respondent": who.get("name"), "level": who.get("level"),
                "organisation": who.get("organisation"), "partner": rnd.get("partner"), "side": rnd.get("side"),
                "questionnaire": rnd["questionnaire"], "questionnaire_version": rnd["version"],
                "question": a["question"], "question_text": a["questionText"], "status": a["status"],
                "value": a.get("value"), "label": a.get("label"),
                "score": None if value is None else round(value, 2), "note": a.get("note"),
                "answered_at": a["answeredAt"],
            }, ensure_ascii=False, separators=(",", ":")) + "\n")
else:
    columns = ["session_id", "respondent", "level", "organisation", "partner", "side", "questionnaire",
               "questionnaire_version", "question", "question_text", "status", "value", "label", "score", "note", "answered_at"]

    def safe(text):
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for s, who, rnd, a, value in answers():
            writer.writerow([s["id"], safe(who.get("name", "")), who.get("level", ""), safe(who.get("organisation", "")),
                             safe(rnd.get("partner", "")), rnd.get("side", ""), rnd["questionnaire"], rnd["version"],
                             a["question"], safe(a["questionText"]), a["status"], safe(str(a.get("value", ""))),
                             safe(a.get("label", "")), "" if value is None else round(value, 2), safe(a.get("note", "")),
                             a["answeredAt"]])
