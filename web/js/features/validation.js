// validateCodes as you type: every code on the form checked for the date of service and
// the patient (billable, valid on the date, age and sex edits), plus the Excludes1 pairs
// and code-first / use-additional-code hints across the diagnoses.

import { gql } from "../core/api.js";
import { splitModifiers } from "./coding-form.js";

const VALIDATE = `query($i:ValidateCodesInput!){ validateCodes(input:$i){
  results { system code status message entry { description } billableChildren { code } }
  excludes1Conflicts { code excluded note }
  sequencingHints { code kind note satisfied } } }`;

const SEX = { F: "FEMALE", M: "MALE" };

/**
 * Checks the form's codes; resolves to {lines: Map(line -> {ok, text}), drg, conflicts,
 * hints}. `state` is the coding form's state; `c` the case.
 */
export async function validateForm(state, c, age, inpatient, signal) {
  const codes = [];
  const refs = [];
  const push = (system, code, ref) => {
    codes.push({ system, code });
    refs.push(ref);
  };
  for (const d of state.diagnoses) if (d.code.trim()) push("ICD10CM", d.code.trim(), { line: d });
  for (const p of state.procedures) {
    if (!p.code.trim()) continue;
    push(p.system, p.code.trim(), { line: p });
    for (const m of splitModifiers(p.modifiers)) push("MODIFIER", m, { line: p, modifier: m });
  }
  if (inpatient) {
    for (const p of state.pcs) if (p.code.trim()) push("ICD10PCS", p.code.trim(), { line: p });
    if (state.drg.trim()) push("MSDRG", state.drg.trim(), { line: "drg" });
  }
  const out = { lines: new Map(), conflicts: [], hints: [] };
  if (!codes.length) return out;
  const d = await gql(VALIDATE, {
    i: { codes: codes.slice(0, 100), dateOfService: c.dateOfService, patientAge: age, patientSex: SEX[c.patient.sex] || "UNKNOWN" },
  }, { signal });
  const v = d.validateCodes;
  v.results.forEach((r, i) => {
    const ref = refs[i];
    const prev = out.lines.get(ref.line);
    let check;
    if (ref.modifier) {
      if (r.status === "VALID") return;
      check = { ok: false, text: `Modifier ${ref.modifier}: ${r.message}` };
    } else if (r.status === "VALID") {
      check = { ok: true, text: `✓ ${r.entry ? r.entry.description : "valid"}` };
    } else {
      const kids = r.billableChildren.slice(0, 5).map((k) => k.code).join(", ");
      check = { ok: false, text: `${r.message}${kids ? ` For example ${kids}${r.billableChildren.length > 5 ? " …" : ""}.` : ""}` };
    }
    if (prev && prev.ok === false && check.ok) return;
    if (prev && !prev.ok && !check.ok) check = { ok: false, text: `${prev.text} ${check.text}` };
    if (prev && prev.ok && !check.ok) check = { ok: false, text: check.text };
    out.lines.set(ref.line, check);
  });
  out.conflicts = v.excludes1Conflicts;
  out.hints = v.sequencingHints;
  return out;
}
