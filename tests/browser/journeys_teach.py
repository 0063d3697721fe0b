"""The instructor's console (issue #18): the demo instructor signs in, creates a cohort,
creates an invitation (a plain code and a registration link, shown once, with expiry and
uses left) and revokes a second one; a new trainee registers with the link in a new browser
session and lands in the cohort; the instructor adds and removes a member, assigns a public
library set to the cohort, edits the assignment and deletes a spare one; the new trainee sees
the assignment on their home page and submits an attempt on one of its cases, and the
instructor reads a public library case with its key side by side (read-only: the key belongs
to the platform). Every page of the console is checked at 1280 and at 768 px (axe-core, the
console, nothing wider than the screen)."""

import time

from selenium.webdriver.support.ui import Select

from browser import Browser
from common import Target, sign_in


def _select(b, label, text):
    Select(b.field(label)).select_by_visible_text(text)


def _option_text(b, label, starts):
    sel = Select(b.field(label))
    return next(o.text for o in sel.options if o.text.startswith(starts))


def _value(b, name):
    """The value of the input named `name`, read in one step (the panel redraws under us)."""
    return b.d.execute_script("const e = document.querySelector(`input[name=${arguments[0]}]`); return e ? e.value : null", name)


def _named(b, scope, name):
    """A button in `scope` by its whole accessible text (visible words and hidden ones)."""
    return b.wait(lambda: next((x for x in b.all(f"{scope} button")
                                if " ".join(x.get_attribute("textContent").split()) == name and x.is_enabled()), None),
                  what=f"button '{name}'")


