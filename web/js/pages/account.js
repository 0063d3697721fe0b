// The patient's account: balances, the ledger, posting a remittance line by line (scored,
// with the balancing rule shown), patient payments, a payment plan and the statement.

import { h, replace } from "../core/dom.js";
import { gql } from "../core/api.js";
import { day, money, words, parseMoney, isoDay } from "../core/format.js";
import { reload } from "../core/router.js";
import { badge, crumbs, announce } from "../ui/misc.js";
import { field, formAlert, clearErrors, showError, markField, busy } from "../ui/form.js";
import { arrayList } from "../ui/pager.js";
import { REMIT_FIELDS } from "../features/remittance.js";

export async function render(ctx) {
  const caseId = ctx.params.caseId;
  const today = isoDay();
  const d = await gql(`query($c:ID!,$d:Date!){
    case(id:$c){ id title patient { firstName lastName } }
    patientAccount(caseId:$c){ insuranceBalance patientBalance entries { id date kind bucket amount claimId line payer reason } }
    claims(caseId:$c, first:100){ nodes { id status frequency payer remittance { posted ${REMIT_FIELDS} } } }
    paymentPlan(caseId:$c, asOf:$d){ total createdOn installments { number due amount paid status } } }`, { c: caseId, d: today });
  const c = d.case;
  const acct = d.patientAccount;
  const remitted = d.claims.nodes.filter((k) => k.remittance);
  // Only what is left to post: a posted remittance cannot be posted again, and a void's
  // reversal is posted by the void itself.
  const open = remitted.filter((k) => !k.remittance.posted && k.remittance.status !== "REVERSED");
  const wanted = ctx.query.get("claim");
  return h("section", { class: "page" },
    crumbs(["Billing", "/billing"], [c.title, `/cases/${c.id}`], ["Patient account"]),
    h("div", { class: "page-head" },
      h("h1", null, `Account: ${c.patient.lastName}, ${c.patient.firstName}`),
      h("div", { class: "actions" }, h("a", { class: "button", href: `/accounts/${c.id}/statement?asOf=${today}` }, "Statement (print view)"))),
    h("dl", { class: "stats" },
      stat("Insurance balance", money(acct.insuranceBalance)),
      stat("Patient balance", money(acct.patientBalance)),
      stat("Account balance", money(acct.insuranceBalance + acct.patientBalance))),
    open.length ? posting(open, wanted) : h("p", { class: "notice" }, remitted.length
      ? "Every remittance of this case is posted: the ledger below has the payments and adjustments."
      : "No remittance to post yet: submit a claim for this case first."),
    h("section", { class: "panel", "aria-labelledby": "h-ledger" },
      h("h2", { id: "h-ledger" }, "Ledger"),
      ledger(acct.entries)),
    h("div", { class: "grid-2" }, patientPayment(caseId, today), plan(caseId, today, d.paymentPlan, acct.patientBalance)));
}

function stat(label, value) {
  return h("div", { class: "stat" }, h("dt", null, label), h("dd", null, value));
}

function ledger(entries) {
  let running = 0;
  const rows = entries.map((e) => {
    running += e.amount;
    return { ...e, running };
  });
  return arrayList(rows, (items) => h("div", { class: "table-wrap" }, h("table", { class: "data" },
    h("thead", null, h("tr", null, ["Date", "Entry", "Bucket", "Claim / line", "Reason", "Amount", "Balance"].map((t, i) =>
      h("th", { scope: "col", class: i >= 5 ? "num" : null }, t)))),
    h("tbody", null, items.map((e) => h("tr", null,
      h("td", null, day(e.date)), h("td", null, words(e.kind)), h("td", null, words(e.bucket)),
      h("td", null, e.claimId ? h("a", { href: `/claims/${e.claimId}` }, `Claim ${e.claimId}${e.line ? `, line ${e.line}` : ""}`) : "—"),
      h("td", null, e.reason || "—"),
      h("td", { class: "num" }, money(e.amount)), h("td", { class: "num" }, money(e.running))))))),
  { pageSize: 20, noun: "entries", empty: "No entries yet: charges post when the payer receives a claim." });
}

