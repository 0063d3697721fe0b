// The coding form: diagnosis lines (A–L, POA for inpatient), CPT/HCPCS service lines
// (modifiers, units, pointers), ICD-10-PCS lines and the MS-DRG for inpatient. It holds the
// trainee's work as plain data, tells its owner on every change (for autosave and
// validation), shows each line's check next to it, and names its controls the way the
// API names the fields (`submission.diagnoses[0].code`) so server errors land beside them.

import { h, replace } from "../core/dom.js";

const LETTERS = "ABCDEFGHIJKL";
const POA = [["", "—"], ["Y", "Y"], ["N", "N"], ["U", "U"], ["W", "W"], ["1", "1 (exempt)"]];
const MAX = { diagnoses: 12, procedures: 50, pcs: 25 };

/** The API's submission JSON -> the form's lines. */
export function fromSubmission(sub) {
  const s = sub || {};
  return {
    diagnoses: (s.diagnoses || []).map((d) => ({ code: dotted(d.code || ""), poa: d.poa || "" })),
    procedures: (s.procedures || []).map((p) => ({
      system: p.system || "CPT", code: p.code || "", modifiers: (p.modifiers || []).join(" "),
      units: String(p.units || 1), pointers: (p.pointers || []).join(""),
    })),
    pcs: (s.pcs || []).map((p) => ({ code: p.code || "", principal: Boolean(p.principal) })),
    drg: s.drg || "",
  };
}

/** The form's lines -> the API's SubmissionInput (empty lines left out). */
export function toSubmission(state, inpatient) {
  const dx = state.diagnoses.filter((d) => d.code.trim());
  const px = state.procedures.filter((p) => p.code.trim());
  const pcs = state.pcs.filter((p) => p.code.trim());
  return {
    diagnoses: dx.map((d) => ({ code: d.code.trim(), poa: inpatient && d.poa ? d.poa : null })),
    procedures: px.map((p) => ({
      system: p.system,
      code: p.code.trim(),
      modifiers: splitModifiers(p.modifiers),
      units: Math.max(1, parseInt(p.units, 10) || 1),
      pointers: p.pointers.toUpperCase().replace(/[^A-L]/g, "").split(""),
    })),
    pcs: pcs.map((p) => ({ code: p.code.trim(), principal: p.principal })),
    drg: inpatient && state.drg.trim() ? state.drg.trim() : null,
  };
}

/** ICD-10-CM as printed: "I5023" -> "I50.23". */
export function dotted(code) {
  const c = code.trim().toUpperCase();
  return /^[A-Z]\d[0-9A-Z][0-9A-Z]{1,4}$/.test(c) ? `${c.slice(0, 3)}.${c.slice(3)}` : c;
}

export function splitModifiers(text) {
  return String(text || "").toUpperCase().split(/[\s,;-]+/).filter(Boolean);
}

/** CPT or HCPCS Level II, from the shape of the code. */
export function guessSystem(code) {
  const c = code.trim().toUpperCase();
  if (/^[A-V]\d{4}$/.test(c)) return "HCPCS";
  if (/^\d{4}[0-9FTU]$/.test(c)) return "CPT";
  return null;
}

/**
 * The form. `onChange(state)` after every edit; `form.setCheck(line, {ok, text})` shows a
 * line's check; `form.add(kind, system, code)` appends a code (from the code search).
 */
