#!/usr/bin/env python3
"""Checks case-set files (seed/cases/*.json) against the code tables in seed/codesets.

An authoring aid: the server enforces the same rules when it loads or imports a case set.
Usage: python3 seed/cases/tools/validate_cases.py seed/cases/*.json
Exit status 1 when any file has a problem; every problem is printed with its case and line.
"""
import csv, datetime as dt, gzip, json, re, sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2]
CS = SEED / "codesets"


def tsv(name):
    path = CS / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def d(s):
    return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8])) if s else None


ICD = {}
for r in tsv("icd10cm_fy2026.tsv.gz"):
    ICD[r["code"]] = (r["billable"] == "1", d(r["valid_from"]) or dt.date(2015, 10, 1), d(r["valid_to"]), r["mce_flags"].split(",") if r["mce_flags"] else [])
for r in tsv("icd10cm_fy2027_delta.tsv.gz"):
    if r["change"] == "added":
        ICD[r["code"]] = (True, dt.date(2026, 10, 1), None, [])
PCS = {r["code"]: (d(r["valid_from"]), d(r["valid_to"])) for r in tsv("icd10pcs_fy2026plus.tsv.gz")}
CPT = {r["code"]: r for r in tsv("cpt_catalogue.tsv")}
HCPCS = {r["code"]: r for r in tsv("hcpcs_curated.tsv")}
MODS = {r["code"] for r in tsv("modifiers.tsv")}
POS = {r["code"] for r in tsv("pos.tsv")}
DRG = {r["code"] for r in tsv("msdrg_titles.tsv.gz") if int(r["version_start"]) <= 430 <= int(r["version_end"])}
AGES = {"newborn": (0, 0), "pediatric": (0, 17), "maternity": (9, 64), "adult": (15, 124)}
SETTINGS = {"OFFICE", "ED", "OUTPATIENT_HOSPITAL", "ASC", "INPATIENT", "OTHER"}
DOC_KINDS = {"PROGRESS_NOTE", "HISTORY_AND_PHYSICAL", "OPERATIVE_REPORT", "PROCEDURE_NOTE", "RADIOLOGY_REPORT",
             "PATHOLOGY_REPORT", "LAB_REPORT", "ED_RECORD", "ANESTHESIA_RECORD", "DISCHARGE_SUMMARY", "CONSULTATION"}
PAYERS = {"medicare-part-b", "state-medicaid", "bluecrest-ppo", "summit-hmo"}
TAGS = {"CPC:EM", "CPC:ANESTHESIA", "CPC:SURGERY_10000", "CPC:SURGERY_20000", "CPC:SURGERY_30000", "CPC:SURGERY_40000",
        "CPC:SURGERY_50000", "CPC:SURGERY_60000", "CPC:RADIOLOGY", "CPC:PATHOLOGY_LAB", "CPC:MEDICINE", "CPC:ICD10CM",
        "CPC:HCPCS", "CPC:MODIFIERS", "CPC:GUIDELINES", "CPC:COMPLIANCE", "CCS:DX_CODING", "CCS:PCS_CODING", "CCS:DRG",
        "CCS:POA", "CCS:SEQUENCING"}
PHI = [
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "SSN-like number"),
    (re.compile(r"[\w.+-]+@(?![\w-]*\.?(example\.(org|com|net)|[\w-]+\.test)\b)[\w-]+\.[\w.]+"), "e-mail outside example domains"),
    (re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b"), "phone number"),
]


def npi_ok(npi):
    if not re.fullmatch(r"\d{10}", npi or ""):
        return False
    digits = "80840" + npi[:9]
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return (10 - total % 10) % 10 == int(npi[9])


