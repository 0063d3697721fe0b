// One assessment: invite candidates with single-use links that expire, see who is waiting,
// who started and who finished, compare them (score, per section, time, percentile) as a
// chart and a table, and download the comparison as CSV.

import { h, replace } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { when, percent } from "../../core/format.js";
import { badge, crumbs, table, scrollTable, download, announce, hidden } from "../../ui/misc.js";
import { arrayList } from "../../ui/pager.js";
import { barChart } from "../../ui/chart.js";
import { field, formAlert, clearErrors, showError, busy } from "../../ui/form.js";
import { sectionName } from "../exam.js";
import { feedbackWords } from "./assessments.js";

const EXPIRY = [[24, "1 day"], [72, "3 days"], [168, "7 days"], [336, "14 days"], [720, "30 days"]];

const PROGRESS = `codesIssued codesUsed started finished waiting { displayName email }
  invitations { id codeHint expiresAt maxUses uses revoked createdAt }`;

export async function render(ctx) {
  const id = ctx.params.id;
  const d = await gql(`query($id:ID!){
    assessment(id:$id){ assessment { id slug title description itemCount durationMinutes passPercent feedback } ${PROGRESS} }
    assessmentCandidates(assessmentId:$id){ attemptId displayName email status percent passed minutesUsed percentile
      report { sections { name percent } } } }`, { id });
  const o = d.assessment;
  const f = o.assessment;
  const c = d.assessmentCandidates;
  let statsEl = stats(o);
  let codesEl = codes(o);
  // New links show at once in the counts and the list of codes.
  const refresh = async () => {
    const r = await gql(`query($id:ID!){ assessment(id:$id){ ${PROGRESS} } }`, { id });
    const next = [stats(r.assessment), codes(r.assessment)];
    statsEl.replaceWith(next[0]);
    codesEl.replaceWith(next[1]);
    [statsEl, codesEl] = next;
  };
  return h("section", { class: "page" },
    crumbs(["Assessments", "/employer"], [f.title]),
    h("div", { class: "page-head" }, h("h1", null, f.title)),
    f.description ? h("p", { class: "lede" }, f.description) : null,
    h("p", { class: "item-meta" }, `${f.itemCount} items · ${f.durationMinutes} minutes · ${f.passPercent} % to pass · feedback: ${feedbackWords(f.feedback)}`),
    statsEl,
    h("div", { class: "grid-2" }, invite(f, refresh), codesEl),
    h("section", { class: "panel", "aria-labelledby": "h-cand" },
      h("div", { class: "row" }, h("h2", { id: "h-cand" }, "Candidates"), h("span", { class: "spacer" }),
        h("button", { type: "button", onClick: () => csv(f) }, "Download CSV")),
      o.waiting.length ? h("p", null, `Waiting to start: ${o.waiting.map((w) => `${w.displayName} (${w.email})`).join(", ")}.`) : null,
      h("div", { class: "compare-chart" }, compare(c, f.passPercent))));
}

function stats(o) {
  return h("dl", { class: "stats" },
    stat("Codes used", `${o.codesUsed} of ${o.codesIssued}`),
    stat("Waiting to start", o.waiting.length),
    stat("Started", o.started),
    stat("Finished", o.finished));
}

function stat(label, value) {
  return h("div", { class: "stat" }, h("dt", null, label), h("dd", null, String(value)));
}

async function csv(f) {
  const d = await gql(`query($id:ID!){ assessmentCandidatesCsv(assessmentId:$id) }`, { id: f.id });
  download(`${f.slug}-candidates.csv`, d.assessmentCandidatesCsv, "text/csv");
  announce("The CSV file was downloaded.");
}

