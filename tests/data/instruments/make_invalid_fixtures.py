#!/usr/bin/env python3
"""Generates the instrument validator fixtures from the valid base document.

Usage (from anywhere; paths are relative to this file):
    /usr/bin/python3 tests/data/instruments/make_invalid_fixtures.py

Reads valid/fixture-survey.json and writes
  invalid/<rule>.json     the base with one small patch that breaks one rule (2-space indent),
                          or raw text for the loader's rules (not JSON, duplicate keys);
  invalid/manifest.json   one entry per fixture: the file, the rule in plain words, the JSON
                          pointer and a distinctive fragment of the diagnostic the C++ validator
                          must report, and whether the JSON Schema alone must reject it;
  catalogues/<case>/      catalogue folders (catalogue/<id>/<version>.json, catalogue.lock) for
                          the catalogue-level rules: continuity, lock hashes, file paths.
Both output folders are rewritten from scratch, so the generated files are always in step with
this script. Commit them together with any change here.

The lock hash is "sha256:" + SHA-256 of the canonical JSON, which for these documents equals
json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False) in UTF-8. That
equality was checked against `tessera instruments list --json`; it breaks for floats of
magnitude 1e13 and above (nlohmann::json writes e.g. 1e+15 where Python writes
1000000000000000.0, and may pick a different last digit), so fixtures use small numbers only.
"""

import copy
import hashlib
import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE_FILE = HERE / "valid" / "fixture-survey.json"
INVALID_DIR = HERE / "invalid"
CATALOGUES_DIR = HERE / "catalogues"


# --- tiny JSON-pointer patching ----------------------------------------------------------------


def _tokens(pointer):
    if pointer == "":
        return []
    assert pointer.startswith("/"), pointer
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def _parent(doc, pointer):
    tokens = _tokens(pointer)
    node = doc
    for token in tokens[:-1]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node, tokens[-1]


def replace(pointer, value):
    def op(doc):
        if pointer == "":
            return copy.deepcopy(value)
        node, key = _parent(doc, pointer)
        if isinstance(node, list):
            node[int(key)] = copy.deepcopy(value)
        else:
            assert key in node, "replace: %s is absent" % pointer
            node[key] = copy.deepcopy(value)
        return doc

    return op


def add(pointer, value):
    """Adds an object member (must be absent) or appends ("-") / inserts into an array."""

    def op(doc):
        node, key = _parent(doc, pointer)
        if isinstance(node, list):
            if key == "-":
                node.append(copy.deepcopy(value))
            else:
                node.insert(int(key), copy.deepcopy(value))
        else:
            assert key not in node, "add: %s is already present" % pointer
            node[key] = copy.deepcopy(value)
        return doc

    return op


def remove(pointer):
    def op(doc):
        node, key = _parent(doc, pointer)
        if isinstance(node, list):
            del node[int(key)]
        else:
            del node[key]
        return doc

    return op


def get(doc, pointer):
    node = doc
    for token in _tokens(pointer):
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def patched(base, *ops):
    doc = copy.deepcopy(base)
    for op in ops:
        doc = op(doc)
    return doc


def dump(doc):
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def content_hash(doc):
    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- pointers into the base document -----------------------------------------------------------
# sources/0 seed 002; scales/0 agree5, /1 roles, /2 teams; dimensions/0 openness, /1 support;
# sections/0 "about": items/0 TEAM, /1 ROLE; sections/1 "main": items/0 OPN-01, /1 OPN-02
# (reverse), /2 SUP-01, /3 SUP-02 (codes ["dk"]), /4 CMT-01 (text), /5 YRS-01 (number);
# scoring/bands/0 low [1, 2.5), /1 mid [2.5, 4), /2 high [4, 5].
TEAM = "/sections/0/items/0"
ROLE = "/sections/0/items/1"
OPN1 = "/sections/1/items/0"
OPN2 = "/sections/1/items/1"
SUP1 = "/sections/1/items/2"
SUP2 = "/sections/1/items/3"
CMT1 = "/sections/1/items/4"
YRS1 = "/sections/1/items/5"
AGREE5 = "/scales/0"
ROLES = "/scales/1"
TEAMS = "/scales/2"
BANDS = "/scoring/bands"

SCORED_ITEMS = [OPN1, OPN2, SUP1, SUP2]


