// A sitting: one item per page with a navigator and flags for review, a countdown from
// the server's deadline, answers saved as they are chosen, submit; then the report by
// section and skill.

import { h, replace, debounce } from "../core/dom.js";
import { gql } from "../core/api.js";
import { describe } from "../core/errors.js";
import { clock, percent, words, when } from "../core/format.js";
import { reload } from "../core/router.js";
import { badge, crumbs, announce, table } from "../ui/misc.js";
import { confirm } from "../ui/dialog.js";
import { barChart } from "../ui/chart.js";
import { arrayList } from "../ui/pager.js";
import { renderMarkdown } from "../features/markdown.js";
import { caseFacts, documents, isInpatient, CASE_FIELDS } from "../features/case-doc.js";
import { codingForm, toSubmission } from "../features/coding-form.js";

const ATTEMPT = `id status startedAt deadlineAt closedAt secondsLeft form { id title passPercent durationMinutes feedback }
  items { position kind section answerMode stem options { key text } caseId savedChoices saved }
  report { percent passed earned possible answered sections { name earned possible percent } skills { name earned possible percent }
    lines { position section selected answer earned rationale reference } }`;

export async function render(ctx) {
  const d = await gql(`query($id:ID!){ examAttempt(id:$id){ ${ATTEMPT} } }`, { id: ctx.params.id });
  const a = d.examAttempt;
  return a.status === "IN_PROGRESS" ? sitting(ctx, a) : report(a);
}

/** `CCS_SCENARIO` -> "Scenario", `CPC_EM` -> "E/M", `CRC_MODELS` -> "Risk adjustment models". */
export function sectionName(s) {
  const rest = String(s).replace(/^(CCS|CPC|CRC|CCA)_/, "");
  return { EM: "E/M", DX: "Diagnosis coding", PCS: "ICD-10-PCS", DRG: "MS-DRG and POA", ICD10CM: "ICD-10-CM", HCPCS: "HCPCS",
    MODELS: "Risk adjustment models", CLINICAL: "Clinical knowledge", CLASSIFICATION: "Classification systems",
    RECORDS: "Health records and data", TECHNOLOGY: "Information technology", PRIVACY: "Confidentiality and privacy" }[rest] || words(rest);
}

function flagsKey(id) {
  return `practicum-exam-flags-${id}`;
}

