// The code book, one keystroke away: results as you type (debounced, stale answers
// dropped), each opening the code's notes (Excludes1/2, code first, use additional code,
// code also, 7th characters) and its place in the hierarchy, with buttons to put it on the
// form. Each search's keystroke-to-results time is recorded as a `code-search`
// performance measure (`code-search-request`: from the request, after the debounce).

import { h, replace, debounce, uid } from "../core/dom.js";
import { gql } from "../core/api.js";
import { describe } from "../core/errors.js";
import { day, words } from "../core/format.js";
import { field } from "../ui/form.js";

const SYSTEMS = [
  ["", "All code sets"],
  ["ICD10CM", "ICD-10-CM"],
  ["CPT", "CPT"],
  ["HCPCS", "HCPCS Level II"],
  ["ICD10PCS", "ICD-10-PCS"],
  ["MODIFIER", "Modifiers"],
];
const SYSTEM_LABEL = { ICD10CM: "ICD-10-CM", ICD10PCS: "ICD-10-PCS", CPT: "CPT", HCPCS: "HCPCS", MODIFIER: "Modifier", POS: "POS", MSDRG: "MS-DRG" };
const NOTE_LABEL = {
  includes: "Includes", inclusionTerm: "Inclusion terms", excludes1: "Excludes1", excludes2: "Excludes2",
  codeFirst: "Code first", useAdditionalCode: "Use additional code", codeAlso: "Code also", notes: "Note",
  sevenChrNote: "7th characters",
};

const SEARCH = `query($q:String!,$s:[CodeSystem!],$d:Date,$b:Boolean,$a:String){
  searchCodes(query:$q, systems:$s, asOf:$d, billableOnly:$b, first:20, after:$a){
    totalCount pageInfo { hasNextPage endCursor } edges { matchKind matchedTerm matchedCode spelling { typed readAs } node { system code description billable titlePending } } } }`;

const DETAIL = `query($s:CodeSystem!,$c:String!,$d:Date){ code(system:$s, code:$c, asOf:$d){
  system code description billable validFrom validTo chapter block category addOn titlePending flags descriptorSource
  parent { code description } children { code description billable }
  notes { kind text refs attachedTo } ageEdit { group minAge maxAge } sexEdit } }`;

/**
 * The search panel. `asOf` is the date of service; `onPick(system, code)` puts a code on
 * the form (given `targets`: which systems each button accepts).
 */
export function codeSearch({ asOf, onPick, systems = SYSTEMS }) {
  const input = h("input", { type: "search", name: "code-search", autocomplete: "off", spellcheck: "false",
    placeholder: "Words or a code: “type 2 diabetes ckd”, “E11.2”, “lap chole”" });
  const system = h("select", { name: "code-system" }, systems.map(([v, l]) => h("option", { value: v }, l)));
  const billable = h("input", { type: "checkbox", name: "billable-only", id: uid("cb") });
  const listId = uid("results");
  input.setAttribute("aria-controls", listId);
  const status = h("p", { class: "small-print", "aria-live": "polite" });
  const results = h("div", { class: "search-results", id: listId });
  const detail = h("div", { class: "code-detail-slot" });
  let controller = null;
  let started = 0;
  let seq = 0;

  const run = debounce((after = null) => search(after), 120);

  async function search(after) {
    const q = input.value.trim();
    const mine = ++seq;
    if (controller) controller.abort();
    if (q.length < 1) {
      replace(results);
      status.textContent = "";
      return;
    }
    controller = new AbortController();
    const asked = performance.now();
    try {
      const d = await gql(SEARCH, { q, s: system.value ? [system.value] : null, d: asOf, b: billable.checked || null, a: after },
        { signal: controller.signal });
      if (mine !== seq) return;
      draw(d.searchCodes, after);
      if (!after && started) {
        // From the keystroke (the debounce included), and from the request alone.
        performance.measure("code-search", { start: started, end: performance.now() });
        performance.measure("code-search-request", { start: asked, end: performance.now() });
        started = 0;
      }
    } catch (e) {
      if (e.name === "AbortError" || mine !== seq) return;
      replace(results);
      status.textContent = describe(e);
    }
  }

  function draw(conn, after) {
    const items = conn.edges.map((e) => h("li", null, h("button", {
      type: "button", class: "result", "aria-pressed": "false",
      dataset: { system: e.node.system, code: e.node.code },
      onClick: (ev) => open(e.node.system, e.node.code, ev.currentTarget),
      onKeydown: keyNav,
    },
    h("span", null, h("span", { class: "result-code" }, e.node.code), h("br"), h("span", { class: "result-sys" }, SYSTEM_LABEL[e.node.system] || e.node.system)),
    h("span", null, e.node.description, why(e)),
    e.node.billable ? null : h("span", { class: "badge warn" }, "Header"))));
    let ul = results.querySelector("ul");
    if (!after || !ul) {
      ul = h("ul", { "aria-label": "Search results" });
      replace(results, ul);
    }
    const more = results.querySelector(".more");
    if (more) more.remove();
    items.forEach((li) => ul.appendChild(li));
    if (conn.pageInfo.hasNextPage) {
      results.appendChild(h("div", { class: "more" }, h("button", {
        type: "button", class: "small", onClick: () => search(conn.pageInfo.endCursor),
      }, "Show more results")));
    }
    const shown = ul.children.length;
    status.textContent = conn.totalCount
      ? `${conn.totalCount} codes match; showing ${shown}. Choose one to read its notes.`
      : "No code matches. Try fewer or other words.";
  }

  function keyNav(e) {
    const buttons = [...results.querySelectorAll("button.result")];
    const i = buttons.indexOf(e.currentTarget);
    if (e.key === "ArrowDown" && i < buttons.length - 1) {
      e.preventDefault();
      buttons[i + 1].focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      (i > 0 ? buttons[i - 1] : input).focus();
    } else if (e.key === "Escape") {
      input.focus();
    }
  }

  async function open(sys, code, button) {
    for (const b of results.querySelectorAll("button.result")) b.setAttribute("aria-pressed", String(b === button));
    replace(detail, h("p", { class: "loading" }, "Opening…"));
    try {
      const d = await gql(DETAIL, { s: sys, c: code, d: asOf });
      replace(detail, d.code ? codeDetail(d.code, onPick, open) : h("p", null, "No such code on this date."));
    } catch (e) {
      replace(detail, h("p", { class: "alert", role: "alert" }, describe(e)));
    }
  }

  input.addEventListener("input", () => {
    started = performance.now();
    run();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      const first = results.querySelector("button.result");
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === "Enter") {
      e.preventDefault();
      run.flush();
    }
  });
  system.addEventListener("change", () => run());
  billable.addEventListener("change", () => run());

  const root = h("div", { class: "code-search" },
    h("div", { class: "search-box" },
      field("Search the code sets", input, { hint: `Valid on ${day(asOf)}.` }),
      field("Code set", system),
      h("div", { class: "field inline" }, billable, h("label", { for: billable.id }, "Billable only"))),
    status, results, detail);
  root.focusSearch = () => input.focus();
  root.open = (sys, code) => open(sys, code, null);
  return root;
}

