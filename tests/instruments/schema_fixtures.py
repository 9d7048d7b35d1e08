#!/usr/bin/env python3
"""Keeps the instrument JSON Schema in step with the C++ validator, using its fixtures.

Usage:
    schema_fixtures.py [SCHEMA [DATA_DIR]]

SCHEMA defaults to instruments/schema/instrument.schema.json and DATA_DIR to
tests/data/instruments, both relative to the repository this script lives in.

Checks, with check_schema.py's strict JSON loading and draft 2020-12 validator:
  * the base fixture valid/fixture-survey.json passes the schema;
  * every document under catalogues/ passes the schema (their problems are catalogue-level:
    continuity, lock hashes, file paths);
  * every invalid/manifest.json entry with "schema": true is rejected by the schema (a file
    that is not JSON never counts as rejected; a duplicate key does, as in check_schema.py);
  * every entry with "schema": false that is valid JSON is ACCEPTED by the schema, proving
    that the rule is one only the C++ validator can check.
Entries that are not valid JSON at all ("schema": false) are skipped.

Exit status: 0 all checks pass; 1 otherwise; 77 jsonschema (>= 4.0) is unavailable (CTest
treats this as skipped with SKIP_RETURN_CODE 77).
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import check_schema  # noqa: E402  (the sibling script; its main() is not run on import)

SKIP = check_schema.SKIP


def main(argv):
    schema_path = (Path(argv[1]) if len(argv) > 1
                   else ROOT / "instruments" / "schema" / "instrument.schema.json")
    data_dir = Path(argv[2]) if len(argv) > 2 else ROOT / "tests/data/instruments"

    try:
        import jsonschema
        from jsonschema import Draft202012Validator
    except ImportError as exc:
        print("schema_fixtures.py: jsonschema >= 4.0 with draft 2020-12 support is not available "
              "(%s); skipping" % exc)
        return SKIP

    schema = check_schema.load_json(schema_path)
    try:
        Draft202012Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as exc:
        print("%s: schema is not valid draft 2020-12: %s" % (schema_path, exc.message))
        return 1
    validator = Draft202012Validator(schema)

    def schema_errors(path):
        """(loaded, errors): loaded is False when the file is not JSON at all."""
        try:
            instance = check_schema.load_json(path)
        except check_schema.DuplicateKeyError as exc:
            return True, [str(exc)]
        except ValueError:
            return False, []
        errors = sorted(validator.iter_errors(instance), key=check_schema._path_key)
        return True, ["%s: %s" % (check_schema.pointer(e.absolute_path), check_schema.message(e))
                      for e in errors]

    failures = []
    checked = 0

    must_pass = [data_dir / "valid" / "fixture-survey.json"]
    must_pass += sorted((data_dir / "catalogues").glob("*/catalogue/**/*.json"))
    for path in must_pass:
        loaded, errors = schema_errors(path)
        checked += 1
        if not loaded or errors:
            failures.append("%s: must pass the schema but: %s"
                            % (path, "; ".join(errors) or "is not valid JSON"))

    manifest = check_schema.load_json(data_dir / "invalid" / "manifest.json")
    listed = set()
    skipped = 0
    for entry in manifest:
        path = data_dir / "invalid" / entry["file"]
        listed.add(entry["file"])
        loaded, errors = schema_errors(path)
        if entry["schema"]:
            checked += 1
            if not loaded:
                failures.append("%s (%s): marked schema-detectable but is not valid JSON"
                                % (path, entry["rule"]))
            elif not errors:
                failures.append("%s (%s): the schema accepts it, but it is marked "
                                "schema-detectable (C++: %s: %s)"
                                % (path, entry["rule"], entry["pointer"], entry["message"]))
        elif not loaded:
            skipped += 1
        else:
            checked += 1
            if errors:
                failures.append("%s (%s): marked C++-only, but the schema rejects it: %s"
                                % (path, entry["rule"], "; ".join(errors)))

    on_disk = {p.name for p in (data_dir / "invalid").glob("*.json")} - {"manifest.json"}
    for file in sorted(on_disk - listed):
        failures.append("%s: not listed in manifest.json" % (data_dir / "invalid" / file))
    for file in sorted(listed - on_disk):
        failures.append("%s: listed in manifest.json but missing" % (data_dir / "invalid" / file))

    for failure in failures:
        print(failure)
    print("schema_fixtures.py: %d documents checked, %d skipped (not JSON), %d failure(s)"
          % (checked, skipped, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
