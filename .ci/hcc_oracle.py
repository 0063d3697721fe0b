#!/usr/bin/env python3
"""The CMS-HCC oracle: member-years scored by hccpy 0.1.9 (PyPI, Apache-2.0) with its V28
model, written as JSON lines for `tests/api/risk_oracle.rs` to compare with Practicum's engine.

    python .ci/hcc_oracle.py OUT.jsonl [--count N] [--seed S]

One line per member-year: {"source", "member" (Practicum's input), "expected" (hccpy's HCC and
interaction list, raw score and payment score)}. N member-years (default 900, 100 per segment
variant: CNA, CND, CFA, CFD, CPA, CPD, INS, NE, SNPNE) with a fixed seed, then a few targeted
ones. Codes are drawn from seed/codesets/hcc/dx_hcc_v28.tsv.gz: 0 to 14 per member, about half
from chronic-condition families that risk adjustment lives on (diabetes, heart failure, COPD,
CKD, cancer, depression, substance use, arrhythmia, vascular, ulcers), the rest from the whole
mapping; plus valid codes with no HCC, the codes of the age/sex edits with ages on both sides
of each bound, and hierarchy-heavy mixes. Dotted and undotted forms are both used. Last, one
member-year per seeded RISK_ADJUSTMENT case (seed/cases/*.json): the key's SUPPORTED codes with
the case's member (source `case:SLUG`).

hccpy is used as shipped except for one data fix: its hierarchy reader matches `%SET0` rows
line by line and so loses the four rows CMS writes on two lines (HCC 191, 192, 221, 222); the
same file is read here whole. Its payment score is requested with the PY2026 normalization
factor (1.067) and coding adjustment (5.90 %).
"""
import argparse
import gzip
import json
import random
import re
from pathlib import Path

from hccpy.hcc import HCCEngine
from pkg_resources import resource_filename

ROOT = Path(__file__).resolve().parents[1]
HCC = ROOT / "seed" / "codesets" / "hcc"
CODES = ROOT / "seed" / "codesets" / "icd10cm_fy2026.tsv.gz"
FAMILIES = ("E08 E09 E10 E11 E13 I50 I11 I13 J44 J43 J84 N18 C18 C34 C50 C61 C78 C79 C90 "
            "F20 F31 F32 F33 F10 F11 I48 I70 I73 L89 L97 G30 G31 G35 G40 M05 K70 K74 B20 "
            "D61 D66 E43 E44 Z89 Z99 I21 I42 I25 Z94 T86 G93 I85").split()
VARIANTS = ["CNA", "CND", "CFA", "CFD", "CPA", "CPD", "INS", "NE", "SNPNE"]