/** Why a result matched, in a coder's words: the index phrase, the default, the spelling. */
function why(e) {
  const parts = [];
  const term = e.matchedTerm ? `“${e.matchedTerm}”` : "";
  switch (e.matchKind) {
    case "INCLUSION_TERM": parts.push(`Inclusion term ${term}`); break;
    case "NOTE_PHRASE": parts.push(`Named in a note: ${term}`); break;
    case "INCLUDES_NOTE": parts.push(`Includes ${term}`); break;
    case "CATEGORY_DEFAULT": parts.push(`Default code of ${e.matchedCode || "the category"}${term ? ` (${term})` : ""}`); break;
    case "REPLACEMENT": parts.push(`Replaces ${e.matchedCode}, not valid on this date`); break;
    default: break;
  }
  if (e.spelling && e.spelling.length) {
    parts.push(e.spelling.map((w) => `read “${w.typed}” as “${w.readAs}”`).join(", "));
  }
  if (e.node.titlePending) parts.push("title pending the CMS release");
  return parts.length ? [h("br"), h("span", { class: "result-why" }, parts.join(" · "))] : null;
}

function codeDetail(c, onPick, open) {
  const byKind = new Map();
  for (const n of c.notes) {
    if (!byKind.has(n.kind)) byKind.set(n.kind, []);
    byKind.get(n.kind).push(n);
  }
  const picks = onPick ? pickButtons(c, onPick) : null;
  return h("section", { class: "code-detail", "aria-label": `Code ${c.code}` },
    h("h3", null, h("span", { class: "result-code" }, c.code), " ", c.description),
    h("p", { class: "small-print" },
      `${SYSTEM_LABEL[c.system] || c.system}`,
      c.billable ? " · billable" : " · header: not billable, choose a code below it",
      c.addOn ? " · add-on code (report with its primary procedure)" : "",
      c.block ? ` · block ${c.block}` : "",
      c.category ? ` · ${c.category}` : "",
      ` · valid ${day(c.validFrom)}${c.validTo ? ` to ${day(c.validTo)}` : " onward"}`,
      c.descriptorSource === "PROJECT_SUMMARY" ? " · Practicum's own summary" : ""),
    c.ageEdit ? h("p", { class: "small-print" }, `Age edit: ${words(c.ageEdit.group)} (${c.ageEdit.minAge}–${c.ageEdit.maxAge} years).`) : null,
    c.sexEdit ? h("p", { class: "small-print" }, `Sex edit (some payers): ${words(c.sexEdit)} only.`) : null,
    picks,
    c.parent ? h("p", { class: "small-print" }, "Under ",
      h("button", { type: "button", class: "small", onClick: () => open(c.system, c.parent.code) }, c.parent.code),
      ` ${c.parent.description}`) : null,
    byKind.size ? h("ul", { class: "notes plain" }, [...byKind].map(([kind, notes]) => h("li", null,
      h("span", { class: "note-kind" }, `${NOTE_LABEL[kind] || kind}: `),
      notes.map((n, i) => [i ? " · " : "", n.text,
        n.attachedTo && n.attachedTo !== c.code ? h("span", { class: "muted" }, ` (at ${n.attachedTo})`) : null])))) : null,
    c.children.length ? h("details", { open: !c.billable },
      h("summary", null, `${c.children.length} codes below it`),
      h("ul", { class: "plain" }, c.children.slice(0, 60).map((k) => h("li", null,
        h("button", { type: "button", class: "small", onClick: () => open(c.system, k.code) }, k.code),
        ` ${k.description}`, k.billable ? "" : " (header)")))) : null);
}

function pickButtons(c, onPick) {
  const targets = {
    ICD10CM: [["DIAGNOSIS", "Add as diagnosis"]],
    CPT: [["PROCEDURE", "Add as service line"]],
    HCPCS: [["PROCEDURE", "Add as service line"]],
    ICD10PCS: [["PCS", "Add as ICD-10-PCS procedure"]],
    MODIFIER: [["MODIFIER", "Add to the last service line"]],
  }[c.system] || [];
  if (!targets.length) return null;
  return h("div", { class: "row" }, targets.map(([kind, label]) => h("button", {
    type: "button", class: "small primary", onClick: () => onPick(kind, c.system, c.code),
  }, label)));
}
