// The Postject dashboard: a client of the public JSON API, nothing more. Every value from the API
// goes into the page as text (never as HTML), and the page allows no script but this file.
"use strict";

const TOKEN = "postject.token";
const main = document.getElementById("main");
const nav = document.getElementById("nav");
const modeBadge = document.getElementById("mode");
const message = document.getElementById("message");
const logoutButton = document.getElementById("logout");
const banner = document.getElementById("banner");

const USER_PAGES = [
  ["overview", "Overview"], ["keys", "API keys"], ["tokens", "Server tokens"], ["sandbox", "Sandbox emails"], ["domains", "Domains"],
  ["production", "Production access"], ["activity", "Activity"], ["suppressions", "Suppressions"], ["webhooks", "Webhooks"],
  ["audit", "Audit log"],
];
const ADMIN_PAGES = [["admin", "Production requests"], ["accounts", "Accounts"]];
const WEBHOOK_EVENTS = ["email.queued", "email.delivered", "email.deferred", "email.bounced", "email.failed",
  "email.delayed", "email.complained", "email.opened", "email.clicked", "domain.verified", "account.production_approved"];

// ---------------------------------------------------------------- helpers

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function field(label, input) {
  return el("label", {}, label, input);
}

function table(headers, rows) {
  return el("div", { class: "table" }, el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows)));
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : "-";
}

function say(text, kind) {
  message.className = kind || "";
  message.textContent = text || "";
}

function copyButton(value, label) {
  return el("button", {
    type: "button", class: "secondary", "aria-label": label || "Copy",
    onclick: async (event) => {
      try {
        await navigator.clipboard.writeText(value);
        event.target.textContent = "Copied";
      } catch (e) {
        event.target.textContent = "Select and copy";
      }
    },
  }, "Copy");
}

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || "Request failed (" + status + ")");
    this.status = status;
    this.body = body;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN);
}

function claims() {
  try {
    return JSON.parse(atob(token().split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  } catch (e) {
    return {};
  }
}

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = "Bearer " + token();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401 && token()) {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.setItem("postject.expired", "1");
    location.hash = "#/login";
    throw new ApiError(401, json);
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

// Runs an action, showing its error (if any) in the message area.
async function attempt(action) {
  try {
    say("");
    await action();
  } catch (e) {
    if (e.status !== 401) say(e.message);
  }
}

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

// ---------------------------------------------------------------- sign up and log in

function loginPage() {
  const expired = sessionStorage.getItem("postject.expired");
  sessionStorage.removeItem("postject.expired");
  if (expired) say("Your session has expired. Please log in again.", "info");
  const form = el("form", {
    class: "stack", id: "login-form",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(async () => {
        const answer = await api("POST", "/v1/auth/login", formValues(form));
        sessionStorage.setItem(TOKEN, answer.token);
        location.hash = claims().role === "admin" ? "#/admin" : "#/overview";
      });
    },
  },
  field("Email", el("input", { name: "email", type: "email", autocomplete: "username", required: true })),
  field("Password", el("input", { name: "password", type: "password", autocomplete: "current-password", required: true })),
  el("button", { type: "submit" }, "Log in"));
  return [el("h1", {}, "Log in"), form, el("p", {}, "New to Postject? ", el("a", { href: "#/signup" }, "Create an account"))];
}

function signupPage() {
  const form = el("form", {
    class: "stack", id: "signup-form",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(async () => {
        const answer = await api("POST", "/v1/auth/signup", formValues(form));
        sessionStorage.setItem(TOKEN, answer.token);
        location.hash = "#/keys";
      });
    },
  },
  field("Email", el("input", { name: "email", type: "email", autocomplete: "username", required: true })),
  field("Password (at least 12 characters)", el("input", { name: "password", type: "password", autocomplete: "new-password", required: true, minlength: "12" })),
  field("Account name", el("input", { name: "accountName", required: true })),
  el("button", { type: "submit" }, "Create account"));
  return [el("h1", {}, "Create your account"), form, el("p", {}, "Have an account? ", el("a", { href: "#/login" }, "Log in"))];
}

// ---------------------------------------------------------------- Settings -> API keys

const PERMISSIONS = [["full_access", "Full access"], ["sending_access", "Sending access"]];

