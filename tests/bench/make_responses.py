#!/usr/bin/python3
"""Writes N synthetic staff-attitudes@1.1.0 responses as a CSV that `tessera import responses`
reads: one latent trait per respondent and per scale, Likert answers around it, 3% "don't
know", 2% skipped, grouping answers over the given team slugs, a short comment from 5%.

Usage: make_responses.py INSTRUMENT_JSON N OUT_PREFIX --teams a,b,c [--chunk 100000] [--seed 7]
Writes OUT_PREFIX-000.csv, OUT_PREFIX-001.csv, ... (chunks of --chunk rows)."""
import argparse
import json

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("instrument")
    parser.add_argument("n", type=int)
    parser.add_argument("prefix")
    parser.add_argument("--teams", required=True)
    parser.add_argument("--chunk", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    doc = json.load(open(args.instrument))
    scales = {s["id"]: s for s in doc["scales"]}
    items = [item for section in doc["sections"] for item in section["items"]]
    rng = np.random.default_rng(args.seed)
    teams = args.teams.split(",")
    columns = [item["id"] for item in items]
    chunk_index = 0
    for start in range(0, args.n, args.chunk):
        rows = min(args.chunk, args.n - start)
        trait = rng.normal(0.0, 1.0, size=(rows, 1))
        cells = {}
        for item in items:
            kind = item["type"]
            if item.get("grouping") == "team":
                cells[item["id"]] = np.array(teams)[rng.integers(0, len(teams), rows)]
            elif kind == "single_choice":
                values = [v["value"] for v in scales[item["scale"]]["values"]]
                cells[item["id"]] = np.array(values)[rng.integers(0, len(values), rows)]
            elif kind == "scale":
                noise = rng.normal(0.0, 0.9, size=rows)
                value = np.clip(np.rint(3.2 + 0.9 * trait[:, 0] + noise), 1, 5).astype(int)
                text = value.astype(str).astype(object)
                roll = rng.random(rows)
                text[roll < 0.03] = "dk"
                text[(roll >= 0.03) & (roll < 0.05)] = ""
                cells[item["id"]] = text
            elif kind == "text":
                text = np.full(rows, "", dtype=object)
                pick = rng.random(rows) < 0.05
                text[pick] = "We could do more to involve families in planning."
                cells[item["id"]] = text
            else:
                cells[item["id"]] = np.full(rows, "", dtype=object)
        with open(f"{args.prefix}-{chunk_index:03d}.csv", "w", encoding="utf-8") as out:
            out.write(",".join(columns) + "\n")
            matrix = np.column_stack([cells[c].astype(str) for c in columns])
            out.write("\n".join(",".join(row) for row in matrix))
            out.write("\n")
        chunk_index += 1


if __name__ == "__main__":
    main()
