// Home: assignments with due dates and status, drafts to continue, recent scores, and
// progress by skill as a chart.

import { h } from "../core/dom.js";
import { gql } from "../core/api.js";
import { day, when, percent, words } from "../core/format.js";
import { badge, table, hidden } from "../ui/misc.js";
import { barChart, trendChart } from "../ui/chart.js";
import { arrayList } from "../ui/pager.js";
import { allAttempts } from "../features/attempts.js";

export async function render(ctx) {
  if (ctx.account.role !== "TRAINEE") return staffHome(ctx);
  const [d, drafts, scored] = await Promise.all([
    gql(`{ me { displayName organization { name } }
      myAssignments { id caseSetId mode feedbackPolicy opensAt closesAt attemptLimit }
      myProgress { attempts averagePercent averageMinutes trend bySkill { label attempts percent } byCodeGroup { label attempts percent } }
      myExamHistory { id status closedAt form { title } report { percent passed } } }`),
    allAttempts({ status: "IN_PROGRESS" }),
    allAttempts({ status: "SUBMITTED" }),
  ]);
  const sets = await assignmentSets(d.myAssignments);
  const p = d.myProgress;
  return h("section", { class: "page" },
    h("div", { class: "page-head" },
      h("h1", null, `Welcome, ${d.me.displayName}`),
      d.me.organization ? h("span", { class: "muted" }, d.me.organization.name) : null,
      h("div", { class: "actions" }, h("a", { class: "button primary", href: "/cases" }, "Find a case to code"))),
    h("dl", { class: "stats" },
      stat("Cases scored", p.attempts),
      stat("Average score", p.attempts ? percent(p.averagePercent) : "—"),
      stat("Minutes per case", p.attempts ? p.averageMinutes.toFixed(0) : "—"),
      stat("Drafts open", drafts.length)),
    h("div", { class: "grid-2" },
      h("section", { class: "panel", "aria-labelledby": "h-assign" },
        h("h2", { id: "h-assign" }, "My assignments"),
        assignments(d.myAssignments, sets, [...drafts, ...scored])),
      h("section", { class: "panel", "aria-labelledby": "h-drafts" },
        h("h2", { id: "h-drafts" }, "Drafts to continue"),
        arrayList([...drafts].reverse(), (items) => h("ul", { class: "plain" }, items.map((a) =>
          h("li", null,
            h("a", { class: "item-title", href: `/attempts/${a.id}` }, a.case.title),
            h("div", { class: "item-meta" }, `Started ${when(a.startedAt)} · last saved ${when(a.savedAt)}`)))),
        { pageSize: 5, noun: "drafts", empty: "No drafts: every case you started is submitted." }))),
    h("section", { class: "panel", "aria-labelledby": "h-progress" },
      h("h2", { id: "h-progress" }, "Progress by skill"),
      p.bySkill.length
        ? h("div", { class: "grid-2" },
          barChart("Accuracy by skill", p.bySkill.map((r) => ({ label: skillName(r.label), value: r.percent, note: r.attempts }))),
          h("div", null,
            p.trend.length > 1 ? trendChart("Your last scores (dashed line: 70 %)", p.trend) : null,
            p.byCodeGroup.length
              ? barChart("Accuracy by code group", p.byCodeGroup.slice(0, 8).map((r) => ({ label: r.label, value: r.percent, note: r.attempts })), { labelWidth: 230 })
              : null))
        : h("p", { class: "empty" }, "Your accuracy by skill appears here once you submit a case.")),
    h("section", { class: "panel", "aria-labelledby": "h-recent" },
      h("h2", { id: "h-recent" }, "Recent scores"),
      arrayList([...scored].reverse(), (items) => table(null, ["Case", "Submitted", "Score", ""],
        items.map((a) => [
          a.case.title,
          when(a.submittedAt),
          a.score ? percent(a.score.percent) : h("span", { class: "muted" }, "After the assignment closes"),
          h("a", { href: `/attempts/${a.id}` }, "Report", hidden(`: ${a.case.title}`)),
        ]), { numeric: [2] }), { pageSize: 5, noun: "scored attempts", empty: "No scores yet." })),
    d.myExamHistory.length ? h("section", { class: "panel", "aria-labelledby": "h-exams" },
      h("h2", { id: "h-exams" }, "Exams"),
      arrayList(d.myExamHistory, (items) => table(null, ["Exam", "Status", "Closed", "Score", ""], items.map((x) => [
        x.form.title, badge(x.status), when(x.closedAt),
        x.report ? `${percent(x.report.percent)} · ${x.report.passed ? "passed" : "not passed"}` : "—",
        h("a", { href: `/exams/${x.id}` }, "Open", hidden(` the ${x.form.title}`)),
      ]), { numeric: [3] }), { pageSize: 5, noun: "sittings" })) : null);
}