def age_on(dob, day):
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def check_case(c, problems):
    where = c.get("slug", "?")
    def bad(msg):
        problems.append(f"{where}: {msg}")
    for field in ["slug", "title", "setting", "placeOfService", "dateOfService", "difficulty", "estimatedMinutes", "skillTags", "patient", "coverages", "provider", "documents", "key"]:
        if field not in c:
            bad(f"missing {field}")
            return
    if c["setting"] not in SETTINGS:
        bad(f"setting {c['setting']}")
    if c["placeOfService"] not in POS:
        bad(f"POS {c['placeOfService']} unknown")
    dos = dt.date.fromisoformat(c["dateOfService"])
    inpatient = c["setting"] == "INPATIENT"
    if inpatient and not c.get("inpatient"):
        bad("inpatient case without an inpatient block")
    for t in c["skillTags"]:
        if t not in TAGS:
            bad(f"skill tag {t}")
    p = c["patient"]
    dob = dt.date.fromisoformat(p["dateOfBirth"])
    age = age_on(dob, dos)
    if p.get("sex") not in ("F", "M", "U"):
        bad("patient sex")
    for cov in c["coverages"]:
        if cov.get("payer") not in PAYERS:
            bad(f"payer {cov.get('payer')}")
    if not npi_ok(c["provider"].get("npi")):
        bad(f"provider NPI {c['provider'].get('npi')} fails the check digit")
    if c.get("facility") and not npi_ok(c["facility"].get("npi")):
        bad(f"facility NPI {c['facility'].get('npi')} fails the check digit")
    words = 0
    for doc in c["documents"]:
        if doc.get("kind") not in DOC_KINDS:
            bad(f"document kind {doc.get('kind')}")
        body = doc.get("body", "")
        words += len(body.split())
        for rx, what in PHI:
            for m in rx.finditer(body):
                if what == "phone number" and re.search(r"555[-. ]01\d\d", m.group(0)):
                    continue
                bad(f"{what} in documentation: {m.group(0)}")
    if not 150 <= words <= 800:
        bad(f"documentation has {words} words (150-800)")
    key = c["key"]
    dx = key.get("diagnoses", [])
    if not dx:
        bad("no diagnoses")
    for i, line in enumerate(dx):
        code = line["code"].replace(".", "").upper()
        tag = f"diagnosis {chr(65 + i)} {line['code']}"
        if "." in line["code"] and line["code"].index(".") != 3:
            bad(f"{tag}: misplaced dot")
        info = ICD.get(code)
        if not info:
            bad(f"{tag}: not an ICD-10-CM code")
        else:
            billable, start, end, flags = info
            if not billable:
                bad(f"{tag}: not billable (header)")
            if dos < start or (end and dos > end):
                bad(f"{tag}: not valid on {dos}")
            for f in flags:
                if f in AGES and not AGES[f][0] <= age <= AGES[f][1]:
                    bad(f"{tag}: {f} code, patient is {age}")
        want_role = ("PRINCIPAL" if inpatient else "FIRST_LISTED") if i == 0 else "SECONDARY"
        if line.get("role") != want_role:
            bad(f"{tag}: role {line.get('role')}, expected {want_role}")
        if inpatient and line.get("poa") not in ("Y", "N", "U", "W", "1"):
            bad(f"{tag}: inpatient diagnosis needs POA")
        if not inpatient and line.get("poa"):
            bad(f"{tag}: POA only for inpatient")
        if not line.get("rationale") or not line.get("guideline"):
            bad(f"{tag}: rationale and guideline required")
    for i, line in enumerate(key.get("procedures", [])):
        code = line["code"].upper()
        tag = f"procedure {i + 1} {code}"
        table = CPT if line.get("system") == "CPT" else HCPCS if line.get("system") == "HCPCS" else None
        if table is None:
            bad(f"{tag}: system must be CPT or HCPCS")
        elif code not in table:
            bad(f"{tag}: not in the {line['system']} catalogue")
        mods = line.get("modifiers", [])
        if len(mods) > 4:
            bad(f"{tag}: more than 4 modifiers")
        for m in mods:
            if m not in MODS:
                bad(f"{tag}: modifier {m} unknown")
        if int(line.get("units", 0)) < 1:
            bad(f"{tag}: units must be >= 1")
        ptr = line.get("pointers", [])
        if not ptr or len(ptr) > 4:
            bad(f"{tag}: 1-4 diagnosis pointers")
        for x in ptr:
            if not (len(x) == 1 and "A" <= x <= "L" and ord(x) - 65 < len(dx)):
                bad(f"{tag}: pointer {x} out of range")
        if not line.get("rationale") or not line.get("guideline"):
            bad(f"{tag}: rationale and guideline required")
    pcs = key.get("pcs", [])
    for line in pcs:
        if line["code"] not in PCS:
            bad(f"PCS {line['code']}: not an ICD-10-PCS code")
        if not line.get("rationale") or not line.get("guideline"):
            bad(f"PCS {line['code']}: rationale and guideline required")
    if pcs and sum(1 for l in pcs if l.get("principal")) != 1:
        bad("exactly one principal PCS procedure")
    if pcs and not inpatient:
        bad("PCS lines only for inpatient cases")
    if inpatient:
        if key.get("expectedDrg") not in DRG:
            bad(f"expected DRG {key.get('expectedDrg')} is not an MS-DRG v43")
        ip = c["inpatient"]
        adm, dis = dt.date.fromisoformat(ip["admissionDate"]), dt.date.fromisoformat(ip["dischargeDate"])
        if adm != dos or dis < adm:
            bad("admission must equal dateOfService and precede discharge")
    if not inpatient and not key.get("procedures"):
        bad("outpatient key without procedure lines")
    for fb in key.get("feedback", []):
        if not fb.get("message") or not fb.get("ifCoded"):
            bad("feedback needs ifCoded and message")


def main(paths):
    problems, cases = [], 0
    slugs = set()
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != "practicum.caseset/1":
            problems.append(f"{path}: format must be practicum.caseset/1")
            continue
        for c in data.get("cases", []):
            cases += 1
            if c.get("slug") in slugs:
                problems.append(f"{path}: duplicate case slug {c.get('slug')}")
            slugs.add(c.get("slug"))
            before = len(problems)
            check_case(c, problems)
            for i in range(before, len(problems)):
                problems[i] = f"{Path(path).name}: {problems[i]}"
    for p in problems:
        print(p)
    print(f"{cases} cases, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
