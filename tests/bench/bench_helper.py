#!/usr/bin/python3
"""Helpers for tests/bench/intake_bench.sh (Python standard library only).

  tokens CSV... OUT          personal-link CSVs (header `link`, CRLF) -> one token per line
  body PORT TOKEN OUT        GET the survey document, write {"answers": ...} answering every item
  count DB                   print count(responses) count(receipts) count(links used)
  verify DB RECEIPTS...      check every acknowledged receipt (files of receipt codes, one a
                             line) is stored; print acknowledged, missing, responses, receipts,
                             links used
  baseline DB N [BATCH]      raw SQLite: insert N copies of DB's first stored response row into a
                             fresh table shaped like responses, BATCH rows per transaction (WAL,
                             synchronous=NORMAL, like the server); then the same N as full
                             submissions (link lookup, savepoint, response, link used, draft
                             delete, receipt) in transactions of BATCH. Prints rows/s for both.
"""
import hashlib
import http.client
import json
import os
import secrets
import sqlite3
import sys
import tempfile
import time


def tokens(args):
    *csvs, out = args
    with open(out, "w") as f:
        for path in csvs:
            with open(path, newline="") as c:
                lines = c.read().split("\r\n")
            assert lines[0] == "link", lines[0]
            for line in lines[1:]:
                if line:
                    f.write(line.rsplit("/s/", 1)[1] + "\n")


