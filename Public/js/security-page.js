// The security page: set up an authenticator app (password, then the secret, then a first code, then the recovery
// codes shown once), or turn two-factor sign-in off. The API asks for the password again and checks every code.
import { api, showError, toast, t } from "./kefu.js";

const start = document.getElementById("two-factor-start");
const setup = document.getElementById("two-factor-setup");
const confirmForm = document.getElementById("two-factor-confirm");
const off = document.getElementById("two-factor-off");
const codes = document.getElementById("two-factor-codes");

function busy(form, on) {
  for (const element of form.elements) element.disabled = on;
}

async function submitting(form, work) {
  busy(form, true);
  try {
    await work();
  } catch (error) {
    showError(error);
  } finally {
    busy(form, false);
  }
}

start?.addEventListener("submit", (event) => {
  event.preventDefault();
  submitting(start, async () => {
    const enrollment = await api("POST", "/me/two-factor", { password: start.elements.password.value });
    // Groups of four are easier to type into a phone.
    document.getElementById("two-factor-secret").textContent = enrollment.secret.match(/.{1,4}/g).join(" ");
    document.getElementById("two-factor-uri").href = enrollment.uri;
    start.hidden = true;
    setup.hidden = false;
    confirmForm.elements.code.focus();
  });
});

confirmForm?.addEventListener("submit", (event) => {
  event.preventDefault();
  submitting(confirmForm, async () => {
    const result = await api("POST", "/me/two-factor/confirm", { code: confirmForm.elements.code.value });
    const list = codes.querySelector("ol");
    list.replaceChildren(...result.recoveryCodes.map((code) => {
      const item = document.createElement("li");
      item.textContent = code;
      return item;
    }));
    setup.hidden = true;
    codes.hidden = false;
    document.getElementById("two-factor-state").textContent = t("security.on");
    toast(t("security.on"));
  });
});

off?.addEventListener("submit", (event) => {
  event.preventDefault();
  submitting(off, async () => {
    await api("DELETE", "/me/two-factor", { password: off.elements.password.value });
    location.reload();
  });
});
