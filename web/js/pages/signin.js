// Sign in with e-mail and password. A wrong password and a throttled account each get a
// message that says what to do.

import { h } from "../core/dom.js";
import { signIn } from "../core/session.js";
import { navigate } from "../core/router.js";
import { field, formAlert, clearErrors, showError, busy } from "../ui/form.js";

export function safeNext(query) {
  const next = query.get("next") || "/";
  // Only paths of this application, never another site.
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function render(ctx) {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const alert = formAlert();
  const form = h("form", { class: "stack", novalidate: true },
    alert,
    field("E-mail", email, { field: "email" }),
    field("Password", password, { field: "password" }),
    h("button", { type: "submit", class: "primary" }, "Sign in"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!email.value.trim() || !password.value) {
      showError(form, { message: "Enter your e-mail and password.", code: "BAD_USER_INPUT", field: !email.value.trim() ? "email" : "password" });
      return;
    }
    try {
      await busy(form, () => signIn(email.value.trim(), password.value));
      navigate(safeNext(ctx.query), { replace: true });
    } catch (err) {
      if (err.code === "UNAUTHENTICATED") {
        err.message = "That e-mail and password do not match an account. Check them and try again.";
        err.field = "password";
        password.value = "";
      }
      showError(form, err);
    }
  });
  const expired = ctx.query.get("expired")
    ? h("p", { class: "notice", role: "status" }, "Your session ended. Sign in again to continue where you were.")
    : null;
  return h("section", { class: "page narrow auth" },
    h("h1", null, "Sign in to Practicum"),
    h("p", { class: "lede" }, "Practise coding and billing on simulated patients."),
    expired,
    form,
    h("p", null, "Have an invitation code? ", h("a", { href: "/register" }, "Create your account"), "."));
}
