// One cohort: its members, its invitations (plain code and registration link) and its
// assignments.

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { when } from "../../core/format.js";
import { crumbs } from "../../ui/misc.js";
import { myOrganizationId } from "../../features/teach/org.js";
import { membersPanel } from "../../features/teach/members.js";
import { invitationsPanel } from "../../features/teach/invitations.js";
import { assignmentsPanel } from "../../features/teach/assignments.js";

export async function render(ctx) {
  const id = ctx.params.id;
  const [d, org] = await Promise.all([
    gql("query($id:ID!){ cohort(id:$id){ id name createdAt organization { id name } } }", { id }),
    myOrganizationId().catch(() => null),
  ]);
  const c = d.cohort;
  return h("section", { class: "page" },
    crumbs(["Cohorts", "/teach"], [c.name]),
    h("div", { class: "page-head" }, h("h1", null, c.name),
      h("span", { class: "muted" }, `${c.organization.name} · created ${when(c.createdAt)}`),
      h("div", { class: "actions" },
        h("a", { class: "button", href: `/teach/cohorts/${c.id}/skills` }, "Skills heat map"),
        h("a", { class: "button", href: "/teach/disputes" }, "Disputes"))),
    assignmentsPanel(c.id),
    h("div", { class: "grid-2" }, membersPanel(c.id, org || c.organization.id), invitationsPanel(c.id, c.organization.id)));
}
