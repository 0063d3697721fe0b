// The frame around every page: the application's name, the navigation for the signed-in
// role, and the account menu with "Sign out".

import { h, replace } from "./dom.js";
import { account, onSessionChange, signOut } from "./session.js";
import { navigate } from "./router.js";
import { words } from "./format.js";

let navItems = [];
let bar = null;

export function mountShell(topbar, items) {
  bar = topbar;
  navItems = items;
  onSessionChange(draw);
  document.addEventListener("practicum:navigated", markCurrent);
  draw();
}

function draw() {
  const who = account();
  const brand = h("a", { class: "brand", href: "/" }, h("span", { class: "logo", "aria-hidden": "true" }, "P"), "Practicum");
  if (!who) {
    replace(bar, brand);
    return;
  }
  const links = navItems.filter((n) => n.roles.includes(who.role))
    .map((n) => h("li", null, h("a", { href: n.href }, n.label)));
  const out = h("button", {
    type: "button", class: "link-button", onClick: async () => {
      await signOut().catch(() => {});
      navigate("/signin", { replace: true });
    },
  }, "Sign out");
  replace(bar,
    brand,
    h("nav", { class: "mainnav", "aria-label": "Main" }, h("ul", null, links)),
    h("div", { class: "who" },
      h("span", { class: "who-name" }, who.displayName),
      h("span", { class: "who-role" }, words(who.role)),
      out));
  markCurrent();
}

function markCurrent() {
  if (!bar) return;
  const path = location.pathname;
  for (const a of bar.querySelectorAll(".mainnav a")) {
    const href = a.getAttribute("href");
    const here = href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`)
      || (href === "/cases" && path.startsWith("/attempts/"))
      || (href === "/billing" && path.startsWith("/accounts/"));
    if (here) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}
