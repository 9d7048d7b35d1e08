#!/usr/bin/env python3
"""Validate Tessera instrument documents against the instrument JSON Schema.

Usage:
    check_schema.py SCHEMA DOC... [--expect-invalid]

The schema is first checked against the draft 2020-12 meta-schema, then every
DOC is validated with jsonschema.Draft202012Validator.  Each error is printed
as ``FILE: /json/pointer: message`` (RFC 6901 pointer; the document root is the
empty pointer).

Exit status:
    0   every DOC is valid (with --expect-invalid: every DOC is invalid)
    1   otherwise, or the schema itself is broken, or a DOC cannot be read or
        parsed as JSON (a broken fixture never counts as "expected invalid")
    77  the jsonschema module (>= 4.0) is unavailable; CTest treats this as
        skipped when the test sets SKIP_RETURN_CODE 77
"""

import argparse
import json
import sys

SKIP = 77


class DuplicateKeyError(ValueError):
    pass


def pointer(path):
    """RFC 6901 JSON pointer for a sequence of keys / indices."""
    return "".join(
        "/" + str(part).replace("~", "~0").replace("/", "~1") for part in path
    )


def _object_pairs(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise DuplicateKeyError("duplicate key %s in a JSON object" % json.dumps(key))
        obj[key] = value
    return obj


def _reject_constant(name):
    raise ValueError("%s is not valid JSON" % name)


def load_json(path):
    """Strict JSON load: no NaN/Infinity, no duplicate keys (the raises propagate)."""
    with open(path, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=_object_pairs, parse_constant=_reject_constant)


def _path_key(error):
    # Sort errors by document position; integers (array indices) before strings.
    return [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in error.absolute_path]


def _shorten(text, limit=300):
    return text if len(text) <= limit else text[: limit - 3] + "..."


def message(error):
    # A `false` subschema is how the schema forbids a field for an item type or
    # scale kind; jsonschema's own wording ("False schema does not allow ...")
    # hides which field is meant, so name it.
    if error.validator is None and error.absolute_path and isinstance(error.absolute_path[-1], str):
        return "%r is not allowed here (given %s)" % (
            error.absolute_path[-1],
            _shorten(json.dumps(error.instance, ensure_ascii=False), 80),
        )
    return _shorten(error.message)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Validate instrument documents against the instrument JSON Schema."
    )
    parser.add_argument("schema", metavar="SCHEMA")
    parser.add_argument("docs", metavar="DOC", nargs="+")
    parser.add_argument(
        "--expect-invalid",
        action="store_true",
        help="succeed only if every DOC is invalid (for negative test fixtures)",
    )
    args = parser.parse_args(argv)

    try:
        import jsonschema
        from jsonschema import Draft202012Validator
    except ImportError as exc:
        print("check_schema.py: jsonschema >= 4.0 with draft 2020-12 support is not available (%s); skipping" % exc)
        return SKIP

    try:
        schema = load_json(args.schema)
    except (OSError, ValueError) as exc:
        print("%s: cannot load schema: %s" % (args.schema, exc))
        return 1
    try:
        Draft202012Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as exc:
        print("%s: %s: schema is not valid draft 2020-12: %s"
              % (args.schema, pointer(exc.absolute_path), exc.message))
        return 1
    validator = Draft202012Validator(schema)

    ok = True
    for doc in args.docs:
        try:
            instance = load_json(doc)
        except DuplicateKeyError as exc:
            # Readable JSON, but ambiguous: an invalid document, not a broken fixture.
            print("%s: %s" % (doc, exc))
            invalid = True
        except (OSError, ValueError) as exc:
            print("%s: cannot load document: %s" % (doc, exc))
            ok = False
            continue
        else:
            errors = sorted(validator.iter_errors(instance), key=_path_key)
            # Two schema rules can reject the same field for the same reason
            # (e.g. `dimension` on a grouping single_choice item): print once.
            lines = []
            for error in errors:
                line = "%s: %s: %s" % (doc, pointer(error.absolute_path), message(error))
                if line not in lines:
                    lines.append(line)
            for line in lines:
                print(line)
            invalid = bool(errors)

        if args.expect_invalid:
            if not invalid:
                print("%s: unexpectedly valid (expected at least one schema error)" % doc)
                ok = False
        elif invalid:
            ok = False

    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
