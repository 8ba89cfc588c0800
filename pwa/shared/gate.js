// A login gate for the office consoles: shows a login form until a user of an allowed role is in.
import { ApiError, api, login, logout, storedUser, token } from "./api.js";
import { setZone } from "./format.js";

function loginForm(title, roles, message) {
  const root = document.createElement("main");
  root.className = "gate";
  root.innerHTML = `
    <form class="card gate-form" novalidate>
      <h1>${title}</h1>
      <p class="muted">Sign in as ${roles.join(" or ")}.</p>
      <label>Username <input name="username" autocomplete="username" required></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
      <p class="error" role="alert">${message || ""}</p>
      <button class="primary" type="submit">Sign in</button>
    </form>`;
  return root;
}

/**
 * Resolve with the logged-in user once one of `roles` is signed in.
 * @param {{title: string, roles: string[]}} options
 */
export async function requireLogin({ title, roles }) {
  const user = await signedIn(title, roles);
  setZone((await api("/api/v1/auth/settings")).timezone);
  return user;
}

async function signedIn(title, roles) {
  if (token()) {
    try {
      const me = await api("/api/v1/auth/me");
      if (roles.includes(me.role)) return me;
      await logout();
      return showGate(title, roles, `The ${me.role} role cannot use this page.`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
  return showGate(title, roles, "");
}

function showGate(title, roles, message) {
  return new Promise((resolve) => {
    const gate = loginForm(title, roles, message);
    document.body.replaceChildren(gate);
    const form = gate.querySelector("form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = form.querySelector(".error");
      try {
        const user = await login(form.username.value.trim(), form.password.value);
        if (!roles.includes(user.role)) {
          await logout();
          error.textContent = `The ${user.role} role cannot use this page.`;
          return;
        }
        gate.remove();
        resolve(user);
      } catch (e) {
        error.textContent = e instanceof ApiError ? e.message : "The server cannot be reached.";
      }
    });
    form.username.focus();
  });
}

/** Log out and reload the page (back to the gate). */
export async function signOut() {
  await logout();
  location.reload();
}

export { storedUser };
