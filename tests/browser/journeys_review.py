"""The instructor's review console on the seeded Demo Cohort. The school's own copy of a seeded
case (imported through the API, as the authoring console would) is coded by the demo trainee
(through the API: the coding pages have their own journeys), who also disputes a line. Then the
demo instructor, in the browser: opens the cohort's skills heat map and sees the trainee's
cell (with its count); opens the trainee, then the attempt's line-by-line report, and credits
the missing line with a reason (the score goes up); rejects the dispute in the inbox (it
leaves the inbox, the trainee reads the reason); on the key page, a wrong code is refused
beside its line, then a revised key (a line the trainee left out made optional) is previewed
(one attempt re-graded, its score going up), saved with a note, and the attempt's score
afterwards is exactly the previewed one; reads the item analysis of the case. Every page
at 1280 and 768 px passes the axe, console and width checks."""

import json
import os

from selenium.webdriver.common.by import By

from common import Target, sign_in

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def school_case(instructor):
    """A one-case ORGANIZATION set of the demo school, copied from the seeded library."""
    with open(os.path.join(ROOT, "seed", "cases", "cpc-em-medicine.json"), encoding="utf-8") as f:
        doc = json.load(f)
    doc["slug"] = "review-journey"
    doc["title"] = "Review journey copy"
    doc["visibility"] = "ORGANIZATION"
    doc["cases"] = [doc["cases"][1]]
    doc["cases"][0]["slug"] = "review-journey-dm2-ckd"
    doc["cases"][0]["title"] = "School copy: " + doc["cases"][0]["title"]
    org = Target.api.call("{ me { organization { id } } }", token=instructor)["me"]["organization"]["id"]
    d = Target.api.call("mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d, publish:true}){ caseSet { cases { id title } } } }",
                        {"o": org, "d": doc}, token=instructor)
    return d["importCaseSet"]["caseSet"]["cases"][0], doc["cases"][0]["key"]


def submit(trainee, case_id, key):
    """The trainee codes every diagnosis but Z79.84 and N18.31, and the visit; then disputes the
    visit line."""
    a = Target.api.call("mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }", {"c": case_id}, token=trainee)["startAttempt"]["attempt"]["id"]
    dx = [{"code": d["code"]} for d in key["diagnoses"] if d["code"] not in ("Z79.84", "N18.31")]
    sub = {"diagnoses": dx, "procedures": [{"system": "CPT", "code": "99214", "units": 1, "pointers": ["A", "B", "C"]}]}
    Target.api.call("mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { id } } }", {"id": a, "s": sub}, token=trainee)
    Target.api.call("mutation($i:RaiseDisputeInput!){ raiseDispute(input:$i){ dispute { id } } }", {"i": {
        "attemptId": a, "submitted": "99214", "expected": "99214", "citation": "AMA E/M guidelines 2021: MDM",
        "message": "The risk is high: I coded 99214 but think it deserves more"}}, token=trainee)
    return a


def score_of(attempt_id, token):
    return Target.api.call("query($id:ID!){ attempt(id:$id){ keyVersion score { percent } } }", {"id": attempt_id}, token=token)["attempt"]


