// An attempt: the workspace while it is in progress, the score report once submitted.

import { gql, schemaHas } from "../core/api.js";
import { CASE_FIELDS } from "../features/case-doc.js";

export async function render(ctx) {
  // Both views load while the attempt does (no waterfall).
  const views = [import("../features/workspace.js"), import("../features/score-report.js")];
  const versioned = await schemaHas("Attempt", "version");
  const d = await gql(`query($id:ID!){ attempt(id:$id){
    id status startedAt savedAt submittedAt assignmentId keyVersion submission ${versioned ? "version" : ""}
    case { ${CASE_FIELDS} }
    score { percent earned possible lines { kind verdict issues submitted expected points maxPoints rationale guideline feedback credit } }
    scoreHistory { keyVersion percent reason changedAt }
    disputes { id submitted expected citation message status resolution createdAt resolvedAt } } }`, { id: ctx.params.id });
  const a = d.attempt;
  if (a.status === "IN_PROGRESS" && ctx.account.role === "TRAINEE") {
    const { workspace } = await views[0];
    return workspace(ctx, a);
  }
  const { scoreReport } = await views[1];
  return scoreReport(ctx, a);
}
