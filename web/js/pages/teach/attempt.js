// An attempt as its instructor reads it: every line with its verdict and points, a "Credit"
// button on each line (full or no credit, with the reason the trainee will read), the
// earlier scores and the disputes raised on it.

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { when, percent } from "../../core/format.js";
import { reload } from "../../core/router.js";
import { badge, crumbs, announce } from "../../ui/misc.js";
import { field, formAlert, clearErrors, showError, busy } from "../../ui/form.js";
import { formDialog } from "../../ui/dialog.js";
import { dotted } from "../../features/coding-form.js";

const QUERY = `query($id:ID!){ attempt(id:$id){ id status keyVersion submittedAt case { id title }
  score { percent earned possible lines { kind verdict submitted expected points maxPoints rationale credit } }
  scoreHistory { keyVersion percent reason changedAt }
  disputes { id submitted expected citation message status resolution } } }`;
const KIND = { DIAGNOSIS: "Diagnosis", PROCEDURE: "Service", PCS: "ICD-10-PCS", DRG: "MS-DRG" };

const show = (l, code) => (code ? (l.kind === "DIAGNOSIS" ? dotted(code) : code) : "—");

export async function render(ctx) {
  const a = (await gql(QUERY, { id: ctx.params.id })).attempt;
  const s = a.score;
  const trainee = ctx.query.get("trainee");
  return h("section", { class: "page" },
    crumbs(...[["Cohorts", "/teach"], trainee ? ["Trainee", `/teach/trainees/${trainee}`] : null, ["Attempt report"]].filter(Boolean)),
    h("div", { class: "page-head" }, h("h1", null, `Attempt report: ${a.case.title}`)),
    !s ? h("p", { class: "notice" }, "Not submitted yet: there is nothing to credit.") : [
      h("dl", { class: "stats" },
        h("div", { class: "stat" }, h("dt", null, "Score"), h("dd", { class: "score-big", id: "attempt-score" }, percent(s.percent, 1))),
        h("div", { class: "stat" }, h("dt", null, "Key version"), h("dd", null, String(a.keyVersion))),
        h("div", { class: "stat" }, h("dt", null, "Submitted"), h("dd", { class: "small-print" }, when(a.submittedAt)))),
      h("div", { class: "table-wrap" }, h("table", { class: "data" },
        h("caption", null, "Lines of the score"),
        h("thead", null, h("tr", null, ["Line", "Verdict", "Trainee coded", "The key", "Points", "Credit"].map((t, i) =>
          h("th", { scope: "col", class: i === 4 ? "num" : null }, t)))),
        h("tbody", null, s.lines.map((l) => h("tr", null,
          h("td", null, KIND[l.kind] || l.kind),
          h("td", null, badge(l.verdict), l.credit ? h("div", { class: "small-print" }, l.credit) : null),
          h("td", null, h("code", null, show(l, l.submitted))),
          h("td", null, h("code", null, show(l, l.expected))),
          h("td", { class: "num nowrap" }, `${l.points} / ${l.maxPoints}`),
          h("td", null, h("button", {
            type: "button", class: "small",
            "aria-label": `Credit the line ${show(l, l.submitted)} / ${show(l, l.expected)}`,
            onClick: () => credit(a, l),
          }, "Credit")))))))],
    a.scoreHistory.length ? h("section", { class: "panel" }, h("h2", null, "Earlier scores"),
      h("ul", null, a.scoreHistory.map((x) => h("li", null, `${percent(x.percent, 1)} (key version ${x.keyVersion}), changed ${when(x.changedAt)}: ${x.reason}`)))) : null,
    a.disputes.length ? h("section", { class: "panel" }, h("h2", null, "Disputes"),
      h("ul", { class: "plain" }, a.disputes.map((x) => h("li", null, badge(x.status), " ",
        `${x.submitted || "—"} / ${x.expected || "—"}: ${x.citation}`, x.resolution ? ` — ${x.resolution}` : "")))) : null);
}

async function credit(a, l) {
  const done = await formDialog({
    title: `Credit ${show(l, l.submitted)} / ${show(l, l.expected)}`,
    build(form, close) {
      const full = h("input", { type: "radio", name: "credit", value: "yes", checked: true, id: "credit-yes" });
      const none = h("input", { type: "radio", name: "credit", value: "no", id: "credit-no" });
      const reason = h("textarea", { name: "reason", rows: "3" });
      form.append(formAlert(),
        h("fieldset", null, h("legend", null, "Credit"),
          h("div", { class: "field inline" }, full, h("label", { for: "credit-yes" }, "Full credit")),
          h("div", { class: "field inline" }, none, h("label", { for: "credit-no" }, "No credit"))),
        field("Reason (the trainee reads it)", reason, { field: "reason" }),
        h("div", { class: "actions" },
          h("button", { type: "button", onClick: () => close(false) }, "Cancel"),
          h("button", { type: "submit", class: "primary" }, "Save credit")));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        clearErrors(form);
        try {
          await busy(form, () => gql(`mutation($i:CreditAttemptLineInput!){ creditAttemptLine(input:$i){ attempt { id } } }`, {
            i: { attemptId: a.id, submitted: l.submitted, expected: l.expected, credit: full.checked, reason: reason.value },
          }));
          close(true);
        } catch (err) {
          showError(form, err);
        }
      });
    },
  });
  if (done) {
    announce("Credit saved; the score is recomputed.");
    reload();
  }
}
