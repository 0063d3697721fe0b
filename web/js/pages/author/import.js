// Importing a case-set file: pick a file or paste the document, import it as a draft; the
// server's problems are listed by the path each names, to fix here and import again.

import { h, replace, uid } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { field, busy } from "../../ui/form.js";
import { announce } from "../../ui/misc.js";
import { problemList, errorBlock } from "../../features/problems.js";

/** Where a JSON syntax error is, as a problem (line and column when the browser says). */
function syntaxProblem(text, e) {
  const m = /position (\d+)/.exec(e.message);
  let where = "";
  if (m && !/line \d+/.test(e.message)) {
    const before = text.slice(0, Number(m[1]));
    const line = before.split("\n").length;
    where = ` (line ${line}, column ${before.length - before.lastIndexOf("\n")})`;
  }
  return { path: "document", message: `not JSON: ${e.message}${where}` };
}

export function importPanel(organizationId, imported) {
  const file = h("input", { type: "file", accept: ".json,application/json" });
  const text = h("textarea", { rows: 10, spellcheck: "false", class: "code-text" });
  const result = h("div", { class: "import-result" });
  const form = h("form", { class: "stack", novalidate: true, onSubmit: submit },
    field("Case-set file", file, { hint: "A practicum.caseset/1 document (.json); it is read into the box below." }),
    field("Case-set document", text, { field: "document", hint: "Or paste the document here. Fix what is listed and import again." }),
    h("div", { class: "actions start" }, h("button", { type: "submit", class: "primary" }, "Import as a draft")),
    result);
  file.addEventListener("change", async () => {
    const f = file.files && file.files[0];
    if (!f) return;
    text.value = await f.text();
    replace(result, h("p", { class: "muted", role: "status" }, `Read ${f.name}: ${text.value.length.toLocaleString()} characters.`));
  });

  async function submit(e) {
    e.preventDefault();
    replace(result);
    let doc;
    try {
      doc = JSON.parse(text.value);
    } catch (err) {
      replace(result, problemList([syntaxProblem(text.value, err)], { heading: "The document is not JSON" }));
      result.firstChild.focus();
      return;
    }
    try {
      const r = await busy(form, () => gql(`mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d}){
          caseSet { id title cases { id } } } }`, { o: organizationId, d: doc }));
      const s = r.importCaseSet.caseSet;
      const said = `Imported “${s.title}” as a draft with ${s.cases.length} ${s.cases.length === 1 ? "case" : "cases"}.`;
      replace(result, h("p", { class: "success", role: "status" }, said));
      announce(said);
      imported();
    } catch (err) {
      replace(result, errorBlock(err, { intro: "Nothing was imported. Each problem names where it is in the document." }));
      result.firstChild.focus();
    }
  }
  const id = uid("h");
  return h("section", { class: "panel", "aria-labelledby": id }, h("h2", { id }, "Import a case set"), form);
}
