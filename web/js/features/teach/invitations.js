// A cohort's invitations: create one (expiry and number of uses), shown once with its plain
// code and a registration link, each with a Copy button; the list of the cohort's
// invitations with expiry, uses left and state, and Revoke.

import { h, replace } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { when } from "../../core/format.js";
import { field, formAlert, clearErrors, showError, busy } from "../../ui/form.js";
import { arrayList } from "../../ui/pager.js";
import { table, badge, hidden, announce, loading } from "../../ui/misc.js";
import { confirm } from "../../ui/dialog.js";
import { allNodes } from "./org.js";

const INVITATIONS = `query($o:ID!,$n:Int,$a:String){ organization(id:$o){ invitations(first:$n, after:$a){
  pageInfo { hasNextPage endCursor } nodes { id role cohortId codeHint expiresAt maxUses uses revoked createdAt } } } }`;
const EXPIRY = [[24, "1 day"], [72, "3 days"], [168, "1 week"], [336, "2 weeks"], [720, "30 days"], [2160, "90 days"]];

function state(inv) {
  if (inv.revoked) return ["REVOKED", "Revoked"];
  if (Date.parse(inv.expiresAt) <= Date.now()) return ["EXPIRED", "Expired"];
  if (inv.uses >= inv.maxUses) return ["CLOSED", "Used up"];
  return ["OPEN", "Open"];
}

/** A read-only text box with a Copy button (the clipboard, else the text selected). */
function copyable(label, value, name) {
  const box = h("input", { type: "text", readOnly: true, value, name, class: "copy-text", spellcheck: "false" });
  const done = h("span", { class: "hint", "aria-live": "polite" });
  const copy = h("button", { type: "button", class: "small", onClick: async () => {
    box.select();
    try {
      await navigator.clipboard.writeText(value);
      done.textContent = "Copied.";
    } catch {
      done.textContent = "Selected: press Ctrl+C to copy.";
    }
  } }, "Copy", hidden(` the ${label.toLowerCase()}`));
  return h("div", { class: "copy-row" }, field(label, box), copy, done);
}

/** The invitations panel of cohort `cohortId` of organization `org`. */
export function invitationsPanel(cohortId, org) {
  const hours = h("select", { name: "expiresInHours" },
    EXPIRY.map(([v, label]) => h("option", { value: v, selected: v === 168 }, label)));
  const uses = h("input", { type: "number", name: "maxUses", min: "1", max: "1000", value: "30", inputmode: "numeric" });
  const alert = formAlert();
  const fresh = h("div", { class: "fresh-invitation", "aria-live": "polite" });
  const form = h("form", { class: "stack", novalidate: true },
    alert,
    h("div", { class: "row align-end" },
      field("Expires in", hours, { field: "expiresInHours" }),
      field("Accounts it may create (1 to 1000)", uses, { field: "maxUses" }),
      h("button", { type: "submit", class: "primary" }, "Create invitation")));
  const listBox = h("div");

  async function drawList() {
    replace(listBox, loading());
    try {
      const all = await allNodes((n, a) => gql(INVITATIONS, { o: org, n, a }).then((d) => d.organization.invitations));
      const mine = all.filter((i) => i.cohortId === cohortId).reverse();
      replace(listBox, arrayList(mine, (items) => table(null, ["Code begins", "Expires", "Uses left", "State", ""], items.map((i) => {
        const [value, label] = state(i);
        return [
          h("code", null, `${i.codeHint}…`), when(i.expiresAt),
          `${Math.max(0, i.maxUses - i.uses)} of ${i.maxUses}`,
          badge(value === "REVOKED" ? "REJECTED" : value === "OPEN" ? "OPEN" : "EXPIRED", label),
          value === "OPEN" ? h("button", { type: "button", class: "small", onClick: () => revoke(i) }, "Revoke",
            hidden(` the invitation ${i.codeHint}`)) : "",
        ];
      }), { numeric: [2] }), { pageSize: 10, noun: "invitations", empty: "No invitation for this cohort yet." }));
    } catch (err) {
      replace(listBox, h("p", { class: "alert", role: "alert" }, err.message));
    }
  }

  async function revoke(inv) {
    const yes = await confirm({ title: "Revoke this invitation?", confirmLabel: "Revoke", danger: true,
      body: `The code beginning ${inv.codeHint} stops working at once. Accounts already made with it stay.` });
    if (!yes) return;
    try {
      await gql("mutation($i:RevokeInvitationInput!){ revokeInvitation(input:$i){ invitation { id } } }", { i: { id: inv.id } });
      announce("Invitation revoked.");
      replace(fresh);
      await drawList();
    } catch (err) {
      showError(form, err);
    }
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const n = Number(uses.value);
    try {
      const d = await busy(form, () => gql(
        "mutation($i:CreateInvitationInput!){ createInvitation(input:$i){ code invitation { id expiresAt maxUses } } }",
        { i: { organizationId: org, role: "TRAINEE", cohortId, expiresInHours: Number(hours.value), maxUses: Number.isInteger(n) ? n : 0 } },
      ));
      const { code, invitation } = d.createInvitation;
      const link = `${location.origin}/register?code=${encodeURIComponent(code)}`;
      replace(fresh, h("div", { class: "success stack" },
        h("p", null, h("strong", null, "New invitation. "),
          `Hand out the code or the link now: the code is shown only once. It expires ${when(invitation.expiresAt)} and creates up to ${invitation.maxUses} account${invitation.maxUses === 1 ? "" : "s"}.`),
        copyable("Invitation code", code, "invitationCode"),
        copyable("Registration link", link, "invitationLink")));
      await drawList();
    } catch (err) {
      showError(form, err);
    }
  });
  drawList();
  return h("section", { class: "panel", "aria-labelledby": "h-invitations" },
    h("h2", { id: "h-invitations" }, "Invitations"),
    h("p", { class: "hint" }, "A trainee who registers with the code joins your organization and this cohort."),
    form, fresh, listBox);
}
