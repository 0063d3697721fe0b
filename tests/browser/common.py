"""What the journeys share: the server under test, the API client for test data, the
measurements, signing in, finding a seeded case, and the answers a perfect coder gives."""

import sqlite3

from browser import Api

LETTERS = "ABCDEFGHIJKL"
measured = {}


class Target:
    """The server under test (set by suite.py)."""
    base = ""
    shots = ""
    db = ""
    api = None


def configure(base, shots, db):
    Target.base, Target.shots, Target.db = base, shots, db
    Target.api = Api(base)


def sign_in(b, who="trainee", email=None):
    b.go("/signin")
    b.type("E-mail", email or f"{who}@practicum.test")
    b.type("Password", "practicum-demo")
    b.button("Sign in").click()
    b.wait(lambda: "/signin" not in b.d.current_url, what="sign-in to finish")
    b.settle()


def case_by_slug(slug):
    d = Target.api.call("{ caseSets(first: 100) { nodes { cases { id slug title } } } }", token=Target.api.login("admin"))
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


def audit_count(action):
    with sqlite3.connect(Target.db) as con:
        return con.execute("SELECT count(*) FROM audit_log WHERE action = ?", (action,)).fetchone()[0]
