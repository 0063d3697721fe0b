// One case: what it is, your attempts on it (continue a draft, read a report), and the
// work it leads to: coding it, its claim, the patient's account.

import { h } from "../core/dom.js";
import { gql } from "../core/api.js";
import { day, when, words, percent } from "../core/format.js";
import { navigate } from "../core/router.js";
import { badge, crumbs, table, hidden } from "../ui/misc.js";
import { formAlert, showError, busy } from "../ui/form.js";
import { caseFacts, CASE_FIELDS } from "../features/case-doc.js";
import { allAttempts } from "../features/attempts.js";
import { skillName } from "./home.js";

export async function render(ctx) {
  const id = ctx.params.id;
  const assignment = ctx.query.get("assignment");
  const [d, attempts, claims] = await Promise.all([
    gql(`query($id:ID!){ case(id:$id){ ${CASE_FIELDS} } }`, { id }),
    ctx.account.role === "TRAINEE" ? allAttempts({ caseId: id }) : [],
    ctx.account.role === "TRAINEE"
      ? gql(`query($c:ID!){ claims(caseId:$c, first:100){ nodes { id status frequency payer totalChargeCents createdAt remittance { status paid } } } }`, { c: id }).then((r) => r.claims.nodes)
      : [],
  ]);
  const c = d.case;
  const draft = attempts.find((a) => a.status === "IN_PROGRESS");
  const alert = formAlert();
  const start = h("button", { type: "button", class: draft ? null : "primary", onClick: async (e) => {
    try {
      const r = await busy(e.currentTarget.parentElement, () => gql(
        `mutation($i:StartAttemptInput!){ startAttempt(input:$i){ attempt { id } } }`,
        { i: { caseId: c.id, assignmentId: assignment } },
      ));
      navigate(`/attempts/${r.startAttempt.attempt.id}`);
    } catch (err) {
      showError(alert.parentElement, err);
    }
  } }, draft ? "Start a new attempt" : "Start coding");
  const newClaim = h("button", { type: "button", onClick: async (e) => {
    try {
      const r = await busy(e.currentTarget.parentElement, () => gql(
        `mutation($i:CreateClaimInput!){ createClaim(input:$i){ claim { id } } }`, { i: { caseId: c.id } },
      ));
      navigate(`/claims/${r.createClaim.claim.id}`);
    } catch (err) {
      showError(alert.parentElement, err);
    }
  } }, "Start a claim");
  const trainee = ctx.account.role === "TRAINEE";
  return h("section", { class: "page" },
    crumbs(["Cases", "/cases"], [c.title]),
    h("div", { class: "page-head" }, h("h1", null, c.title)),
    h("p", { class: "item-meta" }, `${words(c.setting)} · ${words(c.difficulty)} · about ${c.estimatedMinutes} min · `,
      c.skillTags.map(skillName).join(", ")),
    assignment ? h("p", { class: "notice" }, "An attempt you start here counts for your assignment.") : null,
    h("div", { class: "grid-2" },
      h("section", { class: "panel" },
        h("h2", null, "The encounter"),
        caseFacts(c),
        h("p", null, `Documentation: ${c.documents.map((x) => x.title).join("; ")}.`),
        trainee ? h("div", { class: "stack" }, alert,
          h("div", { class: "row" },
            draft ? h("a", { class: "button primary", href: `/attempts/${draft.id}` }, "Continue your draft") : null,
            start)) : null),
      trainee ? h("section", { class: "panel" },
        h("h2", null, "Your attempts"),
        attempts.length ? table(null, ["Started", "Status", "Score", ""], [...attempts].reverse().map((a) => [
          when(a.startedAt), badge(a.status), a.score ? percent(a.score.percent) : "—",
          h("a", { href: `/attempts/${a.id}` }, a.status === "IN_PROGRESS" ? "Continue" : "Report", hidden(` of the attempt started ${when(a.startedAt)}`)),
        ]), { numeric: [2] }) : h("p", { class: "empty" }, "You have not coded this case yet."),
        h("h2", { id: "claims", tabindex: "-1" }, "Claims for this case"),
        claims.length ? table(null, ["Claim", "Status", "Payer", "Paid", ""], claims.map((k) => [
          `#${k.id} ${words(k.frequency)}`, badge(k.status), k.payer,
          k.remittance ? `${words(k.remittance.status)}` : "—",
          h("a", { href: `/claims/${k.id}` }, "Open", hidden(` claim ${k.id}`)),
        ])) : h("p", { class: "empty" }, "No claim yet."),
        h("div", { class: "row" }, newClaim,
          h("a", { class: "button", href: `/accounts/${c.id}` }, "Patient account")),
        h("p", { class: "small-print" }, `Date of service ${day(c.dateOfService)}.`)) : null));
}
