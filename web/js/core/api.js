// The GraphQL client: every read and write of the application goes through POST /graphql
// with the access token as a bearer token, exactly as any other API client would.

import { ApiError } from "./errors.js";
import { accessToken, refresh } from "./session.js";

export { ApiError } from "./errors.js";

let clockOffsetMs = 0;
let onSignedOut = () => {};

/** The server's clock as the browser sees it (from the Date header of the last answer). */
export function serverNow() {
  return Date.now() + clockOffsetMs;
}

/** Called when the session ends under a request (the refresh token was refused). */
export function setSignedOutHandler(fn) {
  onSignedOut = fn;
}

async function post(query, variables, signal) {
  const headers = { "Content-Type": "application/json" };
  const token = accessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      signal,
      credentials: "omit",
    });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError("The server cannot be reached. Check your connection and try again.", "NETWORK");
  }
  const date = res.headers.get("Date");
  if (date) {
    const t = Date.parse(date);
    if (!Number.isNaN(t)) clockOffsetMs = t + 500 - Date.now();
  }
  const json = await res.json().catch(() => null);
  if (!json) throw new ApiError(`The server answered ${res.status}.`, "INTERNAL");
  return json;
}

/**
 * Runs a query or mutation and returns its data, or throws the first error as an ApiError
 * (with code and field). An expired access token is refreshed once, silently.
 */
export async function gql(query, variables = {}, { signal } = {}) {
  let json = await post(query, variables, signal);
  if (json.errors && json.errors.some((e) => e.extensions && e.extensions.code === "UNAUTHENTICATED")
      && accessToken()) {
    try {
      await refresh();
    } catch (e) {
      if (e.code === "UNAUTHENTICATED") onSignedOut();
      throw e;
    }
    json = await post(query, variables, signal);
  }
  if (json.errors && json.errors.length) {
    const err = ApiError.from(json.errors[0]);
    err.errors = json.errors.map(ApiError.from);
    if (err.code === "UNAUTHENTICATED") onSignedOut();
    throw err;
  }
  return json.data;
}

// Fields that arrive with an API change (issue 14: `version` on attempts and claims, sent
// back with saveAttempt/updateClaim to detect stale writes). Probed with a query that names
// the field: a schema without it refuses the query as invalid (an error without a path); a
// schema with it runs the resolver, which refuses the dummy id (an error with a path).
// Unlike introspection this works when introspection is switched off.
const PROBES = {
  Attempt: '{ attempt(id: "0") { version } }',
  Claim: '{ claim(id: "0") { version } }',
};
const ALIASES = { SaveAttemptInput: "Attempt", UpdateClaimInput: "Claim" };
const probed = new Map();

/** Whether the server's schema has `type.field` (only the probed ones: `version`). */
export function schemaHas(type, field) {
  const t = ALIASES[type] || type;
  if (field !== "version" || !PROBES[t]) return Promise.resolve(false);
  if (!probed.has(t)) {
    probed.set(t, gql(PROBES[t]).then(() => true, (e) => Boolean(e.path)));
  }
  return probed.get(t);
}