function sitting(ctx, a) {
  const items = a.items;
  const flags = new Set(JSON.parse(localStorage.getItem(flagsKey(a.id)) || "[]"));
  const saveFlags = () => localStorage.setItem(flagsKey(a.id), JSON.stringify([...flags]));
  let pos = Math.min(items.length, Math.max(1, Number(ctx.query.get("item")) || 1));
  const deadline = Date.now() + a.secondsLeft * 1000;

  const countdown = h("span", { class: "countdown", role: "timer", "aria-live": "off" });
  const status = h("span", { class: "save-state", role: "status" });
  const main = h("div", { class: "panel" });
  const nav = h("div", { class: "nav-grid", role: "group", "aria-label": "Questions" });
  const counts = h("p", { class: "small-print" });

  const answered = (it) => (it.kind === "QUESTION" ? it.savedChoices.length > 0 : it.saved);
  function drawNav() {
    replace(nav, items.map((it) => h("button", {
      type: "button",
      class: [answered(it) ? "answered" : "", flags.has(it.position) ? "flagged" : ""],
      "aria-current": it.position === pos ? "step" : null,
      "aria-label": `Question ${it.position}${answered(it) ? ", answered" : ", not answered"}${flags.has(it.position) ? ", flagged for review" : ""}`,
      onClick: () => go(it.position),
    }, String(it.position))));
    counts.textContent = `${items.filter(answered).length} of ${items.length} answered · ${flags.size} flagged`;
  }

  async function choose(it, choices) {
    status.textContent = "Saving…";
    try {
      const r = await gql(`mutation($i:SaveExamAnswerInput!){ saveExamAnswer(input:$i){ attempt { status } } }`,
        { i: { attemptId: a.id, position: it.position, choices } });
      it.savedChoices = choices;
      status.textContent = `Answer ${it.position} saved`;
      if (r.saveExamAnswer.attempt.status !== "IN_PROGRESS") reload();
    } catch (e) {
      status.textContent = `Not saved: ${describe(e)}`;
      if (e.code === "CONFLICT") setTimeout(reload, 1500);
    }
    drawNav();
  }

  function drawItem() {
    const it = items.find((x) => x.position === pos);
    history.replaceState(null, "", `/exams/${a.id}?item=${pos}`);
    const multi = it.answerMode === "MULTI";
    const legendId = `q-${it.position}`;
    const flag = h("input", { type: "checkbox", id: "flag", checked: flags.has(pos), onChange: (e) => {
      if (e.target.checked) flags.add(pos);
      else flags.delete(pos);
      saveFlags();
      drawNav();
    } });
    let body;
    if (it.kind === "QUESTION") {
      body = h("fieldset", { class: "question", "aria-labelledby": legendId },
        h("div", { id: legendId, class: "question-stem" }, renderMarkdown(it.stem || "")),
        multi ? h("p", { class: "hint" }, "Select all that apply.") : null,
        h("ul", { class: "options" }, it.options.map((o) => {
          const id = `opt-${it.position}-${o.key}`;
          return h("li", null, h("label", { for: id },
            h("input", { type: multi ? "checkbox" : "radio", name: `q${it.position}`, id, value: o.key,
              checked: it.savedChoices.includes(o.key), onChange: () => {
                const chosen = [...body.querySelectorAll("input:checked")].map((x) => x.value);
                choose(it, chosen);
              } }),
            h("span", null, h("span", { class: "opt-key" }, `${o.key}.`), " ", o.text)));
        })));
    } else if (it.kind === "CASE") {
      const slot = h("div", null, h("p", { class: "loading" }, "Loading the case…"));
      body = h("div", { class: "stack" }, h("p", null, "Code this case in full. Your coding is saved as you type."), slot);
      caseItem(a, it, slot, status, drawNav);
    } else {
      body = h("div", null, h("p", null, "Work this case's claim: build it, submit it and resolve what comes back. It is scored when the exam closes."),
        h("p", null, h("a", { href: `/cases/${it.caseId}#claims` }, "Open the case and its claims")));
    }
    replace(main,
      h("div", { class: "row" }, h("h2", null, `Question ${it.position} of ${items.length}`), h("span", { class: "muted" }, sectionName(it.section))),
      body,
      h("div", { class: "row" },
        h("div", { class: "field inline" }, flag, h("label", { for: "flag" }, "Flag for review")),
        h("span", { class: "spacer" }),
        h("button", { type: "button", disabled: pos === 1, onClick: () => go(pos - 1) }, "Previous"),
        h("button", { type: "button", class: "primary", disabled: pos === items.length, onClick: () => go(pos + 1) }, "Next")));
  }

  function go(p) {
    pos = p;
    drawItem();
    drawNav();
    const heading = main.querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  async function submit() {
    const unanswered = items.filter((x) => !answered(x)).length;
    const ok = await confirm({
      title: "Hand in the exam?",
      body: [h("p", null, `${items.length - unanswered} of ${items.length} answered.`),
        unanswered ? h("p", { class: "alert" }, `${unanswered} unanswered question(s) will score zero.`) : null,
        flags.size ? h("p", null, `${flags.size} question(s) still flagged for review.`) : null],
      confirmLabel: "Submit the exam",
    });
    if (!ok) return;
    try {
      await gql(`mutation($i:ExamAttemptInput!){ submitExam(input:$i){ attempt { id status } } }`, { i: { attemptId: a.id } });
      localStorage.removeItem(flagsKey(a.id));
      reload();
    } catch (e) {
      status.textContent = describe(e);
    }
  }

  const warned = new Set();
  const tick = () => {
    const left = Math.max(0, (deadline - Date.now()) / 1000);
    countdown.textContent = clock(left);
    countdown.classList.toggle("low", left < 600);
    for (const m of [10, 5, 1]) {
      if (left <= m * 60 && left > 0 && !warned.has(m)) {
        warned.add(m);
        announce(`${m} minute${m > 1 ? "s" : ""} left.`);
      }
    }
    if (left <= 0) {
      clearInterval(timer);
      announce("Time is up. The exam closed with your saved answers.");
      setTimeout(reload, 1500);
    }
  };
  const timer = setInterval(tick, 1000);
  ctx.onLeave(() => clearInterval(timer));
  tick();
  drawItem();
  drawNav();

  return h("section", { class: "page" },
    crumbs(["Exams", "/exams"], [a.form.title]),
    h("div", { class: "page-head" },
      h("h1", null, a.form.title),
      h("span", null, "Time left ", countdown),
      h("div", { class: "actions" }, status, h("button", { type: "button", class: "primary", onClick: submit }, "Submit the exam"))),
    h("div", { class: "exam" },
      main,
      h("aside", { class: "panel navigator", "aria-label": "Question navigator" },
        h("h2", null, "Questions"), counts, nav,
        h("div", { class: "legend" }, h("span", null, h("span", { class: "sw answered" }), "answered"),
          h("span", null, h("span", { class: "sw flagged" }), "flagged")),
        h("p", { class: "small-print" }, `Deadline ${when(a.deadlineAt)} (server clock).`))));
}

/** A case to code inside a sitting: its documentation and the coding form, saved as answers. */
async function caseItem(a, it, slot, status, drawNav) {
  // The API keeps the saved coding but does not send it back: this browser keeps a copy.
  const mirror = `practicum-exam-coding-${a.id}-${it.position}`;
  try {
    const d = await gql(`query($id:ID!){ case(id:$id){ ${CASE_FIELDS} } }`, { id: it.caseId });
    const c = d.case;
    const inpatient = isInpatient(c);
    const save = debounce(async (state) => {
      const coding = toSubmission(state, inpatient);
      localStorage.setItem(mirror, JSON.stringify(coding));
      status.textContent = "Saving…";
      try {
        await gql(`mutation($i:SaveExamAnswerInput!){ saveExamAnswer(input:$i){ attempt { status } } }`,
          { i: { attemptId: a.id, position: it.position, coding } });
        it.saved = true;
        status.textContent = `Answer ${it.position} saved`;
        drawNav();
      } catch (e) {
        status.textContent = `Not saved: ${describe(e)}`;
      }
    }, 1000);
    const form = codingForm({ value: JSON.parse(localStorage.getItem(mirror) || "null"), inpatient, onChange: save });
    replace(slot,
      h("div", { class: "pane doc-pane" }, h("div", { class: "pane-body", tabindex: "0", "aria-label": "Documentation (scrolls)" },
        caseFacts(c), documents(c))),
      form.el);
  } catch (e) {
    replace(slot, h("p", { class: "alert", role: "alert" }, describe(e)));
  }
}

function report(a) {
  const r = a.report;
  const head = [crumbs(["Exams", "/exams"], [a.form.title]),
    h("div", { class: "page-head" }, h("h1", null, `${a.form.title}: report`), badge(a.status))];
  if (!r) {
    return h("section", { class: "page" }, head,
      h("p", { class: "notice" }, a.form.feedback === "EMPLOYER_ONLY"
        ? "Handed in. The results go to the employer who invited you."
        : "Handed in. The report is not released yet."));
  }
  return h("section", { class: "page" }, head,
    h("dl", { class: "stats" },
      h("div", { class: "stat" }, h("dt", null, "Score"), h("dd", { class: "score-big" }, percent(r.percent, 1))),
      h("div", { class: "stat" }, h("dt", null, "Result"), h("dd", null, r.passed ? "Passed" : "Not passed")),
      h("div", { class: "stat" }, h("dt", null, "Pass mark"), h("dd", null, `${a.form.passPercent} %`)),
      h("div", { class: "stat" }, h("dt", null, "Answered"), h("dd", null, `${r.answered} of ${a.items.length}`)),
      h("div", { class: "stat" }, h("dt", null, "Closed"), h("dd", { class: "small-print" }, when(a.closedAt)))),
    h("section", { class: "panel" }, h("div", { class: "grid-2" },
      barChart("By section", r.sections.map((s) => ({ label: sectionName(s.name), value: s.percent, note: `${s.earned}/${s.possible}` }))),
      barChart("By skill", r.skills.map((s) => ({ label: words(s.name.replace(/^[A-Z]+:/, "")), value: s.percent, note: `${s.earned}/${s.possible}` }))))),
    h("section", { class: "panel", "aria-labelledby": "h-lines" }, h("h2", { id: "h-lines" }, "Question by question"),
      arrayList(r.lines, (items) => table(null, ["#", "Section", "Your answer", "Answer", "Points", "Why"], items.map((l) => [
        String(l.position), sectionName(l.section), l.selected.join(", ") || "—", l.answer.join(", "),
        h("span", null, badge(l.earned >= 1 ? "CORRECT" : l.earned > 0 ? "PARTIAL" : "MISSING", l.earned >= 1 ? "Right" : l.earned > 0 ? "Part" : "Wrong"), ` ${Number(l.earned).toFixed(2)}`),
        h("div", { class: "explain" }, l.rationale || "", l.reference ? h("div", null, h("b", null, "Reference: "), l.reference) : null),
      ])), { pageSize: 20, noun: "questions" })));
}