function permissionText(key) {
  const name = (PERMISSIONS.find(([value]) => value === key.permission) || [key.permission, key.permission])[1];
  return key.domain ? name + ": " + key.domain + " only" : name;
}

async function keysPage() {
  const [keys, domains] = await Promise.all([api("GET", "/v1/auth/api-keys"), api("GET", "/v1/domains")]);
  const verified = domains.data.filter((domain) => domain.status === "verified");
  const shown = el("div", { id: "new-key", "aria-live": "polite" });
  const domainSelect = el("select", { name: "domainId", disabled: true },
    el("option", { value: "" }, "Any domain of the account"),
    verified.map((domain) => el("option", { value: domain.id }, domain.name)));
  const permissionSelect = el("select", {
    name: "permission",
    onchange: () => {
      domainSelect.disabled = permissionSelect.value !== "sending_access";
      if (domainSelect.disabled) domainSelect.value = "";
    },
  }, PERMISSIONS.map(([value, label]) => el("option", { value }, label)));
  const form = el("form", {
    id: "create-key",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(async () => {
        const values = formValues(form);
        const body = { name: values.name || undefined, permission: values.permission };
        if (values.expiresInDays) body.expiresInDays = Number(values.expiresInDays);
        if (values.domainId) body.domainId = values.domainId;
        const created = await api("POST", "/v1/auth/api-keys", body);
        await render();
        document.getElementById("new-key").replaceChildren(el("div", { class: "secret" },
          el("strong", {}, "Your new API key (" + permissionText(created) + ")"),
          el("code", { id: "new-key-value" }, created.key),
          el("p", { class: "warn" }, "Copy it now: you will not see this key again."),
          copyButton(created.key, "Copy the new API key")));
      });
    },
  },
  field("Name", el("input", { name: "name", placeholder: "production", maxlength: "100" })),
  field("Permission", permissionSelect),
  field("Sends only from (sending access)", domainSelect),
  field("Expires in days (optional)", el("input", { name: "expiresInDays", type: "number", min: "1", max: "3650" })),
  el("p", { class: "muted" }, "Full access: everything an API key can do. Sending access: send emails and read the ones it sent, nothing else; "
    + "limited to a verified domain, it sends only from that domain, and nothing while the domain is not verified."),
  el("button", { type: "submit" }, "Create key"));
  const rows = keys.data.map((key) => {
    const actions = el("td", {});
    const revoke = el("button", {
      type: "button", class: "danger", "aria-label": "Revoke " + key.name,
      onclick: () => actions.replaceChildren(
        el("span", {}, "Revoke " + key.name + "? "),
        el("button", { type: "button", class: "danger", "data-confirm": key.id, onclick: () => attempt(async () => {
          await api("DELETE", "/v1/auth/api-keys/" + key.id);
          await render();
          say("Key " + key.name + " revoked.", "info");
        }) }, "Yes, revoke"),
        el("button", { type: "button", class: "secondary", onclick: () => render() }, "Cancel")),
    }, "Revoke");
    actions.append(revoke);
    return el("tr", { "data-key": key.id }, el("td", {}, key.name), el("td", {}, el("code", {}, key.hint)),
      el("td", { class: "permission" }, permissionText(key)),
      el("td", {}, when(key.createdAt)), el("td", {}, key.expiresAt ? when(key.expiresAt) : "never"),
      el("td", {}, key.lastUsedAt ? when(key.lastUsedAt) : "never"), actions);
  });
  return [el("h1", {}, "Settings: API keys"), form, shown,
    table(["Name", "Key", "Permission", "Created", "Expires", "Last used", ""], rows)];
}

// ---------------------------------------------------------------- Account -> Sandbox Emails