def body(args):
    port, token, out = args
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    conn.request("GET", "/api/v1/surveys/%s" % token)
    response = conn.getresponse()
    assert response.status == 200, response.status
    document = json.loads(response.read())
    scales = {s["id"]: s for s in document["scales"]}
    answers = {}
    for section in document["sections"]:
        for item in section["items"]:
            scale = scales.get(item.get("scale"))
            if scale is None:
                continue  # optional free text left blank
            scored = [v["value"] for v in scale["values"] if v.get("scored")]
            values = scored or [scale["values"][0]["value"]]
            answers[item["id"]] = values[len(values) // 2]
    with open(out, "w") as f:
        json.dump({"answers": answers}, f, separators=(",", ":"))


def count(args):
    conn = sqlite3.connect(args[0])
    print(*(conn.execute(sql).fetchone()[0] for sql in (
        "SELECT count(*) FROM responses", "SELECT count(*) FROM receipts",
        "SELECT count(*) FROM links WHERE used = 1")))


def verify(args):
    conn = sqlite3.connect(args[0])
    stored = {row[0] for row in conn.execute("SELECT receipt_hash FROM receipts")}
    responses = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    used = conn.execute("SELECT count(*) FROM links WHERE used = 1").fetchone()[0]
    acknowledged = missing = 0
    for path in args[1:]:
        with open(path) as f:
            for line in f:
                acknowledged += 1
                if hashlib.sha256(line.strip().encode()).hexdigest() not in stored:
                    missing += 1
    print(acknowledged, missing, responses, len(stored), used)


def open_like_server(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def baseline(args):
    db, n = args[0], int(args[1])
    batch = int(args[2]) if len(args) > 2 else 512
    source = sqlite3.connect(db)
    campaign_id, answers, groups, submitted_on = source.execute(
        'SELECT campaign_id, answers, "groups", submitted_on FROM responses LIMIT 1').fetchone()
    schema = [row[0] for row in source.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid")]
    campaign = source.execute("SELECT * FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()
    organisation = source.execute("SELECT * FROM organisations LIMIT 1").fetchone()
    version = source.execute("SELECT * FROM instrument_versions LIMIT 1").fetchone()
    source.close()

    with tempfile.TemporaryDirectory(prefix="tessera-baseline-") as work:
        # (a) responses only.
        conn = open_like_server(os.path.join(work, "a.db"))
        conn.execute('CREATE TABLE responses (id INTEGER PRIMARY KEY, campaign_id INTEGER NOT '
                     'NULL, answers TEXT NOT NULL, "groups" TEXT NOT NULL, submitted_on TEXT '
                     'NOT NULL)')
        conn.execute("CREATE INDEX responses_by_campaign ON responses(campaign_id)")
        rows = [(secrets.randbits(63) or 1, campaign_id, answers, groups, submitted_on)
                for _ in range(n)]
        start = time.perf_counter()
        cpu = time.process_time()
        for i in range(0, n, batch):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany('INSERT INTO responses (id, campaign_id, answers, "groups", '
                             'submitted_on) VALUES (?, ?, ?, ?, ?)', rows[i:i + batch])
            conn.execute("COMMIT")
        seconds_a = time.perf_counter() - start
        cpu_a = time.process_time() - cpu
        # (a') the same rows generated inside SQLite, one statement per batch: no Python per row.
        conn.execute("DELETE FROM responses")
        start = time.perf_counter()
        cpu = time.process_time()
        for i in range(0, n, batch):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute('INSERT INTO responses (id, campaign_id, answers, "groups", submitted_on)'
                         ' WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE'
                         ' x < ?) SELECT abs(random()), ?, ?, ?, ? FROM c',
                         (min(batch, n - i), campaign_id, answers, groups, submitted_on))
            conn.execute("COMMIT")
        seconds_sql = time.perf_counter() - start
        cpu_sql = time.process_time() - cpu
        conn.close()

        # (b) full submissions on the real schema.
        conn = open_like_server(os.path.join(work, "b.db"))
        conn.execute("PRAGMA foreign_keys=OFF")
        for sql in schema:
            conn.execute(sql)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("INSERT INTO organisations VALUES (%s)" %
                     ",".join("?" * len(organisation)), organisation)
        conn.execute("INSERT INTO instrument_versions VALUES (%s)" %
                     ",".join("?" * len(version)), version)
        conn.execute("INSERT INTO campaigns VALUES (%s)" % ",".join("?" * len(campaign)),
                     campaign)
        hashes = [hashlib.sha256(secrets.token_bytes(32)).hexdigest() for _ in range(n)]
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO links (campaign_id, kind, token_hash) "
                         "VALUES (?, 'personal', ?)", [(campaign_id, h) for h in hashes])
        conn.execute("COMMIT")
        receipts = [hashlib.sha256(secrets.token_bytes(16)).hexdigest() for _ in range(n)]
        start = time.perf_counter()
        cpu = time.process_time()
        for i in range(0, n, batch):
            conn.execute("BEGIN IMMEDIATE")
            for j in range(i, min(n, i + batch)):
                link_id, cid, kind, used, state, closes_on = conn.execute(
                    "SELECT l.id, l.campaign_id, l.kind, l.used, c.state, c.closes_on FROM links"
                    " l JOIN campaigns c ON c.id = l.campaign_id WHERE l.token_hash = ?",
                    (hashes[j],)).fetchone()
                conn.execute("SAVEPOINT submission")
                conn.execute('INSERT INTO responses (id, campaign_id, answers, "groups", '
                             'submitted_on) VALUES (?, ?, ?, ?, ?)', rows[j])
                conn.execute("UPDATE links SET used = 1 WHERE id = ? AND used = 0", (link_id,))
                conn.execute("DELETE FROM drafts WHERE link_id = ?", (link_id,))
                conn.execute("INSERT INTO receipts (receipt_hash, campaign_id) VALUES (?, ?)",
                             (receipts[j], cid))
                conn.execute("RELEASE submission")
            conn.execute("COMMIT")
        seconds_b = time.perf_counter() - start
        cpu_b = time.process_time() - cpu
        conn.close()
    # Wall-clock rates suffer from other load on the machine; CPU time per row does not.
    print("BASELINE rows=%d batch=%d responses_only_per_s=%.0f responses_only_cpu_us=%.1f "
          "responses_in_sql_per_s=%.0f responses_in_sql_cpu_us=%.1f "
          "full_submission_per_s=%.0f full_submission_cpu_us=%.1f answers_bytes=%d" %
          (n, batch, n / seconds_a, cpu_a / n * 1e6, n / seconds_sql, cpu_sql / n * 1e6,
           n / seconds_b, cpu_b / n * 1e6, len(answers)))


if __name__ == "__main__":
    {"tokens": tokens, "body": body, "count": count, "verify": verify, "baseline": baseline}[sys.argv[1]](
        sys.argv[2:])
