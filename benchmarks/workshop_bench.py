#!/usr/bin/env python3
"""Organisation-scale benchmark: prints its numbers, asserts nothing.

Generates N (default 10,000) realistic completed sessions into a folder, then measures
`partnercheck workshop report DIR --format json`, `partnercheck export DIR --format csv` and
`--format jsonl`: wall time and peak memory (max RSS of the process), next to
workshop_reference.py, a Python script using only the standard library that computes the same
aggregates / writes the same CSV / the same JSON Lines, all in the same run, with the machine's
load noted. Every session file is read through the full session schema, as a single read is.
Targets: issue 4 (2-core machine): each under 1 s, at least 3x faster than the reference, peak
memory under 100 MB; issue 11: each under 150 ms and at least 10x faster at 10,000 sessions, under
1.5 s and 100 MB at 100,000.

Usage: benchmarks/workshop_bench.py [--sessions N] [--runs R] [--keep]   (--keep: leave the sessions for a profiler)
       benchmarks/workshop_bench.py --curve [--runs R]    (1,000 / 10,000 / 100,000 sessions: cost per session)
"""
import atexit
import json
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

root = pathlib.Path(__file__).resolve().parent.parent
count = int(sys.argv[sys.argv.index("--sessions") + 1]) if "--sessions" in sys.argv else 10_000
runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
env = dict(os.environ)
if shutil.which("swift") is None:
    env["PATH"] = "/opt/swift/usr/bin:" + env.get("PATH", "")

print("building partnercheck (release, static Swift stdlib) ...", flush=True)
subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "partnercheck"], cwd=root, env=env,
               check=True, stdout=subprocess.DEVNULL)
# Timed as a copy, as `scripts/start` installs it (and as bench.py times it): the page cache holds
# the linker's own output differently from a copied file.
binary_dir = pathlib.Path(tempfile.mkdtemp(prefix="partnercheck-workshop-binary-"))
binary = str(binary_dir / "partnercheck")
shutil.copy2(root / ".build/release/partnercheck", binary)
atexit.register(shutil.rmtree, binary_dir, True)

qs = {}
for path in sorted((root / "questionnaires").glob("*.json")):
    q = json.loads(path.read_text("utf-8"))
    qs[q["id"]] = q

rng = random.Random(42)
levels = ["executive", "management", "field"]
partners = [f"Partner {i:02d}" for i in range(20)]
notes = ["Budgets are frozen until Q3.", "Nobody owns this, \"really\".", "Depends on the region, e.g. EMEA vs APAC.",
         "Partner portal is hard to use", "=we should fix this", "Überprüfung läuft", "営業チームと共有済み"]


def answers_for(q, partner, t0):
    out = []
    for i, question in enumerate(q["questions"]):
        text = question["text"].replace("{partner}", partner) if partner else question["text"]
        stamp = f"2026-11-{10 + t0 % 15:02d}T10:{i:02d}:00Z"
        roll = rng.random()
        if roll < 0.04:
            out.append({"question": question["id"], "questionText": text, "status": "unknown", "answeredAt": stamp})
            continue
        if roll < 0.06:
            out.append({"question": question["id"], "questionText": text, "status": "skipped", "answeredAt": stamp})
            continue
        if question["kind"] == "choice":
            option = rng.choice(question["options"])
            a = {"value": option["key"], "label": option["label"]}
        else:
            value = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 3, 2])[0]
            label = next(p["label"] for p in q["scales"][question["scale"]]["points"] if p["value"] == value)
            a = {"value": value, "label": label}
        a.update({"question": question["id"], "questionText": text, "status": "answered", "answeredAt": stamp})
        if a["value"] in (1, 2) and rng.random() < 0.3:
            a["note"] = rng.choice(notes)
        out.append(a)
    return out


