// The score report: every line's verdict and points with the key's rationale, guideline
// and targeted feedback (as far as the feedback policy releases them), the totals, earlier
// scores, and a dispute raised from any line.

import { h } from "../core/dom.js";
import { gql } from "../core/api.js";
import { clock, when, percent, words } from "../core/format.js";
import { reload } from "../core/router.js";
import { badge, crumbs, announce } from "../ui/misc.js";
import { field, formAlert, clearErrors, showError, busy } from "../ui/form.js";
import { formDialog } from "../ui/dialog.js";
import { dotted } from "./coding-form.js";

const KIND = { DIAGNOSIS: "Diagnoses", PROCEDURE: "Services (CPT/HCPCS)", PCS: "ICD-10-PCS procedures", DRG: "MS-DRG" };
const TONE = { CORRECT: "good", PARTIAL: "warn", WRONG_SEQUENCE: "warn", WRONG_POINTER: "warn", WRONG_POA: "warn" };

export function scoreReport(ctx, a) {
  const c = a.case;
  const s = a.score;
  const mine = ctx.account.role === "TRAINEE";
  const minutes = a.submittedAt ? (Date.parse(a.submittedAt) - Date.parse(a.startedAt)) / 1000 : null;
  const head = h("div", { class: "page-head" },
    h("h1", null, `Score report: ${c.title}`),
    h("div", { class: "actions" },
      mine ? h("a", { class: "button", href: `/cases/${c.id}` }, "Code it again") : null,
      mine ? h("a", { class: "button", href: `/cases/${c.id}#claims` }, "Work its claim") : null));
  if (!s) {
    return h("section", { class: "page" }, crumbs(["Cases", "/cases"], [c.title, `/cases/${c.id}`], ["Score report"]), head,
      h("p", { class: "notice" }, a.status === "SUBMITTED"
        ? "Submitted. Your score and the explanations are released when the assignment closes."
        : "This attempt is still in progress."));
  }
  const groups = ["DIAGNOSIS", "PROCEDURE", "PCS", "DRG"].map((k) => [k, s.lines.filter((l) => l.kind === k)]).filter(([, l]) => l.length);
  return h("section", { class: "page" },
    crumbs(["Cases", "/cases"], [c.title, `/cases/${c.id}`], ["Score report"]),
    head,
    h("dl", { class: "stats" },
      h("div", { class: "stat" }, h("dt", null, "Score"), h("dd", { class: "score-big" }, percent(s.percent, 1))),
      h("div", { class: "stat" }, h("dt", null, "Points"), h("dd", null, `${fmt(s.earned)} of ${fmt(s.possible)}`)),
      h("div", { class: "stat" }, h("dt", null, "Lines right"), h("dd", null, `${s.lines.filter((l) => l.verdict === "CORRECT").length} of ${s.lines.length}`)),
      minutes !== null ? h("div", { class: "stat" }, h("dt", null, "Time"), h("dd", null, clock(minutes))) : null,
      h("div", { class: "stat" }, h("dt", null, "Submitted"), h("dd", { class: "small-print" }, when(a.submittedAt)))),
    groups.map(([kind, lines]) => h("section", { class: "panel", "aria-labelledby": `h-${kind}` },
      h("h2", { id: `h-${kind}` }, KIND[kind]),
      h("div", { class: "table-wrap" }, h("table", { class: "data" },
        h("thead", null, h("tr", null, ["Verdict", "You coded", "The key", "Points", "Why"].map((t, i) =>
          h("th", { scope: "col", class: i === 3 ? "num" : null }, t)), mine ? h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Dispute")) : null)),
        h("tbody", null, lines.map((l) => line(l, a, mine))))))),
    a.scoreHistory.length ? h("section", { class: "panel" }, h("h2", null, "Earlier scores"),
      h("ul", null, a.scoreHistory.map((x) => h("li", null, `${percent(x.percent, 1)} against key version ${x.keyVersion} — changed ${when(x.changedAt)}: ${x.reason}`)))) : null,
    a.disputes.length ? h("section", { class: "panel" }, h("h2", null, "Your disputes"),
      h("ul", { class: "plain" }, a.disputes.map((x) => h("li", null,
        h("div", { class: "row" }, badge(x.status), h("strong", null, [x.submitted, x.expected].filter(Boolean).join(" / ") || "Line")),
        h("div", { class: "explain" }, `Citation: ${x.citation}`, x.message ? ` — ${x.message}` : ""),
        x.resolution ? h("div", { class: "explain" }, `Instructor: ${x.resolution}`) : null)))) : null);
}

function fmt(n) {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** ICD-10-CM codes with their dot, as coders write them. */
function show(l, code) {
  return l.kind === "DIAGNOSIS" ? dotted(code) : code;
}

function line(l, a, mine) {
  const open = a.disputes.some((d) => d.status === "OPEN" && d.submitted === l.submitted && d.expected === l.expected);
  return h("tr", { class: `verdict-row ${TONE[l.verdict] || "bad"}` },
    h("td", null, badge(l.verdict), l.issues.length ? h("div", { class: "small-print" }, l.issues.map(words).join(", ")) : null),
    h("td", null, l.submitted ? h("code", null, show(l, l.submitted)) : h("span", { class: "muted" }, "—")),
    h("td", null, l.expected ? h("code", null, show(l, l.expected)) : h("span", { class: "muted" }, "—")),
    h("td", { class: "num nowrap" }, `${fmt(l.points)} / ${fmt(l.maxPoints)}`),
    h("td", { class: "explain" },
      l.rationale ? h("p", null, l.rationale) : null,
      l.guideline ? h("p", null, h("b", null, "Guideline: "), l.guideline) : null,
      l.feedback ? h("p", null, h("b", null, "Feedback: "), l.feedback) : null,
      l.credit ? h("p", null, h("b", null, "Instructor credit: "), l.credit) : null,
      !l.rationale && !l.guideline && !l.feedback && !l.credit ? h("span", { class: "muted" }, "—") : null),
    mine ? h("td", null, open ? h("span", { class: "small-print" }, "Disputed")
      : h("button", { type: "button", class: "small", "aria-label": `Dispute the line ${show(l, l.submitted || l.expected || "")}`, onClick: () => dispute(a, l) }, "Dispute")) : null);
}

async function dispute(a, l) {
  const done = await formDialog({
    title: `Dispute ${[l.submitted, l.expected].filter(Boolean).map((x) => show(l, x)).join(" vs ") || "this line"}`,
    build(form, close) {
      const citation = h("input", { type: "text", name: "citation", required: true, placeholder: "e.g. ICD-10-CM I.C.4.a" });
      const message = h("textarea", { name: "message", rows: "4" });
      const alert = formAlert();
      form.append(alert,
        h("p", null, "Tell your instructor why the line deserves credit, with the guideline or reference that supports you."),
        field("Guideline or reference", citation, { field: "citation" }),
        field("Your reasoning", message, { field: "message" }),
        h("div", { class: "actions" },
          h("button", { type: "button", onClick: () => close(false) }, "Cancel"),
          h("button", { type: "submit", class: "primary" }, "Send dispute")));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        clearErrors(form);
        try {
          await busy(form, () => gql(`mutation($i:RaiseDisputeInput!){ raiseDispute(input:$i){ dispute { id status } } }`, {
            i: { attemptId: a.id, submitted: l.submitted, expected: l.expected, citation: citation.value.trim(), message: message.value.trim() },
          }));
          close(true);
        } catch (err) {
          showError(form, err);
        }
      });
    },
  });
  if (done) {
    announce("Dispute sent to your instructor.");
    reload();
  }
}
