// The template picker: search the workspace's canned replies by title, those in the buyer's language and for this
// platform first, and insert one — in the buyer's language when it has that translation — with the buyer's name, the
// order number, the store and the agent filled in.
import { api, showError, t } from "./kefu.js";

export function setUpTemplates(replyBox, context) {
  const toggle = document.getElementById("template-toggle");
  const picker = document.getElementById("template-picker");
  const search = document.getElementById("template-search");
  const list = document.getElementById("template-list");
  if (!toggle) return;
  const values = {
    buyerName: context.buyer, orderNumber: context.order, storeName: context.store, agentName: context.agent,
  };
  let timer;

  async function load() {
    try {
      const query = new URLSearchParams({ platform: context.platform, language: context.language || "", q: search.value.trim() });
      const { items } = await api("GET", `/templates?${query}`);
      list.replaceChildren(...items.map((template) => {
        const text = template.forLanguage ?? template;
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = text.title;
        button.title = text.body;
        if (text.language) button.lang = text.language;
        button.addEventListener("click", () => {
          replyBox.insert(fill(text.body, values));
          picker.hidden = true;
        });
        item.append(button);
        return item;
      }));
      if (items.length === 0) {
        const empty = document.createElement("li");
        empty.className = "hint";
        empty.textContent = t("reply.noTemplates");
        list.append(empty);
      }
    } catch (error) { showError(error); }
  }

  toggle.addEventListener("click", () => {
    picker.hidden = !picker.hidden;
    if (!picker.hidden) { search.focus(); load(); }
  });
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(load, 150); });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); list.querySelector("button")?.click(); }
    if (event.key === "Escape") { picker.hidden = true; replyBox.text.focus(); }
  });
}

/** Fills `{buyerName}`-style placeholders that have a value; the rest stay for the agent to fill. */
export function fill(body, values) {
  return body.replace(/\{(buyerName|orderNumber|storeName|agentName)\}/g, (whole, name) => values[name] || whole);
}
