// The operators' pages: production requests, accounts (paused or not, at risk or not) and an
// account's ledger. Loaded before app.js, whose helpers (el, field, table, when, say, api, attempt,
// render) they use when shown. Every value goes into the page as text.
"use strict";

const METRICS = { bounce_rate: "Bounce rate", complaint_rate: "Complaint rate" };

function percent(fraction) {
  return (fraction * 100).toFixed(2).replace(/\.?0+$/, "") + "%";
}

async function adminPage() {
  const requests = await api("GET", "/v1/admin/production-requests?status=pending");
  const rows = requests.data.map((request) => {
    const reason = el("input", { name: "reason", "aria-label": "Reason for rejecting " + request.accountName });
    return el("tr", { "data-account": request.accountId },
      el("td", {}, request.accountName), el("td", {}, request.useCase), el("td", { class: "wrap" }, request.website || ""),
      el("td", {}, (request.prerequisites.verifiedDomain ? "domain ✓ " : "domain ✗ ") + (request.prerequisites.sandboxDelivery ? "delivery ✓" : "delivery ✗")),
      el("td", {}, when(request.requestedAt)),
      el("td", {}, el("div", { class: "row" },
        el("button", { type: "button", onclick: () => attempt(async () => {
          await api("POST", "/v1/admin/production-requests/" + request.accountId + "/approve");
          await render();
          say(request.accountName + " is in production mode.", "info");
        }) }, "Approve"),
        reason,
        el("button", { type: "button", class: "danger", onclick: () => attempt(async () => {
          await api("POST", "/v1/admin/production-requests/" + request.accountId + "/reject", { reason: reason.value });
          await render();
        }) }, "Reject"))));
  });
  return [el("h1", {}, "Production requests"),
    rows.length ? table(["Account", "Use case", "Website", "Prerequisites", "Requested", ""], rows) : el("p", { id: "no-requests" }, "No pending requests.")];
}

// Pause (with a reason the owner is shown) or Resume, for one account.
function sendingControl(account) {
  const path = "/v1/admin/accounts/" + encodeURIComponent(account.id);
  if (account.sendingPaused) {
    return el("button", { type: "button", class: "secondary", onclick: () => attempt(async () => {
      await api("POST", path + "/resume");
      await render();
      say(account.name + " sends again.", "info");
    }) }, "Resume");
  }
  const reason = el("input", { name: "reason", maxlength: "500", placeholder: "Reason (shown to the owner)",
    "aria-label": "Reason for pausing " + account.name });
  return el("div", { class: "row" }, reason, el("button", { type: "button", class: "danger", onclick: () => attempt(async () => {
    await api("POST", path + "/pause", { reason: reason.value });
    await render();
    say(account.name + ": sending paused.", "info");
  }) }, "Pause"));
}

function sendingState(account) {
  return account.sendingPaused
    ? [el("span", { class: "warn" }, "Paused"), " since " + when(account.pausedAt) + ": ", account.pausedReason]
    : el("span", { class: "ok" }, "Sending");
}

async function accountsPage() {
  const [atRisk, accounts] = await Promise.all([
    api("GET", "/v1/admin/accounts?atRisk=true&limit=100"), api("GET", "/v1/admin/accounts?limit=100")]);
  const risky = atRisk.data.map((account) => {
    const risk = account.reputationAtRisk;
    return el("tr", { "data-account": account.id },
      el("td", {}, el("a", { href: "#/account-log?id=" + account.id }, account.name)),
      el("td", {}, METRICS[risk.metric] || risk.metric),
      el("td", { class: "warn" }, percent(risk.rate)), el("td", {}, percent(risk.threshold)), el("td", {}, String(risk.sends)),
      el("td", {}, when(risk.at)), el("td", {}, sendingState(account)), el("td", {}, sendingControl(account)));
  });
  const all = accounts.data.map((account) => el("tr", { "data-account": account.id },
    el("td", {}, el("a", { href: "#/account-log?id=" + account.id }, account.name)), el("td", { class: "wrap" }, account.ownerEmail),
    el("td", {}, account.mode), el("td", {}, sendingState(account)), el("td", {}, when(account.createdAt)),
    el("td", {}, sendingControl(account))));
  return [el("h1", {}, "Accounts"),
    el("section", { id: "at-risk", "aria-labelledby": "at-risk-title" },
      el("h2", { id: "at-risk-title" }, "At risk"),
      el("p", { class: "muted" }, "Production accounts whose bounce or complaint rate crossed its threshold, with the latest warning."),
      risky.length
        ? table(["Account", "Metric", "Rate", "Threshold", "Over sends", "Detected", "Sending", ""], risky)
        : el("p", { id: "no-risk" }, "No account is at risk.")),
    el("section", { id: "all-accounts", "aria-labelledby": "all-accounts-title" },
      el("h2", { id: "all-accounts-title" }, "All accounts"),
      table(["Account", "Owner", "Mode", "Sending", "Opened", ""], all))];
}

async function accountLogPage(params) {
  const id = params.get("id");
  const log = await api("GET", "/v1/admin/audit-log?order=desc&limit=100&accountId=" + encodeURIComponent(id));
  return [el("h1", {}, "Audit log of " + id), auditTable(log.data), el("p", {}, el("a", { href: "#/accounts" }, "All accounts"))];
}
