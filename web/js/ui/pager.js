// Paginated lists. Connections page like the API (first/after, with a stack of cursors to
// go back); plain arrays page in the browser. Both show where you are ("21–40 of 83").

import { h, replace } from "../core/dom.js";
import { describe } from "../core/errors.js";
import { loading } from "./misc.js";

/**
 * A list over a Relay connection. `load(first, after)` resolves to the connection
 * ({nodes, pageInfo, totalCount}); `render(nodes, conn)` draws a page.
 */
export function connectionList({ load, render, pageSize = 20, noun = "items", empty = "Nothing here yet." }) {
  const body = h("div", { class: "list-body" });
  const status = h("p", { class: "pager-status", "aria-live": "polite" });
  const prev = h("button", { type: "button", class: "small", onClick: () => go(stack.length - 2) }, "Previous");
  const next = h("button", { type: "button", class: "small", onClick: () => go(stack.length) }, "Next");
  const nav = h("nav", { class: "pager", "aria-label": `Pages of ${noun}` }, prev, status, next);
  const root = h("div", { class: "paged" }, body, nav);
  // stack[i] = the `after` cursor of page i (null for the first).
  let stack = [null];
  let endCursor = null;

  async function go(index) {
    if (index < 0) return;
    if (index === stack.length) stack.push(endCursor);
    stack = stack.slice(0, index + 1);
    prev.disabled = next.disabled = true;
    replace(body, loading());
    try {
      const conn = await load(pageSize, stack[index]);
      endCursor = conn.pageInfo.endCursor;
      const from = index * pageSize + 1;
      const to = index * pageSize + conn.nodes.length;
      replace(body, conn.nodes.length ? render(conn.nodes, conn) : h("p", { class: "empty" }, empty));
      status.textContent = conn.totalCount ? `${from}–${to} of ${conn.totalCount} ${noun}` : "";
      prev.disabled = index === 0;
      next.disabled = !conn.pageInfo.hasNextPage;
      nav.hidden = conn.totalCount <= pageSize && index === 0;
    } catch (e) {
      replace(body, h("p", { class: "alert", role: "alert" }, describe(e)));
    }
  }
  root.reload = () => go(stack.length - 1);
  root.first = () => {
    stack = [null];
    return go(0);
  };
  go(0);
  return root;
}

/** A list over an array, `pageSize` at a time. */
export function arrayList(items, render, { pageSize = 25, noun = "items", empty = "Nothing here yet." } = {}) {
  const body = h("div", { class: "list-body" });
  const status = h("p", { class: "pager-status", "aria-live": "polite" });
  let page = 0;
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const prev = h("button", { type: "button", class: "small", onClick: () => go(page - 1) }, "Previous");
  const next = h("button", { type: "button", class: "small", onClick: () => go(page + 1) }, "Next");
  const nav = h("nav", { class: "pager", "aria-label": `Pages of ${noun}`, hidden: items.length <= pageSize },
    prev, status, next);
  function go(p) {
    page = Math.min(Math.max(0, p), pages - 1);
    const slice = items.slice(page * pageSize, (page + 1) * pageSize);
    replace(body, items.length ? render(slice, page * pageSize) : h("p", { class: "empty" }, empty));
    status.textContent = items.length ? `${page * pageSize + 1}–${page * pageSize + slice.length} of ${items.length} ${noun}` : "";
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  go(0);
  return h("div", { class: "paged" }, body, nav);
}
