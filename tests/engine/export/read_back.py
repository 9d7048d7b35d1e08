#!/usr/bin/python3
"""Reads every export of a fresh demo database back with Python's csv module and pandas and
compares it to what the store says through the CLI: row counts, column names, figures,
neutralised text cells and numbers that parse as numbers.

Usage: read_back.py TESSERA_BINARY. Exit 0 on success, 1 on a mismatch, 77 when pandas is missing.
"""
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile

try:
    import pandas as pd
except ImportError:  # pragma: no cover
    print("pandas is not installed; skipping")
    sys.exit(77)

KINDS = ["responses", "scores", "summaries", "codebook"]
FORMULA_STARTS = ("=", "+", "-", "@", "|", "%",
                  "\uff1d", "\uff0b", "\uff0d", "\uff20", "\uff5c", "\uff05")


def starts_like_formula(cell):
    """As CsvWriter::NeedsNeutralising: tab, CR or LF first, or a formula start after leading
    spaces and control characters."""
    if cell.startswith(("\t", "\r", "\n")):
        return True
    rest = cell.lstrip(" \u00a0\u3000" + "".join(map(chr, [*range(0x20), *range(0x7f, 0xa0)])))
    return rest.startswith(FORMULA_STARTS)
CAMPAIGNS = [1, 2, 3, 4]  # the demo's closed campaigns
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(binary, *args):
    result = subprocess.run([binary, *args], capture_output=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr.decode()}")
    return result.stdout


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "demo.db")
        run(binary, "demo", "--db", db)
        for campaign in CAMPAIGNS:
            info = json.loads(run(binary, "campaign", "show", str(campaign), "--db", db, "--json"))
            scores = json.loads(run(binary, "score", "--campaign", str(campaign), "--db", db,
                                    "--json"))
            files = {}
            for kind in KINDS:
                path = os.path.join(tmp, f"{campaign}-{kind}.csv")
                run(binary, "export", kind, "--campaign", str(campaign), "--out", path, "--db", db)
                files[kind] = path
            check_campaign(campaign, info, scores, files)
    for failure in failures:
        print("FAIL:", failure)
    print(f"read_back.py: {len(failures)} failure(s)")
    return 1 if failures else 0


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        raw = handle.read()
    check(raw.endswith("\r\n"), f"{path}: does not end with CRLF")
    return list(csv.reader(io.StringIO(raw)))


def check_text_cells(name, rows, numeric_columns):
    header = rows[0]
    for row in rows[1:]:
        check(len(row) == len(header), f"{name}: a row has {len(row)} cells, header {len(header)}")
        for column, cell in zip(header, row):
            if column in numeric_columns:
                check(cell == "" or is_number(cell), f"{name}: {column}={cell!r} is not a number")
            elif starts_like_formula(cell):
                check(False, f"{name}: text cell {column}={cell!r} starts like a formula")


