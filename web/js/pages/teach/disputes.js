// The disputes inbox of a cohort: each open dispute with the line, the trainee's citation
// and message; accept (the line gets full credit) or reject, each with a reason the trainee
// reads. A switch shows the resolved ones too.

import { h, replace } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { when, percent } from "../../core/format.js";
import { navigate } from "../../core/router.js";
import { badge, announce } from "../../ui/misc.js";
import { field, formAlert, clearErrors, showError, busy } from "../../ui/form.js";
import { formDialog } from "../../ui/dialog.js";
import { connectionList } from "../../ui/pager.js";

const COHORTS = `{ me { organization { cohorts(first: 100) { nodes { id name } } } } }`;
const QUERY = `query($c:ID!,$open:Boolean,$first:Int,$after:String){ cohortDisputes(cohortId:$c, openOnly:$open, first:$first, after:$after){
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id trainee { id displayName } attempt { id percent case { title } }
    dispute { id submitted expected citation message status resolution createdAt } } } }`;

export async function render(ctx) {
  const org = (await gql(COHORTS)).me.organization;
  const cohorts = org ? org.cohorts.nodes : [];
  if (!cohorts.length) {
    return h("section", { class: "page" }, h("h1", null, "Disputes"), h("p", { class: "empty" }, "You have no cohort yet."));
  }
  const chosen = cohorts.find((c) => c.id === ctx.query.get("cohort")) || cohorts[0];
  const all = ctx.query.get("all") === "1";
  const pick = h("select", { id: "dispute-cohort" }, cohorts.map((c) => h("option", { value: c.id, selected: c.id === chosen.id }, c.name)));
  const showAll = h("input", { type: "checkbox", id: "dispute-all", checked: all });
  const go = () => navigate(`/teach/disputes?cohort=${pick.value}${showAll.checked ? "&all=1" : ""}`);
  pick.addEventListener("change", go);
  showAll.addEventListener("change", go);
  const holder = h("div");
  const list = connectionList({
    noun: "disputes",
    empty: all ? "No dispute in this cohort." : "No open dispute: the inbox is empty.",
    load: (n, after) => gql(QUERY, { c: chosen.id, open: !all, first: n, after }).then((d) => d.cohortDisputes),
    render: (nodes) => h("ul", { class: "plain stack" }, nodes.map((r) => item(r, () => list.reload()))),
  });
  replace(holder, list);
  return h("section", { class: "page" },
    h("div", { class: "page-head" }, h("h1", null, "Disputes"),
      h("div", { class: "actions" }, h("a", { class: "button", href: `/teach/cohorts/${chosen.id}/skills` }, "Skills heat map"))),
    h("div", { class: "filters" },
      h("div", { class: "field" }, h("label", { for: "dispute-cohort" }, "Cohort"), pick),
      h("div", { class: "field inline" }, showAll, h("label", { for: "dispute-all" }, "Show resolved disputes too"))),
    holder);
}

function item(r, refresh) {
  const d = r.dispute;
  const line = `${d.submitted || "—"} / ${d.expected || "—"}`;
  return h("li", { class: "card dispute" },
    h("div", { class: "row" }, badge(d.status), h("strong", null, r.trainee.displayName), h("span", null, `on ${r.attempt.case.title}`),
      h("span", { class: "spacer" }), h("span", { class: "small-print" }, when(d.createdAt))),
    h("p", null, "Line (coded / key): ", h("code", null, line), `; attempt score ${percent(r.attempt.percent, 1)}. `,
      h("a", { href: `/teach/attempts/${r.attempt.id}?trainee=${r.trainee.id}` }, "Open the report")),
    h("p", { class: "explain" }, h("b", null, "Citation: "), d.citation),
    d.message ? h("p", { class: "explain" }, h("b", null, "Message: "), d.message) : null,
    d.resolution ? h("p", { class: "explain" }, h("b", null, "Resolution: "), d.resolution) : null,
    d.status === "OPEN" ? h("div", { class: "actions start" },
      h("button", { type: "button", class: "primary", "aria-label": `Accept with credit the dispute of ${r.trainee.displayName} on ${line}`, onClick: () => resolve(r, true, refresh) }, "Accept with credit"),
      h("button", { type: "button", "aria-label": `Reject the dispute of ${r.trainee.displayName} on ${line}`, onClick: () => resolve(r, false, refresh) }, "Reject")) : null);
}

async function resolve(r, accept, refresh) {
  const done = await formDialog({
    title: accept ? "Accept the dispute and credit the line" : "Reject the dispute",
    build(form, close) {
      const reason = h("textarea", { name: "reason", rows: "3" });
      form.append(formAlert(),
        field("Reason (the trainee reads it)", reason, { field: "reason" }),
        h("div", { class: "actions" },
          h("button", { type: "button", onClick: () => close(false) }, "Cancel"),
          h("button", { type: "submit", class: "primary" }, accept ? "Accept and credit" : "Reject dispute")));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        clearErrors(form);
        try {
          await busy(form, () => gql(`mutation($i:ResolveDisputeInput!){ resolveDispute(input:$i){ dispute { status } } }`,
            { i: { disputeId: r.dispute.id, accept, reason: reason.value } }));
          close(true);
        } catch (err) {
          showError(form, err);
        }
      });
    },
  });
  if (done) {
    announce(accept ? "Dispute accepted; the line is credited." : "Dispute rejected.");
    refresh();
  }
}
