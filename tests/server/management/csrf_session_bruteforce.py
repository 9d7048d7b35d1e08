#!/usr/bin/python3
"""CSRF, session fixation, logout and brute-force tests against the real server (issue 6).

- State changes (the campaign page's form and the API) refuse a missing, wrong or foreign CSRF
  token with 403 and leave the campaign's state unchanged; GET never changes state.
- Signing in (form and API) always issues a new session id: a made-up or earlier session id
  sent with the sign-in is not adopted and does not work afterwards.
- Signing out (form and API) ends the session: the old cookie answers 401 / goes to sign-in.
- Five wrong passwords for one account, then the right one: 429 with Retry-After; another
  account still signs in; a wrong user and a wrong password get the same answer; twenty failures
  from one address block that address.

Usage: csrf_session_bruteforce.py PATH/TO/tessera
"""

import os
import re
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import security_harness as h  # noqa: E402

ACCOUNT_FAILURE_LIMIT = 5    # AuthOptions::account_failures
ADDRESS_FAILURE_LIMIT = 20   # AuthOptions::address_failures
FAILURE_WINDOW_SECONDS = 15 * 60


def made_up_token():
    """A value shaped exactly like a real session id (43 characters of base64url)."""
    return secrets.token_urlsafe(32)[:43]


def session_status(server, cookie):
    return server.request("GET", "/api/v1/session",
                          cookies={h.SESSION_COOKIE: cookie}).status


def login_form(server, cookies=None):
    """GET /login: the pre-session cookie and the form's csrf field."""
    page = server.request("GET", "/login", cookies=cookies)
    login_cookie = page.set_cookies().get(h.LOGIN_COOKIE, (None, ""))[0]
    match = re.search(r'name="csrf" value="([^"]*)"', page.text)
    return page, login_cookie, match.group(1) if match else None


def test_state_csrf(checks, server, cli, world, admin, other_admin_session, manager):
    print("-- CSRF on state changes")
    draft = world["draft_untouched"]
    form_path = "/campaigns/%d/state" % draft
    api_path = "/api/v1/campaigns/%d/state" % draft
    attempts = [
        ("form without csrf", dict(form={"state": "open"})),
        ("form with an empty csrf", dict(form={"state": "open", "csrf": ""})),
        ("form with a made-up csrf", dict(form={"state": "open", "csrf": made_up_token()})),
        ("form with the csrf of another session of the same user",
         dict(form={"state": "open", "csrf": other_admin_session.csrf})),
        ("form with the csrf of another user", dict(form={"state": "open",
                                                          "csrf": manager.csrf})),
        ("form with the csrf in the query string, not the body",
         dict(path=form_path + "?csrf=" + admin.csrf, form={"state": "open"})),
        ("form with the csrf as X-CSRF-Token header only",
         dict(form={"state": "open"}, headers={"X-CSRF-Token": admin.csrf})),
    ]
    for label, kwargs in attempts:
        path = kwargs.pop("path", form_path)
        response = server.request("POST", path, cookies=admin.cookies, **kwargs)
        checks.equal(response.status, 403, "POST %s %s" % (path, label))
        checks.equal(cli.state(draft), "draft", "campaign %d state after %s" % (draft, label))
    api_attempts = [
        ("API without X-CSRF-Token", {}),
        ("API with an empty X-CSRF-Token", {"X-CSRF-Token": ""}),
        ("API with a made-up X-CSRF-Token", {"X-CSRF-Token": made_up_token()}),
        ("API with the token of another session of the same user",
         {"X-CSRF-Token": other_admin_session.csrf}),
        ("API with the token of another user", {"X-CSRF-Token": manager.csrf}),
        ("API with the session id as token", {"X-CSRF-Token": admin.cookie}),
    ]
    for label, headers in api_attempts:
        response = server.request("POST", api_path, cookies=admin.cookies, headers=headers,
                                  json_body={"state": "open"})
        checks.equal(response.status, 403, "POST %s %s" % (api_path, label))
        if response.status == 403:
            try:
                checks.equal(response.json().get("code"), "csrf",
                             "POST %s %s: error code" % (api_path, label))
            except ValueError:
                checks.check(False, "POST %s %s: body is not JSON" % (api_path, label))
        checks.equal(cli.state(draft), "draft", "campaign %d state after %s" % (draft, label))
    # The token in the JSON body instead of the header is not accepted either.
    response = server.request("POST", api_path, cookies=admin.cookies,
                              json_body={"state": "open", "csrf": admin.csrf,
                                         "csrf_token": admin.csrf})
    checks.equal(response.status, 403, "POST %s with the token in the body" % api_path)
    # A GET with everything a state change needs changes nothing.
    for path in (form_path + "?state=open&csrf=" + admin.csrf,
                 api_path + "?state=open"):
        response = server.request("GET", path, cookies=admin.cookies,
                                  headers={"X-CSRF-Token": admin.csrf})
        checks.check(response.status in (404, 405),
                     "GET %s: expected 405 (or 404), got %d" % (path, response.status))
    checks.equal(cli.state(draft), "draft", "campaign %d state after GETs" % draft)
    # The API's view of the campaign agrees with the command line.
    response = server.request("GET", "/api/v1/campaigns/%d" % draft, cookies=admin.cookies)
    checks.equal(response.status, 200, "GET /api/v1/campaigns/%d as admin" % draft)
    if response.status == 200:
        checks.equal(response.json().get("state"), "draft",
                     "state of campaign %d in the API" % draft)
    # Controls: the right token does change the state, so the refusals above mean something.
    response = server.request("POST", "/campaigns/%d/state" % world["draft_page"],
                              cookies=admin.cookies, form={"state": "open", "csrf": admin.csrf})
    checks.equal(response.status, 303, "POST /campaigns/%d/state with the right csrf"
                 % world["draft_page"])
    checks.equal(cli.state(world["draft_page"]), "open",
                 "campaign %d after the form with the right csrf" % world["draft_page"])
    response = server.request("POST", "/api/v1/campaigns/%d/state" % world["draft_api"],
                              cookies=admin.cookies, headers={"X-CSRF-Token": admin.csrf},
                              json_body={"state": "open"})
    checks.equal(response.status, 200, "POST /api/v1/campaigns/%d/state with the right token"
                 % world["draft_api"])
    checks.equal(cli.state(world["draft_api"]), "open",
                 "campaign %d after the API call with the right token" % world["draft_api"])


