// Item analysis: every key line of a case (over the organization's scored attempts) or
// every item of an exam form (over its closed sittings): how many answered, the p-value
// (share right), the discrimination (upper 27 % minus lower 27 %), the answers given with
// their counts (distractors, wrong codes), and the flags the server raises on lines or items
// that look like key errors.

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { navigate } from "../../core/router.js";
import { words } from "../../core/format.js";
import { badge, table } from "../../ui/misc.js";
import { dotted } from "../../features/coding-form.js";

const PICK = `{ cases(first: 100) { nodes { id title } } examForms { id title } }`;
const CASE = `query($id:ID!){ caseLineAnalysis(caseId:$id){ kind expected n pValue discrimination answers { key count correct } flags } }`;
const FORM = `query($id:ID!){ itemAnalysis(formId:$id){ itemId slug section n pValue discrimination options { key count correct } flags } }`;

const num = (x, d = 2) => (x === null || x === undefined ? "—" : Number(x).toFixed(d));

export async function render(ctx) {
  const p = await gql(PICK);
  const caseId = ctx.query.get("case");
  const formId = ctx.query.get("form");
  const caseSel = h("select", { id: "an-case" }, h("option", { value: "" }, "Choose a case"),
    p.cases.nodes.map((c) => h("option", { value: c.id, selected: c.id === caseId }, c.title)));
  const formSel = h("select", { id: "an-form" }, h("option", { value: "" }, "Choose an exam form"),
    p.examForms.map((f) => h("option", { value: f.id, selected: f.id === formId }, f.title)));
  caseSel.addEventListener("change", () => caseSel.value && navigate(`/teach/analysis?case=${caseSel.value}`));
  formSel.addEventListener("change", () => formSel.value && navigate(`/teach/analysis?form=${formSel.value}`));
  let body = h("p", { class: "empty" }, "Choose a case or an exam form to analyse.");
  if (caseId) body = caseTable((await gql(CASE, { id: caseId })).caseLineAnalysis, p.cases.nodes.find((c) => c.id === caseId));
  else if (formId) body = formTable((await gql(FORM, { id: formId })).itemAnalysis, p.examForms.find((f) => f.id === formId));
  return h("section", { class: "page wide" },
    h("div", { class: "page-head" }, h("h1", null, "Item analysis")),
    h("p", { class: "lede" }, "p-value: the share who got it right. Discrimination: the p-value of the top 27 % of scorers minus the bottom 27 % (near zero or negative suggests a key error or an ambiguous item)."),
    h("div", { class: "filters" },
      h("div", { class: "field" }, h("label", { for: "an-case" }, "Case"), caseSel),
      h("div", { class: "field" }, h("label", { for: "an-form" }, "Exam form"), formSel)),
    body);
}

function answers(list, show = (x) => x) {
  return h("ul", { class: "plain answers" }, list.map((a) => h("li", null,
    h("code", null, show(a.key)), ` × ${a.count}`, a.correct ? h("span", { class: "small-print" }, " (key)") : null)));
}

function flags(list) {
  return list.length ? h("div", { class: "tags" }, list.map((f) => badge("FIRED", f))) : h("span", { class: "muted" }, "—");
}

function caseTable(rows, c) {
  const flagged = rows.filter((r) => r.flags.length).length;
  return h("section", { class: "stack" },
    h("h2", null, c ? c.title : "Case"),
    h("p", { id: "flag-count" }, `${rows.length} key lines; ${flagged} flagged as a likely key error.`),
    rows.length ? table("Key lines", ["Line", "Key code", "Answered", "p-value", "Discrimination", "Answers given", "Flags"],
      rows.map((r) => {
        const show = (c) => (r.kind === "DIAGNOSIS" ? dotted(c) : c);
        return [words(r.kind), h("code", null, show(r.expected)), String(r.n), num(r.pValue), num(r.discrimination), answers(r.answers, show), flags(r.flags)];
      }),
      { numeric: [2, 3, 4] }) : h("p", { class: "empty" }, "No scored attempt of this case yet."));
}

function formTable(rows, f) {
  const flagged = rows.filter((r) => r.flags.length).length;
  return h("section", { class: "stack" },
    h("h2", null, f ? f.title : "Exam form"),
    h("p", { id: "flag-count" }, `${rows.length} items; ${flagged} flagged.`),
    rows.length ? table("Items", ["Item", "Section", "Answered", "p-value", "Discrimination", "Options chosen", "Flags"],
      rows.map((r) => [r.slug, r.section, String(r.n), num(r.pValue), num(r.discrimination), answers(r.options), flags(r.flags)]),
      { numeric: [2, 3, 4] }) : h("p", { class: "empty" }, "No closed sitting of this form yet."));
}
