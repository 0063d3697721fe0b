#!/usr/bin/env python3
"""Print what a second coder may see of a case set: each case's documentation and the facts on
its face (setting, dates, patient age and sex, payer, provider specialty), never its key, feedback
or scenario expectations. Cases are named by their position in the file ("Case 3"), not by their
slug, because a slug may name the answer (e.g. "...-e11-65-..."); after the blind coding,
`--map` prints which slug each position is.
Usage: python3 seed/cases/tools/blind.py FILE [POSITION ...]
       python3 seed/cases/tools/blind.py --map FILE"""
import datetime as dt
import json
import sys


def age_on(dob, day):
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def blind(n, case):
    dos = dt.date.fromisoformat(case["dateOfService"])
    p = case["patient"]
    age = age_on(dt.date.fromisoformat(p["dateOfBirth"]), dos)
    out = [f"## Case {n}", ""]
    out.append(f"- Setting: {case['setting']} (place of service {case['placeOfService']})")
    out.append(f"- Date of service: {case['dateOfService']}")
    stay = case.get("inpatient")
    if stay:
        out.append(
            f"- Admitted {stay['admissionDate']}, discharged {stay['dischargeDate']} "
            f"(discharge status {stay['dischargeStatus']})"
        )
    out.append(f"- Patient: {age}-year-old, sex {p['sex']}")
    payers = ", ".join(f"{c['payer']} ({c['priority'].lower()})" for c in case["coverages"])
    out.append(f"- Coverage: {payers}")
    out.append(f"- Provider: {case['provider']['specialty']}")
    if case.get("facility"):
        out.append(f"- Facility: {case['facility']['name']}")
    ra = case.get("riskAdjustment")
    if ra:
        m = ra["member"]
        out.append(
            f"- Risk adjustment, payment year {ra['paymentYear']}: member {m['ageFeb1']} on Feb 1, "
            f"sex {m['sex']}, {m['dualStatus']}, OREC {m['orec']}, {m['segment']}; mode {ra['mode']}"
        )
        if ra["mode"] == "AUDIT":
            out.append(f"- Codes the plan submitted: {', '.join(ra.get('submittedCodes', []))}")
    out.append("")
    for d in case["documents"]:
        out += [f"### {d['title']} ({d['kind']})", "", d["body"].strip(), ""]
    q = case.get("providerQuery") or {}
    if q.get("answer"):
        # The key is the coding after the provider's answer: the second coder codes from it too.
        a = q["answer"]
        out += [f"### {a['title']} ({a['kind']}; the provider's answer to a query)", "", a["body"].strip(), ""]
    return "\n".join(out)


def main(argv):
    if argv and argv[0] == "--map":
        for n, case in enumerate(json.load(open(argv[1]))["cases"], start=1):
            print(f"Case {n}: {case['slug']}")
        return
    data = json.load(open(argv[0]))
    wanted = set(argv[1:])
    print(f"# Case set {data['slug']}: documentation only\n")
    for n, case in enumerate(data["cases"], start=1):
        if not wanted or str(n) in wanted:
            print(blind(n, case))


if __name__ == "__main__":
    main(sys.argv[1:])
