"""The anonymity attacks of issue 12, tried as a manager and an evaluator would, on the real
server (`tessera serve`) over HTTP. Each check is an attack that worked before its fix:

- a team added after closing (`tessera teams add` with the server running) shifted the cached
  disclosure plan: `scores?by=team` answered 400, the attitudes page and the scores and
  summaries downloads 500, and a complementary-suppressed team became shown;
- comment lists of two breakdowns differenced as sets (team A's list minus role frontline's);
- zero cells: team A's distribution with two 5s beside frontline's with none;
- the responses export put each comment on the row of all that person's answers.

Standard library only. Usage: anonymity_attacks.py PATH/TO/tessera
"""

import csv
import io
import os
import sys

from security_harness import (Checks, Cli, Server, load_instrument, main_wrapper, remove_dir,
                              sign_in, temp_dir, write_csv)

K = 5


def person_rows(instrument):
    """Team a-team: 11 frontline (DIV-01 = 3) and 2 managers (DIV-01 = 5); b-team: 6 frontline,
    5 managers; c-team: 7 frontline, 5 managers (DIV-01 at most 4); d-team: 2 (withheld, and
    b-team, the smallest, withheld with it as its complement). Everyone writes a distinct
    comment."""
    people = ([("a-team", "frontline", 3)] * 11 + [("a-team", "supervisor_manager", 5)] * 2 +
              [("b-team", "frontline", 2)] * 6 + [("b-team", "supervisor_manager", 4)] * 5 +
              [("c-team", "frontline", 1)] * 7 + [("c-team", "supervisor_manager", 3)] * 5 +
              [("d-team", "frontline", 2)] * 2)
    rows = []
    for i, (team, role, value) in enumerate(people):
        row = {}
        for section in instrument["sections"]:
            for item in section.get("items", []):
                item_id = item["id"]
                if item["type"] == "scale":
                    row[item_id] = str(value if item_id == "DIV-01" else 1 + (i + len(item_id)) % 4)
                elif item_id == "team":
                    row[item_id] = team
                elif item_id == "role":
                    row[item_id] = role
                elif item["type"] == "text":
                    row[item_id] = ("comment %d on %s" % (i, item_id)) if item_id == "FREE-01" else ""
                else:
                    row[item_id] = ""
        rows.append(row)
    return rows


def item_fives(cell, item_id):
    """The count of 5s of an item in a shown breakdown cell, or None."""
    if not cell.get("shown"):
        return None
    for dimension in cell.get("dimensions", []):
        for item in dimension.get("items", []):
            if item.get("item") == item_id and not item.get("suppressed"):
                for value in item["values"]:
                    if value["value"] == 5:
                        return value["count"]
    return None


def item_state(cell, item_id):
    """How an item of a breakdown cell is shown: "shown", a withholding reason, or "no cell"."""
    if not cell or not cell.get("shown"):
        return "cell %s" % (cell or {}).get("reason", "missing")
    for dimension in cell.get("dimensions", []):
        for item in dimension.get("items", []):
            if item.get("item") == item_id:
                return item.get("reason", "withheld") if item.get("suppressed") else "shown"
    return "no item"


def cell_of(report, value):
    for cell in report["breakdown"]["cells"]:
        if cell["value"] == value:
            return cell
    return None


def group_comments(report, value):
    for group in report["questions"][0]["by"]["groups"]:
        if group["value"] == value and isinstance(group["comments"], list):
            return set(group["comments"])
    return set()


