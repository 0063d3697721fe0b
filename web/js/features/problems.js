// Problems the server found in a document (an import, a saved case, the real-data guard),
// each shown next to the path it names: `cases[1].key.diagnoses[0].code` — message.

import { h } from "../core/dom.js";
import { describe } from "../core/errors.js";

/** The problems an ApiError carries (`extensions.problems`, else its one field). */
export function problemsOf(err) {
  const x = (err && err.extensions) || {};
  if (Array.isArray(x.problems) && x.problems.length) return x.problems;
  if (err && err.field) return [{ path: err.field, message: err.message }];
  return [];
}

/**
 * A list of problems by path, under a heading that says how many and the error code.
 * `intro` (text) goes first; `link(path)` may return a node added after a problem.
 */
export function problemList(problems, { heading, code, intro, link } = {}) {
  return h("div", { class: "problems", role: "alert", tabindex: "-1" },
    h("p", { class: "problems-head" },
      h("strong", null, heading || `${problems.length} ${problems.length === 1 ? "problem" : "problems"}`),
      code ? h("span", { class: "muted" }, ` (${code})`) : null),
    intro ? h("p", null, intro) : null,
    h("ol", { class: "problem-list" }, problems.map((p) => h("li", null,
      h("code", { class: "problem-path" }, p.path || "document"),
      h("span", { class: "problem-message" }, p.message),
      link ? link(p.path) : null))));
}

/** What to show for an error: the problem list when it names paths, else its message. */
export function errorBlock(err, opts = {}) {
  const problems = problemsOf(err);
  if (problems.length) return problemList(problems, { code: err.code, ...opts });
  return h("p", { class: "alert", role: "alert", tabindex: "-1" }, describe(err));
}
