// Exams: the practice exams (and assessments you were invited to) with their blueprint,
// and your sittings.

import { h } from "../core/dom.js";
import { gql } from "../core/api.js";
import { when, percent, words } from "../core/format.js";
import { navigate, reload } from "../core/router.js";
import { badge, table, hidden } from "../ui/misc.js";
import { confirm } from "../ui/dialog.js";
import { field, formAlert, showError, clearErrors, busy } from "../ui/form.js";
import { arrayList } from "../ui/pager.js";

/** A candidate code from an employer, used with the account you are signed in with. */
function redeem() {
  const code = h("input", { type: "text", name: "code", autocomplete: "off", spellcheck: "false" });
  const form = h("form", { class: "row redeem-form", novalidate: true },
    formAlert(),
    field("Candidate code", code, { field: "code", hint: "From an employer's invitation: the assessment is then yours to sit once." }),
    h("button", { type: "submit" }, "Use the code"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await busy(form, () => gql(`mutation($i:RedeemCandidateCodeInput!){ redeemCandidateCode(input:$i){ assessment { id } } }`,
        { i: { code: code.value.trim() } }));
      reload();
    } catch (err) {
      showError(form, err);
    }
  });
  return h("details", { class: "panel redeem" }, h("summary", null, "Have a candidate code from an employer?"), form);
}

export async function render() {
  const d = await gql(`{ examForms { id slug title description kind durationMinutes passPercent feedback itemCount sections { section count } }
    myExamHistory { id status startedAt closedAt form { title } report { percent passed } } }`);
  const alert = formAlert();
  const open = d.myExamHistory.filter((x) => x.status === "IN_PROGRESS");
  const start = async (f) => {
    const ok = await confirm({
      title: `Start the ${f.title}?`,
      body: [h("p", null, `${f.itemCount} items, ${f.durationMinutes} minutes on the server's clock from now; ${f.passPercent} % to pass.`),
        h("p", null, "Your answers are saved as you choose them. The exam closes itself at the deadline with what you saved.")],
      confirmLabel: "Start the exam",
    });
    if (!ok) return;
    try {
      const r = await gql(`mutation($i:StartExamInput!){ startExam(input:$i){ attempt { id } } }`, { i: { formId: f.id } });
      navigate(`/exams/${r.startExam.attempt.id}`);
    } catch (e) {
      showError(alert.parentElement, e);
    }
  };
  return h("section", { class: "page" },
    h("div", { class: "page-head" }, h("h1", null, "Exams")),
    h("div", null, alert),
    redeem(),
    open.length ? h("p", { class: "notice" }, "You have an exam in progress: ",
      open.map((x) => h("a", { href: `/exams/${x.id}` }, `continue the ${x.form.title}`)), ".") : null,
    h("div", { class: "cards wide-cards" }, d.examForms.map((f) => h("article", { class: "card" },
      h("h2", { class: "item-title" }, f.title),
      h("p", { class: "muted" }, f.description),
      h("p", { class: "item-meta" }, `${f.itemCount} items · ${f.durationMinutes} min · ${f.passPercent} % to pass · ${words(f.kind)}`),
      f.sections.length ? h("details", null, h("summary", null, "Blueprint"),
        h("ul", null, f.sections.map((s) => h("li", null, `${words(s.section)}: ${s.count}`)))) : null,
      h("div", null, h("button", { type: "button", class: "primary", onClick: () => start(f) }, `Start the ${f.title}`))))),
    h("section", { class: "panel", "aria-labelledby": "h-hist" },
      h("h2", { id: "h-hist" }, "Your sittings"),
      arrayList(d.myExamHistory, (items) => table(null, ["Exam", "Started", "Status", "Score", ""], items.map((x) => [
        x.form.title, when(x.startedAt), badge(x.status),
        x.report ? `${percent(x.report.percent, 1)} · ${x.report.passed ? "passed" : "not passed"}` : "—",
        h("a", { href: `/exams/${x.id}` }, x.status === "IN_PROGRESS" ? "Continue" : "Report",
          hidden(` of the ${x.form.title} started ${when(x.startedAt)}`)),
      ])), { pageSize: 10, noun: "sittings", empty: "No sittings yet." })));
}
