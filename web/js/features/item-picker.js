// A checkbox list over a paged API list with its own filters: what an assessment builder
// picks questions, cases and claim scenarios with. The choices survive paging and filtering
// (kept in a Set), and the legend counts them.

import { h, replace, debounce } from "../core/dom.js";
import { connectionList } from "../ui/pager.js";

/**
 * `load(first, after, filters)` resolves to a connection; `describe(node)` gives
 * {title, meta}; `filters` are labelled controls (their `name` is the filter's key).
 */
export function itemPicker({ legend, noun, load, describe, filters = [], field }) {
  const chosen = new Set();
  const count = h("span", { class: "muted", "aria-live": "polite" });
  const showCount = () => (count.textContent = ` (${chosen.size} chosen)`);
  const list = h("div");
  const filterForm = h("div", { class: "filters" }, filters);
  const values = () => Object.fromEntries(filters.flatMap((f) =>
    [...f.querySelectorAll("input, select")].map((c) => [c.name, c.value.trim() || null])));
  function draw() {
    const v = values();
    replace(list, connectionList({
      pageSize: 10,
      noun,
      empty: `No ${noun} match.`,
      load: (first, after) => load(first, after, v),
      render: (nodes) => h("ul", { class: "plain picks" }, nodes.map((n) => {
        const d = describe(n);
        const box = h("input", {
          type: "checkbox", value: n.id, checked: chosen.has(n.id),
          onChange: (e) => {
            if (e.target.checked) chosen.add(n.id);
            else chosen.delete(n.id);
            showCount();
          },
        });
        return h("li", null, h("label", { class: "pick" }, box,
          h("span", null, h("span", { class: "item-title" }, d.title), d.meta ? h("span", { class: "item-meta" }, d.meta) : null)));
      })),
    }));
  }
  const redraw = debounce(draw, 300);
  filterForm.addEventListener("input", redraw);
  filterForm.addEventListener("change", redraw);
  showCount();
  draw();
  const root = h("fieldset", { class: "picker", dataset: field ? { field } : {} },
    h("legend", null, legend, count), filterForm, list, h("p", { class: "field-error", hidden: true }));
  root.chosen = () => [...chosen];
  return root;
}
