"""The browser suite: the trainee's journeys in the real application, in the system
Chromium, against a real `practicum demo` server on a fresh database (see run.sh).

It proves, as the demo trainee would do it: signing in (a wrong password and a throttled
account each get a clear message), registering with an invitation code (errors beside the
field they name), signing out; coding a seeded case with the code search and the checks as
you type, submitting it and reading a 100 % score report, disputing a line; submitting a
claim of the claims-and-denials set, reading the denial, correcting it and seeing it paid,
then posting the remittance line by line (a wrong posting is refused, the right one posts);
the billing pages and the statement; sitting a practice exam (answers saved, a flag, the
navigator, the countdown) and reading its report; that documentation holding <script> and
<img onerror> runs nothing; the security headers, cookies and the silent refresh of the
access token; every page at 1280 and at 768 px wide with no serious or critical axe-core
violation, no console error and nothing wider than the screen. A failing step saves a
screenshot. It prints what it measured: first-load weight, keystroke-to-results time of the
code search, time to open a case.

usage: python3 suite.py BASE_URL SHOTS_DIR DATABASE_FILE
"""

import json
import os
import sqlite3
import sys
import time
import traceback
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import Api, Browser, wait_for_server

BASE, SHOTS, DB = sys.argv[1], sys.argv[2], sys.argv[3]
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
api = Api(BASE)
measured = {}
LETTERS = "ABCDEFGHIJKL"


def sign_in(b, who="trainee", email=None):
    b.go("/signin")
    b.type("E-mail", email or f"{who}@practicum.test")
    b.type("Password", "practicum-demo")
    b.button("Sign in").click()
    b.wait(lambda: "/signin" not in b.d.current_url, what="sign-in to finish")
    b.settle()


def case_by_slug(slug):
    d = api.call("{ caseSets(first: 100) { nodes { cases { id slug title } } } }", token=api.login("admin"))
    for s in d["caseSets"]["nodes"]:
        for c in s["cases"]:
            if c["slug"] == slug:
                return c
    raise AssertionError(f"no case {slug}")


def perfect(key):
    """What a coder who gets everything right enters (option 1 of any alternate)."""
    take = lambda l: not l.get("alternate") or l["alternate"]["option"] == 1
    dx = [d for d in key["diagnoses"] if take(d)]
    def letters(ptrs):
        out = []
        for p in ptrs:
            code = key["diagnoses"][ord(p) - ord("A")]["code"]
            pos = next((i for i, d in enumerate(dx) if d["code"] == code), None)
            if pos is not None:
                out.append(LETTERS[pos])
        return "".join(out)
    px = [dict(p, ptr=letters(p["pointers"])) for p in key["procedures"] if take(p)]
    return dx, px


# ---------------------------------------------------------------- journeys