function invite(f, refresh) {
  const count = h("input", { type: "number", name: "count", min: "1", max: "100", value: "1", required: true });
  const expiry = h("select", { name: "expiresInHours" },
    EXPIRY.map(([hours, label]) => h("option", { value: String(hours), selected: hours === 168 }, label)));
  const out = h("div", { "aria-live": "polite" });
  const alert = formAlert();
  const form = h("form", { class: "stack", novalidate: true },
    alert,
    h("div", { class: "grid-2" },
      field("Candidates", count, { field: "count", hint: "1 to 100 links, one per candidate." }),
      field("Links expire after", expiry, { field: "expiresInHours" })),
    h("button", { type: "submit", class: "primary" }, "Create invitation links"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const r = await busy(form, () => gql(`mutation($i:InviteCandidatesInput!){ inviteCandidates(input:$i){ codes } }`,
        { i: { assessmentId: f.id, count: Number(count.value), expiresInHours: Number(expiry.value) } }));
      replace(out, links(r.inviteCandidates.codes));
      announce(`${r.inviteCandidates.codes.length} invitation links created.`);
      await refresh();
    } catch (err) {
      showError(form, err);
    }
  });
  return h("section", { class: "panel", "aria-labelledby": "h-invite" },
    h("h2", { id: "h-invite" }, "Invite candidates"),
    h("p", { class: "muted" }, "Each link registers one candidate and admits them to this assessment once. The links are shown only now: copy them before leaving the page."),
    form, out);
}

function links(codes) {
  return h("ul", { class: "plain invite-links" }, codes.map((code, i) => {
    const url = `${location.origin}/register?code=${encodeURIComponent(code)}`;
    const input = h("input", { type: "text", readOnly: true, value: url, class: "invite-link" });
    const copy = h("button", {
      type: "button", class: "small", onClick: async () => {
        try {
          await navigator.clipboard.writeText(url);
          copy.textContent = "Copied";
        } catch {
          input.select();
          copy.textContent = "Press Ctrl+C";
        }
      },
    }, "Copy", hidden(` the link for candidate ${i + 1}`));
    return h("li", null, field(`Link for candidate ${i + 1}`, input), h("div", { class: "row" }, copy,
      h("span", { class: "muted" }, "Code: ", h("code", { class: "invite-code" }, code))));
  }));
}

function codes(o) {
  const now = Date.now();
  const state = (i) => (i.revoked ? "REVOKED" : i.uses >= i.maxUses ? "USED" : Date.parse(i.expiresAt) <= now ? "EXPIRED" : "OPEN");
  return h("section", { class: "panel", "aria-labelledby": "h-codes" },
    h("h2", { id: "h-codes" }, "Invitation codes"),
    arrayList(o.invitations, (items) => table(null, ["Code starts", "Created", "Expires", "Status"], items.map((i) => [
      h("code", null, `${i.codeHint}…`), when(i.createdAt), when(i.expiresAt), badge(state(i) === "USED" ? "ACCEPTED" : state(i), state(i).toLowerCase()),
    ])), { pageSize: 8, noun: "codes", empty: "No invitations yet." }));
}

function compare(c, passPercent) {
  if (!c.length) return h("p", { class: "empty" }, "No candidate has started yet.");
  const sections = [...new Set(c.flatMap((r) => (r.report ? r.report.sections.map((s) => s.name) : [])))];
  const done = c.filter((r) => r.percent !== null);
  return h("div", { class: "stack" },
    done.length ? barChart(`Score by candidate (dashed line: the pass mark, ${passPercent} %)`, done.map((r) => ({
      label: r.displayName, value: r.percent, note: r.percentile === null ? "" : `${r.percentile.toFixed(1)}`,
    })), { columns: ["Candidate", "Score", "Percentile"], mark: passPercent }) : null,
    scrollTable("Compare candidates", ["Candidate", "Status", "Score", "Result", "Minutes", "Percentile", ...sections.map(sectionName)],
      c.map((r) => [
        h("span", null, r.displayName, h("br"), h("span", { class: "muted" }, r.email)),
        badge(r.status),
        percent(r.percent, 1),
        r.passed === null ? "—" : r.passed ? "passed" : "not passed",
        r.minutesUsed === null ? "—" : r.minutesUsed.toFixed(1),
        r.percentile === null ? "—" : r.percentile.toFixed(1),
        ...sections.map((s) => {
          const part = r.report && r.report.sections.find((x) => x.name === s);
          return part ? percent(part.percent) : "—";
        }),
      ]), { numeric: [2, 4, 5, ...sections.map((_, i) => 6 + i)], cls: "compare" }));
}
