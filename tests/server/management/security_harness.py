"""Shared helpers for the security tests of the management side (issue 6).

Standard library only. Each test script builds its own database in a temporary folder with the
real `tessera` command line, starts `tessera serve --port 0` on it and talks HTTP to it.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import server_process  # noqa: E402
from server_process import Response  # noqa: E402,F401  (re-exported for the tests)

SOURCE_ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = SOURCE_ROOT / "instruments" / "catalogue"
SECURITY_DATA = SOURCE_ROOT / "tests" / "data" / "security"
SESSION_COOKIE = "tessera_session"
LOGIN_COOKIE = "tessera_login"
PASSWORD = "correct horse battery staple"  # >= 12 characters


class Checks:
    """Collects failed assertions so one run reports all of them."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failures = []

    def check(self, condition, message):
        if condition:
            self.passed += 1
        else:
            self.failures.append(message)
            print("FAIL: " + message, flush=True)
        return condition

    def equal(self, actual, expected, message):
        return self.check(actual == expected,
                          "%s: expected %r, got %r" % (message, expected, actual))

    def finish(self):
        print("%s: %d checks passed, %d failed" % (self.name, self.passed, len(self.failures)))
        if self.failures:
            print("Failures:")
            for failure in self.failures:
                print("  - " + failure)
            return 1
        return 0


class Cli:
    """Runs the tessera binary against one database."""

    def __init__(self, binary, db, env=None):
        self.binary = binary
        self.db = db
        self.env = dict(os.environ if env is None else env)
        # The shipped catalogue unless a test says otherwise; never the caller's database.
        self.env.pop("TESSERA_CATALOGUE", None)
        self.env.pop("TESSERA_DB", None)

    def run(self, *args, stdin=None, check=True):
        command = [self.binary] + [str(a) for a in args]
        if args[0] != "instruments":  # the catalogue commands take no database
            command += ["--db", self.db]
        done = subprocess.run(command, input=stdin, capture_output=True, text=True,
                              env=self.env, timeout=120)
        if check and done.returncode != 0:
            raise RuntimeError("%s failed (%d):\n%s%s" % (" ".join(command), done.returncode,
                                                         done.stdout, done.stderr))
        return done

    def json(self, *args):
        return json.loads(self.run(*args, "--json").stdout)

    def add_user(self, org, role, email, password=PASSWORD):
        self.run("users", "add", "--org", org, "--role", role, email, stdin=password + "\n")

    def campaigns(self):
        return {c["id"]: c for c in self.json("campaign", "list")}

    def state(self, campaign_id):
        return self.campaigns()[campaign_id]["state"]


class Server(server_process.Server):
    """`tessera serve --port 0` on a database (server_process.Server), with requests that take
    cookies, forms and JSON bodies."""

    def request(self, method, path, cookies=None, headers=None, body=None, form=None,
                json_body=None):
        """One request on a fresh connection. cookies: dict name -> value."""
        send_headers = dict(headers or {})
        if cookies:
            send_headers["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            send_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if json_body is not None:
            body = json.dumps(json_body)
            send_headers.setdefault("Content-Type", "application/json")
        if isinstance(body, str):
            body = body.encode("utf-8")
        return server_process.request(self.port, method, path, body, send_headers)


class Session:
    """A signed-in API client: the session cookie and its CSRF token."""

    def __init__(self, email, cookie, csrf, memberships):
        self.email = email
        self.cookie = cookie
        self.csrf = csrf
        self.memberships = memberships

    @property
    def cookies(self):
        return {SESSION_COOKIE: self.cookie}


def sign_in(server, email, password=PASSWORD):
    response = server.request("POST", "/api/v1/session",
                              json_body={"email": email, "password": password})
    if response.status != 200:
        raise RuntimeError("signing in %s: %d %s" % (email, response.status, response.text))
    cookie = response.set_cookies()[SESSION_COOKIE][0]
    body = response.json()
    return Session(email, cookie, body["csrf_token"], body["memberships"])


def sign_in_location(path_and_query):
    """Where a signed-out visitor of a page is sent (see access_control.cc)."""
    return "/login?next=" + urllib.parse.quote(path_and_query, safe="/")


def temp_dir(prefix):
    return tempfile.mkdtemp(prefix=prefix)


def remove_dir(path):
    shutil.rmtree(path, ignore_errors=True)


def load_instrument(instrument_id, version):
    with open(CATALOGUE / instrument_id / ("%s.json" % version), encoding="utf-8") as f:
        return json.load(f)


def response_rows(instrument, teams, count, text_answers=None):
    """`count` complete, valid rows for `instrument` as dicts (item id -> cell).

    teams: team slugs for the "teams" scale, given out in turn; text_answers(i, item_id) -> str
    for free-text items (empty when None)."""
    scales = {scale["id"]: scale for scale in instrument["scales"]}
    rows = []
    for i in range(count):
        row = {}
        for section in instrument["sections"]:
            for item in section.get("items", []):
                item_id = item["id"]
                if item["type"] == "scale":
                    values = [v["value"] for v in scales[item["scale"]]["values"]]
                    row[item_id] = str(values[(i * 7 + len(item_id) * 3) % len(values)])
                elif item["type"] == "single_choice":
                    scale = scales[item["scale"]]
                    if scale.get("values_from") == "organisation.teams":
                        row[item_id] = teams[i % len(teams)]
                    else:
                        values = [v["value"] for v in scale["values"]]
                        row[item_id] = values[i % len(values)]
                elif item["type"] == "text":
                    row[item_id] = text_answers(i, item_id) if text_answers else ""
                else:
                    row[item_id] = ""
        rows.append(row)
    return rows


def write_csv(path, rows):
    import csv
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)


