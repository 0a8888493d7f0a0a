// The customer page: a supervisor merges a customer of the same name into this one (the server audits it).
import { api, showError } from "./kefu.js";

const form = document.getElementById("merge-form");
const customer = document.querySelector(".customer-page").dataset.customer;
form.hidden = false;
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("POST", `/customers/${form.elements.other.value}/merge`, { into: customer });
    location.reload();
  } catch (error) { showError(error); }
});
