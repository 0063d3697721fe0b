// The patient's statement as of a date, laid out to print (the print stylesheet drops the
// application's frame).

import { h } from "../core/dom.js";
import { gql } from "../core/api.js";
import { day, money, isoDay } from "../core/format.js";
import { navigate } from "../core/router.js";
import { crumbs, table } from "../ui/misc.js";
import { field } from "../ui/form.js";

export async function render(ctx) {
  const caseId = ctx.params.caseId;
  const asOf = ctx.query.get("asOf") || isoDay();
  const d = await gql(`query($c:ID!,$d:Date!){ case(id:$c){ id title } patientStatement(caseId:$c, asOf:$d){
    practice { name address phone remitToName remitToAddress }
    patientName address statementDate dueDate insurancePending amountDue
    services { date description charge insurancePaid adjustments patientShare }
    payments { date method amount } } }`, { c: caseId, d: asOf });
  const s = d.patientStatement;
  const date = h("input", { type: "date", value: asOf });
  date.addEventListener("change", () => date.value && navigate(`/accounts/${caseId}/statement?asOf=${date.value}`, { replace: true }));
  return h("section", { class: "page" },
    crumbs(["Billing", "/billing"], ["Patient account", `/accounts/${caseId}`], ["Statement"]),
    h("div", { class: "row no-print" }, field("Statement as of", date), h("span", { class: "spacer" }),
      h("button", { type: "button", class: "primary", onClick: () => window.print() }, "Print")),
    h("article", { class: "statement", "aria-labelledby": "h-stmt" },
      h("header", { class: "statement-from" },
        h("h1", { id: "h-stmt" }, s.practice.name),
        h("div", null, s.practice.address),
        h("div", null, `Billing questions: ${s.practice.phone}`),
        h("p", null, "Patient statement")),
      h("div", { class: "grid-2" },
        h("div", null, h("strong", null, s.patientName), h("div", null, s.address)),
        h("dl", { class: "facts" },
          h("dt", null, "Statement date"), h("dd", null, day(s.statementDate)),
          h("dt", null, "Please pay by"), h("dd", null, day(s.dueDate)),
          h("dt", null, "Amount due"), h("dd", null, h("strong", null, money(s.amountDue))))),
      table("Services", ["Date of service", "Service", "Charge", "Insurance paid", "Adjustments", "Your share"],
        s.services.map((x) => [day(x.date), x.description, money(x.charge), money(x.insurancePaid), money(x.adjustments), money(x.patientShare)]),
        { numeric: [2, 3, 4, 5] }),
      s.payments.length ? table("Your payments", ["Date", "Method", "Amount"],
        s.payments.map((p) => [day(p.date), p.method, money(p.amount)]), { numeric: [2] }) : null,
      s.insurancePending ? h("p", null, `Still with your insurance: ${money(s.insurancePending)}.`) : null,
      h("p", { class: "score-big" }, `Amount due: ${money(s.amountDue)}`),
      h("section", { class: "statement-stub", "aria-labelledby": "h-stub" },
        h("h2", { id: "h-stub" }, "Please return this part with your payment"),
        h("p", null, `Make checks payable to ${s.practice.name} and mail to:`),
        h("address", null, h("strong", null, s.practice.remitToName), h("br"), s.practice.remitToAddress),
        h("p", null, `Patient: ${s.patientName} · Amount due: ${money(s.amountDue)} · Amount enclosed: ________`)),
      h("p", { class: "small-print" }, "A simulated statement for training: no real patient or practice.")));
}
