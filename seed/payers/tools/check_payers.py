#!/usr/bin/env python3
"""Checks the simulated payer profiles (seed/payers/*.json) and the charge master.

An authoring aid, like seed/cases/tools/validate_cases.py. It checks:
  - every profile parses and has exactly the fields of the Rust structs in
    src/domain/adjudication/payer.rs (read from that file, camelCased), with the right JSON types;
  - enumerated values (kind, CARCs, RARCs, group codes) and the slug/file name;
  - every fee-schedule, prior-authorization, frequency-limit, copay and preventive code exists in
    seed/codesets/cpt_catalogue.tsv or hcpcs_curated.tsv (policy procedures missing from the
    catalogues are reported as warnings);
  - every ICD-10-CM code or prefix in a coverage policy exists in icd10cm_fy2026.tsv.gz;
  - every fee schedule prices every code billed in the non-inpatient case keys and the codes the
    scenario cases will use;
  - no code billed by any non-inpatient case is on a prior-authorization list (and, separately,
    none is on its primary payer's list);
  - every non-inpatient case is supported by its primary payer's coverage policies (each line that a
    policy covers points at a supporting diagnosis) and passes that payer's sex edits;
  - every fee-schedule code has a charge-master row whose charge is at least the highest allowed.
Warnings (not failures): NCCI PTP pairs and MUE units in the case keys that the primary payer
would deny, so the case author can look.

Usage: python3 seed/payers/tools/check_payers.py   (exit status 1 on any problem)
"""
import csv, gzip, json, re, sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2]
ROOT = SEED.parent
PAYERS_DIR = SEED / "payers"
CS = SEED / "codesets"
RUST = ROOT / "src" / "domain" / "adjudication" / "payer.rs"

SLUGS = ["medicare-part-a", "medicare-part-b", "state-medicaid", "bluecrest-ppo", "summit-hmo"]
# Payers of inpatient (DRG) claims only: no fee schedule to check against outpatient codes.
INPATIENT_ONLY = {"medicare-part-a"}
# Codes the scenario cases will bill, priced in every schedule (Medicare included).
SCENARIO_CODES = """70551 70553 72148 73721 95810 82306 83036 80061 G0121 G0105 45378 G0439 G0438 99395 99396
99385 99386 77067 11042 11045 96374 96375 96365 96366 99417 20610 11102 11104 11200 17110 12001 10061
97140 97530 97110 97112 J1885 J0696 J3420 J1100 96372 99211 99212 99202 93000 81002 36415 87804 87880
71046 99213 99214 99215 99203 99204 G2211""".split()
# Codes a payer deliberately leaves out of its schedule: {slug: {code: reason}}.
NOT_PRICED = {
    "medicare-part-b": {"98006": "Medicare assigns the 2025 audio-video E/M codes status I; it pays 99202-99215 with modifier 95"},
}
# CARCs an appeal must never list as overturnable: timely filing, duplicate, unprocessable, eligibility.
NEVER_OVERTURNABLE = {"29", "18", "16", "22", "26", "27", "31"}

problems, warnings = [], []


def bad(msg):
    problems.append(msg)


def warn(msg):
    warnings.append(msg)


