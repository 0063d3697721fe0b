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

let features = null;
/**
 * Fields the server's schema has, for clients that must work before and after an API
 * change (e.g. `Attempt.version`). Without introspection (switched off in production)
 * every feature reads as absent.
 */
export function schemaHas(type, field) {
  if (!features) {
    const names = ["Attempt", "Claim", "SaveAttemptInput", "UpdateClaimInput"];
    const q = names.map((n, i) => `t${i}: __type(name: "${n}") { name fields { name } inputFields { name } }`).join(" ");
    features = gql(`{ ${q} }`).then(
      (d) => {
        const m = new Map();
        for (const t of Object.values(d)) {
          if (t) m.set(t.name, new Set([...(t.fields || []), ...(t.inputFields || [])].map((f) => f.name)));
        }
        return m;
      },
      () => new Map(),
    );
  }
  return features.then((m) => Boolean(m.get(type) && m.get(type).has(field)));
}
