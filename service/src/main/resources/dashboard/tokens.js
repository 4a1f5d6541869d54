// Settings -> Server tokens: sending-only credentials for SMTP submission and the send endpoints.
// Loaded before app.js, whose helpers (el, field, table, when, say, copyButton, api, attempt,
// formValues, render) it uses when the page is shown. Every value goes into the page as text.
"use strict";

// "203.0.113.0/24, 2001:db8::/48" or one per line -> ["203.0.113.0/24", "2001:db8::/48"]
function networkList(text) {
  return (text || "").split(/[\s,]+/).filter((entry) => entry.length > 0);
}

function smtpSettings(created) {
  const smtp = created.smtp;
  const rows = [
    ["Host", smtp.host],
    ["Port (STARTTLS)", String(smtp.ports.starttls)],
    ["Port (implicit TLS)", String(smtp.ports.tls)],
    ["Username", smtp.username + " (any user name works)"],
    ["Password", smtp.password],
  ].map(([name, value]) => el("tr", {}, el("th", { scope: "row" }, name), el("td", { class: "wrap" }, el("code", {}, value)),
    el("td", {}, copyButton(name === "Username" ? smtp.username : value, "Copy the SMTP " + name.toLowerCase()))));
  return el("div", { class: "table", id: "smtp-settings" }, el("table", {},
    el("caption", {}, "SMTP settings (TLS: " + smtp.tls.join(", ") + ")"), el("tbody", {}, rows)));
}

async function serverTokensPage() {
  const tokens = await api("GET", "/v1/server-tokens");
  const shown = el("div", { id: "new-server-token", "aria-live": "polite" });
  const form = el("form", {
    id: "create-server-token",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(async () => {
        const values = formValues(form);
        const body = { name: values.name || undefined };
        if (values.expiresInDays) body.expiresInDays = Number(values.expiresInDays);
        const networks = networkList(values.allowedNetworks);
        if (networks.length) body.allowedNetworks = networks;
        const created = await api("POST", "/v1/server-tokens", body);
        await render();
        document.getElementById("new-server-token").replaceChildren(el("div", { class: "secret" },
          el("strong", {}, "Your new server token"),
          el("code", { id: "new-server-token-value" }, created.token),
          el("p", { class: "warn" }, "Copy it now: you will not see this token again."),
          copyButton(created.token, "Copy the new server token"),
          smtpSettings(created)));
      });
    },
  },
  field("Name", el("input", { name: "name", placeholder: "web servers", maxlength: "100" })),
  field("Expires in days (optional)", el("input", { name: "expiresInDays", type: "number", min: "1", max: "3650" })),
  field("Allowed networks (optional: these clients send over SMTP without a password)",
    el("textarea", { name: "allowedNetworks", placeholder: "203.0.113.0/24\n2001:db8:7::/48", rows: "2" })),
  el("button", { type: "submit" }, "Create token"));
  const rows = tokens.data.map((token) => {
    const actions = el("td", {});
    actions.append(el("button", {
      type: "button", class: "danger", "aria-label": "Revoke " + token.name,
      onclick: () => actions.replaceChildren(
        el("span", {}, "Revoke " + token.name + "? Apps using it stop sending. "),
        el("button", { type: "button", class: "danger", "data-confirm": token.id, onclick: () => attempt(async () => {
          await api("DELETE", "/v1/server-tokens/" + token.id);
          await render();
          say("Server token " + token.name + " revoked.", "info");
        }) }, "Yes, revoke"),
        el("button", { type: "button", class: "secondary", onclick: () => render() }, "Cancel")),
    }, "Revoke"));
    return el("tr", { "data-server-token": token.id }, el("td", {}, token.name), el("td", {}, el("code", {}, token.hint)),
      el("td", { class: "wrap" }, token.allowedNetworks.length ? token.allowedNetworks.join(", ") : "none"),
      el("td", {}, when(token.createdAt)), el("td", {}, token.expiresAt ? when(token.expiresAt) : "never"),
      el("td", {}, token.lastUsedAt ? when(token.lastUsedAt) : "never"), actions);
  });
  return [el("h1", {}, "Settings: Server tokens"),
    el("p", { class: "muted" }, "A server token only sends: over SMTP (it is the password) or POST /v1/emails, and reads the emails it sent."),
    form, shown, table(["Name", "Token", "Allowed networks", "Created", "Expires", "Last used", ""], rows)];
}
