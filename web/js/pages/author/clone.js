// Cloning from the public library: a whole set (into your organization, as a private draft),
// or one case into one of your sets (cloned as a draft, then saved into the set).

import { h, replace, uid } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { field, busy } from "../../ui/form.js";
import { announce } from "../../ui/misc.js";
import { errorBlock } from "../../features/problems.js";

const option = (value, label) => h("option", { value }, label);

export function clonePanel(cloned) {
  const publicSet = h("select", null);
  const publicCase = h("select", null);
  const target = h("select", null);
  const result = h("div", { class: "clone-result" });
  let library = [];

  const fillCases = () => {
    const s = library.find((x) => x.id === publicSet.value);
    replace(publicCase, (s ? s.cases : []).map((c) => option(c.id, c.title)));
  };
  publicSet.addEventListener("change", fillCases);

  async function load() {
    const d = await gql(`{ caseSets(first: 100) { nodes { id title visibility status cases { id title } } }
      authoredCaseSets(first: 100) { nodes { id title } } }`);
    library = d.caseSets.nodes.filter((s) => s.visibility === "PUBLIC" && s.status === "PUBLISHED");
    const keep = publicSet.value;
    replace(publicSet, library.map((s) => option(s.id, s.title)));
    if (keep) publicSet.value = keep;
    fillCases();
    replace(target, d.authoredCaseSets.nodes.map((s) => option(s.id, s.title)));
    targetField.hidden = !d.authoredCaseSets.nodes.length;
    cloneCase.disabled = !d.authoredCaseSets.nodes.length;
  }

  const run = async (e, work) => {
    replace(result);
    try {
      const said = await busy(e.currentTarget.closest("form"), work);
      replace(result, h("p", { class: "success", role: "status" }, said));
      announce(said);
      cloned();
      await load();
    } catch (err) {
      replace(result, errorBlock(err));
      result.firstChild.focus();
    }
  };
  const cloneSet = h("button", { type: "button", onClick: (e) => run(e, async () => {
    const r = await gql(`mutation($id:ID!){ cloneCaseSet(input:{id:$id}){ caseSet { title } } }`, { id: publicSet.value });
    return `Cloned as “${r.cloneCaseSet.caseSet.title}”, a private draft of your organization.`;
  }) }, "Clone the set");
  const cloneCase = h("button", { type: "button", onClick: (e) => run(e, async () => {
    const r = await gql(`mutation($id:ID!){ cloneCase(input:{id:$id}){ case { id title } } }`, { id: publicCase.value });
    const copy = r.cloneCase.case;
    const doc = await gql(`query($id:ID!){ caseDocument(id:$id) }`, { id: copy.id });
    await gql(`mutation($s:ID!,$d:JSON!){ saveCase(input:{caseSetId:$s, document:$d}){ case { id } } }`,
      { s: target.value, d: doc.caseDocument });
    return `Cloned “${copy.title}” into “${target.selectedOptions[0].textContent}” as a draft.`;
  }) }, "Clone the case");
  const targetField = field("Into your set", target);
  const id = uid("h");
  const panel = h("section", { class: "panel", "aria-labelledby": id },
    h("h2", { id }, "Clone from the public library"),
    h("form", { class: "stack", novalidate: true, onSubmit: (e) => e.preventDefault() },
      field("Public case set", publicSet),
      h("div", { class: "actions start" }, cloneSet),
      field("Case of that set", publicCase),
      targetField,
      h("div", { class: "actions start" }, cloneCase),
      result));
  load().catch((err) => replace(result, errorBlock(err)));
  panel.refresh = () => load().catch((err) => replace(result, errorBlock(err)));
  return panel;
}