def test_login_csrf(checks, server, email):
    print("-- CSRF on the sign-in form")
    page, login_cookie, field = login_form(server)
    checks.equal(page.status, 200, "GET /login")
    checks.check(login_cookie is not None and len(login_cookie) == 43,
                 "GET /login sets the %s cookie (got %r)" % (h.LOGIN_COOKIE, login_cookie))
    checks.equal(field, login_cookie, "the form's csrf field equals the pre-session cookie")
    credentials = {"email": email, "password": h.PASSWORD}
    cases = [
        ("without the pre-session cookie", None, dict(credentials, csrf=field or "")),
        ("without the csrf field", {h.LOGIN_COOKIE: login_cookie}, dict(credentials)),
        ("with a made-up csrf field", {h.LOGIN_COOKIE: login_cookie},
         dict(credentials, csrf=made_up_token())),
        ("with a cookie and field that match but were never issued",
         {h.LOGIN_COOKIE: "x" * 43}, dict(credentials, csrf="y" * 43)),
    ]
    for label, cookies, form in cases:
        response = server.request("POST", "/login", cookies=cookies, form=form)
        checks.equal(response.status, 403, "POST /login %s" % label)
        checks.check(h.SESSION_COOKIE not in response.set_cookies(),
                     "POST /login %s sets no session cookie" % label)
    # A double-submit pair the attacker made up themselves (cookie == field) is, by design of
    # double submit, accepted only when the browser sends that cookie; SameSite=Strict and
    # Path=/login keep other sites from planting it. Check the cookie's attributes.
    attributes = page.set_cookies().get(h.LOGIN_COOKIE, ("", ""))[1]
    checks.check("HttpOnly" in attributes and "SameSite=Strict" in attributes,
                 "the pre-session cookie is HttpOnly and SameSite=Strict: %r" % attributes)


