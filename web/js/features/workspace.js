// The case workspace: the documentation beside the coding form, the code book above the
// form, validation as you type, drafts saved automatically, a timer on the server's clock,
// and submit with a confirmation.

import { h, replace, debounce } from "../core/dom.js";
import { gql, schemaHas, serverNow } from "../core/api.js";
import { describe } from "../core/errors.js";
import { clock, when } from "../core/format.js";
import { navigate, reload } from "../core/router.js";
import { confirm } from "../ui/dialog.js";
import { announce, crumbs } from "../ui/misc.js";
import { clearErrors, showError } from "../ui/form.js";
import { caseFacts, documents, isInpatient, patientAge } from "./case-doc.js";
import { codeSearch } from "./code-search.js";
import { codingForm, toSubmission } from "./coding-form.js";
import { validateForm } from "./validation.js";

export async function workspace(ctx, attempt) {
  const c = attempt.case;
  const inpatient = isInpatient(c);
  const age = patientAge(c);
  const versioned = await schemaHas("SaveAttemptInput", "version");
  let version = attempt.version ?? null;
  let dirty = false;
  let saving = null;
  let lastSent = JSON.stringify(attempt.submission || {});

  const saveState = h("span", { class: "save-state", role: "status" }, `Saved ${when(attempt.savedAt)}`);
  const timer = h("span", { class: "timer", "aria-label": "Time on this case" }, "0:00");
  const checksList = h("div", { class: "checks", "aria-live": "polite" });
  const formAlert = h("div", { class: "alert", role: "alert", hidden: true, tabindex: "-1" });

  const form = codingForm({
    value: attempt.submission,
    inpatient,
    onChange: () => {
      dirty = true;
      saveState.className = "save-state";
      saveState.textContent = "Unsaved changes…";
      autosave();
      validate();
    },
  });

  async function save() {
    if (saving) await saving.catch(() => {});
    const submission = toSubmission(form.state, inpatient);
    const body = JSON.stringify(submission);
    if (body === lastSent) {
      dirty = false;
      saveState.textContent = `Saved ${new Date().toLocaleTimeString()}`;
      return;
    }
    form.labelFields();
    const input = { attemptId: attempt.id, submission };
    if (versioned && version !== null) input.version = version;
    saving = gql(`mutation($i:SaveAttemptInput!){ saveAttempt(input:$i){ attempt { savedAt ${versioned ? "version" : ""} } } }`, { i: input });
    saveState.textContent = "Saving…";
    try {
      const d = await saving;
      lastSent = body;
      dirty = false;
      if (versioned) version = d.saveAttempt.attempt.version;
      clearErrors(form.el);
      formAlert.hidden = true;
      saveState.textContent = `Saved ${new Date(d.saveAttempt.attempt.savedAt).toLocaleTimeString()}`;
    } catch (e) {
      saveState.className = "save-state error";
      if (e.code === "CONFLICT") {
        saveState.textContent = "Not saved";
        replace(formAlert, "This attempt was changed elsewhere (another tab, or it was submitted). ",
          h("button", { type: "button", class: "small", onClick: () => reload() }, "Load the latest version"));
        formAlert.hidden = false;
      } else {
        saveState.textContent = "Not saved: see the message";
        showError(form.el.parentElement, e);
      }
      throw e;
    } finally {
      saving = null;
    }
  }
  const autosave = debounce(() => save().catch(() => {}), 1200);

  let vController = null;
  const validate = debounce(async () => {
    if (vController) vController.abort();
    vController = new AbortController();
    try {
      const r = await validateForm(form.state, c, age, inpatient, vController.signal);
      for (const line of [...form.state.diagnoses, ...form.state.procedures, ...form.state.pcs]) {
        form.setCheck(line, line.code.trim() ? r.lines.get(line) : null);
      }
      if (inpatient) form.setCheck("drg", r.lines.get("drg") || null);
      drawChecks(r);
    } catch (e) {
      if (e.name !== "AbortError") replace(checksList, h("p", { class: "small-print" }, `Codes not checked: ${describe(e)}`));
    }
  }, 350);

  function drawChecks(r) {
    const conflicts = r.conflicts.map((x) => h("li", { class: "line-check problem" },
      `Excludes1: ${x.code} and ${x.excluded} are not reported together. ${x.note}`));
    const open = r.hints.filter((x) => !x.satisfied);
    const byCode = new Map();
    for (const x of open) {
      if (!byCode.has(x.code)) byCode.set(x.code, []);
      byCode.get(x.code).push(x);
    }
    const kind = { codeFirst: "Code first", useAdditionalCode: "Use additional code", codeAlso: "Code also" };
    replace(checksList,
      conflicts.length ? [h("h3", null, "Excludes1 conflicts"), h("ul", null, conflicts)] : null,
      byCode.size ? h("details", { class: "hints" },
        h("summary", null, `Instructional notes for your codes (${open.length}): code first, use additional code, code also`),
        h("ul", null, [...byCode].map(([code, notes]) => h("li", null, h("strong", null, code), h("ul", null,
          notes.map((x) => h("li", null, `${kind[x.kind] || x.kind}: ${x.note}`))))))) : null);
  }

  async function submit() {
    autosave.cancel();
    try {
      await save();
    } catch {
      return;
    }
    const s = toSubmission(form.state, inpatient);
    const problems = [...form.el.querySelectorAll(".line-check.problem")].length;
    const ok = await confirm({
      title: "Submit this attempt for scoring?",
      body: [
        h("p", null, `You are submitting ${s.diagnoses.length} diagnoses, ${s.procedures.length} service lines${inpatient ? `, ${s.pcs.length} ICD-10-PCS procedures and MS-DRG ${s.drg || "(none)"}` : ""}.`),
        problems ? h("p", { class: "alert" }, `${problems} line(s) have problems flagged by the code checks.`) : null,
        h("p", null, "You cannot change an attempt after submitting it."),
      ],
      confirmLabel: "Submit",
    });
    if (!ok) return;
    try {
      await gql(`mutation($i:SubmitAttemptInput!){ submitAttempt(input:$i){ attempt { id status } } }`, { i: { attemptId: attempt.id } });
      announce("Submitted. Opening your score report.");
      await navigate(`/attempts/${attempt.id}`, { replace: true });
    } catch (e) {
      showError(form.el.parentElement, e);
    }
  }

  // The clock: elapsed time since the server started the attempt.
  const started = Date.parse(attempt.startedAt);
  const tick = () => {
    timer.textContent = clock((serverNow() - started) / 1000);
  };
  tick();
  const interval = setInterval(tick, 1000);
  ctx.onLeave(() => clearInterval(interval));
  ctx.beforeLeave(() => (dirty ? save() : null));
  const onUnload = (e) => {
    if (dirty) {
      autosave.flush();
      e.preventDefault();
    }
  };
  window.addEventListener("beforeunload", onUnload);
  ctx.onLeave(() => window.removeEventListener("beforeunload", onUnload));

  const search = codeSearch({
    asOf: c.dateOfService,
    onPick: (kind, system, code) => announce(form.add(kind, system, code)),
  });
  validate();
  // "/" jumps to the code search from anywhere but a text field.
  const slash = (e) => {
    if (e.key === "/" && !e.target.closest("input, textarea, select")) {
      e.preventDefault();
      search.focusSearch();
    }
  };
  document.addEventListener("keydown", slash);
  ctx.onLeave(() => document.removeEventListener("keydown", slash));

  return h("section", { class: "page wide" },
    crumbs(["Cases", "/cases"], [c.title, `/cases/${c.id}`], ["Coding"]),
    h("div", { class: "workspace-head" },
      h("h1", null, c.title),
      timer,
      h("span", { class: "muted" }, `estimate ${c.estimatedMinutes} min`),
      h("span", { class: "spacer" }),
      saveState,
      h("button", { type: "button", class: "primary", onClick: submit }, "Submit for scoring")),
    h("div", { class: "workspace" },
      h("section", { class: "pane doc-pane", "aria-labelledby": "h-doc" },
        h("div", { class: "pane-head" }, h("h2", { id: "h-doc" }, "Documentation")),
        h("div", { class: "pane-body", tabindex: "0", "aria-label": "Documentation (scrolls)" }, caseFacts(c), documents(c))),
      h("div", { class: "stack" },
        h("section", { class: "pane", "aria-labelledby": "h-form" },
          h("div", { class: "pane-head" }, h("h2", { id: "h-form" }, inpatient ? "Coding (UB-04)" : "Coding (CMS-1500)")),
          h("div", { class: "pane-body" }, formAlert, form.el, checksList)),
        h("section", { class: "pane", "aria-labelledby": "h-search" },
          h("div", { class: "pane-head" }, h("h2", { id: "h-search" }, "Code book"),
            h("span", { class: "small-print" }, "Press / to search")),
          h("div", { class: "pane-body" }, search)))));
}