def structural_cases(base):
    """Rules of document_parser.cc: shapes, types, patterns, enums, bounds. Schema rejects all."""
    agree5 = get(base, AGREE5)
    source = get(base, "/sources/0")
    cases = [
        # Whole document and top-level fields.
        ("document-not-object", "the document is not a JSON object", "",
         "must be an object", [replace("", [])]),
        ("missing-required-field", "a required top-level field is missing", "",
         'missing required field "title"', [remove("/title")]),
        ("missing-scoring", "the scoring model is missing", "",
         'missing required field "scoring"', [remove("/scoring")]),
        ("unknown-field", "an unknown (misspelt) top-level field", "/titel",
         'unknown field "titel"', [add("/titel", "Fixture survey")]),
        ("format-not-1", "format is not 1", "/format",
         "must be 1 (the only format this version of Tessera reads)", [replace("/format", 2)]),
        ("format-string", "format is the string \"1\", not the number 1", "/format",
         "must be 1 (the only format", [replace("/format", "1")]),
        ("id-pattern", "instrument id does not match ^[a-z][a-z0-9-]{1,62}$", "/id",
         '"Fixture_Survey" does not match ^[a-z][a-z0-9-]{1,62}$',
         [replace("/id", "Fixture_Survey")]),
        ("id-too-short", "instrument id of one character", "/id",
         '"f" does not match ^[a-z][a-z0-9-]{1,62}$', [replace("/id", "f")]),
        ("version-pattern", "version is not MAJOR.MINOR.PATCH", "/version",
         '"1.0" does not match MAJOR.MINOR.PATCH, digits only', [replace("/version", "1.0")]),
        ("version-leading-zero", "version component with a leading zero", "/version",
         '"1.01.0" does not match MAJOR.MINOR.PATCH', [replace("/version", "1.01.0")]),
        ("language-pattern", "language is not a BCP 47 tag like en-GB", "/language",
         '"en_GB" does not match ^[a-z]{2,3}(-[A-Z]{2})?$', [replace("/language", "en_GB")]),
        ("title-empty", "empty string where text is required", "/title",
         "must not be empty", [replace("/title", "")]),
        ("title-not-string", "a number where a string is required", "/title",
         "must be a string", [replace("/title", 5)]),
        ("changes-empty", "optional `changes` given as an empty string", "/changes",
         "must not be empty", [add("/changes", "")]),
        ("audience-unknown", "audience entry not in the enumeration", "/audience/1",
         '"donors" is not one of: staff, volunteers, managers, board, partners',
         [replace("/audience", ["staff", "donors"])]),
        ("audience-empty", "empty audience", "/audience", "must have at least 1 entry",
         [replace("/audience", [])]),
        ("audience-duplicate", "audience entry listed twice", "/audience/1",
         '"staff" is listed twice', [replace("/audience", ["staff", "staff"])]),
        ("audience-not-array", "audience is a string, not an array", "/audience",
         "must be an array", [replace("/audience", "staff")]),
        # Sources.
        ("sources-empty", "no sources", "/sources", "must have at least 1 entry",
         [replace("/sources", [])]),
        ("source-not-object", "a source that is not an object", "/sources/0",
         "must be an object", [replace("/sources/0", "002")]),
        ("source-missing-field", "a source without `file`", "/sources/0",
         'missing required field "file"', [remove("/sources/0/file")]),
        ("seed-pattern", "seed is not three digits", "/sources/1/seed",
         '"17" does not match ^[0-9]{3}$', [add("/sources/-", dict(source, seed="17"))]),
        ("source-sections-empty", "a source with no sections", "/sources/0/sections",
         "must have at least 1 entry", [replace("/sources/0/sections", [])]),
        ("source-sections-duplicate", "a source section listed twice", "/sources/0/sections/1",
         '"§6.1" is listed twice', [replace("/sources/0/sections", ["§6.1", "§6.1"])]),
        # Scales.
        ("scales-empty", "no scales", "/scales", "must have at least 1 entry",
         [replace("/scales", [])]),
        ("scale-id-pattern", "scale id does not match ^[a-z][a-z0-9_-]*$", "/scales/3/id",
         '"Agree_5" does not match ^[a-z][a-z0-9_-]*$',
         [add("/scales/-", dict(agree5, id="Agree_5"))]),
        ("scale-kind-unknown", "scale kind not ordinal or nominal", AGREE5 + "/kind",
         "must be one of: ordinal, nominal", [replace(AGREE5 + "/kind", "interval")]),
        ("scale-values-missing", "nominal scale with neither values nor values_from", ROLES,
         'missing required field "values"', [remove(ROLES + "/values")]),
        ("scale-too-few-values", "scale with a single value", ROLES + "/values",
         "must have at least 2 entries",
         [replace(ROLES + "/values", [{"value": "frontline", "label": "Frontline staff"}])]),
        ("scale-value-missing-label", "scale value without a label", AGREE5 + "/values/0",
         'missing required field "label"', [remove(AGREE5 + "/values/0/label")]),
        ("ordinal-value-string", "ordinal scale value given as a string",
         AGREE5 + "/values/0/value", "must be an integer",
         [replace(AGREE5 + "/values/0/value", "1")]),
        ("ordinal-value-fraction", "ordinal scale value with a fraction",
         AGREE5 + "/values/1/value", "must be an integer",
         [replace(AGREE5 + "/values/1/value", 1.5)]),
        ("ordinal-value-out-of-range", "ordinal value beyond +-1000000", "/scales/3/values/1/value",
         "must be between -1000000 and 1000000",
         [add("/scales/-", {"id": "big", "kind": "ordinal",
                            "values": [{"value": 1, "label": "One"},
                                       {"value": 2000000, "label": "Two million"}]})]),
        ("nominal-value-pattern", "nominal value does not match ^[a-z0-9_-]+$",
         ROLES + "/values/0/value", '"Front line" does not match ^[a-z0-9_-]+$',
         [replace(ROLES + "/values/0/value", "Front line")]),
        ("nominal-value-not-string", "nominal value given as a number", ROLES + "/values/0/value",
         "must be a string", [replace(ROLES + "/values/0/value", 1)]),
        ("values-and-values-from", "scale with both values and values_from", TEAMS,
         'give either "values" or "values_from", not both',
         [add(TEAMS + "/values", [{"value": "north", "label": "North"},
                                  {"value": "south", "label": "South"}])]),
        ("values-from-on-ordinal", "values_from on an ordinal scale", AGREE5 + "/values_from",
         "only a nominal scale may take its values from elsewhere",
         [add(AGREE5 + "/values_from", "organisation.teams")]),
        ("values-from-unknown", "values_from other than organisation.teams", TEAMS + "/values_from",
         "must be one of: organisation.teams",
         [replace(TEAMS + "/values_from", "organisation.roles")]),
        ("scale-codes-empty", "scale with an empty codes list", AGREE5 + "/codes",
         "must have at least 1 entry", [replace(AGREE5 + "/codes", []), remove(SUP2 + "/codes")]),
        ("code-pattern", "scale code does not match ^[a-z][a-z0-9_]*$", AGREE5 + "/codes/0/code",
         '"DK" does not match ^[a-z][a-z0-9_]*$',
         [replace(AGREE5 + "/codes/0/code", "DK"), remove(SUP2 + "/codes")]),
        ("code-meaning", "code meaning not in the enumeration", AGREE5 + "/codes/0/meaning",
         "must be one of: dont_know, not_applicable, prefer_not_to_say",
         [replace(AGREE5 + "/codes/0/meaning", "unsure")]),
        ("code-missing-label", "scale code without a label", AGREE5 + "/codes/0",
         'missing required field "label"', [remove(AGREE5 + "/codes/0/label")]),
        # Dimensions.
        ("dimensions-empty", "no dimensions", "/dimensions", "must have at least 1 entry",
         [replace("/dimensions", [])] + [remove(p + "/dimension") for p in SCORED_ITEMS]),
        ("dimension-id-pattern", "dimension id does not match ^[a-z][a-z0-9_-]*$",
         "/dimensions/1/id", '"Support" does not match ^[a-z][a-z0-9_-]*$',
         [replace("/dimensions/1/id", "Support")]),
        ("dimension-kind", "dimension kind not domain or scale", "/dimensions/0/kind",
         "must be one of: domain, scale", [replace("/dimensions/0/kind", "attitude")]),
        ("dimension-citation", "dimension source is not a citation", "/dimensions/0/source",
         '"§6.1" does not match "NNN §section"', [replace("/dimensions/0/source", "§6.1")]),
        ("dimension-next-steps-not-object", "dimension next_steps is not an object",
         "/dimensions/0/next_steps", "must be an object mapping band ids to lists of steps",
         [replace("/dimensions/0/next_steps", ["Talk to partners."])]),
        ("dimension-next-steps-empty-list", "dimension next_steps with an empty list for a band",
         "/dimensions/0/next_steps/low", "must have at least 1 entry",
         [replace("/dimensions/0/next_steps/low", [])]),
        ("dimension-next-steps-empty-step", "dimension next step that is an empty string",
         "/dimensions/0/next_steps/low/0", "must be a non-empty string",
         [replace("/dimensions/0/next_steps/low", [""])]),
        ("dimension-next-steps-key-pattern", "dimension next_steps keyed by a string that "
         "cannot be a band id (the C++ reports it as an unknown band)",
         "/dimensions/0/next_steps/Low",
         'names band "Low", which is not defined in /scoring/bands',
         [add("/dimensions/0/next_steps/Low", ["Talk to partners."])]),
        # Sections.
        ("sections-empty", "no sections", "/sections", "must have at least 1 entry",
         [replace("/sections", [])]),
        ("section-items-empty", "a section without items", "/sections/0/items",
         "must have at least 1 entry", [replace("/sections/0/items", [])]),
        ("section-id-pattern", "section id does not match ^[a-z][a-z0-9_-]*$", "/sections/1/id",
         '"Main page" does not match ^[a-z][a-z0-9_-]*$', [replace("/sections/1/id", "Main page")]),
        ("section-intro-empty", "optional section intro given as an empty string",
         "/sections/0/intro", "must not be empty", [replace("/sections/0/intro", "")]),
        ("section-missing-title", "a section without a title", "/sections/1",
         'missing required field "title"', [remove("/sections/1/title")]),
        # Items: fields every item has.
        ("item-not-object", "an item that is not an object", CMT1, "must be an object",
         [replace(CMT1, "CMT-01")]),
        ("item-missing-required", "an item without `required`", OPN1,
         'missing required field "required"', [remove(OPN1 + "/required")]),
        ("item-missing-source", "an item without `source`", OPN1,
         'missing required field "source"', [remove(OPN1 + "/source")]),
        ("item-unknown-field", "an unknown field on an item", OPN1 + "/weight",
         'unknown field "weight"', [add(OPN1 + "/weight", 2)]),
        ("item-id-pattern", "item id does not start with a letter", CMT1 + "/id",
         '"1-comment" does not match ^[A-Za-z][A-Za-z0-9_-]{0,39}$',
         [replace(CMT1 + "/id", "1-comment")]),
        ("item-id-too-long", "item id of 41 characters", CMT1 + "/id",
         "does not match ^[A-Za-z][A-Za-z0-9_-]{0,39}$", [replace(CMT1 + "/id", "C" + "x" * 40)]),
        ("item-type-unknown", "item type not in the enumeration", CMT1 + "/type",
         "must be one of: scale, single_choice, multiple_choice, text, number",
         [replace(CMT1 + "/type", "essay")]),
        ("item-text-empty", "item text is empty", OPN1 + "/text", "must not be empty",
         [replace(OPN1 + "/text", "")]),
        ("item-help-empty", "optional item help given as an empty string", OPN2 + "/help",
         "must not be empty", [replace(OPN2 + "/help", "")]),
        ("item-required-not-bool", "item `required` is not a boolean", OPN1 + "/required",
         "must be true or false", [replace(OPN1 + "/required", "yes")]),
        ("item-citation", "item source is not a citation 'NNN §section'", OPN1 + "/source",
         '"002 6.1" does not match "NNN §section"', [replace(OPN1 + "/source", "002 6.1")]),
        ("item-citation-multiline", "item citation that runs over two lines", OPN1 + "/source",
         'does not match "NNN §section"',
         [replace(OPN1 + "/source", "002 §6.1\nsee also §6.5")]),
        ("item-scale-pattern", "item `scale` reference does not match ^[a-z][a-z0-9_-]*$",
         OPN1 + "/scale", '"Agree 5" does not match ^[a-z][a-z0-9_-]*$',
         [replace(OPN1 + "/scale", "Agree 5")]),
        ("item-dimension-pattern", "item `dimension` reference does not match ^[a-z][a-z0-9_-]*$",
         OPN1 + "/dimension", '"Openness" does not match ^[a-z][a-z0-9_-]*$',
         [replace(OPN1 + "/dimension", "Openness")]),
        # Items: which fields go with which type.
        ("scale-missing-on-scale-item", "scale item without `scale`", OPN1,
         'missing required field "scale"', [remove(OPN1 + "/scale")]),
        ("scale-missing-on-choice-item", "single_choice item without `scale`", ROLE,
         'missing required field "scale"', [remove(ROLE + "/scale")]),
        ("scale-on-text-item", "`scale` on a text item", CMT1 + "/scale",
         '"scale" is only allowed on scale and choice items, not on text',
         [add(CMT1 + "/scale", "agree5")]),
        ("codes-on-number-item", "`codes` on a number item", YRS1 + "/codes",
         '"codes" is only allowed on scale and choice items, not on number',
         [add(YRS1 + "/codes", ["dk"])]),
        ("reverse-on-choice-item", "`reverse` on a single_choice item", ROLE + "/reverse",
         '"reverse" is only allowed on scale items, not on single_choice',
         [add(ROLE + "/reverse", False)]),
        ("dimension-on-text-item", "`dimension` on a text item", CMT1 + "/dimension",
         '"dimension" is only allowed on scale items, not on text',
         [add(CMT1 + "/dimension", "openness")]),
        ("grouping-on-scale-item", "`grouping` on a scale item", OPN1 + "/grouping",
         '"grouping" is only allowed on single_choice items, not on scale',
         [add(OPN1 + "/grouping", "team")]),
        ("grouping-on-multiple-choice", "`grouping` on a multiple_choice item", ROLE + "/grouping",
         '"grouping" is only allowed on single_choice items, not on multiple_choice',
         [replace(ROLE + "/type", "multiple_choice")]),
        ("grouping-unknown", "grouping not in the enumeration", ROLE + "/grouping",
         "must be one of: team, role, tenure, rater, side, identity",
         [replace(ROLE + "/grouping", "department")]),
        ("grouping-required", "a grouping question marked required", TEAM + "/required",
         "a grouping question must not be required", [replace(TEAM + "/required", True)]),
        ("max-length-on-number", "`max_length` on a number item", YRS1 + "/max_length",
         '"max_length" is only allowed on text items, not on number',
         [add(YRS1 + "/max_length", 10)]),
        ("min-on-text-item", "`min` on a text item", CMT1 + "/min",
         '"min" is only allowed on number items, not on text', [add(CMT1 + "/min", 0)]),
        ("max-on-scale-item", "`max` on a scale item", OPN1 + "/max",
         '"max" is only allowed on number items, not on scale', [add(OPN1 + "/max", 5)]),
        ("max-length-zero", "max_length below 1", CMT1 + "/max_length",
         "must be between 1 and 2000", [replace(CMT1 + "/max_length", 0)]),
        ("max-length-too-large", "max_length above 2000", CMT1 + "/max_length",
         "must be between 1 and 2000", [replace(CMT1 + "/max_length", 2001)]),
        ("max-length-not-integer", "max_length given as a string", CMT1 + "/max_length",
         "must be an integer", [replace(CMT1 + "/max_length", "500")]),
        ("max-length-fraction", "max_length with a fraction", CMT1 + "/max_length",
         "must be an integer", [replace(CMT1 + "/max_length", 500.5)]),
        ("number-min-not-number", "number item min given as a string", YRS1 + "/min",
         "must be a number", [replace(YRS1 + "/min", "0")]),
        ("item-codes-not-array", "item `codes` is a string, not an array", SUP2 + "/codes",
         "must be an array of code ids", [replace(SUP2 + "/codes", "dk")]),
        ("item-codes-entry-not-string", "item `codes` entry is not a string", SUP2 + "/codes/0",
         "must be a string", [replace(SUP2 + "/codes", [1])]),
        ("item-codes-duplicate", "item `codes` lists a code twice", SUP2 + "/codes/1",
         '"dk" is listed twice', [replace(SUP2 + "/codes", ["dk", "dk"])]),
        ("item-code-pattern", "item code does not match the code pattern (so no scale has it)",
         SUP2 + "/codes/0", 'scale "agree5" has no code "DK"', [replace(SUP2 + "/codes", ["DK"])]),
        # Items: continues.
        ("continues-not-object", "`continues` is not an object", OPN1 + "/continues",
         "must be an object", [add(OPN1 + "/continues", "0.9.0/OPN-01")]),
        ("continues-bad-version", "`continues.version` is not MAJOR.MINOR.PATCH",
         OPN1 + "/continues/version", '"0.9" does not match MAJOR.MINOR.PATCH',
         [add(OPN1 + "/continues", {"version": "0.9", "item": "OPN-01"})]),
        ("continues-bad-item", "`continues.item` is not an item id", OPN1 + "/continues/item",
         '"OPN 01" does not match ^[A-Za-z][A-Za-z0-9_-]{0,39}$',
         [add(OPN1 + "/continues", {"version": "0.9.0", "item": "OPN 01"})]),
        ("continues-missing-item", "`continues` without `item`", OPN1 + "/continues",
         'missing required field "item"', [add(OPN1 + "/continues", {"version": "0.9.0"})]),
        ("continues-unknown-field", "`continues` with an unknown field",
         OPN1 + "/continues/instrument", 'unknown field "instrument"',
         [add(OPN1 + "/continues",
              {"version": "0.9.0", "item": "OPN-01", "instrument": "fixture-survey"})]),
        # Scoring.
        ("scoring-not-object", "scoring is not an object", "/scoring", "must be an object",
         [replace("/scoring", [])]),
        ("method-unknown", "scoring method not mean_of_answered", "/scoring/method",
         "must be one of: mean_of_answered", [replace("/scoring/method", "median")]),
        ("min-answered-share-zero", "min_answered_share of 0", "/scoring/min_answered_share",
         "must be greater than 0 and at most 1", [replace("/scoring/min_answered_share", 0)]),
        ("min-answered-share-above-one", "min_answered_share above 1",
         "/scoring/min_answered_share", "must be greater than 0 and at most 1",
         [replace("/scoring/min_answered_share", 1.5)]),
        ("min-answered-share-not-number", "min_answered_share given as a string",
         "/scoring/min_answered_share", "must be a number",
         [replace("/scoring/min_answered_share", "half")]),
        ("range-missing-max", "scoring range without max", "/scoring/range",
         'missing required field "max"', [remove("/scoring/range/max")]),
        ("range-unknown-field", "scoring range with an unknown field", "/scoring/range/step",
         'unknown field "step"', [add("/scoring/range/step", 1)]),
        ("bands-too-few", "a single band", BANDS, "must have at least 2 entries",
         [replace(BANDS, [dict(get(base, BANDS + "/0"), to=5)]),
          remove("/dimensions/1/next_steps/high")]),
        ("band-missing-next-steps", "a band without next_steps", BANDS + "/0",
         'missing required field "next_steps"', [remove(BANDS + "/0/next_steps")]),
        ("band-next-steps-empty", "a band with an empty next_steps list", BANDS + "/0/next_steps",
         "must have at least 1 entry", [replace(BANDS + "/0/next_steps", [])]),
        ("band-id-pattern", "band id does not match ^[a-z][a-z0-9_-]*$", BANDS + "/1/id",
         '"Mid" does not match ^[a-z][a-z0-9_-]*$', [replace(BANDS + "/1/id", "Mid")]),
        ("band-from-not-number", "band `from` given as a string", BANDS + "/0/from",
         "must be a number", [replace(BANDS + "/0/from", "1")]),
        ("band-name-empty", "band name is empty", BANDS + "/2/name", "must not be empty",
         [replace(BANDS + "/2/name", "")]),
    ]
    return [(name, rule, pointer, message, True, ops)
            for name, rule, pointer, message, ops in cases]


