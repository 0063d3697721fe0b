// Start-up: restore the session of an earlier visit (the refresh cookie), draw the shell,
// start the router.

import { mountShell } from "./core/shell.js";
import { account, onSessionChange, restore } from "./core/session.js";
import { schemaHas, setSignedOutHandler } from "./core/api.js";
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
  // Learn early (off the critical path) whether the API versions attempts and claims.
  const probe = (who) => {
    if (!who) return;
    schemaHas("Attempt", "version");
    schemaHas("Claim", "version");
  };
  probe(account());
  // Signed out elsewhere (another tab, an expired login): back to the sign-in page.
  onSessionChange((who) => {
    probe(who);
    if (!who && !["/signin", "/register"].includes(location.pathname)) {
      navigate("/signin", { replace: true });
    }
  });
  await start(routes, main);
}

boot();
