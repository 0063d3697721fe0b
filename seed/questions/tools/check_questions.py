#!/usr/bin/env python3
"""Checks question-bank files (seed/questions/*.json, format `practicum.questions/1`).

An authoring aid, like seed/cases/tools/validate_cases.py. It enforces the rules of
seed/questions/FORMAT.md:
  - the file is JSON with no duplicate keys; top-level fields exactly
    format, slug, title, items; format is `practicum.questions/1`;
  - every item has exactly the fields slug, kind, exams, section, skillTags, difficulty, stem,
    options, answer, rationale, reference (no more, no fewer, spelled exactly);
  - enums: kind (SINGLE, MULTI), exams (CPC, CCS, CRC, CCA), section, skillTags, difficulty;
  - options are {key, text} with keys A, B, C ... in order; SINGLE has exactly 4 options,
    MULTI 4 to 8; option texts are not repeated within an item;
  - answer keys are among the options and not repeated; SINGLE has exactly one answer, MULTI
    at least one;
  - file slugs and item slugs are lower-case letters, digits and dashes; item slugs are unique
    across ALL the files checked (pass every bank file together), file slugs too;
  - every token in an option text that looks like a code exists in the project's tables and is
    valid for 2026 dates of service:
      * CPT (5 digits, or 4 digits + F/T/U) in seed/codesets/cpt_catalogue.tsv, valid in 2026;
      * HCPCS Level II (a letter A-V + 4 digits) in seed/codesets/hcpcs_curated.tsv, valid in 2026;
      * modifiers written after a code with a dash (99214-25, 00790-AA-P3), given alone as the
        whole option text (e.g. "QK", "P3, 99100"), or after the word "modifier(s)", in
        seed/codesets/modifiers.tsv;
      * ICD-10-CM written with its dot (E11.9, S52.521A) in icd10cm_fy2026.tsv.gz, valid in
        FY2026 and billable, unless the stem explicitly asks about non-billable/header codes
        (words such as "non-billable", "header", "category", "invalid", "incomplete"); in
        items of section ICD10CM or CCS_DX (or tagged CPC:ICD10CM / CCS:DX_CODING) a
        three-character category (E11) is checked too. Write ICD-10-CM codes WITH the dot in
        options: a dotless 5-character code would be read as HCPCS;
      * ICD-10-PCS (7 characters, digits and letters without I and O, at least one digit) in
        icd10pcs_fy2026plus.tsv.gz, valid on some date in calendar 2026 (a warning when it is
        valid only from FY2027, 1 Oct 2026).
Warnings (not failures): a file name that differs from its slug; a CPC-blueprint section on an
item whose exams omit CPC, or a CCS_* section whose exams omit CCS. With --text, tokens that
look like CPT/HCPCS/ICD-10-CM codes in stems and rationales and are not in the tables are
warned about too (rationales may name deleted codes on purpose).

Usage: python3 seed/questions/tools/check_questions.py [--text] [FILE.json ...]
       (no files: every seed/questions/*.json). Exit status 1 on any problem.
"""
import csv
import gzip
import json
import re
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2]
CS = SEED / "codesets"

FORMAT = "practicum.questions/1"
TOP_FIELDS = ["format", "slug", "title", "items"]
ITEM_FIELDS = ["slug", "kind", "exams", "section", "skillTags", "difficulty", "stem", "options",
               "answer", "rationale", "reference"]
KINDS = {"SINGLE", "MULTI"}
EXAMS = {"CPC", "CCS", "CRC", "CCA"}
CPC_SECTIONS = {"EM", "ANESTHESIA", "SURGERY_10000", "SURGERY_20000", "SURGERY_30000",
                "SURGERY_40000", "SURGERY_50000", "SURGERY_60000", "RADIOLOGY", "PATHOLOGY_LAB",
                "MEDICINE", "TERMINOLOGY", "ANATOMY", "ICD10CM", "HCPCS", "GUIDELINES",
                "COMPLIANCE"}
