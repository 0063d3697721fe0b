// The case library: filter by case set, skill, setting, difficulty or words of the title;
// a page at a time.

import { h, replace, debounce } from "../core/dom.js";
import { gql } from "../core/api.js";
import { day, words } from "../core/format.js";
import { field } from "../ui/form.js";
import { connectionList, arrayList } from "../ui/pager.js";
import { skillName } from "./home.js";

export const TAGS = ["CPC:EM", "CPC:ANESTHESIA", "CPC:SURGERY_10000", "CPC:SURGERY_20000", "CPC:SURGERY_30000", "CPC:SURGERY_40000",
  "CPC:SURGERY_50000", "CPC:SURGERY_60000", "CPC:RADIOLOGY", "CPC:PATHOLOGY_LAB", "CPC:MEDICINE", "CPC:ICD10CM", "CPC:HCPCS",
  "CPC:MODIFIERS", "CPC:GUIDELINES", "CPC:COMPLIANCE", "CCS:DX_CODING", "CCS:PCS_CODING", "CCS:DRG", "CCS:POA",
  "CCS:SEQUENCING", "BILLING:CLAIMS", "BILLING:DENIALS"];
export const SETTINGS = ["OFFICE", "ED", "OUTPATIENT_HOSPITAL", "ASC", "INPATIENT", "OTHER"];
export const LEVELS = ["BEGINNER", "INTERMEDIATE", "ADVANCED"];
const CASE = "id title setting difficulty estimatedMinutes dateOfService skillTags";

function select(name, label, values, current, show = words) {
  return field(label, h("select", { name }, h("option", { value: "" }, "Any"),
    values.map((v) => h("option", { value: v, selected: v === current }, show(v)))));
}

export async function render(ctx) {
  const q = ctx.query;
  const assignment = q.get("assignment");
  const sets = await gql("{ caseSets(first: 100) { nodes { id title } } }");
  const set = select("set", "Case set", sets.caseSets.nodes.map((s) => s.id), q.get("set") || "",
    (id) => sets.caseSets.nodes.find((s) => s.id === id).title);
  const tag = select("skill", "Skill", TAGS, q.get("skill") || "", skillName);
  const setting = select("setting", "Setting", SETTINGS, q.get("setting") || "");
  const level = select("difficulty", "Difficulty", LEVELS, q.get("difficulty") || "");
  const text = h("input", { type: "search", name: "text", value: q.get("text") || "" });
  const filters = h("form", { class: "filters", role: "search", "aria-label": "Filter cases" },
    set, tag, setting, level, field("Title words", text));
  const results = h("div");

  const values = () => Object.fromEntries(new FormData(filters));
  function refresh() {
    const v = values();
    const params = new URLSearchParams(Object.entries(v).filter(([, x]) => x));
    if (assignment) params.set("assignment", assignment);
    history.replaceState(null, "", `/cases${params.toString() ? `?${params}` : ""}`);
    const suffix = assignment ? `?assignment=${encodeURIComponent(assignment)}` : "";
    const draw = (nodes) => h("div", { class: "cards" }, nodes.map((c) => card(c, suffix)));
    if (v.set) {
      // A set lists its cases in order; the other filters apply within it.
      replace(results, h("p", { class: "loading" }, "Loading…"));
      gql(`query($id:ID!){ caseSet(id:$id){ title description cases { ${CASE} } } }`, { id: v.set }).then((d) => {
        const cases = d.caseSet.cases.filter((c) => (!v.skill || c.skillTags.includes(v.skill))
          && (!v.setting || c.setting === v.setting) && (!v.difficulty || c.difficulty === v.difficulty)
          && (!v.text || c.title.toLowerCase().includes(v.text.toLowerCase())));
        replace(results, h("p", { class: "muted" }, d.caseSet.description),
          arrayList(cases, draw, { pageSize: 24, noun: "cases", empty: "No case of this set matches." }));
      });
      return;
    }
    const filter = { skillTag: v.skill || null, setting: v.setting || null, difficulty: v.difficulty || null, text: v.text || null };
    replace(results, connectionList({
      pageSize: 24,
      noun: "cases",
      empty: "No case matches these filters.",
      load: (first, after) => gql(`query($f:CaseFilterInput,$n:Int,$a:String){ cases(filter:$f, first:$n, after:$a){
        totalCount pageInfo { hasNextPage endCursor } nodes { ${CASE} } } }`, { f: filter, n: first, a: after }).then((d) => d.cases),
      render: draw,
    }));
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
    h("div", { class: "page-head" }, h("h1", null, "Cases")),
    assignment ? h("p", { class: "notice" }, "Attempts you start from here count for your assignment.") : null,
    filters, results);
}

function card(c, suffix) {
  return h("article", { class: "card" },
    h("a", { class: "item-title", href: `/cases/${c.id}${suffix}` }, c.title),
    h("div", { class: "item-meta" }, `${words(c.setting)} · ${words(c.difficulty)} · about ${c.estimatedMinutes} min · ${day(c.dateOfService)}`),
    h("div", { class: "tags" }, c.skillTags.map((t) => h("span", { class: "tag" }, skillName(t)))));
}
