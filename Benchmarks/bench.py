#!/usr/bin/env python3
"""Fazhan's scale benchmark: drives the built `fazhan` binary (release) as an organizer would,
at 10k, 100k and 1M people, and measures every command as a whole process (start to exit):
wall-clock time and peak memory (the child's own maximum resident set, from wait4).

For the quarterly report and the import it also measures the floor: the plain SQL that computes
the same stage counts as of the quarter end, and the `.import` of the same rows, both run by the
`sqlite3` shell on the same kind of database file, and prints ours as a ratio to the floor. The
report reads a projection (one row per person) rather than the events, so it is also compared
with the sqlite3 shell reading those rows.

    python3 Benchmarks/bench.py --binary .build/release/fazhan --people 10000,100000 --out results.md
    python3 Benchmarks/bench.py --smoke      # 10k people, checks that everything runs, judges nothing

With --postgres URL (or $FAZHAN_BENCH_POSTGRES) each size up to --postgres-up-to (100k) is also
copied to a PostgreSQL database of its own (`fazhan-server copy`), where check, advance, the audit
and the report are measured through `fazhan-server`; the audit and report JSON must be byte for
byte SQLite's, or the run fails.

Timings are only printed; `--smoke` fails only if a command fails to run.
"""

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TODAY = "2026-11-20"
QUARTER = "2026Q3"
QUARTER_END = "2026-09-30"
OLD_QUARTER = "2024Q1"
OLD_QUARTER_END = "2024-03-31"

# Targets on the 2-core reference machine at 1M people (issues 6 and 16); every command also
# within 1 GB of memory. A target judged on a rate (events a second) reads it from the detail.
GB = 1024 * 1024
TARGETS = {
    "check": ("< 20 ms", lambda s, m, d: s < 0.020 and (m or 0) < GB),
    "advance": ("< 25 ms", lambda s, m, d: s < 0.025 and (m or 0) < GB),
    "agenda (one branch)": ("< 100 ms", lambda s, m, d: s < 0.100 and (m or 0) < GB),
    "audit (everything)": ("< 10 s", lambda s, m, d: s < 10 and (m or 0) < GB),
    f"report {QUARTER}": ("< 2 s, ≤ 1.5x sqlite3 reading its rows", lambda s, m, d: s < 2 and (m or 0) < GB),
    f"report {OLD_QUARTER}": ("< 2 s, ≤ 1.5x sqlite3 reading its rows", lambda s, m, d: s < 2 and (m or 0) < GB),
    f"report {QUARTER} as JSON": ("< 2 s, < 1 GB", lambda s, m, d: s < 2 and (m or 0) < GB),
    "verify (chain + projections)": ("≥ 1M events/s", lambda s, m, d: d.get("rate", 0) >= 1_000_000 and (m or 0) < GB),
    "import people": ("< 1 GB", lambda s, m, d: (m or 0) < GB),
    "import events": ("≥ 200k events/s, ≤ 2x .import", lambda s, m, d: d.get("rate", 0) >= 200_000 and (m or 0) < GB),
}

# The steps that enter each stage of cpc-2014 / university (for the floor's SQL), and the exits.
ENTERING = [
    ("submit_application", "applicant"), ("designate_activist", "activist"), ("designate_candidate", "candidate"),
    ("admission_approval", "probationary"), ("conversion_approval", "full_member"), ("withdrawal", "withdrawn"),
    ("probation_cancellation", "cancelled"), ("transfer_out", "transferred_out"),
]