CCS_SECTIONS = {"CCS_DX", "CCS_PCS", "CCS_REIMBURSEMENT", "CCS_COMPLIANCE", "CCS_SCENARIO"}
CRC_SECTIONS = {"CRC_MODELS", "CRC_DOCUMENTATION", "CRC_CODING", "CRC_COMPLIANCE", "CRC_CLINICAL"}
CCA_SECTIONS = {"CCA_CLASSIFICATION", "CCA_REIMBURSEMENT", "CCA_RECORDS", "CCA_COMPLIANCE",
                "CCA_TECHNOLOGY", "CCA_PRIVACY"}
SECTIONS = CPC_SECTIONS | CCS_SECTIONS | CRC_SECTIONS | CCA_SECTIONS
SKILL_TAGS = {"CPC:EM", "CPC:ANESTHESIA", "CPC:SURGERY_10000", "CPC:SURGERY_20000",
              "CPC:SURGERY_30000", "CPC:SURGERY_40000", "CPC:SURGERY_50000", "CPC:SURGERY_60000",
              "CPC:RADIOLOGY", "CPC:PATHOLOGY_LAB", "CPC:MEDICINE", "CPC:ICD10CM", "CPC:HCPCS",
              "CPC:MODIFIERS", "CPC:GUIDELINES", "CPC:COMPLIANCE", "CPC:TERMINOLOGY",
              "CPC:ANATOMY", "CCS:DX_CODING", "CCS:PCS_CODING", "CCS:DRG", "CCS:POA",
              "CCS:SEQUENCING", "CCS:COMPLIANCE", "CRC:MODELS", "CRC:DOCUMENTATION",
              "CRC:CODING", "CRC:COMPLIANCE", "CRC:CLINICAL", "CCA:CLASSIFICATION",
              "CCA:REIMBURSEMENT", "CCA:RECORDS", "CCA:COMPLIANCE", "CCA:TECHNOLOGY",
              "CCA:PRIVACY"}
