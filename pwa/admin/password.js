// A new password for a user who lost theirs: the admin sets it, their sessions end.
import { api } from "/static/shared/api.js";
import { attempt, flash, labelled, recorded, unmark } from "/static/shared/forms.js";

const LABELS = labelled({ password: "New password" });

/** The row under a user's row where the admin types the new password, folded until asked. */
export function passwordRowHtml() {
  return `<tr class="password-row" hidden><td colspan="5"><form class="inline-form" novalidate>
    <label>New password <input name="password" type="password" autocomplete="new-password"></label>
    <button class="primary" type="submit">Set password</button><button type="button" data-fold>Cancel</button>
    <span class="muted">Their sessions end; give them the new password.</span>
    <p class="error" role="alert"></p></form></td></tr>`;
}

/** Wire the "New password" button and form of the user `user` in `body` (their tbody). */
export function wirePassword(body, user) {
  const row = body.querySelector(".password-row");
  const form = row.querySelector("form");
  const fold = (open) => {
    row.hidden = !open;
    form.reset();
    form.querySelector(".error").textContent = "";
    if (open) form.password.focus();
  };
  body.querySelector("[data-password]").onclick = () => fold(row.hidden);
  form.querySelector("[data-fold]").onclick = () => fold(false);
  form.oninput = (e) => unmark(form, e.target);
  form.onsubmit = async (event) => {
    event.preventDefault();
    const url = `/api/v1/users/${user.id}/password`;
    const done = await attempt(form, LABELS, () => api(url, { method: "PUT", body: { password: form.password.value } }));
    if (!done) return;
    fold(false);
    recorded();
    flash(document.getElementById("users-flash"), `${user.username} has a new password.`);
  };
}
