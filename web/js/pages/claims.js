// The trainee's claims, a page at a time, by status; and a new claim from a case.

import { h, replace } from "../core/dom.js";
import { gql } from "../core/api.js";
import { when, words, money } from "../core/format.js";
import { navigate } from "../core/router.js";
import { badge, table } from "../ui/misc.js";
import { field, formAlert, clearErrors, showError, busy } from "../ui/form.js";
import { connectionList } from "../ui/pager.js";

const STATUSES = ["DRAFT", "REJECTED", "ADJUDICATED", "REPLACED", "VOIDED", "CLOSED"];

export async function render(ctx) {
  const sets = await gql("{ caseSets(first: 100) { nodes { id slug title cases { id title } } } }");
  const ordered = [...sets.caseSets.nodes].sort((a, b) => (a.slug === "claims-denials" ? -1 : b.slug === "claims-denials" ? 1 : 0));
  const pick = h("select", { name: "caseId", required: true }, h("option", { value: "" }, "Choose a case…"),
    ordered.map((s) => h("optgroup", { label: s.title }, s.cases.map((c) => h("option", { value: c.id }, c.title)))));
  const alert = formAlert();
  const create = h("form", { class: "filters" }, alert, field("Case", pick, { field: "caseId" }),
    h("button", { type: "submit", class: "primary" }, "Start the claim"));
  create.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(create);
    if (!pick.value) {
      showError(create, { code: "BAD_USER_INPUT", field: "caseId", message: "Choose the case to bill." });
      return;
    }
    try {
      const r = await busy(create, () => gql(`mutation($i:CreateClaimInput!){ createClaim(input:$i){ claim { id } } }`, { i: { caseId: pick.value } }));
      navigate(`/claims/${r.createClaim.claim.id}`);
    } catch (err) {
      showError(create, err);
    }
  });

  const status = h("select", { name: "status" }, h("option", { value: "" }, "Any status"),
    STATUSES.map((s) => h("option", { value: s, selected: ctx.query.get("status") === s }, words(s))));
  const list = h("div");
  const titles = new Map(sets.caseSets.nodes.flatMap((s) => s.cases.map((c) => [c.id, c.title])));
  const draw = () => replace(list, connectionList({
    noun: "claims",
    empty: "No claims yet. Start one from a case above; the “Claims and denials” set holds claims that come back denied.",
    load: (first, after) => gql(`query($n:Int,$a:String,$s:ClaimStatus){ claims(first:$n, after:$a, status:$s){
      totalCount pageInfo { hasNextPage endCursor }
      nodes { id caseId status frequency payer totalChargeCents createdAt submittedAt remittance { status paid } } } }`,
    { n: first, a: after, s: status.value || null }).then((d) => d.claims),
    render: (nodes) => table(null, ["Claim", "Case", "Status", "Frequency", "Payer", "Charges", "Result", "Started"], nodes.map((k) => [
      h("a", { href: `/claims/${k.id}`, class: "nowrap" }, `Claim ${k.id}`), titles.get(k.caseId) || `Case ${k.caseId}`, badge(k.status),
      words(k.frequency), k.payer, money(k.totalChargeCents),
      k.remittance ? `${words(k.remittance.status)} · ${money(k.remittance.paid)}` : "—", when(k.createdAt),
    ]), { numeric: [5] }),
  }));
  status.addEventListener("change", draw);
  draw();
  return h("section", { class: "page" },
    h("div", { class: "page-head" }, h("h1", null, "Claims")),
    h("section", { class: "panel", "aria-labelledby": "h-new" }, h("h2", { id: "h-new" }, "Bill a case"),
      h("p", { class: "muted" }, "The claim starts from the case: patient, insurance and providers filled in. The cases of “Claims and denials” start from the claim the practice sent, which comes back denied: work it."),
      create),
    h("section", { class: "panel", "aria-labelledby": "h-list" }, h("h2", { id: "h-list" }, "Your claims"),
      h("div", { class: "filters" }, field("Status", status)), list));
}