def read_hier():
    text = open(resource_filename("hccpy", "data/V28115H1.TXT")).read()
    out = {}
    for m in re.finditer(r"%SET0\(\s*CC=(\d+)\s*,\s*HIER=%STR\(([^)]*)\)\s*\)", text):
        out["HCC" + m.group(1)] = ["HCC" + x.strip() for x in m.group(2).split(",") if x.strip()]
    assert len(out) == 60, len(out)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=900)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    rng = random.Random(a.seed)

    engine = HCCEngine(version="28", norm_params={"C": 1.067, "D": 1.0, "G": 1.0}, cif=0.059)
    engine.hier = read_hier()

    with gzip.open(HCC / "dx_hcc_v28.tsv.gz", "rt") as f:
        mapped = sorted({l.split("\t")[0] for l in f.read().splitlines()[1:]})
    family = [c for c in mapped if c[:3] in FAMILIES]
    with open(HCC / "age_sex_edits_v28.tsv") as f:
        edit_codes = [l.split("\t")[0] for l in f.read().splitlines()[1:]]
    mapped_set = set(mapped)
    with gzip.open(CODES, "rt") as f:
        rows = [l.split("\t") for l in f.read().splitlines()[1:]]
    no_hcc = [r[0] for r in rows if r[1] == "1" and r[0] not in mapped_set]

    def dotted(c):
        return c[:3] + "." + c[3:] if len(c) > 3 and "." not in c and rng.random() < 0.5 else c

    def codes():
        n = rng.choice([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 10, 14])
        out = []
        for _ in range(n):
            r = rng.random()
            pool = family if r < 0.5 else mapped if r < 0.8 else no_hcc if r < 0.95 else edit_codes
            out.append(rng.choice(pool))
        return out

    def member(variant, dx, age=None):
        sex = rng.choice("FM")
        dual = {"N": "NON_DUAL", "F": "FULL_BENEFIT", "P": "PARTIAL_BENEFIT"}
        if variant.startswith("C"):
            d = dual[variant[1]]
            aged = variant[2] == "A"
            age = age if age is not None else (rng.randint(65, 104) if aged else rng.randint(18, 64))
            orec = rng.choice("0011") if aged else rng.choice("1113")
            segment = "COMMUNITY"
        else:
            d = rng.choice(list(dual.values()))
            age = age if age is not None else rng.choice([rng.randint(0, 64), rng.randint(65, 104)])
            orec = rng.choice("0123") if age < 65 else rng.choice("0011")
            segment = {"INS": "INSTITUTIONAL", "NE": "NEW_ENROLLEE", "SNPNE": "SNP_NEW_ENROLLEE"}[variant]
        return {"diagnoses": [dotted(c) for c in dx], "age": age, "sex": sex, "dual": d,
                "orec": orec, "segment": segment}

    def elig(m):
        if m["segment"] == "COMMUNITY":
            return "C" + {"NON_DUAL": "N", "FULL_BENEFIT": "F", "PARTIAL_BENEFIT": "P"}[m["dual"]] + (
                "A" if m["age"] >= 65 else "D")
        return {"INSTITUTIONAL": "INS", "NEW_ENROLLEE": "NE", "SNP_NEW_ENROLLEE": "SNPNE"}[m["segment"]]

    members = []
    for i in range(a.count):
        v = VARIANTS[i % len(VARIANTS)]
        members.append(("generated:" + v, member(v, codes())))
    # The edits on both sides of their bounds, and hierarchy-heavy mixes.
    for code, ages in [("D66", [70]), ("D67", [70]), ("J44.9", [17, 18]), ("J43.9", [17, 18]),
                       ("C50.911", [49, 50]), ("C50.212", [49, 50]), ("P04.1", [1, 2]),
                       ("P27.1", [1, 2])]:
        for age in ages:
            for variant in ("INS", "NE"):
                members.append(("edit:" + code, member(variant, [code], age)))
    for dx in (["T86.41", "I85.00", "G93.1"], ["I85.00", "G93.1"], ["Z95.811"],
               ["Z95.811", "I42.8"], ["Z95.811", "I50.9"], ["I50.84", "I50.9", "I42.8"],
               ["C78.7", "C79.51", "C34.90", "C61"], ["E11.22", "E11.9", "E10.9"]):
        for v in ("CNA", "CND", "INS"):
            members.append(("hierarchy:" + "+".join(dx), member(v, dx)))

    # Every seeded RISK_ADJUSTMENT case: the key's SUPPORTED codes with the case's member.
    for path in sorted((ROOT / "seed" / "cases").glob("*.json")):
        for c in json.loads(path.read_text(encoding="utf-8")).get("cases", []):
            ra = c.get("riskAdjustment")
            if c.get("setting") != "RISK_ADJUSTMENT" or not ra:
                continue
            mb = ra["member"]
            dx = [k["code"] for k in c["key"].get("conditions", []) if k.get("status") == "SUPPORTED"]
            members.append(("case:" + c["slug"], {"diagnoses": dx, "age": mb["ageFeb1"], "sex": mb["sex"],
                                                  "dual": mb["dualStatus"], "orec": mb["orec"],
                                                  "segment": mb["segment"]}))

    with open(a.out, "w") as out:
        for source, m in members:
            p = engine.profile([c for c in m["diagnoses"]], age=m["age"], sex=m["sex"],
                               elig=elig(m), orec=m["orec"], medicaid=m["dual"] != "NON_DUAL")
            expected = {"terms": sorted(p["hcc_lst"]), "raw": float(p["risk_score"]),
                        "payment": float(p["risk_score_adj"]), "elig": p["parameters"]["elig"]}
            out.write(json.dumps({"source": source, "member": m, "expected": expected}) + "\n")


if __name__ == "__main__":
    main()