def semantic_cases(base):
    """Rules a JSON Schema cannot express: document_parser.cc (number min < max, range min < max)
    and instrument_rules.cc's RuleChecker. The schema must ACCEPT every one of these."""
    agree5 = get(base, AGREE5)
    cases = [
        ("number-min-not-below-max", "number item with min equal to max", YRS1 + "/max",
         'must be greater than "min"', [replace(YRS1 + "/min", 50)]),
        ("range-min-not-below-max", "scoring range with min above max", "/scoring/range/max",
         'must be greater than "min"', [replace("/scoring/range", {"min": 5, "max": 1})]),
        ("ordinal-value-integral-float", "ordinal value written as 1.0: the C++ wants an "
         "integer token, JSON Schema counts 1.0 as an integer", AGREE5 + "/values/0/value",
         "must be an integer", [replace(AGREE5 + "/values/0/value", 1.0)]),
        ("duplicate-item-id", "two items with the same id in one section", SUP2 + "/id",
         'item id "OPN-01" is used twice', [replace(SUP2 + "/id", "OPN-01")]),
        ("duplicate-item-id-across-sections", "two items with the same id in different sections",
         CMT1 + "/id", 'item id "TEAM" is used twice', [replace(CMT1 + "/id", "TEAM")]),
        ("duplicate-scale-id", "two scales with the same id", "/scales/3/id",
         'scale id "agree5" is used twice', [add("/scales/-", agree5)]),
        ("duplicate-dimension-id", "two dimensions with the same id", "/dimensions/2/id",
         'dimension id "support" is used twice',
         [add("/dimensions/-", get(base, "/dimensions/1"))]),
        ("duplicate-section-id", "two sections with the same id", "/sections/1/id",
         'section id "about" is used twice', [replace("/sections/1/id", "about")]),
        ("duplicate-band-id", "two bands with the same id", BANDS + "/2/id",
         'band id "mid" is used twice',
         [replace(BANDS + "/2/id", "mid"), remove("/dimensions/1/next_steps/high")]),
        ("duplicate-seed", "two sources with the same seed", "/sources/1/seed",
         'source seed "002" is used twice',
         [add("/sources/-", get(base, "/sources/0"))]),
        ("unknown-scale", "item refers to a scale that is not defined", OPN1 + "/scale",
         'refers to scale "agree7", which is not defined in "scales"',
         [replace(OPN1 + "/scale", "agree7")]),
        ("unknown-dimension", "item refers to a dimension that is not defined",
         OPN1 + "/dimension", 'refers to dimension "opennes", which is not defined in "dimensions"',
         [replace(OPN1 + "/dimension", "opennes")]),
        ("scale-item-on-nominal-scale", "scale item on a nominal scale", SUP2 + "/scale",
         'a scale item needs an ordinal scale; "roles" is nominal',
         [replace(SUP2 + "/scale", "roles"), remove(SUP2 + "/codes")]),
        ("reverse-on-nominal-scale", "reverse-keyed item on a nominal scale", OPN2 + "/reverse",
         'reverse keying needs an ordered (ordinal) scale; "roles" is nominal',
         [replace(OPN2 + "/scale", "roles")]),
        ("ordinal-values-not-ascending", "ordinal values out of order", AGREE5 + "/values/2/value",
         "ordinal values must be strictly ascending (2 follows 3)",
         [replace(AGREE5 + "/values/1/value", 3), replace(AGREE5 + "/values/2/value", 2)]),
        ("ordinal-values-repeated", "ordinal value repeated", AGREE5 + "/values/2/value",
         "ordinal values must be strictly ascending (2 follows 2)",
         [replace(AGREE5 + "/values/2/value", 2)]),
        ("duplicate-nominal-value", "nominal value used twice", ROLES + "/values/2/value",
         'value "frontline" is used twice', [replace(ROLES + "/values/2/value", "frontline")]),
        ("code-repeats-value", "scale code equal to one of the scale's values",
         ROLES + "/codes/0/code", 'code "volunteer" repeats a value or another code of the scale',
         [replace(ROLES + "/codes/0/code", "volunteer")]),
        ("code-repeats-code", "scale code listed twice", AGREE5 + "/codes/1/code",
         'code "dk" repeats a value or another code of the scale',
         [add(AGREE5 + "/codes/-",
              {"code": "dk", "label": "Not applicable", "meaning": "not_applicable"})]),
        ("item-code-not-in-scale", "item offers a code its scale lacks", SUP2 + "/codes/0",
         'scale "agree5" has no code "na"', [replace(SUP2 + "/codes", ["na"])]),
        ("grouping-without-prefer-not-to-say",
         "grouping question whose scale has no prefer_not_to_say code", ROLE + "/scale",
         'a grouping question must offer a "prefer not to say" code',
         [replace(ROLES + "/codes/0/meaning", "not_applicable")]),
        ("grouping-codes-exclude-prefer-not-to-say",
         "grouping question whose `codes` leave out the prefer_not_to_say code", TEAM + "/scale",
         'a grouping question must offer a "prefer not to say" code', [add(TEAM + "/codes", [])]),
        ("scored-item-scale-out-of-range",
         "scored item whose scale does not match the scoring range",
         SUP2 + "/scale",
         'scored item uses scale "agree4" (1..4), which does not match the scoring range 1..5',
         [add("/scales/-", dict(agree5, id="agree4", values=agree5["values"][:4])),
          replace(SUP2 + "/scale", "agree4")]),
        ("dimension-not-fed", "dimension that no item feeds", "/dimensions/2",
         'dimension "trust" is not fed by any item',
         [add("/dimensions/-", {"id": "trust", "kind": "scale", "title": "Trust",
                                "description": "How far people trust community partners.",
                                "source": "002 §6.1"})]),
        ("next-steps-unknown-band", "dimension next_steps for a band that does not exist",
         "/dimensions/0/next_steps/expert",
         'names band "expert", which is not defined in /scoring/bands',
         [add("/dimensions/0/next_steps/expert", ["Share what works with other teams."])]),
        ("band-gap", "gap between two bands", BANDS + "/1/from",
         "leaves a gap: the previous band ends at 2.5, this one starts at 2.75",
         [replace(BANDS + "/1/from", 2.75)]),
        ("band-overlap", "two bands overlap", BANDS + "/2/from",
         "overlaps the previous band, which ends at 4", [replace(BANDS + "/2/from", 3.5)]),
        ("first-band-not-at-range-min", "first band starts above the range minimum",
         BANDS + "/0/from", "the first band must start at the range minimum 1",
         [replace(BANDS + "/0/from", 1.5)]),
        ("last-band-not-at-range-max", "last band ends below the range maximum", BANDS + "/2/to",
         "the last band must end at the range maximum 5", [replace(BANDS + "/2/to", 4.5)]),
        ("band-from-not-below-to", "band whose from is not below its to", BANDS + "/1/to",
         'must be greater than "from"',
         [replace(BANDS + "/1/to", 2.5), replace(BANDS + "/2/from", 2.5)]),
        ("citation-unknown-seed", "item cites a seed not listed in sources", OPN1 + "/source",
         'cites seed 003, which is not listed in "sources"',
         [replace(OPN1 + "/source", "003 §2.1")]),
        ("dimension-citation-unknown-seed", "dimension cites a seed not listed in sources",
         "/dimensions/1/source", 'cites seed 001, which is not listed in "sources"',
         [replace("/dimensions/1/source", "001 §4")]),
        ("continues-same-version", "item continues an item of its own version",
         OPN1 + "/continues/version",
         "an item can only continue an item of an earlier version (this is 1.0.0)",
         [add(OPN1 + "/continues", {"version": "1.0.0", "item": "OPN-01"})]),
        ("continues-later-version", "item continues an item of a later version",
         OPN1 + "/continues/version",
         "an item can only continue an item of an earlier version (this is 1.0.0)",
         [add(OPN1 + "/continues", {"version": "2.0.0", "item": "OPN-01"})]),
        ("two-items-continue-one-item", "two items continue the same earlier item",
         OPN2 + "/continues",
         'item "OPN-01" of 1.0.0 is already continued by ' + OPN1,
         [replace("/version", "1.1.0"),
          add(OPN1 + "/continues", {"version": "1.0.0", "item": "OPN-01"}),
          add(OPN2 + "/continues", {"version": "1.0.0", "item": "OPN-01"})]),
    ]
    return [(name, rule, pointer, message, False, ops)
            for name, rule, pointer, message, ops in cases]