async function sandboxPage() {
  const list = await api("GET", "/v1/account/sandbox-emails");
  const form = el("form", {
    id: "add-sandbox",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(async () => {
        await api("POST", "/v1/account/sandbox-emails", formValues(form));
        await render();
        say("We sent a confirmation link to that address.", "info");
      });
    },
  }, field("Email address", el("input", { name: "email", type: "email", required: true })),
  el("button", { type: "submit" }, "Add"));
  const rows = list.data.map((entry) => el("tr", { "data-email": entry.email },
    el("td", { class: "wrap" }, entry.email),
    el("td", { class: entry.status === "confirmed" ? "ok" : "" }, entry.status),
    el("td", {}, when(entry.addedAt)), el("td", {}, when(entry.confirmedAt)),
    el("td", {}, el("div", { class: "row" },
      entry.status === "pending" ? el("button", { type: "button", class: "secondary", onclick: () => attempt(async () => {
        await api("POST", "/v1/account/sandbox-emails/" + encodeURIComponent(entry.email) + "/resend-confirmation");
        say("A new confirmation link is on its way.", "info");
      }) }, "Resend confirmation") : null,
      el("button", { type: "button", class: "danger", "aria-label": "Remove " + entry.email, onclick: () => attempt(async () => {
        await api("DELETE", "/v1/account/sandbox-emails/" + encodeURIComponent(entry.email));
        await render();
      }) }, "Remove")))));
  return [el("h1", {}, "Account: Sandbox emails"),
    el("p", { class: "muted" }, "In sandbox mode, mail goes only to confirmed addresses on this list."),
    form, table(["Address", "Status", "Added", "Confirmed", ""], rows)];
}

// ---------------------------------------------------------------- Domains

async function domainsPage() {
  const list = await api("GET", "/v1/domains");
  const form = el("form", {
    id: "add-domain",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(async () => {
        await api("POST", "/v1/domains", formValues(form));
        await render();
      });
    },
  }, field("Domain", el("input", { name: "name", placeholder: "mail.example.com", required: true })),
  el("button", { type: "submit" }, "Add domain"));
  const sections = list.data.map((domain) => {
    const checks = el("p", { class: "checks", "aria-live": "polite" });
    return el("section", { "data-domain": domain.name },
      el("h2", {}, domain.name, " ", el("span", { class: domain.status === "verified" ? "ok" : "muted", "data-status": domain.status }, "(" + domain.status + ")")),
      table(["Type", "Name", "Value", "For", ""], domain.records.map((record) => el("tr", {},
        el("td", {}, record.type), el("td", { class: "wrap" }, record.name), el("td", { class: "wrap" }, el("code", {}, record.value)),
        el("td", {}, record.purpose), el("td", {}, copyButton(record.value, "Copy the " + record.purpose + " record"))))),
      el("div", { class: "row" },
        el("button", { type: "button", "data-verify": domain.id, onclick: () => attempt(async () => {
          const result = await api("POST", "/v1/domains/" + domain.id + "/verify");
          await render();
          const shown = document.querySelector('[data-domain="' + domain.name + '"] .checks');
          if (shown) shown.textContent = "Checks: ownership " + result.checks.ownership + ", DKIM " + result.checks.dkim + ", SPF " + result.checks.spf;
        }) }, "Verify " + domain.name),
        el("button", { type: "button", class: "danger", onclick: () => attempt(async () => {
          await api("DELETE", "/v1/domains/" + domain.id);
          await render();
        }) }, "Delete")),
      checks);
  });
  return [el("h1", {}, "Domains"),
    el("p", { class: "muted" }, "Publish these DNS records at your DNS host, then verify. Mail from a verified domain is DKIM-signed."),
    form, sections];
}

// ---------------------------------------------------------------- Account -> Production Access

async function productionPage() {
  const state = await api("GET", "/v1/account/production-access");
  const step = (done, text) => el("li", {}, el("span", { class: done ? "ok" : "warn", "aria-hidden": "true" }, done ? "✓ " : "✗ "),
    el("span", { class: "sr-state" }, done ? "Done: " : "To do: "), text);
  const items = [
    step(state.prerequisites.verifiedDomain, "Verify a sending domain"),
    step(state.prerequisites.sandboxDelivery, "Send at least one email in sandbox mode"),
    step(state.status === "approved", "Request production access and get it approved"),
  ];
  const parts = [el("h1", {}, "Account: Production access"), el("ol", { class: "checklist", id: "checklist" }, items),
    el("p", { id: "request-status" }, "Request: ", el("strong", {}, state.status))];
  if (state.status === "rejected" && state.reason) {
    parts.push(el("p", { class: "warn", id: "rejection" }, "Not approved: " + state.reason));
  }
  if (state.status === "none" || state.status === "rejected") {
    const form = el("form", {
      class: "stack", id: "request-production",
      onsubmit: (event) => {
        event.preventDefault();
        attempt(async () => {
          const values = formValues(form);
          await api("POST", "/v1/account/production-access", { useCase: values.useCase, website: values.website || undefined });
          await render();
        });
      },
    }, field("What will you send, to whom?", el("textarea", { name: "useCase", required: true, maxlength: "2000" })),
    field("Website (optional)", el("input", { name: "website", type: "url", placeholder: "https://example.com" })),
    el("button", { type: "submit" }, "Request production access"));
    parts.push(form);
  }
  return parts;
}

