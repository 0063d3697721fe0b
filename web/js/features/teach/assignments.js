// A cohort's assignments: a table (set, mode, window, attempt limit, feedback, state) with
// Edit, Close now and Delete; "New assignment" opens a form for the set, mode, window,
// attempt limit and feedback policy. Errors show beside the field the server names.

import { h, replace } from "../../core/dom.js";
import { gql, ApiError } from "../../core/api.js";
import { when, words } from "../../core/format.js";
import { field, formAlert, clearErrors, showError, busy } from "../../ui/form.js";
import { connectionList } from "../../ui/pager.js";
import { table, badge, hidden, announce } from "../../ui/misc.js";
import { confirm, formDialog } from "../../ui/dialog.js";
import { allNodes, instant, localInput } from "./org.js";

const FIELDS = "id caseSetId mode feedbackPolicy opensAt closesAt attemptLimit";
const LIST = `query($c:ID!,$n:Int,$a:String){ cohortAssignments(cohortId:$c, first:$n, after:$a){
  totalCount pageInfo { hasNextPage endCursor } nodes { ${FIELDS} } } }`;
const SETS = `query($n:Int,$a:String){ caseSets(first:$n, after:$a){
  pageInfo { hasNextPage endCursor } nodes { id title visibility pool status cases { id } } } }`;
const POLICY = { IMMEDIATE: "Right after each submission", AFTER_CLOSE: "When the assignment closes" };

function stateOf(a) {
  const now = Date.now();
  if (now < Date.parse(a.opensAt)) return ["DRAFT", "Upcoming"];
  if (now >= Date.parse(a.closesAt)) return ["CLOSED", "Closed"];
  return ["OPEN", "Open"];
}

function setLabel(s) {
  const whose = s.visibility === "PUBLIC" ? "public library" : "your organization";
  return `${s.title} (${whose}, ${s.cases.length} case${s.cases.length === 1 ? "" : "s"}${s.pool === "ASSESSMENT" ? ", exam only" : ""})`;
}

/** The form's fields, filled from `a` (an assignment being edited) or defaults. */
function assignmentFields(form, sets, a) {
  const opens = a ? new Date(a.opensAt) : new Date();
  const closes = a ? new Date(a.closesAt) : new Date(Date.now() + 14 * 86400000);
  const set = a ? null : h("select", { name: "caseSetId", required: true },
    sets.filter((s) => s.status === "PUBLISHED").map((s) => h("option", { value: s.id }, setLabel(s))));
  const mode = h("select", { name: "mode" }, ["PRACTICE", "EXAM"].map((m) =>
    h("option", { value: m, selected: a ? a.mode === m : m === "PRACTICE" }, words(m))));
  const policy = h("select", { name: "feedbackPolicy" }, Object.entries(POLICY).map(([v, label]) =>
    h("option", { value: v, selected: a ? a.feedbackPolicy === v : v === "IMMEDIATE" }, label)));
  const from = h("input", { type: "datetime-local", name: "opensAt", value: localInput(opens.toISOString()) });
  const to = h("input", { type: "datetime-local", name: "closesAt", value: localInput(closes.toISOString()) });
  const limit = h("input", { type: "number", name: "attemptLimit", min: "1", max: "20", value: a ? a.attemptLimit : 3, inputmode: "numeric" });
  form.append(formAlert(),
    set ? field("Case set", set, { field: "caseSetId" }) : null,
    h("div", { class: "grid-2 tight" },
      field("Mode", mode, { field: "mode", hint: "Exam mode takes a set of the assessment pool." }),
      field("Feedback (score and key)", policy, { field: "feedbackPolicy" }),
      field("Opens", from, { field: "opensAt" }),
      field("Closes", to, { field: "closesAt" }),
      field("Attempts per case", limit, { field: "attemptLimit", hint: "1 to 20" })));
  return () => {
    const n = Number(limit.value);
    return {
      ...(set ? { caseSetId: set.value } : {}),
      mode: mode.value,
      feedbackPolicy: policy.value,
      opensAt: instant(from.value),
      closesAt: instant(to.value),
      attemptLimit: Number.isInteger(n) ? n : 0,
    };
  };
}

