// Editing a case you author, in a form over its case-set document: the case, the patient's
// demographics, coverage, documents and the answer key (each line with its rationale and
// guideline). Saved through saveCase; each problem the server finds appears beside the field
// its path names, and all of them are listed at the top.

import { h, replace } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { crumbs, badge, announce } from "../../ui/misc.js";
import { clearErrors, markField, busy } from "../../ui/form.js";
import { bound } from "../../features/doc-form.js";
import { problemsOf, errorBlock, problemList } from "../../features/problems.js";
import { checkThenPublish } from "./publish.js";
import { coverageSection, documentSection, keySection } from "./case-sections.js";

const SETTINGS = ["OFFICE", "ED", "OUTPATIENT_HOSPITAL", "ASC", "INPATIENT", "OTHER"];
const DIFFICULTIES = ["BEGINNER", "INTERMEDIATE", "ADVANCED"];

async function setOf(caseId, given) {
  if (given) return given;
  const d = await gql(`{ authoredCaseSets(first: 100) { nodes { id cases { id } } } }`);
  const s = d.authoredCaseSets.nodes.find((x) => x.cases.some((c) => c.id === caseId));
  return s ? s.id : null;
}

export async function render(ctx) {
  const id = ctx.params.id;
  const [d, setId] = await Promise.all([
    gql(`query($id:ID!){ caseDocument(id:$id) case(id:$id){ id title status } }`, { id }),
    setOf(id, ctx.query.get("set")),
  ]);
  const doc = d.caseDocument;
  let status = d.case.status;
  const statusSlot = h("span", null, badge(status));
  const top = h("div", { class: "form-top" });
  const form = h("form", { class: "stack case-form", novalidate: true, onSubmit: save });

  function showProblems(problems, opts) {
    const unplaced = problems.filter((p) => !markField(form, p.path, p.message));
    replace(top, problemList(problems, { ...opts, intro: unplaced.length
      ? `${opts.intro || ""} Not beside a field: ${unplaced.map((p) => p.path).join(", ")}.`.trim()
      : opts.intro }));
    top.firstChild.focus();
  }

  async function save(e) {
    e.preventDefault();
    clearErrors(form);
    replace(top);
    if (!setId) {
      replace(top, h("p", { class: "alert", role: "alert" }, "This case is in none of your sets: clone it into one first."));
      return;
    }
    try {
      const r = await busy(form, () => gql(`mutation($s:ID!,$d:JSON!){ saveCase(input:{caseSetId:$s, document:$d}){ case { id status } } }`,
        { s: setId, d: doc }));
      dirty = false;
      const said = "Saved. The case is a draft until it is published.";
      setStatus(r.saveCase.case.status, said);
      announce(said);
    } catch (err) {
      const problems = problemsOf(err);
      if (problems.length) showProblems(problems, { code: err.code, intro: "Nothing was saved." });
      else {
        replace(top, errorBlock(err));
        top.firstChild.focus();
      }
    }
  }

  // Publishing reads the saved case: with unsaved changes the author saves first.
  let dirty = false;
  form.addEventListener("input", () => (dirty = true));
  form.addEventListener("change", () => (dirty = true));
  const publishSlot = h("span");
  const drawPublish = () => replace(publishSlot, status === "PUBLISHED"
    ? h("button", { type: "button", onClick: async (e) => {
      try {
        const r = await busy(e.currentTarget.parentElement,
          () => gql(`mutation($id:ID!){ unpublishCase(input:{id:$id}){ case { status } } }`, { id }));
        setStatus(r.unpublishCase.case.status, "The case is a draft again.");
      } catch (err) {
        replace(top, errorBlock(err));
      }
    } }, "Unpublish")
    : h("button", { type: "button", onClick: () => {
      clearErrors(form);
      if (dirty) {
        replace(top, h("p", { class: "alert", role: "alert", tabindex: "-1" },
          "Save your changes first: the real-data guard checks the saved case."));
        top.firstChild.focus();
        return null;
      }
      return checkThenPublish({
        what: `the case “${doc.title}”`,
        findings: async () => {
          const r = await gql(`query($id:ID!){ caseRealDataFindings(id:$id){ path message } }`, { id });
          for (const p of r.caseRealDataFindings) markField(form, p.path, p.message);
          return r.caseRealDataFindings;
        },
        publish: () => gql(`mutation($id:ID!){ publishCase(input:{id:$id}){ case { status } } }`, { id })
          .then((r) => setStatus(r.publishCase.case.status, "Published.")),
        region: top,
        done: () => {},
      });
    } }, "Publish…"));
  function setStatus(next, said) {
    status = next;
    replace(statusSlot, badge(status));
    drawPublish();
    if (said) replace(top, h("p", { class: "success", role: "status" }, said));
  }
  drawPublish();

  const caseSection = h("section", { class: "panel", "aria-labelledby": "h-case" },
    h("h2", { id: "h-case" }, "The case"),
    h("div", { class: "form-grid" },
      bound(doc, "title", "Title", { cls: "wide" }),
      bound(doc, "slug", "Slug", { readOnly: true, hint: "Identifies the case in its set; fixed." }),
      bound(doc, "dateOfService", "Date of service", { type: "date" }),
      bound(doc, "setting", "Setting", { options: SETTINGS }),
      bound(doc, "placeOfService", "Place of service"),
      bound(doc, "difficulty", "Difficulty", { options: DIFFICULTIES }),
      bound(doc, "estimatedMinutes", "Estimated minutes", { kind: "number" }),
      bound(doc, "skillTags", "Skill tags", { kind: "list", hint: "Separated by commas (CPC:EM, CPC:ICD10CM)." })));
  const patientSection = h("section", { class: "panel", "aria-labelledby": "h-patient" },
    h("h2", { id: "h-patient" }, "Demographics"),
    h("p", { class: "hint" }, "Invented people only: real names, numbers or addresses must never be used."),
    h("div", { class: "form-grid" },
      bound(doc, "patient.firstName", "First name"),
      bound(doc, "patient.lastName", "Last name"),
      bound(doc, "patient.dateOfBirth", "Date of birth", { type: "date" }),
      bound(doc, "patient.sex", "Sex", { options: ["F", "M", "U"] }),
      bound(doc, "patient.address.line1", "Address line 1"),
      bound(doc, "patient.address.line2", "Address line 2", { kind: "optional" }),
      bound(doc, "patient.address.city", "City"),
      bound(doc, "patient.address.state", "State"),
      bound(doc, "patient.address.zip", "ZIP code")));

  replace(form,
    caseSection, patientSection,
    coverageSection(doc), documentSection(doc), keySection(doc),
    h("div", { class: "actions start" },
      h("button", { type: "submit", class: "primary" }, "Save the case"), publishSlot));
  return h("section", { class: "page author" },
    crumbs(["Authoring", "/author"], [doc.title]),
    h("div", { class: "page-head" }, h("h1", null, `Edit: ${doc.title}`), statusSlot),
    top,
    form);
}
