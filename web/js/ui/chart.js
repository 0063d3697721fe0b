// Charts drawn as SVG from data (no library): horizontal bars for accuracy by skill and a
// line for the trend of scores. Each chart has a text alternative: its data as a table.

import { h, svg } from "../core/dom.js";
import { percent } from "../core/format.js";

function tone(p, mark = 70) {
  if (p >= mark + 15) return "good";
  if (p >= mark) return "warn";
  return "bad";
}

/**
 * Bars of 0–100 values: rows = [{label, value, note}]. `columns` names the text
 * alternative's columns (label, value, note); `mark` is the dashed line (a pass mark).
 */
export function barChart(title, rows, { labelWidth = 190, columns = ["Skill", "Accuracy", "Scored lines"], mark = 70 } = {}) {
  const rowH = 26;
  const width = 640;
  const barW = width - labelWidth - 60;
  const height = rows.length * rowH + 24;
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": `${title}: bar chart`,
    preserveAspectRatio: "xMinYMin meet",
  },
  [...new Set([0, 50, mark, 100])].map((t) => {
    const x = labelWidth + (barW * t) / 100;
    return [
      svg("line", { x1: x, x2: x, y1: 0, y2: height - 18, class: t === mark ? "grid mark" : "grid" }),
      svg("text", { x, y: height - 4, class: "tick", "text-anchor": "middle" }, `${t}%`),
    ];
  }),
  rows.map((r, i) => {
    const y = i * rowH + 4;
    const w = Math.max(1, (barW * Math.min(100, Math.max(0, r.value))) / 100);
    return svg("g", null,
      svg("text", { x: labelWidth - 8, y: y + 15, class: "label", "text-anchor": "end" }, r.label),
      svg("rect", { x: labelWidth, y, width: w, height: rowH - 8, rx: 3, class: `bar ${tone(r.value, mark)}` }),
      svg("text", { x: labelWidth + w + 6, y: y + 15, class: "value" }, percent(r.value)));
  }));
  return h("figure", { class: "chart-figure" },
    h("figcaption", null, title),
    chart,
    h("details", { class: "chart-data" },
      h("summary", null, "Show the numbers"),
      h("table", { class: "data" },
        h("thead", null, h("tr", null, h("th", { scope: "col" }, columns[0]), h("th", { scope: "col", class: "num" }, columns[1]),
          h("th", { scope: "col", class: "num" }, columns[2]))),
        h("tbody", null, rows.map((r) => h("tr", null, h("td", null, r.label), h("td", { class: "num" }, percent(r.value, 1)),
          h("td", { class: "num" }, r.note ?? "")))))));
}

/** A line through scores 0–100, oldest first. */
export function trendChart(title, values) {
  const width = 320;
  const height = 90;
  const pad = 6;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const y = (v) => height - pad - ((height - 2 * pad) * Math.min(100, Math.max(0, v))) / 100;
  const points = values.map((v, i) => `${pad + i * step},${y(v)}`).join(" ");
  return h("figure", { class: "chart-figure trend" },
    h("figcaption", null, title),
    svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img",
      "aria-label": `${title}: ${values.map((v) => percent(v)).join(", ")}` },
    svg("line", { x1: 0, x2: width, y1: y(70), y2: y(70), class: "grid mark" }),
    values.length > 1 ? svg("polyline", { points, class: "trend-line" }) : null,
    values.map((v, i) => svg("circle", { cx: pad + i * step, cy: y(v), r: 3.5, class: `dot ${tone(v)}` }))));
}