// ---------------------------------------------------------------- Activity

async function activityPage(params) {
  const status = params.get("status") || "";
  const emails = await api("GET", "/v1/emails?limit=50" + (status ? "&status=" + encodeURIComponent(status) : ""));
  const filter = el("form", { id: "activity-filter", onsubmit: (event) => {
    event.preventDefault();
    const value = formValues(filter).status;
    location.hash = "#/activity" + (value ? "?status=" + value : "");
  } }, field("Status", el("select", { name: "status" },
    ["", "queued", "delivered", "deferred", "bounced", "failed"].map((s) => el("option", { value: s, selected: s === status }, s || "any")))),
  el("button", { type: "submit" }, "Filter"));
  const rows = emails.data.map((email) => el("tr", { "data-email-id": email.id },
    el("td", {}, el("a", { href: "#/email?id=" + email.id }, email.subject)),
    el("td", { class: "wrap" }, [].concat(email.to || []).join(", ")), el("td", {}, email.status), el("td", {}, when(email.createdAt))));
  return [el("h1", {}, "Activity"), filter, table(["Subject", "To", "Status", "Sent"], rows)];
}

async function emailPage(params) {
  const email = await api("GET", "/v1/emails/" + encodeURIComponent(params.get("id")));
  return [el("h1", {}, email.subject),
    el("p", {}, "From " + email.from + " to " + [].concat(email.to || []).join(", ") + ". Status: ", el("strong", { id: "email-status" }, email.status)),
    el("h2", {}, "Recipients"),
    table(["Recipient", "Status", "Bounce", "Complaint"], email.recipients.map((r) => el("tr", { "data-recipient": r.email },
      el("td", { class: "wrap" }, r.email), el("td", {}, r.status),
      el("td", { class: "wrap bounce" }, r.bounce ? bounceText(r.bounce) : ""),
      el("td", {}, r.complaint ? r.complaint.feedbackType + " (" + when(r.complaint.at) + ")" : "")))),
    el("h2", {}, "Timeline"),
    table(["Event", "Recipient", "When", "Detail"], email.events.map((event) => el("tr", { "data-event": event.type },
      el("td", {}, event.type), el("td", { class: "wrap" }, event.recipient || ""), el("td", {}, when(event.at)),
      el("td", { class: "wrap" }, event.detail || "")))),
    el("p", {}, el("a", { href: "#/activity" }, "Back to activity"))];
}

function bounceText(bounce) {
  return bounce.bounceType + " / " + bounce.subtype + (bounce.status ? " (" + bounce.status + ")" : "")
    + (bounce.asynchronous ? ", reported after delivery" : "") + ": " + bounce.response;
}

// ---------------------------------------------------------------- Suppressions

const SUPPRESSION_REASONS = {
  hard_bounce: "Hard bounce", complaint: "Spam complaint", repeated_soft_bounces: "Repeated soft bounces", manual: "Added by you",
};

async function suppressionsPage() {
  const list = await api("GET", "/v1/suppressions");
  const rows = list.data.map((entry) => el("tr", { "data-suppressed": entry.email },
    el("td", { class: "wrap" }, entry.email),
    el("td", { class: "reason" }, SUPPRESSION_REASONS[entry.reason] || entry.reason),
    el("td", {}, entry.bounceType ? entry.bounceType + " / " + entry.subtype : ""),
    el("td", {}, entry.emailId ? el("a", { href: "#/email?id=" + entry.emailId }, entry.emailId) : ""),
    el("td", {}, when(entry.createdAt)),
    el("td", {}, el("button", { type: "button", class: "danger", "aria-label": "Send to " + entry.email + " again",
      onclick: () => attempt(async () => {
        await api("DELETE", "/v1/suppressions/" + encodeURIComponent(entry.email));
        await render();
      }) }, "Remove"))));
  return [el("h1", {}, "Suppressions"),
    el("p", { class: "muted" }, "Mail to these addresses is not sent: they hard-bounced, complained, or soft-bounced again and again."
      + " Remove an address to send to it again."),
    table(["Address", "Reason", "Bounce", "Caused by", "Since", ""], rows)];
}