export function codingForm({ value, inpatient, onChange }) {
  const state = fromSubmission(value);
  // A fresh form opens with a line of each kind, ready to type in.
  if (!state.diagnoses.length && !state.procedures.length && !state.pcs.length) {
    state.diagnoses.push({ code: "", poa: "" });
    if (inpatient) state.pcs.push({ code: "", principal: true });
    else state.procedures.push({ system: "CPT", code: "", modifiers: "", units: "1", pointers: "A" });
  }
  const checks = new WeakMap(); // line -> check element
  const errorSlots = new WeakMap(); // line -> data-field holders
  const changed = () => onChange(state);

  const dxBody = h("tbody");
  const pxHead = h("thead");
  const pxTable = h("table", { class: "lines px-lines", "aria-labelledby": "h-px" });
  const pcsBody = h("tbody");
  const drg = h("input", { type: "text", name: "drg", inputmode: "numeric", maxlength: "3", value: state.drg,
    "aria-label": "MS-DRG", onInput: (e) => {
      state.drg = e.target.value;
      changed();
    } });
  const drgCheck = h("div", { class: "line-check" });

  function checkCell(line) {
    const el = h("div", { class: "line-check", "aria-live": "polite" });
    checks.set(line, el);
    return el;
  }

  function tools(list, i, label, redraw, focusSel) {
    const move = (to) => {
      const [line] = list.splice(i, 1);
      list.splice(to, 0, line);
      redraw();
      changed();
      const btn = (to < i ? ".up" : ".down");
      const row = redraw.lines()[to];
      const target = row && (row.querySelector(`button${btn}:not(:disabled)`) || row.querySelector(focusSel));
      if (target) target.focus();
    };
    return h("td", { class: "c-tools" },
      h("button", { type: "button", class: "small icon up", "aria-label": `Move ${label} up`, disabled: i === 0, onClick: () => move(i - 1) }, "↑"),
      h("button", { type: "button", class: "small icon down", "aria-label": `Move ${label} down`, disabled: i === list.length - 1, onClick: () => move(i + 1) }, "↓"),
      h("button", { type: "button", class: "small icon", "aria-label": `Remove ${label}`, onClick: () => {
        list.splice(i, 1);
        redraw();
        changed();
        const rows = redraw.lines();
        const next = rows[Math.min(i, rows.length - 1)];
        (next ? next.querySelector(focusSel) : redraw.addButton).focus();
      } }, "✕"));
  }

  function codeInput(line, label, { onEnter } = {}) {
    return h("input", {
      type: "text", value: line.code, "aria-label": label, autocomplete: "off", spellcheck: "false", class: "code-input",
      onInput: (e) => {
        line.code = e.target.value;
        if ("system" in line && !line.systemChosen) {
          const g = guessSystem(line.code);
          if (g && g !== line.system) {
            line.system = g;
            const sel = e.target.closest("tr").querySelector("select.sys");
            if (sel) sel.value = g;
          }
        }
        changed();
      },
      onKeydown: (e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          if (onEnter) onEnter();
        }
      },
    });
  }

  function drawDx() {
    replace(dxBody, state.diagnoses.map((d, i) => {
      const letter = LETTERS[i];
      const row = h("tr", null,
        h("td", { class: "letter" }, letter),
        h("td", { class: "c-code" }, h("div", { dataset: { field: "" } }, codeInput(d, `Diagnosis ${letter} code`, {
          onEnter: () => addLine("diagnoses", { code: "", poa: "" }),
        }), h("p", { class: "field-error", hidden: true }))),
        inpatient ? h("td", { class: "c-poa" }, h("div", { dataset: { field: "" } },
          h("select", { "aria-label": `Diagnosis ${letter} present on admission`, onChange: (e) => {
            d.poa = e.target.value;
            changed();
          } }, POA.map(([v, l]) => h("option", { value: v, selected: d.poa === v }, l))),
          h("p", { class: "field-error", hidden: true }))) : null,
        h("td", { class: "c-desc" }, checkCell(d)),
        tools(state.diagnoses, i, `diagnosis ${letter}`, drawDx, "input"));
      errorSlots.set(d, row.querySelectorAll("[data-field]"));
      return row;
    }));
    drawDx.addButton.disabled = state.diagnoses.length >= MAX.diagnoses;
  }
  drawDx.lines = () => [...dxBody.children];

  function drawPx() {
    // One tbody per line: its inputs, then its check across the whole width.
    pxTable.replaceChildren(pxHead, ...state.procedures.map((p, i) => {
      const n = i + 1;
      const slot = (control) => h("div", { dataset: { field: "" } }, control, h("p", { class: "field-error", hidden: true }));
      const row = h("tr", null,
        h("td", { class: "letter", rowspan: "2" }, String(n)),
        h("td", { class: "c-sys" }, slot(h("select", { class: "sys", "aria-label": `Service line ${n} code set`, onChange: (e) => {
          p.system = e.target.value;
          p.systemChosen = true;
          changed();
        } }, h("option", { value: "CPT", selected: p.system === "CPT" }, "CPT"), h("option", { value: "HCPCS", selected: p.system === "HCPCS" }, "HCPCS")))),
        h("td", { class: "c-code" }, slot(codeInput(p, `Service line ${n} code`, {
          onEnter: () => addLine("procedures", newProcedure()),
        }))),
        h("td", { class: "c-mod" }, slot(h("input", { type: "text", value: p.modifiers, "aria-label": `Service line ${n} modifiers`, autocomplete: "off",
          onInput: (e) => {
            p.modifiers = e.target.value;
            changed();
          } }))),
        h("td", { class: "c-units" }, slot(h("input", { type: "number", min: "1", max: "9999", value: p.units, "aria-label": `Service line ${n} units`,
          onInput: (e) => {
            p.units = e.target.value;
            changed();
          } }))),
        h("td", { class: "c-ptr" }, slot(h("input", { type: "text", value: p.pointers, "aria-label": `Service line ${n} diagnosis pointers`, autocomplete: "off",
          maxlength: "8", onInput: (e) => {
            p.pointers = e.target.value;
            changed();
          } }))),
        tools(state.procedures, i, `service line ${n}`, drawPx, "input.code-input"));
      const body = h("tbody", { class: "px-line" }, row,
        h("tr", { class: "check-row" }, h("td", { colspan: "6", class: "c-desc" }, checkCell(p))));
      errorSlots.set(p, row.querySelectorAll("[data-field]"));
      return body;
    }));
    drawPx.addButton.disabled = state.procedures.length >= MAX.procedures;
  }
  drawPx.lines = () => [...pxTable.tBodies];

  function drawPcs() {
    replace(pcsBody, state.pcs.map((p, i) => {
      const n = i + 1;
      const row = h("tr", null,
        h("td", { class: "letter" }, String(n)),
        h("td", { class: "c-code" }, h("div", { dataset: { field: "" } }, codeInput(p, `ICD-10-PCS procedure ${n} code`, {
          onEnter: () => addLine("pcs", { code: "", principal: false }),
        }), h("p", { class: "field-error", hidden: true }))),
        h("td", { class: "c-poa" }, h("label", { class: "row" }, h("input", {
          type: "radio", name: "pcs-principal", checked: p.principal, "aria-label": `Procedure ${n} is the principal procedure`,
          onChange: () => {
            state.pcs.forEach((x) => (x.principal = x === p));
            changed();
          },
        }), "Principal")),
        h("td", { class: "c-desc" }, checkCell(p)),
        tools(state.pcs, i, `procedure ${n}`, drawPcs, "input"));
      errorSlots.set(p, row.querySelectorAll("[data-field]"));
      return row;
    }));
    drawPcs.addButton.disabled = state.pcs.length >= MAX.pcs;
  }
  drawPcs.lines = () => [...pcsBody.children];

  function newProcedure() {
    return { system: "CPT", code: "", modifiers: "", units: "1", pointers: state.diagnoses.length ? "A" : "" };
  }

  const draws = { diagnoses: drawDx, procedures: drawPx, pcs: drawPcs };
  function addLine(kind, line) {
    if (state[kind].length >= MAX[kind]) return null;
    state[kind].push(line);
    draws[kind]();
    changed();
    const rows = draws[kind].lines();
    const input = rows[rows.length - 1].querySelector("input.code-input");
    if (input) input.focus();
    return line;
  }

  drawDx.addButton = h("button", { type: "button", class: "small", onClick: () => addLine("diagnoses", { code: "", poa: "" }) }, "Add diagnosis");
  drawPx.addButton = h("button", { type: "button", class: "small", onClick: () => addLine("procedures", newProcedure()) }, "Add service line");
  drawPcs.addButton = h("button", { type: "button", class: "small", onClick: () => addLine("pcs", { code: "", principal: state.pcs.length === 0 }) }, "Add procedure");

  const dxHead = h("tr", null, h("th", null, h("span", { class: "visually-hidden" }, "Letter")), h("th", null, "ICD-10-CM"),
    inpatient ? h("th", null, "POA") : null, h("th", null, "Check"), h("th", null, h("span", { class: "visually-hidden" }, "Actions")));
  pxHead.appendChild(h("tr", null, h("th", null, "#"), h("th", null, "Code set"), h("th", null, "Code"), h("th", null, "Modifiers"),
    h("th", null, "Units"), h("th", null, "Pointers"), h("th", null, h("span", { class: "visually-hidden" }, "Actions"))));
  const pcsHead = h("tr", null, h("th", null, "#"), h("th", null, "ICD-10-PCS"), h("th", null, "Principal"), h("th", null, "Check"),
    h("th", null, h("span", { class: "visually-hidden" }, "Actions")));

  const el = h("div", { class: "coding-form" },
    h("section", { class: "coding-section", "aria-labelledby": "h-dx" },
      h("h3", { id: "h-dx" }, inpatient ? "Diagnoses" : "Diagnoses (box 21)",
        h("span", { class: "hint" }, inpatient ? "principal first, with POA" : "first-listed first; letters are the pointers")),
      h("table", { class: "lines", "aria-labelledby": "h-dx" }, h("thead", null, dxHead), dxBody),
      drawDx.addButton),
    // Inpatient facility coding reports ICD-10-PCS, not CPT (shown only if a draft has lines).
    inpatient && !state.procedures.length ? null : h("section", { class: "coding-section", "aria-labelledby": "h-px" },
      h("h3", { id: "h-px" }, "Services: CPT and HCPCS (box 24)", h("span", { class: "hint" }, "modifiers separated by spaces; pointers as letters, e.g. AB")),
      h("div", { class: "table-wrap" }, pxTable),
      drawPx.addButton),
    inpatient ? h("section", { class: "coding-section", "aria-labelledby": "h-pcs" },
      h("h3", { id: "h-pcs" }, "ICD-10-PCS procedures"),
      h("table", { class: "lines", "aria-labelledby": "h-pcs" }, h("thead", null, pcsHead), pcsBody),
      drawPcs.addButton) : null,
    inpatient ? h("section", { class: "coding-section", "aria-labelledby": "h-drg" },
      h("h3", { id: "h-drg" }, "MS-DRG"),
      h("div", { class: "row" }, h("div", { dataset: { field: "submission.drg" }, class: "c-code" }, drg, h("p", { class: "field-error", hidden: true })), drgCheck)) : null);

  drawDx();
  drawPx();
  if (inpatient) drawPcs();

  return {
    el,
    state,
    /** Shows a line's check (from validateCodes). */
    setCheck(line, check) {
      const target = line === "drg" ? drgCheck : checks.get(line);
      if (!target) return;
      target.className = `line-check ${check ? (check.ok ? "ok" : "problem") : ""}`;
      target.textContent = check ? check.text : "";
    },
    /** Names each row's controls by the index the API will see (empty lines are left out). */
    labelFields() {
      const name = (kind, list, keys) => {
        let sent = 0;
        for (const line of list) {
          const slots = errorSlots.get(line) || [];
          const idx = line.code.trim() ? sent++ : -1;
          slots.forEach((slot, k) => {
            slot.dataset.field = idx >= 0 ? `submission.${kind}[${idx}].${keys[k]}` : "";
          });
        }
      };
      name("diagnoses", state.diagnoses, inpatient ? ["code", "poa"] : ["code"]);
      name("procedures", state.procedures, ["system", "code", "modifiers", "units", "pointers"]);
      name("pcs", state.pcs, ["code"]);
    },
    /** Puts a code from the search on the form. */
    add(kind, system, code) {
      if (kind === "DIAGNOSIS") {
        const empty = state.diagnoses.find((d) => !d.code.trim());
        if (empty) {
          empty.code = code;
          drawDx();
          changed();
          return `Added ${code} as diagnosis ${LETTERS[state.diagnoses.indexOf(empty)]}.`;
        }
        return addLine("diagnoses", { code, poa: "" }) ? `Added ${code} as diagnosis ${LETTERS[state.diagnoses.length - 1]}.` : "Box 21 holds 12 diagnoses at most.";
      }
      if (kind === "PROCEDURE") {
        const empty = state.procedures.find((p) => !p.code.trim());
        const line = empty || newProcedure();
        Object.assign(line, { code, system, systemChosen: true });
        if (!empty && !addLine("procedures", line)) return "50 service lines at most.";
        drawPx();
        changed();
        return `Added ${code} on service line ${state.procedures.indexOf(line) + 1}.`;
      }
      if (kind === "PCS") {
        addLine("pcs", { code, principal: state.pcs.length === 0 });
        return `Added ${code} as ICD-10-PCS procedure ${state.pcs.length}.`;
      }
      if (kind === "MODIFIER") {
        const last = [...state.procedures].reverse().find((p) => p.code.trim());
        if (!last) return "Add a service line first.";
        const mods = splitModifiers(last.modifiers);
        if (!mods.includes(code)) mods.push(code);
        last.modifiers = mods.join(" ");
        drawPx();
        changed();
        return `Added modifier ${code} to service line ${state.procedures.indexOf(last) + 1}.`;
      }
      return "";
    },
  };
}
