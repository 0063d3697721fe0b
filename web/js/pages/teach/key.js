// Revising a case's answer key: edit the lines (code, optional, rationale), preview what
// saving would do (how many submitted attempts are re-graded, each score old -> new, from
// answerKeyRevisionPreview, which writes nothing), then save with a note and read the
// re-graded scores back. Errors land beside the line they name (`key.diagnoses[1].code`).

import { h, replace } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { percent, when } from "../../core/format.js";
import { crumbs, table, announce } from "../../ui/misc.js";
import { field, formAlert, clearErrors, showError, markField, busy } from "../../ui/form.js";

const QUERY = `query($id:ID!){ case(id:$id){ id title } answerKey(caseId:$id){ version current note createdAt key } }`;
const PREVIEW = `query($c:ID!,$k:JSON!){ answerKeyRevisionPreview(caseId:$c, key:$k){ version regradedCount
  regraded { attemptId traineeName keyVersion currentPercent proposedPercent } } }`;
const SAVE = `mutation($c:ID!,$k:JSON!,$n:String!){ reviseAnswerKey(input:{caseId:$c, key:$k, note:$n}){ answerKey { version } } }`;
const LISTS = [["diagnoses", "Diagnoses"], ["procedures", "Services (CPT/HCPCS)"], ["pcs", "ICD-10-PCS procedures"]];

export async function render(ctx) {
  const d = await gql(QUERY, { id: ctx.params.id });
  const c = d.case;
  const current = d.answerKey.find((k) => k.current) || d.answerKey[0];
  const key = structuredClone(current.key);
  const form = h("form", { class: "stack", novalidate: true });
  const out = h("div", { class: "stack", "aria-live": "polite" });
  const note = h("input", { type: "text", name: "note" });
  const draw = () => {
    replace(form, formAlert(),
      LISTS.filter(([k]) => Array.isArray(key[k]) && (key[k].length || k === "diagnoses")).map(([k, title]) => lines(key, k, title, draw)),
      field("Note (why the key changes)", note, { field: "note" }),
      h("div", { class: "actions start" },
        h("button", { type: "button", onClick: preview }, "Preview re-grade"),
        h("button", { type: "submit", class: "primary" }, "Save and re-grade")));
  };
  async function preview() {
    clearErrors(form);
    try {
      const p = (await busy(form, () => gql(PREVIEW, { c: c.id, k: key }))).answerKeyRevisionPreview;
      replace(out, previewPanel(p));
      announce(`${p.regradedCount} submitted attempts would be re-graded.`);
    } catch (err) {
      showError(form, err);
    }
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!note.value.trim()) {
      markField(form, "note", "Say why the key changes.", { focus: true });
      return;
    }
    try {
      const p = (await busy(form, () => gql(PREVIEW, { c: c.id, k: key }))).answerKeyRevisionPreview;
      const saved = (await busy(form, () => gql(SAVE, { c: c.id, k: key, n: note.value.trim() }))).reviseAnswerKey.answerKey;
      replace(out, await savedPanel(saved.version, p));
      announce(`Saved as version ${saved.version}; ${p.regradedCount} attempts re-graded.`);
    } catch (err) {
      showError(form, err);
    }
  });
  draw();
  return h("section", { class: "page" },
    crumbs(["Library", "/library"], [c.title, `/library/cases/${c.id}`], ["Answer key"]),
    h("div", { class: "page-head" }, h("h1", null, `Answer key: ${c.title}`)),
    h("p", { class: "lede" }, `Version ${current.version}, saved ${when(current.createdAt)}${current.note ? `: ${current.note}` : ""}. Saving makes a new version and re-grades every submitted attempt scored against an earlier one.`),
    form, out);
}

