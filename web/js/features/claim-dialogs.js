// The dialogs of denial work: appeal a denied line with a reason and the documents that
// support it; close a claim (write off, bill the patient, nothing owed) with a note.

import { h } from "../core/dom.js";
import { gql } from "../core/api.js";
import { money } from "../core/format.js";
import { field, formAlert, clearErrors, showError, busy } from "../ui/form.js";
import { formDialog } from "../ui/dialog.js";
import { announce } from "../ui/misc.js";

export function appealDialog(claim, denied, documents) {
  return formDialog({
    title: "Appeal a denied line",
    build(form, close) {
      const line = h("select", { name: "line" }, denied.map((l) => h("option", { value: String(l.line) },
        `Line ${l.line}: ${l.code} (${l.adjustments.map((a) => `${a.group}-${a.reason}`).join(", ")})`)));
      const reason = h("textarea", { name: "reason", rows: "4", required: true });
      const docs = documents.map((d, i) => h("div", { class: "field inline" },
        h("input", { type: "checkbox", id: `appeal-doc-${i}`, value: d.title }),
        h("label", { for: `appeal-doc-${i}` }, d.title)));
      const alert = formAlert();
      form.append(alert,
        field("Denied line", line, { field: "line" }),
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
          const r = await busy(form, () => gql(`mutation($i:AppealClaimLineInput!){ appealClaimLine(input:$i){ decision { outcome level message } } }`, {
            i: {
              claimId: claim.id, line: Number(line.value), reason: reason.value.trim(),
              documentation: [...form.querySelectorAll("fieldset input:checked")].map((x) => x.value),
            },
          }));
          const dcs = r.appealClaimLine.decision;
          announce(`${dcs.level}: ${dcs.outcome.toLowerCase()}. ${dcs.message}`);
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
