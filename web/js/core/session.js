// The signed-in session. The refresh token never reaches this code: the server keeps it
// in an HttpOnly cookie sent only to /app/session (see src/web/session.rs). Here we hold
// the short-lived access token in memory, refresh it shortly before it expires, and
// coordinate tabs: one refresh at a time across tabs (Web Locks), and signing out in one
// tab signs out the others (BroadcastChannel).

import { ApiError } from "./errors.js";

let state = { accessToken: null, expiresAt: 0, account: null };
let refreshTimer = null;
let inflight = null;
const listeners = new Set();
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("practicum-session") : null;

if (channel) {
  channel.onmessage = (e) => {
    if (e.data === "signed-out") drop();
  };
}

function csrfToken() {
  for (const part of document.cookie.split(";")) {
    const [k, v] = part.trim().split("=");
    if (k === "practicum_csrf") return v;
  }
  return "";
}

async function call(path, body) {
  let res;
  try {
    res = await fetch(`/app/session/${path}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: body ? JSON.stringify(body) : "{}",
    });
  } catch {
    throw new ApiError("The server cannot be reached. Check your connection and try again.", "NETWORK");
  }
  const json = await res.json().catch(() => ({}));
  if (json.errors && json.errors.length) throw ApiError.from(json.errors[0]);
  if (!res.ok || !json.data) throw new ApiError(`The server answered ${res.status}.`, "INTERNAL");
  return json.data;
}

function adopt(data) {
  state = {
    accessToken: data.accessToken,
    expiresAt: Date.now() + data.expiresIn * 1000,
    account: data.account,
  };
  clearTimeout(refreshTimer);
  // Refresh a minute before expiry (at least 10 s from now).
  const wait = Math.max(10, data.expiresIn - 60) * 1000;
  refreshTimer = setTimeout(() => refresh().catch(() => {}), wait);
  notify();
  return state.account;
}

function drop() {
  clearTimeout(refreshTimer);
  const was = state.account;
  state = { accessToken: null, expiresAt: 0, account: null };
  if (was) notify();
}

function notify() {
  for (const fn of listeners) fn(state.account);
}

/** Calls fn(account or null) whenever the session starts or ends. */
export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function account() {
  return state.account;
}

export function accessToken() {
  return state.accessToken;
}

export async function signIn(email, password) {
  return adopt(await call("login", { email, password }));
}

export async function register(input) {
  return adopt(await call("register", input));
}

/**
 * Trades the refresh cookie for a new access token. Concurrent callers share one request;
 * tabs take turns (each refresh rotates the cookie, and a rotated token presented twice
 * would end the login).
 */
export function refresh() {
  if (!inflight) {
    const run = () => call("refresh").then(adopt, (e) => {
      if (e.code === "UNAUTHENTICATED") drop();
      throw e;
    });
    const locked = navigator.locks ? navigator.locks.request("practicum-refresh", run) : run();
    inflight = locked.finally(() => {
      inflight = null;
    });
  }
  return inflight;
}

/** At start-up: the session of an earlier visit, if its cookie is still good. */
export async function restore() {
  try {
    return await refresh();
  } catch (e) {
    if (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN") return null;
    throw e;
  }
}

export async function signOut() {
  try {
    await call("logout");
  } finally {
    drop();
    if (channel) channel.postMessage("signed-out");
  }
}
