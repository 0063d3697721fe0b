#!/usr/bin/env python3
"""Checks case-set files (seed/cases/*.json) against the code tables in seed/codesets.

An authoring aid: the server enforces the same rules when it loads or imports a case set.
Usage: python3 seed/cases/tools/validate_cases.py seed/cases/*.json
Exit status 1 when any file has a problem; every problem is printed with its case and line.
A case's optional denial `scenario` is checked too (see "Scenarios" in ../FORMAT.md); the payer
profiles and charge master in seed/payers/ are consulted, when they exist, for the timely-filing,
prior-authorization, appeal and charge checks.
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
SETTINGS = {"OFFICE", "ED", "OUTPATIENT_HOSPITAL", "ASC", "INPATIENT", "OTHER", "RISK_ADJUSTMENT"}
DOC_KINDS = {"PROGRESS_NOTE", "HISTORY_AND_PHYSICAL", "OPERATIVE_REPORT", "PROCEDURE_NOTE", "RADIOLOGY_REPORT",
             "PATHOLOGY_REPORT", "LAB_REPORT", "ED_RECORD", "ANESTHESIA_RECORD", "DISCHARGE_SUMMARY", "CONSULTATION",
             "PROBLEM_LIST"}
PAYERS = {"medicare-part-a", "medicare-part-b", "state-medicaid", "bluecrest-ppo", "summit-hmo"}
TAGS = {"CPC:EM", "CPC:ANESTHESIA", "CPC:SURGERY_10000", "CPC:SURGERY_20000", "CPC:SURGERY_30000", "CPC:SURGERY_40000",
        "CPC:SURGERY_50000", "CPC:SURGERY_60000", "CPC:RADIOLOGY", "CPC:PATHOLOGY_LAB", "CPC:MEDICINE", "CPC:ICD10CM",
        "CPC:HCPCS", "CPC:MODIFIERS", "CPC:GUIDELINES", "CPC:COMPLIANCE", "CCS:DX_CODING", "CCS:PCS_CODING", "CCS:DRG",
        "CCS:POA", "CCS:SEQUENCING", "BILLING:CLAIMS", "BILLING:DENIALS",
        "RISK:HCC_CAPTURE", "RISK:RADV_AUDIT"}
CARC = {r["code"] for r in tsv("carc.tsv.gz")}
GROUPS = {"CO", "PR", "OA", "PI"}
SCENARIO_KINDS = {"COVERAGE_TERMINATED", "OTHER_PAYER_PRIMARY", "PRIOR_AUTH_MISSING", "MODIFIER_25_MISSING",
                  "NCCI_PAIR_MODIFIER", "MUE_UNITS", "DX_NOT_SUPPORTING", "MEDICAL_NECESSITY", "TIMELY_FILING",
                  "NON_BILLABLE_CODE", "AGE_CONFLICT", "ADDON_WITHOUT_PRIMARY", "FREQUENCY_LIMIT", "DUPLICATE"}
REMEDIES = {"CORRECT_CLAIM", "RESUBMIT", "APPEAL", "BILL_OTHER_PAYER", "BILL_PATIENT", "WRITE_OFF", "NO_ACTION"}
# The CARCs each kind of scenario is built to produce (None: a clearinghouse rejection).
KIND_REASONS = {
    "COVERAGE_TERMINATED": {"26", "27", "31"}, "OTHER_PAYER_PRIMARY": {"22"}, "PRIOR_AUTH_MISSING": {"197", "15"},
    "MODIFIER_25_MISSING": {"97", "236"}, "NCCI_PAIR_MODIFIER": {"97", "236"}, "MUE_UNITS": {"151"},
    "DX_NOT_SUPPORTING": {"50", "11"}, "MEDICAL_NECESSITY": {"50", "11"}, "TIMELY_FILING": {"29"},
    "NON_BILLABLE_CODE": {None}, "AGE_CONFLICT": {"9", "6"}, "ADDON_WITHOUT_PRIMARY": {"107"},
    "FREQUENCY_LIMIT": {"119"}, "DUPLICATE": {"18"},
}
# Denials an appeal never overturns (src/domain/adjudication/appeal.rs): no appeal rights, or fixed
# by a corrected claim rather than an appeal.
NOT_APPEALABLE = {"29", "16", "18", "31", "26", "27", "22", "4", "97", "236", "151", "107", "181", "182", "146",
                  "9", "10", "5"}
# Appeal grounds and the CARCs each answers (src/domain/adjudication/appeal.rs, Ground::answers).
GROUND_CARCS = {
    "MEDICAL_NECESSITY_MET": {"50", "11"}, "MODIFIER_SUPPORTED": {"4", "97", "236"},
    "UNITS_SUPPORTED": {"151"}, "FREQUENCY_EXCEPTION": {"119"},
    "PRIOR_AUTHORIZATION_OBTAINED": {"197", "15"}, "TIMELY_FILING_PROOF": {"29"},
    "COVERAGE_IN_EFFECT": {"27", "26"}, "NOT_A_DUPLICATE": {"18"},
}
SCENARIO_FIELDS = {"kind", "summary", "submittedOn", "billedPayer", "billed", "priorAuthorization", "history",
                   "appealSupported", "appeal", "expected", "remedy", "explanation", "guideline"}
LETTERS = "ABCDEFGHIJKL"


def payer_profiles():
    out = {}
    for path in sorted((SEED / "payers").glob("*.json")):
        try:
            p = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(p, dict) and p.get("slug"):
            out[p["slug"]] = p
    return out


PROFILES = payer_profiles()


def charge_master():
    path = SEED / "payers" / "charge_master.tsv"
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as f:
        return {r["code"] for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}


CHARGES = charge_master()
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
    if c.get("tier") is None:
        bad("no tier: every case of the public library is TEXTBOOK, CLINIC or REAL_WORLD (FORMAT.md, Tiers)")
    elif c["tier"] not in ("TEXTBOOK", "CLINIC", "REAL_WORLD"):
        bad(f"tier {c['tier']}")
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
    for who in ("provider", "facility"):
        if c.get(who) and len(c[who].get("name", "")) > 60:
            bad(f"{who} name is {len(c[who]['name'])} characters; a claim's name field holds 60")
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
    if c.get("tier") == "REAL_WORLD":
        low = 2500 if c["setting"] == "INPATIENT" else 1200
        if not low <= words <= 9000:
            bad(f"documentation has {words} words ({low}-9000 for a REAL_WORLD case)")
        if len(c["documents"]) < 2:
            bad("a REAL_WORLD record has several documents (at least two)")
    elif not 150 <= words <= 1200:
        bad(f"documentation has {words} words (150-1200)")
    key = c["key"]
    if c["setting"] == "RISK_ADJUSTMENT":
        check_risk(c, dos, dob, bad)
        return
    if c.get("riskAdjustment") is not None or key.get("conditions"):
        bad("riskAdjustment and key.conditions belong to RISK_ADJUSTMENT cases only")
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
        # The key's claim keeps option 1 of each alternate group: a main line must keep a pointer.
        main = (line.get("alternate") or {}).get("option", 1) == 1
        kept = [x for x in ptr if len(x) == 1 and 0 <= ord(x) - 65 < len(dx)
                and (dx[ord(x) - 65].get("alternate") or {}).get("option", 1) == 1]
        if main and ptr and not kept:
            bad(f"{tag}: every pointer names an alternate diagnosis the key's claim leaves out")
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
    if c.get("scenario") is not None:
        check_scenario(c, dos, age, bad)
    if c.get("providerQuery") is not None:
        check_provider_query(c, bad)


QUERY_FIELDS = {"needed", "ambiguity", "newDiagnosis", "indicators", "queryTypes", "reasonableOptions",
                "unsupported", "answer"}
QUERY_TYPES = {"MULTIPLE_CHOICE", "YES_NO", "OPEN_ENDED"}


def fold(text):
    return " ".join(text.split()).lower()


def check_provider_query(c, bad):
    """The provider-query script (FORMAT.md "Provider queries"; the server's rules are in
    src/domain/cases/query.rs)."""
    q = c["providerQuery"]
    if not isinstance(q, dict):
        return bad("providerQuery must be an object")
    for k in q:
        if k not in QUERY_FIELDS:
            bad(f"providerQuery: unknown field {k}")
    if not isinstance(q.get("needed"), bool):
        bad("providerQuery.needed must be true or false")
    amb = (q.get("ambiguity") or "").strip()
    if not amb or "\n" in amb or len(amb) > 300:
        bad("providerQuery.ambiguity: one line of 1-300 characters")
    record = [fold(d.get("body", "")) for d in c["documents"]]
    for i, ind in enumerate(q.get("indicators", [])):
        if not fold(ind) or not any(fold(ind) in r for r in record):
            bad(f"providerQuery.indicators[{i}]: '{ind}' is not found verbatim in any document")
    types = q.get("queryTypes", [])
    for i, t in enumerate(types):
        if t not in QUERY_TYPES:
            bad(f"providerQuery.queryTypes[{i}]: {t} is not one of {sorted(QUERY_TYPES)}")
        if types.count(t) > 1:
            bad(f"providerQuery.queryTypes[{i}]: listed twice")
        if t == "YES_NO" and q.get("newDiagnosis"):
            bad(f"providerQuery.queryTypes[{i}]: YES_NO is never compliant for a new diagnosis")
    if not q.get("needed"):
        if types or q.get("answer") is not None or q.get("newDiagnosis"):
            bad("providerQuery: a query that is not needed has no queryTypes, answer or newDiagnosis")
        return
    if not q.get("indicators"):
        bad("providerQuery.indicators: a needed query cites at least one")
    if not types:
        bad("providerQuery.queryTypes: a needed query allows at least one")
    reasonable = [fold(r) for r in q.get("reasonableOptions", [])]
    if "MULTIPLE_CHOICE" in types and len(reasonable) < 2:
        bad("providerQuery.reasonableOptions: a multiple-choice query offers at least two clinically reasonable options")
    for i, u in enumerate(q.get("unsupported", [])):
        if fold(u) in reasonable:
            bad(f"providerQuery.unsupported[{i}]: is also a reasonable option")
    a = q.get("answer")
    if not isinstance(a, dict):
        return bad("providerQuery.answer: a needed query has the provider's addendum {kind, title, body}")
    if a.get("kind") not in DOC_KINDS:
        bad(f"providerQuery.answer.kind: {a.get('kind')} is not a document kind")
    words = len((a.get("body") or "").split())
    if not 15 <= words <= 400:
        bad(f"providerQuery.answer.body: {words} words; an addendum has 15-400")
    if "signed" not in fold(a.get("body") or ""):
        bad("providerQuery.answer.body: an addendum is signed (say 'Electronically signed by ...')")
    if any(d.get("title") == a.get("title") for d in c["documents"]):
        bad("providerQuery.answer.title: must differ from the titles of the case's documents")
    key = c["key"]
    lines = key.get("diagnoses", []) + key.get("procedures", [])
    if not any("query" in fold(l.get("rationale", "")) for l in lines):
        bad("providerQuery: a key line's rationale says what the query's answer changed (mention the query)")


# RISK_ADJUSTMENT chart reviews (docs/risk-adjustment.md; the server's checks are
# src/domain/cases/validate_risk.rs, which also runs the V28 engine on the key).
PAYMENT_YEARS = {2026}
FY2023_END = dt.date(2023, 9, 30)  # the V28 mapping in seed/codesets/hcc is CMS's FY2023 list
REASONS = {"LISTED_ONLY", "HISTORICAL", "RULED_OUT", "UNCERTAIN_OUTPATIENT", "NOT_ACCEPTABLE_SOURCE",
           "WRONG_SPECIFICITY", "NOT_IN_DIAGNOSIS_YEAR"}
MEAT = {"MONITOR", "EVALUATE", "ASSESS", "TREAT"}
RA_FIELDS = {"paymentYear", "member", "mode", "submittedCodes"}
MEMBER_FIELDS = {"ageFeb1", "sex", "dualStatus", "orec", "segment"}
CONDITION_FIELDS = {"code", "status", "reason", "correctCode", "evidence", "rationale", "reference"}


def ra_code_problem(raw, dos):
    code = (raw or "").replace(".", "").upper()
    if raw and "." in raw and raw.index(".") != 3:
        return "misplaced dot"
    info = ICD.get(code)
    if not info:
        return "not an ICD-10-CM code"
    billable, start, end, _ = info
    if not billable:
        return "not billable (header)"
    if dos < start or (end and dos > end):
        return f"not valid on {dos}"
    if start > FY2023_END:
        return (f"new on {start}: the V28 mapping here is CMS's FY2023 list, so it maps to no HCC "
                "(docs/risk-adjustment.md, open points)")
    return None


def check_risk(c, dos, dob, bad):
    ra = c.get("riskAdjustment")
    if not isinstance(ra, dict):
        bad("a RISK_ADJUSTMENT case needs a riskAdjustment block")
        return
    for f in set(ra) - RA_FIELDS:
        bad(f"riskAdjustment: unknown field {f}")
    year = ra.get("paymentYear")
    if year not in PAYMENT_YEARS:
        bad(f"riskAdjustment.paymentYear {year}: the engine scores {sorted(PAYMENT_YEARS)}")
    elif dos.year != year - 1:
        bad(f"dateOfService {dos} is outside {year - 1}, the diagnosis year of payment year {year}")
    m = ra.get("member") or {}
    for f in set(m) - MEMBER_FIELDS:
        bad(f"riskAdjustment.member: unknown field {f}")
    if isinstance(year, int):
        age = age_on(dob, dt.date(year, 2, 1))
        if m.get("ageFeb1") != age:
            bad(f"riskAdjustment.member.ageFeb1 {m.get('ageFeb1')}, but the patient is {age} on {year}-02-01")
    if m.get("sex") != c["patient"].get("sex") or m.get("sex") not in ("F", "M"):
        bad(f"riskAdjustment.member.sex {m.get('sex')} must be F or M and match the patient")
    if m.get("dualStatus") not in ("NON_DUAL", "FULL_BENEFIT", "PARTIAL_BENEFIT"):
        bad(f"riskAdjustment.member.dualStatus {m.get('dualStatus')}")
    if m.get("orec") not in ("0", "1", "2", "3"):
        bad(f"riskAdjustment.member.orec {m.get('orec')!r}: \"0\", \"1\", \"2\" or \"3\"")
    if m.get("segment") not in ("COMMUNITY", "INSTITUTIONAL"):
        bad(f"riskAdjustment.member.segment {m.get('segment')}")
    key = c["key"]
    for f in ("diagnoses", "procedures", "pcs"):
        if key.get(f):
            bad(f"key.{f}: a RISK_ADJUSTMENT key lists key.conditions only")
    if key.get("expectedDrg"):
        bad("key.expectedDrg: a RISK_ADJUSTMENT key lists key.conditions only")
    conds = key.get("conditions") or []
    if not conds:
        bad("key.conditions: at least one condition")
    docs = c["documents"]
    seen = set()
    for i, k in enumerate(conds):
        tag = f"key.conditions[{i}] {k.get('code')}"
        for f in set(k) - CONDITION_FIELDS:
            bad(f"{tag}: unknown field {f}")
        problem = ra_code_problem(k.get("code"), dos)
        if problem:
            bad(f"{tag}: {problem}")
        code = (k.get("code") or "").replace(".", "").upper()
        if code in seen:
            bad(f"{tag}: keyed twice")
        seen.add(code)
        status, reason = k.get("status"), k.get("reason")
        ev = k.get("evidence") or {}
        if status == "SUPPORTED":
            if reason is not None:
                bad(f"{tag}: a SUPPORTED condition has no reason")
            if not ev.get("meat"):
                bad(f"{tag}: a SUPPORTED condition shows MEAT (MONITOR, EVALUATE, ASSESS, TREAT)")
        elif status == "NOT_SUPPORTED":
            if reason not in REASONS:
                bad(f"{tag}: NOT_SUPPORTED needs a reason, one of {sorted(REASONS)}")
        else:
            bad(f"{tag}: status {status} (SUPPORTED or NOT_SUPPORTED)")
        for x in ev.get("meat", []):
            if x not in MEAT:
                bad(f"{tag}: MEAT element {x}")
        if (reason == "WRONG_SPECIFICITY") != bool(k.get("correctCode")):
            bad(f"{tag}: correctCode goes with WRONG_SPECIFICITY, and only with it")
        elif k.get("correctCode"):
            problem = ra_code_problem(k["correctCode"], dos)
            if problem:
                bad(f"{tag}: correctCode {k['correctCode']}: {problem}")
            cc = k["correctCode"].replace(".", "").upper()
            if not any((x.get("code") or "").replace(".", "").upper() == cc and x.get("status") == "SUPPORTED"
                       for x in conds):
                bad(f"{tag}: correctCode {k['correctCode']} must also be a SUPPORTED condition of the key")
        d = ev.get("document")
        if not isinstance(d, int) or not 0 <= d < len(docs):
            bad(f"{tag}: evidence.document {d} is not a document index (0 to {len(docs) - 1})")
        else:
            sentence = (ev.get("sentence") or "").strip()
            if not sentence or sentence not in docs[d].get("body", ""):
                bad(f"{tag}: evidence.sentence not found verbatim in documents[{d}] ({docs[d].get('title')})")
        if not k.get("rationale") or not k.get("reference"):
            bad(f"{tag}: rationale and reference required")
    submitted = [s.replace(".", "").upper() for s in ra.get("submittedCodes") or []]
    if ra.get("mode") == "CAPTURE":
        if submitted:
            bad("riskAdjustment.submittedCodes: a CAPTURE review has none")
    elif ra.get("mode") == "AUDIT":
        if not submitted:
            bad("riskAdjustment.submittedCodes: an AUDIT review lists the plan's codes")
        if len(set(submitted)) != len(submitted):
            bad("riskAdjustment.submittedCodes: a code is listed twice")
        for s in submitted:
            if s not in seen:
                bad(f"riskAdjustment.submittedCodes {s}: no condition in the key (one per submitted code)")
        for k in conds:
            code = (k.get("code") or "").replace(".", "").upper()
            if code not in submitted and k.get("status") != "SUPPORTED":
                bad(f"key.conditions {k.get('code')}: not submitted, so a condition the plan missed: SUPPORTED")
    else:
        bad(f"riskAdjustment.mode {ra.get('mode')} (CAPTURE or AUDIT)")
    for fb in key.get("feedback", []):
        if not fb.get("message") or not fb.get("ifCoded"):
            bad("feedback needs ifCoded and message")


def iso(value):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def claim_form(diagnoses, lines, prior_auth):
    """A comparable form of a claim: diagnoses in order, lines with their pointers resolved to codes."""
    def line(l):
        pointed = tuple(diagnoses[LETTERS.index(x)] if x in LETTERS and LETTERS.index(x) < len(diagnoses) else x
                        for x in l.get("pointers", []))
        return (l.get("system"), l.get("code"), tuple(sorted(l.get("modifiers", []))), l.get("units"), pointed)
    return (tuple(diagnoses), tuple(sorted(line(l) for l in lines)), prior_auth or None)


def key_claim(c):
    """The claim a corrected submission carries: the key's lines (option 1 of each alternate group)."""
    key = c["key"]
    dx = [d["code"] for d in key.get("diagnoses", []) if not (d.get("alternate") or {}).get("option", 1) > 1]
    lines = [l for l in key.get("procedures", []) if not (l.get("alternate") or {}).get("option", 1) > 1]
    return dx, lines


