// The conversation page: actions on the conversation, the reply box, templates, and messages that arrive live.
import { api, fetchPage, localizeTimes, me, offerUndo, paths, showError, swap, t, toast } from "./kefu.js";
import { connectLive } from "./live.js";
import { setUpReplyBox } from "./reply-box.js";
import { setUpTemplates } from "./templates.js";

const page = document.querySelector(".conversation-page");
const conversationID = page.dataset.conversation;
// The conversation in the API (relative to /api/v1), not its page.
const apiPath = `/conversations/${conversationID}`;

localizeTimes();
scrollToNewest();

function scrollToNewest() {
  const messages = document.getElementById("messages");
  messages.lastElementChild?.scrollIntoView({ block: "end" });
}

/** Takes the conversation as the server has it now, leaving the reply box alone. */
async function refresh() {
  const fresh = await fetchPage(location.pathname);
  for (const id of ["messages", "conversation-labels", "status-text", "assignee"]) swap(fresh, id);
  const freshActions = fresh.querySelector(".actions .buttons");
  const actions = document.querySelector(".actions .buttons");
  if (freshActions && actions) actions.replaceWith(document.importNode(freshActions, true));
  for (const selector of [".spam-form", ".actions > p:has([data-action=unspam])"]) {
    const mine = document.querySelector(selector);
    const theirs = fresh.querySelector(selector);
    if (mine && !theirs) mine.remove();
  }
  localizeTimes();
  scrollToNewest();
}

const replyBox = setUpReplyBox({
  conversationID,
  onSent(posted) {
    // Clear "Response needed" and the SLA indicator at once from the answer, then take the whole conversation.
    const labels = document.getElementById("conversation-labels");
    const keep = new Set(posted.conversation.labels);
    labels.querySelectorAll(".chip.system").forEach((chip) => {
      if (![...keep].some((label) => t(`label.${label}`) === chip.textContent)) chip.remove();
    });
    if (!posted.conversation.sla || posted.conversation.sla.state === "met") document.getElementById("conversation-sla")?.remove();
    toast(t("delivery.queued"));
    refresh().catch(showError);
  },
});
if (replyBox) {
  setUpTemplates(replyBox, page.dataset);
  if (location.hash === "#reply") replyBox.text.focus();
}

async function act(action) {
  switch (action) {
    case "assign-me": return api("POST", `${apiPath}/assign`, { userID: me });
    case "unassign": return api("POST", `${apiPath}/assign`, { userID: null });
    case "resolve": return api("POST", `${apiPath}/status`, { status: "resolved" });
    case "reopen": return api("POST", `${apiPath}/status`, { status: "open" });
    case "unspam": return api("DELETE", `${apiPath}/spam`);
    case "unread":
      await api("POST", `${apiPath}/unread`);
      location.assign(paths.inbox);
      return null;
  }
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action], button.retry");
  if (!button) return;
  button.disabled = true;
  try {
    if (button.classList.contains("retry")) await api("POST", `/messages/${button.dataset.message}/retry`);
    else await act(button.dataset.action);
    await refresh();
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
});

document.getElementById("assign-to")?.addEventListener("change", async (event) => {
  if (!event.target.value) return;
  try {
    await api("POST", `${apiPath}/assign`, { userID: event.target.value });
    await refresh();
  } catch (error) { showError(error); }
  event.target.value = "";
});

document.getElementById("label-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = document.getElementById("label-input");
  const label = input.value.trim();
  if (!label) return;
  try {
    await api("POST", `${apiPath}/labels`, { add: [label] });
    input.value = "";
    await refresh();
  } catch (error) { showError(error); }
});

document.getElementById("spam-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("POST", `${apiPath}/spam`, { reason: document.getElementById("spam-reason").value });
    // The inbox offers to take it back for a minute (a real buyer flagged by a slip of the hand).
    offerUndo({ path: `${apiPath}/spam`, text: t("spam.flagged") });
    location.assign(paths.inbox);
  } catch (error) { showError(error); }
});

document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "r" && replyBox) { event.preventDefault(); replyBox.text.focus(); }
  if (event.key === "Escape" || event.key === "u") location.assign(paths.inbox);
});

let refreshTimer;
connectLive(
  (event) => {
    if (event.conversationID.toLowerCase() !== conversationID.toLowerCase()) return;
    refreshTimer ??= setTimeout(() => { refreshTimer = null; refresh().catch(console.error); }, 60);
  },
  () => refresh().catch(console.error),
);
