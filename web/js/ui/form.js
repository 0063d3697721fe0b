// Labelled form fields with an error slot each, and the mapping of a server error's
// `extensions.field` to the field it names.

import { h, uid } from "../core/dom.js";
import { describe } from "../core/errors.js";

/**
 * A labelled control: field("E-mail", h("input", {...}), {field: "email", hint}).
 * `field` is the API's name for it (what `extensions.field` will say).
 */
export function field(label, control, { field: name, hint, class: cls } = {}) {
  const id = control.id || uid("in");
  control.id = id;
  const err = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  const described = [`${id}-error`];
  let hintEl = null;
  if (hint) {
    hintEl = h("p", { class: "hint", id: `${id}-hint` }, hint);
    described.push(`${id}-hint`);
  }
  control.setAttribute("aria-describedby", described.join(" "));
  const wrap = h("div", { class: ["field", cls], dataset: name ? { field: name } : {} },
    h("label", { for: id }, label), control, hintEl, err);
  return wrap;
}

/** The alert a form shows for errors that name no field. */
export function formAlert() {
  return h("div", { class: "alert", role: "alert", hidden: true, tabindex: "-1" });
}

/** Removes the errors shown in a container. */
export function clearErrors(container) {
  for (const el of container.querySelectorAll(".field-error")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of container.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of container.querySelectorAll(".alert[role=alert]")) {
    el.hidden = true;
    el.textContent = "";
  }
}

/**
 * Shows an error next to the field it names (`submission.diagnoses[1].code` finds the
 * element with data-field of that name, or of a shorter prefix), else in the form's alert.
 */
export function showError(container, err) {
  const message = describe(err);
  if (!(err && err.field && markField(container, err.field, message, { focus: true }))) {
    const alert = container.querySelector(".alert[role=alert]");
    if (alert) {
      alert.textContent = message;
      alert.hidden = false;
      alert.focus();
    }
  }
}

/**
 * Puts a message under the control that `name` (or its nearest named parent) designates;
 * several messages for one field are listed together. False when no control has the name.
 */
export function markField(container, name, message, { focus = false } = {}) {
  for (let n = name; n; n = shorter(n)) {
    const target = container.querySelector(`[data-field="${CSS.escape(n)}"]`);
    if (!target) continue;
    const slot = target.querySelector(".field-error");
    const control = target.matches("input,select,textarea") ? target : target.querySelector("input,select,textarea");
    if (!slot) continue;
    slot.textContent = slot.hidden || !slot.textContent ? message : `${slot.textContent} ${message}`;
    slot.hidden = false;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      if (focus) control.focus();
    }
    return true;
  }
  return false;
}

/** `a.b[2].c` -> `a.b[2]` -> `a.b` -> `a` -> null. */
function shorter(name) {
  const i = Math.max(name.lastIndexOf("."), name.lastIndexOf("["));
  return i > 0 ? name.slice(0, i) : null;
}

/** Disables a form's controls while `work` runs. */
export async function busy(form, work) {
  const controls = [...form.querySelectorAll("button, input, select, textarea")].filter((c) => !c.disabled);
  controls.forEach((c) => (c.disabled = true));
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    controls.forEach((c) => (c.disabled = false));
    form.removeAttribute("aria-busy");
  }
}
