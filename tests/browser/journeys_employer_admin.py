"""The employer's and the administrator's journeys, as the demo employer and the demo admin
would do them in the browser:
- the employer builds an assessment from two bank questions in the builder (time limit,
  pass mark, feedback policy), creates two invitation links; a candidate opens the first in
  a new browser, registers, sits the assessment (one answer right, one wrong) and hands it
  in; someone who already has an account uses the second code on the exams page (and sees
  the assessment to sit); the employer sees one candidate finished and one waiting,
  compares (chart and table: 50 %, per section, minutes, percentile) and downloads the
  CSV, whose file holds the finished candidate's row;
- the admin changes the role of a new employer account to trainee: that user's very next
  request (a page opened in their own browser, signed in before the change) is refused
  for the old role, and after a reload their navigation is a trainee's;
- every page of both consoles at 1280 and 768 px with no serious or critical axe-core
  violation, no console error and nothing wider than the screen; screenshots of each.
"""

import csv
import glob
import io
import os
import tempfile
import time

from selenium.webdriver.support.ui import Select

from browser import Browser
from common import Target, sign_in

TITLE = "Front-desk coder screening"
PASSWORD = "a long enough password"


def employer_assessment_id():
    token = Target.api.login("employer")
    d = Target.api.call("{ assessments { assessment { id title } } }", token=token)
    return next(o["assessment"]["id"] for o in d["assessments"] if o["assessment"]["title"] == TITLE)


def test_employer_console_builds_invites_compares_and_downloads(b):
    sign_in(b, "employer")
    b.button("Assessments").click()
    b.arrive("/employer")
    b.check_page("employer assessments")
    b.type("Title", TITLE)
    b.type("Time limit (minutes)", "30")
    b.type("Pass mark (%)", "50")
    Select(b.field("Section")).select_by_visible_text("ICD-10-CM")
    b.wait(lambda: b.d.execute_script("""
      const metas = [...document.querySelector('fieldset.picker').querySelectorAll('.picks .item-meta')];
      return metas.length >= 2 && metas.every(m => m.textContent.startsWith('ICD-10-CM'));"""), what="ICD-10-CM questions")
    boxes = b.all("fieldset.picker .picks input[type=checkbox]")[:2]
    chosen = [x.get_attribute("value") for x in boxes]
    for x in boxes:
        x.click()
    assert "(2 chosen)" in b.text("fieldset.picker legend")
    b.screenshot("employer-builder-1280", full=True)
    b.button("Create the assessment").click()
    b.arrive("/employer/assessments/")
    assert TITLE in b.text("h1")
    assert "2 items · 30 minutes · 50 % to pass · feedback: Employer only" in b.text("main")

    Select(b.field("Links expire after")).select_by_visible_text("3 days")
    b.type("Candidates", "2")
    b.button("Create invitation links").click()
    links = b.wait(lambda: b.d.execute_script("return [...document.querySelectorAll('input.invite-link')].map(i => i.value)"),
                   what="the invitation links")
    assert len(links) == 2, links
    link = links[0]
    assert "/register?code=" in link, link
    b.wait(lambda: "Codes used\n0 of 2" in b.text("dl.stats") and b.text("main").count("\topen") == 2,
           what="the two new codes listed as open")
    b.check_page("assessment with a new link")
    b.screenshot("employer-assessment-invited-1280", full=True)

    # The candidate: a new browser session, from the link to a handed-in sitting.
    token = Target.api.login("employer")
    keys = {q["id"]: q for q in Target.api.call(
        "{ questions(filter:{section:\"ICD10CM\"}, first:100){ nodes { id answer options { key } } } }", token=token)["questions"]["nodes"]}
    cand = Browser(Target.base, Target.shots)
    email = f"candidate{int(time.time())}@practicum.test"
    try:
        cand.d.get(link)
        cand.settle()
        assert cand.field("Invitation code").get_attribute("value") == link.split("code=")[1]
        cand.type("Your name", "Casey Candidate")
        cand.type("E-mail", email)
        cand.type("Password", PASSWORD)
        cand.button("Create account").click()
        cand.wait(lambda: "/register" not in cand.d.current_url, what="registration")
        cand.go("/exams")
        cand.button(f"Start the {TITLE}").click()
        cand.confirm_dialog("Start the exam")
        cand.wait(lambda: "/exams/" in cand.d.current_url, what="the sitting")
        cand.settle()
        for pos, qid in enumerate(chosen, start=1):
            q = keys[qid]
            pick = q["answer"][0] if pos == 1 else next(o["key"] for o in q["options"] if o["key"] not in q["answer"])
            cand.find(f"ul.options input[value='{pick}']").click()
            cand.wait(lambda: f"Answer {pos} saved" in cand.find(".save-state").text, what=f"answer {pos} saved")
            if pos < len(chosen):
                cand.button("Next").click()
        cand.button("Submit the exam").click()
        cand.confirm_dialog("Submit the exam")
        cand.wait(lambda: "report" in cand.text("h1"), what="the handed-in page")
        assert "results go to the employer" in cand.text("main")
        cand.console("candidate's sitting")
    finally:
        cand.quit()

    # Someone with an account already uses the second code on the exams page.
    other = f"returning{int(time.time())}@practicum.test"
    Target.api.call("mutation($i:RegisterInput!){ register(input:$i){ accessToken } }",
                    {"i": {"email": other, "password": "practicum-demo", "displayName": "Robin Returning"}})
    back = Browser(Target.base, Target.shots)
    try:
        sign_in(back, email=other)
        back.go("/exams")
        back.find("details.redeem summary").click()
        back.type("Candidate code", "not-a-code")
        back.button("Use the code").click()
        back.wait(lambda: "unknown, expired" in back.text("details.redeem .field-error"), what="the refusal beside the field")
        back.type("Candidate code", links[1].split("code=")[1])
        back.button("Use the code").click()
        back.button(f"Start the {TITLE}")
        back.check_page("exams with a redeemed code")
    finally:
        back.quit()

    # The employer sees one finished and one waiting, compares, downloads the CSV.
    b.go(b.d.current_url.replace(Target.base, ""))
    main = b.text("main")
    assert "Casey Candidate" in main and email in main, main
    assert "Submitted" in main and "50.0 %" in main and "passed" in main, main
    assert b.all("figure.chart-figure svg.chart"), "the comparison chart"
    stats = b.text("dl.stats")
    assert "Finished\n1" in stats and "Codes used\n2 of 2" in stats and "Waiting to start\n1" in stats, stats
    assert "Waiting to start: Robin Returning" in main, main
    b.check_page("assessment compared")
    b.screenshot("employer-compare-1280", full=True)
    downloads = tempfile.mkdtemp(prefix="practicum-downloads-")
    b.d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    b.button("Download CSV").click()
    files = b.wait(lambda: [f for f in glob.glob(os.path.join(downloads, "*.csv"))], what="the downloaded CSV")
    with open(files[0], encoding="utf-8") as f:
        rows = list(csv.DictReader(io.StringIO(f.read())))
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["candidate"], row["email"], row["status"], row["percent"], row["passed"]) == \
        ("Casey Candidate", email, "SUBMITTED", "50.0", "true"), row
    assert float(row["minutes_used"]) >= 0 and row["percentile"] == "50.0", row
    b.console("after the download")


