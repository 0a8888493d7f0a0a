// The templates page: add a canned reply, change one (its earlier version is kept in its history), write it in a
// further language, or remove it or a translation. The server vets every text against the platform's rules, or every
// platform's for a template for all, and refuses a change made from a version someone else has since replaced.
import { api, showError, t, toast } from "./kefu.js";

const form = document.getElementById("template-form");
const submit = document.getElementById("template-submit");
const cancel = document.getElementById("template-cancel");
const heading = document.getElementById("template-form-heading");
form.hidden = false;

// row: the template being changed; translation: its translation being written (an element, or {} for a new one).
function editing(row, translation) {
  form.reset();
  form.elements.id.value = row?.dataset.id ?? "";
  form.elements.version.value = row?.dataset.version ?? "";
  form.elements.translationOf.value = translation ? row.dataset.id : "";
  form.elements.platform.disabled = Boolean(translation);
  heading.hidden = !translation;
  heading.textContent = translation ? row.dataset.translationHeading : "";
  submit.textContent = translation ? submit.dataset.saveTranslation : row ? submit.dataset.save : submit.dataset.add;
  cancel.hidden = !row;
  if (!row) return;
  const source = translation ? translation.dataset ?? {} : row.dataset;
  form.elements.title.value = source.title ?? row.dataset.title;
  form.elements.body.value = source.body ?? "";
  form.elements.platform.value = row.dataset.platform;
  const language = translation ? source.language ?? untranslated(row) : row.dataset.language;
  if (language) form.elements.language.value = language;
  form.elements.body.focus();
  form.scrollIntoView({ block: "nearest" });
}

// A new translation starts in the first language the template is not yet written in.
function untranslated(row) {
  const base = (tag) => (tag ?? "").split("-")[0].toLowerCase();
  const written = [row.dataset.language, ...[...row.querySelectorAll("li[data-language]")].map((li) => li.dataset.language)].map(base);
  return [...form.elements.language.options].map((option) => option.value).find((value) => !written.includes(base(value)));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const version = Number(data.get("version")) || undefined;
  const translationOf = data.get("translationOf");
  const id = data.get("id");
  try {
    if (translationOf) {
      const language = encodeURIComponent(data.get("language"));
      await api("PUT", `/templates/${translationOf}/translations/${language}`, { title: data.get("title"), body: data.get("body"), version });
    } else {
      const body = { title: data.get("title"), body: data.get("body"), language: data.get("language"), platform: data.get("platform") };
      if (id) await api("PATCH", `/templates/${id}`, { ...body, version });
      else await api("POST", "/templates", body);
    }
    location.reload();
  } catch (error) {
    const details = error.body?.error ?? {};
    const findings = details.findings ?? [];
    if (!findings.length) { showError(error); return; }
    const where = details.platform ? t("templates.blockedOn", { platform: t(`platform.${details.platform}`) }) : t("error.code.compliance_blocked");
    toast(`${where} ${findings.map((f) => `“${f.matched}”: ${f.message}`).join(" ")}`, true);
  }
});

cancel.addEventListener("click", () => editing(null));

document.getElementById("template-rows").addEventListener("click", async (event) => {
  const row = event.target.closest("tr");
  if (event.target.closest("button.edit")) { editing(row); return; }
  if (event.target.closest("button.translate")) { editing(row, {}); return; }
  const translation = event.target.closest("li[data-language]");
  if (event.target.closest("button.edit-translation")) { editing(row, translation); return; }
  try {
    if (event.target.closest("button.remove-translation")) {
      await api("DELETE", `/templates/${row.dataset.id}/translations/${encodeURIComponent(translation.dataset.language)}`);
      location.reload();
    } else if (event.target.closest("button.remove")) {
      await api("DELETE", `/templates/${row.dataset.id}`);
      row.remove();
    }
  } catch (error) { showError(error); }
});
