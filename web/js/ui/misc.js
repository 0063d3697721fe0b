// Small shared pieces: announcements for screen readers, badges, downloads, loading text.

import { h } from "../core/dom.js";
import { words } from "../core/format.js";

/** Says something to screen readers (the shell's live region). */
export function announce(text) {
  const el = document.getElementById("announcer");
  if (!el) return;
  el.textContent = "";
  setTimeout(() => (el.textContent = text), 30);
}

const TONE = {
  CORRECT: "good", PAID: "good", VALID: "good", ADJUDICATED: "info", SUBMITTED: "info", PASSED: "good",
  PARTIAL: "warn", PARTIALLY_PAID: "warn", IN_PROGRESS: "info", DRAFT: "neutral", PRICED: "info",
  MISSING: "bad", EXTRA: "bad", DENIED: "bad", REJECTED: "bad", WRONG_SEQUENCE: "warn", WRONG_POINTER: "warn",
  WRONG_POA: "warn", FIRED: "bad", EXPIRED: "warn", OPEN: "info", ACCEPTED: "good", VOIDED: "neutral",
  REPLACED: "neutral", CLOSED: "neutral", REVERSED: "neutral", OVERTURNED: "good", UPHELD: "bad",
  NOT_BILLABLE: "bad", UNKNOWN: "bad", NOT_VALID_ON_DATE: "bad", AGE_CONFLICT: "warn", SEX_CONFLICT: "warn",
  FAILED: "bad", RESOLVED: "good", CLEAN: "good", UNRESOLVED: "bad", NOT_STARTED: "neutral", LATE: "bad", DUE: "info",
};

/** A status word in a coloured pill (the word itself carries the meaning, not the colour). */
export function badge(value, label) {
  return h("span", { class: `badge ${TONE[value] || "neutral"}` }, label || words(value));
}

/** Saves text as a file. */
export function download(filename, text, type = "text/plain") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function loading(text = "Loading…") {
  return h("p", { class: "loading", role: "status" }, text);
}

/** A table from column headings and rows of cells (strings or nodes). */
export function table(caption, headings, rows, { numeric = [], cls } = {}) {
  return h("div", { class: "table-wrap" }, h("table", { class: ["data", cls] },
    caption ? h("caption", null, caption) : null,
    h("thead", null, h("tr", null, headings.map((t, i) =>
      h("th", { scope: "col", class: numeric.includes(i) ? "num" : null }, t)))),
    h("tbody", null, rows.map((r) => h("tr", null, r.map((c, i) =>
      h("td", { class: numeric.includes(i) ? "num" : null }, c)))))));
}

/**
 * A table that may scroll sideways on a narrow screen, as a named region the keyboard can
 * reach (focus it, then the arrow keys scroll it).
 */
export function scrollTable(name, headings, rows, options) {
  const wrap = table(null, headings, rows, options);
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", name);
  wrap.tabIndex = 0;
  return wrap;
}

/** Words for screen readers only (the rest of a link's name: "Report" + " of case X"). */
export function hidden(text) {
  return h("span", { class: "visually-hidden" }, text);
}

/** A back link above a page title. */
export function crumbs(...links) {
  return h("nav", { class: "crumbs", "aria-label": "Breadcrumb" },
    h("ol", null, links.map(([label, href]) => h("li", null, href ? h("a", { href }, label) : label))));
}