def test_headers_cookies_and_first_load(b):
    with urllib.request.urlopen(urllib.request.Request(BASE + "/", headers={"Accept-Encoding": "gzip"})) as r:
        csp = r.headers["Content-Security-Policy"]
        html = r.read()
        assert r.headers["Content-Encoding"] == "gzip"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "no-referrer"
        cookie = r.headers["Set-Cookie"]
    for must in ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "require-trusted-types-for 'script'"]:
        assert must in csp, f"CSP lacks {must}: {csp}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp
    assert "practicum_csrf=" in cookie and "SameSite=Strict" in cookie, cookie
    import gzip
    page = gzip.decompress(html).decode()
    assert "<script>" not in page and "onload=" not in page, "inline script in the shell"
    asset = page.split('src="')[1].split('"')[0]
    with urllib.request.urlopen(urllib.request.Request(BASE + asset, headers={"Accept-Encoding": "gzip"})) as r:
        assert "immutable" in r.headers["Cache-Control"] and r.headers["Content-Encoding"] == "gzip"

    # First visit of a fresh browser: the sign-in page and everything it loads.
    b.go("/")
    assert b.d.current_url.endswith("/signin?next=%2F"), b.d.current_url
    first = b.d.execute_script("""
      const nav = performance.getEntriesByType('navigation')[0];
      return nav.transferSize + performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, 0);""")
    measured["first load, sign-in page (bytes transferred)"] = first
    assert first < 300_000, f"first load transferred {first} bytes"
    b.check_page("sign-in")

    # Signed in: the refresh token is in an HttpOnly cookie only /app/session receives.
    sign_in(b)
    cookies = b.d.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]
    refresh = [c for c in cookies if c["name"] == "practicum_refresh"]
    assert refresh and refresh[0]["httpOnly"] and refresh[0]["sameSite"] == "Strict" and refresh[0]["path"] == "/app/session", refresh
    assert "practicum_refresh" not in b.d.execute_script("return document.cookie")
    # The whole signed-in home page with an empty cache: shell, modules, API answers.
    b.d.execute_cdp_cmd("Network.enable", {})
    b.d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    b.go("/")
    home = b.d.execute_script("""
      const nav = performance.getEntriesByType('navigation')[0];
      return nav.transferSize + performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, 0);""")
    measured["first load, signed-in home with API answers (bytes transferred)"] = home
    assert home < 300_000, f"home transferred {home} bytes"
    b.d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})

    # A reload keeps the session (the cookie), and the access token is renewed silently: the
    # suite's server issues 40-second tokens, so wait for a refresh and use the page after it.
    before = audit_count("session.refresh")
    b.go("/cases")
    b.wait(lambda: audit_count("session.refresh") > before, timeout=40, what="a silent refresh")
    b.button("Home").click()
    b.settle()
    assert "Welcome" in b.text("h1")


def audit_count(action):
    with sqlite3.connect(DB) as con:
        return con.execute("SELECT count(*) FROM audit_log WHERE action = ?", (action,)).fetchone()[0]


def test_sign_in_errors_register_and_sign_out(b):
    b.go("/signin")
    b.type("E-mail", "trainee@practicum.test")
    b.type("Password", "not the password")
    b.button("Sign in").click()
    err = b.wait(lambda: next((e for e in b.all(".field-error") if e.is_displayed()), None), what="wrong-password message")
    assert "do not match" in err.text, err.text
    # An account throttled after repeated failures says how long to wait.
    for _ in range(6):
        b.type("E-mail", "locked-out@practicum.test")
        b.type("Password", "guess guess guess")
        b.button("Sign in").click()
        b.wait(lambda: b.button("Sign in").is_enabled(), what="the form to come back")
    msg = " ".join(e.text for e in b.all(".field-error, .alert") if e.is_displayed())
    assert "Too many attempts" in msg and "Wait" in msg, msg
    b.check_page("sign-in with errors")

    instructor = api.login("instructor")
    me = api.call("{ me { organization { id cohorts(first: 5) { nodes { id } } } } }", token=instructor)["me"]["organization"]
    code = api.call("mutation($i:CreateInvitationInput!){ createInvitation(input:$i){ code } }",
                    {"i": {"organizationId": me["id"], "role": "TRAINEE", "cohortId": me["cohorts"]["nodes"][0]["id"], "maxUses": 1}},
                    token=instructor)["createInvitation"]["code"]
    b.go("/register")
    b.check_page("register")
    b.type("Invitation code", code)
    b.type("Your name", "Robin Newcomer")
    b.type("E-mail", "robin.newcomer@practicum.test")
    b.type("Password", "short")
    b.button("Create account").click()
    slot = b.wait(lambda: b.d.execute_script(
        "const s = document.querySelector('[data-field=password] .field-error'); return s && !s.hidden ? s : null"),
        what="the password error beside the password")
    assert "12" in slot.text, slot.text
    assert b.field("Password").get_attribute("aria-invalid") == "true"
    b.type("Password", "a long enough password")
    b.button("Create account").click()
    b.wait(lambda: b.d.current_url.rstrip("/") == BASE, what="home after registering")
    b.settle()
    assert "Robin Newcomer" in b.text("h1") and "Demo School" in b.text("main")
    b.button("Sign out").click()
    b.wait(lambda: "/signin" in b.d.current_url, what="the sign-in page")
    b.go("/")
    assert "/signin" in b.d.current_url, "still signed in after signing out"


