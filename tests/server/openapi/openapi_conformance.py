#!/usr/bin/python3
"""Checks Tessera's OpenAPI 3.1 document against the real server.

Usage: openapi_conformance.py PATH/TO/tessera

Builds the demo database in a temporary directory (`tessera demo`), starts `tessera serve` on a
free port, fetches the document from GET /api/v1/openapi.json and then, for every documented
operation, sends real requests — the respondent routes with the demo's survey links, the
management routes signed in as the demo's manager, evaluator and admin, and the error cases
(401 without a session, 403 for a role, 404 for an unknown campaign and another organisation's,
409 while results are withheld, 400 for bad parameters). Each answer's status must be
documented for its operation, its content type must be the documented one, and its body must
validate against the documented JSON Schema (Draft 2020-12, $refs resolved in the document).

Coverage: every route the server registers under /api/ (and /healthz) must be documented
(read from the router.Add calls in server/ and probed at run time: a request with an unused
method must answer 405 with an Allow header naming exactly the documented methods), and every
documented operation must have been exercised with a success status. The coverage table is
printed at the end. Exit status 0 when everything holds, 1 otherwise.
"""

import copy
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import server_process  # noqa: E402

SOURCE_ROOT = pathlib.Path(__file__).resolve().parents[3]
DOC_FILE = SOURCE_ROOT / "docs" / "openapi.json"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

failures = []
notes = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, flush=True)


def note(message):
    notes.append(message)
    print("note: " + message, flush=True)


# ---------------------------------------------------------------------------------------------
# The server under test


class Server:
    """The demo database in `workdir`, the CLI on it, and `tessera serve` on it once started."""

    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.db = os.path.join(workdir, "demo.db")
        self.env = dict(os.environ)
        self.env.pop("TESSERA_DB", None)
        self.process = None
        self.port = None

    def run(self, *args, stdin=None):
        return subprocess.run([self.binary, *args], input=stdin, capture_output=True, text=True,
                              env=self.env, timeout=90)

    def start(self):
        self.process = server_process.Server(self.binary, self.db, self.workdir, env=self.env,
                                             extra_args=("--address", "127.0.0.1"))
        self.port = self.process.port

    def stop(self):
        if self.process:
            self.process.stop()


request = server_process.request


# ---------------------------------------------------------------------------------------------
# The document


class Document:
    def __init__(self, doc):
        self.doc = doc
        self.resolver = jsonschema.RefResolver(base_uri="", referrer=doc)
        self.exercised = {}  # (METHOD, template) -> set of statuses seen

    def deref(self, node):
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 20:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError("external $ref " + ref)
            target = self.doc
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
            seen += 1
        return node

    def operations(self):
        for template, item in self.doc.get("paths", {}).items():
            for method, operation in item.items():
                if method in HTTP_METHODS:
                    yield method.upper(), template, operation

    def operation(self, method, template):
        item = self.doc.get("paths", {}).get(template)
        if item is None:
            return None
        return item.get(method.lower())

    def validator(self, schema):
        return jsonschema.Draft202012Validator(schema, resolver=self.resolver)

    def errors(self, schema, instance):
        return sorted(self.validator(schema).iter_errors(instance), key=lambda e: list(e.path))


def media_type(value):
    return ";".join(part.strip().lower() for part in (value or "").split(";") if part.strip())