def test_fixation(checks, server, world):
    print("-- session fixation")
    email = world["users"]["manager"]
    # Form sign-in with a made-up session cookie.
    fixed = made_up_token()
    page, login_cookie, field = login_form(server)
    response = server.request("POST", "/login",
                              cookies={h.LOGIN_COOKIE: login_cookie, h.SESSION_COOKIE: fixed},
                              form={"csrf": field or "", "email": email,
                                    "password": h.PASSWORD, "next": "/dashboard"})
    checks.equal(response.status, 303, "POST /login with a made-up session cookie")
    issued = response.set_cookies().get(h.SESSION_COOKIE, ("", ""))
    checks.check(issued[0] != "" and issued[0] != fixed,
                 "the form sign-in issues a new session id (made up %s, issued %r)"
                 % (fixed, issued[0]))
    checks.equal(len(issued[0]), 43, "length of the issued session id")
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/"):
        checks.check(attribute in issued[1], "session cookie has %s: %r" % (attribute, issued[1]))
    checks.check("Secure" not in issued[1], "no Secure attribute without --secure-cookies")
    checks.equal(session_status(server, fixed), 401, "the made-up session id after sign-in")
    checks.equal(session_status(server, issued[0]), 200, "the issued session id")
    cleared = response.set_cookies().get(h.LOGIN_COOKIE, ("x", ""))
    checks.check(cleared[0] == "" and "Max-Age=0" in cleared[1],
                 "the sign-in clears the pre-session cookie: %r" % (cleared,))
    # API sign-in with a made-up session cookie.
    fixed_api = made_up_token()
    response = server.request("POST", "/api/v1/session", cookies={h.SESSION_COOKIE: fixed_api},
                              json_body={"email": email, "password": h.PASSWORD})
    checks.equal(response.status, 200, "POST /api/v1/session with a made-up session cookie")
    issued_api = response.set_cookies().get(h.SESSION_COOKIE, ("", ""))[0]
    checks.check(issued_api not in ("", fixed_api),
                 "the API sign-in issues a new session id (made up %s, issued %r)"
                 % (fixed_api, issued_api))
    checks.equal(session_status(server, fixed_api), 401, "the made-up id after the API sign-in")
    checks.check(issued_api != issued[0], "two sign-ins get two different session ids")
    # Signing in again while holding a valid session ends that session (never reused).
    response = server.request("POST", "/api/v1/session", cookies={h.SESSION_COOKIE: issued_api},
                              json_body={"email": email, "password": h.PASSWORD})
    renewed = response.set_cookies().get(h.SESSION_COOKIE, ("", ""))[0]
    checks.check(renewed not in ("", issued_api), "a sign-in over a valid session gets a new id")
    checks.equal(session_status(server, issued_api), 401,
                 "the session held during a new sign-in is ended")
    checks.equal(session_status(server, renewed), 200, "the new session")
    # The form sign-in over a valid session ends it too.
    page, login_cookie, field = login_form(server)
    response = server.request("POST", "/login",
                              cookies={h.LOGIN_COOKIE: login_cookie, h.SESSION_COOKIE: renewed},
                              form={"csrf": field or "", "email": email,
                                    "password": h.PASSWORD})
    checks.equal(response.status, 303, "form sign-in over a valid session")
    checks.equal(session_status(server, renewed), 401,
                 "the session held during a form sign-in is ended")
    # A session id is only accepted in the cookie, not as a header or query parameter.
    response = server.request("GET", "/api/v1/session?tessera_session=" + issued[0])
    checks.equal(response.status, 401, "session id in the query string")
    response = server.request("GET", "/api/v1/session",
                              headers={"Authorization": "Bearer " + issued[0]})
    checks.equal(response.status, 401, "session id as a bearer token")