def test_code_a_case_and_read_the_score(b):
    case = case_by_slug("em-est-dm2-ckd-htn-99214")
    key = api.call("query($c:ID!){ answerKey(caseId:$c){ key } }", {"c": case["id"]}, token=api.login("admin"))["answerKey"][0]["key"]
    dx, px = perfect(key)
    # The instructor assigns the set to the demo cohort (as the instructor's console will).
    instructor = api.login("instructor")
    cohort = api.call("{ me { organization { cohorts(first: 5) { nodes { id } } } } }", token=instructor)["me"]["organization"]["cohorts"]["nodes"][0]["id"]
    sets = api.call("{ caseSets(first: 100) { nodes { id slug } } }", token=instructor)["caseSets"]["nodes"]
    set_id = next(s["id"] for s in sets if s["slug"] == "cpc-em-medicine")
    now = time.time()
    iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    api.call("mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id } } }", {"i": {
        "cohortId": cohort, "caseSetId": set_id, "mode": "PRACTICE", "feedbackPolicy": "IMMEDIATE",
        "opensAt": iso(now - 3600), "closesAt": iso(now + 14 * 86400)}}, token=instructor)

    sign_in(b)
    assignments = b.text("#h-assign + *")
    assert "E/M, preventive and medicine services" in assignments and "Due" in assignments and "0 of 15 cases submitted" in assignments, assignments
    b.button("E/M, preventive and medicine services").click()
    b.arrive("/cases?set=")
    b.check_page("case library")
    b.find(f"a[href^='/cases/{case['id']}?assignment=']").click()
    b.arrive(f"/cases/{case['id']}")
    assert "counts for your assignment" in b.text("main")
    measured["open a case page (ms)"] = round(b.measures("page /cases/:id")[-1])
    b.check_page("case page")
    b.button("Start coding").click()
    b.arrive("/attempts/")
    measured["open the case workspace (ms)"] = round(b.measures("page /attempts/:id")[-1])
    attempt_url = b.d.current_url

    # The code book: results as you type, a result opens its notes.
    search = b.field("Search the code sets")
    search.send_keys("type 2 diabetes chronic kidney")
    b.find("button.result")
    b.wait(lambda: b.measures("code-search"), what="a search measure")
    first = b.all("button.result")[0]
    assert "E11" in first.text, first.text
    first.click()
    detail = b.find(".code-detail")
    b.wait(lambda: "Add as diagnosis" in detail.text, what="the code's detail")
    search.clear()
    for word in ["hyp", "ert", "ens"]:
        search.send_keys(word)
        b.wait(lambda: len(b.measures("code-search")) >= 2, what="another search")
    measured["code search, keystroke to results, 120 ms debounce included (ms)"] = [round(x) for x in b.measures("code-search")]
    measured["code search, request to results drawn (ms)"] = [round(x) for x in b.measures("code-search-request")]
    b.check_page("workspace with search")

    # The coding form, typed as a coder types: Enter opens the next line.
    for i, d in enumerate(dx):
        b.type(f"Diagnosis {LETTERS[i]} code", d["code"])
        if i < len(dx) - 1:
            b.field(f"Diagnosis {LETTERS[i]} code").send_keys(Keys.ENTER)
    for i, p in enumerate(px):
        n = i + 1
        if n > 1:
            b.field(f"Service line {n - 1} code").send_keys(Keys.ENTER)
        b.type(f"Service line {n} code", p["code"])
        b.type(f"Service line {n} modifiers", " ".join(p["modifiers"]))
        b.type(f"Service line {n} units", str(p["units"]))
        b.type(f"Service line {n} diagnosis pointers", p["ptr"])
    want = len(dx) + len(px)
    b.wait(lambda: len([c for c in b.all(".line-check.ok") if c.text.startswith("✓")]) == want, what="every line checked valid")
    b.wait(lambda: b.find(".save-state").text.startswith("Saved"), what="the draft to save")
    b.screenshot("workspace-1280")
    b.check_page("workspace filled in")

    # The draft survives a reload.
    b.go(attempt_url.replace(BASE, ""))
    assert b.field("Diagnosis A code").get_attribute("value").replace(".", "") == dx[0]["code"].replace(".", "")

    b.button("Submit for scoring").click()
    b.confirm_dialog("Submit")
    b.wait(lambda: "Score report" in b.text("h1"), what="the score report")
    b.settle()
    assert "100.0 %" in b.text("main"), b.text("main")[:500]
    b.check_page("score report")

    # A dispute needs a citation: the error shows beside the field, then it is sent.
    b.all("button[aria-label^='Dispute the line']")[0].click()
    b.find("dialog[open]")
    b.button("Send dispute").click()
    slot = b.wait(lambda: b.d.execute_script(
        "const s = document.querySelector('dialog [data-field=citation] .field-error'); return s && !s.hidden ? s : null"),
        what="the citation error in the dialog")
    assert slot.text, "empty error"
    b.type("Guideline or reference", "ICD-10-CM I.C.4.a")
    b.type("Your reasoning", "Checking the combination code rule.")
    b.button("Send dispute").click()
    b.wait(lambda: "Disputed" in b.text("main"), what="the dispute to show")

    b.go("/")
    assert b.all("figure.chart-figure svg"), "no progress chart"
    assert case["title"] in b.text("main")
    assert "1 of 15 cases submitted" in b.text("#h-assign + *"), b.text("#h-assign + *")
    b.check_page("home with progress")
    b.screenshot("home-1280", full=True)