def check(document, method, template, reply, expect, label=""):
    """Validates one real answer against the document; returns its JSON body (or None)."""
    what = "%s %s%s -> %d" % (method, template, (" [" + label + "]") if label else "", reply.status)
    document.exercised.setdefault((method, template), set()).add(reply.status)
    expected = expect if isinstance(expect, (tuple, list, set)) else (expect,)
    if reply.status not in expected:
        fail("%s: expected status %s; body %s" % (what, "/".join(map(str, expected)),
                                                 reply.body[:300].decode(errors="replace")))
    operation = document.operation(method, template)
    if operation is None:
        fail(what + ": the operation is not documented")
        return None
    responses = operation.get("responses", {})
    documented = responses.get(str(reply.status)) or responses.get("%dXX" % (reply.status // 100))
    documented = documented or responses.get("default")
    if documented is None:
        fail("%s: status %d is not documented for this operation (documented: %s)" %
             (what, reply.status, ", ".join(sorted(responses))))
        return None
    documented = document.deref(documented)
    for name in documented.get("headers", {}):
        if reply.header(name) is None:
            fail("%s: documented header %s is missing" % (what, name))
    content = documented.get("content")
    if not content:
        if reply.body:
            fail("%s: no body is documented but %d bytes came" % (what, len(reply.body)))
        return None
    actual = media_type(reply.header("Content-Type"))
    chosen = None
    for key, media in content.items():
        if media_type(key) == actual:
            chosen = media
    if chosen is None:
        fail("%s: content type %r is not documented (documented: %s)" %
             (what, reply.header("Content-Type"), ", ".join(content)))
        return None
    if actual.startswith("application/json"):
        try:
            body = reply.json()
        except ValueError as error:
            fail("%s: the body is not JSON: %s" % (what, error))
            return None
        if "schema" in chosen:
            problems = document.errors(chosen["schema"], body)
            for problem in problems[:5]:
                fail("%s: body does not match the schema at /%s: %s" %
                     (what, "/".join(map(str, problem.absolute_path)), problem.message[:300]))
        return body
    if "schema" in chosen:
        text = reply.body.decode("utf-8")
        for problem in document.errors(chosen["schema"], text)[:3]:
            fail("%s: body does not match the schema: %s" % (what, problem.message[:200]))
    return None


# ---------------------------------------------------------------------------------------------
# Fixtures: demo output, accounts


def parse_demo(output):
    fixtures = {"accounts": {}}
    match = re.search(r'demo organisation "([^"]+)"', output)
    fixtures["organisation"] = match.group(1) if match else None
    match = re.search(r"Survey \((.*), campaign (\d+)\):", output)
    fixtures["survey_campaign"] = int(match.group(2)) if match else None
    match = re.search(r"personal link, single use:\s+\S*/s/([A-Za-z0-9_-]+)", output)
    fixtures["personal"] = match.group(1) if match else None
    match = re.search(r"shared link for everyone:\s+\S*/s/([A-Za-z0-9_-]+)", output)
    fixtures["open"] = match.group(1) if match else None
    # "Sign in at URL/login as EMAIL (ROLE), password: PASS" (server/demo_command.cc)
    for email, role, password in re.findall(
            r"Sign in at \S+ as (\S+) \((\w+)\), password: (\S+)", output):
        fixtures["accounts"][role] = (email, password)
    for email, password in re.findall(r"Sign in at \S+ as (\S+) with password (\S+)", output):
        fixtures["accounts"].setdefault(email.split("@")[0], (email, password.rstrip(".")))
    return fixtures


def read_accounts_file(path, accounts):
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if "\t" in line:
                    email, password = line.rstrip("\n").split("\t", 1)
                    role = email.split("@")[0]
                    if role in ("admin", "manager", "evaluator"):
                        accounts.setdefault(role, (email, password))
    except OSError:
        pass


def ensure_account(server, organisation, role, email, accounts):
    password = "conformance-" + role + "-password"
    result = server.run("users", "add", "--db", server.db, "--org", organisation, "--role", role,
                        email, stdin=password + "\n")
    if result.returncode != 0:
        fail("tessera users add %s: %s" % (email, result.stderr.strip()))
        return
    accounts[role] = (email, password)


# ---------------------------------------------------------------------------------------------
# Requests


class Api:
    def __init__(self, server, document):
        self.server = server
        self.document = document

    def call(self, method, template, path=None, expect=200, cookie=None, body=None,
             content_type=None, headers=None, label=""):
        all_headers = dict(headers or {})
        if cookie:
            all_headers["Cookie"] = "tessera_session=" + cookie
        payload = None
        if body is not None:
            payload = body if isinstance(body, (bytes, str)) else json.dumps(body)
            all_headers["Content-Type"] = content_type or "application/json"
        elif content_type:
            all_headers["Content-Type"] = content_type
        reply = request(self.server.port, method, path or template, payload, all_headers)
        parsed = check(self.document, method, template, reply, expect, label)
        return reply, parsed

    def sign_in(self, email, password, label):
        reply, body = self.call("POST", "/api/v1/session", body={"email": email, "password": password},
                                label=label)
        if reply.status != 200:
            return None, None
        cookies = reply.header_all("Set-Cookie")
        session = [c for c in cookies if c.startswith("tessera_session=")]
        if not session:
            fail("POST /api/v1/session [%s]: no tessera_session cookie" % label)
            return None, None
        attributes = [a.strip().lower() for a in session[0].split(";")]
        for required in ("httponly", "samesite=strict"):
            if required not in attributes:
                fail("POST /api/v1/session [%s]: the cookie lacks %s: %s" % (label, required, session[0]))
        return session[0].split(";")[0].split("=", 1)[1], body


def full_answers(survey):
    """A complete valid submission built from the survey document."""
    scales = {scale["id"]: scale for scale in survey["scales"]}
    answers = {}
    for section in survey["sections"]:
        for item in section["items"]:
            if not item.get("required"):
                continue
            scale = scales.get(item.get("scale", ""))
            values = [v["value"] for v in scale["values"] if v["value"] not in item.get("codes", [])] if scale else []
            if item["type"] == "scale":
                answers[item["id"]] = next(v for v in values if isinstance(v, int))
            elif item["type"] == "single_choice":
                answers[item["id"]] = values[0]
            elif item["type"] == "multiple_choice":
                answers[item["id"]] = [values[0]]
            elif item["type"] == "text":
                answers[item["id"]] = "Fine."
            elif item["type"] == "number":
                answers[item["id"]] = item.get("min", 1)
    return answers


def first_scale_answer(survey):
    scales = {scale["id"]: scale for scale in survey["scales"]}
    for section in survey["sections"]:
        for item in section["items"]:
            if item["type"] == "scale":
                values = [v["value"] for v in scales[item["scale"]]["values"] if isinstance(v["value"], int)]
                return item["id"], values
    return None, []


def first_text_item(survey):
    for section in survey["sections"]:
        for item in section["items"]:
            if item["type"] == "text":
                return item["id"]
    return None


def exercise_respondent(api, fixtures):
    personal, shared = fixtures.get("personal"), fixtures.get("open")
    if not personal or not shared:
        fail("the demo printed no survey links")
        return
    doc_path = "/api/v1/surveys/{token}"
    draft_path = doc_path + "/draft"
    _, survey = api.call("GET", doc_path, "/api/v1/surveys/" + personal, label="personal link")
    if not survey:
        return
    api.call("GET", doc_path, "/api/v1/surveys/" + shared, label="open link")
    api.call("GET", doc_path, "/api/v1/surveys/not-a-token", expect=404, label="unknown token")
    item, values = first_scale_answer(survey)
    api.call("PUT", draft_path, "/api/v1/surveys/%s/draft" % personal, body={"answers": {item: values[0]}})
    api.call("PATCH", draft_path, "/api/v1/surveys/%s/draft" % personal, body={"answers": {item: None}})
    _, invalid = api.call("PUT", draft_path, "/api/v1/surveys/%s/draft" % personal,
                          body={"answers": {item: 99, "NOPE": 1}}, expect=400, label="invalid answers")
    if invalid and (invalid.get("code") != "invalid_answers" or len(invalid.get("problems", [])) != 2):
        fail("PUT draft with two bad answers: expected invalid_answers with 2 problems, got %s" % invalid)
    api.call("PATCH", draft_path, "/api/v1/surveys/%s/draft" % personal, body={"DIV-01": 4},
             expect=400, label="wrong shape")
    _, repeated = api.call("PUT", draft_path, "/api/v1/surveys/%s/draft" % personal,
                           body='{"answers": {"%s": %d, "%s": %d}}' % (item, values[0], item, values[0]),
                           expect=400, label="repeated key")
    if repeated and (repeated.get("code") != "duplicate_key" or
                     repeated.get("pointer") != "/answers/" + item):
        fail("PUT draft with a repeated key: expected duplicate_key at /answers/%s, got %s"
             % (item, repeated))
    text_item = first_text_item(survey)
    if text_item:
        _, control = api.call("PATCH", draft_path, "/api/v1/surveys/%s/draft" % personal,
                              body={"answers": {text_item: "bell \u0007"}}, expect=400,
                              label="control character")
        problems = (control or {}).get("problems", [])
        if not problems or problems[0].get("code") != "control_character":
            fail("PATCH draft with a control character: expected control_character, got %s" % control)
    api.call("PUT", draft_path, "/api/v1/surveys/%s/draft" % personal, body='{"answers":',
             expect=400, label="not JSON")
    api.call("PUT", draft_path, "/api/v1/surveys/%s/draft" % personal, body='{"answers":{}}',
             content_type="text/plain", expect=415, label="text/plain")
    api.call("PUT", draft_path, "/api/v1/surveys/%s/draft" % shared, body={"answers": {}},
             expect=409, label="open link")
    api.call("PATCH", draft_path, "/api/v1/surveys/not-a-token/draft", body={"answers": {}},
             expect=404, label="unknown token")
    responses_path = doc_path + "/responses"
    api.call("POST", responses_path, "/api/v1/surveys/%s/responses" % personal,
             body={"answers": {}}, expect=400, label="required answers missing")
    api.call("POST", responses_path, "/api/v1/surveys/%s/responses" % shared,
             body={"answers": full_answers(survey)}, expect=409, label="open link")
    links_path = doc_path + "/links"
    _, issued = api.call("POST", links_path, "/api/v1/surveys/%s/links" % shared, expect=201)
    api.call("POST", links_path, "/api/v1/surveys/%s/links" % personal, expect=400, label="personal link")
    api.call("POST", links_path, "/api/v1/surveys/not-a-token/links", expect=404, label="unknown token")
    answers = full_answers(survey)
    api.call("POST", responses_path, "/api/v1/surveys/%s/responses" % personal, body={"answers": answers},
             expect=201, label="personal link")
    api.call("POST", responses_path, "/api/v1/surveys/%s/responses" % personal, body={"answers": answers},
             expect=410, label="used link")
    api.call("GET", doc_path, "/api/v1/surveys/" + personal, expect=410, label="used link")
    if issued:
        api.call("POST", responses_path, "/api/v1/surveys/%s/responses" % issued["token"],
                 body={"answers": answers}, expect=201, label="issued personal link")


def exercise_session(api, accounts):
    path = "/api/v1/session"
    api.call("GET", path, expect=401, label="no cookie")
    api.call("POST", path, body="email=a&password=b", content_type="application/x-www-form-urlencoded",
             expect=415, label="form body")
    api.call("POST", path, body="{", expect=400, label="not JSON")
    api.call("POST", path, body={"email": "manager@demo.example"}, expect=400, label="no password")
    email = accounts.get("manager", ("manager@demo.example", ""))[0]
    api.call("POST", path, body={"email": email, "password": "not the password"}, expect=401,
             label="wrong password")
    cookies = {}
    for role in ("manager", "evaluator", "admin"):
        if role not in accounts:
            fail("no demo account for the %s role" % role)
            continue
        cookie, session = api.sign_in(*accounts[role], label=role)
        if not cookie:
            continue
        cookies[role] = cookie
        roles = {m["role"] for m in session.get("memberships", [])}
        if role not in roles:
            fail("the %s account has roles %s" % (role, sorted(roles)))
        cookies[role + "_csrf"] = session.get("csrf_token", "")
        api.call("GET", path, cookie=cookie, label=role)
    return cookies


def exercise_management(api, cookies):
    manager, evaluator, admin = cookies.get("manager"), cookies.get("evaluator"), cookies.get("admin")
    if not manager:
        fail("cannot exercise the management API without a manager session")
        return {}
    _, listing = api.call("GET", "/api/v1/campaigns", cookie=manager, label="manager")
    api.call("GET", "/api/v1/campaigns", "/api/v1/campaigns?org=1", cookie=manager, label="manager, ?org=1")
    api.call("GET", "/api/v1/campaigns", "/api/v1/campaigns?org=999999", cookie=manager, expect=404,
             label="organisation without a role")
    api.call("GET", "/api/v1/campaigns", expect=401, label="no cookie")
    campaigns = (listing or {}).get("campaigns", [])
    if not campaigns:
        fail("the manager sees no campaigns")
        return {}
    released = [c for c in campaigns if c["results_released"]]
    withheld = [c for c in campaigns if not c["results_released"]]
    details = {}
    for campaign in campaigns:
        _, detail = api.call("GET", "/api/v1/campaigns/{id}", "/api/v1/campaigns/%d" % campaign["id"],
                             cookie=manager, label="manager, campaign %d" % campaign["id"])
        details[campaign["id"]] = detail or {}
    api.call("GET", "/api/v1/campaigns/{id}", "/api/v1/campaigns/999999", cookie=manager, expect=404,
             label="unknown campaign")
    api.call("GET", "/api/v1/campaigns/{id}", "/api/v1/campaigns/abc", cookie=manager, expect=404,
             label="not an id")
    api.call("GET", "/api/v1/campaigns/{id}", "/api/v1/campaigns/%d" % campaigns[0]["id"], expect=401,
             label="no cookie")
    scores = "/api/v1/campaigns/{id}/scores"
    captured = {}
    for campaign in released:
        cid = campaign["id"]
        _, report = api.call("GET", scores, "/api/v1/campaigns/%d/scores" % cid, cookie=manager,
                             label="campaign %d" % cid)
        captured.setdefault("scores", report)
        for grouping in details.get(cid, {}).get("groupings", []):
            _, broken = api.call("GET", scores, "/api/v1/campaigns/%d/scores?by=%s" % (cid, grouping),
                                 cookie=manager, label="campaign %d by %s" % (cid, grouping))
            if broken is not None and "breakdown" not in broken:
                fail("scores of campaign %d by %s: no breakdown" % (cid, grouping))
            if broken and broken.get("breakdown", {}).get("grouping") == "team":
                captured.setdefault("scores_by_team", broken)
        api.call("GET", "/api/v1/campaigns/{id}/reliability", "/api/v1/campaigns/%d/reliability" % cid,
                 cookie=manager, label="manager, campaign %d" % cid)
        _, comments = api.call("GET", "/api/v1/campaigns/{id}/comments",
                               "/api/v1/campaigns/%d/comments" % cid, cookie=manager,
                               label="campaign %d" % cid)
        captured.setdefault("comments", comments)
        for grouping in details.get(cid, {}).get("groupings", [])[:1]:
            api.call("GET", "/api/v1/campaigns/{id}/comments",
                     "/api/v1/campaigns/%d/comments?by=%s" % (cid, grouping), cookie=manager,
                     label="campaign %d by %s" % (cid, grouping))
    if not released:
        fail("no released campaign in the demo")
        return captured
    first = released[0]["id"]
    _, bad_by = api.call("GET", scores, "/api/v1/campaigns/%d/scores?by=shoe_size" % first, cookie=manager,
                         expect=400, label="unknown grouping")
    if bad_by and bad_by.get("pointer") != "/by":
        fail("?by=shoe_size: expected pointer /by, got %s" % bad_by)
    api.call("GET", "/api/v1/campaigns/{id}/comments", "/api/v1/campaigns/%d/comments?by=shoe_size" % first,
             cookie=manager, expect=400, label="unknown grouping")
    # Comment pages: consecutive pages of each list never overlap and together give the list.
    comments_path = "/api/v1/campaigns/{id}/comments"
    paged_campaign, whole = None, None
    for campaign in released:
        _, listed = api.call("GET", comments_path,
                             "/api/v1/campaigns/%d/comments?limit=500" % campaign["id"],
                             cookie=manager, label="one page of 500")
        if any((q.get("total") or 0) > 7 for q in (listed or {}).get("questions", [])):
            paged_campaign, whole = campaign["id"], listed
            break
    if paged_campaign is None:
        fail("no released demo campaign has more than 7 comments on a question")
    for question in (whole or {}).get("questions", []):
        if question.get("comments") is None:
            continue
        total = question.get("total")
        if total is None or total < len(question["comments"]):
            fail("comments of %s: total %r with %d shown" % (question.get("item"), total,
                                                             len(question["comments"])))
            continue
        if total > 500:
            continue
        pages = []
        for offset in range(0, total + 7, 7):
            _, page = api.call("GET", comments_path,
                               "/api/v1/campaigns/%d/comments?offset=%d&limit=7" % (paged_campaign, offset),
                               cookie=manager, label="comments page at %d" % offset)
            if page is None:
                break
            if page.get("page") != {"offset": offset, "limit": 7}:
                fail("comments page at %d: page %r" % (offset, page.get("page")))
            same = [q for q in page["questions"] if q["item"] == question["item"]][0]
            if same.get("total") != total:
                fail("comments page at %d: total %r, not %r" % (offset, same.get("total"), total))
            pages.extend(same["comments"] or [])
        if pages != question["comments"]:
            fail("comments of %s: pages of 7 do not add up to the whole list" % question["item"])
    for query, pointer in (("offset=-1", "/offset"), ("offset=x", "/offset"), ("limit=0", "/limit"),
                           ("limit=501", "/limit"), ("limit=1.5", "/limit")):
        _, bad = api.call("GET", comments_path, "/api/v1/campaigns/%d/comments?%s" % (first, query),
                          cookie=manager, expect=400, label="comments ?%s" % query)
        if bad and bad.get("pointer") != pointer:
            fail("comments ?%s: expected pointer %s, got %s" % (query, pointer, bad))
    api.call("GET", scores, "/api/v1/campaigns/999999/scores", cookie=manager, expect=404, label="unknown campaign")
    api.call("GET", scores, "/api/v1/campaigns/%d/scores" % first, expect=401, label="no cookie")
    for campaign in withheld:
        _, body = api.call("GET", scores, "/api/v1/campaigns/%d/scores" % campaign["id"], cookie=manager,
                           expect=409, label="campaign %d (%s)" % (campaign["id"], campaign["state"]))
        if body and body.get("code") != "not_released":
            fail("scores of an unreleased campaign: expected not_released, got %s" % body)
        api.call("GET", "/api/v1/campaigns/{id}/exports/{kind}",
                 "/api/v1/campaigns/%d/exports/scores" % campaign["id"], cookie=manager, expect=409,
                 label="campaign %d (%s)" % (campaign["id"], campaign["state"]))
    if not withheld:
        note("no unreleased campaign: 409 not_released not exercised")
    # Waves: two released campaigns of one instrument id, compared later against earlier.
    compare = "/api/v1/campaigns/{id}/compare"
    by_instrument = {}
    for campaign in sorted(released, key=lambda c: (c["opens_on"] or "", c["id"])):
        by_instrument.setdefault(campaign["instrument"].split("@")[0], []).append(campaign)
    waves = next((w for w in by_instrument.values() if len(w) >= 2), None)
    if waves:
        earlier, later = waves[0]["id"], waves[-1]["id"]
        _, comparison = api.call("GET", compare, "/api/v1/campaigns/%d/compare?with=%d" % (later, earlier),
                                 cookie=manager, label="%d with %d" % (later, earlier))
        captured["compare"] = comparison
        api.call("GET", compare, "/api/v1/campaigns/%d/compare?with=%d" % (earlier, later), cookie=manager,
                 expect=400, label="newer as the earlier wave")
        api.call("GET", compare, "/api/v1/campaigns/%d/compare" % later, cookie=manager, expect=400,
                 label="no ?with=")
        api.call("GET", compare, "/api/v1/campaigns/%d/compare?with=999999" % later, cookie=manager,
                 expect=404, label="unknown earlier wave")
        api.call("GET", compare, "/api/v1/campaigns/%d/compare?with=%d" % (later, earlier), expect=401,
                 label="no cookie")
    else:
        fail("no two released waves of one instrument in the demo: compare not exercised")
    exports = "/api/v1/campaigns/{id}/exports/{kind}"
    for kind in ("responses", "scores", "summaries", "codebook", "comments"):
        reply, _ = api.call("GET", exports, "/api/v1/campaigns/%d/exports/%s" % (first, kind), cookie=manager,
                            label="manager, " + kind)
        check_csv(reply, kind)
    reply, _ = api.call("GET", exports, "/api/v1/campaigns/%d/exports/responses?labels=1&bom=1" % first,
                        cookie=manager, label="labels and BOM")
    if reply.status == 200 and not reply.body.startswith(b"\xef\xbb\xbf"):
        fail("?bom=1: the export does not start with a UTF-8 BOM")
    api.call("GET", exports, "/api/v1/campaigns/%d/exports/pivot" % first, cookie=manager, expect=404,
             label="unknown export")
    api.call("GET", exports, "/api/v1/campaigns/999999/exports/scores", cookie=manager, expect=404,
             label="unknown campaign")
    api.call("GET", exports, "/api/v1/campaigns/%d/exports/scores" % first, expect=401, label="no cookie")
    api.call("GET", "/api/v1/campaigns/{id}/reliability", "/api/v1/campaigns/%d/reliability" % first,
             expect=401, label="no cookie")
    api.call("GET", "/api/v1/campaigns/{id}/comments", "/api/v1/campaigns/%d/comments" % first,
             expect=401, label="no cookie")
    if evaluator:
        api.call("GET", "/api/v1/campaigns", cookie=evaluator, label="evaluator")
        api.call("GET", "/api/v1/campaigns/{id}", "/api/v1/campaigns/%d" % first, cookie=evaluator,
                 label="evaluator")
        _, reliability = api.call("GET", "/api/v1/campaigns/{id}/reliability",
                                  "/api/v1/campaigns/%d/reliability" % first, cookie=evaluator,
                                  label="evaluator")
        captured["reliability"] = reliability
        reply, _ = api.call("GET", exports, "/api/v1/campaigns/%d/exports/codebook" % first,
                            cookie=evaluator, label="evaluator")
        check_csv(reply, "codebook")
        for route in ("scores", "comments"):
            api.call("GET", "/api/v1/campaigns/{id}/" + route, "/api/v1/campaigns/%d/%s" % (first, route),
                     cookie=evaluator, expect=403, label="evaluator")
        if waves:
            api.call("GET", compare, "/api/v1/campaigns/%d/compare?with=%d" % (waves[-1]["id"], waves[0]["id"]),
                     cookie=evaluator, expect=403, label="evaluator")
    if admin:
        api.call("GET", "/api/v1/campaigns", cookie=admin, label="admin")
        api.call("GET", "/api/v1/campaigns/{id}", "/api/v1/campaigns/%d" % first, cookie=admin, label="admin")
        for route in ("scores", "reliability", "comments", "exports/scores"):
            template = "/api/v1/campaigns/{id}/" + ("exports/{kind}" if route.startswith("exports") else route)
            api.call("GET", template, "/api/v1/campaigns/%d/%s" % (first, route), cookie=admin, expect=403,
                     label="admin")
    return captured


def exercise_state(api, cookies, listing_cookie):
    admin, csrf = cookies.get("admin"), cookies.get("admin_csrf", "")
    path = "/api/v1/campaigns/{id}/state"
    _, listing = api.call("GET", "/api/v1/campaigns", cookie=listing_cookie, label="before state changes")
    campaigns = (listing or {}).get("campaigns", [])
    open_ones = [c for c in campaigns if c["state"] == "open"]
    closed = [c for c in campaigns if c["state"] == "closed"]
    if not admin or not open_ones or not closed:
        fail("cannot exercise state changes (admin session, an open and a closed campaign needed)")
        return
    target = open_ones[-1]["id"]
    url = "/api/v1/campaigns/%d/state" % target
    api.call("POST", path, url, body={"state": "closed"}, expect=401, label="no cookie")
    api.call("POST", path, url, cookie=admin, body={"state": "closed"}, expect=403, label="no CSRF token")
    api.call("POST", path, url, cookie=cookies.get("manager"), body={"state": "closed"},
             headers={"X-CSRF-Token": cookies.get("manager_csrf", "")}, expect=403, label="manager")
    with_csrf = {"X-CSRF-Token": csrf}
    api.call("POST", path, url, cookie=admin, headers=with_csrf, body="state=closed",
             content_type="application/x-www-form-urlencoded", expect=415, label="form body")
    _, bad = api.call("POST", path, url, cookie=admin, headers=with_csrf, body={"state": "draft"}, expect=400,
                      label="state draft")
    if bad and bad.get("pointer") != "/state":
        fail("state draft: expected pointer /state, got %s" % bad)
    api.call("POST", path, url, cookie=admin, headers=with_csrf, body={"status": "closed"}, expect=400,
             label="no state")
    api.call("POST", path, "/api/v1/campaigns/999999/state", cookie=admin, headers=with_csrf,
             body={"state": "closed"}, expect=404, label="unknown campaign")
    _, release = api.call("POST", path, url, cookie=admin, headers=with_csrf, body={"state": "closed"},
                          label="close campaign %d" % target)
    if release and release.get("state") != "closed":
        fail("closing campaign %d answered %s" % (target, release))
    api.call("POST", path, "/api/v1/campaigns/%d/state" % closed[0]["id"], cookie=admin, headers=with_csrf,
             body={"state": "open"}, expect=409, label="reopen a closed campaign")
    return release


def exercise_other_organisation(api, server, first_campaign):
    result = server.run("org", "create", "--db", server.db, "--name", "Conformance Other Org")
    if result.returncode != 0:
        note("could not create a second organisation: " + result.stderr.strip())
        return
    accounts = {}
    ensure_account(server, "Conformance Other Org", "manager", "other-manager@example.org", accounts)
    if "manager" not in accounts:
        return
    cookie, _ = api.sign_in(*accounts["manager"], label="other organisation's manager")
    if not cookie:
        return
    _, listing = api.call("GET", "/api/v1/campaigns", cookie=cookie, label="other organisation")
    if listing and listing.get("campaigns"):
        fail("another organisation's manager sees campaigns: %s" % [c["id"] for c in listing["campaigns"]])
    for template, suffix in (("/api/v1/campaigns/{id}", ""), ("/api/v1/campaigns/{id}/scores", "/scores"),
                             ("/api/v1/campaigns/{id}/reliability", "/reliability"),
                             ("/api/v1/campaigns/{id}/exports/{kind}", "/exports/scores")):
        _, body = api.call("GET", template, "/api/v1/campaigns/%d%s" % (first_campaign, suffix), cookie=cookie,
                           expect=404, label="another organisation's campaign")
        if body and body != {"code": "not_found", "message": "no such campaign"}:
            fail("another organisation's campaign must answer exactly like an unknown one, got %s" % body)


def exercise_sign_out(api, cookies):
    path = "/api/v1/session"
    cookie = cookies.get("evaluator")
    if not cookie:
        return
    api.call("DELETE", path, cookie=cookie, expect=403, label="no CSRF token")
    api.call("DELETE", path, expect=401, label="no cookie")
    api.call("DELETE", path, cookie=cookie, headers={"X-CSRF-Token": cookies["evaluator_csrf"]},
             expect=204, label="evaluator")
    api.call("GET", path, cookie=cookie, expect=401, label="after sign-out")
    # Past 5 failures for one account the next attempt is refused (per-account limit).
    for attempt in range(8):
        reply, _ = api.call("POST", path, body={"email": "nobody@demo.example", "password": "wrong-%d" % attempt},
                            expect=(401, 429), label="brute force %d" % attempt)
        if reply.status == 429:
            if not (reply.header("Retry-After") or "").isdigit():
                fail("429 without a numeric Retry-After")
            return
    fail("eight failed sign-ins for one account were never refused with 429")


def check_csv(reply, kind):
    if reply.status != 200:
        return
    if (reply.header("Transfer-Encoding") or "").lower() != "chunked":
        fail("export %s: not sent chunked (Transfer-Encoding %r)" % (kind, reply.header("Transfer-Encoding")))
    text = reply.body.decode("utf-8-sig")
    if "\r\n" not in text or not text.split("\r\n", 1)[0]:
        fail("export %s: no CRLF-terminated header row" % kind)
    disposition = reply.header("Content-Disposition") or ""
    if not disposition.startswith("attachment") or ".csv" not in disposition:
        fail("export %s: Content-Disposition %r" % (kind, disposition))


# ---------------------------------------------------------------------------------------------
# Coverage


ROUTE_CALL = re.compile(r'router\.Add\(\s*http::verb::(\w+),\s*"([^"]+)"')


def registered_routes():
    routes = set()
    for path in (SOURCE_ROOT / "server").rglob("*.cc"):
        for verb, pattern in ROUTE_CALL.findall(path.read_text(encoding="utf-8", errors="replace")):
            routes.add((verb.rstrip("_").upper(), pattern))
    return routes


def example_path(template):
    return re.sub(r"\{[^}]+\}", lambda m: {"{id}": "1", "{kind}": "scores"}.get(m.group(0), "x"), template)


def check_coverage(api):
    document = api.document
    documented = {(method, template) for method, template, _ in document.operations()}
    registered = registered_routes()
    api_routes = {(m, p) for m, p in registered if p.startswith("/api/") or p == "/healthz"}
    if not registered:
        fail("found no router.Add calls under %s/server" % SOURCE_ROOT)
    for method, pattern in sorted(api_routes - documented):
        fail("the server registers %s %s but the document does not describe it" % (method, pattern))
    for method, pattern in sorted(documented - api_routes):
        fail("the document describes %s %s but the server registers no such route" % (method, pattern))
    pages = sorted(p for m, p in registered if (m, p) not in api_routes)
    print("routes outside the JSON API (HTML pages and downloads, described in docs/api.md): %s" %
          ", ".join(sorted(set(pages))))
    # At run time: an unused method gets 405 with Allow listing exactly the documented methods.
    by_path = {}
    for method, template in documented:
        by_path.setdefault(template, set()).add(method)
    for template, methods in sorted(by_path.items()):
        reply = request(api.server.port, "OPTIONS", example_path(template))
        allow = {m.strip().upper() for m in (reply.header("Allow") or "").split(",") if m.strip()}
        if reply.status != 405 or allow != methods:
            fail("OPTIONS %s: expected 405 with Allow %s, got %d with Allow %s" %
                 (template, sorted(methods), reply.status, sorted(allow)))
    # Every documented operation was exercised with a success status.
    print("\ncoverage (operation: statuses seen / documented):")
    missing = 0
    for method, template, operation in sorted(document.operations(), key=lambda o: (o[1], o[0])):
        seen = document.exercised.get((method, template), set())
        statuses = sorted(operation.get("responses", {}))
        unseen = [s for s in statuses if s.isdigit() and int(s) not in seen]
        print("  %-7s %-45s %-20s seen %s; not exercised: %s" %
              (method, template, operation.get("operationId", "?"),
               ",".join(map(str, sorted(seen))) or "-", ",".join(unseen) or "none"))
        if not any(200 <= s < 300 for s in seen):
            missing += 1
            fail("%s %s was never exercised with a success status" % (method, template))
    total = len(list(document.operations()))
    print("%d of %d documented operations exercised with a success status; %d requests checked" %
          (total - missing, total, sum(len(s) for s in document.exercised.values())))


def check_document_shape(document):
    doc = document.doc
    if doc.get("openapi") != "3.1.0":
        fail("openapi is %r, not 3.1.0" % doc.get("openapi"))
    schemes = doc.get("components", {}).get("securitySchemes", {})
    if schemes.get("sessionCookie") != {**schemes.get("sessionCookie", {}), "type": "apiKey", "in": "cookie",
                                       "name": "tessera_session"}:
        fail("components.securitySchemes.sessionCookie must be an apiKey cookie named tessera_session")
    ids = set()
    for method, template, operation in document.operations():
        where = "%s %s" % (method, template)
        for field in ("operationId", "summary", "responses", "security"):
            if field not in operation:
                fail(where + ": no " + field)
        if operation.get("operationId") in ids:
            fail(where + ": duplicate operationId " + operation["operationId"])
        ids.add(operation.get("operationId"))
        names = {document.deref(p)["name"] for p in operation.get("parameters", []) if document.deref(p).get("in") == "path"}
        if names != set(re.findall(r"\{([^}]+)\}", template)):
            fail(where + ": path parameters %s do not match the template" % sorted(names))
        for status, response in operation.get("responses", {}).items():
            response = document.deref(response)
            for media_name, media in response.get("content", {}).items():
                if "schema" not in media:
                    fail("%s %s: no schema" % (where, status))
                    continue
                example = media.get("example")
                if example is None:
                    if operation.get("operationId") != "getOpenApiDocument":
                        fail("%s %s: no example" % (where, status))
                elif media_type(media_name).startswith("application/json"):
                    for problem in document.errors(media["schema"], example)[:3]:
                        fail("%s %s: the example does not match its schema at /%s: %s" %
                             (where, status, "/".join(map(str, problem.absolute_path)), problem.message[:200]))
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            fail("schema %s is not valid JSON Schema: %s" % (name, error.message))


def check_strictness(document, captured, session):
    """A real response with a required field removed must fail its schema."""
    cases = [("Session", session, ["csrf_token"]),
             ("ScoreReport", captured.get("scores"), ["dimensions"]),
             ("ScoreReport", captured.get("scores_by_team"), ["breakdown", "cells", 0, "decision"]),
             ("ScoreReport", captured.get("scores"), ["dimensions", 0, "index"]),
             ("ReliabilityReport", captured.get("reliability"), ["scales", 0, "raw_alpha"]),
             ("WaveReport", captured.get("compare"), ["dimensions", 0, "comparable"]),
             ("Comments", captured.get("comments"), ["questions", 0, "comments"])]
    checked = 0
    for schema_name, body, path in cases:
        if body is None:
            continue
        mutated = copy.deepcopy(body)
        target = mutated
        try:
            for key in path[:-1]:
                target = target[key]
            if path[-1] not in target:
                continue
            del target[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue
        schema = {"$ref": "#/components/schemas/" + schema_name}
        if not document.errors(schema, mutated):
            fail("%s without %s still validates: the schema is too loose" % (schema_name, "/".join(map(str, path))))
        checked += 1
    print("strictness: %d real responses with a required field removed were all rejected" % checked)


# ---------------------------------------------------------------------------------------------


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="tessera-openapi-") as workdir:
        server = Server(binary, workdir)
        demo = server.run("demo", "--db", server.db)
        if demo.returncode != 0:
            print("tessera demo failed:\n" + demo.stdout + demo.stderr)
            return 1
        fixtures = parse_demo(demo.stdout)
        accounts = fixtures["accounts"]
        read_accounts_file(server.db + ".accounts.txt", accounts)
        for role in ("admin", "manager", "evaluator"):
            if role not in accounts and fixtures["organisation"]:
                note("the demo printed no %s account; creating one with tessera users add" % role)
                ensure_account(server, fixtures["organisation"], role, role + "-conformance@example.org", accounts)
        server.start()
        try:
            reply = request(server.port, "GET", "/api/v1/openapi.json")
            document = Document(json.loads(reply.body))
            api = Api(server, document)
            check(document, "GET", "/api/v1/openapi.json", reply, 200)
            try:
                on_disk = json.loads(DOC_FILE.read_text(encoding="utf-8"))
                if on_disk != document.doc:
                    fail("the served document differs from %s: rebuild tessera" % DOC_FILE)
            except (OSError, ValueError) as error:
                note("cannot compare with %s: %s" % (DOC_FILE, error))
            check_document_shape(document)
            api.call("GET", "/healthz")
            exercise_respondent(api, fixtures)
            cookies = exercise_session(api, accounts)
            captured = exercise_management(api, cookies)
            session = None
            if cookies.get("manager"):
                _, session = api.call("GET", "/api/v1/session", cookie=cookies["manager"], label="manager again")
            campaigns = api.call("GET", "/api/v1/campaigns", cookie=cookies.get("manager"), label="manager again")[1]
            released = [c["id"] for c in (campaigns or {}).get("campaigns", []) if c["results_released"]]
            exercise_state(api, cookies, cookies.get("manager"))
            if released:
                exercise_other_organisation(api, server, released[0])
            exercise_sign_out(api, cookies)
            check_strictness(document, captured, session)
            check_coverage(api)
        finally:
            server.stop()
    print("\n%d failure(s), %d note(s)" % (len(failures), len(notes)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
