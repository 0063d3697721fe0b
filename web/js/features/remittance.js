// A remittance as a biller reads it: claim status and amounts, each line's billed, allowed
// and paid with its adjustments (group + CARC, with what the code means) and remarks
// (RARC, with their meaning), the patient's share, and the payer's trace of edits.

import { h } from "../core/dom.js";
import { day, money, words } from "../core/format.js";
import { badge } from "../ui/misc.js";

export const REMIT_FIELDS = `claimNumber status receivedOn billed allowed paid patientResponsibility
  lines { line code modifiers units dateOfService billed allowed paid denied
    adjustments { group reason reasonText amount } remarks remarkDetails { code text } }
  traceEntries { edit line outcome message group reason remarks }`;

const EDIT = {
  EM_WITH_PROCEDURE: "E/M with a procedure", EM_IN_GLOBAL_PERIOD: "E/M in a global period", NCCI_PTP: "NCCI pair",
  MUE: "MUE", ADD_ON: "Add-on code", PLACE_OF_SERVICE: "Place of service", AGE: "Age edit", SEX: "Sex edit",
};
const GROUP = { CO: "contractual obligation", PR: "patient responsibility", OA: "other adjustment", PI: "payer initiated", CR: "correction" };

export function remittanceView(r, { title = "Remittance" } = {}) {
  return h("section", { class: "panel", "aria-labelledby": "h-remit" },
    h("h2", { id: "h-remit" }, title, " ", badge(r.status)),
    h("dl", { class: "stats remit-summary" },
      stat("Payer claim number", r.claimNumber), stat("Processed", day(r.receivedOn)), stat("Billed", money(r.billed)),
      stat("Allowed", money(r.allowed)), stat("Paid", money(r.paid)), stat("Patient owes", money(r.patientResponsibility))),
    h("div", { class: "table-wrap" }, h("table", { class: "data" },
      h("caption", null, "Service lines"),
      h("thead", null, h("tr", null, ["Line", "Service", "Billed", "Allowed", "Paid", "Adjustments (group-CARC)", "Remarks (RARC)"].map((t, i) =>
        h("th", { scope: "col", class: i >= 2 && i <= 4 ? "num" : null }, t)))),
      h("tbody", null, r.lines.map((l) => h("tr", { class: l.denied ? "verdict-row bad" : null },
        h("td", null, String(l.line), l.denied ? h("div", null, badge("DENIED", "Denied")) : null),
        h("td", { class: "nowrap" }, h("code", null, [l.code, ...l.modifiers].join("-")), ` × ${l.units}`, h("div", { class: "small-print" }, day(l.dateOfService))),
        h("td", { class: "num" }, money(l.billed)),
        h("td", { class: "num" }, money(l.allowed)),
        h("td", { class: "num" }, money(l.paid)),
        h("td", null, l.adjustments.length ? l.adjustments.map((a) => h("span", { class: "adj" },
          h("code", { title: GROUP[a.group] || a.group }, `${a.group}-${a.reason}`), ` ${money(a.amount)}: ${a.reasonText}`,
          h("span", { class: "visually-hidden" }, ` (${GROUP[a.group] || a.group})`))) : "—"),
        h("td", null, l.remarkDetails.length ? l.remarkDetails.map((m) => h("span", { class: "adj" }, h("code", null, m.code), ` ${m.text}`)) : "—")))))),
    h("details", { class: "trace-wrap", open: r.status !== "PAID" },
      h("summary", null, `How the payer decided: ${fired(r.traceEntries.filter((t) => t.outcome === "FIRED").length)}`),
      h("ol", { class: "trace" }, r.traceEntries.map((t) => h("li", { class: t.outcome === "FIRED" ? "fired" : null },
        h("span", { class: "edit" }, `${EDIT[t.edit] || words(t.edit)}${t.line ? ` (line ${t.line})` : ""}: `),
        badge(t.outcome), " ", t.message,
        t.reason ? ` → ${t.group}-${t.reason}${t.remarks.length ? ` [${t.remarks.join(", ")}]` : ""}` : "")))));
}

function fired(n) {
  return n === 0 ? "no edit fired" : n === 1 ? "1 edit fired" : `${n} edits fired`;
}

function stat(label, value) {
  return h("div", { class: "stat" }, h("dt", null, label), h("dd", null, value));
}
