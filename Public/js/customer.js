// The customer page: a supervisor merges a customer of the same name into this one, or splits a merged record off
// again; an admin downloads the buyer's data or redacts it on their request (the server audits all of these).
import { api, confirmInPage, showError } from "./kefu.js";

const page = document.querySelector(".customer-page");
const customer = page.dataset.customer;
const form = document.getElementById("merge-form");
if (form) {
  form.hidden = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("POST", `/customers/${form.elements.other.value}/merge`, { into: customer });
      location.reload();
    } catch (error) { showError(error); }
  });
}

page.addEventListener("click", async (event) => {
  const button = event.target.closest("button.split");
  if (!button) return;
  const row = button.closest("tr");
  const items = [[...row.cells].slice(0, 4).map((cell) => cell.textContent).join(" · ")];
  if (!(await confirmInPage({ question: page.dataset.splitAsk, items }))) return;
  try {
    await api("POST", `/customers/${button.dataset.customer}/split`);
    // This page's record may be the one split off: stay with the person the page was opened for.
    location.reload();
  } catch (error) { showError(error); }
});

document.getElementById("export-personal-data")?.addEventListener("click", async () => {
  try {
    const data = await api("GET", `/customers/${customer}/personal-data`);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    link.download = `customer-${data.person}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (error) { showError(error); }
});

document.getElementById("redact-customer")?.addEventListener("click", async () => {
  if (!(await confirmInPage({ question: page.dataset.redactAsk }))) return;
  try {
    await api("POST", `/customers/${customer}/redact`);
    location.reload();
  } catch (error) { showError(error); }
});
