#!/usr/bin/env python3
"""Checks the second reviews of the question bank (seed/questions/reviews/*.json, format
`practicum.questionreview/1`, written by a reviewer who answered every item blind from
tools/blind.py before opening the key) and prints agreement per bank.

Rules: the review names an existing bank; it holds every item of the bank exactly once (by
slug); `blind` and `keyAtReview` are lists of the item's option keys; where they differ the line
has a `ruling` (KEY_RIGHT, SECOND_RIGHT or ITEM_FIXED) and a `note`; a SECOND_RIGHT item is now
keyed to the blind answer and a KEY_RIGHT item still to `keyAtReview`.
"Before" = items whose blind answer equals the key as written, over all items: the figure that
measures the bank. `--require SLUG,...` also fails when one of those banks has no review.

Usage: python3 seed/questions/tools/reviews.py [--require crc-core-a,...] [--self-test]"""
import json
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2]
RULINGS = {"KEY_RIGHT", "SECOND_RIGHT", "ITEM_FIXED"}


def check(review, bank):
    """(problems, figures) of one review against its bank file."""
    problems = []
    items = {i["slug"]: i for i in bank["items"]}
    seen = set()
    agree = 0
    rulings = {r: 0 for r in RULINGS}
    for n, line in enumerate(review.get("items", [])):
        where = f"items[{n}]"
        slug = line.get("slug")
        item = items.get(slug)
        if item is None:
            problems.append(f"{where}: no item {slug!r} in bank {bank['slug']}")
            continue
        if slug in seen:
            problems.append(f"{where}: {slug} reviewed twice")
        seen.add(slug)
        blind, key = line.get("blind"), line.get("keyAtReview")
        if not isinstance(blind, list) or not blind or not isinstance(key, list) or not key:
            problems.append(f"{where} {slug}: blind and keyAtReview must be non-empty lists")
            continue
        if sorted(blind) == sorted(key):
            agree += 1
            continue
        ruling = line.get("ruling")
        if ruling not in RULINGS:
            problems.append(f"{where} {slug}: blind {blind} differs from the key {key}: a ruling is needed")
            continue
        if not str(line.get("note", "")).strip():
            problems.append(f"{where} {slug}: a ruling needs a note")
        rulings[ruling] += 1
        now = sorted(item["answer"])
        if ruling == "SECOND_RIGHT" and now != sorted(blind):
            problems.append(f"{where} {slug}: SECOND_RIGHT but the item is keyed {now}, not {sorted(blind)}")
        if ruling == "KEY_RIGHT" and now != sorted(key):
            problems.append(f"{where} {slug}: KEY_RIGHT but the key changed from {key} to {now}")
    for slug in items.keys() - seen:
        problems.append(f"{slug}: not reviewed")
    total = len(items)
    return problems, {"items": total, "agree": agree, **rulings}


def banks():
    out = {}
    for path in sorted((SEED / "questions").glob("*.json")):
        bank = json.load(open(path))
        out[bank["slug"]] = bank
    return out


def main(argv):
    if "--self-test" in argv:
        return self_test()
    required = set()
    if "--require" in argv:
        required = set(argv[argv.index("--require") + 1].split(","))
    all_banks = banks()
    failed = False
    reviewed = set()
    print("| bank | items | agreement before rulings | KEY_RIGHT | SECOND_RIGHT | ITEM_FIXED |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in sorted((SEED / "questions" / "reviews").glob("*.json")):
        review = json.load(open(path))
        bank = all_banks.get(review.get("bank"))
        if review.get("format") != "practicum.questionreview/1" or bank is None:
            print(f"{path.name}: not a practicum.questionreview/1 review of a bank", file=sys.stderr)
            failed = True
            continue
        reviewed.add(bank["slug"])
        problems, f = check(review, bank)
        for p in problems:
            print(f"{path.name}: {p}", file=sys.stderr)
        failed |= bool(problems)
        pct = 100.0 * f["agree"] / f["items"] if f["items"] else 0.0
        print(f"| {bank['slug']} | {f['items']} | {pct:.1f} % | {f['KEY_RIGHT']} | {f['SECOND_RIGHT']} | {f['ITEM_FIXED']} |")
    for slug in sorted(required - reviewed):
        print(f"{slug}: required but has no review", file=sys.stderr)
        failed = True
    return 1 if failed else 0


def self_test():
    bank = {"slug": "b", "items": [{"slug": "x", "answer": ["B"]}, {"slug": "y", "answer": ["A"]}]}
    ok = {"items": [{"slug": "x", "blind": ["B"], "keyAtReview": ["B"]},
                    {"slug": "y", "blind": ["A"], "keyAtReview": ["C"], "ruling": "SECOND_RIGHT", "note": "n"}]}
    assert check(ok, bank)[0] == [], check(ok, bank)
    assert check(ok, bank)[1]["agree"] == 1
    unruled = {"items": [ok["items"][0], {"slug": "y", "blind": ["A"], "keyAtReview": ["C"]}]}
    assert any("ruling is needed" in p for p in check(unruled, bank)[0])
    stale = {"items": [ok["items"][0], {"slug": "y", "blind": ["D"], "keyAtReview": ["C"], "ruling": "SECOND_RIGHT", "note": "n"}]}
    assert any("SECOND_RIGHT but" in p for p in check(stale, bank)[0])
    moved = {"items": [ok["items"][0], {"slug": "y", "blind": ["D"], "keyAtReview": ["C"], "ruling": "KEY_RIGHT", "note": "n"}]}
    assert any("KEY_RIGHT but" in p for p in check(moved, bank)[0])
    missing = {"items": [ok["items"][0]]}
    assert any("not reviewed" in p for p in check(missing, bank)[0])
    print("self-test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