def test_admin_console_changes_a_role_that_applies_on_the_next_request(b):
    admin = Target.api.login("admin")
    org = Target.api.call("{ me { id } organizations(first:100){ nodes { id slug kind } } }", token=admin)
    school = next(o for o in org["organizations"]["nodes"] if o["kind"] == "SCHOOL")
    code = Target.api.call(
        "mutation($o:ID!){ createInvitation(input:{organizationId:$o, role:EMPLOYER}){ code } }",
        {"o": school["id"]}, token=admin)["createInvitation"]["code"]
    email = f"hr{int(time.time())}@practicum.test"
    Target.api.call("mutation($i:RegisterInput!){ register(input:$i){ accessToken } }",
                    {"i": {"email": email, "password": "practicum-demo", "displayName": "Harper Recruiter", "invitationCode": code}})

    # The new employer (with the demo password, which sign_in types) works in their own browser...
    user = Browser(Target.base, Target.shots)
    try:
        sign_in(user, email=email)
        assert "Assessments" in user.text(".mainnav")
        # ...while the admin demotes them.
        sign_in(b, "admin")
        b.button("Admin").click()
        b.arrive("/admin")
        b.go(f"/admin?org={school['id']}")
        b.wait(lambda: "Harper Recruiter" in b.text("#h-accounts + *") or "Harper Recruiter" in b.text("main"), what="the account")
        Select(b.field("Role of Harper Recruiter")).select_by_visible_text("Trainee")
        b.d.execute_script("""[...document.querySelectorAll('button')]
          .find(x => x.textContent === 'Save role of Harper Recruiter').click()""")
        b.wait(lambda: b.d.execute_script(
            "return [...document.querySelectorAll('select')].some(s => s.getAttribute('aria-label') === 'Role of Harper Recruiter'"
            " && s.value === 'TRAINEE' && !s.disabled)"), what="the saved role")
        b.check_page("admin")
        b.screenshot("admin-1280", full=True)

        # Their next request is a trainee's: the employer page they open is refused...
        user.button("Assessments").click()
        user.wait(lambda: "could not be opened" in user.text("main"), what="the refusal")
        assert "TRAINEE" in user.text("main"), user.text("main")
        # ...and after a reload their navigation is a trainee's.
        user.go("/")
        user.wait(lambda: "Assessments" not in user.text(".mainnav") and "Billing" in user.text(".mainnav"), what="a trainee's navigation")
    finally:
        user.quit()
    assert "Trainee" in b.text("main")


def test_consoles_at_1280_and_768_pixels(b):
    form = employer_assessment_id()
    for width in (1280, 768):
        b.resize(width, 1024 if width == 768 else 800)
        sign_in(b, "employer")
        for path, shot in [("/employer", "employer"), (f"/employer/assessments/{form}", "employer-assessment")]:
            b.go(path)
            b.check_page(f"{path} at {width}")
            b.screenshot(f"{shot}-{width}", full=True)
        b.button("Sign out").click()
        b.arrive("/signin")
        sign_in(b, "admin")
        b.go("/admin")
        b.check_page(f"/admin at {width}")
        b.screenshot(f"admin-{width}", full=True)
        b.button("Sign out").click()
        b.arrive("/signin")
