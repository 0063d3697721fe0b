// The biller's desk: A/R aging by payer and by patient, the work queue of claims that need
// action (with follow-ups), and the day sheet.

import { h, replace } from "../core/dom.js";
import { gql } from "../core/api.js";
import { day, money, words, isoDay } from "../core/format.js";
import { badge, table, announce, hidden } from "../ui/misc.js";
import { field, formAlert, clearErrors, showError, busy } from "../ui/form.js";
import { formDialog } from "../ui/dialog.js";
import { arrayList } from "../ui/pager.js";

export async function render(ctx) {
  const asOf = h("input", { type: "date", name: "asOf", value: ctx.query.get("asOf") || isoDay() });
  const sheetDay = h("input", { type: "date", name: "day", value: ctx.query.get("day") || isoDay() });
  const aging = h("div");
  const queue = h("div");
  const sheet = h("div");
  async function drawAging() {
    history.replaceState(null, "", `/billing?asOf=${asOf.value}&day=${sheetDay.value}`);
    replace(aging, h("p", { class: "loading" }, "Loading…"));
    replace(queue, h("p", { class: "loading" }, "Loading…"));
    try {
      const d = await gql(`query($d:Date!){ arAging(asOf:$d){ bucketLabels total { label buckets total }
        byPayer { label buckets total } byPatient { label buckets total } }
        workQueue(asOf:$d){ reason amount ageDays followUps claim { id caseId payer status } } }`, { d: asOf.value });
      const a = d.arAging;
      const heads = ["", ...a.bucketLabels.map((l) => `${l} days`), "Total"];
      const num = heads.map((_, i) => i).slice(1);
      const row = (r) => [r.label, ...r.buckets.map(money), h("strong", null, money(r.total))];
      replace(aging,
        table("By payer", heads, [...a.byPayer.map(row), row({ ...a.total, label: "All payers" })], { numeric: num }),
        h("h3", null, "By patient"),
        arrayList(a.byPatient, (items) => table(null, heads, items.map(row), { numeric: num }), { pageSize: 10, noun: "patients", empty: "Nobody owes anything." }));
      replace(queue, arrayList(d.workQueue, (items) => table(null, ["Claim", "Why", "Amount", "Age", "Follow-ups", ""], items.map((w) => [
        h("span", null, h("a", { href: `/claims/${w.claim.id}` }, `Claim ${w.claim.id} (${w.claim.payer})`), " · ",
          h("a", { href: `/accounts/${w.claim.caseId}` }, "account", hidden(` of the patient of claim ${w.claim.id}`))),
        badge(w.reason), money(w.amount), `${w.ageDays} days`, String(w.followUps),
        h("button", { type: "button", class: "small", onClick: () => followUp(w.claim.id).then((ok) => ok && drawAging()) }, "Follow up", hidden(` on claim ${w.claim.id}`)),
      ]), { numeric: [2, 4] }), { pageSize: 15, noun: "claims", empty: "Nothing needs action. Well done." }));
    } catch (e) {
      replace(aging, h("p", { class: "alert", role: "alert" }, e.message));
      replace(queue);
    }
  }
  async function drawSheet() {
    history.replaceState(null, "", `/billing?asOf=${asOf.value}&day=${sheetDay.value}`);
    try {
      const d = await gql(`query($d:Date!){ daySheet(date:$d){ date charges payerPayments patientPayments adjustments net balanceBefore balanceAfter
        entries { date kind bucket amount claimId reason } } }`, { d: sheetDay.value });
      const s = d.daySheet;
      replace(sheet,
        h("dl", { class: "stats" },
          ...[["Charges", s.charges], ["Payer payments", s.payerPayments], ["Patient payments", s.patientPayments],
            ["Adjustments", s.adjustments], ["Net", s.net], ["Balance before", s.balanceBefore], ["Balance after", s.balanceAfter]]
            .map(([l, v]) => h("div", { class: "stat" }, h("dt", null, l), h("dd", null, money(v))))),
        arrayList(s.entries, (items) => table(null, ["Entry", "Bucket", "Claim", "Reason", "Amount"], items.map((e) => [
          words(e.kind), words(e.bucket), e.claimId ? h("a", { href: `/claims/${e.claimId}` }, `Claim ${e.claimId}`) : "—", e.reason || "—", money(e.amount),
        ]), { numeric: [4] }), { pageSize: 20, noun: "entries", empty: `No entries on ${day(s.date)}.` }));
    } catch (e) {
      replace(sheet, h("p", { class: "alert", role: "alert" }, e.message));
    }
  }
  asOf.addEventListener("change", () => asOf.value && drawAging());
  sheetDay.addEventListener("change", () => sheetDay.value && drawSheet());
  drawAging();
  drawSheet();
  return h("section", { class: "page" },
    h("div", { class: "page-head" }, h("h1", null, "Billing")),
    h("p", { class: "muted" }, "Your simulated practice's receivables. Open a patient's account from a case or a claim to post payments."),
    h("section", { class: "panel", "aria-labelledby": "h-aging" },
      h("h2", { id: "h-aging" }, "A/R aging"), h("div", { class: "filters" }, field("As of", asOf)), aging),
    h("section", { class: "panel", "aria-labelledby": "h-queue" }, h("h2", { id: "h-queue" }, "Work queue"), queue),
    h("section", { class: "panel", "aria-labelledby": "h-sheet" },
      h("h2", { id: "h-sheet" }, "Day sheet"), h("div", { class: "filters" }, field("Day", sheetDay)), sheet));
}

function followUp(claimId) {
  return formDialog({
    title: `Follow up on claim ${claimId}`,
    build(form, close) {
      const action = h("select", { name: "action" },
        h("option", { value: "CALL_PAYER" }, "Called the payer"),
        h("option", { value: "CALL_PATIENT" }, "Called the patient"),
        h("option", { value: "NOTE" }, "Note"));
      const note = h("textarea", { name: "note", rows: "3" });
      const alert = formAlert();
      form.append(alert, field("What you did", action, { field: "action" }),
        field("Note", note, { field: "note", hint: "Reference numbers, who you spoke to, what comes next." }),
        h("div", { class: "actions" }, h("button", { type: "button", onClick: () => close(false) }, "Cancel"),
          h("button", { type: "submit", class: "primary" }, "Record")));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        clearErrors(form);
        try {
          await busy(form, () => gql(`mutation($i:FollowUpInput!){ recordFollowUp(input:$i){ id } }`, {
            i: { claimId, action: action.value, note: note.value.trim() },
          }));
          announce("Follow-up recorded.");
          close(true);
        } catch (err) {
          showError(form, err);
        }
      });
    },
  });
}
