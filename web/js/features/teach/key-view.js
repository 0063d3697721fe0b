// An answer key read side by side with the case: every line with its rationale and the
// guideline it rests on, the expected MS-DRG and the targeted feedback. Text only.

import { h } from "../../core/dom.js";
import { words } from "../../core/format.js";
import { table } from "../../ui/misc.js";

const SYSTEM = { ICD10CM: "ICD-10-CM", ICD10PCS: "ICD-10-PCS", CPT: "CPT", HCPCS: "HCPCS" };
// "1" is the POA indicator of a code exempt from POA reporting (UB-04 convention).
const poa = (v) => (v === "1" ? " · POA exempt" : ` · POA ${v}`);

function alt(line) {
  return line.alternate ? ` (alternative ${line.alternate.group}, option ${line.alternate.option})` : "";
}

function why(line) {
  return h("div", { class: "why" },
    h("div", null, line.rationale || ""),
    line.guideline ? h("div", { class: "guideline" }, line.guideline) : null);
}

/** The key (the case-set format's `key` object). */
export function keyView(key) {
  const dx = key.diagnoses || [];
  const px = key.procedures || [];
  const pcs = key.pcs || [];
  const feedback = key.feedback || [];
  return h("div", { class: "key-view" },
    dx.length ? table("Diagnoses (ICD-10-CM)", ["Code", "Role", "Rationale and guideline"], dx.map((l, i) => [
      h("span", null, h("code", { class: "key-code" }, l.code), h("span", { class: "letter-note" }, ` ${String.fromCharCode(65 + i)}`)),
      h("span", null, words(l.role), l.poa ? poa(l.poa) : "", l.optional ? " · optional" : "", alt(l)),
      why(l),
    ])) : null,
    px.length ? table("Procedures (CPT, HCPCS)", ["Code", "Billing", "Rationale and guideline"], px.map((l) => [
      h("span", null, h("code", { class: "key-code" }, l.code), h("span", { class: "letter-note" }, ` ${SYSTEM[l.system] || l.system}`)),
      h("span", null, (l.modifiers || []).length ? `mod ${l.modifiers.join(", ")} · ` : "", `${l.units || 1} unit${l.units > 1 ? "s" : ""}`,
        (l.pointers || []).length ? ` · dx ${l.pointers.join("")}` : "", l.optional ? " · optional" : "", alt(l)),
      why(l),
    ])) : null,
    pcs.length ? table("Procedures (ICD-10-PCS)", ["Code", "", "Rationale and guideline"], pcs.map((l) => [
      h("code", { class: "key-code" }, l.code), l.principal ? "Principal" : "", why(l),
    ])) : null,
    key.expectedDrg ? h("p", null, h("strong", null, "Expected MS-DRG: "), h("code", null, key.expectedDrg)) : null,
    feedback.length ? h("div", null, h("h3", null, "Targeted feedback"),
      h("ul", { class: "plain" }, feedback.map((f) => h("li", null,
        h("strong", null, "If coded "), h("code", null, f.ifCoded ? f.ifCoded.code : "?"),
        f.ifCoded ? ` (${SYSTEM[f.ifCoded.system] || f.ifCoded.system})` : "", ": ", f.message)))) : null);
}
