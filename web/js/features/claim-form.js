// The claim as the paper form lays it out: the CMS-1500's numbered items (or the UB-04's
// form locators for an inpatient claim). Editable while the claim is a draft or rejected;
// each control is named as the API and the clearinghouse name the field
// (`lines[0].pointers`, `diagnoses[2]`, `priorAuthorization`) so errors land beside it.

import { h, replace } from "../core/dom.js";
import { day, money, moneyInput, parseMoney, words } from "../core/format.js";
import { dotted, guessSystem, splitModifiers } from "./coding-form.js";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXY";
const POA = ["", "Y", "N", "U", "W", "1"];

export const CLAIM_FIELDS = `id caseId kind frequency frequencyCode status payer claimNumber originalReference originalClaimId receivedOn
  patient { firstName lastName dateOfBirth sex address { line1 city state zip } }
  insured { memberId groupNumber relationship person { firstName lastName dateOfBirth sex address { line1 city state zip } } }
  billingProvider { name npi taxonomy taxId address { line1 city state zip } }
  renderingProvider { name npi taxonomy } facility { name npi address { line1 city state zip } }
  diagnoses { letter code poa } priorAuthorization
  lines { number dateOfService placeOfService system code modifiers units pointers chargeCents revenueCode }
  totalChargeCents
  institutional { typeOfBill admissionDate dischargeDate dischargeStatus procedures drg }
  resolution resolutionNote submittedAt createdAt updatedAt`;

function slot(name, control) {
  return h("div", { dataset: { field: name } }, control, h("p", { class: "field-error", hidden: true }));
}

function box(item, label, content, cls = "") {
  return h("div", { class: `box ${cls}` }, h("span", { class: "box-label" }, `${item} ${label}`), content);
}

function value(text) {
  return h("div", { class: "box-value" }, text || "—");
}

function addr(a) {
  return a ? `${a.line1}, ${a.city}, ${a.state} ${a.zip}` : "—";
}

function person(p) {
  return `${p.lastName}, ${p.firstName}`;
}

/** The editable part of a claim, as the form holds it. */
function stateOf(claim) {
  const inst = claim.institutional;
  return {
    memberId: claim.insured.memberId,
    groupNumber: claim.insured.groupNumber || "",
    priorAuthorization: claim.priorAuthorization || "",
    diagnoses: claim.diagnoses.map((d) => ({ code: dotted(d.code), poa: d.poa || "" })),
    lines: claim.lines.map((l) => ({
      system: l.system, code: l.code, modifiers: l.modifiers.join(" "), units: String(l.units),
      pointers: l.pointers.join(""), charge: moneyInput(l.chargeCents), original: l.chargeCents,
      dateOfService: l.dateOfService, placeOfService: l.placeOfService, revenueCode: l.revenueCode || "",
    })),
    typeOfBill: inst ? inst.typeOfBill : "",
    dischargeStatus: inst ? inst.dischargeStatus || "" : "",
    procedures: inst ? inst.procedures.join(" ") : "",
    drg: inst ? inst.drg || "" : "",
  };
}

/** The form's state as UpdateClaimInput (without claimId/version). */
function toInput(s, institutional) {
  const input = {
    memberId: s.memberId.trim(),
    groupNumber: s.groupNumber.trim(),
    priorAuthorization: s.priorAuthorization.trim(),
    diagnoses: s.diagnoses.filter((d) => d.code.trim()).map((d) => ({ code: d.code.trim(), poa: institutional && d.poa ? d.poa : null })),
    lines: s.lines.filter((l) => l.code.trim()).map((l) => {
      // A blank charge is the practice's fee for the code (the charge master fills it in).
      const blank = String(l.charge || "").trim() === "";
      const cents = blank ? null : parseMoney(l.charge);
      return {
        system: l.system || guessSystem(l.code) || null,
        code: l.code.trim(),
        modifiers: splitModifiers(l.modifiers),
        units: Math.max(1, parseInt(l.units, 10) || 1),
        pointers: l.pointers.toUpperCase().replace(/[^A-L]/g, "").split(""),
        chargeCents: cents === null ? l.original ?? null : cents,
        dateOfService: l.dateOfService || null,
        placeOfService: l.placeOfService || null,
        revenueCode: l.revenueCode || null,
      };
    }),
  };
  if (institutional) {
    Object.assign(input, {
      typeOfBill: s.typeOfBill.trim(),
      dischargeStatus: s.dischargeStatus.trim(),
      procedures: s.procedures.toUpperCase().split(/[\s,]+/).filter(Boolean),
      drg: s.drg.trim() || null,
    });
  }
  return input;
}