def run(binary):
    checks = Checks("anonymity_attacks")
    workdir = temp_dir("tessera-attacks-")
    server = None
    try:
        cli = Cli(binary, os.path.join(workdir, "attacks.db"))
        org = cli.json("org", "create", "--name", "Attack Test Org")["id"]
        for slug in ("a-team", "b-team", "c-team", "d-team"):
            cli.run("teams", "add", "--org", org, slug, "Team " + slug[0].upper())
        campaign = cli.json("campaign", "create", "--org", org, "--instrument",
                            "staff-attitudes@1.1.0", "--title", "Attacked survey",
                            "--threshold", str(K))["id"]
        cli.run("campaign", "open", campaign)
        rows = person_rows(load_instrument("staff-attitudes", "1.1.0"))
        path = os.path.join(workdir, "responses.csv")
        write_csv(path, rows)
        cli.run("import", "responses", "--campaign", campaign, path)
        cli.run("campaign", "close", campaign)
        cli.add_user(org, "manager", "manager@attack.example.org")
        cli.add_user(org, "evaluator", "evaluator@attack.example.org")

        server = Server(binary, cli.db, workdir)
        manager = sign_in(server, "manager@attack.example.org")
        evaluator = sign_in(server, "evaluator@attack.example.org")
        base = "/api/v1/campaigns/%d" % campaign

        def get(path, who=manager):
            return server.request("GET", path, cookies=who.cookies)

        # Zero cells: a-team's DIV-01 (two 5s) beside frontline's (no 5).
        by_team = get(base + "/scores?by=team").json()
        by_role = get(base + "/scores?by=role").json()
        a_fives = item_fives(cell_of(by_team, "a-team"), "DIV-01")
        frontline_fives = item_fives(cell_of(by_role, "frontline"), "DIV-01")
        checks.check(not (a_fives == 2 and frontline_fives == 0),
                     "zero cells: a-team's two 5s and frontline's none are both shown")
        checks.check(a_fives is not None or frontline_fives is not None,
                     "zero cells: one of the two tables is still shown (a-team: %s, frontline: "
                     "%s)" % (item_state(cell_of(by_team, "a-team"), "DIV-01"),
                              item_state(cell_of(by_role, "frontline"), "DIV-01")))

        # Comments of two breakdowns crossed as sets.
        team_comments = get(base + "/comments?by=team&limit=500").json()
        role_comments = get(base + "/comments?by=role&limit=500").json()
        whole = set(team_comments["questions"][0]["comments"] or [])
        lists = [whole]
        for report, values in ((team_comments, ("a-team", "b-team", "c-team", "d-team")),
                               (role_comments, ("frontline", "supervisor_manager"))):
            for value in values:
                lists.append(group_comments(report, value))
        for i, first in enumerate(lists):
            for j, second in enumerate(lists):
                for name, derived in (("minus", first - second), ("and", first & second)):
                    checks.check(not 0 < len(derived) < K,
                                 "comments: list %d %s list %d leaves %d comments"
                                 % (i, name, j, len(derived)))
        shown_teams = [group_comments(team_comments, v) for v in ("a-team", "b-team", "c-team")]
        rest = whole.difference(*shown_teams) if shown_teams else whole
        checks.check(not 0 < len(rest) < K,
                     "comments: the whole list minus the shown teams' leaves %d" % len(rest))

        # The export: no free text beside answers; comments have their own export.
        responses = get(base + "/exports/responses", evaluator)
        checks.equal(responses.status, 200, "responses export")
        header = next(csv.reader(io.StringIO(responses.text)))
        checks.check("FREE-01" not in header and "FREE-02" not in header,
                     "responses export has a free-text column: %r" % header)
        checks.check("comment 0 on FREE-01" not in responses.text,
                     "a comment is on a row of the responses export")
        exported = get(base + "/exports/comments", evaluator)
        checks.equal(exported.status, 200, "comments export")
        comment_rows = list(csv.DictReader(io.StringIO(exported.text)))
        checks.check(len(comment_rows) > 0, "comments export is empty")
        checks.check(all(set(r) == {"campaign", "instrument", "question", "question_text",
                                    "grouping", "group", "group_label", "comment"}
                         for r in comment_rows), "comments export columns")
        exported_lists = {}
        for r in comment_rows:
            exported_lists.setdefault((r["grouping"], r["group"]), set()).add(r["comment"])
        for first in exported_lists.values():
            for second in exported_lists.values():
                checks.check(not 0 < len(first - second) < K,
                             "comments export: two lists differ by %d" % len(first - second))

        # A team added after closing, with the server running.
        before = {path: get(path).text for path in
                  (base + "/scores?by=team", base + "/comments?by=team&limit=500")}
        cli.run("teams", "add", "--org", org, "aaa-added", "Added after closing")
        for path, text in before.items():
            after = get(path)
            checks.equal(after.status, 200, "after a team was added: " + path)
            checks.check(after.text == text, "after a team was added, %s changed" % path)
        page = server.request("GET", "/campaigns/%d/attitudes" % campaign, cookies=manager.cookies)
        checks.equal(page.status, 200, "attitudes page after a team was added")
        for kind in ("scores", "summaries", "responses", "comments"):
            download = get(base + "/exports/" + kind, evaluator)
            checks.equal(download.status, 200, "%s export after a team was added" % kind)
        team_cells = get(base + "/scores?by=team").json()["breakdown"]["cells"]
        checks.check(all(c["value"] != "aaa-added" for c in team_cells),
                     "a team added after closing is a category of the closed campaign")
    finally:
        if server is not None:
            server.stop()
        remove_dir(workdir)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main_wrapper(run))
