// The employer's assessments: each one with its candidates' progress, and a builder that
// puts bank questions, cases to code and claim scenarios together with a time limit, a
// pass mark and a feedback policy.

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { words } from "../../core/format.js";
import { navigate } from "../../core/router.js";
import { table, hidden } from "../../ui/misc.js";
import { arrayList } from "../../ui/pager.js";
import { field, formAlert, clearErrors, showError, busy } from "../../ui/form.js";
import { itemPicker } from "../../features/item-picker.js";
import { skillName } from "../home.js";
import { sectionName } from "../exam.js";

// The bank's sections (seed/questions/FORMAT.md).
const SECTIONS = ["EM", "ANESTHESIA", "SURGERY_10000", "SURGERY_20000", "SURGERY_30000", "SURGERY_40000",
  "SURGERY_50000", "SURGERY_60000", "RADIOLOGY", "PATHOLOGY_LAB", "MEDICINE", "TERMINOLOGY", "ANATOMY", "ICD10CM",
  "HCPCS", "GUIDELINES", "COMPLIANCE", "CCS_DX", "CCS_PCS", "CCS_REIMBURSEMENT", "CCS_COMPLIANCE", "CCS_SCENARIO",
  "CRC_MODELS", "CRC_DOCUMENTATION", "CRC_CODING", "CRC_COMPLIANCE", "CRC_CLINICAL", "CCA_CLASSIFICATION",
  "CCA_REIMBURSEMENT", "CCA_RECORDS", "CCA_COMPLIANCE", "CCA_TECHNOLOGY", "CCA_PRIVACY"];

export async function render() {
  const d = await gql(`{ assessments { assessment { id title itemCount durationMinutes passPercent feedback }
    codesIssued codesUsed started finished } }`);
  return h("section", { class: "page" },
    h("div", { class: "page-head" }, h("h1", null, "Assessments"),
      h("div", { class: "actions" }, h("a", { class: "button primary", href: "#build" }, "Build an assessment"))),
    h("section", { class: "panel", "aria-labelledby": "h-list" },
      h("h2", { id: "h-list" }, "Your assessments"),
      arrayList(d.assessments, (items) => table(null,
        ["Assessment", "Items", "Time", "Pass mark", "Feedback", "Codes used", "Started", "Finished", ""],
        items.map((o) => [
          o.assessment.title, String(o.assessment.itemCount), `${o.assessment.durationMinutes} min`,
          `${o.assessment.passPercent} %`, feedbackWords(o.assessment.feedback),
          `${o.codesUsed} of ${o.codesIssued}`, String(o.started), String(o.finished),
          h("a", { href: `/employer/assessments/${o.assessment.id}` }, "Open", hidden(` ${o.assessment.title}`)),
        ]), { numeric: [1, 5, 6, 7] }), { pageSize: 10, noun: "assessments", empty: "No assessments yet: build one below." })),
    builder());
}

/** The first words of a text, up to about `n` characters. */
function shorten(text, n) {
  if (text.length <= n) return text;
  const cut = text.slice(0, n);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), n / 2))}…`;
}

export function feedbackWords(f) {
  return f === "IMMEDIATE" ? "Candidate sees the report" : "Employer only";
}

function builder() {
  const title = h("input", { type: "text", name: "title", required: true, maxlength: "200" });
  const description = h("textarea", { name: "description", rows: "2" });
  const minutes = h("input", { type: "number", name: "durationMinutes", min: "5", max: "480", value: "60", required: true });
  const pass = h("input", { type: "number", name: "passPercent", min: "0", max: "100", value: "70", required: true });
  const feedback = h("select", { name: "feedback" },
    h("option", { value: "EMPLOYER_ONLY" }, "Employer only: candidates see no score"),
    h("option", { value: "IMMEDIATE" }, "Candidates see their report when they finish"));
  const questions = itemPicker({
    legend: "Questions from the bank", noun: "questions", field: "questionIds",
    filters: [
      field("Section", h("select", { name: "section" }, h("option", { value: "" }, "Any"),
        SECTIONS.map((s) => h("option", { value: s }, sectionName(s))))),
      field("Words", h("input", { type: "search", name: "text" })),
    ],
    load: async (first, after, v) => (await gql(`query($f:QuestionFilterInput,$n:Int,$a:String){ questions(filter:$f, first:$n, after:$a){
        totalCount pageInfo { hasNextPage endCursor } nodes { id slug section difficulty stem } } }`,
    { f: { section: v.section, text: v.text }, n: first, a: after })).questions,
    describe: (q) => ({ title: shorten(q.stem.replace(/[*_`#>]/g, ""), 150), meta: `${sectionName(q.section)} · ${words(q.difficulty)} · ${q.slug}` }),
  });
  const caseLoader = (tag) => async (first, after, v) => (await gql(`query($f:CaseFilterInput,$n:Int,$a:String){ cases(filter:$f, first:$n, after:$a){
      totalCount pageInfo { hasNextPage endCursor } nodes { id title setting difficulty skillTags } } }`,
  { f: { text: v.text, skillTag: tag || v.skillTag }, n: first, a: after })).cases;
  const describeCase = (c) => ({ title: c.title, meta: `${words(c.setting)} · ${words(c.difficulty)} · ${c.skillTags.map(skillName).join(", ")}` });
  const cases = itemPicker({
    legend: "Cases to code in full", noun: "cases", field: "caseIds",
    filters: [field("Title words", h("input", { type: "search", name: "text" }))],
    load: caseLoader(null), describe: describeCase,
  });
  const claims = itemPicker({
    legend: "Claim scenarios (build and work the claim)", noun: "claim scenarios", field: "claimCaseIds",
    filters: [field("Title words", h("input", { type: "search", name: "text" }))],
    load: caseLoader("BILLING:DENIALS"), describe: describeCase,
  });
  const alert = formAlert();
  const form = h("form", { class: "stack", novalidate: true },
    alert,
    field("Title", title, { field: "title" }),
    field("Description for candidates", description, { field: "description" }),
    h("div", { class: "grid-3" },
      field("Time limit (minutes)", minutes, { field: "durationMinutes", hint: "5 to 480, on the server's clock." }),
      field("Pass mark (%)", pass, { field: "passPercent" }),
      field("Feedback", feedback, { field: "feedback" })),
    questions, cases, claims,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Create the assessment")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const r = await busy(form, () => gql(`mutation($i:CreateAssessmentInput!){ createAssessment(input:$i){ assessment { id } } }`, {
        i: {
          title: title.value.trim(), description: description.value.trim(),
          durationMinutes: Number(minutes.value), passPercent: Number(pass.value), feedback: feedback.value,
          questionIds: questions.chosen(), caseIds: cases.chosen(), claimCaseIds: claims.chosen(),
        },
      }));
      navigate(`/employer/assessments/${r.createAssessment.assessment.id}`);
    } catch (err) {
      showError(form, err);
    }
  });
  return h("section", { class: "panel", id: "build", "aria-labelledby": "h-build" },
    h("h2", { id: "h-build" }, "Build an assessment"),
    h("p", { class: "muted" }, "Pick items from any of the three lists; the assessment keeps them in that order (questions, cases, claims)."),
    form);
}
