"""Journeys of billing: a claims-and-denials claim denied, corrected, paid, downloaded as an
837P and posted line by line, a patient payment, a duplicate closed with nothing owed;
billing and the statement; a medical-necessity denial appealed through the dialog (the wrong
ground upheld with the reason, the right one with its records overturned at the second
level); then every page at 768 px."""

import os

from selenium.webdriver.support.ui import Select

from common import Target, case_by_slug, sign_in


def test_claim_denied_corrected_paid_and_posted(b):
    case = case_by_slug("den-mod25-em-punch-biopsy")
    sign_in(b)
    b.go("/claims")
    b.check_page("claims")
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
    downloads = os.path.join(Target.shots, "downloads")
    os.makedirs(downloads, exist_ok=True)
    b.d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    b.button("Download 837P").click()
    target = os.path.join(downloads, f"claim-{claim_id}.837p.x12")
    b.wait(lambda: os.path.exists(target) and open(target).read().startswith("ISA*"), what="the 837P download")

    b.button("Post this remittance").click()
    b.settle()
    b.check_page("patient account")
    token = Target.api.login("trainee")
    r = Target.api.call("query($id:ID!){ claim(id:$id){ remittance { lines { line paid adjustments { group reason amount } } } } }",
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
    # Posted, the remittance is no longer offered for posting.
    b.wait(lambda: f"Claim {claim_id} ·" not in b.text("main"), what="the posted remittance no longer offered")
    b.check_page("account after posting")
    b.screenshot("account-1280", full=True)

    # A patient payment lowers what the patient owes.
    token = Target.api.login("trainee")
    owed = Target.api.call("query($c:ID!){ patientAccount(caseId:$c){ patientBalance } }", {"c": case["id"]}, token=token)["patientAccount"]["patientBalance"]
    assert owed > 3000, owed
    b.type("Amount (negative for a refund)", "30.00")
    b.type("Reference (check number, last four)", "1042")
    b.button("Post the payment").click()
    left = f"${(owed - 3000) / 100:,.2f}"
    b.wait(lambda: left in b.text(".stats"), what=f"the patient balance to become {left}")

    # A duplicate the payer already paid is closed with nothing owed (the dialog's way).
    dup = case_by_slug("den-duplicate-resent-claim")
    b.go(f"/cases/{dup['id']}")
    b.button("Start a claim").click()
    b.arrive("/claims/")
    b.settle()
    # No practice claim to work here: the trainee codes the visit on the empty form (a draft
    # never carries the answer key), as the note documents it.
    admin = Target.api.login("admin")
    key = Target.api.call("query($c:ID!){ answerKey(caseId:$c){ key } }", {"c": dup["id"]}, token=admin)["answerKey"][0]["key"]
    for i, d in enumerate(key["diagnoses"]):
        b.type(f"Diagnosis {'ABCDEFGHIJKL'[i]} code", d["code"])
    for i, p in enumerate(key["procedures"]):
        b.button("Add a service line").click()
        b.type(f"Line {i + 1} procedure code", p["code"])
        b.type(f"Line {i + 1} diagnosis pointers", "".join(p["pointers"]))
    b.button("Submit claim").click()
    b.wait(lambda: b.all("#h-remit"), what="the duplicate's remittance")
    b.settle()
    assert "OA-18" in b.text("main"), b.text("main")[:600]
    b.button("Close the claim").click()
    b.find("dialog[open]")
    Select(b.field("What happens to the balance")).select_by_value("NO_ACTION")
    b.type("Note", "duplicate of the claim paid on the first submission")
    b.check_page("close dialog")
    b.find("dialog[open] button[type=submit]").click()
    b.wait(lambda: "Closed" in b.text(".page-head"), what="the closed claim")
    assert "Resolved" in b.text("main")

    b.go("/billing")
    b.check_page("billing")
    b.go(f"/accounts/{case['id']}/statement")
    assert "Amount due" in b.text("main")
    # From the practice, dated by service, with where to send payment.
    for want in ("Date of service", "Billing questions", "Please return this part with your payment", "PO Box"):
        assert want in b.text("main"), (want, b.text("main")[:800])
    b.check_page("statement")



def test_claim_appeal_argued_through_the_dialog(b):
    case = case_by_slug("den-medical-necessity-lipid-hypothyroidism-appeal")
    sign_in(b)
    b.go(f"/cases/{case['id']}")
    b.button("Start a claim").click()
    b.arrive("/claims/")
    b.settle()
    admin = Target.api.login("admin")
    key = Target.api.call("query($c:ID!){ answerKey(caseId:$c){ key } }", {"c": case["id"]}, token=admin)["answerKey"][0]["key"]
    for i, d in enumerate(key["diagnoses"]):
        b.type(f"Diagnosis {'ABCDEFGHIJKL'[i]} code", d["code"])
    for i, p in enumerate(key["procedures"]):
        b.button("Add a service line").click()
        b.type(f"Line {i + 1} procedure code", p["code"])
        b.type(f"Line {i + 1} diagnosis pointers", "".join(p["pointers"]))
    b.button("Submit claim").click()
    b.wait(lambda: b.all("#h-remit"), what="the remittance")
    b.settle()
    assert "CO-50" in b.text("main"), b.text("main")[:600]

    def appeal(ground, documents):
        b.button("Appeal a line").click()
        b.find("dialog[open]")
        assert Select(b.field("Denial answered (CARC)")).first_selected_option.get_attribute("value") == "50"
        Select(b.field("Remark answered (RARC)")).select_by_value("N386")
        Select(b.field("Ground")).select_by_value(ground)
        b.type("Why the denial is wrong", "NCD 190.23 lists hypothyroidism as an indication for lipid testing.")
        for title in documents:
            b.find(f"dialog[open] input[value='{title}']").click()
        b.check_page("appeal dialog")
        b.find("dialog[open] button[type=submit]").click()
        b.wait(lambda: not b.all("dialog[open]"), what="the decision")
        b.settle()

    # The wrong ground is upheld and the page says which ground answers the denial.
    appeal("FREQUENCY_EXCEPTION", ["Office visit"])
    b.wait(lambda: "Upheld" in b.text("main") and "MEDICAL_NECESSITY_MET" in b.text("main"), what="the upheld appeal")
    # The right ground with the records that show it wins at the reconsideration.
    appeal("MEDICAL_NECESSITY_MET", ["Office visit", "Laboratory report, 2026-03-24"])
    b.wait(lambda: "Overturned" in b.text("main"), what="the overturned appeal")
    assert "Paid" in b.text("#h-remit"), b.text("#h-remit")
    assert "Reconsideration" in b.text("main") or "reconsideration" in b.text("main"), b.text("main")[:800]
    assert "Resolved" in b.text("main"), "claim work not resolved"

def test_pages_at_768_pixels(b):
    b.resize(768, 1024)
    token = Target.api.login("trainee")
    attempts = Target.api.call('{ myAttempts(first: 100) { nodes { id status } } }', token=token)["myAttempts"]["nodes"]
    claims = Target.api.call("{ claims(first: 100) { nodes { id caseId remittance { status } } } }", token=token)["claims"]["nodes"]
    exams = Target.api.call("{ myExamHistory { id status } }", token=token)["myExamHistory"]
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
