// The platform administrator's console: organizations, the accounts of the chosen one with
// their roles (a change takes effect on the account's next request), the code-set
// releases loaded and the payer profiles (read only).

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { day, words } from "../../core/format.js";
import { table, hidden } from "../../ui/misc.js";
import { connectionList } from "../../ui/pager.js";
import { accounts } from "./accounts.js";
import { releases, payers } from "./reference.js";

export async function render(ctx) {
  const [d, ref] = await Promise.all([
    gql("{ me { organization { id } } }"),
    gql(`{ codeSetReleases { system version effectiveDate codes billable ended } releaseFiles { name rows loadedAt }
      payers { slug name kind timelyFilingDays ptpDenialReason mueEnforced sexEdits priorAuthorization deductibleCents
        coinsurancePercent acceptsReplacementAfterDenial appealLevel appealDeadlineDays notes } }`),
  ]);
  const orgId = ctx.query.get("org") || (d.me.organization && d.me.organization.id);
  return h("section", { class: "page wide" },
    h("div", { class: "page-head" }, h("h1", null, "Administration")),
    h("nav", { class: "toc", "aria-label": "On this page" }, h("ul", { class: "inline-list" },
      [["#h-orgs", "Organizations"], ["#h-accounts", "Accounts"], ["#h-releases", "Code-set releases"], ["#h-payers", "Payers"]]
        .map(([href, label]) => h("li", null, h("a", { href }, label))))),
    h("section", { class: "panel", "aria-labelledby": "h-orgs" },
      h("h2", { id: "h-orgs" }, "Organizations"),
      connectionList({
        pageSize: 10,
        noun: "organizations",
        load: async (first, after) => (await gql(`query($n:Int,$a:String){ organizations(first:$n, after:$a){
          totalCount pageInfo { hasNextPage endCursor } nodes { id name slug kind createdAt } } }`, { n: first, a: after })).organizations,
        render: (nodes) => table(null, ["Organization", "Kind", "Slug", "Created", ""], nodes.map((o) => [
          o.name, words(o.kind), h("code", null, o.slug), day(o.createdAt),
          o.id === orgId ? h("span", { class: "muted" }, "Shown below")
            : h("a", { href: `/admin?org=${encodeURIComponent(o.id)}#h-accounts` }, "Accounts", hidden(` of ${o.name}`)),
        ])),
      })),
    orgId ? await accounts(orgId) : null,
    releases(ref.codeSetReleases, ref.releaseFiles),
    payers(ref.payers));
}
