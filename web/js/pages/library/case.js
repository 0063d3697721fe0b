// One library case for an instructor: the encounter and its documentation on one side, the
// current answer key with every line's rationale and guideline on the other. A public case's
// key is read-only here; the owner revises it.

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { when, words } from "../../core/format.js";
import { describe } from "../../core/errors.js";
import { crumbs } from "../../ui/misc.js";
import { caseFacts, documents, CASE_FIELDS } from "../../features/case-doc.js";
import { keyView } from "../../features/teach/key-view.js";
import { skillName } from "../home.js";

export async function render(ctx) {
  const id = ctx.params.id;
  const [d, keys, authored] = await Promise.all([
    gql(`query($id:ID!){ case(id:$id){ ${CASE_FIELDS} status } }`, { id }),
    gql("query($id:ID!){ answerKey(caseId:$id){ version current note createdAt key } }", { id })
      .then((r) => r.answerKey, (err) => err),
    // Answers only for a case the viewer's organization authors: then its key can be revised.
    gql("query($id:ID!){ caseRealDataFindings(id:$id){ path } }", { id }).then(() => true, () => false),
  ]);
  const c = d.case;
  const current = Array.isArray(keys) ? keys.find((k) => k.current) : null;
  return h("section", { class: "page" },
    crumbs(["Library", "/library"], [c.title]),
    h("div", { class: "page-head" }, h("h1", null, c.title),
      h("div", { class: "actions" },
        authored ? h("a", { class: "button", href: `/library/cases/${c.id}/key` }, "Revise the key") : null,
        authored ? h("a", { class: "button", href: `/author/cases/${c.id}` }, "Edit the case") : null,
        h("a", { class: "button", href: `/teach/analysis?case=${c.id}` }, "Item analysis"),
        h("a", { class: "button", href: `/cases/${c.id}` }, "Open as a trainee sees it"))),
    authored ? null : h("p", { class: "muted" }, "The key is the publishing organization's: you read it, and to change it you clone the case into your school (Authoring)."),
    h("p", { class: "item-meta" }, `${words(c.setting)} · ${words(c.difficulty)} · about ${c.estimatedMinutes} min · ${words(c.status)} · `,
      c.skillTags.map(skillName).join(", ")),
    h("div", { class: "workspace library-case" },
      h("section", { class: "pane", "aria-labelledby": "h-docs" },
        h("div", { class: "pane-head" }, h("h2", { id: "h-docs" }, "The case")),
        h("div", { class: "pane-body" }, caseFacts(c), documents(c))),
      h("section", { class: "pane", "aria-labelledby": "h-key" },
        h("div", { class: "pane-head" }, h("h2", { id: "h-key" }, "Answer key"),
          current ? h("span", { class: "muted" }, `version ${current.version} · ${when(current.createdAt)}`) : null),
        h("div", { class: "pane-body" },
          current
            ? [current.note ? h("p", { class: "hint" }, `Note of this version: ${current.note}`) : null, keyView(current.key)]
            : h("p", { class: "notice" }, Array.isArray(keys) ? "This case has no key yet." : `The key is not readable: ${describe(keys)}`)))));
}
