// A case as the coder reads it: the encounter's facts (patient, coverage, provider, place
// and dates) and the documentation, in order.

import { h } from "../core/dom.js";
import { day, ageOn, words } from "../core/format.js";
import { renderMarkdown } from "./markdown.js";

export const CASE_FIELDS = `id slug title setting placeOfService dateOfService admissionDate dischargeDate dischargeStatus
  difficulty estimatedMinutes skillTags
  patient { firstName lastName dateOfBirth sex address { line1 city state zip }
    coverages { payer memberId groupNumber effectiveDate terminationDate relationship priority } }
  provider { name npi specialty } facility { name npi }
  documents { position kind title body }`;

const SEX = { F: "female", M: "male", U: "sex unknown" };

export function isInpatient(c) {
  return c.setting === "INPATIENT";
}

/** The patient's age on the date of service. */
export function patientAge(c) {
  return ageOn(c.patient.dateOfBirth, c.dateOfService);
}

export function caseFacts(c) {
  const p = c.patient;
  const primary = p.coverages.find((x) => x.priority === "PRIMARY") || p.coverages[0];
  return h("div", { class: "case-facts" },
    h("dl", { class: "facts" },
      h("dt", null, "Patient"), h("dd", null, `${p.firstName} ${p.lastName}, ${patientAge(c)} y, ${SEX[p.sex] || p.sex}`),
      h("dt", null, isInpatient(c) ? "Admitted" : "Date of service"),
      h("dd", null, isInpatient(c) ? `${day(c.admissionDate || c.dateOfService)} – ${day(c.dischargeDate)}` : day(c.dateOfService)),
      h("dt", null, "Setting"), h("dd", null, `${words(c.setting)} (POS ${c.placeOfService})`),
      h("dt", null, "Coverage"), h("dd", null, primary ? `${primary.payer} · ${words(primary.priority)}` : "None (self-pay)"),
      h("dt", null, "Provider"), h("dd", null, `${c.provider.name}, ${c.provider.specialty}`),
      c.facility ? [h("dt", null, "Facility"), h("dd", null, c.facility.name)] : null));
}

/** The documentation, in order; a record of several documents opens with an index of them. */
export function documents(c) {
  const heads = c.documents.map((d) =>
    h("h3", { class: "doc-title", id: `doc-${d.position}`, tabindex: "-1" }, d.title));
  const docs = c.documents.map((d, i) => [
    h("div", { class: "doc-head" }, h("div", { class: "doc-kind" }, words(d.kind)), heads[i]),
    h("div", { class: "doc" }, renderMarkdown(d.body)),
  ]);
  return c.documents.length > 1 ? [documentIndex(c.documents, heads), docs] : docs;
}

/** Buttons, not links: the page's address is the router's, so the index scrolls instead. */
function documentIndex(docs, heads) {
  const go = (i) => () => {
    heads[i].scrollIntoView({ block: "start" });
    heads[i].focus({ preventScroll: true });
  };
  return h("nav", { class: "doc-index", "aria-label": "Documents in this record" },
    h("p", { class: "doc-index-title" }, `${docs.length} documents, ${wordCount(docs).toLocaleString("en-US")} words`),
    h("ol", null, docs.map((d, i) => h("li", null,
      h("button", { type: "button", class: "link", onClick: go(i) }, d.title),
      h("span", { class: "muted" }, ` · ${words(d.kind)} · ${wordCount([d]).toLocaleString("en-US")} words`)))));
}

function wordCount(docs) {
  return docs.reduce((n, d) => n + (d.body.match(/\S+/g) || []).length, 0);
}