def test_claim_denied_corrected_paid_and_posted(b):
    case = case_by_slug("den-mod25-em-punch-biopsy")
    sign_in(b)
    b.go("/claims")
    b.check_page("claims")
    from selenium.webdriver.support.ui import Select
    Select(b.field("Case")).select_by_visible_text(case["title"])
    b.button("Start the claim").click()
    b.wait(lambda: "/claims/" in b.d.current_url, what="the new claim")
    b.settle()
    assert "Draft" in b.text("main")
    b.check_page("claim draft")
    b.button("Submit claim").click()
    b.wait(lambda: b.all("#h-remit"), what="the remittance")
    b.settle()
    remit = b.text("#h-remit").lower()
    main = b.text("main")
    assert "denied" in remit or "partially paid" in remit, remit
    assert "CO-" in main and "How the payer decided" in main, main[:800]
    b.check_page("denied claim")
    b.screenshot("claim-denied-1280", full=True)

    b.button("Correct the claim (frequency 7)").click()
    b.wait(lambda: "Replacement" in b.text("main") and "Draft" in b.text("main"), what="the corrected draft")
    b.type("Line 1 modifiers", "25")
    b.button("Submit claim").click()
    b.wait(lambda: b.all("#h-remit"), what="the new remittance")
    b.settle()
    assert "Paid" in b.text("#h-remit"), b.text("#h-remit")
    assert "Resolved" in b.text("main"), "claim work not resolved"
    claim_id = b.d.current_url.rstrip("/").split("/")[-1]

    # The 837P of the claim downloads as an X12 file.
    downloads = os.path.join(SHOTS, "downloads")
    os.makedirs(downloads, exist_ok=True)
    b.d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    b.button("Download 837P").click()
    target = os.path.join(downloads, f"claim-{claim_id}.837p.x12")
    b.wait(lambda: os.path.exists(target) and open(target).read().startswith("ISA*"), what="the 837P download")

    b.button("Post this remittance").click()
    b.settle()
    b.check_page("patient account")
    token = api.login("trainee")
    r = api.call("query($id:ID!){ claim(id:$id){ remittance { lines { line paid adjustments { group reason amount } } } } }",
                 {"id": claim_id}, token=token)["claim"]["remittance"]
    # A wrong posting is scored and refused.
    b.button("Post").click()
    b.wait(lambda: "Not posted" in b.text("main"), what="the refused posting")
    assert "Not right" in b.text("main")
    for l in r["lines"]:
        amounts = {"paid": l["paid"], "contractual": 0, "deductible": 0, "coinsurance": 0, "copay": 0}
        for a in l["adjustments"]:
            slot = {("CO", "45"): "contractual", ("PR", "1"): "deductible", ("PR", "2"): "coinsurance", ("PR", "3"): "copay"}.get((a["group"], a["reason"]))
            assert slot, f"unexpected adjustment {a}"
            amounts[slot] += a["amount"]
        for name, cents in amounts.items():
            b.type(f"Line {l['line']} {name}", f"{cents / 100:.2f}")
    b.button("Post").click()
    b.wait(lambda: "Posted: every line is right" in b.text("main"), what="the posting")
    b.wait(lambda: "Payer payment" in b.text("main"), what="the payment in the ledger", timeout=30)
    b.check_page("account after posting")
    b.screenshot("account-1280", full=True)

    b.go("/billing")
    b.check_page("billing")
    b.go(f"/accounts/{case['id']}/statement")
    assert "Amount due" in b.text("main")
    b.check_page("statement")


