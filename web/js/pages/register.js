// Create an account with an invitation code from a school or an employer (or without one:
// a trainee of no organization).

import { h } from "../core/dom.js";
import { register } from "../core/session.js";
import { navigate } from "../core/router.js";
import { field, formAlert, clearErrors, showError, busy } from "../ui/form.js";

export function render(ctx) {
  const code = h("input", { type: "text", name: "invitationCode", autocomplete: "off", spellcheck: "false",
    value: ctx.query.get("code") || "" });
  const name = h("input", { type: "text", name: "displayName", autocomplete: "name", required: true });
  const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "new-password", required: true, minlength: "12" });
  const alert = formAlert();
  const form = h("form", { class: "stack", novalidate: true },
    alert,
    field("Invitation code", code, { field: "invitationCode", hint: "From your instructor or employer. Leave it empty to practise on your own." }),
    field("Your name", name, { field: "displayName" }),
    field("E-mail", email, { field: "email" }),
    field("Password", password, { field: "password", hint: "12 characters or more." }),
    h("button", { type: "submit", class: "primary" }, "Create account"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await busy(form, () => register({
        email: email.value.trim(),
        password: password.value,
        displayName: name.value.trim(),
        invitationCode: code.value.trim() || null,
      }));
      navigate("/", { replace: true });
    } catch (err) {
      showError(form, err);
    }
  });
  return h("section", { class: "page narrow auth" },
    h("h1", null, "Create your account"),
    form,
    h("p", null, "Already have an account? ", h("a", { href: "/signin" }, "Sign in"), "."));
}
