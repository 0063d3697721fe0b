import { h } from "../core/dom.js";

export function render() {
  return h("section", { class: "page" }, h("h1", null, "claim"), h("p", null, "Coming."));
}