DIFFICULTIES = {"BEGINNER", "INTERMEDIATE", "ADVANCED"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Calendar 2026 (CPT, HCPCS, modifiers, PCS) and FY2026 (ICD-10-CM: 1 Oct 2025 - 30 Sep 2026).
CY_START, CY_END = "20260101", "20261231"
FY_START, FY_END = "20251001", "20260930"

# Code-looking tokens. Boundaries: not inside a longer word, number or dotted code.
B0, B1 = r"(?<![A-Za-z0-9.])", r"(?![A-Za-z0-9]|\.[A-Za-z0-9])"
CPT_RE = re.compile(B0 + r"(\d{5}|\d{4}[FTU])" + B1)
HCPCS_RE = re.compile(B0 + r"([A-V]\d{4})" + B1)
ICD_RE = re.compile(B0 + r"([A-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4})" + B1)
ICD_CAT_RE = re.compile(B0 + r"([A-Z]\d[0-9A-Z])" + B1)
PCS_RE = re.compile(B0 + r"([0-9BCDFGHX][0-9A-HJ-NP-Z]{6})" + B1)
MOD_AFTER_CODE_RE = re.compile(r"(?<![A-Za-z0-9])(?:\d{5}|\d{4}[FTU]|[A-V]\d{4})((?:-[A-Z0-9]{2})+)(?![A-Za-z0-9])")
MOD_WORD_RE = re.compile(r"\bmodifiers?\s+([A-Z0-9]{2}(?:\s*(?:,|/|\+|and|or|&)\s*[A-Z0-9]{2})*)\b")
BARE_MODS_RE = re.compile(r"^\s*[A-Z0-9]{2}(?:\s*(?:,|/|\+|;|and|or|&)\s*[A-Z0-9]{2})*\s*$")
NONBILLABLE_STEM = re.compile(
    r"non-?billable|not billable|header|category|subcategory|invalid|not valid|incomplete|"
    r"cannot be (?:reported|billed|assigned)|placeholder", re.I)
ICD_SECTIONS = {"ICD10CM", "CCS_DX", "CRC_CODING"}
ICD_TAGS = {"CPC:ICD10CM", "CCS:DX_CODING", "CRC:CODING"}


def read_tsv(name):
    path = CS / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def valid_between(row, start, end):
    vf = (row.get("valid_from") or "").strip() or "00000000"
    vt = (row.get("valid_to") or "").strip()
    return vf <= end and (not vt or vt >= start)


def load_tables():
    t = {}
    t["cpt"] = {r["code"]: r for r in read_tsv("cpt_catalogue.tsv")}
    t["hcpcs"] = {r["code"]: r for r in read_tsv("hcpcs_curated.tsv")}
    t["mod"] = {r["code"]: r for r in read_tsv("modifiers.tsv")}
    t["icd"] = {r["code"]: r for r in read_tsv("icd10cm_fy2026.tsv.gz")}
    t["pcs"] = {r["code"]: r for r in read_tsv("icd10pcs_fy2026plus.tsv.gz")}
    return t


def no_dup_keys(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ValueError(f"duplicate key {k!r}")
        d[k] = v
    return d


class Checker:
    def __init__(self, tables, text_warnings=False):
        self.t = tables
        self.text_warnings = text_warnings
        self.errors = []
        self.warnings = []
        self.item_slugs = {}
        self.file_slugs = {}

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")

    # --- code tokens -------------------------------------------------------------------
    def check_codes(self, where, text, item, strict=True):
        report = self.err if strict else self.warn
        t = self.t
        for code in CPT_RE.findall(text):
            row = t["cpt"].get(code)
            if row is None:
                report(where, f"{code}: not in cpt_catalogue.tsv")
            elif strict and not valid_between(row, CY_START, CY_END):
                report(where, f"{code}: CPT not valid in 2026")
        for code in HCPCS_RE.findall(text):
            row = t["hcpcs"].get(code)
            if row is None:
                report(where, f"{code}: not in hcpcs_curated.tsv")
            elif strict and not valid_between(row, CY_START, CY_END):
                report(where, f"{code}: HCPCS not valid in 2026")
        allow_nonbillable = bool(NONBILLABLE_STEM.search(item.get("stem") or ""))
        icd_codes = ICD_RE.findall(text)
        if strict and (item.get("section") in ICD_SECTIONS
                       or ICD_TAGS & set(item.get("skillTags") or [])):
            icd_codes += ICD_CAT_RE.findall(text)
        for code in icd_codes:
            key = code.replace(".", "")
            row = t["icd"].get(key)
            if row is None:
                report(where, f"{code}: not an ICD-10-CM code in icd10cm_fy2026.tsv.gz")
                continue
            if not strict:
                continue
            if not valid_between(row, FY_START, FY_END):
                report(where, f"{code}: ICD-10-CM not valid in FY2026")
            if row.get("billable") != "1" and not allow_nonbillable:
                report(where, f"{code}: ICD-10-CM not billable (header); allowed only when the "
                              "stem asks about non-billable/header codes")
        if strict:
            for code in PCS_RE.findall(text):
                if not re.search(r"\d", code) or CPT_RE.fullmatch(code):
                    continue
                row = t["pcs"].get(code)
                if row is None:
                    report(where, f"{code}: not in icd10pcs_fy2026plus.tsv.gz")
                elif not valid_between(row, CY_START, CY_END):
                    report(where, f"{code}: ICD-10-PCS not valid in 2026")
                elif (row.get("valid_from") or "") > FY_END:
                    self.warn(where, f"{code}: ICD-10-PCS valid only from FY2027 (1 Oct 2026)")
            mods = []
            for m in MOD_AFTER_CODE_RE.finditer(text):
                mods += [x for x in m.group(1).split("-") if x]
            for m in MOD_WORD_RE.finditer(text):
                mods += re.findall(r"[A-Z0-9]{2}", m.group(1))
            if BARE_MODS_RE.match(text) and not CPT_RE.search(text):
                mods += re.findall(r"(?<![A-Za-z0-9])[A-Z0-9]{2}(?![A-Za-z0-9])", text)
            for mod in mods:
                row = t["mod"].get(mod)
                if row is None:
                    report(where, f"modifier {mod}: not in modifiers.tsv")
                elif not valid_between(row, CY_START, CY_END):
                    report(where, f"modifier {mod}: not valid in 2026")

    # --- structure -----------------------------------------------------------------------
    def check_item(self, fname, idx, item):
        where = f"{fname} item[{idx}]"
        if not isinstance(item, dict):
            self.err(where, "item must be an object")
            return
        slug = item.get("slug")
        if isinstance(slug, str):
            where = f"{fname} {slug}"
        keys = list(item.keys())
        missing = [k for k in ITEM_FIELDS if k not in item]
        extra = [k for k in keys if k not in ITEM_FIELDS]
        if missing:
            self.err(where, f"missing fields {missing}")
        if extra:
            self.err(where, f"unknown fields {extra} (field names are exact, camelCase)")

        if not isinstance(slug, str) or not SLUG.match(slug):
            self.err(where, f"slug {slug!r} must be lower-case letters, digits and dashes")
        elif slug in self.item_slugs:
            self.err(where, f"slug {slug!r} already used in {self.item_slugs[slug]}")
        else:
            self.item_slugs[slug] = fname

        kind = item.get("kind")
        if kind not in KINDS:
            self.err(where, f"kind {kind!r} must be one of {sorted(KINDS)}")
        exams = item.get("exams")
        if (not isinstance(exams, list) or not exams or any(e not in EXAMS for e in exams)
                or len(set(exams)) != len(exams)):
            self.err(where, f"exams {exams!r} must be a non-empty list of distinct CPC/CCS/CRC/CCA")
            exams = []
        section = item.get("section")
        if section not in SECTIONS:
            self.err(where, f"section {section!r} is not a FORMAT.md section")
        else:
            if section in CPC_SECTIONS and exams and "CPC" not in exams:
                self.warn(where, f"CPC section {section} on an item whose exams omit CPC")
            if section in CCS_SECTIONS and exams and "CCS" not in exams:
                self.warn(where, f"CCS section {section} on an item whose exams omit CCS")
            if section in CRC_SECTIONS and exams and "CRC" not in exams:
                self.warn(where, f"CRC section {section} on an item whose exams omit CRC")
            if section in CCA_SECTIONS and exams and "CCA" not in exams:
                self.warn(where, f"CCA section {section} on an item whose exams omit CCA")
        tags = item.get("skillTags")
        if (not isinstance(tags, list) or not tags or len(set(tags)) != len(tags)
                or any(tg not in SKILL_TAGS for tg in tags)):
            bad = [tg for tg in tags if tg not in SKILL_TAGS] if isinstance(tags, list) else tags
            self.err(where, f"skillTags must be a non-empty list of distinct FORMAT.md tags (bad: {bad!r})")
        diff = item.get("difficulty")
        if diff not in DIFFICULTIES:
            self.err(where, f"difficulty {diff!r} must be one of {sorted(DIFFICULTIES)}")
        for f in ("stem", "rationale", "reference"):
            v = item.get(f)
            if not isinstance(v, str) or not v.strip():
                self.err(where, f"{f} must be a non-empty string")

        options = item.get("options")
        keys_seen = []
        if not isinstance(options, list):
            self.err(where, "options must be a list")
            options = []
        if kind == "SINGLE" and len(options) != 4:
            self.err(where, f"SINGLE needs exactly 4 options, has {len(options)}")
        if kind == "MULTI" and not 4 <= len(options) <= 8:
            self.err(where, f"MULTI needs 4 to 8 options, has {len(options)}")
        texts = set()
        for i, opt in enumerate(options):
            ow = f"{where} option[{i}]"
            if not isinstance(opt, dict) or set(opt.keys()) != {"key", "text"}:
                self.err(ow, "option must have exactly the fields key and text")
                continue
            want = chr(ord("A") + i)
            if opt["key"] != want:
                self.err(ow, f"key {opt['key']!r}, expected {want!r} (keys run A, B, C ... in order)")
            keys_seen.append(opt["key"])
            text = opt["text"]
            if not isinstance(text, str) or not text.strip():
                self.err(ow, "text must be a non-empty string")
                continue
            norm = " ".join(text.lower().split())
            if norm in texts:
                self.err(ow, f"option text {text!r} repeated")
            texts.add(norm)
            self.check_codes(f"{where} option {opt['key']}", text, item)

        answer = item.get("answer")
        if not isinstance(answer, list) or not answer or not all(isinstance(a, str) for a in answer):
            self.err(where, "answer must be a non-empty list of option keys")
        else:
            if len(set(answer)) != len(answer):
                self.err(where, f"answer {answer} repeats a key")
            for a in answer:
                if a not in keys_seen:
                    self.err(where, f"answer key {a!r} is not among the options")
            if kind == "SINGLE" and len(answer) != 1:
                self.err(where, f"SINGLE needs exactly one answer, has {len(answer)}")

        if self.text_warnings:
            for f in ("stem", "rationale"):
                v = item.get(f)
                if isinstance(v, str):
                    self.check_codes(f"{where} {f}", v, item, strict=False)

    def check_file(self, path):
        fname = path.name
        try:
            with path.open(encoding="utf-8") as f:
                data = json.load(f, object_pairs_hook=no_dup_keys)
        except (OSError, ValueError) as e:
            self.err(fname, f"cannot read JSON: {e}")
            return 0
        if not isinstance(data, dict):
            self.err(fname, "top level must be an object")
            return 0
        missing = [k for k in TOP_FIELDS if k not in data]
        extra = [k for k in data if k not in TOP_FIELDS]
        if missing:
            self.err(fname, f"missing top-level fields {missing}")
        if extra:
            self.err(fname, f"unknown top-level fields {extra}")
        if data.get("format") != FORMAT:
            self.err(fname, f"format must be {FORMAT!r}")
        slug = data.get("slug")
        if not isinstance(slug, str) or not SLUG.match(slug):
            self.err(fname, f"file slug {slug!r} must be lower-case letters, digits and dashes")
        else:
            if slug in self.file_slugs:
                self.err(fname, f"file slug {slug!r} already used by {self.file_slugs[slug]}")
            self.file_slugs[slug] = fname
            if path.stem != slug:
                self.warn(fname, f"file name differs from its slug {slug!r}")
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            self.err(fname, "title must be a non-empty string")
        items = data.get("items")
        if not isinstance(items, list) or not items:
            self.err(fname, "items must be a non-empty list")
            return 0
        for i, item in enumerate(items):
            self.check_item(fname, i, item)
        return len(items)


def main(argv):
    text_warnings = "--text" in argv
    args = [a for a in argv if a != "--text"]
    if any(a.startswith("-") for a in args):
        print(__doc__)
        return 2
    paths = [Path(a) for a in args] or sorted((SEED / "questions").glob("*.json"))
    if not paths:
        print("no question files to check")
        return 1
    checker = Checker(load_tables(), text_warnings)
    total = 0
    for p in paths:
        n = checker.check_file(p)
        total += n
        print(f"{p.name}: {n} items")
    for w in checker.warnings:
        print(f"WARNING {w}")
    for e in checker.errors:
        print(f"ERROR {e}")
    print(f"{len(paths)} files, {total} items, {len(checker.errors)} errors, "
          f"{len(checker.warnings)} warnings")
    return 1 if checker.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
