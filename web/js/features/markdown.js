// Case documentation is markdown. This renders the subset the case format uses (headings,
// paragraphs, bullet and numbered lists with nesting, tables, rules, **bold**, *italic*,
// `code`) by building DOM nodes: there is no HTML anywhere in the path, so `<script>` or
// `<img onerror>` in a document is shown as the characters it is.

import { h } from "../core/dom.js";

/** Markdown text -> a DocumentFragment. */
export function renderMarkdown(text) {
  const frag = document.createDocumentFragment();
  const lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  let para = [];
  const flush = () => {
    if (para.length) frag.appendChild(h("p", null, inline(para.join(" "))));
    para = [];
  };
  while (i < lines.length) {
    const line = lines[i];
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (!line.trim()) {
      flush();
      i += 1;
    } else if (heading) {
      flush();
      const level = Math.min(6, heading[1].length + 1);
      frag.appendChild(h(`h${level}`, null, inline(heading[2].replace(/\s+#+\s*$/, ""))));
      i += 1;
    } else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      frag.appendChild(h("hr"));
      i += 1;
    } else if (listItem(line)) {
      flush();
      const [node, next] = list(lines, i, indent(line));
      frag.appendChild(node);
      i = next;
    } else if (/^\s*\|.*\|\s*$/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) {
      flush();
      const [node, next] = tableAt(lines, i);
      frag.appendChild(node);
      i = next;
    } else {
      para.push(line.trim());
      i += 1;
    }
  }
  flush();
  return frag;
}

function indent(line) {
  return line.length - line.trimStart().length;
}

function listItem(line) {
  return /^\s*(?:[-*+]|\d{1,3}[.)])\s+/.exec(line);
}

function list(lines, start, base) {
  const ordered = /^\s*\d/.test(lines[start]);
  const el = h(ordered ? "ol" : "ul");
  if (ordered) {
    const n = parseInt(lines[start].trim(), 10);
    if (n !== 1) el.setAttribute("start", String(n));
  }
  let i = start;
  let li = null;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      // A blank line ends the list unless the next line continues it.
      const next = lines[i + 1];
      if (next && listItem(next) && indent(next) >= base) {
        i += 1;
        continue;
      }
      break;
    }
    const m = listItem(line);
    const ind = indent(line);
    if (m && ind === base) {
      li = h("li", null, inline(line.slice(m[0].length)));
      el.appendChild(li);
      i += 1;
    } else if (m && ind > base && li) {
      const [sub, next] = list(lines, i, ind);
      li.appendChild(sub);
      i = next;
    } else if (!m && ind > base && li) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(inline(line.trim()));
      i += 1;
    } else {
      break;
    }
  }
  return [el, i];
}

function cells(row) {
  return row.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
}

function tableAt(lines, start) {
  const head = cells(lines[start]);
  let i = start + 2;
  const rows = [];
  while (i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i])) {
    rows.push(cells(lines[i]));
    i += 1;
  }
  const table = h("table", null,
    h("thead", null, h("tr", null, head.map((c) => h("th", { scope: "col" }, inline(c))))),
    h("tbody", null, rows.map((r) => h("tr", null, r.map((c) => h("td", null, inline(c)))))));
  return [h("div", { class: "table-wrap" }, table), i];
}

/** **bold**, *italic* / _italic_ and `code` inside a line; everything else is text. */
export function inline(text) {
  const frag = document.createDocumentFragment();
  const re = /(`[^`]+`|\*\*[^*]+\*\*|__[^_]+__|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
    const tok = m[0];
    if (tok.startsWith("`")) frag.appendChild(h("code", null, tok.slice(1, -1)));
    else if (tok.startsWith("**") || tok.startsWith("__")) frag.appendChild(h("strong", null, tok.slice(2, -2)));
    else frag.appendChild(h("em", null, tok.slice(1, -1)));
    last = m.index + tok.length;
  }
  if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
  return frag;
}
