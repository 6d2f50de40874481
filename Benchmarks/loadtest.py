#!/usr/bin/env python3
"""The server under load (issue 12). Run it through `Benchmarks/load`, which builds the binaries.

Starts a throwaway PostgreSQL cluster and `fazhan-server serve` on 127.0.0.1, prepares one branch
of people per branch organizer (an SQLite file made with `fazhan`, copied with `fazhan-server
copy`; the organizers added with `fazhan-server user add`), and runs as many concurrent clients as
organizers for a fixed time, each on one keep-alive HTTP/1.1 connection and with no pause between
requests: 70% reads (history, check, show, a third each), 25% guarded records (`thought_report`,
repeatable; one in twenty an `activist_assessment` the guards refuse), 5% the branch's agenda.
About 5% of the clients (at least two) race on the same two people: every operation of theirs is
on those two, with each its own idea of their version, so their writes meet 409 and are retried
after a re-read.

Afterwards it checks that nothing was lost or duplicated (for every person, the events in their
history equal their version, and equal the events before the run plus the 201s answered for them;
the event table's count agrees), that `fazhan-server verify` finds the database intact, and it
reads the server's peak resident memory (VmHWM). Then it runs the same mix as `fazhan` CLI
processes on one SQLite file holding the same people, for comparison.

Exit status 1 when anything was wrong: a 5xx, a connection error or timeout, a lost or duplicated
event, a verify problem, a process that failed. Speed is reported, never judged.
"""

import argparse
import asyncio
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

# --only: one kind of request alone (diagnosis).
ONLY = None

# The generator's event loop: uvloop when it is installed (`pip install uvloop`; it takes about a
# third of asyncio's CPU per request, which leaves the measured server and PostgreSQL more of the
# machine they share), else asyncio's own. The report says which.
try:
    import uvloop
    run_loop = uvloop.run
    LOOP = f"uvloop {uvloop.__version__}"
except ImportError:
    run_loop = asyncio.run
    LOOP = "asyncio"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "load-test-password"
APPLIED = "2025-01-10"        # submit_application
TALKED = "2025-02-10"         # initial_talk
REPORTED = "2025-06-01"       # every thought_report of the run
WRITE_STEP = "thought_report"
REFUSED_STEP = "activist_assessment"   # needs designate_activist: an applicant is refused (422)
REFUSED_SHARE = 0.05          # of the writes
RACE_SHARE = 0.05             # of the clients
RACE_PEOPLE = 2
READ_KINDS = ("history", "check", "show")

# Issue 12's targets (2-core machine, server, PostgreSQL and generator on it).
TARGET_WRITES = 500
TARGET_WRITE_P99 = 0.150
TARGET_READS = 3000
TARGET_READ_P99 = 0.050
TARGET_MEMORY_MB = 300
TARGET_RATIO = 10

TICK = os.sysconf("SC_CLK_TCK")


def log(message):
    print(message, file=sys.stderr, flush=True)


