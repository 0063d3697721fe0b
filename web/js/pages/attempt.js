// An attempt: the workspace while it is in progress, the score report once submitted.

import { gql, schemaHas } from "../core/api.js";
import { CASE_FIELDS } from "../features/case-doc.js";

export async function render(ctx) {
  const versioned = await schemaHas("Attempt", "version");
  const d = await gql(`query($id:ID!){ attempt(id:$id){
    id status startedAt savedAt submittedAt assignmentId keyVersion submission ${versioned ? "version" : ""}
    case { ${CASE_FIELDS} }
    score { percent earned possible lines { kind verdict issues submitted expected points maxPoints rationale guideline feedback credit } }
    scoreHistory { keyVersion percent reason changedAt }
    disputes { id submitted expected citation message status resolution createdAt resolvedAt } } }`, { id: ctx.params.id });
  const a = d.attempt;
  if (a.status === "IN_PROGRESS" && ctx.account.role === "TRAINEE") {
    const { workspace } = await import("../features/workspace.js");
    return workspace(ctx, a);
  }
  const { scoreReport } = await import("../features/score-report.js");
  return scoreReport(ctx, a);
}
