// A cohort's members: a page at a time, each with a Remove button (confirmed), and an Add
// form listing the organization's trainees who are not in the cohort yet.

import { h, replace } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { field, formAlert, clearErrors, showError, busy } from "../../ui/form.js";
import { connectionList } from "../../ui/pager.js";
import { table, hidden, announce } from "../../ui/misc.js";
import { confirm } from "../../ui/dialog.js";
import { allNodes } from "./org.js";

const MEMBERS = `query($c:ID!,$n:Int,$a:String){ cohort(id:$c){ members(first:$n, after:$a){
  totalCount pageInfo { hasNextPage endCursor } nodes { id displayName email } } } }`;
const TRAINEES = `query($o:ID!,$n:Int,$a:String){ organization(id:$o){ members(role: TRAINEE, first:$n, after:$a){
  pageInfo { hasNextPage endCursor } nodes { id displayName email } } } }`;

/** The members panel of cohort `cohortId` of organization `org`. */
export function membersPanel(cohortId, org) {
  const alert = formAlert();
  const pick = h("select", { name: "accountId" });
  const addForm = h("form", { class: "row add-member", novalidate: true }, 
    field("Add a trainee of your organization", pick, { field: "accountId" }),
    h("button", { type: "submit" }, "Add to cohort"));
  const body = h("div");
  let list;

  async function refillPick() {
    const [all, members] = await Promise.all([
      allNodes((n, a) => gql(TRAINEES, { o: org, n, a }).then((d) => d.organization.members)),
      allNodes((n, a) => gql(MEMBERS, { c: cohortId, n, a }).then((d) => d.cohort.members)),
    ]);
    const inside = new Set(members.map((m) => m.id));
    const outside = all.filter((t) => !inside.has(t.id));
    replace(pick, outside.length
      ? outside.map((t) => h("option", { value: t.id }, `${t.displayName} (${t.email})`))
      : h("option", { value: "" }, "Every trainee is in this cohort"));
    pick.disabled = !outside.length;
  }

  async function change(mutation, accountId, said) {
    clearErrors(body);
    try {
      await gql(`mutation($i:CohortMemberInput!){ ${mutation}(input:$i){ cohort { id } } }`,
        { i: { cohortId, accountId } });
      announce(said);
      list.reload();
      await refillPick();
    } catch (err) {
      showError(body, err);
    }
  }

  addForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!pick.value) return;
    const label = pick.selectedOptions[0].textContent;
    await busy(addForm, () => change("addCohortMember", pick.value, `${label} added to the cohort.`));
  });

  list = connectionList({
    pageSize: 20,
    noun: "members",
    empty: "No trainee in this cohort yet: add one below, or send an invitation.",
    load: (first, after) => gql(MEMBERS, { c: cohortId, n: first, a: after }).then((d) => d.cohort.members),
    render: (nodes) => table(null, ["Trainee", "E-mail", ""], nodes.map((m) => [
      h("a", { href: `/teach/trainees/${m.id}` }, m.displayName),
      m.email,
      h("button", { type: "button", class: "small", onClick: async () => {
        const yes = await confirm({ title: "Remove from the cohort?", confirmLabel: "Remove", danger: true,
          body: `${m.displayName} leaves the cohort and its assignments. Their attempts are kept.` });
        if (yes) await change("removeCohortMember", m.id, `${m.displayName} removed from the cohort.`);
      } }, "Remove", hidden(` ${m.displayName}`)),
    ])),
  });
  refillPick().catch((err) => showError(body, err));
  replace(body, alert, list, addForm);
  return h("section", { class: "panel", "aria-labelledby": "h-members" },
    h("h2", { id: "h-members" }, "Members"), body);
}