class Failure(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(command, input=None, env=None, timeout=600, check=True):
    """Runs a command to its end; raises Failure with its output when it fails."""
    done = subprocess.run(command, input=input, env=env, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise Failure(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done


def percentile(values, p):
    """Nearest-rank percentile of sorted values, in seconds (None when empty)."""
    if not values:
        return None
    rank = max(1, math.ceil(p / 100 * len(values)))
    return values[rank - 1]


def ms(seconds):
    return "–" if seconds is None else f"{seconds * 1000:.1f} ms"


# ---------------------------------------------------------------------------------------------
# /proc: CPU time and memory of processes

def cpu_seconds(pid):
    """utime + stime of a process, in seconds (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0


def children(parent):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                found.append(int(entry))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return found


def tree_cpu(pid):
    """CPU seconds of a process and its living children (PostgreSQL: the postmaster and its backends)."""
    return cpu_seconds(pid) + sum(cpu_seconds(child) for child in children(pid))


def status_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return None


def machine_cpu():
    """(busy, total) jiffies of the whole machine."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


# ---------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 client: one keep-alive connection per simulated client, no pipelining.

class Connection(asyncio.Protocol):
    def __init__(self):
        self.transport = None
        self.buffer = bytearray()
        self.waiter = None
        self.closed = False

    def connection_made(self, transport):
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc):
        self.closed = True
        if self.waiter and not self.waiter.done():
            self.waiter.set_exception(ConnectionError(f"connection closed: {exc}"))

    def data_received(self, data):
        self.buffer += data
        if self.waiter and not self.waiter.done():
            response = self._parse()
            if response is not None:
                self.waiter.set_result(response)

    def _parse(self):
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        start = end + 4
        if "content-length" in headers:
            length = int(headers["content-length"])
            if len(self.buffer) < start + length:
                return None
            body = bytes(self.buffer[start:start + length])
            del self.buffer[:start + length]
            return status, headers, body
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = bytearray()
            at = start
            while True:
                line_end = self.buffer.find(b"\r\n", at)
                if line_end < 0:
                    return None
                size = int(bytes(self.buffer[at:line_end]).split(b";")[0], 16)
                if size == 0:
                    trailer_end = self.buffer.find(b"\r\n\r\n", line_end)
                    if trailer_end < 0:
                        if self.buffer[line_end:line_end + 4] == b"\r\n\r\n":
                            trailer_end = line_end
                        else:
                            return None
                    del self.buffer[:trailer_end + 4]
                    return status, headers, bytes(body)
                if len(self.buffer) < line_end + 2 + size + 2:
                    return None
                body += self.buffer[line_end + 2:line_end + 2 + size]
                at = line_end + 2 + size + 2
        # No length: the body ends with the connection (not expected from the server).
        return None

    async def request(self, raw, timeout):
        if self.closed:
            raise ConnectionError("connection closed")
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(raw)
        try:
            return await asyncio.wait_for(self.waiter, timeout)
        finally:
            self.waiter = None


class Client:
    """An HTTP client on one connection, reconnecting after an error."""

    def __init__(self, host, port, token=None, timeout=30):
        self.host, self.port, self.token, self.timeout = host, port, token, timeout
        self.connection = None

    async def connect(self):
        loop = asyncio.get_running_loop()
        _, self.connection = await loop.create_connection(Connection, self.host, self.port)

    def close(self):
        if self.connection and self.connection.transport:
            self.connection.transport.close()
        self.connection = None

    def build(self, method, path, body=None, headers=()):
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.token:
            lines.append(f"Authorization: Bearer {self.token}")
        lines.extend(headers)
        payload = b""
        if body is not None:
            payload = json.dumps(body, ensure_ascii=False).encode()
            lines.append("Content-Type: application/json")
            lines.append(f"Content-Length: {len(payload)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload

    async def send(self, raw):
        if self.connection is None or self.connection.closed:
            await self.connect()
        try:
            return await self.connection.request(raw, self.timeout)
        except BaseException:
            self.close()
            raise

    async def call(self, method, path, body=None, headers=()):
        return await self.send(self.build(method, path, body, headers))


def etag_version(headers):
    value = headers.get("etag")
    if value is None:
        return None
    return int(value.strip('"').removeprefix("W/").strip('"'))


# ---------------------------------------------------------------------------------------------
# The load

class Tally:
    """Latencies and statuses by kind of request."""

    def __init__(self):
        self.latency = {}
        self.status = {}
        self.errors = {}
        self.first_errors = []
        self.gave_up = []        # people a write was still stale for after 8 attempts

    def add(self, kind, seconds, status):
        self.latency.setdefault(kind, []).append(seconds)
        counts = self.status.setdefault(kind, {})
        counts[status] = counts.get(status, 0) + 1

    def error(self, kind, what):
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.first_errors) < 10:
            self.first_errors.append(f"{kind}: {what}")


class Simulated:
    """One organizer at their browser, as fast as the server answers."""

    def __init__(self, index, client, branch, people, racing, tally, rng, deadline, recorded, five_hundreds):
        self.index, self.client, self.branch, self.people = index, client, branch, people
        self.racing, self.tally, self.rng, self.deadline = racing, tally, rng, deadline
        self.versions = {}
        self.recorded = recorded          # person -> 201s answered for them
        self.five_hundreds = five_hundreds

    async def timed(self, kind, method, path, body=None, headers=()):
        raw = self.client.build(method, path, body, headers)
        started = time.perf_counter()
        try:
            status, answer_headers, answer = await self.client.send(raw)
        except asyncio.TimeoutError:
            self.tally.error(kind, f"no answer within {self.client.timeout} s to {method} {path}")
            return None
        except (ConnectionError, OSError) as error:
            self.tally.error(kind, f"{method} {path}: {error}")
            await asyncio.sleep(0.05)
            return None
        self.tally.add(kind, time.perf_counter() - started, status)
        if status >= 500 and len(self.five_hundreds) < 10:
            self.five_hundreds.append(f"{status} {method} {path}: {answer[:300].decode(errors='replace')}")
        return status, answer_headers, answer

    async def read(self, kind, person):
        path = {
            "history": f"/v1/people/{person}/history?format=json",
            "check": f"/v1/people/{person}/check",
            "show": f"/v1/people/{person}",
            "re-read after 409": f"/v1/people/{person}",
        }[kind]
        answer = await self.timed(kind, "GET", path)
        if answer and answer[0] == 200:
            version = etag_version(answer[1])
            if version is not None:
                self.versions[person] = version

    async def write(self, person):
        step = REFUSED_STEP if self.rng.random() < REFUSED_SHARE else WRITE_STEP
        body = {"step": step, "date": REPORTED, "data": {"note": f"load client {self.index}"}}
        if step == REFUSED_STEP:
            body["data"]["result"] = "pass"
        for attempt in range(8):
            if person not in self.versions:
                await self.read("re-read after 409" if attempt else "show", person)
                if person not in self.versions:
                    return
            path = f"/v1/people/{person}/events"
            answer = await self.timed("write", "POST", path, body, (f'If-Match: "{self.versions[person]}"',))
            if answer is None:
                self.versions.pop(person, None)
                return
            status, headers, _ = answer
            if status == 201:
                self.recorded[person] = self.recorded.get(person, 0) + 1
                self.versions[person] = etag_version(headers)
                return
            if status == 409:
                # As a browser would: back off a few milliseconds (more after each loss) before
                # reading again, so that three racers on one person do not stay in lockstep.
                self.versions.pop(person, None)
                await asyncio.sleep(self.rng.uniform(0, 0.004 * (attempt + 1)))
                continue
            return   # 422 (refused) or anything else: counted, not retried
        self.tally.gave_up.append(person)

    async def run(self):
        while time.perf_counter() < self.deadline:
            person = self.rng.choice(self.people)
            draw = self.rng.random()
            if ONLY is not None:
                draw = {"history": 0.0, "check": 0.3, "show": 0.6, "write": 0.8, "agenda": 0.99}[ONLY]
            if draw < 0.70:
                await self.read(READ_KINDS[int(draw / 0.70 * 3)], person)
            elif draw < 0.95:
                await self.write(person)
            else:
                await self.timed("agenda", "GET", f"/v1/agenda?org={self.branch}")


async def sign_in(host, port, user):
    client = Client(host, port)
    status, _, body = await client.call("POST", "/v1/sessions", {"user": user, "password": PASSWORD})
    client.close()
    if status != 201:
        raise Failure(f"signing in as {user}: {status} {body[:300]!r}")
    return json.loads(body)["token"]


async def read_people(host, port, token, people):
    """Every person's events (from their JSON history) and version (its ETag)."""
    client = Client(host, port, token)
    found = {}
    for person in people:
        status, headers, body = await client.call("GET", f"/v1/people/{person}/history?format=json")
        if status != 200:
            raise Failure(f"reading {person}'s history: {status} {body[:300]!r}")
        found[person] = (len(json.loads(body)["events"]), etag_version(headers))
    client.close()
    return found


async def load_phase(host, port, plan, seconds, seed, mark):
    """Signs everyone in, reads every person, runs the load, reads every person again. `mark(name)`
    is called just before and just after the timed part."""
    tokens = {}
    for user in sorted({client["user"] for client in plan}):
        tokens[user] = await sign_in(host, port, user)
    # Every branch is read by its own organizer (a racer's own branch too).
    before = {}
    for c in plan:
        before.update(await read_people(host, port, tokens[c["user"]], c.get("own", c["people"])))

    tally = Tally()
    recorded = {}
    five_hundreds = []
    sims = []
    rng = random.Random(seed)
    started = time.perf_counter()
    deadline = started + seconds
    for i, c in enumerate(plan):
        client = Client(host, port, tokens[c["user"]])
        await client.connect()
        sims.append(Simulated(i, client, c["branch"], c["people"], c["racing"], tally,
                              random.Random(rng.random()), deadline, recorded, five_hundreds))
    # Give each client its own starting versions, as its own earlier reads would have.
    for sim in sims:
        for person in sim.people:
            sim.versions[person] = before[person][1]
    mark("start")
    started = time.perf_counter()
    for sim in sims:
        sim.deadline = started + seconds
    await asyncio.gather(*(sim.run() for sim in sims))
    elapsed = time.perf_counter() - started
    mark("end")
    for sim in sims:
        sim.client.close()

    after = {}
    for c in plan:
        after.update(await read_people(host, port, tokens[c["user"]], c.get("own", c["people"])))
    return {"tally": tally, "elapsed": elapsed, "before": before, "after": after,
            "recorded": recorded, "five_hundreds": five_hundreds, "tokens": tokens}


# ---------------------------------------------------------------------------------------------
# The CLI comparison: the same mix as `fazhan` processes on one SQLite file.

async def cli_phase(fazhan, database, branches, workers, seconds, seed, env):
    latency = {}
    outcomes = {}
    failures = []
    rng = random.Random(seed)
    deadline = time.perf_counter() + seconds

    async def one(kind, args, refused_ok):
        started = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            fazhan, *args, "--db", database, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE, env=env)
        _, err = await process.communicate()
        latency.setdefault(kind, []).append(time.perf_counter() - started)
        code = process.returncode
        if code == 0:
            outcome = "recorded" if kind == "write" else ("allowed" if kind == "check" else "ok")
        elif code == 1 and kind == "check" and not err.strip():
            outcome = "not allowed"       # check exits 1 when the next step is not allowed yet
        elif code == 1 and refused_ok and b"locked" not in err:
            outcome = "refused"
        else:
            outcome = f"exit {code}"
            if len(failures) < 10:
                failures.append(f"fazhan {' '.join(args)}: exit {code}: {err.decode(errors='replace')[:300]}")
        counts = outcomes.setdefault(kind, {})
        counts[outcome] = counts.get(outcome, 0) + 1

    async def worker(w):
        local = random.Random(rng.random())
        branch, people = branches[w % len(branches)]
        while time.perf_counter() < deadline:
            person = local.choice(people)
            draw = local.random()
            if draw < 0.70:
                kind = READ_KINDS[int(draw / 0.70 * 3)]
                await one(kind, [kind, person, "--format", "json"], False)
            elif draw < 0.95:
                refused = local.random() < REFUSED_SHARE
                step = REFUSED_STEP if refused else WRITE_STEP
                args = ["record", person, step, "--on", REPORTED, "--by", f"cli{w}"]
                if refused:
                    args += ["--result", "pass"]
                await one("write", args, refused)
            else:
                await one("agenda", ["agenda", "--org", branch, "--format", "json"], False)

    started = time.perf_counter()
    mark, own = machine_cpu(), os.times()
    await asyncio.gather(*(worker(w) for w in range(workers)))
    elapsed = time.perf_counter() - started
    busy, now = machine_cpu(), os.times()
    cores = (os.cpu_count() or 1) * elapsed
    machine = (busy[0] - mark[0]) / max(1, busy[1] - mark[1]) * cores
    processes = (now.children_user + now.children_system) - (own.children_user + own.children_system)
    driver = (now.user + now.system) - (own.user + own.system)
    return {"latency": latency, "outcomes": outcomes, "failures": failures, "elapsed": elapsed, "workers": workers,
            "busy": machine / cores, "cpu": {"fazhan processes": processes, "driver": driver,
                                             "everything else": max(0.0, machine - processes - driver)}}


# ---------------------------------------------------------------------------------------------
# Setting up

def person_number(branch, i):
    return f"2025{branch:02d}{i:03d}"


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def prepare_sqlite(fazhan, database, branches, per_branch, env):
    """One committee over `branches` branches, each with `per_branch` applicants who have had their first talk."""
    run([fazhan, "init", "--db", database, "--workflow", "cpc-2014"], env=env)
    run([fazhan, "org", "add", "U", "--name", "压力测试党委", "--kind", "committee", "--db", database], env=env)
    for b in range(1, branches + 1):
        run([fazhan, "org", "add", f"B{b:02d}", "--name", f"第{b}党支部", "--kind", "branch", "--parent", "U",
             "--category", "student", "--db", database], env=env)
    roster = database + ".roster.csv"
    history = database + ".history.csv"
    rng = random.Random(12)
    with open(roster, "w", encoding="utf-8") as r, open(history, "w", encoding="utf-8") as h:
        r.write("学号,姓名,所在组织,类别,性别,出生日期,共青团员\n")
        h.write("学号,步骤,日期\n")
        for b in range(1, branches + 1):
            for i in range(1, per_branch + 1):
                number = person_number(b, i)
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                gender = rng.choice(["男", "女"])
                birth = f"{rng.randint(2000, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                r.write(f"{number},{name},B{b:02d},学生,{gender},{birth},是\n")
                h.write(f"{number},submit_application,{APPLIED}\n{number},initial_talk,{TALKED}\n")
    run([fazhan, "import", "people", roster, "--db", database], env=env)
    run([fazhan, "import", "events", history, "--db", database], env=env)


def psql_binary():
    if shutil.which("pg_ctl"):
        return os.path.join(os.path.dirname(os.path.realpath(shutil.which("pg_ctl"))), "psql")
    bins = sorted((d for d in os.listdir("/usr/lib/postgresql") if os.path.isdir(f"/usr/lib/postgresql/{d}/bin")),
                  key=lambda v: [int(x) for x in re.findall(r"\d+", v)])
    return f"/usr/lib/postgresql/{bins[-1]}/bin/psql"


class Stack:
    """What this run started, stopped however it ends."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.pg_dir = None
        self.server = None

    def start_postgres(self):
        self.pg_dir = os.path.join(self.workdir, "pg")
        port = free_port()
        url = run([os.path.join(ROOT, "scripts", "pg-test-cluster"), "start", self.pg_dir, str(port)]).stdout.strip()
        return url, port

    def postmaster(self):
        with open(os.path.join(self.pg_dir, "postmaster.pid")) as f:
            return int(f.readline())

    def stop_server(self, timeout=30):
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout)
            except subprocess.TimeoutExpired:
                log(f"the server (PID {self.server.pid}) did not stop within {timeout} s of SIGTERM; killing it")
                self.server.kill()
                self.server.wait()
                return False
        return True

    def cleanup(self):
        self.stop_server()
        if self.pg_dir and os.path.exists(os.path.join(self.pg_dir, "postmaster.pid")):
            subprocess.run([os.path.join(ROOT, "scripts", "pg-test-cluster"), "stop", self.pg_dir], capture_output=True)


def wait_until_up(port, process, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise Failure(f"the server exited with {process.returncode} before answering")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if s.recv(100).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise Failure(f"the server did not answer /health within {seconds} s")


def metrics(port):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    found = {}
    for line in data.decode(errors="replace").splitlines():
        m = re.match(r"^(fazhan_[a-z_]+_total)\s+([0-9.e+]+)$", line)
        if m:
            found[m.group(1)] = float(m.group(2))
    return found


# ---------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fazhan", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--smoke", action="store_true", help="5 s, 10 clients; fails only on wrong results")
    parser.add_argument("--clients", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--people-per-branch", type=int, default=40)
    parser.add_argument("--cli-workers", type=int, help="concurrent fazhan processes in the comparison (default 4)")
    parser.add_argument("--cli-seconds", type=float, help="length of the CLI comparison (default 20 s; smoke 3 s)")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI comparison")
    parser.add_argument("--workdir", help="keep the databases and logs here (default: a temporary folder, removed)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build", default="?", help="(for the report) debug or release")
    parser.add_argument("--json", help="also write the figures as JSON to this file")
    parser.add_argument("--only", choices=["history", "check", "show", "write", "agenda"],
                        help="(diagnosis) every request of this one kind, to see what each kind costs; the targets then do not apply")
    args = parser.parse_args()
    global ONLY
    ONLY = args.only
    clients = args.clients or (10 if args.smoke else 50)
    seconds = args.seconds or (5 if args.smoke else 60)
    cli_seconds = args.cli_seconds or (3 if args.smoke else 20)
    cli_workers = args.cli_workers or (2 if args.smoke else 4)
    if clients < 2 or seconds <= 0 or args.people_per_branch < RACE_PEOPLE:
        parser.error("--clients must be at least 2, --seconds positive, --people-per-branch at least 2")

    workdir = args.workdir or tempfile.mkdtemp(prefix="fazhan-load-")
    os.makedirs(workdir, exist_ok=True)
    stack = Stack(workdir)

    def stop(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    ok = False
    try:
        ok = measure(args, clients, seconds, cli_seconds, cli_workers, workdir, stack)
    except Failure as failure:
        log(f"load: FAILED: {failure}")
        ok = False
    except Exception:
        import traceback
        log("load: FAILED:\n" + traceback.format_exc())
        ok = False
    except KeyboardInterrupt:
        log("load: interrupted")
        ok = False
    finally:
        stack.cleanup()
        server_log = os.path.join(workdir, "server.log")
        if not ok and os.path.exists(server_log):
            with open(server_log, errors="replace") as f:
                tail = [line for line in f if "[Hummingbird] Request" not in line][-20:]
            log("load: the server's last log lines (but its one line per request):\n" + "".join(tail))
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


def measure(args, clients, seconds, cli_seconds, cli_workers, workdir, stack):
    env = dict(os.environ, FAZHAN_WORKFLOWS=os.path.join(ROOT, "workflows"))
    env.pop("FAZHAN_DB", None)
    per_branch = args.people_per_branch
    args.load_before = os.getloadavg()[0]
    # At least two, so that a short run with few clients still meets 409s.
    racers = max(2, math.ceil(clients * RACE_SHARE))
    branches = clients          # one organizer per client, each with their own branch
    setup_started = time.perf_counter()

    log(f"load: preparing {branches} branches of {per_branch} people in {workdir}")
    seed = os.path.join(workdir, "seed.sqlite")
    prepare_sqlite(args.fazhan, seed, branches, per_branch, env)
    cli_db = os.path.join(workdir, "cli.sqlite")
    shutil.copyfile(seed, cli_db)

    url, pg_port = stack.start_postgres()
    log(f"load: PostgreSQL at {url}")
    run([args.server, "copy", "--from", seed, "--to", url], env=env)
    # The server runs as a login role in fazhan_app (INSERT and SELECT on the log), never as the owner.
    run([psql_binary(), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
         "-c", "CREATE ROLE fazhan_load LOGIN IN ROLE fazhan_app"])
    app_url = url.replace("postgres://postgres@", "postgres://fazhan_load@")

    # The organizers: one per branch; the racing clients also hold the branch role at B01.
    plan = []
    people = {b: [person_number(b, i) for i in range(1, per_branch + 1)] for b in range(1, branches + 1)}
    hot = people[1][:RACE_PEOPLE]
    for b in range(1, branches + 1):
        user = f"organizer{b:02d}"
        run([args.server, "user", "add", user, "--org", f"B{b:02d}", "--role", "branch", "--database", url, "--password-stdin"],
            input=PASSWORD + "\n", env=env)
        racing = b > branches - racers
        if racing:
            run([args.server, "user", "grant", user, "--org", "B01", "--role", "branch", "--database", url], env=env)
        plan.append({"user": user, "branch": "B01" if racing else f"B{b:02d}", "people": hot if racing else people[b],
                     "racing": racing})
    # The racers' own branches are read back at the end by their owners' tokens too.
    for c in plan:
        if c["racing"]:
            c["own"] = people[int(c["user"][-2:])]

    port = free_port()
    server_log = open(os.path.join(workdir, "server.log"), "w")
    stack.server = subprocess.Popen([args.server, "serve", "--database", app_url, "--host", "127.0.0.1", "--port", str(port)],
                                    stdout=server_log, stderr=subprocess.STDOUT, env=env)
    wait_until_up(port, stack.server)
    setup_seconds = time.perf_counter() - setup_started
    log(f"load: set up in {setup_seconds:.1f} s; the server (PID {stack.server.pid}) on 127.0.0.1:{port}; "
        f"{clients} clients ({racers} racing on {', '.join(hot)}) for {seconds:g} s")

    postmaster = stack.postmaster()
    marks = {}

    def mark(name):
        own = os.times()
        marks[name] = {"server": cpu_seconds(stack.server.pid), "postgres": tree_cpu(postmaster),
                       "generator": own.user + own.system, "machine": machine_cpu()}

    rss_peak = [0]
    sampling = [True]

    async def sample():
        while sampling[0]:
            rss_peak[0] = max(rss_peak[0], status_kb(stack.server.pid, "VmRSS") or 0)
            await asyncio.sleep(0.5)

    async def everything():
        sampler = asyncio.create_task(sample())
        try:
            return await load_phase("127.0.0.1", port, plan, seconds, args.seed, mark)
        finally:
            sampling[0] = False
            await sampler

    phase = run_loop(everything())
    busy, total = (marks["end"]["machine"][i] - marks["start"]["machine"][i] for i in (0, 1))
    ncpu = os.cpu_count() or 1
    cpu = {who: marks["end"][who] - marks["start"][who] for who in ("server", "postgres", "generator")}
    cpu["machine busy"] = busy / max(1, total) * ncpu * phase["elapsed"]
    # Whatever else ran (another build, the kernel's own threads): a measurement is only fair when this is small.
    cpu["everything else"] = max(0.0, cpu["machine busy"] - cpu["server"] - cpu["postgres"] - cpu["generator"])
    server_peak_kb = status_kb(stack.server.pid, "VmHWM")
    server_metrics = metrics(port)

    problems = []
    tally = phase["tally"]
    before, after, recorded = phase["before"], phase["after"], phase["recorded"]
    for person, (events, version) in after.items():
        if events != version:
            problems.append(f"{person}: {events} events in the history, but version {version}")
        expected = before[person][0] + recorded.get(person, 0)
        if events != expected:
            problems.append(f"{person}: {events} events, expected {before[person][0]} before + {recorded.get(person, 0)} recorded")
    total_before = sum(e for e, _ in before.values())
    total_after = sum(e for e, _ in after.values())
    created = sum(recorded.values())
    status_201 = tally.status.get("write", {}).get(201, 0)
    table_count = int(run([psql_binary(), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-d", url.rsplit("/", 1)[1],
                           "-tAc", "SELECT count(*) FROM event"]).stdout.strip())
    if total_after != total_before + created or table_count != total_after:
        problems.append(f"events: {total_before} before + {created} recorded (201) = {total_before + created}; "
                        f"the histories hold {total_after}, the event table {table_count}")
    server_counted = server_metrics.get("fazhan_events_recorded_total")
    if server_counted is None:
        problems.append("the server's /metrics has no fazhan_events_recorded_total")
    elif server_counted != created:
        problems.append(f"the server counted {server_counted:g} events recorded; the clients were answered 201 {created} times")
    for metric, status in (("fazhan_writes_stale_total", 409), ("fazhan_steps_refused_total", 422)):
        answered = tally.status.get("write", {}).get(status, 0)
        if server_metrics.get(metric, answered) != answered:
            problems.append(f"the server counted {server_metrics[metric]:g} ({metric}); the clients were answered {status} {answered} times")

    stopped = stack.stop_server()
    server_log.close()
    if not stopped:
        problems.append("the server did not stop within 30 s of SIGTERM")
    elif stack.server.returncode != 0:
        problems.append(f"the server exited with {stack.server.returncode} after SIGTERM")
    verified = run([args.server, "verify", "--database", url, "--lang", "en"], env=env, check=False)
    verify_line = (verified.stdout + verified.stderr).strip().splitlines()
    if verified.returncode != 0 or "intact" not in verified.stdout:
        problems.append("verify: " + " / ".join(verify_line[:5]))

    cli = None
    if not args.no_cli:
        log(f"load: the same mix as fazhan processes: {cli_workers} at a time on one SQLite file for {cli_seconds:g} s")
        cli_branches = [(f"B{b:02d}", people[b]) for b in range(1, branches + 1)]
        cli_before = count_sqlite_events(cli_db)
        cli = asyncio.run(cli_phase(args.fazhan, cli_db, cli_branches, cli_workers, cli_seconds, args.seed, env))
        cli_after = count_sqlite_events(cli_db)
        cli_recorded = cli["outcomes"].get("write", {}).get("recorded", 0)
        if cli_after != cli_before + cli_recorded:
            problems.append(f"CLI: {cli_before} events before + {cli_recorded} recorded, but {cli_after} after")
        if cli["failures"]:
            problems.append("CLI: " + " / ".join(cli["failures"][:3]))
        cli_verify = run([args.fazhan, "verify", "--db", cli_db], env=env, check=False)
        if cli_verify.returncode != 0:
            problems.append("CLI verify: " + cli_verify.stdout.strip()[:300])

    five_hundreds = sum(n for counts in tally.status.values() for s, n in counts.items() if s >= 500)
    errors = sum(tally.errors.values())
    if five_hundreds:
        problems.append(f"{five_hundreds} answers were 5xx: " + " / ".join(phase["five_hundreds"][:3]))
    if errors:
        problems.append(f"{errors} requests got no answer (connection error or timeout): " + " / ".join(tally.first_errors[:3]))
    if tally.gave_up:
        problems.append(f"{len(tally.gave_up)} writes were still answered 409 after 8 attempts (each after a re-read): "
                        + ", ".join(sorted(set(tally.gave_up))[:5]))

    summary = report(args, clients, racers, seconds, per_branch, branches, phase, cpu, server_peak_kb, rss_peak[0], cli,
                     verify_line, table_count, total_before, setup_seconds, problems, hot)
    summary["server_metrics"] = server_metrics
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=2, ensure_ascii=False)
    if problems:
        log("load: FAILED:\n  " + "\n  ".join(problems[:30]))
        return False
    log("load: nothing lost or duplicated, no 5xx, verify intact")
    return True


def count_sqlite_events(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT count(*) FROM event").fetchone()[0]


def machine_description():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        memory = int(f.readline().split()[1]) / 1024 / 1024
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, Linux {os.uname().release}"


def report(args, clients, racers, seconds, per_branch, branches, phase, cpu, server_peak_kb, rss_peak_kb, cli, verify_line,
           table_count, total_before, setup_seconds, problems, hot):
    tally = phase["tally"]
    elapsed = phase["elapsed"]
    lines = []
    out = lines.append
    out(f"## The server under load: {clients} clients for {seconds:g} s ({args.build} build)")
    out("")
    out(f"- machine: {machine_description()}; load average before the run {args.load_before:.2f}; generator loop {LOOP}")
    out(f"- {branches} branch organizers, {per_branch} people each ({branches * per_branch} people, {total_before} events "
        f"before the run); {clients} clients on keep-alive connections, {racers} of them racing on {', '.join(hot)}; "
        f"timed part {elapsed:.2f} s; set-up {setup_seconds:.1f} s")
    out("")
    out("| request | answered | per second | p50 | p99 | max | statuses |")
    out("|---|---:|---:|---:|---:|---:|---|")
    summary = {"clients": clients, "racers": racers, "seconds": elapsed, "people": branches * per_branch, "kinds": {}}
    reads = []
    for kind in ["history", "check", "show", "re-read after 409", "write", "agenda"]:
        values = sorted(tally.latency.get(kind, []))
        if not values and kind not in tally.errors:
            continue
        if kind in READ_KINDS or kind == "re-read after 409":
            reads.extend(values)
        statuses = tally.status.get(kind, {})
        text = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        if tally.errors.get(kind):
            text += f", no answer: {tally.errors[kind]}"
        out(f"| {kind} | {len(values)} | {len(values) / elapsed:,.0f} | {ms(percentile(values, 50))} | {ms(percentile(values, 99))} "
            f"| {ms(values[-1] if values else None)} | {text} |")
        summary["kinds"][kind] = {"count": len(values), "per_second": len(values) / elapsed, "p50": percentile(values, 50),
                                  "p99": percentile(values, 99), "max": values[-1] if values else None,
                                  "statuses": {str(k): v for k, v in statuses.items()}}
    reads.sort()
    writes = sorted(tally.latency.get("write", []))
    statuses = tally.status.get("write", {})
    created = statuses.get(201, 0)
    everything = sum(len(v) for v in tally.latency.values())
    out(f"| all | {everything} | {everything / elapsed:,.0f} | | | | |")
    out("")
    five = sum(n for counts in tally.status.values() for st, n in counts.items() if st >= 500)
    lost = [p for p in problems if "events" in p or "version" in p]
    ratio = None
    if cli:
        cli_ops = sum(len(v) for v in cli["latency"].values())
        ratio = (everything / elapsed) / (cli_ops / cli["elapsed"]) if cli_ops else None
    verdict = lambda ok: "met" if ok else "**missed**"
    read_p99 = percentile(reads, 99)
    write_p99 = percentile(writes, 99)
    peak_mb = (server_peak_kb or 0) / 1024
    out("| target | measured | |")
    out("|---|---|---|")
    out(f"| ≥ {TARGET_WRITES} guarded writes/s | {created / elapsed:,.0f} recorded (201) a second; "
        f"{len(writes) / elapsed:,.0f} write requests a second (201 {created}, 409 {statuses.get(409, 0)}, "
        f"422 {statuses.get(422, 0)}) | {verdict(created / elapsed >= TARGET_WRITES)} |")
    out(f"| write p99 < {TARGET_WRITE_P99 * 1000:.0f} ms | {ms(write_p99)} (p50 {ms(percentile(writes, 50))}) "
        f"| {verdict(write_p99 is not None and write_p99 < TARGET_WRITE_P99)} |")
    out(f"| ≥ {TARGET_READS:,} reads/s | {len(reads) / elapsed:,.0f} (history, check, show and re-reads) "
        f"| {verdict(len(reads) / elapsed >= TARGET_READS)} |")
    out(f"| read p99 < {TARGET_READ_P99 * 1000:.0f} ms | {ms(read_p99)} (p50 {ms(percentile(reads, 50))}) "
        f"| {verdict(read_p99 is not None and read_p99 < TARGET_READ_P99)} |")
    out(f"| 0 5xx | {five} 5xx, {sum(tally.errors.values())} unanswered, {len(tally.gave_up)} writes given up after 8 409s "
        f"| {verdict(five == 0 and not tally.errors and not tally.gave_up)} |")
    out(f"| 0 lost or duplicated events | {table_count} events = {total_before} before + {created} recorded; "
        f"every person's events = their version" + (f"; {len(lost)} problems" if lost else "") + f" | {verdict(not lost)} |")
    out(f"| verify intact | {verify_line[0] if verify_line else '?'} | {verdict(bool(verify_line) and 'intact' in verify_line[0])} |")
    out(f"| server memory < {TARGET_MEMORY_MB} MB | peak RSS (VmHWM) {peak_mb:.0f} MB "
        f"(sampled VmRSS peak {rss_peak_kb / 1024:.0f} MB) | {verdict(0 < peak_mb < TARGET_MEMORY_MB)} |")
    if cli:
        out(f"| ≥ {TARGET_RATIO}x the CLI on SQLite | {ratio:.1f}x ({everything / elapsed:,.0f} against "
            f"{cli_ops / cli['elapsed']:,.1f} operations a second) | {verdict(ratio is not None and ratio >= TARGET_RATIO)} |"
            if ratio else "| CLI comparison | no operations | |")
    out("")
    cores = os.cpu_count() or 1
    out(f"CPU during the timed part ({elapsed:.1f} s × {cores} cores = {elapsed * cores:.0f} core-seconds): "
        + ", ".join(f"{who} {sec:.1f} s ({sec / elapsed:.2f} cores)" for who, sec in cpu.items())
        + f"; generator per request {cpu['generator'] / max(1, everything) * 1e6:.0f} µs, "
        f"server per request {cpu['server'] / max(1, everything) * 1e6:.0f} µs, "
        f"PostgreSQL per request {cpu['postgres'] / max(1, everything) * 1e6:.0f} µs.")
    summary.update({"created": created, "writes_per_second": created / elapsed, "write_requests": len(writes),
                    "write_p99": write_p99, "reads_per_second": len(reads) / elapsed, "read_p99": read_p99,
                    "five_hundreds": five, "unanswered": sum(tally.errors.values()), "events": table_count,
                    "events_before": total_before, "verify": verify_line, "server_peak_mb": peak_mb, "cpu": cpu,
                    "all_per_second": everything / elapsed, "problems": problems})
    if cli:
        out("")
        out(f"The same mix as `fazhan` processes, {cli['workers']} at a time, on one SQLite file for "
            f"{cli['elapsed']:.1f} s (machine {cli['busy'] * 100:.0f}% busy; CPU: "
            + ", ".join(f"{who} {sec:.1f} s" for who, sec in cli["cpu"].items()) + "):")
        out("")
        out("| command | runs | per second | p50 | p99 | outcomes |")
        out("|---|---:|---:|---:|---:|---|")
        for kind in ["history", "check", "show", "write", "agenda"]:
            values = sorted(cli["latency"].get(kind, []))
            outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(cli["outcomes"].get(kind, {}).items()))
            out(f"| {'record' if kind == 'write' else kind} | {len(values)} | {len(values) / cli['elapsed']:,.1f} "
                f"| {ms(percentile(values, 50))} | {ms(percentile(values, 99))} | {outcomes} |")
        out(f"| all | {cli_ops} | {cli_ops / cli['elapsed']:,.1f} | | | |")
        summary["cli"] = {"workers": cli["workers"], "seconds": cli["elapsed"], "operations": cli_ops, "cpu": cli["cpu"],
                          "per_second": cli_ops / cli["elapsed"], "ratio": ratio, "outcomes": cli["outcomes"]}
    print("\n".join(lines), flush=True)
    return summary


if __name__ == "__main__":
    main()
