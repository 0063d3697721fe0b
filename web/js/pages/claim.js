// One claim: the form by its numbered items, the clearinghouse's rejections or the
// payer's remittance, what can be done next (fix and resend; correct, void, appeal, close,
// bill another payer or the secondary; post the payment), the claim's history and the
// score of the work, and the X12 files.

import { h } from "../core/dom.js";
import { gql, schemaHas } from "../core/api.js";
import { day, when, words } from "../core/format.js";
import { navigate, reload } from "../core/router.js";
import { badge, crumbs, download, announce, table } from "../ui/misc.js";
import { formAlert, clearErrors, showError, markField, busy } from "../ui/form.js";
import { confirm } from "../ui/dialog.js";
import { claimForm, CLAIM_FIELDS } from "../features/claim-form.js";
import { remittanceView, REMIT_FIELDS } from "../features/remittance.js";
import { appealDialog, closeDialog } from "../features/claim-dialogs.js";

export async function render(ctx) {
  const versioned = await schemaHas("Claim", "version");
  const d = await gql(`query($id:ID!){ claim(id:$id){ ${CLAIM_FIELDS} ${versioned ? "version" : ""}
    rejections { field code message }
    remittance { ${REMIT_FIELDS} }
    appeals { line level carc rarc ground reason documentation outcome message createdAt } }
    payers { slug name } }`, { id: ctx.params.id });
  const claim = d.claim;
  const [cd, history] = await Promise.all([
    gql(`query($c:ID!){ case(id:$c){ id title patient { coverages { payer priority } } documents { title } } claimWork(caseId:$c){
      outcome score remedyScore codingScore coding { line field message } expectedRemedy remedyTaken explanation
      steps { step action outcome correct message } } }`, { c: claim.caseId })
      .catch(() => gql(`query($c:ID!){ case(id:$c){ id title patient { coverages { payer priority } } documents { title } } }`, { c: claim.caseId })),
    gql(`query($c:ID!){ claims(caseId:$c, first:100){ nodes { id status frequency payer createdAt submittedAt remittance { status paid } } } }`,
      { c: claim.caseId }).then((r) => r.claims.nodes).catch(() => []),
  ]);
  const c = cd.case;
  const payerName = (slug) => (d.payers.find((p) => p.slug === slug) || { name: slug }).name;
  const editable = ["DRAFT", "REJECTED"].includes(claim.status) && ctx.account.role === "TRAINEE";
  let version = claim.version ?? null;
  const alert = formAlert();
  const saveState = h("span", { class: "save-state", role: "status" });
  const form = claimForm(claim, { editable, payerName: payerName(claim.payer), onChange: () => (saveState.textContent = "Unsaved changes") });
  const formWrap = h("div", null, alert, form.el);
  // The clearinghouse's reasons, also beside the items they name.
  for (const r of claim.rejections) markField(formWrap, r.field, `${words(r.code)}: ${r.message}`);

  async function save() {
    clearErrors(formWrap);
    const input = { claimId: claim.id, ...form.input() };
    if (versioned && version !== null) input.version = version;
    const gap = gapIn(form.el);
    if (gap !== null) {
      markField(formWrap, `diagnoses[${gap}]`, "Fill the diagnosis boxes in order: the letters are the pointers.", { focus: true });
      throw new Error("gap");
    }
    const r = await gql(`mutation($i:UpdateClaimInput!){ updateClaim(input:$i){ claim { id totalChargeCents ${versioned ? "version" : ""} } } }`, { i: input });
    if (versioned) version = r.updateClaim.claim.version;
    saveState.textContent = `Saved ${new Date().toLocaleTimeString()}`;
  }

  const actions = [];
  const editActions = [];
  if (editable) {
    editActions.push(h("button", { type: "button", onClick: (e) => busy(e.currentTarget.parentElement, () => save().then(
      () => reload(),
      (err) => err.message !== "gap" && showError(formWrap, err),
    )) }, "Save changes"));
    editActions.push(saveState);
    editActions.push(h("button", { type: "button", class: "primary", onClick: (e) => busy(e.currentTarget.parentElement, async () => {
      try {
        await save();
        await gql(`mutation($i:ClaimIdInput!){ submitClaim(input:$i){ claim { id status } } }`, { i: { claimId: claim.id } });
        announce("Claim sent.");
        reload();
      } catch (err) {
        if (err.message !== "gap") showError(formWrap, err);
      }
    }) }, claim.status === "REJECTED" ? "Send the corrected claim" : "Submit claim"));
  }
  const mutate = (query, input, after) => async (e) => {
    try {
      const r = await busy(e.currentTarget.closest(".actions"), () => gql(query, { i: input }));
      after(r);
    } catch (err) {
      showError(actionsPanel, err);
    }
  };
  if (claim.status === "ADJUDICATED" && ctx.account.role === "TRAINEE") {
    // Paid in full: posting is next. Anything denied: fixing it is.
    const clean = claim.remittance && claim.remittance.lines.every((l) => !l.denied);
    if (clean) actions.push(h("a", { class: "button primary", href: `/accounts/${claim.caseId}?claim=${claim.id}` }, "Post this remittance"));
    actions.push(h("button", { type: "button", class: clean ? null : "primary", onClick: mutate(
      `mutation($i:UpdateClaimInput!){ correctClaim(input:$i){ claim { id } } }`, { claimId: claim.id },
      (r) => navigate(`/claims/${r.correctClaim.claim.id}`),
    ) }, "Correct the claim (frequency 7)"));
    const denied = claim.remittance ? claim.remittance.lines.filter((l) => l.denied) : [];
    if (denied.length) {
      actions.push(h("button", { type: "button", onClick: async () => {
        if (await appealDialog(claim, denied, c.documents)) reload();
      } }, "Appeal a line"));
    }
    actions.push(h("button", { type: "button", onClick: async () => {
      const ok = await confirm({ title: "Void this claim?", body: h("p", null, "A void (frequency 8) takes back the claim and any payment. It cannot be undone."), confirmLabel: "Void the claim", danger: true });
      if (ok) {
        try {
          await gql(`mutation($i:ClaimIdInput!){ voidClaim(input:$i){ claim { id status } } }`, { i: { claimId: claim.id } });
          reload();
        } catch (err) {
          showError(actionsPanel, err);
        }
      }
    } }, "Void"));
    actions.push(h("button", { type: "button", onClick: async () => {
      if (await closeDialog(claim)) reload();
    } }, "Close the claim"));
    for (const cov of c.patient.coverages.filter((x) => x.payer !== claim.payer)) {
      actions.push(h("button", { type: "button", onClick: mutate(
        `mutation($i:CreateClaimInput!){ createClaim(input:$i){ claim { id } } }`, { caseId: claim.caseId, payer: cov.payer },
        (r) => navigate(`/claims/${r.createClaim.claim.id}`),
      ) }, `New claim to ${payerName(cov.payer)}`));
    }
    if (claim.remittance && claim.remittance.patientResponsibility > 0 && c.patient.coverages.length > 1) {
      actions.push(h("button", { type: "button", onClick: mutate(
        `mutation($i:ClaimIdInput!){ billSecondary(input:$i){ claim { id } } }`, { claimId: claim.id },
        (r) => navigate(`/claims/${r.billSecondary.claim.id}`),
      ) }, "Bill the secondary payer"));
    }
    if (claim.remittance && !clean) actions.push(h("a", { class: "button", href: `/accounts/${claim.caseId}?claim=${claim.id}` }, "Post this remittance"));
  }
  const downloads = h("div", { class: "row" },
    claim.kind === "PROFESSIONAL" ? h("button", { type: "button", class: "small", onClick: async () => {
      const r = await gql(`query($id:ID!){ claimX12(id:$id) }`, { id: claim.id });
      download(`claim-${claim.id}.837p.x12`, r.claimX12);
    } }, "Download 837P") : null,
    claim.remittance ? h("button", { type: "button", class: "small", onClick: async () => {
      const r = await gql(`query($id:ID!){ remittanceX12(id:$id) }`, { id: claim.id });
      download(`claim-${claim.id}.835.x12`, r.remittanceX12);
    } }, "Download 835") : null);
  const actionsPanel = h("div", { class: "stack" }, formAlert(), h("div", { class: "actions start" }, actions));

  return h("section", { class: "page" },
    crumbs(["Claims", "/claims"], [c.title, `/cases/${c.id}`], [`Claim ${claim.id}`]),
    h("div", { class: "page-head" },
      h("h1", null, `Claim ${claim.id}: ${claim.kind === "INSTITUTIONAL" ? "UB-04" : "CMS-1500"}`),
      badge(claim.status), h("span", { class: "muted" }, `${words(claim.frequency)} · ${payerName(claim.payer)}${claim.claimNumber ? ` · payer claim ${claim.claimNumber}` : ""}`),
      h("div", { class: "actions" }, downloads)),
    h("p", { class: "muted" }, `For “${c.title}”. `, claim.submittedAt ? `Sent ${when(claim.submittedAt)}.` : "Not sent yet.",
      claim.receivedOn ? ` The payer received it on ${day(claim.receivedOn)}.` : "",
      claim.resolution ? ` Closed: ${words(claim.resolution)}${claim.resolutionNote ? ` (${claim.resolutionNote})` : ""}.` : ""),
    claim.rejections.length ? rejectionsView(claim.rejections) : null,
    claim.remittance ? remittanceView(claim.remittance) : null,
    claim.appeals.length ? h("section", { class: "panel" }, h("h2", null, "Appeals"),
      table(null, ["Line", "Level", "Answers", "Ground and reason", "Sent with", "Decision"], claim.appeals.map((a) => [String(a.line),
        String(a.level), a.carc ? `${a.carc}${a.rarc ? ` / ${a.rarc}` : ""}` : "—",
        a.ground ? `${words(a.ground)}: ${a.reason}` : a.reason,
        a.documentation.join(", ") || "—", h("span", null, badge(a.outcome), " ", a.message)]))) : null,
    actions.length ? h("section", { class: "panel", "aria-label": "What to do next" }, h("h2", null, "Next step"), actionsPanel) : null,
    h("section", { class: "panel", "aria-labelledby": "h-form" },
      h("h2", { id: "h-form" }, editable ? "The claim (edit the items you need, then submit)" : "The claim as sent"),
      formWrap, editable ? h("div", { class: "actions" }, editActions) : null),
    cd.claimWork ? workView(cd.claimWork) : null,
    history.length > 1 ? h("section", { class: "panel" }, h("h2", null, "All claims for this case"),
      table(null, ["Claim", "Frequency", "Payer", "Status", "Sent", "Result"], history.map((k) => [
        k.id === claim.id ? h("strong", null, `#${k.id} (this one)`) : h("a", { href: `/claims/${k.id}` }, `#${k.id}`),
        words(k.frequency), payerName(k.payer), badge(k.status), when(k.submittedAt),
        k.remittance ? words(k.remittance.status) : "—"]))) : null);
}

