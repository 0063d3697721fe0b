// Start-up: restore the session of an earlier visit (the refresh cookie), draw the shell,
// start the router.

import { mountShell } from "./core/shell.js";
import { onSessionChange, restore } from "./core/session.js";
import { setSignedOutHandler } from "./core/api.js";
import { navigate, start } from "./core/router.js";
import { routes, nav } from "./routes.js";
import { h, replace } from "./core/dom.js";
import { describe } from "./core/errors.js";

const main = document.getElementById("main");

setSignedOutHandler(() => {
  if (location.pathname !== "/signin") {
    navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}&expired=1`, { replace: true });
  }
});

async function boot() {
  try {
    await restore();
  } catch (e) {
    replace(main, h("section", { class: "page" }, h("h1", null, "Practicum cannot start"),
      h("p", { class: "alert", role: "alert" }, describe(e))));
    return;
  }
  mountShell(document.getElementById("topbar"), nav);
  // Signed out elsewhere (another tab, an expired login): back to the sign-in page.
  onSessionChange((who) => {
    if (!who && !["/signin", "/register"].includes(location.pathname)) {
      navigate("/signin", { replace: true });
    }
  });
  await start(routes, main);
}

boot();
