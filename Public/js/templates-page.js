// The templates page: add a canned reply, change one (its earlier version is kept in its history) or remove one.
// The server vets every version against the platform's rules, or every platform's for a template for all.
import { api, showError, t, toast } from "./kefu.js";

const form = document.getElementById("template-form");
const submit = document.getElementById("template-submit");
const cancel = document.getElementById("template-cancel");
form.hidden = false;

function editing(row) {
  form.elements.id.value = row?.dataset.id ?? "";
  submit.textContent = row ? submit.dataset.save : submit.dataset.add;
  cancel.hidden = !row;
  if (!row) { form.reset(); return; }
  form.elements.title.value = row.dataset.title;
  form.elements.body.value = row.dataset.body;
  form.elements.platform.value = row.dataset.platform;
  if (row.dataset.language) form.elements.language.value = row.dataset.language;
  form.elements.body.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const body = { title: data.get("title"), body: data.get("body"), language: data.get("language"), platform: data.get("platform") };
  const id = data.get("id");
  try {
    if (id) await api("PATCH", `/templates/${id}`, body);
    else await api("POST", "/templates", body);
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
  const edit = event.target.closest("button.edit");
  if (edit) { editing(edit.closest("tr")); return; }
  const button = event.target.closest("button.remove");
  if (!button) return;
  try {
    await api("DELETE", `/templates/${button.dataset.template}`);
    button.closest("tr").remove();
  } catch (error) { showError(error); }
});
