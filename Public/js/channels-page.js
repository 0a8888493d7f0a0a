// The channels page: add a mailbox or a marketplace account, test it, switch it off and on, remove it; the status
// refreshes by itself.
import { api, confirmInPage, localizeTimes, showError, t, toast } from "./kefu.js";

const form = document.getElementById("channel-form");
const rows = document.getElementById("channel-rows");
const kind = document.getElementById("channel-kind");
form.hidden = false;
localizeTimes();

/** Shows the selected kind's fields; the others are disabled, so the browser neither checks nor sends them. */
function showKind() {
  for (const group of form.querySelectorAll("fieldset[data-kind]")) {
    const chosen = group.dataset.kind === kind.value;
    group.hidden = !chosen;
    group.disabled = !chosen;
  }
}
kind.addEventListener("change", showKind);
showKind();

/** The settings of the chosen kind, as `POST /stores/{id}/channels` takes them. */
function settingsOf(data) {
  const text = (name) => (data.get(name) || "").trim();
  switch (kind.value) {
    case "ozon": {
      const settings = { clientID: text("clientID"), apiKey: text("apiKey") };
      if (text("baseURL")) settings.baseURL = text("baseURL");
      return settings;
    }
    case "ebay": {
      const settings = {
        clientID: text("clientID"), clientSecret: text("clientSecret"), refreshToken: text("refreshToken"),
        sellerUsername: text("sellerUsername"),
      };
      if (text("baseURL")) settings.baseURL = text("baseURL");
      return settings;
    }
    default: {
      const settings = { address: data.get("address"), imapURL: text("imapURL"), smtpURL: text("smtpURL") };
      if (data.get("password")) {
        settings.imapPassword = data.get("password");
        settings.smtpPassword = data.get("password");
      }
      return settings;
    }
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  try {
    await api("POST", `/stores/${data.get("store")}/channels`, { kind: kind.value, settings: settingsOf(data) });
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
        if (report.api) {
          toast(t(report.ok ? "channels.apiTestOK" : "channels.apiTestFailed", { detail: report.api.detail }), !report.ok);
        } else {
          const values = { imap: report.imap.detail, smtp: report.smtp.detail };
          toast(t(report.ok ? "channels.testOK" : "channels.testFailed", values), !report.ok);
        }
        break;
      }
      case "disable":
      case "enable":
        await api("PATCH", `/channels/${id}`, { enabled: button.dataset.action === "enable" });
        location.reload();
        return;
      case "remove":
        if (!await confirmInPage({ question: t("channels.confirmRemove"), confirmLabel: t("channels.remove") })) break;
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
