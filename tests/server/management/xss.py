#!/usr/bin/python3
"""Stored XSS through every user- and instrument-supplied string (issue 6, "Tests").

Builds an organisation whose name, team names, campaign title and audience, imported free-text
answers and instrument (a copy of staff-attitudes 1.1.0 published as 1.2.0 in a temporary
catalogue, with a hostile title, dimension title, item text, answer label and band name) all
carry hostile strings (tests/data/security/payloads.json). Then every dashboard page, the
admin's campaign page, error pages and the sign-in page are fetched and checked:
  - no payload appears unescaped ("<script>alert(1)", "<img src=x", raw attribute breakouts);
  - where a string is shown it is shown escaped (&lt;script&gt;...);
  - the CSV exports neutralise cells that start with =, +, -, @ (a leading apostrophe) and keep
    the text itself unchanged;
  - JSON answers are served as application/json.

Usage: xss.py PATH/TO/tessera
"""

import csv
import io
import json
import os
import re
import shutil
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import security_harness as h  # noqa: E402

with open(h.SECURITY_DATA / "payloads.json", encoding="utf-8") as _f:
    PAYLOADS = json.load(_f)
PAYLOAD = " ".join(PAYLOADS["payloads"])
ESCAPED = " ".join(PAYLOADS["escaped"])
MUST_NOT_APPEAR = PAYLOADS["must_not_appear"]
FORMULAS = PAYLOADS["formulas"]
FORMULA_STARTS = ("=", "+", "-", "@", "|", "%",
                  "\uff1d", "\uff0b", "\uff0d", "\uff20", "\uff5c", "\uff05")


def starts_like_formula(cell):
    """As CsvWriter::NeedsNeutralising: tab, CR or LF first, or a formula start after leading
    spaces and control characters."""
    if cell.startswith(("\t", "\r", "\n")):
        return True
    rest = cell.lstrip(" \u00a0\u3000" + "".join(map(chr, [*range(0x20), *range(0x7f, 0xa0)])))
    return rest.startswith(FORMULA_STARTS)


def hostile(marker):
    return "%s %s" % (marker, PAYLOAD)


def escaped(marker):
    return "%s %s" % (marker, ESCAPED)


TEAM_B_PREFIX = "=1+2 "  # a team name that is also a spreadsheet formula