def test_logout(checks, server, cli, world):
    print("-- sign-out")
    email = world["users"]["admin"]
    # Form sign-out: needs the session's csrf; without it the session survives.
    session = h.sign_in(server, email)
    response = server.request("POST", "/logout", cookies=session.cookies, form={})
    checks.equal(response.status, 403, "POST /logout without csrf")
    checks.equal(session_status(server, session.cookie), 200, "session after a refused sign-out")
    response = server.request("POST", "/logout", cookies=session.cookies,
                              form={"csrf": made_up_token()})
    checks.equal(response.status, 403, "POST /logout with a made-up csrf")
    response = server.request("POST", "/logout", cookies=session.cookies,
                              form={"csrf": session.csrf})
    checks.equal(response.status, 303, "POST /logout with csrf")
    checks.equal(response.header("Location"), "/login?signed_out=1", "Location after sign-out")
    cleared = response.set_cookies().get(h.SESSION_COOKIE, ("x", ""))
    checks.check(cleared[0] == "" and "Max-Age=0" in cleared[1],
                 "sign-out clears the session cookie: %r" % (cleared,))
    old = session.cookies
    checks.equal(session_status(server, session.cookie), 401, "GET /api/v1/session after sign-out")
    response = server.request("GET", "/dashboard", cookies=old)
    checks.equal(response.status, 303, "GET /dashboard with the signed-out cookie")
    checks.equal(response.header("Location"), "/login?next=/dashboard",
                 "GET /dashboard with the signed-out cookie: Location")
    response = server.request("GET", "/api/v1/campaigns", cookies=old)
    checks.equal(response.status, 401, "GET /api/v1/campaigns with the signed-out cookie")
    draft = world["draft_untouched"]
    response = server.request("POST", "/campaigns/%d/state" % draft, cookies=old,
                              form={"state": "open", "csrf": session.csrf})
    checks.equal(response.status, 303, "POST state form with the signed-out cookie and its csrf")
    checks.equal(response.header("Location"),
                 h.sign_in_location("/campaigns/%d/state" % draft), "... goes to sign-in")
    response = server.request("POST", "/api/v1/campaigns/%d/state" % draft, cookies=old,
                              headers={"X-CSRF-Token": session.csrf}, json_body={"state": "open"})
    checks.equal(response.status, 401, "POST state API with the signed-out cookie and its token")
    checks.equal(cli.state(draft), "draft", "campaign %d after requests of a signed-out session"
                 % draft)
    # API sign-out: DELETE /api/v1/session with the token.
    session = h.sign_in(server, email)
    response = server.request("DELETE", "/api/v1/session", cookies=session.cookies)
    checks.equal(response.status, 403, "DELETE /api/v1/session without X-CSRF-Token")
    checks.equal(session_status(server, session.cookie), 200, "session after a refused DELETE")
    response = server.request("DELETE", "/api/v1/session", cookies=session.cookies,
                              headers={"X-CSRF-Token": session.csrf})
    checks.equal(response.status, 204, "DELETE /api/v1/session")
    checks.equal(session_status(server, session.cookie), 401, "the old cookie after DELETE")
    response = server.request("DELETE", "/api/v1/session", cookies=session.cookies,
                              headers={"X-CSRF-Token": session.csrf})
    checks.equal(response.status, 401, "DELETE /api/v1/session again with the old cookie")
    # Signing out one session leaves the user's other sessions alone.
    first = h.sign_in(server, email)
    second = h.sign_in(server, email)
    server.request("DELETE", "/api/v1/session", cookies=first.cookies,
                   headers={"X-CSRF-Token": first.csrf})
    checks.equal(session_status(server, first.cookie), 401, "signed-out session")
    checks.equal(session_status(server, second.cookie), 200, "the same user's other session")


