// The dialogs of denial work: appeal a denied line (the denial it answers, the ground, the
// argument and the documents that show it); close a claim (write off, bill the patient,
// nothing owed) with a note.

import { h } from "../core/dom.js";
import { gql } from "../core/api.js";
import { money } from "../core/format.js";
import { field, formAlert, clearErrors, showError, busy } from "../ui/form.js";
import { formDialog } from "../ui/dialog.js";
import { announce } from "../ui/misc.js";

// The appeal grounds (AppealGround) and what each answers.
const GROUNDS = [
  ["MEDICAL_NECESSITY_MET", "Medical necessity met under the payer's policy (CARC 50, 11)"],
  ["MODIFIER_SUPPORTED", "The documentation supports the modifier (CARC 4, 97, 236)"],
  ["UNITS_SUPPORTED", "The documentation supports the units (CARC 151)"],
  ["FREQUENCY_EXCEPTION", "The patient's history justifies the frequency (CARC 119)"],
  ["PRIOR_AUTHORIZATION_OBTAINED", "Authorization was obtained before the service (CARC 197, 15)"],
  ["TIMELY_FILING_PROOF", "Proof the claim was filed in time (CARC 29)"],
  ["COVERAGE_IN_EFFECT", "The patient was covered on the date of service (CARC 27, 26)"],
  ["NOT_A_DUPLICATE", "The claim is not a duplicate (CARC 18)"],
];
// Pricing adjustments (contractual, deductible, coinsurance, copay, sequestration) are not denials.
const PRICING = new Set(["45", "1", "2", "3", "253"]);

export function appealDialog(claim, denied, documents) {
  return formDialog({
    title: "Appeal a denied line",
    build(form, close) {
      const line = h("select", { name: "line" }, denied.map((l) => h("option", { value: String(l.line) },
        `Line ${l.line}: ${l.code} (${l.adjustments.map((a) => `${a.group}-${a.reason}`).join(", ")})`)));
      const carc = h("select", { name: "carc" });
      const rarc = h("select", { name: "rarc" });
      const fill = () => {
        const l = denied.find((x) => String(x.line) === line.value) || denied[0];
        const denials = l.adjustments.filter((a) => !PRICING.has(a.reason));
        carc.replaceChildren(...(denials.length ? denials : l.adjustments).map((a) =>
          h("option", { value: a.reason }, `${a.group}-${a.reason}${a.reasonText ? `: ${a.reasonText}` : ""}`)));
        rarc.replaceChildren(h("option", { value: "" }, "None"),
          ...(l.remarks || []).map((m) => h("option", { value: m }, m)));
      };
      fill();
      line.addEventListener("change", fill);
      const ground = h("select", { name: "ground" }, GROUNDS.map(([v, label]) => h("option", { value: v }, label)));
      const reason = h("textarea", { name: "reason", rows: "4", required: true });
      const docs = documents.map((d, i) => h("div", { class: "field inline" },
        h("input", { type: "checkbox", id: `appeal-doc-${i}`, value: d.title }),
        h("label", { for: `appeal-doc-${i}` }, d.title)));
      const alert = formAlert();
      form.append(alert,
        field("Denied line", line, { field: "line" }),
        field("Denial answered (CARC)", carc, { field: "carc" }),
        field("Remark answered (RARC)", rarc, { field: "rarc" }),
        field("Ground", ground, { field: "ground", hint: "The payer overturns only when the ground answers the denial." }),
        field("Why the denial is wrong", reason, { field: "reason", hint: "Cite the documentation and the payer's policy." }),
        h("fieldset", { "data-field": "documentation" }, h("legend", null, "Send these documents with it"), docs,
          h("p", { class: "field-error", hidden: true })),
        h("div", { class: "actions" },
          h("button", { type: "button", onClick: () => close(false) }, "Cancel"),
          h("button", { type: "submit", class: "primary" }, "Send the appeal")));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        clearErrors(form);
        try {
          const r = await busy(form, () => gql(`mutation($i:AppealClaimLineInput!){ appealClaimLine(input:$i){ decision { outcome level nextLevel deadline message } } }`, {
            i: {
              claimId: claim.id, line: Number(line.value), carc: carc.value, rarc: rarc.value || null,
              ground: ground.value, reason: reason.value.trim(),
              documentation: [...form.querySelectorAll("fieldset input:checked")].map((x) => x.value),
            },
          }));
          const dcs = r.appealClaimLine.decision;
          const next = dcs.outcome === "UPHELD"
            ? (dcs.nextLevel ? ` You may ask for ${dcs.nextLevel}.` : " No further level: close the claim.") : "";
          announce(`${dcs.level}: ${dcs.outcome.toLowerCase()}. ${dcs.message}${next}`);
          close(true);
        } catch (err) {
          showError(form, err);
        }
      });
    },
  });
}

export function closeDialog(claim) {
  const open = claim.remittance ? claim.remittance.billed - claim.remittance.paid : claim.totalChargeCents;
  return formDialog({
    title: "Close the claim",
    build(form, close) {
      const action = h("select", { name: "action" },
        h("option", { value: "WRITE_OFF" }, "Write off: the practice absorbs the balance"),
        h("option", { value: "BILL_PATIENT" }, "Bill the patient: the patient owes it"),
        h("option", { value: "NO_ACTION" }, "No action: nothing is owed"));
      const note = h("input", { type: "text", name: "note" });
      const alert = formAlert();
      form.append(alert,
        h("p", null, `Unpaid on this claim: ${money(open)}.`),
        field("What happens to the balance", action, { field: "action" }),
        field("Note", note, { field: "note", hint: "Why, for the account's history (e.g. timely filing)." }),
        h("div", { class: "actions" },
          h("button", { type: "button", onClick: () => close(false) }, "Cancel"),
          h("button", { type: "submit", class: "primary" }, "Close the claim")));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        clearErrors(form);
        try {
          await busy(form, () => gql(`mutation($i:CloseClaimInput!){ closeClaim(input:$i){ claim { id status } } }`, {
            i: { claimId: claim.id, action: action.value, note: note.value.trim() || null },
          }));
          close(true);
        } catch (err) {
          showError(form, err);
        }
      });
    },
  });
}