/** The first empty diagnosis box followed by a filled one, or null. */
function gapIn(formEl) {
  const inputs = [...formEl.querySelectorAll(".dx-grid input")];
  const firstEmpty = inputs.findIndex((i) => !i.value.trim());
  if (firstEmpty < 0) return null;
  return inputs.slice(firstEmpty).some((i) => i.value.trim()) ? firstEmpty : null;
}

function rejectionsView(list) {
  return h("section", { class: "panel", "aria-labelledby": "h-rej" },
    h("h2", { id: "h-rej" }, "Rejected by the clearinghouse ", badge("REJECTED")),
    h("p", null, "The payer never saw this claim. Fix every item below, then send it again."),
    h("ul", { class: "rejections" }, list.map((r) => h("li", null, h("code", null, r.field), ` — ${words(r.code)}: ${r.message}`))));
}

function workView(w) {
  return h("section", { class: "panel", "aria-labelledby": "h-work" },
    h("h2", { id: "h-work" }, "Your claim work on this case ", badge(w.outcome)),
    h("p", null, `Score ${w.score} / 100.`,
      w.remedyScore != null ? ` Remedy ${w.remedyScore} / 100.` : "",
      w.codingScore != null ? ` Coding ${w.codingScore} / 100.` : "",
      w.remedyTaken ? ` Your remedy: ${words(w.remedyTaken)}.` : "",
      w.expectedRemedy && w.explanation ? ` Expected: ${words(w.expectedRemedy)}.` : ""),
    w.coding && w.coding.length ? h("ul", { "aria-label": "Coding findings" }, w.coding.map((f) =>
      h("li", null, `${f.line ? `Line ${f.line}` : "Claim"} (${words(f.field)}): ${f.message}`))) : null,
    w.steps.length ? h("ol", null, w.steps.map((s) => h("li", null, `${words(s.action)} → ${words(s.outcome)}: ${s.message}`,
      s.correct ? "" : h("span", { class: "muted" }, " (not the fix)")))) : null,
    w.explanation ? h("p", { class: "explain" }, h("b", null, "Why: "), w.explanation) : null);
}
