"""What the browser suite needs around selenium: the system Chromium in headless mode, waits
for the application's pages, the accessibility check (axe-core, vendored), the console
check, screenshots, and a small GraphQL client for test data (set up as an instructor or
an admin would, through the same public API)."""

import json
import os
import shutil
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
AXE = os.path.join(HERE, "vendor", "axe.min.js")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


class Browser:
    """One Chromium with a fresh profile, at a given viewport."""

    def __init__(self, base, shots, width=1280, height=800):
        self.base = base
        self.shots = shots
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        self.profile = tempfile.mkdtemp(prefix="practicum-chromium-")
        for arg in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", f"--user-data-dir={self.profile}", f"--window-size={width},{height}"]:
            opts.add_argument(arg)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        self.resize(width, height)
        self.d.set_script_timeout(60)

    def resize(self, width, height):
        """The layout viewport itself (window sizes include the browser's frame)."""
        self.width = width
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def quit(self):
        self.d.quit()
        shutil.rmtree(self.profile, ignore_errors=True)  # each profile is ~20 MB in /tmp

    # ---- navigation and waiting ----
    def go(self, path):
        self.d.get(self.base + path)
        self.settle()

    def settle(self, timeout=30):
        """Waits until the router has drawn the page and nothing on it is still loading."""
        def ready(d):
            return d.execute_script(
                "return document.readyState === 'complete' && !document.querySelector('main[aria-busy]')"
                " && !document.querySelector('main .loading') && !!document.querySelector('main h1')")
        WebDriverWait(self.d, timeout).until(ready)

    def arrive(self, fragment, timeout=30):
        """After a click that navigates: waits for the address, then for the page."""
        self.wait(lambda: fragment in self.d.current_url, timeout, f"the address to contain {fragment}")
        self.settle(timeout)

    def wait(self, predicate, timeout=30, what="condition"):
        try:
            return WebDriverWait(self.d, timeout).until(lambda d: predicate())
        except TimeoutException as e:
            raise AssertionError(f"timed out waiting for {what}") from e

    def find(self, css, timeout=20):
        return self.wait(lambda: (self.d.find_elements(By.CSS_SELECTOR, css) or [None])[0], timeout, css)

    def all(self, css):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def first_text(self, css):
        """The text of the first element matching `css`, or "" while there is none (a list that
        is being re-rendered, e.g. search results between two queries)."""
        try:
            found = self.all(css)
            return found[0].text if found else ""
        except StaleElementReferenceException:
            return ""

    def button(self, text, timeout=20):
        """A visible, enabled button (or link styled as one) by its text."""
        def find():
            # A page that re-renders while it is read (an answer arriving) replaces its
            # elements: look again rather than fail on one that went stale.
            try:
                for el in self.d.find_elements(By.CSS_SELECTOR, "button, a.button, a"):
                    if el.is_displayed() and el.is_enabled() and el.text.strip() == text:
                        return el
            except StaleElementReferenceException:
                return None
            return None
        return self.wait(find, timeout, f"button '{text}'")

    def field(self, label):
        """An input, select or textarea by its label's text or its aria-label."""
        el = self.d.execute_script("""
          const want = arguments[0];
          for (const l of document.querySelectorAll('label')) {
            if (l.textContent.trim() === want && l.htmlFor) return document.getElementById(l.htmlFor);
          }
          return document.querySelector(`[aria-label="${CSS.escape(want)}"]`);
        """, label)
        assert el is not None, f"no control labelled '{label}'"
        return el

    def type(self, label, text, clear=True):
        el = self.field(label)
        if clear:
            el.clear()
        el.send_keys(text)
        return el

    def text(self, css="main"):
        """The rendered text of the first match, read in one step (pages redraw under us)."""
        return self.wait(lambda: self.d.execute_script(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : null", css), what=css)

    def confirm_dialog(self, label):
        dialog = self.find("dialog[open]")
        for b in dialog.find_elements(By.CSS_SELECTOR, "button"):
            if b.text.strip() == label:
                b.click()
                self.wait(lambda: not self.all("dialog[open]"), what="dialog to close")
                return
        raise AssertionError(f"no '{label}' in the dialog")

    # ---- checks ----
    def axe(self, name):
        """No serious or critical accessibility violation on the current page."""
        if not self.d.execute_script("return typeof window.axe !== 'undefined'"):
            with open(AXE, encoding="utf-8") as f:
                self.d.execute_script(f.read())
        result = self.d.execute_async_script("""
          const done = arguments[arguments.length - 1];
          axe.run(document, { resultTypes: ['violations'] })
            .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
            .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));
        """)
        bad = [v for v in result if v["impact"] in ("serious", "critical")]
        assert not bad, f"{name}: accessibility violations: {json.dumps(bad, indent=1)}"

    def console(self, name):
        """No error in the browser console since the last check."""
        errors = [e for e in self.d.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, f"{name}: console errors: {[e['message'][:300] for e in errors]}"

    def fits(self, name):
        """Nothing wider than the viewport (no sideways scrolling of the page)."""
        over = self.d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert over <= 1, f"{name}: the page is {over}px wider than the {self.width}px viewport"

    def check_page(self, name):
        self.axe(name)
        self.console(name)
        self.fits(name)

    def screenshot(self, name, full=False):
        path = os.path.join(self.shots, f"{name}.png")
        if full:
            height = self.d.execute_script("return document.documentElement.scrollHeight")
            self.resize(self.width, min(max(height, 800), 6000))
        self.d.save_screenshot(path)
        if full:
            self.resize(self.width, 800)
        return path

    def measures(self, name):
        return self.d.execute_script("return performance.getEntriesByName(arguments[0]).map(e => e.duration)", name)


class Api:
    """GraphQL as a client would call it (test data set up by an instructor or admin)."""

    def __init__(self, base):
        self.url = base + "/graphql"

    def call(self, query, variables=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(self.url, data=json.dumps({"query": query, "variables": variables or {}}).encode(),
                                     headers=headers)
        with urllib.request.urlopen(req, timeout=60) as r:
            body = json.load(r)
        if body.get("errors"):
            raise AssertionError(f"API error: {body['errors']}")
        return body["data"]

    def login(self, who):
        d = self.call('mutation($e:String!){ login(input:{email:$e, password:"practicum-demo"}){ accessToken } }',
                      {"e": f"{who}@practicum.test"})
        return d["login"]["accessToken"]


def wait_for_server(base, seconds=300):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return
        except Exception:  # not up yet
            time.sleep(0.5)
    raise SystemExit(f"the server at {base} did not start within {seconds} s")
