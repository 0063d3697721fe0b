// How numbers, money and dates read on screen.

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const dayFmt = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const timeFmt = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

/** Cents as dollars: 12345 -> "$123.45". */
export function money(cents) {
  if (cents === null || cents === undefined) return "—";
  return usd.format(cents / 100);
}

/** Dollars typed by a user ("1,234.5", "$12") as cents, or null. */
export function parseMoney(text) {
  const t = String(text || "").replace(/[$,\s]/g, "");
  if (t === "") return 0;
  if (!/^-?\d+(\.\d{0,2})?$/.test(t)) return null;
  return Math.round(parseFloat(t) * 100);
}

/** Cents as a plain amount for an input: 12345 -> "123.45". */
export function moneyInput(cents) {
  return (cents / 100).toFixed(2);
}

/** A calendar date (YYYY-MM-DD) as "Mar 5, 2026". */
export function day(iso) {
  if (!iso) return "—";
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : dayFmt.format(d);
}

/** An instant as local date and time. */
export function when(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFmt.format(d);
}

export function percent(p, digits = 0) {
  if (p === null || p === undefined) return "—";
  return `${Number(p).toFixed(digits)} %`;
}

/** Seconds as h:mm:ss or m:ss. */
export function clock(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return hh ? `${hh}:${String(mm).padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

/** Today (or a Date) as YYYY-MM-DD in the user's time zone. */
export function isoDay(d = new Date()) {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, "0");
  const dd = String(d.getDate()).padStart(2, "0");
  return `${y}-${m}-${dd}`;
}

/** Whole years between a birth date and a date (both YYYY-MM-DD). */
export function ageOn(birth, on) {
  const [by, bm, bd] = birth.split("-").map(Number);
  const [y, m, d] = on.split("-").map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Words for an enum value: "PARTIALLY_PAID" -> "Partially paid". */
export function words(value) {
  if (!value) return "";
  const s = String(value).replace(/_/g, " ").toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
