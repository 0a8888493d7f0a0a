// The inbox: keyboard navigation, and rows and counts that follow live events without a reload.
import { fetchPage, localizeTimes, paths, setUnreadBadge, swap } from "./kefu.js";
import { connectLive } from "./live.js";

const list = document.getElementById("conversation-list");
const params = new URLSearchParams(list.dataset.query);
const rowsOnly = ["kind", "assignee", "search"].some((key) => params.get(key));

localizeTimes();

// Keyboard: j/k move, Enter opens, r opens to reply, / searches.
let selected = -1;
function rows() { return [...list.querySelectorAll("li.row")]; }
function select(index) {
  const all = rows();
  if (all.length === 0) return;
  selected = Math.max(0, Math.min(all.length - 1, index));
  all.forEach((row, i) => row.classList.toggle("selected", i === selected));
  all[selected].scrollIntoView({ block: "nearest" });
  all[selected].querySelector("a").focus({ preventScroll: true });
}
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = event.target.closest("input, textarea, select");
  if (event.key === "/" && !typing) {
    event.preventDefault();
    document.getElementById("search").focus();
    return;
  }
  if (typing) return;
  const current = rows()[selected];
  if (event.key === "j") select(selected + 1);
  else if (event.key === "k") select(selected - 1);
  else if (event.key === "Enter" && current) location.assign(current.querySelector("a").href);
  else if (event.key === "r" && current) location.assign(current.querySelector("a").href + "#reply");
});
list.addEventListener("focusin", (event) => {
  const row = event.target.closest("li.row");
  if (row) selected = rows().indexOf(row);
});

// Counts move by the folders a conversation left and entered, when the list's filters are ones counts honour.
function matchesCountFilters(event) {
  if (params.get("storeID") && params.get("storeID").toLowerCase() !== event.storeID.toLowerCase()) return false;
  if (params.get("merchantID") && params.get("merchantID").toLowerCase() !== event.merchantID?.toLowerCase()) return false;
  if (params.get("platform") && params.get("platform") !== event.platform) return false;
  return true;
}
function moveCounts(event) {
  if (!event.foldersAfter) return;
  const before = new Set(event.foldersBefore ?? []);
  const after = new Set(event.foldersAfter);
  for (const folder of new Set([...before, ...after])) {
    const delta = (after.has(folder) ? 1 : 0) - (before.has(folder) ? 1 : 0);
    if (delta === 0) continue;
    if (folder === "unread") {
      const badge = document.getElementById("unread-badge");
      setUnreadBadge(Math.max(0, Number(badge.dataset.count) + delta));
    }
    if (rowsOnly || !matchesCountFilters(event)) continue;
    const cell = document.querySelector(`[data-count-of="${folder}"]`);
    if (cell) cell.textContent = String(Math.max(0, Number(cell.textContent) + delta));
  }
}

// Rows: ask the server which changed conversations still belong in this list, and how they look now.
const pending = new Set();
let flushTimer;
async function refreshRows() {
  const ids = [...pending];
  pending.clear();
  // A bulk import changes more rows than are worth asking about one by one: take the list as it is now.
  if (ids.length > 200) return catchUp();
  for (let start = 0; start < ids.length; start += 50) {
    const chunk = ids.slice(start, start + 50);
    const query = new URLSearchParams(params);
    query.set("ids", chunk.join(","));
    const fresh = await fetchPage(paths.inboxRows + "?" + query.toString());
    const returned = new Map([...fresh.querySelectorAll("li.row")].map((row) => [row.dataset.id, row]));
    for (const id of chunk) {
      const existing = list.querySelector(`li.row[data-id="${id}"]`);
      const row = returned.get(id);
      if (!row) { existing?.remove(); continue; }
      const imported = document.importNode(row, true);
      localizeTimes(imported);
      existing?.remove();
      placeRow(imported);
    }
  }
  document.getElementById("empty")?.toggleAttribute("hidden", rows().length > 0);
}

/** Back after a drop, or after a bulk change: the list, counts and badge as the server has them now. */
async function catchUp() {
  const fresh = await fetchPage(location.href);
  const freshList = fresh.getElementById("conversation-list");
  if (freshList) list.replaceChildren(...[...freshList.children].map((row) => document.importNode(row, true)));
  localizeTimes(list);
  swap(fresh, "unread-badge");
  document.querySelectorAll("[data-count-of]").forEach((cell) => {
    const other = fresh.querySelector(`[data-count-of="${cell.dataset.countOf}"]`);
    if (other) cell.textContent = other.textContent;
  });
}

function placeRow(row) {
  const key = row.dataset.sortKey;
  const all = rows();
  const after = all.find((other) => other.dataset.sortKey > key);
  const hasMore = document.querySelector("a[rel=next]");
  if (after) list.insertBefore(row, after);
  else if (!hasMore) list.appendChild(row);
  else return; // beyond this page: it will show on a later one
  row.classList.add("fresh");
}

connectLive(
  (event) => {
    if (event.type === "conversation.changed") moveCounts(event);
    pending.add(event.conversationID.toLowerCase());
    // At most one refresh per 60 ms however fast events come, and never postponed for good.
    flushTimer ??= setTimeout(() => { flushTimer = null; refreshRows().catch(console.error); }, 60);
  },
  () => catchUp().catch(console.error),
);
