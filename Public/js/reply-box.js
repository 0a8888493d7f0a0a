// The reply box: the platform's rules checked as the agent types, findings underlined in place with their
// explanation and the fix the server checked; a block disables Send, a warning asks before sending. Notes are not checked: buyers never
// see them.
import { api, confirmInPage, lang, showError, t } from "./kefu.js";

export function setUpReplyBox({ conversationID, onSent }) {
  const form = document.getElementById("reply-form");
  if (!form) return null;
  const text = document.getElementById("reply-text");
  const highlights = document.getElementById("highlights");
  const findingsList = document.getElementById("findings");
  const verdictLine = document.getElementById("verdict");
  const send = document.getElementById("send");
  form.hidden = false;

  let report = { verdict: "pass", findings: [] };
  let checkedText = "";
  let sequence = 0;
  let timer;

  const mode = () => form.querySelector("input[name=mode]:checked")?.value ?? "reply";

  function render() {
    const value = text.value;
    const findings = mode() === "reply" && checkedText === value ? report.findings : [];
    // The layer under the textarea: the same text, with findings wrapped in <mark>.
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const finding of [...findings].sort((a, b) => a.start - b.start)) {
      if (finding.start < at) continue;
      fragment.append(value.slice(at, finding.start));
      const mark = document.createElement("mark");
      mark.className = finding.severity;
      mark.textContent = value.slice(finding.start, finding.end);
      fragment.append(mark);
      at = finding.end;
    }
    fragment.append(value.slice(at) + "\n");
    highlights.replaceChildren(fragment);
    highlights.scrollTop = text.scrollTop;

    findingsList.replaceChildren(...findings.map((finding) => {
      const item = document.createElement("li");
      const severity = document.createElement("span");
      severity.className = `sev-${finding.severity}`;
      severity.textContent = `“${finding.matched}”`;
      const message = document.createElement("span");
      message.textContent = finding.message;
      item.append(severity, message);
      if (!finding.fix) {
        // The server found no fix that leaves a sentence it passes: only the agent can say it better.
        const none = document.createElement("span");
        none.className = "no-fix";
        none.textContent = t("reply.noFix");
        item.append(none);
        return item;
      }
      const fix = document.createElement("button");
      fix.type = "button";
      fix.className = "rewrite";
      fix.textContent = finding.fix.text
        ? t("reply.rewrite", { s: finding.fix.text })
        : t("reply.remove", { s: value.slice(finding.fix.start, finding.fix.end).trim() });
      fix.addEventListener("click", () => rewrite(finding.fix));
      item.append(fix);
      return item;
    }));

    const verdict = findings.length ? report.verdict : "pass";
    const blocked = mode() === "reply" && verdict === "block";
    send.disabled = blocked || value.trim() === "" || (mode() === "reply" && checkedText !== value);
    verdictLine.className = `verdict ${value.trim() ? verdict : ""}`;
    verdictLine.textContent = mode() === "note" || !value.trim() ? ""
      : verdict === "block" ? t("reply.blocked") : verdict === "warn" ? t("reply.warned") : t("reply.clean");
    send.textContent = mode() === "note" ? t("reply.saveNote") : t("reply.send");
    form.classList.toggle("note-mode", mode() === "note");
  }

  function rewrite(fix) {
    const value = text.value;
    if (checkedText !== value) return; // the offsets belong to the text that was checked
    text.value = value.slice(0, fix.start) + fix.text + value.slice(fix.end);
    const caret = fix.start + fix.text.length;
    text.setSelectionRange(caret, caret);
    text.focus();
    scheduleCheck(0);
  }

  async function check() {
    const value = text.value;
    const mine = ++sequence;
    if (mode() === "note" || value.trim() === "") {
      report = { verdict: "pass", findings: [] };
      checkedText = value;
      render();
      return;
    }
    try {
      const result = await api("POST", `/compliance/check?lang=${lang.startsWith("zh") ? "zh" : "en"}`, { conversationID, text: value });
      if (mine !== sequence) return; // a newer check is on its way
      report = result;
      checkedText = value;
      render();
    } catch (error) {
      if (mine === sequence) showError(error);
    }
  }

  function scheduleCheck(delay = 120) {
    clearTimeout(timer);
    send.disabled = mode() === "reply";
    timer = setTimeout(check, delay);
    render();
  }

  text.addEventListener("input", () => scheduleCheck());
  text.addEventListener("scroll", () => { highlights.scrollTop = text.scrollTop; });
  form.querySelectorAll("input[name=mode]").forEach((radio) => radio.addEventListener("change", () => {
    text.placeholder = mode() === "note" ? t("reply.notePlaceholder") : text.dataset.replyPlaceholder;
    scheduleCheck(0);
  }));
  text.dataset.replyPlaceholder = text.placeholder;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = text.value;
    if (!body.trim() || send.disabled) return;
    let acknowledgeWarnings = false;
    if (mode() === "reply" && report.verdict === "warn" && checkedText === body) {
      const items = report.findings.map((finding) => `“${finding.matched}” ${finding.message}`);
      const sure = await confirmInPage({ question: t("reply.confirmWarnings"), items, confirmLabel: t("reply.sendAnyway") });
      if (!sure) return;
      acknowledgeWarnings = true;
    }
    send.disabled = true;
    try {
      const posted = mode() === "note"
        ? await api("POST", `/conversations/${conversationID}/notes`, { body })
        : await api("POST", `/conversations/${conversationID}/replies`, { body, acknowledgeWarnings });
      text.value = "";
      report = { verdict: "pass", findings: [] };
      checkedText = "";
      render();
      onSent(posted);
    } catch (error) {
      if (error.body?.error?.findings) {
        report = { verdict: error.body.error.verdict, findings: error.body.error.findings };
        checkedText = body;
        render();
        showError(error);
      } else {
        showError(error);
        render();
      }
    }
  });

  render();
  return { text, insert(value) {
    const start = text.selectionStart ?? text.value.length;
    text.value = text.value.slice(0, start) + value + text.value.slice(text.selectionEnd ?? start);
    text.focus();
    scheduleCheck(0);
  } };
}
