// The inbox's bulk export: queue an export of the list as filtered (optionally for the days a conversation was
// active), then follow its progress and download the file; the server writes it in the background.
import { api, showError, t } from "./kefu.js";

const dialog = document.getElementById("export-dialog");
const form = document.getElementById("export-form");
const list = document.getElementById("export-list");
const parameters = JSON.parse(dialog.dataset.parameters || "{}");
let timer;

document.getElementById("export-open").addEventListener("click", () => { dialog.showModal(); refresh(); });
document.getElementById("export-close").addEventListener("click", () => dialog.close());
dialog.addEventListener("close", () => clearTimeout(timer));

// A date input's day, as the start of that day in the reader's zone.
function dayStart(value, plusDays = 0) {
  const [year, month, day] = value.split("-").map(Number);
  return new Date(year, month - 1, day + plusDays).toISOString();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const chosen = { ...parameters };
  if (data.get("from")) chosen.from = dayStart(data.get("from"));
  if (data.get("to")) chosen.to = dayStart(data.get("to"), 1);
  try {
    await api("POST", "/exports", { format: data.get("format"), parameters: chosen });
    refresh();
  } catch (error) { showError(error); }
});

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function item(job) {
  const li = document.createElement("li");
  li.dataset.state = job.state;
  const when = document.createElement("time");
  when.dateTime = job.createdAt;
  when.textContent = new Date(job.createdAt).toLocaleString(document.documentElement.lang, { dateStyle: "short", timeStyle: "short" });
  const status = document.createElement("span");
  status.className = "export-status";
  const parts = [when, " · ", job.format.toUpperCase(), " · ", status];
  if (job.state === "queued") status.textContent = t("export.queued");
  if (job.state === "running") {
    status.textContent = job.total == null ? t("export.listing") : t("export.running", { done: job.done, total: job.total });
    const bar = document.createElement("progress");
    bar.max = job.total || 1;
    bar.value = job.done;
    parts.push(" ", bar);
  }
  if (job.state === "failed") status.textContent = t("export.failed", { error: job.error ?? "" });
  if (job.state === "done") {
    status.textContent = t("export.done", { total: job.total ?? job.done, size: size(job.bytes) });
    const link = document.createElement("a");
    link.href = dialog.dataset.download.replace(":exportID", job.id);
    link.textContent = t("export.download");
    link.setAttribute("download", "");
    parts.push(" ", link);
  }
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "link";
  remove.textContent = t("export.remove");
  remove.addEventListener("click", async () => {
    try { await api("DELETE", `/exports/${job.id}`); refresh(); } catch (error) { showError(error); }
  });
  parts.push(" ", remove);
  li.append(...parts);
  return li;
}

async function refresh() {
  clearTimeout(timer);
  try {
    const { items } = await api("GET", "/exports");
    if (items.length === 0) {
      const none = document.createElement("li");
      none.className = "hint";
      none.textContent = t("export.none");
      list.replaceChildren(none);
    } else {
      list.replaceChildren(...items.map(item));
    }
    if (dialog.open && items.some((job) => job.state === "queued" || job.state === "running")) timer = setTimeout(refresh, 1000);
  } catch (error) { showError(error); }
}
