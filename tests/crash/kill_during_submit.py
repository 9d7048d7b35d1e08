#!/usr/bin/python3
"""Crash test: SIGKILL `tessera serve` while survey submissions are being committed.

Usage: kill_during_submit.py PATH/TO/tessera [--cycles N] [--links N] [--seed S]
                             [--signal kill|term]

With --signal term the server gets SIGTERM instead: it must exit 0 after answering every
request in flight and committing what is pending, so every stored response was acknowledged.

Creates a temporary database with one open campaign and many personal links, then runs N cycles
(default 20). Each cycle starts `tessera serve --port 0` (the server prints the port it picked),
waits for /healthz, runs 8 client threads that each take fresh links and POST complete valid
answers in a loop (recording every receipt acknowledged with 201), and after a random
100-400 ms kills the server with SIGKILL: no graceful shutdown, no final commit.

After every cycle the database is opened with Python's sqlite3 and checked:
  * every acknowledged receipt's sha256 is in receipts (nothing acknowledged was lost);
  * count(responses) == count(receipts) (no half-written submission);
  * count(links WHERE used = 1) == count(responses) (no link used without its response;
    only personal links are used in this test);
  * PRAGMA integrity_check is ok.
Exits 0 when every check held in every cycle, 1 on a lost acknowledgement or any other
violation, 2 on a setup problem. Uses the Python standard library only; every loop is bounded in
count and time.
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

CLIENT_THREADS = 8
TIME_LIMIT_SECONDS = 200  # whole test, well under the CTest TIMEOUT of 240
START_TIMEOUT_SECONDS = 20  # per server start (AddressSanitizer builds start slowly)


def run(binary, args, env, cwd):
    result = subprocess.run([binary] + args, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0:
        sys.stderr.write("setup failed: tessera %s\n%s%s" %
                         (" ".join(args), result.stdout, result.stderr))
        sys.exit(2)
    return result.stdout


def read_tokens(csv_path):
    with open(csv_path, newline="") as f:
        lines = f.read().split("\r\n")
    if lines[0] != "link":
        sys.stderr.write("unexpected links CSV header: %r\n" % lines[0])
        sys.exit(2)
    return [line.rsplit("/s/", 1)[1] for line in lines[1:] if line]


def complete_answers(document):
    """Answers every required item (and every item on a scale) with its first scored value."""
    scales = {scale["id"]: scale for scale in document["scales"]}
    answers = {}
    for section in document["sections"]:
        for item in section["items"]:
            scale = scales.get(item.get("scale"))
            if scale is None:
                if item.get("required"):
                    if item["type"] == "text":
                        answers[item["id"]] = "crash test"
                    else:
                        raise RuntimeError("cannot answer required item %s" % item["id"])
                continue
            values = scale["values"]
            scored = [v["value"] for v in values if v.get("scored")] or [values[0]["value"]]
            answers[item["id"]] = scored[len(scored) // 2]
    return answers


class Server:
    def __init__(self, binary, db, env, cwd):
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", "--db", db], cwd=cwd, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.port = None
        found = {}

        def read_port():
            for line in self.process.stdout:
                match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
                if match:
                    found["port"] = int(match.group(1))
                    break
            # Keep draining so the server never blocks on a full pipe.
            for _ in self.process.stdout:
                pass

        self.reader = threading.Thread(target=read_port, daemon=True)
        self.reader.start()
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while "port" not in found and time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited with %s" % self.process.returncode)
            time.sleep(0.01)
        if "port" not in found:
            self.kill()
            raise RuntimeError("server did not report its port")
        self.port = found["port"]
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.02)
        self.kill()
        raise RuntimeError("server did not answer /healthz")

    def terminate(self):
        """SIGTERM: the server must finish what is in flight, commit, and exit 0."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        self.reader.join(timeout=5)
        return code

    def kill(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.reader.join(timeout=5)


class LinkPool:
    def __init__(self, tokens):
        self.tokens = list(tokens)
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            return self.tokens.pop() if self.tokens else None

    def give_back(self, token):  # the server refused it without using it (e.g. 429)
        with self.lock:
            self.tokens.append(token)

    def left(self):
        with self.lock:
            return len(self.tokens)


def client(port, pool, body, stop, acknowledged, statuses, lock):
    conn = None
    for _ in range(100000):  # bounded; `stop` ends it much sooner
        if stop.is_set():
            break
        token = pool.take()
        if token is None:
            break
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("POST", "/api/v1/surveys/%s/responses" % token, body=body,
                         headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            # The server died mid-request: the outcome of this link is unknown (it may have
            # been committed without an acknowledgement), so it is not used again.
            break
        with lock:
            statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.status == 201:
            receipt = json.loads(payload)["receipt"]
            with lock:
                acknowledged.append(receipt)
        elif response.status == 429:
            pool.give_back(token)
            time.sleep(0.005)
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = None
    if conn is not None:
        conn.close()


def check(db, acknowledged):
    """Returns (problems, responses, receipts, used)."""
    problems = []
    conn = sqlite3.connect(db, timeout=10)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append("integrity_check: %s" % integrity)
        stored = {row[0] for row in conn.execute("SELECT receipt_hash FROM receipts")}
        responses = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
        used = conn.execute("SELECT count(*) FROM links WHERE used = 1").fetchone()[0]
    finally:
        conn.close()
    lost = [r for r in acknowledged if hashlib.sha256(r.encode()).hexdigest() not in stored]
    if lost:
        problems.append("%d acknowledged receipt(s) missing from receipts, e.g. %s" %
                        (len(lost), ", ".join(lost[:3])))
    if responses != len(stored):
        problems.append("responses (%d) != receipts (%d)" % (responses, len(stored)))
    if used != responses:
        problems.append("links used (%d) != responses (%d)" % (used, responses))
    return problems, responses, len(stored), used


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--links", type=int, default=15000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--signal", choices=["kill", "term"], default="kill",
                        help="kill: SIGKILL, every acknowledged submission must survive; term: "
                        "SIGTERM, the server must also answer everything it committed and "
                        "exit 0")
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    binary = os.path.abspath(options.binary)
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="tessera-crash-") as work:
        db = os.path.join(work, "crash.db")
        env = dict(os.environ)
        env.pop("TESSERA_DB", None)
        run(binary, ["org", "create", "--name", "Crash Org", "--db", db], env, work)
        run(binary, ["teams", "add", "--org", "Crash Org", "youth", "Youth", "--db", db], env,
            work)
        run(binary, ["campaign", "create", "--org", "Crash Org", "--instrument",
                     "staff-attitudes@1.1.0", "--title", "Crash test", "--db", db], env, work)
        run(binary, ["campaign", "open", "1", "--db", db], env, work)
        csv_path = os.path.join(work, "links.csv")
        run(binary, ["links", "create", "--campaign", "1", "--count", str(options.links),
                     "--csv", csv_path, "--db", db], env, work)
        pool = LinkPool(read_tokens(csv_path))

        # The survey document of one link gives the answers for all (one campaign).
        server = Server(binary, db, env, work)
        try:
            probe = pool.take()
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("GET", "/api/v1/surveys/%s" % probe)
            response = conn.getresponse()
            if response.status != 200:
                raise RuntimeError("survey document: HTTP %d" % response.status)
            document = json.loads(response.read())
            conn.close()
        finally:
            server.kill()
        body = json.dumps({"answers": complete_answers(document)})

        acknowledged = []
        statuses = {}
        lock = threading.Lock()
        failures = []
        cycles = 0
        for cycle in range(options.cycles):
            if time.monotonic() - started > TIME_LIMIT_SECONDS:
                failures.append("time limit reached after %d cycles" % cycles)
                break
            if pool.left() < CLIENT_THREADS * 4:
                failures.append("ran out of links after %d cycles" % cycles)
                break
            server = Server(binary, db, env, work)
            stop = threading.Event()
            threads = [threading.Thread(target=client, args=(server.port, pool, body, stop,
                                                             acknowledged, statuses, lock))
                       for _ in range(CLIENT_THREADS)]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.100, 0.400))
            if options.signal == "kill":
                server.kill()  # SIGKILL while clients are mid-submission
            else:
                code = server.terminate()
                if code != 0:
                    failures.append("cycle %d: after SIGTERM the server exited with %s" %
                                    (cycle + 1, code))
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            if any(thread.is_alive() for thread in threads):
                failures.append("cycle %d: a client thread did not finish" % cycle)
                break
            cycles += 1
            with lock:
                acked = list(acknowledged)
            problems, responses, receipts, used = check(db, acked)
            if options.signal == "term" and responses != len(acked):
                # A graceful stop answers every request it committed: nothing is stored
                # without its acknowledgement having been sent.
                problems.append("%d stored but %d acknowledged after SIGTERM" %
                                (responses, len(acked)))
            print("cycle %2d: acknowledged %5d, responses %5d, receipts %5d, links used %5d%s" %
                  (cycle + 1, len(acked), responses, receipts, used,
                   "" if not problems else "  FAIL: " + "; ".join(problems)), flush=True)
            if problems:
                failures.extend("cycle %d: %s" % (cycle + 1, p) for p in problems)
                break

        problems, responses, receipts, used = check(db, acknowledged)
        failures.extend("final: %s" % p for p in problems)
        print("summary: seed %d, cycles %d, acknowledged %d, stored responses %d, receipts %d, "
              "links used %d, HTTP statuses %s, %.1f s" %
              (seed, cycles, len(acknowledged), responses, receipts, used,
               json.dumps({str(k): v for k, v in sorted(statuses.items())}),
               time.monotonic() - started))
        if cycles < options.cycles and not failures:
            failures.append("only %d of %d cycles ran" % (cycles, options.cycles))
        if not acknowledged:
            failures.append("no submission was acknowledged: the test proved nothing")
        unexpected = {k: v for k, v in statuses.items() if k not in (201, 429)}
        if unexpected:
            failures.append("unexpected HTTP statuses: %s" % unexpected)
        if failures:
            for failure in failures:
                print("FAIL: " + failure)
            return 1
        print("PASS: every acknowledged submission survived SIG%s" % options.signal.upper())
        return 0


if __name__ == "__main__":
    sys.exit(main())