// ---------------------------------------------------------------- Webhooks

async function webhooksPage() {
  const list = await api("GET", "/v1/webhooks");
  const form = el("form", {
    id: "add-webhook", class: "stack",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(async () => {
        const events = [...form.querySelectorAll("input[name=event]:checked")].map((box) => box.value);
        const created = await api("POST", "/v1/webhooks", { url: form.elements.url.value, events });
        await render();
        document.getElementById("webhook-secret").replaceChildren(el("div", { class: "secret" },
          el("strong", {}, "Signing secret"), el("code", {}, created.secret), copyButton(created.secret, "Copy the signing secret")));
      });
    },
  }, field("Endpoint URL", el("input", { name: "url", type: "url", required: true, placeholder: "https://app.example.com/hooks" })),
  eventBoxes(["email.delivered"]),
  el("button", { type: "submit" }, "Add endpoint"));
  const sections = list.data.map((hook) => {
    const details = el("div", {});
    return el("section", { "data-webhook": hook.id },
      el("h2", { class: "wrap" }, hook.url),
      el("p", { class: "webhook-events" }, "Events: " + hook.events.join(", ") + ". " + (hook.enabled ? "Enabled." : "Disabled.")),
      el("div", { class: "row" },
        el("button", { type: "button", class: "secondary", onclick: () => attempt(async () => {
          await api("PATCH", "/v1/webhooks/" + hook.id, { enabled: !hook.enabled });
          await render();
        }) }, hook.enabled ? "Disable" : "Enable"),
        el("button", { type: "button", class: "secondary", "data-edit": hook.id, onclick: () => details.replaceChildren(editWebhookForm(hook)) }, "Edit"),
        el("button", { type: "button", class: "secondary", onclick: () => attempt(async () => {
          const full = await api("GET", "/v1/webhooks/" + hook.id);
          details.replaceChildren(el("div", { class: "secret" }, el("strong", {}, "Signing secret"), el("code", {}, full.secret),
            copyButton(full.secret, "Copy the signing secret")));
        }) }, "Show secret"),
        el("button", { type: "button", class: "secondary", onclick: () => attempt(async () => {
          const deliveries = await api("GET", "/v1/webhooks/" + hook.id + "/deliveries");
          details.replaceChildren(table(["Type", "Status", "Attempts", ""], deliveries.data.map((d) => el("tr", {},
            el("td", {}, d.type), el("td", {}, d.status),
            el("td", {}, d.attempts.map((a) => when(a.at) + " " + (a.responseCode || a.error || "")).join("; ")),
            el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => attempt(async () => {
              await api("POST", "/v1/webhooks/" + hook.id + "/deliveries/" + d.id + "/retry");
              say("Sent again.", "info");
            }) }, "Retry"))))));
        }) }, "Recent deliveries"),
        el("button", { type: "button", class: "danger", onclick: () => attempt(async () => {
          await api("DELETE", "/v1/webhooks/" + hook.id);
          await render();
        }) }, "Delete")),
      details);
  });
  return [el("h1", {}, "Webhooks"), form, el("div", { id: "webhook-secret", "aria-live": "polite" }), sections];
}

function eventBoxes(checked) {
  return el("fieldset", {}, el("legend", {}, "Events"), WEBHOOK_EVENTS.map((name) =>
    el("label", { class: "row" }, el("input", { type: "checkbox", name: "event", value: name, checked: checked.includes(name) }), name)));
}

