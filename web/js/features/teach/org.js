// What the instructor console needs on every page: the viewer's organization, and every
// node of a connection (for short lists the page filters itself, paged again on screen).

import { gql } from "../../core/api.js";

let orgId = null;

/** The id of the signed-in account's organization (asked once per page load). */
export async function myOrganizationId() {
  if (!orgId) {
    const d = await gql("{ me { organization { id } } }");
    if (!d.me.organization) throw new Error("no organization");
    orgId = d.me.organization.id;
  }
  return orgId;
}

/**
 * Every node of a connection, 100 at a time. `load(first, after)` resolves to the
 * connection ({nodes, pageInfo}).
 */
export async function allNodes(load) {
  const out = [];
  let after = null;
  for (;;) {
    const conn = await load(100, after);
    out.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage) return out;
    after = conn.pageInfo.endCursor;
  }
}

/** A `datetime-local` value (the user's local time) as an ISO instant, or null. */
export function instant(local) {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An ISO instant as a `datetime-local` value in the user's time zone. */
export function localInput(iso) {
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