def test_brute_force(checks, server, world):
    print("-- brute force")
    failures = 0  # failed sign-ins recorded against this address (127.0.0.1)

    def attempt(email, password):
        return server.request("POST", "/api/v1/session",
                              json_body={"email": email, "password": password})

    # One generic message for a wrong user and for a wrong password.
    unknown = attempt("nobody@one.example.org", "wrong password 123")
    failures += 1
    wrong = attempt(world["users"]["evaluator"], "wrong password 123")
    failures += 1
    checks.equal(unknown.status, 401, "sign-in with an unknown email")
    checks.equal(wrong.status, 401, "sign-in with a wrong password")
    checks.equal(unknown.body, wrong.body, "unknown user and wrong password answer alike")

    target = world["users"]["target"]
    for i in range(ACCOUNT_FAILURE_LIMIT):
        response = attempt(target, "wrong password %d!" % i)
        failures += 1
        checks.equal(response.status, 401, "wrong password %d of %d for %s"
                     % (i + 1, ACCOUNT_FAILURE_LIMIT, target))
    response = attempt(target, h.PASSWORD)
    checks.equal(response.status, 429, "the right password after %d failures"
                 % ACCOUNT_FAILURE_LIMIT)
    retry = response.header("Retry-After")
    checks.check(retry is not None and retry.isdigit() and
                 1 <= int(retry) <= FAILURE_WINDOW_SECONDS,
                 "429 carries Retry-After in whole seconds (got %r)" % retry)
    checks.check(h.SESSION_COOKIE not in response.set_cookies(), "a refused sign-in sets no cookie")
    checks.check("Too many sign-in attempts" in response.text,
                 "the 429 says why: %r" % response.text[:200])
    # The sign-in form is limited the same way, with a page that says so.
    page, login_cookie, field = login_form(server)
    response = server.request("POST", "/login", cookies={h.LOGIN_COOKIE: login_cookie},
                              form={"csrf": field or "", "email": target,
                                    "password": h.PASSWORD})
    checks.equal(response.status, 429, "the sign-in form for the locked account")
    checks.check((response.header("Retry-After") or "").isdigit(),
                 "the form's 429 carries Retry-After (got %r)" % response.header("Retry-After"))
    checks.check("Too many sign-in attempts" in response.text, "the form's 429 says why")
    checks.check(h.SESSION_COOKIE not in response.set_cookies(), "no session cookie on the 429")
    # A different account still signs in.
    response = attempt(world["users"]["manager"], h.PASSWORD)
    checks.equal(response.status, 200, "another account signs in while one is locked")
    # The evaluator's one failure above is cleared by its success and does not lock it.
    response = attempt(world["users"]["evaluator"], h.PASSWORD)
    checks.equal(response.status, 200, "the evaluator (one earlier failure) signs in")

    # Per address: failures spread over many accounts, up to the address limit.
    number = 0
    while failures < ADDRESS_FAILURE_LIMIT:
        number += 1
        response = attempt("spray%d@one.example.org" % number, "wrong password 123")
        checks.equal(response.status, 401, "spray attempt %d (address failure %d)"
                     % (number, failures + 1))
        failures += 1
        if failures == ADDRESS_FAILURE_LIMIT - 1:
            response = attempt(world["users"]["manager"], h.PASSWORD)
            checks.equal(response.status, 200,
                         "a right password after %d failures from this address" % failures)
    response = attempt(world["users"]["manager"], h.PASSWORD)
    checks.equal(response.status, 429, "a right password after %d failures from this address"
                 % failures)
    checks.check((response.header("Retry-After") or "").isdigit(),
                 "the address limit's 429 carries Retry-After")


def test_secure_cookie(checks, binary, db, workdir, email):
    server = h.Server(binary, db, workdir, extra_args=["--secure-cookies"])
    try:
        response = server.request("POST", "/api/v1/session",
                                  json_body={"email": email, "password": h.PASSWORD})
        attributes = response.set_cookies().get(h.SESSION_COOKIE, ("", ""))[1]
        checks.check("Secure" in attributes,
                     "--secure-cookies marks the session cookie Secure: %r" % attributes)
    finally:
        server.stop()


def main(binary):
    checks = h.Checks("security.csrf_session_bruteforce")
    workdir = h.temp_dir("tessera-csrf-")
    db = os.path.join(workdir, "tessera.db")
    cli = h.Cli(binary, db)
    world = h.build_two_organisations(cli, workdir)
    world["users"]["target"] = "target@one.example.org"
    cli.add_user(world["org1"], "manager", world["users"]["target"])
    server = h.Server(binary, db, workdir)
    try:
        admin = h.sign_in(server, world["users"]["admin"])
        admin_again = h.sign_in(server, world["users"]["admin"])
        manager = h.sign_in(server, world["users"]["manager"])
        checks.check(admin.csrf != admin_again.csrf, "each session has its own CSRF token")
        test_state_csrf(checks, server, cli, world, admin, admin_again, manager)
        test_login_csrf(checks, server, world["users"]["manager"])
        test_fixation(checks, server, world)
        test_logout(checks, server, cli, world)
        test_brute_force(checks, server, world)  # last: it locks this address for a while
    finally:
        server.stop()
        if checks.failures:
            print("server log tail:\n" + server.log_tail(20))
    test_secure_cookie(checks, binary, db, workdir, world["users"]["evaluator"])
    code = checks.finish()
    if code == 0:
        h.remove_dir(workdir)
    else:
        print("kept " + workdir)
    return code


if __name__ == "__main__":
    sys.exit(h.main_wrapper(main))