def active_on(cov, day):
    start, end = iso(cov.get("effectiveDate")), iso(cov.get("terminationDate"))
    return start is not None and start <= day and (end is None or day <= end)


def check_scenario(c, dos, age, bad):
    s = c["scenario"]
    if not isinstance(s, dict):
        return bad("scenario must be an object")
    for k in sorted(set(s) - SCENARIO_FIELDS):
        bad(f"scenario: unknown field {k}")
    for k in ("kind", "summary", "submittedOn", "expected", "remedy", "explanation", "guideline"):
        if s.get(k) in (None, ""):
            bad(f"scenario: missing {k}")
    kind, remedy = s.get("kind"), s.get("remedy")
    if kind not in SCENARIO_KINDS:
        bad(f"scenario: kind {kind}")
    if remedy not in REMEDIES:
        bad(f"scenario: remedy {remedy}")
    submitted = iso(s.get("submittedOn"))
    if submitted is None:
        bad(f"scenario: submittedOn {s.get('submittedOn')} is not a date")
    elif submitted < dos:
        bad(f"scenario: submittedOn {submitted} is before the date of service {dos}")

    # payer billed and the coverage it rests on
    covs = c["coverages"]
    billed_payer = s.get("billedPayer")
    if billed_payer is None:
        prim = [cv for cv in covs if cv.get("priority") == "PRIMARY"]
        if not prim:
            bad("scenario: no billedPayer and no PRIMARY coverage to default to")
        billed_payer = prim[0]["payer"] if prim else None
        cov = prim[0] if prim else None
    else:
        if billed_payer not in PAYERS:
            bad(f"scenario: billedPayer {billed_payer} is not a known payer")
        matching = [cv for cv in covs if cv.get("payer") == billed_payer]
        if not matching:
            bad(f"scenario: billedPayer {billed_payer} is not one of the case's coverages")
        cov = matching[0] if matching else None
    if cov is not None:
        if kind == "COVERAGE_TERMINATED":
            if active_on(cov, dos):
                bad(f"scenario: COVERAGE_TERMINATED but the {billed_payer} coverage is active on {dos}")
        elif not active_on(cov, dos) and (s.get("expected") or {}).get("status") != "REJECTED":
            bad(f"scenario: the billed {billed_payer} coverage is not active on {dos}")
        if kind == "OTHER_PAYER_PRIMARY":
            if cov.get("priority") == "PRIMARY":
                bad("scenario: OTHER_PAYER_PRIMARY but the billed coverage is PRIMARY")
            if not any(cv is not cov and cv.get("priority") == "PRIMARY" and active_on(cv, dos) for cv in covs):
                bad("scenario: OTHER_PAYER_PRIMARY needs another PRIMARY coverage active on the date of service")

    # expected outcome
    exp = s.get("expected") or {}
    for k in sorted(set(exp) - {"status", "group", "reason"}):
        bad(f"scenario.expected: unknown field {k}")
    status, group, reason = exp.get("status"), exp.get("group"), exp.get("reason")
    if status == "REJECTED":
        if group is not None or reason is not None:
            bad("scenario.expected: a REJECTED claim has no group or reason")
    elif status == "DENIED":
        if group not in GROUPS:
            bad(f"scenario.expected: group {group} (CO, PR, OA or PI)")
        if reason not in CARC:
            bad(f"scenario.expected: reason {reason} is not a CARC")
        if reason == "18" and group != "OA":
            bad("scenario.expected: a duplicate (CARC 18) is reported with group OA")
    else:
        bad(f"scenario.expected: status {status} (DENIED or REJECTED)")
    if kind in KIND_REASONS and reason not in KIND_REASONS[kind]:
        bad(f"scenario: a {kind} scenario expects reason {sorted(r or 'none (REJECTED)' for r in KIND_REASONS[kind])}, not {reason}")
    if (status == "REJECTED") != (remedy == "RESUBMIT"):
        bad("scenario: a clearinghouse rejection (REJECTED) is remedied by RESUBMIT, and RESUBMIT only follows a rejection")
    appeal = s.get("appealSupported", False)
    if not isinstance(appeal, bool):
        bad("scenario: appealSupported must be true or false")
    elif appeal and remedy != "APPEAL":
        bad("scenario: appealSupported is only for an APPEAL remedy")
    elif remedy == "APPEAL" and not appeal:
        bad("scenario: an APPEAL remedy needs appealSupported (the documentation supports the service)")
    support = s.get("appeal")
    if remedy == "APPEAL" and not isinstance(support, dict):
        bad("scenario: an APPEAL remedy needs appeal: { ground, documents } (what wins the appeal)")
    if isinstance(support, dict):
        titles = {d.get("title") for d in c.get("documents", [])}
        if set(support) != {"ground", "documents"}:
            bad("scenario.appeal: exactly ground and documents")
        if support.get("ground") not in GROUND_CARCS:
            bad(f"scenario.appeal: unknown ground {support.get('ground')}")
        elif reason not in GROUND_CARCS[support["ground"]]:
            bad(f"scenario.appeal: ground {support['ground']} does not answer CARC {reason}")
        for t in support.get("documents") or []:
            if t not in titles:
                bad(f"scenario.appeal: '{t}' is not a document of the case")
        if not support.get("documents"):
            bad("scenario.appeal: name the documents that show the ground")
    if remedy == "APPEAL" and reason in NOT_APPEALABLE:
        bad(f"scenario: an appeal never overturns CARC {reason} (no appeal rights, or a corrected claim is the fix)")

    # the claim as first billed
    billed = s.get("billed")
    bdx, blines, bauth = None, None, None
    if billed is not None:
        if not isinstance(billed, dict):
            return bad("scenario.billed must be an object")
        for k in sorted(set(billed) - {"diagnoses", "lines", "priorAuthorization"}):
            bad(f"scenario.billed: unknown field {k}")
        bdx = billed.get("diagnoses") or []
        blines = billed.get("lines") or []
        bauth = billed.get("priorAuthorization")
        if not 1 <= len(bdx) <= 12:
            bad("scenario.billed: 1-12 diagnoses")
        for i, code in enumerate(bdx):
            tag = f"scenario.billed diagnosis {LETTERS[i] if i < 12 else i} {code}"
            if not isinstance(code, str) or ("." in code and code.index(".") != 3):
                bad(f"{tag}: misplaced dot")
                continue
            info = ICD.get(code.replace(".", "").upper())
            if not info:
                bad(f"{tag}: not an ICD-10-CM code")
                continue
            billable, start, end, flags = info
            if not billable and status != "REJECTED":
                bad(f"{tag}: a non-billable code is rejected by the clearinghouse; expected must be REJECTED")
            if (dos < start or (end and dos > end)) and status != "REJECTED" and reason != "146":
                bad(f"{tag}: not valid on {dos}; expected must be CO-146 or a rejection")
            for f in flags:
                if f in AGES and not AGES[f][0] <= age <= AGES[f][1] and reason not in ("9", "6"):
                    bad(f"{tag}: {f} code for a patient of {age}; expected must be an age conflict (CARC 9)")
        if not blines:
            bad("scenario.billed: no lines")
        for i, l in enumerate(blines):
            tag = f"scenario.billed line {i + 1} {l.get('code')}"
            for k in sorted(set(l) - {"system", "code", "modifiers", "units", "pointers"}):
                bad(f"{tag}: unknown field {k}")
            table = CPT if l.get("system") == "CPT" else HCPCS if l.get("system") == "HCPCS" else None
            if table is None:
                bad(f"{tag}: system must be CPT or HCPCS")
            elif str(l.get("code", "")).upper() not in table:
                bad(f"{tag}: not in the {l.get('system')} catalogue")
            mods = l.get("modifiers", [])
            if len(mods) > 4:
                bad(f"{tag}: more than 4 modifiers")
            for m in mods:
                if m not in MODS:
                    bad(f"{tag}: modifier {m} unknown")
            if not isinstance(l.get("units"), int) or l.get("units") < 1:
                bad(f"{tag}: units must be an integer >= 1")
            ptr = l.get("pointers", [])
            if not ptr or len(ptr) > 4:
                bad(f"{tag}: 1-4 diagnosis pointers")
            for x in ptr:
                if not (isinstance(x, str) and len(x) == 1 and x in LETTERS and LETTERS.index(x) < len(bdx)):
                    bad(f"{tag}: pointer {x} out of range")
        if bauth is not None and (not isinstance(bauth, str) or not bauth.strip()):
            bad("scenario.billed: priorAuthorization must be a non-empty string or null")

    auth = s.get("priorAuthorization")
    if auth is not None:
        if not isinstance(auth, str) or not auth.strip():
            bad("scenario: priorAuthorization must be a non-empty string or null")
        elif not any(auth in d.get("body", "") for d in c["documents"]):
            bad(f"scenario: authorization {auth} is not written in any document")

    # services the payer has already processed
    history = s.get("history", [])
    if not isinstance(history, list):
        bad("scenario.history must be a list")
        history = []
    for i, h in enumerate(history):
        tag = f"scenario.history {i + 1}"
        if not isinstance(h, dict):
            bad(f"{tag}: must be an object")
            continue
        for k in sorted(set(h) - {"payer", "code", "modifiers", "units", "dateOfService", "status"}):
            bad(f"{tag}: unknown field {k}")
        if h.get("payer") not in PAYERS:
            bad(f"{tag}: payer {h.get('payer')} unknown")
        if str(h.get("code", "")).upper() not in CPT and str(h.get("code", "")).upper() not in HCPCS:
            bad(f"{tag}: code {h.get('code')} is in neither catalogue")
        for m in h.get("modifiers", []):
            if m not in MODS:
                bad(f"{tag}: modifier {m} unknown")
        if not isinstance(h.get("units", 1), int) or h.get("units", 1) < 1:
            bad(f"{tag}: units must be an integer >= 1")
        hd = iso(h.get("dateOfService"))
        if hd is None:
            bad(f"{tag}: dateOfService {h.get('dateOfService')} is not a date")
        elif submitted and hd > submitted:
            bad(f"{tag}: dateOfService {hd} is after the claim was sent")
        if h.get("status") not in ("PAID", "DENIED"):
            bad(f"{tag}: status {h.get('status')} (PAID or DENIED)")

    # the corrected claim must differ from the first one
    kdx, klines = key_claim(c)
    if remedy in ("CORRECT_CLAIM", "RESUBMIT"):
        if billed is None:
            bad(f"scenario: a {remedy} remedy needs the billed claim with the mistake")
        elif claim_form(kdx, klines, auth) == claim_form(bdx, blines, bauth):
            bad(f"scenario: remedy {remedy} but the key's claim is identical to the billed one")
    if CHARGES is not None:
        for code in sorted({l.get("code") for l in (blines or []) + klines} - CHARGES):
            bad(f"scenario: {code} has no charge in seed/payers/charge_master.tsv (a $0 line is rejected)")
    sent_dx = bdx if billed is not None else kdx
    sent_lines = blines if billed is not None else klines
    sent_auth = bauth if billed is not None else None

    # kind-specific consistency
    if kind == "NON_BILLABLE_CODE" and not any(not ICD.get(x.replace(".", "").upper(), (True,))[0] for x in sent_dx):
        bad("scenario: NON_BILLABLE_CODE but every billed diagnosis is billable")
    if kind == "ADDON_WITHOUT_PRIMARY" and not any(CPT.get(l.get("code"), {}).get("add_on") == "1" for l in sent_lines):
        bad("scenario: ADDON_WITHOUT_PRIMARY but no billed line is an add-on code")
    if kind == "FREQUENCY_LIMIT" and not any(h.get("status") == "PAID" for h in history):
        bad("scenario: FREQUENCY_LIMIT needs a PAID history item")
    if kind == "DUPLICATE":
        sent = {(l.get("code"), tuple(sorted(l.get("modifiers", []))), l.get("units")) for l in sent_lines}
        if not any(h.get("status") == "PAID" and h.get("payer") == billed_payer and h.get("dateOfService") == c["dateOfService"]
                   and (h.get("code"), tuple(sorted(h.get("modifiers", []))), h.get("units", 1)) in sent for h in history):
            bad("scenario: DUPLICATE needs a PAID history item at the billed payer matching a billed line on the date of service")
    if kind == "PRIOR_AUTH_MISSING":
        if sent_auth and reason != "15":
            bad("scenario: PRIOR_AUTH_MISSING but the billed claim carries an authorization")
        if reason == "15" and (not sent_auth or (auth or "").strip().lower() == str(sent_auth).strip().lower()):
            bad("scenario: CARC 15 needs a billed authorization number that is not the one on file")
        if remedy == "CORRECT_CLAIM" and not auth:
            bad("scenario: PRIOR_AUTH_MISSING corrected by a new claim needs the authorization number on file")

    # payer profile checks (when the profiles exist)
    prof = PROFILES.get(billed_payer)
    if prof and submitted:
        late = (submitted - dos).days > int(prof.get("timelyFilingDays", 10 ** 6))
        if kind == "TIMELY_FILING" and not late:
            bad(f"scenario: TIMELY_FILING but {(submitted - dos).days} days is within {billed_payer}'s limit")
        if kind != "TIMELY_FILING" and late and status != "REJECTED":
            bad(f"scenario: sent {(submitted - dos).days} days after the date of service, past {billed_payer}'s limit")
        if kind == "PRIOR_AUTH_MISSING" and not any(l.get("code") in prof.get("priorAuthorization", []) for l in sent_lines):
            bad(f"scenario: PRIOR_AUTH_MISSING but no billed code is on {billed_payer}'s prior-authorization list")
        if remedy == "APPEAL" and reason not in prof.get("appeals", {}).get("overturnable", []):
            bad(f"scenario: {billed_payer} does not overturn CARC {reason} on appeal")


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
