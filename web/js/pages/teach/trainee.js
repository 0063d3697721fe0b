// A trainee's attempts (practice and assigned), newest page first as the API gives them;
// each submitted one opens its line-by-line report, where lines can be credited.

import { h } from "../../core/dom.js";
import { gql } from "../../core/api.js";
import { when, percent, words } from "../../core/format.js";
import { badge, crumbs, table, hidden } from "../../ui/misc.js";
import { connectionList } from "../../ui/pager.js";

const QUERY = `query($id:ID!,$first:Int,$after:String){ traineeAttempts(traineeId:$id, first:$first, after:$after){
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id status trainee { displayName } case { id title } assignmentId startedAt submittedAt percent } } }`;

export async function render(ctx) {
  const first = await gql(QUERY, { id: ctx.params.id, first: 1 });
  const who = first.traineeAttempts.nodes[0];
  const name = who ? who.trainee.displayName : "Trainee";
  const list = connectionList({
    noun: "attempts",
    empty: "No attempts yet.",
    load: (n, after) => gql(QUERY, { id: ctx.params.id, first: n, after }).then((d) => d.traineeAttempts),
    render: (nodes) => table(`Attempts of ${name}`, ["Case", "Status", "Kind", "Submitted", "Score", "Report"],
      nodes.map((a) => [
        a.case.title,
        badge(a.status),
        a.assignmentId ? "Assigned" : "Practice",
        when(a.submittedAt),
        percent(a.percent, 1),
        a.status === "SUBMITTED"
          ? h("a", { href: `/teach/attempts/${a.id}?trainee=${ctx.params.id}` }, "Open report", hidden(` of ${a.case.title}, ${when(a.submittedAt)}`))
          : h("span", { class: "muted" }, words("in progress")),
      ]), { numeric: [4] }),
  });
  return h("section", { class: "page" },
    crumbs(["Cohorts", "/teach"], [name]),
    h("div", { class: "page-head" }, h("h1", null, `Attempts of ${name}`)),
    list);
}