# GNU time, when installed, reports the peak memory of a process it forked itself. A child
# forked straight from this (large) Python process inherits Python's resident size as its
# starting "peak" (Linux carries the high-water mark across fork and exec), so wait4's figure is
# only an upper bound once Python has read a big output.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run(binary, args, env, timeout=7200, check=True):
    """Runs one process; returns (seconds, peak KB, exit status, stdout)."""
    measure = tempfile.NamedTemporaryFile(prefix="fazhan-bench-", suffix=".rss", delete=False) if GNU_TIME else None
    command = [GNU_TIME, "-f", "%M", "-o", measure.name, binary] + args if measure else [binary] + args
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # communicate() first so a large output never blocks the child.
    out, err = process.communicate(timeout=timeout)
    seconds = time.perf_counter() - started
    peak = process_rusage.get(process.pid)
    if measure:
        with open(measure.name) as report:
            numbers = [line.strip() for line in report if line.strip().isdigit()]
        os.remove(measure.name)
        peak = int(numbers[-1]) if numbers else peak
    if check and process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join([binary] + args)} failed with {process.returncode}:\n{err.decode(errors='replace')}")
    return seconds, peak, process.returncode, out


process_rusage = {}


class _Popen(subprocess.Popen):
    """A Popen that reaps its child with wait4, keeping the child's peak memory."""

    def _try_wait(self, wait_flags):
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return (self.pid, 0)
        if pid == self.pid:
            process_rusage[pid] = usage.ru_maxrss
        return (pid, status)


subprocess.Popen = _Popen


def sqlite(database, sql, timeout=7200):
    started = time.perf_counter()
    process = subprocess.run(["sqlite3", database], input=sql.encode(), capture_output=True, timeout=timeout)
    if process.returncode != 0:
        raise SystemExit(f"sqlite3 failed: {process.stderr.decode(errors='replace')}")
    return time.perf_counter() - started, process.stdout.decode()


def floor_sql(end):
    values = ", ".join(f"('{step}', '{stage}')" for step, stage in ENTERING)
    return f"""
WITH entering(step, stage) AS (VALUES {values}),
latest AS (
    SELECT e.person_id, e.step, max(e.occurred_on || printf('%012d', e.id)) AS k
    FROM event e JOIN entering x ON x.step = e.step
    WHERE e.occurred_on <= '{end}' AND e.corrects IS NULL
    GROUP BY e.person_id)
SELECT x.stage, count(*) FROM latest JOIN entering x ON x.step = latest.step GROUP BY x.stage ORDER BY x.stage;
"""


# What the report reads instead of the events: one row per person with the stored timeline.
PROJECTION_READ = """SELECT count(*), sum(length(s.timeline)), sum(length(p.name) + length(p.number))
FROM person p JOIN person_state s ON s.person_id = p.id;"""


def median_run(binary, args, env, times):
    results = [run(binary, args, env) for _ in range(times)]
    return statistics.median(r[0] for r in results), max(r[1] or 0 for r in results), results[-1]


class Table:
    def __init__(self):
        self.rows = []

    def add(self, people, what, seconds, peak_kb, detail="", rate=None):
        target = TARGETS.get(what)
        verdict = ""
        if target and people >= 1_000_000:
            verdict = "met" if target[1](seconds, peak_kb, {"rate": rate} if rate else {}) else "missed"
        self.rows.append((people, what, seconds, peak_kb, target[0] if target else "", verdict, detail))
        print(f"  {what:28} {seconds * 1000:10.1f} ms  {(peak_kb or 0) / 1024:8.1f} MB  {detail}", flush=True)

    def markdown(self):
        lines = ["| people | what | time | peak memory | target at 1M | at 1M | detail |", "|---:|---|---:|---:|---|---|---|"]
        for people, what, seconds, peak, target, verdict, detail in self.rows:
            shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
            lines.append(f"| {people:,} | {what} | {shown} | {(peak or 0) / 1024:.0f} MB | {target} | {verdict} | {detail} |")
        growth = self.growth()
        if growth:
            lines += ["", "| what | 100k | 1M | 1M / 100k |", "|---|---:|---:|---:|"]
            lines += [f"| {what} | {small:.3f} s | {large:.3f} s | {large / small:.1f}x{' (over 11x)' if large / small > 11 else ''} |"
                      for what, small, large in growth]
        return "\n".join(lines)

    def growth(self):
        """Each command measured at both 100k and 1M people: how its time grew (issue 16: at
        most 11x for 10x the people). Floors and one-off figures are left out."""
        times = {}
        for people, what, seconds, _, _, _, _ in self.rows:
            if not what.startswith("floor"):
                times.setdefault(what, {})[people] = seconds
        return [(what, sizes[100_000], sizes[1_000_000]) for what, sizes in times.items()
                if 100_000 in sizes and 1_000_000 in sizes and sizes[100_000] > 0]


