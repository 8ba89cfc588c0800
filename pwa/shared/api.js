// The API client shared by the office consoles: bearer token in localStorage, one error shape.

const TOKEN_KEY = "fieldops.token";
const USER_KEY = "fieldops.user";

/** An error answer of the API: branch on `code`, show `message`, mark fields from `details`. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

/** The stored bearer token, or null. */
export function token() {
  return localStorage.getItem(TOKEN_KEY);
}

/** The user who logged in on this browser, or null. */
export function storedUser() {
  const raw = localStorage.getItem(USER_KEY);
  return raw ? JSON.parse(raw) : null;
}

/**
 * Call the API. Resolves with the parsed JSON (null for 204); rejects with ApiError.
 * @param {string} path  e.g. "/api/v1/orders?status=ready"
 * @param {{method?: string, body?: any, raw?: boolean}} [options]
 */
export async function api(path, { method = "GET", body, raw = false } = {}) {
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (raw && response.ok) return response;
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data && data.error) || {};
    if (response.status === 401) forget();
    throw new ApiError(response.status, error.code || "http_error", error.message || response.statusText, error.details);
  }
  return data;
}

/**
 * Fetch a file from the API and save it in the browser's downloads.
 * @param {string} path  e.g. "/api/v1/reports/orders.csv?from=…"
 * @param {string} filename  the name to save it under
 */
export async function download(path, filename) {
  const response = await api(path, { raw: true });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Log in and remember the token and user. */
export async function login(username, password) {
  const data = await api("/api/v1/auth/login", { method: "POST", body: { username, password } });
  localStorage.setItem(TOKEN_KEY, data.token);
  localStorage.setItem(USER_KEY, JSON.stringify(data.user));
  return data.user;
}

function forget() {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
}

/** Log out on the server (best effort) and forget the token here. */
export async function logout() {
  try {
    await api("/api/v1/auth/logout", { method: "POST" });
  } finally {
    forget();
  }
}
