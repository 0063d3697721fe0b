// Modal dialogs on the native <dialog> element: focus moves in, Escape closes, focus
// returns to where it was.

import { h } from "../core/dom.js";

/** Asks a yes/no question; resolves true when confirmed. */
export function confirm({ title, body, confirmLabel = "OK", cancelLabel = "Cancel", danger = false }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const ok = h("button", { type: "submit", class: danger ? "danger" : "primary", value: "ok" }, confirmLabel);
    const dlg = h("dialog", { "aria-labelledby": titleId },
      h("form", { method: "dialog" },
        h("h2", { id: titleId }, title),
        body ? h("div", { class: "dialog-body" }, body) : null,
        h("div", { class: "actions" },
          h("button", { type: "submit", value: "cancel" }, cancelLabel),
          ok)));
    document.body.appendChild(dlg);
    dlg.addEventListener("close", () => {
      const yes = dlg.returnValue === "ok";
      dlg.remove();
      if (opener && opener.focus) opener.focus();
      resolve(yes);
    });
    dlg.showModal();
    ok.focus();
  });
}

/**
 * A dialog holding a form: `build(form, close)` fills it and wires its submit (which may
 * keep the dialog open to show an error). Resolves with what `close(value)` was given.
 */
export function formDialog({ title, build }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    // Errors come from the server, beside the field they name (not the browser's bubbles).
    const form = h("form", { class: "stack", novalidate: true });
    const dlg = h("dialog", { "aria-labelledby": titleId }, h("h2", { id: titleId }, title), form);
    let result;
    const close = (value) => {
      result = value;
      dlg.close();
    };
    build(form, close);
    document.body.appendChild(dlg);
    dlg.addEventListener("close", () => {
      dlg.remove();
      if (opener && opener.focus) opener.focus();
      resolve(result);
    });
    dlg.showModal();
    const first = form.querySelector("input, select, textarea, button");
    if (first) first.focus();
  });
}
