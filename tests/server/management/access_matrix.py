#!/usr/bin/python3
"""Access matrix of the management routes (issue 6, "Tests").

Every route (pages and API, GET and POST) x every caller (signed out, admin, manager and
evaluator of organisation 1, manager of organisation 2) x every target (a campaign of the
caller's own organisation, one of the other organisation, an id that does not exist) is sent
once against the real server and its status compared with the table below.

Rules (server/management/access_control.cc, docs/accounts.md):
  signed out: pages 303 to /login?next=..., API 401;
  another organisation's campaign: 404 with exactly the body of a campaign that does not exist;
  a role the route does not allow: 403.
POST routes carry the caller's valid CSRF token, so this tests authorisation, not CSRF
(csrf_session_bruteforce.py tests that).

Usage: access_matrix.py PATH/TO/tessera
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import security_harness as h  # noqa: E402

MISSING_CAMPAIGN = 999999
MISSING_ORG = 99999
NA = None  # the cell does not apply (e.g. no such campaign kind in organisation 2)

CALLERS = ["signed_out", "admin", "manager", "evaluator", "manager2"]
TARGETS = ["own", "other", "missing"]

# The routes. target: what {id} names. "campaign" routes use world[own] for organisation 1's
# callers (and the signed-out caller) and world[own2] for organisation 2's manager; "other" is
# the other organisation's one. "org" routes use organisation ids; "none" routes take no id.
# For the state changes the admin gets a fresh draft of each kind (draft_page, draft_api) so
# every cell starts from the same state; everyone else aims at drafts that must stay drafts.
ROUTES = {
    # name:                 (method, surface, path, target, own, own2)
    "dashboard":            ("GET", "page", "/dashboard", "none", None, None),
    "dashboard?org":        ("GET", "page", "/dashboard?org={id}", "org", "org1", "org2"),
    "campaign page":        ("GET", "page", "/campaigns/{id}", "campaign", "attitudes",
                             "other_closed"),
    "capability":           ("GET", "page", "/campaigns/{id}/capability", "campaign",
                             "capability", None),
    "perspectives":         ("GET", "page", "/campaigns/{id}/perspectives", "campaign",
                             "capability", None),
    "attitudes":            ("GET", "page", "/campaigns/{id}/attitudes", "campaign", "attitudes",
                             "other_closed"),
    "trends":               ("GET", "page", "/campaigns/{id}/trends", "campaign", "attitudes",
                             "other_closed"),
    "evaluator":            ("GET", "page", "/campaigns/{id}/evaluator", "campaign", "attitudes",
                             "other_closed"),
    "POST state (form)":    ("POST", "page", "/campaigns/{id}/state", "state", "draft_untouched",
                             "other_draft"),
    "responses.csv":        ("GET", "page", "/campaigns/{id}/exports/responses.csv", "campaign",
                             "attitudes", "other_closed"),
    "scores.csv":           ("GET", "page", "/campaigns/{id}/exports/scores.csv", "campaign",
                             "attitudes", "other_closed"),
    "summaries.csv":        ("GET", "page", "/campaigns/{id}/exports/summaries.csv", "campaign",
                             "attitudes", "other_closed"),
    "codebook.csv":         ("GET", "page", "/campaigns/{id}/exports/codebook.csv", "campaign",
                             "attitudes", "other_closed"),
    "API session":          ("GET", "api", "/api/v1/session", "none", None, None),
    "API campaigns":        ("GET", "api", "/api/v1/campaigns", "none", None, None),
    "API campaigns?org":    ("GET", "api", "/api/v1/campaigns?org={id}", "org", "org1", "org2"),
    "API campaign":         ("GET", "api", "/api/v1/campaigns/{id}", "campaign", "attitudes",
                             "other_closed"),
    "API scores":           ("GET", "api", "/api/v1/campaigns/{id}/scores", "campaign",
                             "attitudes", "other_closed"),
    "API compare":          ("GET", "api", "/api/v1/campaigns/{id}/compare?with={wave1}",
                             "campaign", "attitudes", None),
    "API compare w/ other": ("GET", "api", "/api/v1/campaigns/{attitudes}/compare?with={id}",
                             "with", "attitudes_wave1", None),
    "API reliability":      ("GET", "api", "/api/v1/campaigns/{id}/reliability", "campaign",
                             "attitudes", "other_closed"),
    "API comments":         ("GET", "api", "/api/v1/campaigns/{id}/comments", "campaign",
                             "attitudes", "other_closed"),
    "POST API state":       ("POST", "api", "/api/v1/campaigns/{id}/state", "state",
                             "draft_untouched", "other_draft"),
    "API export responses": ("GET", "api", "/api/v1/campaigns/{id}/exports/responses", "campaign",
                             "attitudes", "other_closed"),
    "API export scores":    ("GET", "api", "/api/v1/campaigns/{id}/exports/scores", "campaign",
                             "attitudes", "other_closed"),
    "API export summaries": ("GET", "api", "/api/v1/campaigns/{id}/exports/summaries",
                             "campaign", "attitudes", "other_closed"),
    "API export codebook":  ("GET", "api", "/api/v1/campaigns/{id}/exports/codebook", "campaign",
                             "attitudes", "other_closed"),
}

# THE EXPECTED MATRIX. For each route, five callers x (own, other, missing).
# "API compare w/ other" asks for the own campaign compared with a wave given by id: own = an
# earlier wave of the same organisation, other = the other organisation's campaign (404 like a
# missing one), missing = an id that does not exist.
_ = NA
EXPECTED = {
    #                        signed out       admin            manager          evaluator        manager org 2
    #                        own  oth  miss   own  oth  miss   own  oth  miss   own  oth  miss   own  oth  miss
    "dashboard":            (303,  _,   _,    200,  _,   _,    200,  _,   _,    200,  _,   _,    200,  _,   _),
    "dashboard?org":        (303, 303, 303,   200, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "campaign page":        (303, 303, 303,   200, 404, 404,   303, 404, 404,   303, 404, 404,   303, 404, 404),
    "capability":           (303, 303, 303,   403, 404, 404,   200, 404, 404,   403, 404, 404,    _,  404, 404),
    "perspectives":         (303, 303, 303,   403, 404, 404,   200, 404, 404,   403, 404, 404,    _,  404, 404),
    "attitudes":            (303, 303, 303,   403, 404, 404,   200, 404, 404,   403, 404, 404,   200, 404, 404),
    "trends":               (303, 303, 303,   403, 404, 404,   200, 404, 404,   403, 404, 404,   200, 404, 404),
    "evaluator":            (303, 303, 303,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "POST state (form)":    (303, 303, 303,   303, 404, 404,   403, 404, 404,   403, 404, 404,   403, 404, 404),
    "responses.csv":        (303, 303, 303,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "scores.csv":           (303, 303, 303,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "summaries.csv":        (303, 303, 303,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "codebook.csv":         (303, 303, 303,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "API session":          (401,  _,   _,    200,  _,   _,    200,  _,   _,    200,  _,   _,    200,  _,   _),
    "API campaigns":        (401,  _,   _,    200,  _,   _,    200,  _,   _,    200,  _,   _,    200,  _,   _),
    "API campaigns?org":    (401, 401, 401,   200, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "API campaign":         (401, 401, 401,   200, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "API scores":           (401, 401, 401,   403, 404, 404,   200, 404, 404,   403, 404, 404,   200, 404, 404),
    "API compare":          (401, 401, 401,   403, 404, 404,   200, 404, 404,   403, 404, 404,    _,  404, 404),
    "API compare w/ other": (401, 401, 401,   403, 403, 403,   200, 404, 404,   403, 403, 403,    _,   _,   _),
    "API reliability":      (401, 401, 401,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "API comments":         (401, 401, 401,   403, 404, 404,   200, 404, 404,   403, 404, 404,   200, 404, 404),
    "POST API state":       (401, 401, 401,   200, 404, 404,   403, 404, 404,   403, 404, 404,   403, 404, 404),
    "API export responses": (401, 401, 401,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "API export scores":    (401, 401, 401,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "API export summaries": (401, 401, 401,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
    "API export codebook":  (401, 401, 401,   403, 404, 404,   200, 404, 404,   200, 404, 404,   200, 404, 404),
}

# Where the 303s of signed-in callers go (signed-out ones always go to the sign-in page).
EXPECTED_LOCATION = {
    ("campaign page", "manager", "own"): "/campaigns/{attitudes}/attitudes",
    ("campaign page", "evaluator", "own"): "/campaigns/{attitudes}/evaluator",
    ("campaign page", "manager2", "own"): "/campaigns/{other_closed}/attitudes",
    ("POST state (form)", "admin", "own"): "/campaigns/{draft_page}",
}

CONTENT_TYPES = {"page": "text/html", "api": "application/json", "csv": "text/csv"}


def expected(route, caller, target):
    return EXPECTED[route][CALLERS.index(caller) * 3 + TARGETS.index(target)]


def target_id(world, route, caller, target):
    method, surface, path, kind, own, own2 = ROUTES[route]
    if kind == "none":
        return None
    if target == "missing":
        return MISSING_ORG if kind == "org" else MISSING_CAMPAIGN
    if kind == "with":  # the compared wave: own organisation's earlier wave or the other one's
        return world[own] if target == "own" else world["other_closed"]
    if kind == "state" and caller == "admin" and target == "own":
        return world["draft_page" if surface == "page" else "draft_api"]
    if caller == "manager2":
        key = own2 if target == "own" else own
    else:
        # Organisation 2 has no campaign of every kind; access is decided before the kind
        # matters, so its staff survey stands in.
        key = own if target == "own" else (own2 or "other_closed")
    if key is None:
        return None
    return world[key]


def build_request(world, sessions, route, caller, ident):
    method, surface, path, kind, own, own2 = ROUTES[route]
    values = dict(world)
    values["id"] = ident
    values["wave1"] = world["attitudes_wave1"]
    path = path.format(**values)
    session = sessions.get(caller)
    cookies = session.cookies if session else None
    kwargs = {"cookies": cookies}
    if method == "POST":
        if surface == "page":
            form = {"state": "open"}
            if session:
                form["csrf"] = session.csrf
            kwargs["form"] = form
        else:
            kwargs["json_body"] = {"state": "open"}
            if session:
                kwargs["headers"] = {"X-CSRF-Token": session.csrf}
    return method, path, kwargs


def main(binary):
    checks = h.Checks("security.access_matrix")
    workdir = h.temp_dir("tessera-access-")
    db = os.path.join(workdir, "tessera.db")
    cli = h.Cli(binary, db)
    world = h.build_two_organisations(cli, workdir)
    print("world: " + ", ".join("%s=%s" % (k, v) for k, v in world.items() if k != "users"))
    server = h.Server(binary, db, workdir)
    try:
        sessions = {role: h.sign_in(server, email) for role, email in world["users"].items()}
        results = {}
        responses = {}
        for route in ROUTES:
            method, surface, path_template, kind, own, own2 = ROUTES[route]
            for caller in CALLERS:
                for target in TARGETS:
                    want = expected(route, caller, target)
                    ident = target_id(world, route, caller, target)
                    if want is None or (kind != "none" and ident is None):
                        checks.check(want is None,
                                     "%s as %s on %s: the table expects %s but the route has no "
                                     "such target" % (route, caller, target, want))
                        results[(route, caller, target)] = None
                        continue
                    method, path, kwargs = build_request(world, sessions, route, caller, ident)
                    response = server.request(method, path, **kwargs)
                    responses[(route, caller, target)] = (path, response)
                    results[(route, caller, target)] = response.status
                    label = "%s %s as %s (%s)" % (method, path, caller, target)
                    checks.equal(response.status, want, label)
                    if response.status != want:
                        print("   body: " + response.text[:300].replace("\n", " "))
                    check_details(checks, world, route, caller, target, path, response, label)
        # Another organisation's campaign answers exactly like one that does not exist.
        for route in ROUTES:
            for caller in CALLERS[1:]:
                other = responses.get((route, caller, "other"))
                missing = responses.get((route, caller, "missing"))
                if other is None or missing is None:
                    continue
                if other[1].status != 404 or missing[1].status != 404:
                    continue
                checks.check(
                    other[1].body == missing[1].body,
                    "%s as %s: another organisation's answer (%s) differs from a missing id's "
                    "(%s):\n     %r\n  vs %r" % (route, caller, other[0], missing[0],
                                                  other[1].text[:200], missing[1].text[:200]))
                checks.equal(other[1].header("Content-Type"), missing[1].header("Content-Type"),
                             "%s as %s: content type of other organisation vs missing id"
                             % (route, caller))
        # The refused state changes changed nothing; the admin's own ones did.
        states = cli.campaigns()
        checks.equal(states[world["draft_untouched"]]["state"], "draft",
                     "campaign %d (refused state changes only)" % world["draft_untouched"])
        checks.equal(states[world["other_draft"]]["state"], "draft",
                     "campaign %d of organisation 2 (refused state changes only)"
                     % world["other_draft"])
        checks.equal(states[world["draft_page"]]["state"], "open",
                     "campaign %d after the admin's form" % world["draft_page"])
        checks.equal(states[world["draft_api"]]["state"], "open",
                     "campaign %d after the admin's API call" % world["draft_api"])
        for key in ("attitudes", "attitudes_wave1", "capability", "other_closed"):
            checks.equal(states[world[key]]["state"], "closed", "campaign %d (%s)"
                         % (world[key], key))
        print_matrix(results)
    finally:
        server.stop()
        if checks.failures:
            print("server log tail:\n" + server.log_tail(20))
    code = checks.finish()
    if code == 0:
        h.remove_dir(workdir)
    else:
        print("kept " + workdir)
    return code


def check_details(checks, world, route, caller, target, path, response, label):
    method, surface, path_template, kind, own, own2 = ROUTES[route]
    status = response.status
    if status == 303:
        location = response.header("Location")
        if caller == "signed_out":
            checks.equal(location, h.sign_in_location(path), label + ": Location")
        else:
            want = EXPECTED_LOCATION.get((route, caller, target))
            if want is not None:
                checks.equal(location, want.format(**world), label + ": Location")
    if status == 200:
        family = "csv" if "export" in path else surface
        content_type = response.header("Content-Type") or ""
        checks.check(content_type.startswith(CONTENT_TYPES[family]),
                     "%s: Content-Type %r, expected %s" % (label, content_type,
                                                           CONTENT_TYPES[family]))
    if status in (401, 403, 404) and surface == "api":
        try:
            body = response.json()
            checks.check(isinstance(body, dict) and "code" in body and "message" in body,
                         "%s: an API refusal has a JSON error body: %r" % (label, body))
        except ValueError:
            checks.check(False, "%s: an API refusal is not JSON: %r" % (label, response.text[:200]))
    if status in (403, 404) and surface == "page":
        checks.check((response.header("Content-Type") or "").startswith("text/html"),
                     "%s: a page refusal is HTML" % label)
    # A refusal never shows data: the own campaign's title must not leak into other-org answers.
    if target != "own" and status in (403, 404):
        checks.check(b"Second organisation staff survey" not in response.body and
                     b"Staff attitudes survey" not in response.body,
                     "%s: a refusal names a campaign" % label)


def print_matrix(results):
    header = "%-22s" % "route" + "".join("| %-16s" % c for c in CALLERS)
    print()
    print("Access matrix (actual status per own / other organisation / missing id; "
          "'!' marks a cell that differs from the table, '-' does not apply)")
    print(header)
    print("%-22s" % "" + "| own  oth  miss   " * len(CALLERS))
    cells = failures = 0
    for route in ROUTES:
        line = "%-22s" % route
        for caller in CALLERS:
            parts = []
            for target in TARGETS:
                actual = results.get((route, caller, target))
                want = expected(route, caller, target)
                if want is None:
                    parts.append("  - ")
                    continue
                cells += 1
                mark = " " if actual == want else "!"
                if actual != want:
                    failures += 1
                parts.append("%3s%s" % (actual, mark))
            line += "| " + " ".join(parts) + " "
        print(line)
    print("%d cells asserted, %d as expected, %d differ" % (cells, cells - failures, failures))


if __name__ == "__main__":
    sys.exit(h.main_wrapper(main))