const AMOUNTS = [
  ["paidCents", "Paid", "payment"], ["contractualCents", "Contractual", "CO-45"], ["deductibleCents", "Deductible", "PR-1"],
  ["coinsuranceCents", "Coinsurance", "PR-2"], ["copayCents", "Copay", "PR-3"],
];

function posting(claims, wanted) {
  const choose = h("select", { name: "claim" }, claims.map((k) => h("option", { value: k.id, selected: k.id === wanted },
    `Claim ${k.id} · ${k.payer} · ${words(k.remittance.status)} ${money(k.remittance.paid)}`)));
  const body = h("div");
  const draw = () => {
    const k = claims.find((x) => x.id === choose.value) || claims[0];
    replace(body, postForm(k));
  };
  choose.addEventListener("change", draw);
  draw();
  return h("section", { class: "panel", "aria-labelledby": "h-post", id: "post" },
    h("h2", { id: "h-post" }, "Post a remittance"),
    h("p", { class: "muted" }, "Read each line of the remittance and post what the payer paid and each adjustment by its group and reason. Every line must balance: charge − adjustments = paid. The ledger gets the posting once every line is right."),
    h("div", { class: "filters" }, field("Remittance of", choose)),
    body);
}

function postForm(k) {
  const r = k.remittance;
  const alert = formAlert();
  const result = h("div", { "aria-live": "polite" });
  const rows = r.lines.map((l, i) => {
    const inputs = Object.fromEntries(AMOUNTS.map(([key, label]) => [key, h("input", {
      type: "text", inputmode: "decimal", "aria-label": `Line ${l.line} ${label.toLowerCase()}`, placeholder: "0.00", size: "8",
    })]));
    const open = h("input", { type: "checkbox", "aria-label": `Line ${l.line}: leave the denial open for follow-up` });
    const cell = (key) => h("td", { class: "num" }, h("div", { dataset: { field: `lines[${i}].${key}` } }, inputs[key],
      h("p", { class: "field-error", hidden: true })));
    return {
      l, inputs, open,
      row: h("tr", null,
        h("td", null, String(l.line), h("div", { class: "small-print" }, [l.code, ...l.modifiers].join("-"))),
        h("td", { class: "explain" },
          `Billed ${money(l.billed)}, allowed ${money(l.allowed)}, paid ${money(l.paid)}. `,
          l.adjustments.map((a) => h("span", { class: "adj" }, h("code", null, `${a.group}-${a.reason}`), ` ${money(a.amount)} ${a.reasonText}`)),
          h("div", { class: "line-verdict", dataset: { line: String(l.line) } })),
        AMOUNTS.map(([key]) => cell(key)),
        h("td", null, open)),
    };
  });
  const form = h("form", { class: "stack", novalidate: true },
    alert,
    h("div", { class: "table-wrap" }, h("table", { class: "data posting" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Line"), h("th", { scope: "col" }, "Remittance"),
        AMOUNTS.map(([, label, code]) => h("th", { scope: "col", class: "num" }, label, h("br"), h("span", { class: "small-print" }, code))),
        h("th", { scope: "col" }, "Denial open"))),
      h("tbody", null, rows.map((x) => x.row)))),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Post")),
    result);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const lines = [];
    for (const [i, x] of rows.entries()) {
      const line = { line: x.l.line, denialLeftOpen: x.open.checked };
      for (const [key] of AMOUNTS) {
        const cents = parseMoney(x.inputs[key].value);
        if (cents === null) {
          markField(form, `lines[${i}].${key}`, "Enter an amount like 72.00.", { focus: true });
          return;
        }
        line[key] = cents;
      }
      lines.push(line);
    }
    try {
      const res = await busy(form, () => gql(`mutation($i:PostRemittanceInput!){ postRemittance(input:$i){
        posted percent lines { line correct issues balancing } } }`, { i: { claimId: k.id, lines } }));
      const p = res.postRemittance;
      for (const v of p.lines) {
        const slot = form.querySelector(`.line-verdict[data-line="${v.line}"]`);
        if (slot) replace(slot, badge(v.correct ? "CORRECT" : "MISSING", v.correct ? "Right" : "Not right"),
          v.issues.length ? ` ${v.issues.join(" ")}` : "", h("div", { class: "small-print" }, v.balancing));
      }
      replace(result, h("p", { class: p.posted ? "success" : "alert", role: "status" },
        p.posted ? `Posted: every line is right (${p.percent} %). The ledger has the payment and adjustments.`
          : `Not posted: ${p.percent} % of the lines are right. Fix the lines marked “Not right” and post again.`));
      announce(p.posted ? "Posted." : "Not posted: some lines are not right.");
      if (p.posted) setTimeout(() => reload(), 1500);
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

function patientPayment(caseId, today) {
  const amount = h("input", { type: "text", name: "amount", inputmode: "decimal", placeholder: "25.00" });
  const method = h("select", { name: "method" }, ["CHECK", "CARD", "CASH"].map((m) => h("option", { value: m }, words(m))));
  const reference = h("input", { type: "text", name: "reference" });
  const date = h("input", { type: "date", name: "date", value: today });
  const alert = formAlert();
  const form = h("form", { class: "stack", novalidate: true }, alert,
    field("Amount (negative for a refund)", amount, { field: "amountCents" }),
    field("Method", method, { field: "method" }),
    field("Reference (check number, last four)", reference, { field: "reference" }),
    field("Date", date, { field: "date" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Post the payment")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const cents = parseMoney(amount.value);
    if (!cents) {
      showError(form, { code: "BAD_USER_INPUT", field: "amountCents", message: "Enter the amount, like 25.00." });
      return;
    }
    try {
      await busy(form, () => gql(`mutation($i:PatientPaymentInput!){ postPatientPayment(input:$i){ patientBalance } }`, {
        i: { caseId, amountCents: cents, method: method.value, reference: reference.value.trim() || null, date: date.value },
      }));
      announce("Payment posted.");
      reload();
    } catch (err) {
      showError(form, err);
    }
  });
  return h("section", { class: "panel", "aria-labelledby": "h-pay" }, h("h2", { id: "h-pay" }, "Patient payment"), form);
}

function plan(caseId, today, current, patientBalance) {
  const count = h("input", { type: "number", name: "installments", min: "2", max: "24", value: "3" });
  const first = h("input", { type: "date", name: "firstDue", value: today });
  const alert = formAlert();
  const form = h("form", { class: "stack", novalidate: true }, alert,
    field("Installments", count, { field: "installments" }),
    field("First due", first, { field: "firstDue" }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Set up the plan")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await busy(form, () => gql(`mutation($i:PaymentPlanInput!){ createPaymentPlan(input:$i){ total } }`, {
        i: { caseId, installments: Number(count.value), firstDue: first.value, createdOn: today },
      }));
      reload();
    } catch (err) {
      showError(form, err);
    }
  });
  return h("section", { class: "panel", "aria-labelledby": "h-plan" }, h("h2", { id: "h-plan" }, "Payment plan"),
    current ? h("div", null, h("p", null, `${money(current.total)} agreed on ${day(current.createdOn)}.`),
      h("ul", { class: "plain" }, current.installments.map((i) => h("li", null, badge(i.status), ` #${i.number} due ${day(i.due)}: ${money(i.amount)} (paid ${money(i.paid)})`))))
      : h("p", { class: "muted" }, patientBalance > 0 ? `Split the patient balance of ${money(patientBalance)} into installments.` : "No patient balance to split."),
    patientBalance > 0 ? form : null);
}