function stat(label, value) {
  return h("div", { class: "stat" }, h("dt", null, label), h("dd", null, String(value)));
}

async function assignmentSets(list) {
  if (!list.length) return {};
  const ids = [...new Set(list.map((a) => a.caseSetId))];
  const q = ids.map((id, i) => `s${i}: caseSet(id: "${Number(id)}") { id title cases { id } }`).join(" ");
  const d = await gql(`{ ${q} }`);
  return Object.fromEntries(Object.values(d).map((s) => [s.id, s]));
}

function assignments(list, sets, attempts) {
  const now = Date.now();
  if (!list.length) return h("p", { class: "empty" }, "No assignments. When your instructor assigns a case set, it appears here with its due date.");
  return arrayList(list, (items) => h("ul", { class: "plain" }, items.map((a) => {
    const set = sets[a.caseSetId];
    const opens = Date.parse(a.opensAt);
    const closes = Date.parse(a.closesAt);
    const state = now < opens ? "UPCOMING" : now >= closes ? "CLOSED" : "OPEN";
    const cases = set ? set.cases.map((c) => c.id) : [];
    const submitted = new Set(attempts.filter((t) => t.assignmentId === a.id && t.status === "SUBMITTED").map((t) => t.case.id));
    const done = cases.filter((c) => submitted.has(c)).length;
    return h("li", null,
      h("div", { class: "row" },
        h("a", { class: "item-title", href: `/cases?set=${a.caseSetId}&assignment=${a.id}` }, set ? set.title : `Case set ${a.caseSetId}`),
        badge(state === "OPEN" ? "IN_PROGRESS" : state === "CLOSED" ? "CLOSED" : "DRAFT", words(state))),
      h("div", { class: "item-meta" },
        state === "UPCOMING" ? `Opens ${when(a.opensAt)}` : `Due ${when(a.closesAt)}`,
        ` · ${done} of ${cases.length} cases submitted · ${words(a.mode)} · feedback ${a.feedbackPolicy === "IMMEDIATE" ? "right away" : "after it closes"}`));
  })), { pageSize: 5, noun: "assignments" });
}

const SKILL = {
  EM: "E/M", ICD10CM: "ICD-10-CM", HCPCS: "HCPCS", DX_CODING: "diagnosis coding", PCS_CODING: "ICD-10-PCS",
  DRG: "MS-DRG", POA: "POA", PATHOLOGY_LAB: "pathology and lab",
};

/** `CPC:SURGERY_20000` -> "CPC · surgery 20000", `CCS:DRG` -> "CCS · MS-DRG". */
export function skillName(tag) {
  const [exam, rest] = tag.includes(":") ? tag.split(":") : ["", tag];
  const name = SKILL[rest] || words(rest).toLowerCase();
  return exam ? `${exam} · ${name}` : name;
}

// Where each staff role works: the consoles, with what each is for.
const CONSOLES = [
  { href: "/teach", label: "Cohorts", roles: ["INSTRUCTOR", "ADMIN"], what: "Your cohorts, their members and invitations, assignments, and each cohort's skill heat map." },
  { href: "/library", label: "Library", roles: ["INSTRUCTOR", "ADMIN"], what: "Public and own case sets by skill, setting and difficulty; each case beside its answer key." },
  { href: "/author", label: "Authoring", roles: ["INSTRUCTOR", "ADMIN"], what: "Import a case-set file, edit a case, clone from the library, publish." },
  { href: "/teach/disputes", label: "Disputes", roles: ["INSTRUCTOR", "ADMIN"], what: "Trainees' disputes of scored lines: accept with credit or reject with a reason." },
  { href: "/teach/analysis", label: "Item analysis", roles: ["INSTRUCTOR", "EMPLOYER", "ADMIN"], what: "How a case's lines or an exam form's items perform, and likely key errors." },
  { href: "/employer", label: "Assessments", roles: ["EMPLOYER"], what: "Build an assessment, invite candidates, compare them and download the results." },
  { href: "/admin", label: "Administration", roles: ["ADMIN"], what: "Organizations, accounts and roles, code-set releases, payer profiles." },
];

function staffHome(ctx) {
  const mine = CONSOLES.filter((c) => c.roles.includes(ctx.account.role));
  return h("section", { class: "page" },
    h("h1", null, `Welcome, ${ctx.account.displayName}`),
    h("p", null, `You are signed in as ${words(ctx.account.role).toLowerCase()}. Your consoles:`),
    h("ul", { class: "console-list" }, mine.map((c) => h("li", null,
      h("a", { href: c.href }, c.label), h("span", { class: "muted" }, ` ${c.what}`)))),
    h("p", null, "You can also browse the ", h("a", { href: "/cases" }, "cases"), " as a trainee sees them and use the API in ",
      h("a", { href: "/graphql" }, "GraphiQL"), "."),
    h("p", { class: "small-print" }, `Signed in on ${day(new Date().toISOString())}.`));
}
