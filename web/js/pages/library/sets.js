// The library for instructors: the public library's case sets and the organization's own,
// filtered by skill tag and title words (by the API) and by setting and difficulty (on the
// sets' cases); each set opens to its matching cases, each case to its documents and key.

import { h, replace, debounce } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { words } from "../../core/format.js";
import { field } from "../../ui/form.js";
import { arrayList } from "../../ui/pager.js";
import { badge, loading } from "../../ui/misc.js";
import { allNodes } from "../../features/teach/org.js";
import { TAGS, SETTINGS, LEVELS } from "../cases.js";
import { skillName } from "../home.js";

const SETS = `query($t:String,$s:String,$n:Int,$a:String){ caseSets(text:$t, skillTag:$s, first:$n, after:$a){
  pageInfo { hasNextPage endCursor }
  nodes { id title description visibility pool status
    cases { id title setting difficulty estimatedMinutes skillTags status } } } }`;
const WHOSE = [["", "Any"], ["PUBLIC", "The public library"], ["OWN", "Your organization"]];

function select(name, label, values, current, show = words) {
  return field(label, h("select", { name }, h("option", { value: "" }, "Any"),
    values.map((v) => h("option", { value: v, selected: v === current }, show(v)))));
}

export async function render(ctx) {
  const q = ctx.query;
  const whose = field("Whose", h("select", { name: "whose" },
    WHOSE.map(([v, label]) => h("option", { value: v, selected: v === (q.get("whose") || "") }, label))));
  const text = h("input", { type: "search", name: "text", value: q.get("text") || "" });
  const filters = h("form", { class: "filters", role: "search", "aria-label": "Filter the library" },
    whose,
    select("skill", "Skill", TAGS, q.get("skill") || "", skillName),
    select("setting", "Setting", SETTINGS, q.get("setting") || ""),
    select("difficulty", "Difficulty", LEVELS, q.get("difficulty") || ""),
    field("Set title words", text));
  const results = h("div", { "aria-live": "polite" });
  const openSet = q.get("set");
  let seq = 0;

  async function refresh() {
    const v = Object.fromEntries(new FormData(filters));
    const params = new URLSearchParams(Object.entries(v).filter(([, x]) => x));
    history.replaceState(null, "", `/library${params.toString() ? `?${params}` : ""}`);
    const mine = ++seq;
    replace(results, loading());
    const sets = await allNodes((n, a) => gql(SETS, { t: v.text || null, s: v.skill || null, n, a }).then((d) => d.caseSets));
    if (mine !== seq) return;
    const fits = (c) => (!v.skill || c.skillTags.includes(v.skill)) && (!v.setting || c.setting === v.setting)
      && (!v.difficulty || c.difficulty === v.difficulty);
    const shown = sets
      .filter((s) => !v.whose || (v.whose === "PUBLIC") === (s.visibility === "PUBLIC"))
      .map((s) => ({ ...s, matching: s.cases.filter(fits) }))
      .filter((s) => s.matching.length || !(v.skill || v.setting || v.difficulty));
    // A filter on the cases opens every set to the cases it kept.
    const filtered = Boolean(v.skill || v.setting || v.difficulty);
    replace(results, arrayList(shown, (items) => h("div", { class: "stack" }, items.map((s) => setCard(s, filtered || s.id === openSet))),
      { pageSize: 10, noun: "case sets", empty: "No case set matches these filters." }));
  }
  filters.addEventListener("change", refresh);
  const typed = debounce(refresh, 300);
  text.addEventListener("input", typed);
  filters.addEventListener("submit", (e) => {
    e.preventDefault();
    typed.flush();
  });
  refresh();
  return h("section", { class: "page" },
    h("div", { class: "page-head" }, h("h1", null, "Library"),
      h("div", { class: "actions" }, h("a", { class: "button", href: "/teach" }, "Your cohorts"))),
    h("p", { class: "hint" }, "The public library and your organization's case sets. Open a case to read its documentation beside its answer key; assign a set from a cohort's page."),
    filters, results);
}

function setCard(s, open) {
  const all = s.cases.length;
  const n = s.matching.length;
  return h("article", { class: "panel set-card" },
    h("div", { class: "row" },
      h("h2", { class: "set-title" }, s.title),
      badge(s.visibility === "PUBLIC" ? "OPEN" : "NOT_STARTED", s.visibility === "PUBLIC" ? "Public library" : "Your organization"),
      s.pool === "ASSESSMENT" ? badge("WRONG_SEQUENCE", "Assessment pool") : null,
      s.status === "DRAFT" ? badge("DRAFT") : null),
    s.description ? h("p", { class: "muted" }, s.description) : null,
    h("details", { open },
      h("summary", null, n === all ? `${all} case${all === 1 ? "" : "s"}` : `${n} of ${all} cases match`),
      h("ul", { class: "plain" }, s.matching.map((c) => h("li", null,
        h("a", { class: "item-title", href: `/library/cases/${c.id}` }, c.title),
        h("div", { class: "item-meta" }, `${words(c.setting)} · ${words(c.difficulty)} · about ${c.estimatedMinutes} min`,
          c.status === "DRAFT" ? " · draft" : ""),
        h("div", { class: "tags" }, c.skillTags.map((t) => h("span", { class: "tag" }, skillName(t)))))))));
}
