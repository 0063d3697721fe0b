// Form controls bound to a JSON document by path (`patient.address.city`,
// `key.diagnoses[0].rationale`): each control shows the value at its path and writes it back
// as the user types, and its field carries that path as data-field, so an error the server
// reports for a path appears beside the control that edits it.

import { h } from "../core/dom.js";
import { field } from "../ui/form.js";

const STEP = /([^.[\]]+)|\[(\d+)\]/g;

function steps(path) {
  return [...path.matchAll(STEP)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

export function getPath(obj, path) {
  return steps(path).reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}

export function setPath(obj, path, value) {
  const ks = steps(path);
  let o = obj;
  ks.slice(0, -1).forEach((k, i) => {
    if (o[k] === null || o[k] === undefined) o[k] = typeof ks[i + 1] === "number" ? [] : {};
    o = o[k];
  });
  o[ks[ks.length - 1]] = value;
}

// How a control's text becomes the document's value, and back.
const KINDS = {
  text: { show: (v) => v ?? "", read: (s) => s },
  optional: { show: (v) => v ?? "", read: (s) => (s.trim() === "" ? null : s) },
  // A whole number, or the text as typed (the server then names the field and the value).
  number: { show: (v) => (v === null || v === undefined ? "" : String(v)), read: (s) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : s) },
  list: { show: (v) => (v || []).join(", "), read: (s) => s.split(",").map((x) => x.trim()).filter(Boolean) },
};

/**
 * A labelled control for `path` of `doc`: kind text | optional | number | list | check;
 * `options` makes a select, `rows` a textarea, `type` sets an input's type (date).
 */
export function bound(doc, path, label, { kind = "text", options, rows, type, hint, readOnly, cls } = {}) {
  if (kind === "check") {
    const box = h("input", { type: "checkbox", checked: Boolean(getPath(doc, path)) });
    box.addEventListener("change", () => setPath(doc, path, box.checked));
    return field(label, box, { field: path, hint, class: cls ? `inline ${cls}` : "inline" });
  }
  const k = KINDS[kind];
  let control;
  if (options) {
    const current = k.show(getPath(doc, path));
    const opts = options.includes(current) ? options : [current, ...options];
    control = h("select", null, opts.map((o) => h("option", { value: o, selected: o === current }, o === "" ? "(none)" : o)));
  } else if (rows) {
    control = h("textarea", { rows, value: k.show(getPath(doc, path)) });
  } else {
    control = h("input", { type: type || "text", value: k.show(getPath(doc, path)), readOnly });
  }
  control.addEventListener(options ? "change" : "input", () => setPath(doc, path, k.read(control.value)));
  return field(label, control, { field: path, hint, class: cls });
}

/**
 * A fieldset for one item of a list at `path` (`documents[1]`), with its own error slot (for
 * errors about the whole item) and a Remove button.
 */
export function itemSet(path, legend, onRemove, ...children) {
  return h("fieldset", { class: "item-set", dataset: { field: path } },
    h("legend", null, legend),
    h("p", { class: "field-error", hidden: true }),
    h("div", { class: "form-grid" }, children),
    onRemove ? h("div", { class: "actions" },
      h("button", { type: "button", class: "small", onClick: onRemove }, `Remove ${legend.toLowerCase()}`)) : null);
}
