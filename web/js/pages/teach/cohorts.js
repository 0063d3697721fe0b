// The instructor's home: the organization's cohorts (a page at a time) and a form to
// create one.

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { when } from "../../core/format.js";
import { navigate } from "../../core/router.js";
import { field, formAlert, clearErrors, showError, busy } from "../../ui/form.js";
import { connectionList } from "../../ui/pager.js";
import { table, hidden } from "../../ui/misc.js";
import { myOrganizationId } from "../../features/teach/org.js";

const COHORTS = `query($o:ID!,$n:Int,$a:String){ organization(id:$o){ cohorts(first:$n, after:$a){
  totalCount pageInfo { hasNextPage endCursor } nodes { id name createdAt
    members(first: 1) { totalCount } assignments(first: 1) { totalCount } } } } }`;

export async function render() {
  const org = await myOrganizationId();
  const name = h("input", { type: "text", name: "name", required: true, maxlength: "120", autocomplete: "off" });
  const alert = formAlert();
  const form = h("form", { class: "stack", novalidate: true, "aria-labelledby": "h-new-cohort" },
    alert,
    field("Cohort name", name, { field: "name", hint: "For example: Spring 2027 CPC prep, evening group." }),
    h("div", { class: "actions start" }, h("button", { type: "submit", class: "primary" }, "Create cohort")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const d = await busy(form, () => gql(
        "mutation($i:CreateCohortInput!){ createCohort(input:$i){ cohort { id } } }",
        { i: { organizationId: org, name: name.value.trim() } },
      ));
      navigate(`/teach/cohorts/${d.createCohort.cohort.id}`);
    } catch (err) {
      showError(form, err);
    }
  });
  const list = connectionList({
    pageSize: 20,
    noun: "cohorts",
    empty: "No cohort yet: create the first one with the form.",
    load: (first, after) => gql(COHORTS, { o: org, n: first, a: after }).then((d) => d.organization.cohorts),
    render: (nodes) => table(null, ["Cohort", "Trainees", "Assignments", "Created"], nodes.map((c) => [
      h("a", { class: "item-title", href: `/teach/cohorts/${c.id}` }, c.name, hidden(": open the cohort")),
      String(c.members.totalCount), String(c.assignments.totalCount), when(c.createdAt),
    ]), { numeric: [1, 2] }),
  });
  return h("section", { class: "page" },
    h("div", { class: "page-head" }, h("h1", null, "Cohorts"),
      h("div", { class: "actions" }, h("a", { class: "button", href: "/library" }, "Browse the library"))),
    h("div", { class: "grid-2 wide-first" },
      h("section", { class: "panel", "aria-labelledby": "h-cohorts" }, h("h2", { id: "h-cohorts" }, "Your organization's cohorts"), list),
      h("section", { class: "panel", "aria-labelledby": "h-new-cohort" }, h("h2", { id: "h-new-cohort" }, "New cohort"), form)));
}