def raw_cases(base):
    """The loader's rules (instrument_loader.cc), written as raw text."""
    text = dump(base)
    head = '{\n  "format": 1,\n'
    assert text.startswith(head)
    item_head = '"id": "OPN-01",\n'
    assert text.count(item_head) == 1
    closing = "\n  }\n}\n"
    assert text.endswith(closing)
    return [
        # (name, rule, pointer, message, schema, text). A document that is not JSON cannot be
        # checked by the schema at all (schema: false); a duplicate key is rejected by
        # check_schema.py's strict loader (schema: true).
        ("not-json", "the file is not JSON (truncated)", "", "not valid JSON",
         False, text[: len(text) // 2]),
        ("not-json-trailing-comma", "the file is not JSON (trailing comma)", "", "not valid JSON",
         False, text[: -len(closing)] + ",\n  }\n}\n"),
        ("duplicate-key", "a top-level key appears twice", "",
         'the key "title" appears twice in one object',
         True, head + '  "title": "Fixture survey, first title",\n' + text[len(head):]),
        ("duplicate-key-nested", "a key appears twice inside an item", "",
         'the key "required" appears twice in one object',
         True, text.replace(item_head, item_head + '          "required": true,\n')),
    ]


# --- catalogue folders -------------------------------------------------------------------------


def version_1_1(base):
    """1.1.0: every item continues its 1.0.0 counterpart; OPN-01 reworded, SUP-02 retired,
    SUP-03 added."""
    doc = copy.deepcopy(base)
    doc["version"] = "1.1.0"
    doc["changes"] = ("Reworded OPN-01 to ask about the last year only; it continues 1.0.0 "
                      "OPN-01. Retired SUP-02. Added SUP-03 on time for outreach.")
    for section in doc["sections"]:
        for item in section["items"]:
            item["continues"] = {"version": "1.0.0", "item": item["id"]}
    main = doc["sections"][1]["items"]
    main[0]["text"] = "In the last year I have enjoyed working alongside community groups."
    main[:] = [item for item in main if item["id"] != "SUP-02"]
    main.insert(3, {"id": "SUP-03", "type": "scale",
                    "text": "My manager makes room in my week for outreach work.",
                    "scale": "agree5", "dimension": "support", "required": True,
                    "source": "002 §6.5 indicator 3"})
    assert [item["id"] for item in main] == ["OPN-01", "OPN-02", "SUP-01", "SUP-03", "CMT-01",
                                             "YRS-01"]
    return doc


def lock_text(*lines):
    return ("# Published instrument versions: ID VERSION CONTENT-HASH.\n"
            "# The hash is the SHA-256 of the version's canonical JSON. Never edit a published\n"
            "# version; publish a new one with `tessera instruments publish ID@VERSION`.\n"
            + "".join(line + "\n" for line in lines))


def lock_line(doc):
    return "%s %s %s" % (doc["id"], doc["version"], content_hash(doc))


def catalogue_cases(base):
    """{case: {relative path: text}}; the C++ test (validator_rules_test.cc) holds the
    expectations."""
    v110 = version_1_1(base)
    cases = {}

    # 1.0.0 (published) and 1.1.0 continue cleanly.
    cases["continuity-ok"] = {
        "catalogue/fixture-survey/1.0.0.json": dump(base),
        "catalogue/fixture-survey/1.1.0.json": dump(v110),
        "catalogue.lock": lock_text(lock_line(base)),
    }

    # 1.2.0 continues OPN-01 of 1.1.0, which is not in the catalogue.
    v120 = copy.deepcopy(v110)
    v120["version"] = "1.2.0"
    v120["sections"][1]["items"][0]["continues"] = {"version": "1.1.0", "item": "OPN-01"}
    cases["continues-missing-version"] = {
        "catalogue/fixture-survey/1.0.0.json": dump(base),
        "catalogue/fixture-survey/1.2.0.json": dump(v120),
    }

    # SUP-03 claims to continue SUP-09, which 1.0.0 does not have.
    missing_item = copy.deepcopy(v110)
    missing_item["sections"][1]["items"][3]["continues"] = {"version": "1.0.0", "item": "SUP-09"}
    cases["continues-missing-item"] = {
        "catalogue/fixture-survey/1.0.0.json": dump(base),
        "catalogue/fixture-survey/1.1.0.json": dump(missing_item),
    }

    # The text item CMT-01 claims to continue the number item YRS-01.
    other_type = copy.deepcopy(v110)
    other_type["sections"][1]["items"][4]["continues"] = {"version": "1.0.0", "item": "YRS-01"}
    other_type["sections"][1]["items"][5].pop("continues")
    cases["continues-other-type"] = {
        "catalogue/fixture-survey/1.0.0.json": dump(base),
        "catalogue/fixture-survey/1.1.0.json": dump(other_type),
    }

    # 1.0.0 is published, then its title is edited in place.
    edited = copy.deepcopy(base)
    edited["title"] = "Fixture survey (edited after publication)"
    cases["published-version-edited"] = {
        "catalogue/fixture-survey/1.0.0.json": dump(edited),
        "catalogue.lock": lock_text(lock_line(base)),
    }

    # Files whose id or version disagree with their path.
    cases["wrong-path"] = {
        "catalogue/fixture-survey/1.0.1.json": dump(base),  # says version 1.0.0
        "catalogue/survey/1.0.0.json": dump(base),  # says id fixture-survey
    }

    # 1.1.0 is published, but its file is gone.
    cases["lock-file-missing"] = {
        "catalogue/fixture-survey/1.0.0.json": dump(base),
        "catalogue.lock": lock_text(lock_line(base), lock_line(v110)),
    }

    # Line 5 of the lock is not "ID VERSION sha256:HEX" (the version has two parts).
    cases["lock-malformed-line"] = {
        "catalogue/fixture-survey/1.0.0.json": dump(base),
        "catalogue.lock": lock_text(lock_line(base),
                                    "fixture-survey 1.1 " + content_hash(v110)),
    }

    # Line 5 of the lock repeats line 4's version.
    cases["lock-duplicate-line"] = {
        "catalogue/fixture-survey/1.0.0.json": dump(base),
        "catalogue.lock": lock_text(lock_line(base), lock_line(base)),
    }
    return cases


# --- main ---------------------------------------------------------------------------------------


def main():
    base_text = BASE_FILE.read_text(encoding="utf-8")
    base = json.loads(base_text)
    assert dump(base) == base_text, "valid/fixture-survey.json is not in 2-space dump() layout"

    entries = []
    files = {}
    for name, rule, pointer, message, schema, ops in structural_cases(base) + semantic_cases(base):
        doc = patched(base, *ops)
        assert dump(doc) != base_text, name
        files[name + ".json"] = dump(doc)
        entries.append((name, rule, pointer, message, schema))
    for name, rule, pointer, message, schema, text in raw_cases(base):
        files[name + ".json"] = text
        entries.append((name, rule, pointer, message, schema))
    names = [entry[0] for entry in entries]
    assert len(names) == len(set(names)), "fixture names must be unique"
    sanitized = [n.replace("-", "_") for n in names]
    assert len(sanitized) == len(set(sanitized)), "fixture names must stay unique as test names"

    if INVALID_DIR.exists():
        shutil.rmtree(INVALID_DIR)
    INVALID_DIR.mkdir()
    for file, text in files.items():
        (INVALID_DIR / file).write_text(text, encoding="utf-8")
    manifest = [
        {"file": name + ".json", "rule": rule, "pointer": pointer, "message": message,
         "schema": schema}
        for name, rule, pointer, message, schema in entries
    ]
    (INVALID_DIR / "manifest.json").write_text(dump(manifest), encoding="utf-8")

    if CATALOGUES_DIR.exists():
        shutil.rmtree(CATALOGUES_DIR)
    catalogues = catalogue_cases(base)
    for case, case_files in catalogues.items():
        for relative, text in case_files.items():
            path = CATALOGUES_DIR / case / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    schema_count = sum(1 for entry in entries if entry[4])
    print("wrote %d invalid fixtures (%d schema-detectable, %d C++ only) and %d catalogue cases"
          % (len(entries), schema_count, len(entries) - schema_count, len(catalogues)))


if __name__ == "__main__":
    main()
