#!/usr/bin/env python3
"""Print a question-bank file as a second reviewer must first see it: each item's stem and
options, never its answer, rationale or reference. Items are named by position and slug (item
slugs name the topic, not the answer).
Usage: python3 seed/questions/tools/blind.py seed/questions/FILE.json"""
import json
import sys


def main(path):
    bank = json.load(open(path))
    print(f"# {bank['slug']}: {bank['title']} (answers withheld)\n")
    for n, item in enumerate(bank["items"], start=1):
        how = "one best answer" if item["kind"] == "SINGLE" else "select all that apply"
        print(f"## {n}. {item['slug']} ({item['section']}, {how})\n")
        print(item["stem"].strip(), "\n")
        for o in item["options"]:
            print(f"- {o['key']}. {o['text']}")
        print()


if __name__ == "__main__":
    main(sys.argv[1])