function lines(key, list, title, redraw) {
  const rows = key[list];
  return h("fieldset", { class: "panel key-lines", "data-field": `key.${list}` },
    h("legend", null, title),
    h("p", { class: "field-error", hidden: true }),
    rows.length ? h("div", { class: "key-line key-head", "aria-hidden": "true" }, h("span", null, "Code"), h("span", null, ""), h("span", null, "Rationale"), h("span", null, "")) : null,
    rows.map((line, i) => {
      const path = `key.${list}[${i}]`;
      const n = `${title.split(" ")[0]} line ${i + 1}`;
      const code = h("input", { type: "text", value: line.code || "", "aria-label": `${n} code`, onInput: (e) => (line.code = e.target.value.trim()) });
      const optional = h("input", { type: "checkbox", checked: Boolean(line.optional), id: `${list}-${i}-opt`, onChange: (e) => (line.optional = e.target.checked) });
      const why = h("textarea", { rows: 2, value: line.rationale || "", "aria-label": `${n} rationale`, onInput: (e) => (line.rationale = e.target.value) });
      return h("div", { class: "key-line", "data-field": path },
        h("div", { class: "field", "data-field": `${path}.code` }, h("span", { class: "key-n" }, `${i + 1}.`), code, h("p", { class: "field-error", hidden: true })),
        h("div", { class: "field inline" }, optional, h("label", { for: `${list}-${i}-opt` }, "Optional")),
        h("div", { class: "field grow", "data-field": `${path}.rationale` }, why, h("p", { class: "field-error", hidden: true })),
        h("button", { type: "button", class: "small danger", "aria-label": `Remove ${n}`, onClick: () => { rows.splice(i, 1); redraw(); } }, "Remove"));
    }),
    list === "diagnoses" ? h("button", {
      type: "button", class: "small add-line",
      onClick: () => { rows.push({ code: "", role: "SECONDARY", optional: false, rationale: "", guideline: "" }); redraw(); },
    }, "Add a diagnosis") : null);
}

function changeRows(p) {
  return p.regraded.map((r) => [r.traineeName, `#${r.attemptId}`, `v${r.keyVersion}`, percent(r.currentPercent, 1),
    percent(r.proposedPercent, 1), delta(r.proposedPercent - r.currentPercent)]);
}

function delta(x) {
  if (Math.abs(x) < 0.005) return "no change";
  return `${x > 0 ? "+" : "−"}${Math.abs(x).toFixed(1)} points`;
}

function previewPanel(p) {
  return h("section", { class: "panel preview", "aria-labelledby": "preview-h" },
    h("h2", { id: "preview-h" }, "Preview"),
    h("p", { id: "preview-count" }, p.regradedCount === 0
      ? "Saving this key re-grades no attempt (nothing changed, or no submitted attempt yet)."
      : `Saving this key as version ${p.version} re-grades ${p.regradedCount} submitted attempt${p.regradedCount === 1 ? "" : "s"}:`),
    p.regradedCount ? table("Scores now and under the proposed key", ["Trainee", "Attempt", "Scored against", "Now", "Proposed", "Change"], changeRows(p), { numeric: [3, 4] }) : null);
}

async function savedPanel(version, p) {
  let after = {};
  if (p.regraded.length) {
    const q = p.regraded.map((r, i) => `a${i}: attempt(id:"${String(r.attemptId).replace(/[^0-9]/g, "")}"){ keyVersion score { percent } }`).join(" ");
    after = await gql(`{ ${q} }`);
  }
  const rows = p.regraded.map((r, i) => {
    const a = after[`a${i}`];
    return [r.traineeName, `#${r.attemptId}`, percent(r.currentPercent, 1), a && a.score ? percent(a.score.percent, 1) : "—", a ? `v${a.keyVersion}` : "—"];
  });
  return h("section", { class: "panel success-panel", "aria-labelledby": "saved-h" },
    h("h2", { id: "saved-h" }, `Saved as version ${version}`),
    h("p", { id: "regraded-count", class: "success" }, `${p.regradedCount} attempt${p.regradedCount === 1 ? "" : "s"} re-graded.`),
    rows.length ? table("Re-graded scores", ["Trainee", "Attempt", "Before", "Now", "Key"], rows, { numeric: [2, 3] }) : null);
}