def test_sit_a_practice_exam(b):
    sign_in(b)
    b.go("/exams")
    b.check_page("exams")
    b.button("Start the CCS practice exam").click()
    b.confirm_dialog("Start the exam")
    b.wait(lambda: "/exams/" in b.d.current_url, what="the sitting")
    b.settle()
    left = b.find(".countdown").text
    h, m, _ = (int(x) for x in left.split(":"))
    assert (h, m) <= (4, 0) and h >= 3, left
    b.check_page("exam sitting")
    b.find("ul.options input").click()
    b.wait(lambda: "Answer 1 saved" in b.find(".save-state").text, what="answer 1 saved")
    b.button("Next").click()
    b.find("#flag").click()
    b.wait(lambda: "flagged" in b.find(".nav-grid button[aria-label^='Question 2,']").get_attribute("class"), what="the flag")
    b.find(".nav-grid button[aria-label^='Question 41,']").click()
    boxes = b.all("ul.options input[type=checkbox]")
    assert len(boxes) >= 2, "question 41 is a select-all-that-apply scenario"
    boxes[0].click()
    b.wait(lambda: "Answer 41 saved" in b.find(".save-state").text, what="answer 41 saved")
    boxes[1].click()
    b.wait(lambda: "2 of 48 answered" in b.text(".navigator"), what="the navigator's count")
    b.check_page("exam, select all that apply")
    b.screenshot("exam-1280")
    b.button("Submit the exam").click()
    assert "46 unanswered" in b.find("dialog[open]").text
    b.confirm_dialog("Submit the exam")
    b.wait(lambda: "report" in b.text("h1"), what="the report")
    b.settle()
    assert "By section" in b.text("main") and "Question by question" in b.text("main")
    b.check_page("exam report")


HOSTILE = ('<script>window.pwned = "script"</script> <img src=x onerror="window.pwned = \'img\'"> '
           '<a href="javascript:window.pwned=1">link</a>')


