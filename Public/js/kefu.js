// What every workbench page script shares: its strings, the API, messages to the agent, local times.

const strings = JSON.parse(document.body.dataset.strings || "{}");
export const me = document.body.dataset.user;
/** The pages' paths, from the server's one list of them (SitePage). */
export const paths = JSON.parse(document.body.dataset.paths || "{}");
export const lang = document.documentElement.lang;

// Deadlines are drawn on the server in the reader's wall clock: tell it which zone that is.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zone && !document.cookie.split("; ").includes(`kefu_tz=${encodeURIComponent(zone)}`)) {
  document.cookie = `kefu_tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
}

/** The page's string for `key`, with `{name}` placeholders filled in. */
export function t(key, values = {}) {
  let text = strings[key] ?? key;
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, value);
  return text;
}

/** Calls the JSON API with the session cookie; throws an Error carrying the API's `{error}` body on 4xx/5xx. */
export async function api(method, path, body) {
  const headers = { "X-Kefu-Client": "web", "Accept-Language": lang };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch("/api/v1" + path, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(data?.error?.message || response.statusText);
    Object.assign(error, { status: response.status, code: data?.error?.code, body: data });
    throw error;
  }
  return data;
}

/** Fetches a page of this site and returns it parsed, to take fresh parts of it. */
export async function fetchPage(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (response.redirected && new URL(response.url).pathname === paths.signIn) {
    location.assign(`${paths.signIn}?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
  return new DOMParser().parseFromString(await response.text(), "text/html");
}

/** Replaces the element with id `id` by its namesake in `fresh`. */
export function swap(fresh, id) {
  const current = document.getElementById(id);
  const replacement = fresh.getElementById(id);
  if (current && replacement) current.replaceWith(document.importNode(replacement, true));
}

const undoKey = "kefu.undo";
const undoWindow = 60_000;

/** Remembers an action to offer taking back on the next page for a minute: `DELETE path` undoes it. */
export function offerUndo({ path, text }) {
  sessionStorage.setItem(undoKey, JSON.stringify({ path, text, until: Date.now() + undoWindow }));
}

function showUndo() {
  const offer = JSON.parse(sessionStorage.getItem(undoKey) || "null");
  if (!offer || offer.until <= Date.now()) { sessionStorage.removeItem(undoKey); return; }
  const box = document.getElementById("toast");
  if (!box) return;
  const undo = document.createElement("button");
  undo.type = "button";
  undo.id = "undo";
  undo.textContent = t("action.undo");
  undo.addEventListener("click", async () => {
    sessionStorage.removeItem(undoKey);
    try {
      await api("DELETE", offer.path);
      location.reload();
    } catch (error) { showError(error); }
  });
  box.replaceChildren(`${offer.text} `, undo);
  box.classList.remove("error");
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; sessionStorage.removeItem(undoKey); }, offer.until - Date.now());
}

/**
 * Asks in the page, not with the browser's `confirm()` (which cannot list anything or speak the page's language in
 * its buttons): resolves true when the reader confirms. `items` are lines to show, such as the findings of a warning.
 */
export function confirmInPage({ question, items = [], confirmLabel = t("action.confirm") }) {
  return new Promise((resolve) => {
    const dialog = document.createElement("dialog");
    dialog.className = "confirm";
    const text = document.createElement("p");
    text.textContent = question;
    dialog.append(text);
    if (items.length) {
      const list = document.createElement("ul");
      for (const item of items) {
        const line = document.createElement("li");
        line.textContent = item;
        list.append(line);
      }
      dialog.append(list);
    }
    const buttons = document.createElement("p");
    buttons.className = "buttons";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = t("action.cancel");
    const confirm = document.createElement("button");
    confirm.type = "button";
    confirm.className = "primary";
    confirm.textContent = confirmLabel;
    buttons.append(cancel, confirm);
    dialog.append(buttons);
    const finish = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    cancel.addEventListener("click", () => finish(false));
    confirm.addEventListener("click", () => finish(true));
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
    confirm.focus();
  });
}

let toastTimer;
document.addEventListener("DOMContentLoaded", showUndo);

export function toast(message, isError = false) {
  const box = document.getElementById("toast");
  box.textContent = message;
  box.classList.toggle("error", isError);
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, isError ? 6000 : 2500);
}

/** The API's message in the page's language where the code is one agents meet; the server's words otherwise. */
export function showError(error) {
  const known = error.code && strings[`error.code.${error.code}`];
  toast(known ?? t("error.generic", { m: error.message }), true);
}

const timeFormat = new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "short" });

/** Server pages print UTC; the reader sees their own clock. */
export function localizeTimes(root = document) {
  for (const element of root.querySelectorAll("time[datetime]")) {
    const date = new Date(element.dateTime);
    if (!Number.isNaN(date.valueOf())) element.textContent = timeFormat.format(date);
  }
}

export function setUnreadBadge(count) {
  const badge = document.getElementById("unread-badge");
  if (!badge) return;
  badge.dataset.count = String(count);
  badge.textContent = t("nav.unreadBadge", { n: String(count) });
}