def importable_events(source, target):
    """The export's columns an import reads: the legacy-history shape (no ids, corrections or flags)."""
    dropped = {"事件编号", "姓名", "步骤名称", "记录时间", "记录人", "导入", "更正", "更正原因", "作废", "规则版本"}
    with open(source, encoding="utf-8-sig", newline="") as inp, open(target, "w", encoding="utf-8", newline="") as out:
        reader = csv.reader(inp)
        writer = csv.writer(out, lineterminator="\r\n")
        header = next(reader)
        keep = [i for i, name in enumerate(header) if name not in dropped]
        writer.writerow([header[i] for i in keep])
        rows = 0
        corrections = header.index("更正")
        for row in reader:
            if row[corrections]:
                continue
            writer.writerow([row[i] for i in keep])
            rows += 1
    return rows


def write_step(items, person):
    """The write `advance` measures: the first eligible step of an agenda, on its day, or a
    thought report (思想汇报, guarded like any step) of `person` today."""
    eligible = [i for i in items if i["kind"] == "eligible"]
    if eligible:
        item = eligible[0]
        stage = {step: stage for step, stage in ENTERING}.get(item["step"])
        args = ["advance", item["personNumber"], "--to", stage, "--on", item["date"]] if stage else \
            ["record", item["personNumber"], item["step"], "--on", item["date"]]
        return args, item["date"], f"{item['personNumber']} {item['step']} on {item['date']}"
    return ["record", person, "thought_report", "--on", TODAY], TODAY, f"{person} thought_report on {TODAY} (no eligible step)"


def write_steps(items, person, count):
    """Up to `count` advances of different people the agenda says may take a step (each on its
    day), so that `advance` is a median like `check`; else `write_step`'s one write."""
    entering = dict(ENTERING)
    chosen, seen = [], set()
    for item in items:
        if item["kind"] == "eligible" and item["step"] in entering and item["personNumber"] not in seen:
            seen.add(item["personNumber"])
            chosen.append((["advance", item["personNumber"], "--to", entering[item["step"]], "--on", item["date"]], item["date"],
                           f"{item['personNumber']} {item['step']} on {item['date']}"))
        if len(chosen) == count:
            break
    return chosen or [write_step([], person)]


def figures(report_json):
    """A report's JSON without the checkpoint of the event log it names, which differs between databases."""
    report = json.loads(report_json)
    report.pop("log", None)
    return json.dumps(report, sort_keys=True, ensure_ascii=False)


