// Reading the trainee's attempts (the API lists them oldest first, 100 at most a page).

import { gql } from "../core/api.js";

const NODE = "id status startedAt savedAt submittedAt assignmentId case { id title setting estimatedMinutes } score { percent }";

/** Every attempt matching a filter (status, caseId), walking the pages; oldest first. */
export async function allAttempts({ status = null, caseId = null, limitPages = 20 } = {}) {
  const out = [];
  let after = null;
  for (let i = 0; i < limitPages; i += 1) {
    const d = await gql(
      `query($a:String,$s:String,$c:ID){ myAttempts(first:100, after:$a, status:$s, caseId:$c){
        pageInfo { hasNextPage endCursor } nodes { ${NODE} } } }`,
      { a: after, s: status, c: caseId },
    );
    out.push(...d.myAttempts.nodes);
    if (!d.myAttempts.pageInfo.hasNextPage) break;
    after = d.myAttempts.pageInfo.endCursor;
  }
  return out;
}