def tsv(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


# ---------- reference tables ----------
CPT = {r["code"]: r for r in tsv(CS / "cpt_catalogue.tsv")}
HCPCS = {r["code"]: r for r in tsv(CS / "hcpcs_curated.tsv")}
PROC = {**CPT, **HCPCS}
ICD = {r["code"]: r for r in tsv(CS / "icd10cm_fy2026.tsv.gz")}  # undotted codes
CARC = {r["code"] for r in tsv(CS / "carc.tsv.gz")}
MUE = {r["code"]: r for r in tsv(SEED / "ncci" / "mue_teaching.tsv")}
PTP = [r for r in tsv(SEED / "ncci" / "ptp_teaching.tsv") if r["modifier_indicator"] != "9" and not r["deletion"]]
PTP_BYPASS = {"59", "XE", "XS", "XP", "XU", "24", "25", "57", "58", "78", "79", "27", "91", "LT", "RT", "E1", "E2", "E3",
              "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "TA", "T1", "T2", "T3", "T4", "T5",
              "T6", "T7", "T8", "T9", "LC", "LD", "RC", "LM", "RI"}


def proc_exists(code):
    r = PROC.get(code)
    return r is not None and not r.get("valid_to")


def proc_pattern_ok(p):
    if p.endswith("*"):
        return any(c.startswith(p[:-1]) for c in PROC)
    return proc_exists(p)


def icd_pattern_ok(p):
    """Dotted code (must be billable) or prefix ending in '*' (must start some code)."""
    if p.endswith("*"):
        prefix = p[:-1]
        if not re.fullmatch(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{0,4})?", prefix):
            return f"malformed prefix {p}"
        undotted = prefix.replace(".", "")
        if not any(c.startswith(undotted) for c in ICD):
            return f"prefix {p} matches no ICD-10-CM code"
        # "I10.*" would never match the 3-character billable code "I10" (claims carry dotted codes)
        if prefix.endswith(".") and ICD.get(undotted, {}).get("billable") == "1":
            return f"prefix {p} misses the billable category code {prefix[:-1]}"
        return None
    if not re.fullmatch(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?", p):
        return f"malformed code {p} (dotted ICD-10-CM expected)"
    r = ICD.get(p.replace(".", ""))
    if r is None:
        return f"{p} is not an ICD-10-CM code"
    if r["billable"] != "1":
        return f"{p} is a header, not a billable code (use a prefix ending in *)"
    return None


def matches(pattern, code):
    return code.startswith(pattern[:-1]) if pattern.endswith("*") else pattern == code


# ---------- the Rust schema ----------
def camel(s):
    head, *rest = s.split("_")
    return head + "".join(w.capitalize() for w in rest)


def rust_structs():
    src = RUST.read_text()
    out = {}
    for m in re.finditer(r"pub struct (\w+) \{(.*?)\n\}", src, re.S):
        fields = {}
        for line in m.group(2).splitlines():
            f = re.match(r"\s*pub (\w+): (.+),\s*$", line)
            if f:
                fields[camel(f.group(1))] = f.group(2).strip()
        out[m.group(1)] = fields
    kinds = re.search(r"pub enum PayerKind \{(.*?)\}", src, re.S).group(1)
    variants = [re.sub(r"(?<!^)([A-Z])", r"_\1", v).upper() for v in re.findall(r"(\w+),", kinds)]
    fmt = re.search(r'pub const FORMAT: &str = "([^"]+)"', src).group(1)
    return out, set(variants), fmt


STRUCTS, KINDS, FORMAT = rust_structs()


def check_type(value, rtype, where):
    rtype = rtype.strip()
    if rtype.startswith("Option<"):
        if value is None:
            return
        return check_type(value, rtype[7:-1], where)
    if rtype == "String":
        ok = isinstance(value, str)
    elif rtype in ("u32", "i64"):
        ok = isinstance(value, int) and not isinstance(value, bool) and (rtype == "i64" or value >= 0)
    elif rtype == "bool":
        ok = isinstance(value, bool)
    elif rtype == "PayerKind":
        ok = value in KINDS
    elif rtype.startswith("Vec<"):
        inner = rtype[4:-1]
        if not isinstance(value, list):
            return bad(f"{where}: expected a list")
        for i, v in enumerate(value):
            check_type(v, inner, f"{where}[{i}]")
        return
    elif rtype.startswith("BTreeMap<String, "):
        inner = rtype[len("BTreeMap<String, "):-1]
        if not isinstance(value, dict):
            return bad(f"{where}: expected an object")
        for k, v in value.items():
            check_type(v, inner, f"{where}.{k}")
        return
    elif rtype in STRUCTS:
        return check_struct(value, rtype, where)
    else:
        return bad(f"{where}: check script does not know Rust type {rtype}")
    if not ok:
        bad(f"{where}: {value!r} is not a valid {rtype}")


def check_struct(obj, name, where):
    if not isinstance(obj, dict):
        return bad(f"{where}: expected an object for {name}")
    fields = STRUCTS[name]
    extra = set(obj) - set(fields)
    missing = set(fields) - set(obj)
    if extra:
        bad(f"{where}: unknown fields {sorted(extra)} (deny_unknown_fields)")
    if missing:
        bad(f"{where}: missing fields {sorted(missing)} (profiles spell every field out)")
    for k, rtype in fields.items():
        if k in obj:
            check_type(obj[k], rtype, f"{where}.{k}")


# ---------- cases ----------
def load_cases():
    cases = []
    for f in sorted((SEED / "cases").glob("*.json")):
        for c in json.loads(f.read_text())["cases"]:
            cases.append((f.name, c))
    return cases


def primary_payer(c):
    prim = [cv["payer"] for cv in c["coverages"] if cv["priority"] == "PRIMARY"]
    return prim[0] if prim else None


# ---------- run ----------
def main():
    profiles = {}
    for slug in SLUGS:
        path = PAYERS_DIR / f"{slug}.json"
        if not path.exists():
            bad(f"{path.name}: missing")
            continue
        try:
            p = json.loads(path.read_text())
        except json.JSONDecodeError as e:
            bad(f"{path.name}: does not parse: {e}")
            continue
        profiles[slug] = p
        check_struct(p, "PayerProfile", slug)
        check_profile(slug, p)
    extra_files = {f.stem for f in PAYERS_DIR.glob("*.json")} - set(SLUGS)
    for s in sorted(extra_files):
        warn(f"{s}.json: not one of the payers the cases use")

    cases = load_cases()
    outpatient = [(fn, c) for fn, c in cases if c["setting"] != "INPATIENT" and not c.get("scenario")]
    case_codes = {l["code"] for _, c in outpatient for l in c["key"]["procedures"]}

    for slug, p in profiles.items():
        fs = p.get("feeSchedule", {})
        skip = NOT_PRICED.get(slug, {})
        if slug in INPATIENT_ONLY:
            if fs or any(c["setting"] != "INPATIENT" and primary_payer(c) == slug for _, c in cases):
                bad(f"{slug}: pays inpatient claims only (no fee schedule, no outpatient case)")
            continue
        for code in sorted((case_codes | set(SCENARIO_CODES)) - set(fs) - set(skip)):
            if code in SCENARIO_CODES and not proc_exists(code):
                warn(f"{slug}: scenario code {code} is not priced because it is missing from the code catalogues")
            else:
                bad(f"{slug}: feeSchedule lacks {code} (billed by a case or a scenario)")
        for code in sorted(set(skip) & set(fs)):
            bad(f"{slug}: {code} is priced although NOT_PRICED says the payer does not pay it")
        for code in sorted(set(p.get("priorAuthorization", [])) & case_codes):
            bad(f"{slug}: priorAuthorization lists {code}, which an existing case bills")
        if any(c["setting"] == "INPATIENT" and primary_payer(c) == slug for _, c in cases) and not p.get("inpatientBaseRateCents"):
            bad(f"{slug}: inpatient cases use this payer but inpatientBaseRateCents is empty")

    n_checked = 0
    for fn, c in outpatient:
        slug = primary_payer(c)
        where = f"{fn}:{c['slug']}"
        if slug not in profiles:
            bad(f"{where}: primary payer {slug} has no profile")
            continue
        p = profiles[slug]
        n_checked += 1
        dx = [d["code"] for d in c["key"]["diagnoses"]]
        letters = "ABCDEFGHIJKL"
        lines = c["key"]["procedures"]
        for l in lines:
            if l["code"] in p.get("priorAuthorization", []):
                bad(f"{where}: {l['code']} needs prior authorization at its primary payer {slug}")
            if l["code"] not in p.get("feeSchedule", {}):
                bad(f"{where}: {l['code']} is not in {slug}'s feeSchedule")
            pointed = [dx[letters.index(x)] for x in l["pointers"] if letters.index(x) < len(dx)]
            for pol in p.get("coveragePolicies", []):
                if l["code"] in pol["procedures"]:
                    if not any(matches(s, d) for s in pol["supportingDiagnoses"] for d in pointed):
                        bad(f"{where}: {l['code']} points at {pointed}, none supports it under {slug} policy {pol['id']}")
            # informational NCCI checks
            m = MUE.get(l["code"])
            if p.get("mueEnforced") and m and l["units"] > int(m["mue"]) and m["mai"] == "1":
                warn(f"{where}: {l['code']} x{l['units']} exceeds the teaching MUE {m['mue']} (MAI 1) at {slug}")
        codes_mods = [(l["code"], set(l["modifiers"]), (l.get("alternate") or {}).get("group"),
                       (l.get("alternate") or {}).get("option")) for l in lines]
        for r in PTP:
            for c1, _, g1, o1 in codes_mods:
                for c2, m2, g2, o2 in codes_mods:
                    if c1 == r["column1"] and c2 == r["column2"]:
                        if g1 and g1 == g2 and o1 != o2:
                            continue
                        if r["modifier_indicator"] == "0" or not (m2 & PTP_BYPASS):
                            warn(f"{where}: NCCI pair {c1}/{c2} (indicator {r['modifier_indicator']}) would deny {c2} at {slug}")
        if p.get("sexEdits"):
            sex = c["patient"]["sex"]
            for d in dx:
                r = ICD.get(d.replace(".", ""))
                if r and r.get("sex_fy2024") and r["sex_fy2024"] != sex:
                    bad(f"{where}: {d} is a {r['sex_fy2024']}-only diagnosis, patient is {sex}; {slug} applies sex edits")

    check_charge_master(profiles)

    for w in warnings:
        print("WARNING", w)
    for pr in problems:
        print("PROBLEM", pr)
    print(f"{len(profiles)} payer profiles, {n_checked} non-inpatient cases checked against their primary payer, "
          f"{len(problems)} problem(s), {len(warnings)} warning(s)")
    return 1 if problems else 0


def check_profile(slug, p):
    w = slug
    if p.get("format") != FORMAT:
        bad(f"{w}: format must be {FORMAT}")
    if p.get("slug") != slug:
        bad(f"{w}: slug {p.get('slug')!r} does not match the file name")
    if p.get("ptpDenialReason") not in ("236", "97"):
        bad(f"{w}: ptpDenialReason must be 236 or 97")
    if p.get("terminatedGroup") not in ("CO", "PR"):
        bad(f"{w}: terminatedGroup must be CO or PR")
    if p.get("kind") == "MEDICARE" and p.get("terminatedGroup") != "PR":
        warn(f"{w}: Medicare reports terminated coverage as PR-27")
    if not re.fullmatch(r"[A-Z0-9]{5}", str(p.get("payerId", ""))):
        bad(f"{w}: payerId should be an invented 5-character id")
    if not (0 < p.get("defaultAllowedPercent", 0) <= 100):
        bad(f"{w}: defaultAllowedPercent out of range")
    for code in p.get("priorAuthorization", []):
        if not proc_exists(code):
            bad(f"{w}: priorAuthorization code {code} is not in the code catalogues")
    ids = set()
    for pol in p.get("coveragePolicies", []):
        pw = f"{w}: policy {pol.get('id')}"
        if pol.get("id") in ids:
            bad(f"{pw}: duplicate id")
        ids.add(pol.get("id"))
        if pol.get("reason") not in ("50", "11"):
            bad(f"{pw}: reason must be 50 or 11")
        if pol.get("remark") not in ("N115", "N386"):
            bad(f"{pw}: remark must be N115 or N386")
        if p.get("kind") != "MEDICARE" and pol.get("remark") == "N386":
            bad(f"{pw}: N386 (NCD) is Medicare's; use N115")
        if not pol.get("supportingDiagnoses") or not pol.get("procedures"):
            bad(f"{pw}: empty procedures or supportingDiagnoses")
        for code in pol.get("procedures", []):
            if not proc_exists(code):
                warn(f"{pw}: procedure {code} is not in cpt_catalogue.tsv or hcpcs_curated.tsv yet (the policy waits for it)")
        for d in pol.get("supportingDiagnoses", []):
            err = icd_pattern_ok(d)
            if err:
                bad(f"{pw}: {err}")
        for d in pol.get("supportingDiagnoses", []):
            if d.startswith("Z13") or d == "R53.83":
                if pol.get("procedures") == ["82306"]:
                    bad(f"{pw}: vitamin D testing must not be supported by screening or fatigue ({d})")
    ids = set()
    for fl in p.get("frequencyLimits", []):
        fw = f"{w}: frequency limit {fl.get('id')}"
        if fl.get("id") in ids:
            bad(f"{fw}: duplicate id")
        ids.add(fl.get("id"))
        if fl.get("remark") not in ("M86", "N117"):
            bad(f"{fw}: remark must be M86 or N117")
        if fl.get("remark") == "N117" and fl.get("periodMonths", 0) < 1200:
            bad(f"{fw}: N117 means once per lifetime; use a period of 1200 months or M86")
        if fl.get("max", 0) < 1 or fl.get("periodMonths", 0) < 1:
            bad(f"{fw}: max and periodMonths must be at least 1")
        for code in fl.get("codes", []):
            if not proc_exists(code):
                bad(f"{fw}: code {code} is not in the code catalogues")
    fs = p.get("feeSchedule", {})
    for code, cents in fs.items():
        if not re.fullmatch(r"[0-9A-Z]{5}", code):
            bad(f"{w}: feeSchedule key {code!r} is not a 5-character code without modifiers")
        if not proc_exists(code):
            bad(f"{w}: feeSchedule code {code} is not in cpt_catalogue.tsv or hcpcs_curated.tsv")
        if not isinstance(cents, int) or cents < 0:
            bad(f"{w}: feeSchedule {code} must be a non-negative number of cents")
    cs = p.get("costSharing", {})
    for cp in cs.get("copays", []):
        for pre in cp.get("prefixes", []):
            if not any(c.startswith(pre) for c in PROC):
                bad(f"{w}: copay prefix {pre} matches no catalogue code")
        if cp.get("amountCents", 0) <= 0:
            bad(f"{w}: copay amount must be positive")
    for pat in cs.get("preventive", []):
        if not proc_pattern_ok(pat):
            bad(f"{w}: preventive code {pat} is not in the code catalogues")
    if not (0 <= cs.get("coinsurancePercent", 0) <= 100):
        bad(f"{w}: coinsurancePercent out of range")
    ap = p.get("appeals", {})
    for carc in ap.get("overturnable", []):
        if carc not in CARC:
            bad(f"{w}: overturnable {carc} is not a CARC")
        if carc in NEVER_OVERTURNABLE:
            bad(f"{w}: CARC {carc} is not fixed by an appeal (correct, resubmit or write off)")
    if p.get("kind") == "MEDICARE":
        if ap.get("levelName") != "Redetermination" or ap.get("deadlineDays") != 120:
            bad(f"{w}: Medicare's first appeal level is a redetermination within 120 days")
        second = ap.get("secondLevel") or {}
        if second.get("levelName") != "Reconsideration" or second.get("deadlineDays") != 180:
            bad(f"{w}: Medicare's second appeal level is a QIC reconsideration within 180 days")
        if p.get("timelyFilingDays") != 365:
            bad(f"{w}: Medicare timely filing is 12 months from the date of service")


def check_charge_master(profiles):
    path = PAYERS_DIR / "charge_master.tsv"
    if not path.exists():
        return bad("charge_master.tsv: missing")
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["code", "charge_cents", "description"]:
            bad(f"charge_master.tsv: header must be code, charge_cents, description (got {header})")
        rows = {}
        for n, line in enumerate(f, start=2):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                bad(f"charge_master.tsv line {n}: expected 3 columns")
                continue
            code, cents, desc = parts
            if code in rows:
                bad(f"charge_master.tsv line {n}: duplicate {code}")
            if not cents.isdigit() or int(cents) <= 0:
                bad(f"charge_master.tsv line {n}: charge_cents must be a positive integer")
                continue
            if not desc.strip():
                bad(f"charge_master.tsv line {n}: empty description")
            if not proc_exists(code):
                bad(f"charge_master.tsv line {n}: {code} is not in the code catalogues")
            rows[code] = int(cents)
    priced = {}
    for slug, p in profiles.items():
        for code, cents in p.get("feeSchedule", {}).items():
            priced.setdefault(code, []).append((cents, slug))
    for code, amounts in sorted(priced.items()):
        top, who = max(amounts)
        if code not in rows:
            bad(f"charge_master.tsv: no row for {code} (priced by {who})")
        elif rows[code] < top:
            bad(f"charge_master.tsv: {code} charge {rows[code]} is below {who}'s allowed {top}")
    for code in sorted(set(rows) - set(priced)):
        warn(f"charge_master.tsv: {code} is in no fee schedule")


if __name__ == "__main__":
    sys.exit(main())
