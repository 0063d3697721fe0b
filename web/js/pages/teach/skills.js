// The cohort heat map: trainees down, skill tags (then code groups) across, each cell the
// trainee's accuracy with the number of scored attempts behind it. The colour repeats what
// the text says (the percent and a band word for screen readers); every cell is a link to
// the trainee's attempts, reachable with the keyboard.

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { percent } from "../../core/format.js";
import { crumbs, hidden } from "../../ui/misc.js";
import { skillName } from "../home.js";

const QUERY = `query($id:ID!){ cohort(id:$id){ id name }
  cohortSkillMatrix(cohortId:$id){ skills codeGroups weakest { name percent }
    rows { accountId displayName cells attempts groupCells groupAttempts } } }`;

/** The band of an accuracy: its colour class and its word. */
export function band(p) {
  if (p === null || p === undefined) return ["acc-none", "no scored attempt"];
  if (p >= 85) return ["acc-high", "strong"];
  if (p >= 70) return ["acc-mid", "fair"];
  return ["acc-low", "weak"];
}

export async function render(ctx) {
  const d = await gql(QUERY, { id: ctx.params.id });
  const c = d.cohort;
  const m = d.cohortSkillMatrix;
  const trainee = (r) => `/teach/trainees/${r.accountId}`;
  return h("section", { class: "page wide" },
    crumbs(["Cohorts", "/teach"], [c.name, `/teach/cohorts/${c.id}`], ["Skills"]),
    h("div", { class: "page-head" }, h("h1", null, `Skills of ${c.name}`)),
    h("p", { class: "lede" }, "Each cell is a trainee's accuracy on the lines of one skill, with the number of scored attempts behind it. Open a cell to read that trainee's attempts line by line."),
    legend(),
    m.rows.length === 0 ? h("p", { class: "empty" }, "No trainee of this cohort has a scored attempt yet.") : [
      grid("Accuracy by skill tag", "Skill", m.skills.map(skillName), m.rows, (r) => r.cells, (r) => r.attempts, trainee),
      m.codeGroups.length ? grid("Accuracy by code group", "Code group", m.codeGroups, m.rows, (r) => r.groupCells, (r) => r.groupAttempts, trainee) : null,
      m.weakest.length ? h("section", { class: "panel" }, h("h2", null, "Weakest skills of the cohort"),
        h("ol", null, m.weakest.slice(0, 5).map((w) => h("li", null, `${skillName(w.name)}: ${percent(w.percent)} on average`)))) : null,
    ]);
}

function legend() {
  const item = (cls, text) => h("li", null, h("span", { class: `swatch ${cls}`, "aria-hidden": "true" }), text);
  return h("ul", { class: "legend heat-legend", "aria-label": "Colour key" },
    item("acc-high", "85 % and over: strong"), item("acc-mid", "70–84 %: fair"),
    item("acc-low", "under 70 %: weak"), item("acc-none", "— no scored attempt"));
}

function grid(caption, corner, labels, rows, cells, counts, href) {
  const table = h("table", { class: "data heatmap" },
    h("caption", null, caption),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Trainee"),
      labels.map((l) => h("th", { scope: "col", class: "heat-label" }, l)))),
    h("tbody", null, rows.map((r) => h("tr", null,
      h("th", { scope: "row" }, h("a", { href: href(r) }, r.displayName)),
      labels.map((l, i) => cell(r, l, cells(r)[i], counts(r)[i], href(r)))))));
  return h("div", { class: "table-wrap heat-wrap" }, table,
    h("p", { class: "visually-hidden" }, `${corner}s across, trainees down.`));
}

function cell(r, label, p, n, href) {
  const [cls, word] = band(p);
  if (p === null || p === undefined) {
    return h("td", { class: `heat ${cls}` }, h("span", null, hidden(`${r.displayName}, ${label}: `), "—", hidden(` ${word}`)));
  }
  // The link's name is what it shows, with the row and column said first and the band after.
  return h("td", { class: `heat ${cls}` },
    h("a", { href, title: `${r.displayName}, ${label}: ${percent(p)} over ${n} attempt${n === 1 ? "" : "s"} (${word})` },
      hidden(`${r.displayName}, ${label}: `),
      h("span", { class: "heat-value" }, percent(p)), " ",
      h("span", { class: "heat-count" }, `n=${n}`),
      hidden(` attempt${n === 1 ? "" : "s"}, ${word}`)));
}
