// The templates page: add a canned reply (the platform's rules vet it on the server) or remove one.
import { api, showError, toast } from "./kefu.js";

const form = document.getElementById("template-form");
form.hidden = false;

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const body = { title: data.get("title"), body: data.get("body"), language: data.get("language") };
  if (data.get("platform")) body.platform = data.get("platform");
  try {
    await api("POST", "/templates", body);
    location.reload();
  } catch (error) {
    const findings = error.body?.error?.findings ?? [];
    if (findings.length) toast(`${error.message} ${findings.map((f) => `“${f.matched}”: ${f.message}`).join(" ")}`, true);
    else showError(error);
  }
});

document.getElementById("template-rows").addEventListener("click", async (event) => {
  const button = event.target.closest("button.remove");
  if (!button) return;
  try {
    await api("DELETE", `/templates/${button.dataset.template}`);
    button.closest("tr").remove();
  } catch (error) { showError(error); }
});
