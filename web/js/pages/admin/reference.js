// Read-only reference data for the administrator: the code-set releases loaded (per
// system and release name: effective date and counts; the files behind them) and the
// simulated payers' profiles.

import { h } from "../../core/dom.js";
import { day, money, when, words } from "../../core/format.js";
import { table, scrollTable } from "../../ui/misc.js";
import { arrayList } from "../../ui/pager.js";

const SYSTEMS = {
  ICD10CM: "ICD-10-CM", ICD10PCS: "ICD-10-PCS", CPT: "CPT", HCPCS: "HCPCS Level II", MODIFIER: "Modifiers",
  POS: "Place of service", MSDRG: "MS-DRG", CARC: "CARC", RARC: "RARC", CAS_GROUP: "CAS group codes",
};

/** Rows per (system, release name): the first effective date and the summed counts. */
function byRelease(rows) {
  const out = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && r.version && last.system === r.system && last.version === r.version) {
      last.codes += r.codes;
      last.billable += r.billable;
      last.ended += r.ended;
      last.dates.push(r.effectiveDate);
    } else {
      out.push({ ...r, dates: [r.effectiveDate] });
    }
  }
  return out;
}

/** One row per system: its latest release and the totals over its releases. */
function bySystem(grouped) {
  const out = new Map();
  for (const r of grouped) {
    const s = out.get(r.system) || { system: r.system, releases: 0, codes: 0, billable: 0, ended: 0 };
    s.releases += 1;
    s.codes += r.codes;
    s.billable += r.billable;
    s.ended += r.ended;
    s.latest = r;
    out.set(r.system, s);
  }
  return [...out.values()];
}

const n = (x) => x.toLocaleString("en-US");

export function releases(rows, files) {
  const grouped = byRelease(rows);
  return h("section", { class: "panel", "aria-labelledby": "h-releases" },
    h("h2", { id: "h-releases" }, "Code-set releases loaded"),
    h("p", { class: "muted" }, "Codes by the release that made them effective. \u201cBaseline\u201d: in force since before this catalogue. Ended: deleted or replaced by a later release."),
    table("By system", ["System", "Releases", "Latest release", "Effective", "Code versions", "Billable", "Ended since"],
      bySystem(grouped).map((s) => [SYSTEMS[s.system] || s.system, n(s.releases), s.latest.version || "—",
        day(s.latest.dates[0]), n(s.codes), n(s.billable), n(s.ended)]), { numeric: [1, 4, 5, 6], cls: "releases" }),
    h("details", null, h("summary", null, `Every release (${grouped.length})`),
      arrayList(grouped, (items) => table(null, ["System", "Release", "Effective", "Codes", "Billable", "Ended since"], items.map((r) => [
      SYSTEMS[r.system] || r.system, r.version || "—",
      r.dates.length > 1 ? `${day(r.dates[0])} (+${r.dates.length - 1} mid-year)` : day(r.dates[0]),
      r.codes.toLocaleString("en-US"), r.billable.toLocaleString("en-US"), r.ended.toLocaleString("en-US"),
    ]), { numeric: [3, 4, 5], cls: "releases" }), { pageSize: 25, noun: "releases" })),
    h("details", null, h("summary", null, `Files loaded (${files.length})`),
      table(null, ["File", "Rows", "Loaded"], files.map((f) => [h("code", null, f.name), f.rows.toLocaleString("en-US"), when(f.loadedAt)]),
        { numeric: [1] })));
}

export function payers(list) {
  return h("section", { class: "panel", "aria-labelledby": "h-payers" },
    h("h2", { id: "h-payers" }, "Payer profiles"),
    h("p", { class: "muted" }, "The simulated payers' rules, as the adjudicator applies them (read only)."),
    scrollTable("Payer profiles", ["Payer", "Kind", "Timely filing", "NCCI denial", "MUE", "Deductible", "Coinsurance", "Corrected claim after denial", "Appeal", "Prior authorization"],
      list.map((p) => [
        h("span", null, p.name, h("br"), h("code", null, p.slug)), words(p.kind), `${p.timelyFilingDays} days`,
        `CARC ${p.ptpDenialReason}`, p.mueEnforced ? "enforced" : "not enforced", money(p.deductibleCents),
        `${p.coinsurancePercent} %`, p.acceptsReplacementAfterDenial ? "accepted" : "refused",
        `${words(p.appealLevel)}, ${p.appealDeadlineDays} days`,
        p.priorAuthorization.length ? p.priorAuthorization.join(", ") : "none",
      ]), { numeric: [2, 5, 6], cls: "payers" }));
}
