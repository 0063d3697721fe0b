"""Journeys of coding practice: an assigned case coded with the code book (mouse and
keyboard) and the checks as you type, saved, submitted, scored 100 % and disputed; the home
page's assignments, scores and charts; a practice exam sat and reported."""

import time

from selenium.webdriver.common.keys import Keys

from common import LETTERS, Target, case_by_slug, measured, perfect, sign_in


def test_code_a_case_and_read_the_score(b):
    case = case_by_slug("em-est-dm2-ckd-htn-99214")
    key = Target.api.call("query($c:ID!){ answerKey(caseId:$c){ key } }", {"c": case["id"]}, token=Target.api.login("admin"))["answerKey"][0]["key"]
    dx, px = perfect(key)
    # The instructor assigns the set to the demo cohort (as the instructor's console will).
    instructor = Target.api.login("instructor")
    cohort = Target.api.call("{ me { organization { cohorts(first: 5) { nodes { id } } } } }", token=instructor)["me"]["organization"]["cohorts"]["nodes"][0]["id"]
    sets = Target.api.call("{ caseSets(first: 100) { nodes { id slug } } }", token=instructor)["caseSets"]["nodes"]
    set_id = next(s["id"] for s in sets if s["slug"] == "cpc-em-medicine")
    now = time.time()
    iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    Target.api.call("mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id } } }", {"i": {
        "cohortId": cohort, "caseSetId": set_id, "mode": "PRACTICE", "feedbackPolicy": "IMMEDIATE",
        "opensAt": iso(now - 3600), "closesAt": iso(now + 14 * 86400)}}, token=instructor)

    sign_in(b)
    assignments = b.text("#h-assign + *")
    assert "E/M, preventive and medicine services" in assignments and "Due" in assignments and "0 of 15 cases submitted" in assignments, assignments
    b.button("E/M, preventive and medicine services").click()
    b.arrive("/cases?set=")
    b.check_page("case library")
    # The whole library pages like the API does.
    b.go("/cases")
    assert "1–24 of" in b.text(".pager-status"), b.text(".pager-status")
    b.button("Next").click()
    b.wait(lambda: "25–48 of" in b.text(".pager-status"), what="the second page")
    b.d.back()
    b.arrive("/cases?set=")
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
    # The same with the keyboard alone: "/" to search, arrows to a result, Enter to open it,
    # then the detail's button puts the code on the form.
    b.d.execute_script("document.activeElement.blur()")
    b.d.switch_to.active_element.send_keys("/")
    assert b.d.switch_to.active_element.get_attribute("name") == "code-search"
    search.clear()
    search.send_keys("N18.31")
    b.wait(lambda: "N18.31" in b.first_text("button.result"), what="N18.31 among the results")
    search.send_keys(Keys.ARROW_DOWN)
    assert "N18.31" in b.d.switch_to.active_element.text
    b.d.switch_to.active_element.send_keys(Keys.ENTER)
    add = b.wait(lambda: next((x for x in b.all(".code-detail button") if x.text == "Add as diagnosis"), None), what="the detail")
    add.send_keys(Keys.ENTER)
    b.wait(lambda: b.field("Diagnosis A code").get_attribute("value") == "N18.31", what="N18.31 on line A")
    search.clear()
    for word in ["hyp", "ert", "ens"]:
        search.send_keys(word)
        b.wait(lambda: len(b.measures("code-search")) >= 2, what="another search")
    # A typo and a coder's shorthand: each result says why it matched.
    search.clear()
    search.send_keys("pnuemonia")
    b.wait(lambda: "J18.9" in b.first_text("button.result"), what="J18.9 first for a typo")
    assert "read “pnuemonia” as “pneumonia”" in b.all("button.result")[0].text, b.all("button.result")[0].text
    search.clear()
    search.send_keys("strep throat")
    b.wait(lambda: "J02.0" in b.first_text("button.result"), what="J02.0 first for strep throat")
    assert "Inclusion term “Streptococcal sore throat”" in b.all("button.result")[0].text, b.all("button.result")[0].text
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
    b.go(attempt_url.replace(Target.base, ""))
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