function dialog(title, sets, a, save) {
  return formDialog({
    title,
    build(form, close) {
      const values = assignmentFields(form, sets, a);
      form.append(h("div", { class: "actions" },
        h("button", { type: "button", onClick: () => close(null) }, "Cancel"),
        h("button", { type: "submit", class: "primary" }, a ? "Save changes" : "Assign")));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        clearErrors(form);
        const v = values();
        for (const [k, label] of [["opensAt", "Opens"], ["closesAt", "Closes"]]) {
          if (!v[k]) return showError(form, new ApiError(`${label}: enter a date and time.`, "BAD_USER_INPUT", k));
        }
        try {
          close(await busy(form, () => save(v)));
        } catch (err) {
          showError(form, err);
        }
      });
    },
  });
}

/** The assignments panel of cohort `cohortId`. */
export function assignmentsPanel(cohortId) {
  const alert = formAlert();
  const body = h("div", { class: "stack" }, alert);
  let sets = [];
  const titles = () => Object.fromEntries(sets.map((s) => [s.id, s]));
  const loadSets = allNodes((n, a) => gql(SETS, { n, a }).then((d) => d.caseSets)).then((s) => (sets = s));

  async function act(work, said) {
    clearErrors(body);
    try {
      await work();
      announce(said);
      list.reload();
    } catch (err) {
      showError(body, err);
    }
  }

  const list = connectionList({
    pageSize: 10,
    noun: "assignments",
    empty: "Nothing assigned yet: assign a case set to this cohort.",
    load: async (first, after) => {
      await loadSets;
      return gql(LIST, { c: cohortId, n: first, a: after }).then((d) => d.cohortAssignments);
    },
    render: (nodes) => table(null, ["Case set", "Mode", "Window", "Attempts", "Feedback", "State", ""], nodes.map((a) => {
      const s = titles()[a.caseSetId];
      const name = s ? s.title : `Case set ${a.caseSetId}`;
      const [value, label] = stateOf(a);
      return [
        s ? h("a", { href: `/library?set=${a.caseSetId}` }, name) : name,
        words(a.mode),
        h("span", { class: "nowrap" }, when(a.opensAt), " –", h("br"), when(a.closesAt)),
        String(a.attemptLimit),
        POLICY[a.feedbackPolicy] || words(a.feedbackPolicy),
        badge(value === "OPEN" ? "IN_PROGRESS" : value, label),
        h("div", { class: "row" },
          h("button", { type: "button", class: "small", onClick: async () => {
            const saved = await dialog(`Edit the assignment of ${name}`, sets, a, (v) => gql(
              `mutation($i:UpdateAssignmentInput!){ updateAssignment(input:$i){ assignment { id } } }`,
              { i: { assignmentId: a.id, ...v } }));
            if (saved) act(async () => {}, "Assignment saved.");
          } }, "Edit", hidden(` ${name}`)),
          value === "OPEN" ? h("button", { type: "button", class: "small", onClick: async () => {
            if (await confirm({ title: "Close this assignment now?", confirmLabel: "Close now",
              body: `${name} closes for the cohort now: no new attempt, drafts can no longer be submitted, and feedback held until the close is released.` })) {
              act(() => gql("mutation($i:CloseAssignmentInput!){ closeAssignment(input:$i){ assignment { id } } }", { i: { assignmentId: a.id } }), "Assignment closed.");
            }
          } }, "Close now", hidden(` ${name}`)) : null,
          h("button", { type: "button", class: "small danger", onClick: async () => {
            if (await confirm({ title: "Delete this assignment?", confirmLabel: "Delete", danger: true,
              body: `${name} is removed from the cohort with its drafts. An assignment with submitted attempts cannot be deleted: close it instead.` })) {
              act(() => gql("mutation($i:DeleteAssignmentInput!){ deleteAssignment(input:$i){ deletedAssignmentId } }", { i: { assignmentId: a.id } }), "Assignment deleted.");
            }
          } }, "Delete", hidden(` ${name}`))),
      ];
    }), { numeric: [3] }),
  });
  const create = h("button", { type: "button", class: "primary", onClick: async () => {
    await loadSets;
    const made = await dialog("Assign a case set", sets, null, (v) => gql(
      `mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id } } }`,
      { i: { cohortId, ...v } }));
    if (made) act(async () => {}, "Case set assigned.");
  } }, "New assignment");
  replace(body, alert, list);
  return h("section", { class: "panel", "aria-labelledby": "h-assignments" },
    h("div", { class: "panel-head" }, h("h2", { id: "h-assignments" }, "Assignments"), create), body);
}
