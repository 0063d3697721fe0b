// History-API router. Routes come from ../routes.js; each page is a module loaded on first
// use (so the first visit loads only the shell and the page it opens) exporting
// `render(ctx)`, which returns the page's content. The router handles link clicks, the
// back button, sign-in guards, titles, focus (to the page heading, for screen readers) and
// page clean-up (timers, pending saves).

import { h, replace } from "./dom.js";
import { account } from "./session.js";
import { describe } from "./errors.js";

let routes = [];
let main = null;
let current = null; // { dispose: [fn], beforeLeave: [fn] }
let renderSeq = 0;

function compile(path) {
  const names = [];
  const re = path.replace(/\/:([a-zA-Z]+)/g, (_, n) => {
    names.push(n);
    return "/([^/]+)";
  });
  return { re: new RegExp(`^${re}/?$`), names };
}

export function start(table, mainEl) {
  routes = table.map((r) => ({ ...r, ...compile(r.path) }));
  main = mainEl;
  document.addEventListener("click", onClick);
  window.addEventListener("popstate", () => render());
  return render();
}

function onClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest && e.target.closest("a[href]");
  if (!a || a.target || a.hasAttribute("download")) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  if (url.pathname.startsWith("/graphql") || url.pathname.startsWith("/assets/")) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

/** Goes to a path of the application (pushes history unless `replace`). */
export async function navigate(path, { replace: rep = false } = {}) {
  if (current) {
    for (const fn of current.beforeLeave) {
      try {
        await fn();
      } catch {
        // A failed save says so on its own page; leaving is still the user's choice.
      }
    }
  }
  if (rep) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  return render();
}

/** Draws the page of the current location again. */
export function reload() {
  return render();
}

function match(pathname) {
  for (const r of routes) {
    const m = r.re.exec(pathname);
    if (m) {
      const params = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { route: r, params };
    }
  }
  return null;
}

async function render() {
  const seq = ++renderSeq;
  const startedAt = performance.now();
  if (current) current.dispose.forEach((fn) => fn());
  const page = { dispose: [], beforeLeave: [] };
  current = page;
  const found = match(location.pathname);
  if (!found) return show(seq, "Page not found", h("section", { class: "page" },
    h("h1", { tabindex: "-1" }, "Page not found"),
    h("p", null, "There is no page at this address. ", h("a", { href: "/" }, "Go to your home page"), ".")));
  const { route, params } = found;
  const who = account();
  if (route.auth !== false && !who) {
    const next = location.pathname + location.search;
    history.replaceState(null, "", `/signin?next=${encodeURIComponent(next)}`);
    return render();
  }
  if (route.auth === false && who && route.guestOnly) {
    history.replaceState(null, "", "/");
    return render();
  }
  if (route.roles && who && !route.roles.includes(who.role)) {
    return show(seq, "Not for your role", h("section", { class: "page" },
      h("h1", { tabindex: "-1" }, "Not available"),
      h("p", null, "This page is for another role. ", h("a", { href: "/" }, "Go to your home page"), ".")));
  }
  const ctx = {
    params,
    query: new URLSearchParams(location.search),
    account: who,
    onLeave: (fn) => page.dispose.push(fn),
    beforeLeave: (fn) => page.beforeLeave.push(fn),
    stale: () => seq !== renderSeq,
  };
  main.setAttribute("aria-busy", "true");
  try {
    const mod = await route.load();
    const node = await mod.render(ctx);
    show(seq, route.title, node);
    // How long the page took to open (fetching its module and data, drawing it).
    if (seq === renderSeq) performance.measure(`page ${route.path}`, { start: startedAt, end: performance.now() });
    return undefined;
  } catch (err) {
    if (seq !== renderSeq) return undefined;
    console.warn(err);
    return show(seq, "Error", h("section", { class: "page" },
      h("h1", { tabindex: "-1" }, "This page could not be opened"),
      h("p", { class: "alert", role: "alert" }, describe(err)),
      h("p", null, h("a", { href: "/" }, "Go to your home page"))));
  }
}

function show(seq, title, node) {
  if (seq !== renderSeq) return;
  main.removeAttribute("aria-busy");
  replace(main, node);
  const h1 = main.querySelector("h1");
  document.title = `${(h1 && h1.textContent.trim()) || title} · Practicum`;
  if (h1) {
    if (!h1.hasAttribute("tabindex")) h1.setAttribute("tabindex", "-1");
    h1.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
  document.dispatchEvent(new CustomEvent("practicum:navigated", { detail: location.pathname }));
}
