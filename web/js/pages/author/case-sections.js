// The list sections of the case form: coverages, documents and the answer key's lines. Each
// item edits the document in place; adding or removing one redraws its section.

import { h, replace } from "../../core/dom.js";
import { bound, itemSet } from "../../features/doc-form.js";

const DOC_KINDS = ["PROGRESS_NOTE", "HISTORY_AND_PHYSICAL", "OPERATIVE_REPORT", "PROCEDURE_NOTE", "RADIOLOGY_REPORT",
  "PATHOLOGY_REPORT", "LAB_REPORT", "ED_RECORD", "ANESTHESIA_RECORD", "DISCHARGE_SUMMARY", "CONSULTATION"];
const DX_ROLES = ["FIRST_LISTED", "PRINCIPAL", "SECONDARY"];
const POA = ["", "Y", "N", "U", "W", "1"];

/** A panel over the list at `list` of `doc`: items drawn by `item(i, remove)`, plus Add. */
function listSection(doc, key, heading, { item, blank, addLabel, hint, id }) {
  const body = h("div", { class: "stack" });
  const get = () => key.split(".").reduce((o, k) => o[k], doc);
  const draw = () => replace(body, get().map((_, i) => item(i, () => {
    get().splice(i, 1);
    draw();
  })));
  draw();
  return h("section", { class: "panel", "aria-labelledby": id },
    h("h2", { id }, heading),
    hint ? h("p", { class: "hint" }, hint) : null,
    body,
    h("div", { class: "actions start" }, h("button", { type: "button", onClick: () => {
      get().push(blank());
      draw();
      const added = body.lastElementChild && body.lastElementChild.querySelector("input, select, textarea");
      if (added) added.focus();
    } }, addLabel)));
}

export function coverageSection(doc) {
  return listSection(doc, "coverages", "Coverage", {
    id: "h-coverage",
    addLabel: "Add a coverage",
    blank: () => ({ payer: "", memberId: "", groupNumber: null, effectiveDate: doc.dateOfService, terminationDate: null,
      relationship: "SELF", priority: "PRIMARY" }),
    item: (i, remove) => itemSet(`coverages[${i}]`, `Coverage ${i + 1}`, remove,
      bound(doc, `coverages[${i}].payer`, "Payer", { hint: "A payer profile's slug (medicare-part-b)." }),
      bound(doc, `coverages[${i}].memberId`, "Member ID"),
      bound(doc, `coverages[${i}].groupNumber`, "Group number", { kind: "optional" }),
      bound(doc, `coverages[${i}].effectiveDate`, "Effective date", { type: "date" }),
      bound(doc, `coverages[${i}].terminationDate`, "Termination date", { type: "date", kind: "optional" }),
      bound(doc, `coverages[${i}].relationship`, "Relationship", { options: ["SELF", "SPOUSE", "CHILD", "OTHER"] }),
      bound(doc, `coverages[${i}].priority`, "Priority", { options: ["PRIMARY", "SECONDARY", "TERTIARY"] })),
  });
}

export function documentSection(doc) {
  return listSection(doc, "documents", "Documents", {
    id: "h-documents",
    addLabel: "Add a document",
    hint: "Markdown. Invented data only: the real-data guard refuses to publish real-looking identifiers.",
    blank: () => ({ kind: "PROGRESS_NOTE", title: "", body: "" }),
    item: (i, remove) => itemSet(`documents[${i}]`, `Document ${i + 1}`, remove,
      bound(doc, `documents[${i}].kind`, "Kind", { options: DOC_KINDS }),
      bound(doc, `documents[${i}].title`, "Title"),
      bound(doc, `documents[${i}].body`, "Text", { rows: 12, cls: "wide" })),
  });
}

function dxLine(doc, i, remove) {
  const p = `key.diagnoses[${i}]`;
  return itemSet(p, `Diagnosis ${i + 1}`, remove,
    bound(doc, `${p}.code`, "ICD-10-CM code"),
    bound(doc, `${p}.role`, "Role", { options: DX_ROLES }),
    bound(doc, `${p}.poa`, "POA", { kind: "optional", options: POA, hint: "Inpatient only." }),
    bound(doc, `${p}.optional`, "Optional line", { kind: "check" }),
    bound(doc, `${p}.rationale`, "Rationale", { rows: 3, cls: "wide" }),
    bound(doc, `${p}.guideline`, "Guideline", { cls: "wide", hint: "The guideline cited (ICD-10-CM I.C.4.a)." }));
}

function pxLine(doc, i, remove) {
  const p = `key.procedures[${i}]`;
  return itemSet(p, `Procedure ${i + 1}`, remove,
    bound(doc, `${p}.system`, "System", { options: ["CPT", "HCPCS"] }),
    bound(doc, `${p}.code`, "Code"),
    bound(doc, `${p}.modifiers`, "Modifiers", { kind: "list", hint: "Separated by commas." }),
    bound(doc, `${p}.units`, "Units", { kind: "number" }),
    bound(doc, `${p}.pointers`, "Diagnosis pointers", { kind: "list", hint: "Letters, by commas (A, B)." }),
    bound(doc, `${p}.optional`, "Optional line", { kind: "check" }),
    bound(doc, `${p}.rationale`, "Rationale", { rows: 3, cls: "wide" }),
    bound(doc, `${p}.guideline`, "Guideline", { cls: "wide" }));
}

function pcsLine(doc, i, remove) {
  const p = `key.pcs[${i}]`;
  return itemSet(p, `PCS procedure ${i + 1}`, remove,
    bound(doc, `${p}.code`, "ICD-10-PCS code"),
    bound(doc, `${p}.principal`, "Principal procedure", { kind: "check" }),
    bound(doc, `${p}.optional`, "Optional line", { kind: "check" }),
    bound(doc, `${p}.rationale`, "Rationale", { rows: 3, cls: "wide" }),
    bound(doc, `${p}.guideline`, "Guideline", { cls: "wide" }));
}

export function keySection(doc) {
  doc.key.procedures = doc.key.procedures || [];
  doc.key.pcs = doc.key.pcs || [];
  const line = { optional: false, rationale: "", guideline: "", alternate: null };
  const parts = [
    listSection(doc, "key.diagnoses", "Answer key: diagnoses", {
      id: "h-key-dx", addLabel: "Add a diagnosis line",
      hint: "In claim order: the first is first-listed (or principal, inpatient).",
      blank: () => ({ code: "", role: "SECONDARY", poa: null, ...line }), item: (i, r) => dxLine(doc, i, r),
    }),
    listSection(doc, "key.procedures", "Answer key: procedures and services", {
      id: "h-key-px", addLabel: "Add a procedure line",
      blank: () => ({ system: "CPT", code: "", modifiers: [], units: 1, pointers: ["A"], ...line }),
      item: (i, r) => pxLine(doc, i, r),
    }),
  ];
  if (doc.inpatient || doc.key.pcs.length) {
    parts.push(listSection(doc, "key.pcs", "Answer key: ICD-10-PCS", {
      id: "h-key-pcs", addLabel: "Add a PCS line",
      blank: () => ({ code: "", principal: false, ...line }), item: (i, r) => pcsLine(doc, i, r),
    }));
  }
  return h("div", { class: "stack" }, parts);
}
