#!/usr/bin/env python3
"""Checks seed/codesets/sources/cpt_global_days.tsv against seed/codesets/cpt_catalogue.tsv.

An authoring aid, like seed/payers/tools/check_payers.py. It checks:
  - the header is exactly `code<TAB>global_days<TAB>note` and every row has three fields;
  - no code is listed twice, and every code exists in cpt_catalogue.tsv;
  - every global_days value is one of 000 010 090 XXX YYY ZZZ MMM;
  - every listed code with add_on = 1 in the catalogue is ZZZ;
  - every catalogue code of the Surgery section (numeric 10004-69990) is listed, so every
    Surgery add-on code is listed as ZZZ;
  - rows outside the Surgery section carry 000 or 010 only (the file lists other sections only
    where the global period matters for an E/M billed the same day);
  - a few anchor values that trainees and the simulated payer rely on.
Warnings (not failures): ZZZ on a code the catalogue does not flag as an add-on (the catalogue
flag may be missing), MMM outside 59000-59899, and notes that say "uncertain".

Usage: python3 seed/codesets/tools/check_global_days.py   (exit status 1 on any problem)
"""
import csv
import sys
from pathlib import Path

CS = Path(__file__).resolve().parents[1]
CATALOGUE = CS / "cpt_catalogue.tsv"
GLOBAL_DAYS = CS / "sources" / "cpt_global_days.tsv"

VALUES = {"000", "010", "090", "XXX", "YYY", "ZZZ", "MMM"}
HEADER = ["code", "global_days", "note"]
SURGERY = (10004, 69990)

# Values fixed by the Medicare Physician Fee Schedule relative value file (GLOB DAYS).
ANCHORS = {
    "10060": "010", "10061": "010", "11102": "000", "11104": "000", "11042": "000",
    "11045": "ZZZ", "17000": "010", "17003": "ZZZ", "17110": "010", "12001": "000",
    "12002": "000", "20610": "000", "29125": "000", "31500": "000", "36415": "XXX",
    "36000": "XXX", "43239": "000", "45378": "000", "45380": "000", "45385": "000",
    "47562": "090", "47563": "090", "49505": "090", "52000": "000", "64483": "000",
    "66984": "090", "69436": "010", "27447": "090", "29881": "090", "58558": "000",
    "59400": "MMM",
}


def in_surgery(code):
    return code.isdigit() and SURGERY[0] <= int(code) <= SURGERY[1]


def main():
    errors, warnings = [], []

    with CATALOGUE.open(newline="") as f:
        catalogue = {r["code"]: r for r in csv.DictReader(f, delimiter="\t")}

    with GLOBAL_DAYS.open(newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != HEADER:
        want = "\t".join(HEADER)
        got = lines[0] if lines else ""
        errors.append(f"header must be {want!r}, got {got!r}")

    rows = {}
    for n, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 3:
            errors.append(f"line {n}: expected 3 tab-separated fields, got {len(fields)}: {line!r}")
            continue
        code, value, note = fields
        if code in rows:
            errors.append(f"line {n}: {code} listed twice")
            continue
        rows[code] = (value, note)
        if code not in catalogue:
            errors.append(f"line {n}: {code} is not in cpt_catalogue.tsv")
            continue
        if value not in VALUES:
            errors.append(f"line {n}: {code} has global_days {value!r}, not one of {sorted(VALUES)}")
        add_on = catalogue[code]["add_on"] == "1"
        if add_on and value != "ZZZ":
            errors.append(f"line {n}: {code} is an add-on code in the catalogue but has {value}, not ZZZ")
        if value == "ZZZ" and not add_on:
            warnings.append(f"{code} is ZZZ but the catalogue does not flag it add_on = 1")
        if not in_surgery(code) and value not in {"000", "010"}:
            errors.append(f"line {n}: {code} is outside the Surgery section and has {value}; "
                          "list other sections only for 000/010 codes")
        if value == "MMM" and not (code.isdigit() and 59000 <= int(code) <= 59899):
            warnings.append(f"{code} is MMM outside the maternity range 59000-59899")
        if "uncertain" in note.lower():
            warnings.append(f"{code} ({value}) is marked uncertain: {note}")

    missing = sorted(c for c in catalogue if in_surgery(c) and c not in rows)
    for code in missing:
        kind = "add-on " if catalogue[code]["add_on"] == "1" else ""
        errors.append(f"Surgery {kind}code {code} is missing from cpt_global_days.tsv")

    for code, want in ANCHORS.items():
        if code in catalogue and code in rows and rows[code][0] != want:
            errors.append(f"anchor {code}: expected {want}, file has {rows[code][0]}")

    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}")

    counts = {}
    for value, _ in rows.values():
        counts[value] = counts.get(value, 0) + 1
    summary = ", ".join(f"{v} {counts[v]}" for v in sorted(counts))
    print(f"{len(rows)} codes ({summary}); {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
