// The accounts of one organization with their roles: change a role, deactivate or
// reactivate. The server applies each change from the account's next request on.

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { day, words } from "../../core/format.js";
import { badge, scrollTable, announce, hidden } from "../../ui/misc.js";
import { connectionList } from "../../ui/pager.js";
import { confirm } from "../../ui/dialog.js";
import { formAlert, showError, clearErrors } from "../../ui/form.js";

const ROLES = ["TRAINEE", "INSTRUCTOR", "EMPLOYER", "ADMIN"];

export async function accounts(orgId) {
  const d = await gql(`query($id:ID!){ organization(id:$id){ id name kind } }`, { id: orgId });
  const org = d.organization;
  const alert = formAlert();
  const role = h("select", { name: "role", id: "member-role" }, h("option", { value: "" }, "Every role"),
    ROLES.map((r) => h("option", { value: r }, words(r))));
  const box = h("div");
  const panel = h("section", { class: "panel", "aria-labelledby": "h-accounts" },
    h("h2", { id: "h-accounts" }, `Accounts of ${org.name}`),
    h("p", { class: "muted" }, "A role change or a deactivation takes effect on the account's next request, on every server."),
    alert,
    h("div", { class: "filters" }, h("div", { class: "field" }, h("label", { for: "member-role" }, "Show"), role)),
    box);
  let list = null;
  const draw = () => {
    list = connectionList({
      pageSize: 20,
      noun: "accounts",
      empty: "No accounts.",
      load: async (first, after) => (await gql(`query($id:ID!,$r:Role,$n:Int,$a:String){ organization(id:$id){
        members(role:$r, first:$n, after:$a){ totalCount pageInfo { hasNextPage endCursor } nodes { id email displayName role active createdAt } } } }`,
      { id: orgId, r: role.value || null, n: first, a: after })).organization.members,
      render: (nodes) => scrollTable(`Accounts of ${org.name}`, ["Name", "E-mail", "Role", "Status", "Created", "Access"], nodes.map((a) => row(a))),
    });
    box.replaceChildren(list);
  };
  const act = async (mutation, input, done) => {
    clearErrors(panel);
    try {
      await gql(mutation, { i: input });
      announce(done);
      list.reload();
    } catch (err) {
      showError(panel, err);
    }
  };
  function row(a) {
    const select = h("select", { "aria-label": `Role of ${a.displayName}` },
      ROLES.map((r) => h("option", { value: r, selected: r === a.role }, words(r))));
    const save = h("button", {
      type: "button", class: "small", onClick: () => act(
        `mutation($i:SetAccountRoleInput!){ setAccountRole(input:$i){ account { id role } } }`,
        { accountId: a.id, role: select.value }, `${a.displayName} is now ${words(select.value).toLowerCase()}.`),
    }, "Save role", hidden(` of ${a.displayName}`));
    const toggle = a.active
      ? h("button", {
        type: "button", class: "small danger", onClick: async () => {
          const ok = await confirm({
            title: `Deactivate ${a.displayName}?`,
            body: h("p", null, "They are signed out on their next request and cannot sign in until reactivated."),
            confirmLabel: "Deactivate", danger: true,
          });
          if (ok) act(`mutation($i:AccountIdInput!){ deactivateAccount(input:$i){ account { id active } } }`, { accountId: a.id }, `${a.displayName} is deactivated.`);
        },
      }, "Deactivate", hidden(` ${a.displayName}`))
      : h("button", {
        type: "button", class: "small", onClick: () => act(`mutation($i:AccountIdInput!){ reactivateAccount(input:$i){ account { id active } } }`,
          { accountId: a.id }, `${a.displayName} is reactivated.`),
      }, "Reactivate", hidden(` ${a.displayName}`));
    return [a.displayName, a.email, h("div", { class: "row nowrap" }, select, save),
      badge(a.active ? "OPEN" : "CLOSED", a.active ? "active" : "deactivated"), day(a.createdAt), toggle];
  }
  role.addEventListener("change", draw);
  draw();
  return panel;
}