def bench_postgres(postgres, people, database, branch, env, table, repeat, audit_json, report_json):
    """The same database copied to PostgreSQL (`fazhan-server copy`), then the same commands run
    through `fazhan-server` on its URL: their JSON must be byte for byte the SQLite one."""
    server, base = postgres["binary"], postgres["url"]
    name = f"fazhan_bench_{people}"
    url = base.rsplit("/", 1)[0] + "/" + name
    admin = ["psql", base, "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    subprocess.run(admin + [f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
    subprocess.run(admin + [f"CREATE DATABASE {name}"], check=True, capture_output=True)
    try:
        penv = dict(env)
        penv.pop("FAZHAN_DB", None)
        seconds, peak, status, out = run(server, ["copy", "--from", database, "--to", url], penv)
        if status != 0:
            raise SystemExit(f"fazhan-server copy failed:\n{out.decode(errors='replace')}")
        table.add(people, "postgres: copy from SQLite", seconds, peak, "one transaction, verified after")
        _, person = sqlite(database, "SELECT p.number FROM person p JOIN person_state s ON s.person_id = p.id "
                                     "WHERE s.stage = 'activist' ORDER BY p.id LIMIT 1 OFFSET 7;")
        seconds, peak, _ = median_run(server, ["check", person.strip(), "--db", url], penv, repeat)
        table.add(people, "postgres: check", seconds, peak, f"one activist, median of {repeat}")
        seconds, peak, status, out = run(server, ["audit", "--format", "json", "--db", url], penv)
        same = "identical to SQLite's" if out == audit_json else "DIFFERENT from SQLite's"
        table.add(people, "postgres: audit (everything)", seconds, peak, f"JSON {same}, exit {status}")
        if out != audit_json:
            raise SystemExit("the audit JSON on PostgreSQL differs from SQLite's")
        seconds, peak, _, out = run(server, ["report", "quarterly", "--quarter", QUARTER, "--db", url], penv)
        table.add(people, f"postgres: report {QUARTER}", seconds, peak, "table")
        seconds, peak, _, out = run(server, ["report", "quarterly", "--quarter", QUARTER, "--format", "json", "--db", url], penv)
        # Every figure byte for byte; the checkpoint each report names ("log") is its own database's.
        same = "identical to SQLite's" if figures(out) == figures(report_json) else "DIFFERENT from SQLite's"
        table.add(people, f"postgres: report {QUARTER} as JSON", seconds, peak, f"JSON {same}")
        if figures(out) != figures(report_json):
            raise SystemExit("the report JSON on PostgreSQL differs from SQLite's")
        # The branch's agenda there, and an advance of the first person it says may take a step.
        seconds, peak, last = median_run(server, ["agenda", "--org", branch, "--format", "json", "--db", url], penv, repeat)
        items = json.loads(last[3])
        table.add(people, "postgres: agenda (one branch)", seconds, peak, f"{branch}, {len(items)} items, median of {repeat}")
        args, when, what = write_step(items, person.strip())
        seconds, peak, status, _ = run(server, args + ["--db", url], dict(penv, FAZHAN_TODAY=when))
        table.add(people, "postgres: advance", seconds, peak, f"{what}, exit {status}")
        seconds, peak, status, out = run(server, ["verify", "--database", url], penv)
        table.add(people, "postgres: verify", seconds, peak, f"exit {status}")
        if status != 0:
            raise SystemExit(f"fazhan-server verify failed:\n{out.decode(errors='replace')}")
    finally:
        subprocess.run(admin + [f"DROP DATABASE IF EXISTS {name}"], capture_output=True)


def bench(binary, people, workdir, table, repeat, with_import, reuse, postgres=None):
    print(f"\n== {people:,} people", flush=True)
    env = dict(os.environ, FAZHAN_TODAY=TODAY, CI="1")
    database = os.path.join(workdir, f"g{people}.sqlite")
    if reuse and os.path.exists(database):
        events = int(sqlite(database, "SELECT count(*) FROM event;")[1])
        print(f"  reusing {database} ({events:,} events); generation not measured", flush=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(database + suffix):
                os.remove(database + suffix)
        seconds, peak, _, out = run(binary, ["generate", "--people", str(people), "--seed", "1", "--db", database, "--today", TODAY], env)
        events = int(sqlite(database, "SELECT count(*) FROM event;")[1])
        table.add(people, "generate", seconds, peak, f"{events:,} events, {events / seconds:,.0f} events/s")
    env["FAZHAN_DB"] = database

    _, person = sqlite(database, "SELECT p.number FROM person p JOIN person_state s ON s.person_id = p.id "
                                 "WHERE s.stage = 'activist' ORDER BY p.id LIMIT 1 OFFSET 7;")
    person = person.strip()
    # Untimed: the first open of a database made by an older version adds what is missing (v5).
    run(binary, ["check", person], env)
    seconds, peak, _ = median_run(binary, ["check", person], env, repeat)
    table.add(people, "check", seconds, peak, f"one activist ({person}), median of {repeat}")

    _, branch = sqlite(database, "SELECT o.code FROM organization o JOIN person_state s ON s.organization_id = o.id "
                                 "WHERE o.kind = 'branch' GROUP BY o.id ORDER BY count(*) DESC LIMIT 1;")
    branch = branch.strip()
    seconds, peak, last = median_run(binary, ["agenda", "--org", branch, "--format", "json"], env, repeat)
    items = json.loads(last[3])
    table.add(people, "agenda (one branch)", seconds, peak, f"{branch}, {len(items)} items, median of {repeat}")

    # Real advances: people the agendas of the largest branches (three months ahead) say may take
    # a step, each on its day, one run each (a step is taken once; earlier runs on a reused
    # database took some); else a guarded record of a thought report.
    _, branches = sqlite(database, "SELECT o.code FROM organization o JOIN person_state s ON s.organization_id = o.id "
                                   "WHERE o.kind = 'branch' GROUP BY o.id ORDER BY count(*) DESC LIMIT 20;")
    ahead = []
    for code in branches.split():
        _, _, _, out = run(binary, ["agenda", "--org", code, "--within", "3m", "--format", "json"], env)
        ahead += json.loads(out)
        if len(write_steps(ahead, person, repeat)) >= repeat:
            break
    steps = write_steps(ahead, person, repeat)
    results = [run(binary, args, dict(env, FAZHAN_TODAY=when)) for args, when, _ in steps]
    seconds = statistics.median(r[0] for r in results)
    times = ", ".join(f"{r[0] * 1000:.1f}" for r in results)
    statuses = ", ".join(sorted({str(r[2]) for r in results}))
    table.add(people, "advance", seconds, max(r[1] or 0 for r in results),
              f"median of {len(results)} ({times} ms): {steps[0][2]}{' and others' if len(steps) > 1 else ''}, exit {statuses}")

    seconds, peak, status, out = run(binary, ["audit", "--format", "json"], env)
    audit_json = out
    report = json.loads(out)
    table.add(people, "audit (everything)", seconds, peak, f"{report['peopleAudited']:,} people, {len(report['findings']):,} findings, exit {status}")

    read, _ = sqlite(database, PROJECTION_READ)
    for quarter, end in ((QUARTER, QUARTER_END), (OLD_QUARTER, OLD_QUARTER_END)):
        seconds, peak, _, out = run(binary, ["report", "quarterly", "--quarter", quarter], env)
        floor, counts = sqlite(database, floor_sql(end))
        table.add(people, f"report {quarter}", seconds, peak,
                  f"table; {seconds / floor:.2f}x the floor, {seconds / read:.1f}x sqlite3 reading the rows it reads")
        table.add(people, f"floor: stage counts {end} (sqlite3)", floor, 0, counts.strip().replace("|", " ").replace("\n", ", "))
        if quarter == QUARTER:
            seconds, peak, _, out = run(binary, ["report", "quarterly", "--quarter", quarter, "--format", "json"], env)
            report_json = out
            organizations = len(json.loads(out)["current"]["organizations"])
            table.add(people, f"report {quarter} as JSON", seconds, peak,
                      f"{len(out) / 1e6:,.0f} MB: {organizations:,} organizations' figures, three periods")
    table.add(people, "floor: reading the report's rows (sqlite3)", read, 0, "person joined with person_state, one row per person")

    if postgres and people <= postgres["up_to"]:
        bench_postgres(postgres, people, database, branch, env, table, repeat, audit_json, report_json)

    if with_import:
        seconds, peak, _, _ = run(binary, ["verify"], env)
        table.add(people, "verify (chain + projections)", seconds, peak, f"{events:,} events, {events / seconds:,.0f} events/s",
                  rate=events / seconds)

        exported = os.path.join(workdir, f"events{people}.csv")
        roster = os.path.join(workdir, f"people{people}.csv")
        for path in (exported, roster):
            if os.path.exists(path):
                os.remove(path)
        seconds, peak, _, _ = run(binary, ["export", "events", "--all", "--output", exported], env)
        table.add(people, "export events (CSV)", seconds, peak, f"{events / seconds:,.0f} events/s")
        run(binary, ["export", "people", "--all", "--reveal", "--output", roster], env)
        legacy = os.path.join(workdir, f"legacy{people}.csv")
        rows = importable_events(exported, legacy)

        target = os.path.join(workdir, f"i{people}.sqlite")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
        run(binary, ["init", "--db", target, "--workflow", "university"], env)
        sqlite(target, f"ATTACH '{database}' AS g; INSERT INTO organization SELECT * FROM g.organization;")
        # Today after the advance above, so that its event is not "in the future".
        later = dict(env, FAZHAN_TODAY="2027-01-01")
        seconds, peak, status, _ = run(binary, ["import", "people", roster, "--db", target], later)
        table.add(people, "import people", seconds, peak, f"{people:,} people, exit {status}")
        seconds, peak, status, _ = run(binary, ["import", "events", legacy, "--db", target], later)
        imported = int(sqlite(target, "SELECT count(*) FROM event;")[1])
        floor_db = os.path.join(workdir, f"floor{people}.sqlite")
        if os.path.exists(floor_db):
            os.remove(floor_db)
        floor, _ = sqlite(floor_db, f".mode csv\n.import {legacy} legacy\n")
        table.add(people, "import events", seconds, peak,
                  f"{imported:,} of {rows:,} events, {rows / seconds:,.0f} events/s, {seconds / floor:.1f}x sqlite3 .import, exit {status}",
                  rate=rows / seconds if seconds <= 2 * floor else None)
        table.add(people, "floor: sqlite3 .import", floor, 0, f"{rows / floor:,.0f} rows/s")
        for path in (exported, roster, legacy, floor_db, target, target + "-wal", target + "-shm"):
            if os.path.exists(path):
                os.remove(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/fazhan")
    parser.add_argument("--people", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", default=None, help="where the databases go (kept); else a temporary folder")
    parser.add_argument("--out", default=None, help="write the Markdown table here")
    parser.add_argument("--import-up-to", type=int, default=100_000,
                        help="run verify and the export/import round only up to this many people (default 100000)")
    parser.add_argument("--reuse", action="store_true", help="reuse a database generated by an earlier run in --workdir")
    parser.add_argument("--smoke", action="store_true", help="10k people, 1 repetition: that it runs, not how fast")
    parser.add_argument("--postgres", default=os.environ.get("FAZHAN_BENCH_POSTGRES"),
                        help="a PostgreSQL URL (its server creates and drops a database per size) to measure the same "
                             "commands on PostgreSQL through fazhan-server (else $FAZHAN_BENCH_POSTGRES)")
    parser.add_argument("--server-binary", default=".build/release/fazhan-server")
    parser.add_argument("--postgres-up-to", type=int, default=100_000, help="measure PostgreSQL up to this many people")
    args = parser.parse_args()
    if shutil.which("sqlite3") is None:
        raise SystemExit("the sqlite3 shell is needed for the floors: apt-get install sqlite3")
    if args.smoke:
        args.people, args.repeat = "10000", 1
    workdir = args.workdir or tempfile.mkdtemp(prefix="fazhan-bench-")
    os.makedirs(workdir, exist_ok=True)
    table = Table()
    try:
        for people in [int(n) for n in args.people.split(",")]:
            postgres = None
            if args.postgres:
                postgres = {"url": args.postgres, "binary": os.path.abspath(args.server_binary), "up_to": args.postgres_up_to}
            bench(os.path.abspath(args.binary), people, workdir, table, args.repeat, people <= args.import_up_to, args.reuse,
                  postgres)
    finally:
        text = table.markdown()
        print("\n" + text)
        if args.out:
            with open(args.out, "w") as out:
                out.write(text + "\n")
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
