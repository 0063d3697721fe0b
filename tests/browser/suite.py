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

usage: python3 suite.py BASE_URL SHOTS_DIR DATABASE_FILE   (ONLY=word runs the journeys named with it)
"""

import json
import os
import sys
import time
import traceback

import common
from browser import Browser, wait_for_server
from journeys_access import (test_headers_cookies_and_first_load, test_hostile_documentation_runs_nothing,
                             test_sign_in_errors_register_and_sign_out)
from journeys_authoring import test_author_imports_edits_checks_and_publishes
from journeys_billing import (test_claim_appeal_argued_through_the_dialog, test_claim_denied_corrected_paid_and_posted,
                              test_pages_at_768_pixels)
from journeys_coding import test_code_a_case_and_read_the_score, test_sit_a_practice_exam
from journeys_teach import test_instructor_cohort_invitation_assignment_and_library
from journeys_employer_admin import (test_admin_console_changes_a_role_that_applies_on_the_next_request,
                                     test_consoles_at_1280_and_768_pixels,
                                     test_employer_console_builds_invites_compares_and_downloads)
from journeys_review import test_instructor_reviews_a_cohort_credits_answers_and_revises_a_key

JOURNEYS = [
    test_headers_cookies_and_first_load,
    test_sign_in_errors_register_and_sign_out,
    test_code_a_case_and_read_the_score,
    test_claim_denied_corrected_paid_and_posted,
    test_claim_appeal_argued_through_the_dialog,
    test_sit_a_practice_exam,
    test_hostile_documentation_runs_nothing,
    test_pages_at_768_pixels,
    test_instructor_cohort_invitation_assignment_and_library,
    test_employer_console_builds_invites_compares_and_downloads,
    test_admin_console_changes_a_role_that_applies_on_the_next_request,
    test_consoles_at_1280_and_768_pixels,
    test_author_imports_edits_checks_and_publishes,
    test_instructor_reviews_a_cohort_credits_answers_and_revises_a_key,
]


def main():
    base, shots, db = sys.argv[1:4]
    common.configure(base, shots, db)
    wait_for_server(base)
    os.makedirs(shots, exist_ok=True)
    only = os.environ.get("ONLY")
    failed = []
    for journey in JOURNEYS:
        if only and only not in journey.__name__:
            continue
        started = time.time()
        b = Browser(base, shots)
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
    print("measured:", json.dumps(common.measured, indent=1))
    with open(os.path.join(shots, "measured.json"), "w", encoding="utf-8") as f:
        json.dump(common.measured, f, indent=1)
    if failed:
        sys.exit(f"{len(failed)} journey(s) failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