def measure(cmd):
    """Wall seconds and peak RSS (MB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    err = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {err}")
    return elapsed, usage.ru_maxrss / 1024


def best(cmd):
    results = [measure(cmd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


reference = str(root / "benchmarks/workshop_reference.py")
qdir = str(root / "questionnaires")


def bench(count):
    """Generates `count` sessions and measures the three jobs; returns rows and the folder's size."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="partnercheck-workshop-bench-"))
    folder = work / "org"
    subprocess.run([binary, "workshop", "new", "Organisation rollout", "--dir", str(folder)], check=True, stdout=subprocess.DEVNULL)
    print(f"generating {count} sessions ...", flush=True)
    for n in range(count):
        rounds = [{"questionnaire": qid, "version": qs[qid]["version"], "answers": answers_for(qs[qid], None, n)}
                  for qid in ("three-questions", "healthy-ecosystem")]
        for partner in rng.sample(partners, rng.choice([1, 1, 2])):
            side = "ours" if rng.random() < 0.8 else "partner"
            rounds.append({"questionnaire": "mutual-traits", "version": qs["mutual-traits"]["version"], "partner": partner,
                           "side": side, "answers": answers_for(qs["mutual-traits"], partner, n)})
        session = {
            "schema": "partnercheck-session", "schemaVersion": 1, "id": f"session-{n:05d}", "status": "completed",
            "createdAt": "2026-11-10T09:00:00Z", "updatedAt": "2026-11-10T09:30:00Z", "completedAt": "2026-11-10T09:30:00Z",
            "respondent": {"name": f"Person {n}", "level": rng.choice(levels), "organisation": "Acme"},
            "questionnaires": [{"id": qid, "version": qs[qid]["version"]} for qid in ("three-questions", "healthy-ecosystem", "mutual-traits")],
            "finished": ["three-questions", "healthy-ecosystem", "mutual-traits"],
            "ambitions": {}, "rounds": rounds, "workshop": "Organisation rollout",
        }
        with open(folder / f"2026-11-10-person-{n:05d}.json", "w", encoding="utf-8") as f:
            json.dump(session, f, indent=2, ensure_ascii=False, sort_keys=True)
    # The generated files are put on disk before anything is timed: their writing back would
    # otherwise run beside the first runs of both programs.
    os.sync()
    size = sum(p.stat().st_size for p in folder.glob("*.json"))
    print(f"{count} session files, {size / 1e6:.1f} MB", flush=True)
    rows = []
    for label, ours, theirs in [
        ("workshop report", [binary, "workshop", "report", str(folder), "--format", "json", "--out", str(work / "r.json"), "--force"],
         [sys.executable, reference, "report", str(folder), qdir, str(work / "ref.json")]),
        ("export --format csv", [binary, "export", str(folder), "--format", "csv", "--out", str(work / "e.csv"), "--force"],
         [sys.executable, reference, "export", str(folder), qdir, str(work / "ref.csv")]),
        ("export --format jsonl", [binary, "export", str(folder), "--format", "jsonl", "--out", str(work / "e.jsonl"), "--force"],
         [sys.executable, reference, "jsonl", str(folder), qdir, str(work / "ref.jsonl")]),
    ]:
        t_ours, m_ours = best(ours)
        t_ref, m_ref = best(theirs)
        rows.append((label, t_ours, m_ours, t_ref, m_ref))
    skipped = json.load(open(work / "r.json", encoding="utf-8"))["workshop"]["skipped"]
    if skipped:
        raise RuntimeError(f"the workshop report skipped {len(skipped)} generated files, e.g. {skipped[0]}")
    export_rows = sum(1 for _ in open(work / "e.csv", encoding="utf-8", newline="")) - 1
    jsonl_rows = sum(1 for _ in open(work / "e.jsonl", encoding="utf-8"))
    if "--keep" in sys.argv:
        print(f"kept the sessions in {folder}")
    else:
        shutil.rmtree(work)
    return rows, size, export_rows, jsonl_rows


def show(count, rows, size, export_rows, jsonl_rows):
    load = os.getloadavg()
    print()
    print(f"best of {runs} runs each, {count} sessions ({size / 1e6:.1f} MB), {os.cpu_count()} cores,"
          f" load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'':24}{'partnercheck':>22}{'python reference':>22}{'speed-up':>10}")
    for label, t_ours, m_ours, t_ref, m_ref in rows:
        print(f"{label:24}{t_ours * 1000:>10.0f} ms {m_ours:>6.1f} MB{t_ref * 1000:>10.0f} ms {m_ref:>6.1f} MB{t_ref / t_ours:>9.1f}x")
    print(f"export rows: {export_rows} CSV records after the header, {jsonl_rows} JSON lines")
    if count == 10_000:
        met = [(label, t * 1000 < 150 and r / t >= 10) for label, t, _, r, _ in rows]
        print("issue 11 targets at 10,000 sessions (under 150 ms and at least 10x the reference): "
              + ", ".join(f"{label} {'met' if ok else 'NOT met'}" for label, ok in met))
    if count == 100_000:
        met = [(label, t < 1.5 and m < 100) for label, t, m, _, _ in rows]
        print("issue 11 targets at 100,000 sessions (under 1.5 s and 100 MB): "
              + ", ".join(f"{label} {'met' if ok else 'NOT met'}" for label, ok in met))
    print("issue 4 targets: under 1000 ms, at least 3x faster than the reference, under 100 MB")


if "--curve" in sys.argv:
    curve = []
    for n in (1_000, 10_000, 100_000):
        result = bench(n)
        show(n, *result)
        curve.append((n, result[0]))
    print()
    print("cost per session (partnercheck), to show how it grows:")
    for n, rows in curve:
        print(f"{n:>8} sessions: " + ", ".join(f"{label} {t / n * 1e6:.1f} µs" for label, t, _, _, _ in rows))
else:
    show(count, *bench(count))