def check_campaign(campaign, info, scores, files):
    name = f"campaign {campaign}"
    codebook = read_rows(files["codebook"])
    check(codebook[0][0] == "item_id", f"{name}: codebook's first column is {codebook[0][0]}")
    types = {row[0]: row[1] for row in codebook[1:]}
    in_export = {row[0]: row[codebook[0].index("responses_export")] for row in codebook[1:]}
    check(in_export.get("submitted_on") == "omitted", f"{name}: submitted_on not omitted")
    check_text_cells(name + " codebook", codebook, set())

    # responses: one row per stored response, columns the codebook lists as exported.
    responses = read_rows(files["responses"])
    header = responses[0]
    check(len(responses) - 1 == info["responses"],
          f"{name}: {len(responses) - 1} response rows, store has {info['responses']}")
    check(header[:3] == ["response_id", "campaign", "instrument"], f"{name}: header {header[:3]}")
    check("submitted_on" not in header, f"{name}: submitted_on exported")
    for column in header:
        check(column in types, f"{name}: column {column} not in the codebook")
        check(in_export.get(column) in ("included", "merged"),
              f"{name}: column {column} is {in_export.get(column)} in the codebook")
    for item, state in in_export.items():
        if state in ("included", "merged"):
            check(item in header, f"{name}: codebook says {item} is exported but it is not")
    numeric = {"response_id", "campaign"} | {c for c in header if types.get(c) == "number"}
    check_text_cells(name + " responses", responses, numeric)
    for row in responses[1:]:
        check(row[1] == str(campaign) and row[2] == info["instrument"], f"{name}: metadata {row[:3]}")
        for column, cell in zip(header, row):
            if types.get(column) == "scale" and cell:
                check(cell.lstrip("-").isdigit() or cell.isalpha(),
                      f"{name}: scale cell {column}={cell!r}")
    frame = pd.read_csv(files["responses"], keep_default_na=False, dtype=str)
    check(list(frame.columns) == header, f"{name}: pandas columns differ")
    check(len(frame) == info["responses"], f"{name}: pandas reads {len(frame)} rows")
    numeric_frame = pd.read_csv(files["responses"])
    check(pd.api.types.is_integer_dtype(numeric_frame["response_id"]),
          f"{name}: response_id is not read as integers")

    # scores: the whole campaign's rows equal `tessera score --json`.
    score_rows = read_rows(files["scores"])
    score_numeric = {"campaign", "n", "excluded", "mean", "sd", "se", "ci_lower", "ci_upper",
                     "index"}
    check_text_cells(name + " scores", score_rows, score_numeric)
    frame = pd.read_csv(files["scores"], float_precision="round_trip")
    for column in ("n", "mean", "sd", "se", "ci_lower", "ci_upper", "index"):
        check(pd.api.types.is_numeric_dtype(frame[column]), f"{name}: scores {column} not numeric")
    check(frame["suppressed"].dtype == bool, f"{name}: suppressed is {frame['suppressed'].dtype}")
    whole = frame[frame["grouping"].isna()]
    dims = {d["dimension"]: d for d in scores["dimensions"]}
    check(len(whole) == len(dims), f"{name}: {len(whole)} whole-campaign rows, {len(dims)} dims")
    for _, row in whole.iterrows():
        d = dims[row["id"]]
        if d.get("suppressed"):
            check(bool(row["suppressed"]) and math.isnan(row["mean"]), f"{name}: {row['id']}")
            continue
        check(row["n"] == d["n"], f"{name}: {row['id']} n {row['n']} != {d['n']}")
        check(row["mean"] == d["mean"], f"{name}: {row['id']} mean {row['mean']} != {d['mean']}")
        check(row["ci_upper"] == d["ci"]["upper"], f"{name}: {row['id']} ci_upper differs")
        check(row["level"] == d["band"]["name"], f"{name}: {row['id']} level differs")
    withheld = frame[frame["suppressed"]]
    for column in ("n", "mean", "sd", "index"):
        check(withheld[column].isna().all(), f"{name}: a suppressed score row has {column}")

    # summaries: distribution columns are numbers and the whole-campaign counts agree.
    summary_rows = read_rows(files["summaries"])
    summary_header = summary_rows[0]
    summary_numeric = {c for c in summary_header if c.startswith("count_")} | {
        "campaign", "n", "missing", "mean", "sd", "favourable", "neutral", "unfavourable",
        "favourable_share", "neutral_share", "unfavourable_share"}
    check_text_cells(name + " summaries", summary_rows, summary_numeric)
    frame = pd.read_csv(files["summaries"], float_precision="round_trip")
    for column in summary_numeric - {"campaign"}:
        check(pd.api.types.is_numeric_dtype(frame[column]), f"{name}: summaries {column}")
    whole = frame[frame["grouping"].isna()].set_index("item_id")
    for d in scores["dimensions"]:
        for item in d.get("items", []):
            if item.get("suppressed"):
                continue
            row = whole.loc[item["item"]]
            check(row["n"] == item["n"], f"{name}: summaries n of {item['item']}")
            for value in item["values"]:
                check(row[f"count_{value['value']}"] == value["count"],
                      f"{name}: count_{value['value']} of {item['item']}")
            for code in item["codes"]:
                check(row[f"count_{code['code']}"] == code["count"],
                      f"{name}: count_{code['code']} of {item['item']}")
    # codebook through pandas: the item ids, in the first column.
    frame = pd.read_csv(files["codebook"], keep_default_na=False)
    check(frame.columns[0] == "item_id", f"{name}: pandas codebook first column")
    check(list(frame["item_id"]) == [row[0] for row in codebook[1:]], f"{name}: codebook ids")


if __name__ == "__main__":
    sys.exit(main())