def build_two_organisations(cli, workdir):
    """The demo organisation (1) plus a second organisation with one closed staff attitude
    survey of 12 imported responses, draft campaigns to change state on, and accounts:
    admin, manager and evaluator in organisation 1 and a manager in organisation 2."""
    cli.run("demo")
    organisations = cli.json("org", "list")
    org1 = organisations[0]["id"]
    org2 = cli.json("org", "create", "--name", "Second Organisation Ltd")["id"]
    cli.run("teams", "add", "--org", org2, "north", "North office")
    cli.run("teams", "add", "--org", org2, "south", "South office")

    def create(org, title):
        return cli.json("campaign", "create", "--org", org, "--instrument",
                        "staff-attitudes@1.1.0", "--title", title, "--threshold", "5")["id"]

    other_closed = create(org2, "Second organisation staff survey")
    cli.run("campaign", "open", other_closed)
    instrument = load_instrument("staff-attitudes", "1.1.0")
    rows = response_rows(instrument, ["north", "south"], 12,
                         lambda i, item: "Comment %d from the second organisation." % i)
    csv_path = os.path.join(workdir, "org2-responses.csv")
    write_csv(csv_path, rows)
    cli.run("import", "responses", "--campaign", other_closed, csv_path)
    cli.run("campaign", "close", other_closed)
    other_draft = create(org2, "Second organisation draft")

    world = {
        "org1": org1,
        "org2": org2,
        "other_closed": other_closed,
        "other_draft": other_draft,
        "draft_untouched": create(org1, "Draft nobody may change"),
        "draft_page": create(org1, "Draft the admin opens with the form"),
        "draft_api": create(org1, "Draft the admin opens through the API"),
        "users": {
            "admin": "admin@one.example.org",
            "manager": "manager@one.example.org",
            "evaluator": "evaluator@one.example.org",
            "manager2": "manager@two.example.org",
        },
    }
    for role in ("admin", "manager", "evaluator"):
        cli.add_user(org1, role, world["users"][role])
    cli.add_user(org2, "manager", world["users"]["manager2"])

    # The demo's campaigns, found by instrument and state rather than assumed by number.
    campaigns = cli.json("campaign", "list", "--org", org1)
    by_title = sorted(campaigns, key=lambda c: c["id"])
    closed_attitudes = [c["id"] for c in by_title
                        if c["instrument"].startswith("staff-attitudes@") and c["state"] == "closed"]
    world["attitudes_wave1"] = closed_attitudes[0]
    world["attitudes"] = closed_attitudes[-1]
    world["capability"] = [c["id"] for c in by_title
                           if c["instrument"].startswith("partnership-capability@")
                           and c["state"] == "closed"][0]
    return world


def main_wrapper(run):
    """Runs `run(binary)` and turns exceptions into a failing exit status."""
    if len(sys.argv) < 2:
        print("usage: %s PATH/TO/tessera" % sys.argv[0])
        return 2
    binary = os.path.abspath(sys.argv[1])
    try:
        return run(binary)
    except Exception:  # noqa: BLE001 - report anything as a test failure
        import traceback
        traceback.print_exc()
        return 1