function editWebhookForm(hook) {
  const form = el("form", {
    class: "stack edit-webhook",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(async () => {
        const events = [...form.querySelectorAll("input[name=event]:checked")].map((box) => box.value);
        await api("PATCH", "/v1/webhooks/" + hook.id, { url: form.elements.url.value, events });
        await render();
        say("Endpoint saved.", "info");
      });
    },
  }, field("Endpoint URL", el("input", { name: "url", type: "url", required: true, value: hook.url })),
  eventBoxes(hook.events),
  el("button", { type: "submit" }, "Save"));
  return form;
}

// ---------------------------------------------------------------- Audit log

function auditTable(entries) {
  return table(["When", "Event", "Actor"], entries.map((entry) => el("tr", { "data-type": entry.type },
    el("td", {}, when(entry.occurredAt)), el("td", {}, entry.type),
    el("td", {}, entry.actor ? entry.actor.type + (entry.actor.id ? " " + entry.actor.id : "") : ""))));
}

async function auditPage(params) {
  const type = params.get("type") || "";
  const log = await api("GET", "/v1/account/audit-log?order=desc&limit=100" + (type ? "&type=" + encodeURIComponent(type) : ""));
  const filter = el("form", { id: "audit-filter", onsubmit: (event) => {
    event.preventDefault();
    const value = formValues(filter).type.trim();
    location.hash = "#/audit" + (value ? "?type=" + encodeURIComponent(value) : "");
  } }, field("Event type", el("input", { name: "type", value: type, placeholder: "ApiKeyCreated" })),
  el("button", { type: "submit" }, "Filter"));
  return [el("h1", {}, "Audit log"), el("p", { class: "muted" }, "The account's ledger, newest first."), filter, auditTable(log.data)];
}

// The operators' pages (adminPage, accountsPage, accountLogPage) are in admin.js.

// ---------------------------------------------------------------- frame and routing

const PAGES = {
  overview: overviewPage, keys: keysPage, tokens: serverTokensPage, sandbox: sandboxPage, domains: domainsPage, production: productionPage, activity: activityPage,
  email: emailPage, suppressions: suppressionsPage, webhooks: webhooksPage, audit: auditPage, admin: adminPage, accounts: accountsPage, "account-log": accountLogPage,
};

async function frame(page) {
  const admin = claims().role === "admin";
  const pages = admin ? ADMIN_PAGES : USER_PAGES;
  nav.hidden = false;
  logoutButton.hidden = false;
  nav.replaceChildren(...pages.map(([name, title]) => el("a", { href: "#/" + name, "aria-current": name === page ? "page" : null }, title)));
  let account = null;
  if (admin) {
    modeBadge.className = "mode admin";
    modeBadge.textContent = "Admin";
  } else {
    account = await api("GET", "/v1/account");
    const production = account.mode === "production";
    modeBadge.className = "mode " + account.mode;
    modeBadge.textContent = (production ? "Production" : "Sandbox") + " mode";
    modeBadge.title = account.name;
  }
  pausedBanner(account);
  modeBadge.hidden = false;
}

// An operator paused the account's sending: say so, and why, on every page.
function pausedBanner(account) {
  const paused = account && account.sending && account.sending.paused;
  banner.hidden = !paused;
  banner.textContent = paused ? "Sending is paused: a Postject operator paused this account's sending, so new emails are"
    + " refused (403 sending_paused). Reason: " + account.sending.reason + ". The account's owner was mailed how to reach support." : "";
}

async function render() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const params = new URLSearchParams(query || "");
  if (!token() || path === "login" || path === "signup") {
    if (token() && (path === "login" || path === "signup")) sessionStorage.removeItem(TOKEN);
    nav.hidden = true;
    logoutButton.hidden = true;
    modeBadge.hidden = true;
    modeBadge.textContent = "";
    modeBadge.className = "mode";
    pausedBanner(null);
    main.replaceChildren(...(path === "signup" ? signupPage() : loginPage()));
    return;
  }
  const page = PAGES[path] ? path : (claims().role === "admin" ? "admin" : "overview");
  try {
    await frame(page);
    main.replaceChildren(...[await PAGES[page](params)].flat(Infinity));
    main.setAttribute("data-page", page);
  } catch (e) {
    if (e.status !== 401) say(e.message);
  }
}

logoutButton.addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN);
  say("");
  location.hash = "#/login";
});
window.addEventListener("hashchange", () => {
  say("");
  render().then(() => main.focus());
});
render();
