// Authoring: your organization's case sets and their cases; importing a case-set file (every
// problem shown by the path it names); cloning from the public library; publishing and
// unpublishing, with the real-data guard's findings shown before anything is published.

import { h, replace } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { words } from "../../core/format.js";
import { badge, table, hidden, announce } from "../../ui/misc.js";
import { connectionList } from "../../ui/pager.js";
import { busy } from "../../ui/form.js";
import { errorBlock } from "../../features/problems.js";
import { importPanel } from "./import.js";
import { clonePanel } from "./clone.js";
import { checkThenPublish } from "./publish.js";

const SET_FIELDS = "id slug title description visibility pool status cases { id slug title status }";

export async function render() {
  const d = await gql(`{ me { organization { id name } } }`);
  const org = d.me.organization;
  if (!org) {
    return h("section", { class: "page" }, h("div", { class: "page-head" }, h("h1", null, "Authoring")),
      h("p", { class: "notice" }, "Join an organization to author case sets."));
  }
  const sets = connectionList({
    load: (first, after) => gql(`query($f:Int,$a:String){ authoredCaseSets(first:$f, after:$a){
        totalCount pageInfo { hasNextPage endCursor } nodes { ${SET_FIELDS} } } }`, { f: first, a: after })
      .then((r) => r.authoredCaseSets),
    render: (nodes) => h("div", { class: "stack" }, nodes.map((s) => setPanel(s, () => sets.reload()))),
    pageSize: 20,
    noun: "case sets",
    empty: "Your organization has no case sets yet: import a file or clone one from the library.",
  });
  const clones = clonePanel(() => sets.first());
  const imports = importPanel(org.id, () => {
    sets.first();
    clones.refresh();
  });
  return h("section", { class: "page author" },
    h("div", { class: "page-head" }, h("h1", null, "Authoring"),
      h("span", { class: "muted" }, org.name)),
    h("div", { class: "grid-2" }, imports, clones),
    h("section", { class: "panel", "aria-labelledby": "h-sets" },
      h("h2", { id: "h-sets" }, "Your case sets"),
      sets));
}

/** One set: what it is, publish or unpublish it, and its cases with theirs. */
function setPanel(s, reload) {
  const region = h("div", { class: "findings" });
  const published = s.status === "PUBLISHED";
  const editHref = (caseId) => `/author/cases/${caseId}?set=${s.id}`;
  const caseAt = (path) => {
    const m = /^cases\[(\d+)\]/.exec(path || "");
    const c = m && s.cases[Number(m[1])];
    return c ? h("a", { href: editHref(c.id) }, " Edit ", c.title) : null;
  };
  const setButton = published
    ? h("button", { type: "button", onClick: (e) => act(e, region, reload,
      () => gql(`mutation($id:ID!){ unpublishCaseSet(input:{id:$id}){ caseSet { id } } }`, { id: s.id }),
      `“${s.title}” is a draft again.`) }, "Unpublish the set")
    : h("button", { type: "button", class: "primary", onClick: () => checkThenPublish({
      what: `the set “${s.title}”`,
      note: "Every case in it is published with it.",
      findings: () => gql(`query($id:ID!){ caseSetRealDataFindings(id:$id){ path message } }`, { id: s.id })
        .then((r) => r.caseSetRealDataFindings),
      publish: () => gql(`mutation($id:ID!){ publishCaseSet(input:{id:$id}){ caseSet { id } } }`, { id: s.id }),
      region, link: caseAt, done: reload,
    }) }, "Publish the set…");
  const caseRows = s.cases.map((c) => [
    h("a", { href: editHref(c.id) }, c.title),
    h("code", null, c.slug),
    badge(c.status),
    c.status === "PUBLISHED"
      ? h("button", { type: "button", class: "small", onClick: (e) => act(e, region, reload,
        () => gql(`mutation($id:ID!){ unpublishCase(input:{id:$id}){ case { id } } }`, { id: c.id }),
        `“${c.title}” is a draft again.`) }, "Unpublish", hidden(` ${c.title}`))
      : h("button", { type: "button", class: "small", onClick: () => checkThenPublish({
        what: `the case “${c.title}”`,
        findings: () => gql(`query($id:ID!){ caseRealDataFindings(id:$id){ path message } }`, { id: c.id })
          .then((r) => r.caseRealDataFindings),
        publish: () => gql(`mutation($id:ID!){ publishCase(input:{id:$id}){ case { id } } }`, { id: c.id }),
        region, link: () => h("a", { href: editHref(c.id) }, " Edit ", c.title), done: reload,
      }) }, "Publish…", hidden(` ${c.title}`)),
  ]);
  return h("article", { class: "set", "aria-labelledby": `set-${s.id}` },
    h("div", { class: "row" },
      h("h3", { id: `set-${s.id}`, class: "item-title" }, s.title),
      badge(s.status),
      h("span", { class: "spacer" }),
      setButton),
    h("p", { class: "item-meta" }, h("code", null, s.slug), ` · ${words(s.visibility)} · ${words(s.pool)} pool · `,
      `${s.cases.length} ${s.cases.length === 1 ? "case" : "cases"}`),
    region,
    table(null, ["Case", "Slug", "Status", ""], caseRows));
}

async function act(e, region, reload, run, said) {
  replace(region);
  try {
    await busy(e.currentTarget.closest("article"), run);
    announce(said);
    reload();
  } catch (err) {
    replace(region, errorBlock(err));
    region.firstChild.focus();
  }
}