def test_hostile_documentation_runs_nothing(b):
    instructor = api.login("instructor")
    org = api.call("{ me { organization { id } } }", token=instructor)["me"]["organization"]["id"]
    with open(os.path.join(REPO, "seed", "cases", "cpc-em-medicine.json"), encoding="utf-8") as f:
        doc = json.load(f)
    c = doc["cases"][0]
    c["slug"] = "hostile-markup"
    c["title"] = 'Hostile markup <img src=x onerror="window.pwned=1"> in a title'
    c["documents"][0]["body"] = f"## Note {HOSTILE}\n\n{HOSTILE}\n\n- item {HOSTILE}\n\n" + c["documents"][0]["body"]
    doc.update(slug="hostile-markup-set", title="Hostile markup", visibility="ORGANIZATION", cases=[c])
    d = api.call("mutation($i:ImportCaseSetInput!){ importCaseSet(input:$i){ caseSet { cases { id } } } }",
                 {"i": {"organizationId": org, "document": doc, "publish": True}}, token=instructor)
    case_id = d["importCaseSet"]["caseSet"]["cases"][0]["id"]
    sign_in(b)
    b.go(f"/cases/{case_id}")
    assert '<img src=x onerror="window.pwned=1">' in b.text("h1"), b.text("h1")
    b.button("Start coding").click()
    b.arrive("/attempts/")
    doc_text = b.text(".doc-pane")
    assert '<script>window.pwned = "script"</script>' in doc_text and "onerror=" in doc_text, doc_text[:400]
    assert b.d.execute_script("return window.pwned") is None, "hostile markup ran"
    assert not b.d.execute_script("return document.querySelectorAll('main script, main img, main iframe, .doc a').length")
    # And the page refuses HTML strings outright (Trusted Types), whatever code tried it.
    refused = b.d.execute_script("""
      try { document.querySelector('.doc').innerHTML = '<img src=x onerror="window.pwned=2">'; return false; }
      catch (e) { return String(e); }""")
    assert refused and "TrustedHTML" in refused, refused
    assert b.d.execute_script("return window.pwned") is None
    b.d.get_log("browser")  # the refusal above is reported as a CSP violation; it was ours


def test_pages_at_768_pixels(b):
    b.resize(768, 1024)
    token = api.login("trainee")
    attempts = api.call('{ myAttempts(first: 100) { nodes { id status } } }', token=token)["myAttempts"]["nodes"]
    claims = api.call("{ claims(first: 100) { nodes { id caseId remittance { status } } } }", token=token)["claims"]["nodes"]
    exams = api.call("{ myExamHistory { id status } }", token=token)["myExamHistory"]
    sign_in(b)
    case = case_by_slug("em-new-acute-cystitis-low-mdm")
    b.go(f"/cases/{case['id']}")
    b.button("Start coding").click()
    b.arrive("/attempts/")
    b.type("Diagnosis A code", "N30.00")
    b.wait(lambda: b.all(".line-check.ok"), what="the check")
    b.screenshot("workspace-768")
    paid = next(c for c in claims if c["remittance"] and c["remittance"]["status"] == "PAID")
    pages = ["/", "/cases", f"/cases/{case['id']}", f"/attempts/{[a for a in attempts if a['status'] == 'SUBMITTED'][0]['id']}",
             "/claims", f"/claims/{paid['id']}", f"/accounts/{paid['caseId']}", "/billing", "/exams", f"/exams/{exams[0]['id']}"]
    b.check_page("workspace at 768")
    for path in pages:
        b.go(path)
        b.check_page(f"{path} at 768")
    b.go(f"/claims/{paid['id']}")
    b.screenshot("claim-768", full=True)


JOURNEYS = [
    test_headers_cookies_and_first_load,
    test_sign_in_errors_register_and_sign_out,
    test_code_a_case_and_read_the_score,
    test_claim_denied_corrected_paid_and_posted,
    test_sit_a_practice_exam,
    test_hostile_documentation_runs_nothing,
    test_pages_at_768_pixels,
]


def main():
    wait_for_server(BASE)
    os.makedirs(SHOTS, exist_ok=True)
    only = os.environ.get("ONLY")
    failed = []
    for journey in JOURNEYS:
        if only and only not in journey.__name__:
            continue
        started = time.time()
        b = Browser(BASE, SHOTS)
        try:
            journey(b)
            print(f"ok    {journey.__name__} ({time.time() - started:.1f} s)", flush=True)
        except Exception:  # report every journey, then fail
            shot = b.screenshot(f"FAILED-{journey.__name__}")
            print(f"FAIL  {journey.__name__} ({time.time() - started:.1f} s): screenshot {shot}", flush=True)
            traceback.print_exc()
            failed.append(journey.__name__)
        finally:
            b.quit()
    print("measured:", json.dumps(measured, indent=1))
    with open(os.path.join(SHOTS, "measured.json"), "w", encoding="utf-8") as f:
        json.dump(measured, f, indent=1)
    if failed:
        sys.exit(f"{len(failed)} journey(s) failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
