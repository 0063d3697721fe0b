#!/usr/bin/env python3
"""Prepares a load run against a live server started by run.sh (standard library only).

Logs in the demo instructor and trainee, clones a public case set into the demo school so
the instructor may read its cases with their answer keys, and writes, into the work
directory: one request body per read case, the tokens, and for the write cases one prepared
request per line (token, tab, body): attempts already started, to submit with the key's
coding, and claim drafts already filled from the key, to submit. The write requests are
spread over TRAINEES registered trainees and every case of the set, as a class would spread
them, so that no trainee's history of one case grows to thousands of claims. Every timed
request is a valid operation that must answer without a GraphQL error.

usage: setup.py URL WORKDIR N   (N: how many attempts and claim drafts to prepare)
"""
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

URL, WORK, N = sys.argv[1], sys.argv[2], int(sys.argv[3])
PASSWORD = "practicum-demo"
LIBRARY_SET = "cpc-surgery"


def gql(query, variables=None, token=None):
    req = urllib.request.Request(
        URL + "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as resp:
        body = json.load(resp)
    if body.get("errors"):
        sys.exit(f"setup failed on {query[:60]}: {body['errors']}")
    return body["data"]


def login(who):
    q = "mutation($e:String!,$p:String!){ login(input:{email:$e,password:$p}){ accessToken } }"
    return gql(q, {"e": f"{who}@practicum.test", "p": PASSWORD})["login"]["accessToken"]


def write(name, text):
    with open(f"{WORK}/{name}", "w") as f:
        f.write(text)


def body(name, query, variables=None):
    write(name + ".json", json.dumps({"query": query, "variables": variables or {}}))


def submission(key):
    """The answer key as a trainee's submission (option 1 of alternatives, required lines)."""
    first = lambda line: not line.get("alternate") or line["alternate"]["option"] == 1
    dx = [d for d in key["diagnoses"] if first(d)]
    letters = {d["code"]: chr(65 + i) for i, d in enumerate(dx)}
    every = key["diagnoses"]
    procs = []
    for p in key["procedures"]:
        if not first(p) or p.get("optional"):
            continue
        ptrs = [letters[every[ord(x) - 65]["code"]] for x in p["pointers"] if every[ord(x) - 65]["code"] in letters]
        procs.append({"system": p["system"], "code": p["code"], "modifiers": p["modifiers"],
                      "units": p["units"], "pointers": ptrs})
    return [{"code": d["code"], "poa": d.get("poa")} for d in dx], procs


instructor, trainee = login("instructor"), login("trainee")
write("instructor.token", instructor)
write("trainee.token", trainee)

sets = gql("{ caseSets(first: 50) { edges { node { id slug cases { id slug } } } } }", token=instructor)
library = next(e["node"] for e in sets["caseSets"]["edges"] if e["node"]["slug"] == LIBRARY_SET)
clone = gql("mutation($id:ID!){ cloneCaseSet(input:{id:$id}){ caseSet { cases { id slug } } } }",
            {"id": library["id"]}, instructor)["cloneCaseSet"]["caseSet"]
# The clone keeps the order of the library set: its cases are copies of the library's.
own_case = clone["cases"][0]

body("ceiling", "{ __typename }")
body("typename", "{ __typename }")
body("code", "query($s:CodeSystem!,$c:String!){ code(system:$s, code:$c){ code description billable validFrom } }",
     {"s": "ICD10CM", "c": "E11.9"})
body("search", "query($q:String!){ searchCodes(query:$q, first:20){ edges { node { system code description billable } } } }",
     {"q": "diabetes with chronic kidney disease"})
body("case", "query($id:ID!){ case(id:$id){ title setting dateOfService documents { kind title body } "
     "patient { firstName lastName dateOfBirth sex coverages { payer memberId priority } } provider { name npi } "
     "facility { name npi } } answerKey(caseId:$id){ version current key } }", {"id": own_case["id"]})

# The write cases.
START = "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }"
SUBMIT_ATTEMPT = ("mutation($a:ID!,$s:SubmissionInput!){ submitAttempt(input:{attemptId:$a, submission:$s}){ "
                  "attempt { status score { percent } } } }")
CREATE = "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id } } }"
UPDATE = ("mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ updateClaim(input:{claimId:$id, "
          "diagnoses:$d, lines:$l}){ claim { id } } }")
SUBMIT_CLAIM = "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { status remittance { status paid } } } }"
TRAINEES = 50

REGISTER = ("mutation($e:String!){ register(input:{email:$e, password:\"load benchmark password\", "
            "displayName:\"Load Trainee\"}){ accessToken } }")
tokens = [gql(REGISTER, {"e": f"load-{i}@practicum.test"})["register"]["accessToken"] for i in range(TRAINEES)]
keys = []
for own, public in zip(clone["cases"], library["cases"]):
    versions = gql("query($c:ID!){ answerKey(caseId:$c){ current key } }", {"c": own["id"]}, instructor)
    keys.append((public["id"], submission(next(k["key"] for k in versions["answerKey"] if k["current"]))))


def line(token, query, variables):
    return token + "\t" + json.dumps({"query": query, "variables": variables})


def attempt(i):
    token, (case, (dx, procs)) = tokens[i % TRAINEES], keys[(i // TRAINEES) % len(keys)]
    aid = gql(START, {"c": case}, token)["startAttempt"]["attempt"]["id"]
    return line(token, SUBMIT_ATTEMPT, {"a": aid, "s": {"diagnoses": dx, "procedures": procs}})


def draft(i):
    token, (case, (dx, procs)) = tokens[i % TRAINEES], keys[(i // TRAINEES) % len(keys)]
    cid = gql(CREATE, {"c": case}, token)["createClaim"]["claim"]["id"]
    gql(UPDATE, {"id": cid, "d": dx, "l": procs}, token)
    return line(token, SUBMIT_CLAIM, {"id": cid})


with ThreadPoolExecutor(8) as pool:
    write("submitAttempt.requests", "\n".join(pool.map(attempt, range(N))) + "\n")
    write("submitClaim.requests", "\n".join(pool.map(draft, range(N))) + "\n")
print(f"prepared {N} attempts and {N} claim drafts over {TRAINEES} trainees and {len(keys)} cases")