def test_instructor_reviews_a_cohort_credits_answers_and_revises_a_key(b):
    instructor = Target.api.login("instructor")
    trainee = Target.api.login("trainee")
    case, key = school_case(instructor)
    attempt = submit(trainee, case["id"], key)
    before = score_of(attempt, instructor)["score"]["percent"]
    cohort = Target.api.call("{ me { organization { cohorts(first: 5) { nodes { id name } } } } }", token=instructor)["me"]["organization"]["cohorts"]["nodes"]
    cohort = next(c for c in cohort if c["name"] == "Demo Cohort")

    sign_in(b, "instructor")
    # The heat map: the trainee's row, a cell for the case's skill, its count beside it.
    skills = f"/teach/cohorts/{cohort['id']}/skills"
    b.go(skills)
    cells = [c for c in b.all("td.heat a") if c.get_attribute("textContent").startswith("Demo trainee, ")]
    assert cells, b.text("main")
    label = cells[0].get_attribute("textContent")
    assert label.startswith("Demo trainee, ") and " attempt" in label, label
    assert "n=" in cells[0].text and "%" in cells[0].text, cells[0].text
    b.check_page("heat map")
    b.screenshot("review-heatmap")  # README's docs/heatmap.png is a copy of it

    # A cell opens the trainee; the attempt opens its report; the missing line is credited.
    cells[0].send_keys("\n")
    b.arrive("/teach/trainees/")
    trainee_url = b.d.current_url
    b.check_page("trainee attempts")
    b.screenshot("review-trainee")
    b.find(f"a[href^='/teach/attempts/{attempt}?']").click()
    b.arrive(f"/teach/attempts/{attempt}")
    b.check_page("attempt report")
    b.find("button[aria-label*='Z79.84']").click()
    b.find("dialog[open]")
    b.type("Reason (the trainee reads it)", "Metformin is documented in the medication list")
    b.confirm_dialog("Save credit")
    b.wait(lambda: "manual credit: Metformin is documented" in b.text("main"), what="the credited line")
    credited = score_of(attempt, instructor)["score"]["percent"]
    assert credited > before, (before, credited)
    assert f"{credited:.1f} %" in b.text("#attempt-score"), b.text("#attempt-score")
    b.screenshot("review-attempt", full=True)

    # The disputes inbox: the trainee's dispute, rejected with a reason; the inbox empties.
    # (Other journeys' disputes of the same cohort may be there too: this one is on the copy.)
    b.go("/teach/disputes")
    mine = f"li.dispute a[href^='/teach/attempts/{attempt}?']"
    card = b.find(mine).find_element(By.XPATH, "ancestor::li[1]")
    assert "AMA E/M guidelines 2021" in card.text and case["title"] in card.text, card.text
    b.check_page("disputes inbox")
    b.screenshot("review-disputes")
    card.find_element(By.XPATH, ".//button[normalize-space()='Reject']").click()
    b.find("dialog[open]")
    b.type("Reason (the trainee reads it)", "Moderate risk: prescription drug management")
    b.confirm_dialog("Reject dispute")
    b.wait(lambda: not b.all(mine), what="the dispute to leave the inbox")
    assert "Moderate risk" in Target.api.call("query($id:ID!){ attempt(id:$id){ disputes { status resolution } } }",
                                             {"id": attempt}, token=trainee)["attempt"]["disputes"][0]["resolution"]

    # The key: a wrong code is refused beside its line; the revised key is previewed, saved,
    # and the attempt gets exactly the previewed score.
    key_url = f"/library/cases/{case['id']}/key"
    b.go(key_url)
    b.check_page("key page")
    n18 = next(i for i, d in enumerate(key["diagnoses"]) if d["code"] == "N18.31")
    b.type(f"Diagnoses line {n18 + 1} code", "N18.99")
    b.button("Preview re-grade").click()
    b.wait(lambda: b.all(f"[data-field='key.diagnoses[{n18}].code'] .field-error:not([hidden])"), what="the error beside the line")
    b.type(f"Diagnoses line {n18 + 1} code", "N18.31")
    b.find(f"#diagnoses-{n18}-opt").click()
    b.button("Preview re-grade").click()
    b.wait(lambda: "re-grades 1 submitted attempt" in b.text("main"), what="the preview")
    row = [td.text for td in b.all("section.preview tbody tr")[0].find_elements(By.CSS_SELECTOR, "td")]
    assert row[0] == "Demo trainee" and row[3] == f"{credited:.1f} %", row
    proposed = row[4]
    # N18.31 optional: the line the trainee left out no longer costs points.
    assert float(proposed.rstrip(" %")) > credited and row[5].startswith("+"), row
    b.check_page("key preview")
    b.screenshot("review-key-preview", full=True)
    b.type("Note (why the key changes)", "N18.31 optional: the stage is not documented by the provider")
    b.button("Save and re-grade").click()
    b.wait(lambda: "Saved as version 2" in b.text("main"), what="the saved key")
    assert "1 attempt re-graded" in b.text("main")
    after = score_of(attempt, instructor)
    assert after["keyVersion"] == 2 and f"{after['score']['percent']:.1f} %" == proposed, (after, proposed)
    saved = [td.text for td in b.all("section.success-panel tbody tr")[0].find_elements(By.CSS_SELECTOR, "td")]
    assert saved[3] == proposed, saved
    b.go(f"/teach/attempts/{attempt}")
    assert proposed in b.text("#attempt-score"), b.text("#attempt-score")
    assert "re-graded: answer key revised to version 2" in b.text("main")

    analysis = f"/teach/analysis?case={case['id']}"
    b.go(analysis)
    assert "key lines" in b.text("#flag-count"), b.text("main")
    b.check_page("item analysis")
    b.screenshot("review-analysis", full=True)

    # Every page of the console at 768 px.
    b.resize(768, 1024)
    for path in [skills, trainee_url.replace(Target.base, ""), f"/teach/attempts/{attempt}", "/teach/disputes?all=1", key_url, analysis]:
        b.go(path)
        b.check_page(f"{path} at 768")
    b.go(skills)
    b.screenshot("review-heatmap-768")
    b.go(key_url)
    b.screenshot("review-key-768", full=True)