def make_catalogue(workdir):
    """A copy of the shipped catalogue with staff-attitudes 1.2.0: 1.1.0 with hostile text."""
    root = os.path.join(workdir, "instruments")
    catalogue = os.path.join(root, "catalogue")
    shutil.copytree(h.CATALOGUE, catalogue)
    shutil.copy(h.SOURCE_ROOT / "instruments" / "catalogue.lock",
                os.path.join(root, "catalogue.lock"))
    document = h.load_instrument("staff-attitudes", "1.1.0")
    document["version"] = "1.2.0"
    document["title"] = hostile("XSS-INSTRUMENT")
    document["changes"] = "A copy of 1.1.0 with hostile text, for the XSS test only."
    for section in document["sections"]:
        for item in section.get("items", []):
            item["continues"] = {"version": "1.1.0", "item": item["id"]}
    dimension = document["dimensions"][0]
    dimension["title"] = hostile("XSS-DIMENSION")
    dimension["description"] = hostile("XSS-DESCRIPTION")
    for steps in dimension.get("next_steps", {}).values():
        steps[0] = hostile("XSS-NEXT-STEP")
    scored = [item for section in document["sections"] for item in section.get("items", [])
              if item["type"] == "scale" and item.get("dimension") == dimension["id"]]
    scored[0]["text"] = hostile("XSS-ITEM")
    for scale in document["scales"]:
        if scale["id"] == "roles":
            scale["values"][0]["label"] = hostile("XSS-OPTION")
    for band in document["scoring"]["bands"]:
        band["name"] = hostile("XSS-BAND-" + band["id"])
        band["next_steps"][0] = hostile("XSS-BAND-STEP")
    path = os.path.join(catalogue, "staff-attitudes", "1.2.0.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, indent=1)
    return catalogue, document


def build(cli, workdir):
    catalogue, instrument = make_catalogue(workdir)
    cli.run("instruments", "validate", "--catalogue", catalogue)
    cli.run("instruments", "publish", "staff-attitudes@1.2.0", "--catalogue", catalogue)
    org = cli.json("org", "create", "--name", hostile("XSS-ORG"))["id"]
    cli.run("teams", "add", "--org", org, "team-a", hostile("XSS-TEAM-A"))
    cli.run("teams", "add", "--org", org, "team-b", TEAM_B_PREFIX + hostile("XSS-TEAM-B"))

    def create(title, audience):
        return cli.json("campaign", "create", "--org", org, "--instrument",
                        "staff-attitudes@1.2.0", "--catalogue", catalogue, "--title", title,
                        "--audience", audience, "--threshold", "5")["id"]

    closed = create(hostile("XSS-CAMPAIGN"), hostile("XSS-AUDIENCE"))
    cli.run("campaign", "open", closed)
    text_items = [item["id"] for section in instrument["sections"]
                  for item in section.get("items", []) if item["type"] == "text"]

    def answer(i, item_id):
        if item_id == text_items[0]:
            return hostile("XSS-COMMENT-%d" % i)
        return FORMULAS[i % len(FORMULAS)]

    rows = h.response_rows(instrument, ["team-a", "team-b"], 12, answer)
    csv_path = os.path.join(workdir, "hostile-responses.csv")
    h.write_csv(csv_path, rows)
    cli.run("import", "responses", "--campaign", closed, csv_path)
    cli.run("campaign", "close", closed)
    still_open = create(hostile("XSS-SECOND"), hostile("XSS-SECOND-AUDIENCE"))
    cli.run("campaign", "open", still_open)
    users = {"admin": "admin@xss.example.org", "manager": "manager@xss.example.org",
             "evaluator": "evaluator@xss.example.org"}
    for role, email in users.items():
        cli.add_user(org, role, email)
    return {"org": org, "closed": closed, "open": still_open, "users": users,
            "text_items": text_items, "rows": rows}


def assert_no_raw_payload(checks, label, text):
    lowered = text.lower()
    for needle in MUST_NOT_APPEAR:
        at = lowered.find(needle.lower())
        checks.check(at < 0, "%s: unescaped %r in the HTML: ...%s..."
                     % (label, needle, text[max(0, at - 80):at + 80] if at >= 0 else ""))


def markers_in(text):
    found = set()
    for marker in ("XSS-ORG", "XSS-TEAM-A", "XSS-TEAM-B", "XSS-CAMPAIGN", "XSS-AUDIENCE",
                   "XSS-COMMENT", "XSS-INSTRUMENT", "XSS-DIMENSION", "XSS-DESCRIPTION",
                   "XSS-NEXT-STEP", "XSS-ITEM", "XSS-OPTION", "XSS-BAND", "XSS-SECOND",
                   "XSS-EMAIL", "XSS-NEXT"):
        if marker in text:
            found.add(marker)
    return found


def check_csv(checks, label, text, world):
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    checks.check(len(rows) >= 2, "%s: a header and rows (got %d rows)" % (label, len(rows)))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if not starts_like_formula(cell):
                continue
            try:
                float(cell)
                continue  # numbers stay numbers
            except ValueError:
                pass
            checks.check(False, "%s row %d column %d: a cell starts with %r and is not "
                         "neutralised: %r" % (label, r, c, cell[0], cell[:60]))
    return rows


def main(binary):
    checks = h.Checks("security.xss")
    workdir = h.temp_dir("tessera-xss-")
    db = os.path.join(workdir, "tessera.db")
    cli = h.Cli(binary, db)
    world = build(cli, workdir)
    closed, still_open = world["closed"], world["open"]
    server = h.Server(binary, db, workdir)
    shown = {}  # marker -> pages that show it (escaped)
    try:
        sessions = {role: h.sign_in(server, email) for role, email in world["users"].items()}
        pages = [
            ("manager", "/dashboard", 200),
            ("manager", "/dashboard?org=%d" % world["org"], 200),
            ("manager", "/campaigns/%d" % closed, 303),
            ("manager", "/campaigns/%d/attitudes" % closed, 200),
            ("manager", "/campaigns/%d/trends" % closed, 200),
            ("manager", "/campaigns/%d/evaluator" % closed, 200),
            ("manager", "/campaigns/%d/capability" % closed, 404),
            ("manager", "/campaigns/%d/perspectives" % closed, 404),
            ("manager", "/campaigns/%d/attitudes" % still_open, 200),
            ("manager", "/campaigns/%d/trends" % still_open, 200),
            ("manager", "/campaigns/%d/evaluator" % still_open, 200),
            ("manager", "/campaigns/%d/exports/nothing.csv" % closed, 404),
            ("manager", "/campaigns/999999", 404),
            ("evaluator", "/dashboard", 200),
            ("evaluator", "/campaigns/%d/evaluator" % closed, 200),
            ("evaluator", "/campaigns/%d/attitudes" % closed, 403),
            ("admin", "/dashboard", 200),
            ("admin", "/campaigns/%d" % closed, 200),
            ("admin", "/campaigns/%d" % still_open, 200),
            ("admin", "/campaigns/%d/attitudes" % closed, 403),
        ]
        for role, path, status in pages:
            response = server.request("GET", path, cookies=sessions[role].cookies)
            label = "GET %s as %s" % (path, role)
            checks.equal(response.status, status, label)
            if status == 303:
                checks.check("<" not in (response.header("Location") or ""),
                             "%s: Location %r" % (label, response.header("Location")))
                continue
            text = response.text
            assert_no_raw_payload(checks, label, text)
            for marker in markers_in(text):
                # Any occurrence counts (a chart label may show a shortened form first).
                if any(ESCAPED in after[:400] for after in text.split(marker)[1:]):
                    shown.setdefault(marker, []).append(label)
                else:
                    # A marker without its escaped payload right after it: shown cut or
                    # differently; still never raw (checked above). Record it for the report.
                    shown.setdefault(marker + " (shortened)", []).append(label)
        # Where each string must be seen, escaped.
        required = {
            "XSS-ORG": "GET /dashboard as manager",
            "XSS-CAMPAIGN": "GET /dashboard as manager",
            "XSS-AUDIENCE": "GET /dashboard as manager",
            "XSS-SECOND": "GET /dashboard as admin",
        }
        attitudes = "GET /campaigns/%d/attitudes as manager" % closed
        for marker in ("XSS-TEAM-A", "XSS-TEAM-B", "XSS-COMMENT", "XSS-DIMENSION", "XSS-ITEM"):
            required[marker] = attitudes
        required["XSS-INSTRUMENT"] = None  # anywhere
        for marker, page in required.items():
            places = shown.get(marker, [])
            if page is None:
                checks.check(places, "%s: the instrument title is shown escaped on no page "
                             "(looked at %d pages)" % (marker, len(pages)))
            else:
                checks.check(page in places, "%s: expected escaped (%s) on %s; shown on %s"
                             % (marker, escaped(marker)[:60], page, places))
        # The admin's campaign page shows the title escaped.
        admin_page = "GET /campaigns/%d as admin" % closed
        checks.check(admin_page in shown.get("XSS-CAMPAIGN", []),
                     "XSS-CAMPAIGN: expected escaped on " + admin_page)

        # Sign-in page: the hostile "next" and a hostile email echoed back.
        login = server.request("GET", "/login?next=" + urllib.parse.quote(
            "/dashboard?x=" + hostile("XSS-NEXT")))
        checks.equal(login.status, 200, "GET /login with a hostile next")
        assert_no_raw_payload(checks, "GET /login?next=hostile", login.text)
        # A "next" with quotes or spaces may be dropped (the sign-in then goes to /dashboard);
        # if it is kept, it must be escaped.
        checks.check(escaped("XSS-NEXT") in login.text or "XSS-NEXT" not in login.text,
                     "GET /login?next=hostile: the next field is dropped or kept escaped")
        login_cookie = login.set_cookies().get(h.LOGIN_COOKIE, ("", ""))[0]
        field = re.search(r'name="csrf" value="([^"]*)"', login.text)
        response = server.request(
            "POST", "/login", cookies={h.LOGIN_COOKIE: login_cookie},
            form={"csrf": field.group(1) if field else "", "email": hostile("XSS-EMAIL"),
                  "password": "wrong password 123", "next": "/x" + hostile("XSS-NEXT")})
        checks.equal(response.status, 401, "POST /login with a hostile email")
        assert_no_raw_payload(checks, "POST /login with a hostile email", response.text)
        checks.check(escaped("XSS-EMAIL") in response.text,
                     "POST /login: the email is shown again, escaped")
        # Error pages and redirects with hostile paths and queries.
        for path in ("/campaigns/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                     "/campaigns/%d/%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E" % closed,
                     "/dashboard?org=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                     "/%3Cimg%20src=x%20onerror=alert(1)%3E"):
            for role in ("manager", None):
                response = server.request("GET", path,
                                          cookies=sessions[role].cookies if role else None)
                label = "GET %s as %s" % (path, role or "signed out")
                assert_no_raw_payload(checks, label, response.text)
                location = response.header("Location") or ""
                checks.check("<" not in location and '"' not in location,
                             "%s: Location %r" % (label, location))
        response = server.request("GET", "/campaigns/%d/attitudes?x=%s" % (
            closed, urllib.parse.quote(PAYLOAD)))
        checks.equal(response.status, 303, "signed out, hostile query")
        location = response.header("Location") or ""
        checks.check("<" not in location and '"' not in location and " " not in location,
                     "signed-out redirect encodes the query: %r" % location)

        # JSON answers are JSON, never HTML.
        for path in ("/api/v1/campaigns", "/api/v1/campaigns/%d" % closed,
                     "/api/v1/campaigns/%d/comments" % closed,
                     "/api/v1/campaigns/%d/scores" % closed):
            response = server.request("GET", path, cookies=sessions["manager"].cookies)
            checks.equal(response.status, 200, "GET %s as manager" % path)
            checks.check((response.header("Content-Type") or "").startswith("application/json"),
                         "GET %s: Content-Type %r" % (path, response.header("Content-Type")))
        comments = server.request("GET", "/api/v1/campaigns/%d/comments" % closed,
                                  cookies=sessions["manager"].cookies)
        checks.check(hostile("XSS-COMMENT-0").encode() in comments.body or
                     json.dumps(hostile("XSS-COMMENT-0"))[1:-1].encode() in comments.body,
                     "the comments API returns the comment text unchanged")

        # CSV exports: formulas neutralised, text otherwise unchanged.
        evaluator = sessions["evaluator"].cookies
        exports = {}
        for kind in ("responses", "scores", "summaries", "codebook", "comments"):
            for query in ("", "?labels=1", "?bom=1"):
                path = "/campaigns/%d/exports/%s.csv%s" % (closed, kind, query)
                response = server.request("GET", path, cookies=evaluator)
                label = "GET %s as evaluator" % path
                checks.equal(response.status, 200, label)
                if response.status != 200:
                    continue
                checks.check((response.header("Content-Type") or "").startswith("text/csv"),
                             "%s: Content-Type %r" % (label, response.header("Content-Type")))
                checks.check((response.header("Content-Disposition") or "").startswith(
                    "attachment"), "%s: Content-Disposition %r"
                    % (label, response.header("Content-Disposition")))
                exports[(kind, query)] = check_csv(checks, label, response.text, world)
        responses = exports.get(("responses", ""))
        first_text, second_text = world["text_items"][:2]
        if responses:
            # Free text never shares a row with answers: it has the comments export.
            for item_id in (first_text, second_text):
                checks.check(item_id not in responses[0],
                             "responses.csv has no %s column" % item_id)
        comments = exports.get(("comments", ""))
        if comments:
            header = comments[0]
            question, group, text = (header.index(name) for name in ("question", "group",
                                                                      "comment"))
            whole = {}
            for row in comments[1:]:
                if row[group] == "all":
                    whole.setdefault(row[question], []).append(row[text])
            wanted = sorted(("'" + f if starts_like_formula(f) else f)
                            for f in (row[second_text] for row in world["rows"]))
            checks.equal(sorted(whole.get(second_text, [])), wanted,
                         "comments.csv %s: formulas behind an apostrophe" % second_text)
            wanted = sorted(row[first_text] for row in world["rows"])
            checks.equal(sorted(whole.get(first_text, [])), wanted,
                         "comments.csv %s: text kept as written" % first_text)
        labelled = exports.get(("responses", "?labels=1"))
        if labelled:
            team_b = TEAM_B_PREFIX + hostile("XSS-TEAM-B")
            cells = [cell for row in labelled[1:] for cell in row]
            checks.check("'" + team_b in cells,
                         "responses.csv?labels=1 shows the formula-like team name neutralised")
        codebook = exports.get(("codebook", ""))
        if codebook:
            text = "\n".join(",".join(row) for row in codebook)
            checks.check(hostile("XSS-ITEM") in text,
                         "codebook.csv carries the item text unchanged (CSV is not HTML)")
    finally:
        server.stop()
        if checks.failures:
            print("server log tail:\n" + server.log_tail(20))
    print("Where each hostile string was shown escaped:")
    for marker in sorted(shown):
        print("  %-28s %s" % (marker, "; ".join(shown[marker])))
    code = checks.finish()
    if code == 0:
        h.remove_dir(workdir)
    else:
        print("kept " + workdir)
    return code


if __name__ == "__main__":
    sys.exit(h.main_wrapper(main))