def test_instructor_cohort_invitation_assignment_and_library(b):
    stamp = str(int(time.time()))
    cohort_name = f"Evening CPC group {stamp}"
    sign_in(b, "instructor")
    nav = b.text("nav.mainnav") if b.all("nav.mainnav") else b.text("header")
    assert "Cohorts" in nav and "Library" in nav, nav
    b.button("Cohorts").click()
    b.arrive("/teach")
    b.check_page("/teach")
    b.screenshot("teach-1280")
    b.type("Cohort name", cohort_name)
    b.button("Create cohort").click()
    b.arrive("/teach/cohorts/")
    cohort_url = b.d.current_url.replace(Target.base, "")
    assert cohort_name in b.text("h1")
    b.wait(lambda: "No trainee in this cohort yet" in b.text("main"), what="the empty member list")

    # An invitation: 5 uses, one week; the code and the link are shown once, copyable.
    b.type("Accounts it may create (1 to 1000)", "5")
    b.button("Create invitation").click()
    code = b.wait(lambda: _value(b, "invitationCode"), what="the new code")
    link = _value(b, "invitationLink")
    assert code and link.endswith(f"/register?code={code}"), (code, link)
    _named(b, ".fresh-invitation", "Copy the invitation code").click()
    b.wait(lambda: "Cop" in b.text(".fresh-invitation") and ("Copied." in b.text(".fresh-invitation") or "Selected" in b.text(".fresh-invitation")),
           what="the copy to be confirmed")
    b.wait(lambda: "5 of 5" in b.text("#h-invitations + *, section[aria-labelledby=h-invitations]"), what="uses left in the list")
    b.check_page("cohort with a new invitation")

    # A second invitation, revoked: its code stops working.
    b.type("Accounts it may create (1 to 1000)", "1")
    b.button("Create invitation").click()
    b.wait(lambda: _value(b, "invitationCode") not in (None, code), what="the second code")
    spare = _value(b, "invitationCode")
    b.wait(lambda: len(b.all("section[aria-labelledby=h-invitations] tbody tr")) == 2, what="two invitations listed")
    hint = b.text("section[aria-labelledby=h-invitations] tbody tr:first-child code").rstrip("…")
    assert spare.startswith(hint), (spare, hint)
    _named(b, "section[aria-labelledby=h-invitations]", f"Revoke the invitation {hint}").click()
    b.confirm_dialog("Revoke")
    b.wait(lambda: "Revoked" in b.text("section[aria-labelledby=h-invitations]"), what="the revoked state")

    # A new trainee registers with the link, in their own browser session.
    t = Browser(Target.base, Target.shots)
    try:
        t.go(link.replace(Target.base, ""))
        assert t.field("Invitation code").get_attribute("value") == code
        t.type("Your name", f"Casey Newcomer {stamp}")
        t.type("E-mail", f"casey.{stamp}@practicum.test")
        t.type("Password", "a long enough password")
        t.button("Create account").click()
        t.wait(lambda: t.d.current_url.rstrip("/") == Target.base, what="home after registering")
        t.settle()
        assert "No assignments" in t.text("main"), t.text("main")[:400]
        # The revoked code registers no one.
        t2 = Browser(Target.base, Target.shots)
        try:
            t2.go(f"/register?code={spare}")
            t2.type("Your name", "Nobody")
            t2.type("E-mail", f"nobody.{stamp}@practicum.test")
            t2.type("Password", "a long enough password")
            t2.button("Create account").click()
            t2.wait(lambda: any(e.is_displayed() and e.text for e in t2.all(".field-error, .alert")), what="the revoked code refused")
        finally:
            t2.quit()

        # The instructor sees the newcomer in the cohort, adds the demo trainee and removes them.
        b.go(cohort_url)
        members = "section[aria-labelledby=h-members]"
        b.wait(lambda: f"Casey Newcomer {stamp}" in b.text(members), what="the newcomer among the members")
        assert "4 of 5" in b.text("section[aria-labelledby=h-invitations]")
        b.wait(lambda: b.field("Add a trainee of your organization").is_enabled(), what="the trainees to add")
        _select(b, "Add a trainee of your organization", _option_text(b, "Add a trainee of your organization", "Demo trainee"))
        b.button("Add to cohort").click()
        member_list = f"{members} .list-body"
        b.wait(lambda: "trainee@practicum.test" in b.text(member_list), what="the demo trainee added")
        _named(b, members, "Remove Demo trainee").click()
        b.confirm_dialog("Remove")
        b.wait(lambda: "trainee@practicum.test" not in b.text(member_list), what="the demo trainee removed")

        # Assign a public library set; edit its attempt limit; a spare assignment is deleted.
        sets = Target.api.call("{ caseSets(first: 100) { nodes { id slug title } } }", token=Target.api.login("instructor"))["caseSets"]["nodes"]
        radiology = next(s for s in sets if s["slug"] == "cpc-radiology-lab-ed")
        surgery = next(s for s in sets if s["slug"] == "cpc-surgery")
        for s in [radiology, surgery]:
            b.button("New assignment").click()
            b.find("dialog[open]")
            _select(b, "Case set", _option_text(b, "Case set", s["title"] + " (public library"))
            b.check_page("assignment dialog")
            b.button("Assign").click()
            b.wait(lambda: not b.all("dialog[open]"), what="the dialog to close")
            b.wait(lambda: s["title"] in b.text("section[aria-labelledby=h-assignments]"), what="the assignment listed")
        _named(b, "section[aria-labelledby=h-assignments]", f"Edit {radiology['title']}").click()
        b.find("dialog[open]")
        # Out of range: the server's error shows beside the field it names, in the dialog.
        b.type("Attempts per case", "25")
        b.button("Save changes").click()
        slot = b.wait(lambda: b.d.execute_script(
            "const s = document.querySelector('dialog [data-field=attemptLimit] .field-error'); return s && !s.hidden ? s : null"),
            what="the attempt-limit error beside its field")
        assert "20" in slot.text, slot.text
        b.check_page("assignment dialog with an error")
        b.type("Attempts per case", "5")
        b.button("Save changes").click()
        b.wait(lambda: not b.all("dialog[open]"), what="the edit dialog to close")
        b.wait(lambda: "\t5\t" in b.text("section[aria-labelledby=h-assignments] tbody"), what="the new attempt limit")
        _named(b, "section[aria-labelledby=h-assignments]", f"Delete {surgery['title']}").click()
        b.confirm_dialog("Delete")
        b.wait(lambda: surgery["title"] not in b.text("section[aria-labelledby=h-assignments]"), what="the spare assignment deleted")
        assert "Open" in b.text("section[aria-labelledby=h-assignments]")
        b.check_page("cohort with an assignment")
        b.screenshot("teach-cohort-1280", full=True)

        # The newcomer sees the assignment and submits an attempt under it.
        t.go("/")
        t.wait(lambda: radiology["title"] in t.text("#h-assign + *"), what="the assignment on the newcomer's home")
        t.button(radiology["title"]).click()
        t.arrive("/cases?set=")
        t.find("a.item-title[href*='assignment=']").click()
        t.arrive("/cases/")
        assert "counts for your assignment" in t.text("main")
        t.button("Start coding").click()
        t.arrive("/attempts/")
        t.type("Diagnosis A code", "R10.9")
        t.wait(lambda: t.all(".line-check.ok"), what="the line checked")
        t.wait(lambda: t.find(".save-state").text.startswith("Saved"), what="the draft saved")
        t.button("Submit for scoring").click()
        t.confirm_dialog("Submit")
        t.wait(lambda: "Score report" in t.text("h1"), what="the score report")
        t.go("/")
        assert "1 of " in t.text("#h-assign + *"), t.text("#h-assign + *")
    finally:
        t.quit()

    # The instructor closes the assignment now.
    b.go(cohort_url)
    _named(b, "section[aria-labelledby=h-assignments]", f"Close now {radiology['title']}").click()
    b.confirm_dialog("Close now")
    b.wait(lambda: "Closed" in b.text("section[aria-labelledby=h-assignments] tbody"), what="the assignment closed")

    # The library: filter, open a public case, read its key beside the documentation.
    b.button("Library").click()
    b.arrive("/library")
    b.check_page("/library")
    b.screenshot("library-1280")
    _select(b, "Setting", "Inpatient")
    b.wait(lambda: all("Inpatient ·" in x.text for x in b.all(".set-card .item-meta")) and b.all(".set-card details[open] a.item-title"),
           what="only inpatient cases, their sets open")
    assert "cases match" in b.text("main") or "case" in b.text(".set-card summary")
    b.all(".set-card details[open] a.item-title")[0].click()
    b.arrive("/library/cases/")
    b.wait(lambda: "Rationale and guideline" in b.text("main"), what="the key beside the case")
    text = b.text("main")
    assert "Answer key" in text and "ICD-10-CM" in text and "The case" in text, text[:600]
    b.check_page("library case")
    b.screenshot("library-case-1280", full=True)

    # A long REAL_WORLD record opens with an index of its documents; a click takes the reader
    # (and the keyboard focus) to the document.
    case_url = b.d.current_url.replace(Target.base, "")
    long_case = Target.api.call(
        '{ cases(filter: {tier: REAL_WORLD, setting: "INPATIENT"}, first: 1) { edges { node { id documents { title } } } } }',
        token=Target.api.login("instructor"))["cases"]["edges"][0]["node"]
    assert len(long_case["documents"]) >= 2, long_case
    b.go(f"/library/cases/{long_case['id']}")
    index = b.find("nav.doc-index")
    entries = index.find_elements("css selector", "li button")
    assert [e.text for e in entries] == [d["title"] for d in long_case["documents"]], index.text
    assert "words" in index.text
    b.screenshot("library-record-index-1280")
    entries[-1].click()
    b.wait(lambda: b.d.switch_to.active_element.text == long_case["documents"][-1]["title"],
           what="focus on the last document's heading")
    b.check_page("library case with a document index")
    b.screenshot("library-record-last-document-1280")

    # Every console page at 768 px.
    b.resize(768, 1024)
    for path in ["/teach", cohort_url, "/library", case_url]:
        b.go(path)
        b.check_page(f"{path} at 768")
    b.go(cohort_url)
    b.screenshot("teach-cohort-768", full=True)
    b.go(case_url)
    b.screenshot("library-case-768", full=True)
