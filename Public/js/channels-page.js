// The channels page: add a mailbox, test it, switch it off and on, remove it; the status refreshes by itself.
import { api, localizeTimes, showError, t, toast } from "./kefu.js";

const form = document.getElementById("channel-form");
const rows = document.getElementById("channel-rows");
form.hidden = false;
localizeTimes();

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const settings = { address: data.get("address"), imapURL: data.get("imapURL").trim(), smtpURL: data.get("smtpURL").trim() };
  if (data.get("password")) {
    settings.imapPassword = data.get("password");
    settings.smtpPassword = data.get("password");
  }
  try {
    await api("POST", `/stores/${data.get("store")}/channels`, { kind: "email", settings });
    location.reload();
  } catch (error) { showError(error); }
});

rows.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const row = button.closest("tr");
  const id = row.dataset.id;
  button.disabled = true;
  try {
    switch (button.dataset.action) {
      case "test": {
        const report = await api("POST", `/channels/${id}/test`);
        const values = { imap: report.imap.detail, smtp: report.smtp.detail };
        toast(t(report.ok ? "channels.testOK" : "channels.testFailed", values), !report.ok);
        break;
      }
      case "disable":
      case "enable":
        await api("PATCH", `/channels/${id}`, { enabled: button.dataset.action === "enable" });
        location.reload();
        return;
      case "remove":
        if (!confirm(t("channels.confirmRemove"))) break;
        await api("DELETE", `/channels/${id}`);
        row.remove();
        return;
    }
  } catch (error) { showError(error); }
  button.disabled = false;
});

/** Shows what each channel last reported, every few seconds while the page is open. */
async function refresh() {
  for (const row of rows.querySelectorAll("tr[data-id]")) {
    try {
      const channel = await api("GET", `/channels/${row.dataset.id}`);
      row.dataset.status = channel.status;
      const cells = row.children;
      cells[2].replaceChildren(statusBadge(channel.status));
      if (channel.lastError) {
        const error = document.createElement("small");
        error.className = "channel-error";
        error.textContent = channel.lastError;
        cells[2].append(document.createElement("br"), error);
      }
      if (channel.lastSyncAt) {
        const time = document.createElement("time");
        time.dateTime = channel.lastSyncAt;
        cells[3].replaceChildren(time);
        localizeTimes(cells[3]);
      }
      cells[4].textContent = t("channels.progressValue", { synced: String(channel.synced), backlog: String(channel.backlog) });
    } catch { /* the next round tries again */ }
  }
}

function statusBadge(status) {
  const badge = document.createElement("span");
  badge.className = "channel-status";
  badge.dataset.status = status;
  badge.textContent = t(`channels.status.${status}`);
  return badge;
}

setInterval(refresh, 5000);