/**
 * The form. `editable` turns the entered items into inputs; `onChange()` after each edit.
 * Returns { el, input() }.
 */
export function claimForm(claim, { editable, payerName, onChange = () => {} }) {
  const s = stateOf(claim);
  const inst = claim.kind === "INSTITUTIONAL";
  const text = (key, label, attrs = {}) => editable
    ? slot(key, h("input", { type: "text", value: s[key], "aria-label": label, autocomplete: "off", ...attrs,
      onInput: (e) => {
        s[key] = e.target.value;
        onChange();
      } }))
    : value(s[key]);

  const dxGrid = h("div", { class: "dx-grid" });
  const drawDx = () => {
    const max = inst ? 25 : 12;
    const shown = editable ? Math.max(inst ? 9 : 12, Math.min(max, s.diagnoses.length + 1)) : s.diagnoses.length;
    while (editable && s.diagnoses.length < shown) s.diagnoses.push({ code: "", poa: "" });
    replace(dxGrid, s.diagnoses.slice(0, shown).map((d, i) => {
      const letter = LETTERS[i];
      const label = inst ? (i === 0 ? "Principal diagnosis" : `Other diagnosis ${i}`) : `Diagnosis ${letter}`;
      return h("div", { class: "dx-cell" },
        h("span", { class: "dx-letter", "aria-hidden": "true" }, inst ? (i === 0 ? "P" : String(i)) : letter),
        editable ? slot(`diagnoses[${i}]`, h("input", { type: "text", value: d.code, "aria-label": `${label} code`, autocomplete: "off",
          class: "code-input", onInput: (e) => {
            d.code = e.target.value;
            onChange();
          } })) : value(d.code),
        inst ? (editable ? h("select", { "aria-label": `${label} present on admission`, onChange: (e) => {
          d.poa = e.target.value;
          onChange();
        } }, POA.map((p) => h("option", { value: p, selected: d.poa === p }, p || "POA"))) : value(d.poa ? `POA ${d.poa}` : "")) : null);
    }));
  };
  drawDx();

  const linesBody = h("tbody");
  const addLine = h("button", { type: "button", class: "small", onClick: () => {
    const last = s.lines[s.lines.length - 1];
    s.lines.push({ system: "CPT", code: "", modifiers: "", units: "1", pointers: "A", charge: "", original: null,
      dateOfService: last ? last.dateOfService : null, placeOfService: last ? last.placeOfService : null, revenueCode: "" });
    drawLines();
    onChange();
    linesBody.lastElementChild.querySelector("input.code-input").focus();
  } }, "Add a service line");
  const drawLines = () => {
    replace(linesBody, s.lines.map((l, i) => {
      const n = i + 1;
      const inp = (key, label, attrs = {}) => slot(`lines[${i}].${key === "charge" ? "chargeCents" : key}`, h("input", {
        type: "text", value: l[key], "aria-label": `Line ${n} ${label}`, autocomplete: "off", ...attrs,
        onInput: (e) => {
          l[key] = e.target.value;
          if (key === "code" && guessSystem(l.code)) l.system = guessSystem(l.code);
          onChange();
        },
      }));
      if (!editable) {
        return h("tr", null, h("td", null, String(n)), h("td", null, day(l.dateOfService)), h("td", null, l.placeOfService || "—"),
          inst ? h("td", null, l.revenueCode || "—") : null,
          h("td", null, h("code", null, l.code)), h("td", null, l.modifiers || "—"), h("td", null, l.pointers || "—"),
          h("td", { class: "num" }, money(l.original)), h("td", { class: "num" }, l.units),
          h("td", null, claim.renderingProvider.npi));
      }
      return h("tr", null,
        h("td", null, String(n)),
        h("td", null, day(l.dateOfService)),
        h("td", null, l.placeOfService || "—"),
        inst ? h("td", null, inp("revenueCode", "revenue code", { size: "4" })) : null,
        h("td", { class: "c-code" }, inp("code", "procedure code", { class: "code-input" })),
        h("td", { class: "c-mod" }, inp("modifiers", "modifiers")),
        h("td", { class: "c-ptr" }, inp("pointers", "diagnosis pointers", { maxlength: "8" })),
        h("td", { class: "c-charge" }, inp("charge", "charge in dollars", { inputmode: "decimal" })),
        h("td", { class: "c-units" }, inp("units", "units", { inputmode: "numeric" })),
        h("td", null, claim.renderingProvider.npi),
        h("td", null, h("button", { type: "button", class: "small icon", "aria-label": `Remove line ${n}`, onClick: () => {
          s.lines.splice(i, 1);
          drawLines();
          onChange();
          addLine.focus();
        } }, "✕")));
    }));
  };
  drawLines();

  const heads = (inst
    ? ["#", "45 Service date", "Place", "42 Rev. code", "44 HCPCS", "44 Modifiers", "Dx pointer", "47 Charges", "46 Units", "Attending NPI"]
    : ["#", "24A Date of service", "24B Place", "24D Procedure", "24D Modifiers", "24E Dx pointer", "24F Charges", "24G Units", "24J Rendering NPI"])
    .concat(editable ? [""] : []);
  const linesTable = h("div", { class: "table-wrap claim-lines" }, h("table", { class: "lines" },
    h("thead", null, h("tr", null, heads.map((t) => h("th", { scope: "col" }, t)))), linesBody));

  const p = claim.patient;
  const ins = claim.insured;
  const bp = claim.billingProvider;
  const el = inst
    ? h("div", { class: "claim-form", role: "group", "aria-label": "UB-04 form locators" },
      box("FL 1", "Billing provider", value(`${bp.name} · NPI ${bp.npi}`), "w6"),
      box("FL 4", "Type of bill", text("typeOfBill", "Type of bill", { maxlength: "4" }), "w2"),
      box("FL 6", "Statement period", value(`${day(claim.institutional.admissionDate)} – ${day(claim.institutional.dischargeDate)}`), "w4"),
      box("FL 8", "Patient name", value(person(p)), "w4"),
      box("FL 10–11", "Birth date, sex", value(`${day(p.dateOfBirth)} · ${p.sex}`), "w4"),
      box("FL 17", "Discharge status", text("dischargeStatus", "Discharge status", { maxlength: "2" }), "w4"),
      box("FL 50", "Payer", value(payerName), "w4"),
      box("FL 60", "Insured's ID", text("memberId", "Insured's ID"), "w4"),
      box("FL 62", "Group number", text("groupNumber", "Group number"), "w4"),
      box("FL 42–47", "Service lines", h("div", null, linesTable, editable ? addLine : null), "w12"),
      box("FL 63", "Treatment authorization", text("priorAuthorization", "Treatment authorization code"), "w4"),
      box("FL 71", "PPS code (MS-DRG)", text("drg", "MS-DRG", { maxlength: "3" }), "w4"),
      box("FL 74", "Procedures (ICD-10-PCS, principal first)", text("procedures", "ICD-10-PCS procedures, principal first, separated by spaces"), "w4"),
      box("FL 67", "Diagnoses with POA (principal first)", dxGrid, "w12"))
    : h("div", { class: "claim-form", role: "group", "aria-label": "CMS-1500 items" },
      box("1", "Payer", value(payerName), "w6"),
      box("1a", "Insured's ID number", text("memberId", "Insured's ID number (item 1a)"), "w6"),
      box("2", "Patient's name", value(person(p))),
      box("3", "Birth date, sex", value(`${day(p.dateOfBirth)} · ${p.sex}`)),
      box("4", "Insured's name", value(person(ins.person))),
      box("5", "Patient's address", value(addr(p.address))),
      box("6", "Relationship to insured", value(words(ins.relationship))),
      box("7", "Insured's address", value(addr(ins.person.address))),
      box("11", "Insured's group number", text("groupNumber", "Insured's group number (item 11)")),
      box("22", "Resubmission code · original ref.", value(`${claim.frequencyCode} ${words(claim.frequency)}${claim.originalReference ? ` · ${claim.originalReference}` : ""}`)),
      box("23", "Prior authorization number", text("priorAuthorization", "Prior authorization number (item 23)")),
      box("21", "Diagnosis codes (ICD-10-CM, A–L)", dxGrid, "w12"),
      box("24", "Service lines", h("div", null, linesTable, editable ? addLine : null), "w12"),
      box("25", "Federal tax ID", value(bp.taxId)),
      box("26", "Patient's account no.", value(`C${claim.caseId}-${claim.id}`)),
      box("28", "Total charge", value(money(claim.totalChargeCents))),
      box("31", "Rendering provider", value(`${claim.renderingProvider.name} · NPI ${claim.renderingProvider.npi}`)),
      box("32", "Service facility", value(claim.facility ? `${claim.facility.name} · NPI ${claim.facility.npi}` : "—")),
      box("33", "Billing provider", value(`${bp.name} · NPI ${bp.npi} · ${addr(bp.address)}`)));
  return { el, input: () => toInput(s, inst) };
}
