// Overview: the account's sending over time (GET /v1/stats) drawn with uPlot, served from
// Postject's own jar like this file, and its bounce and complaint rates against the thresholds
// receivers hold senders to. Loaded before app.js, whose helpers (el, field, table, api, say,
// formValues) it uses when the page is shown. Every value goes into the page as text.
"use strict";

const OVERVIEW_SERIES = [
  // [label, colour, value of a bucket]
  ["Sent", "#0b5cad", (b) => b.sent],
  ["Delivered", "#1b6e2d", (b) => b.delivered],
  ["Deferred", "#b36b00", (b) => b.deferred],
  ["Bounced", "#a4161a", (b) => b.bounced.total],
  ["Complained", "#6a1b9a", (b) => b.complained],
];
const ENGAGEMENT_SERIES = [
  ["Opened", "#00838f", (b) => b.opened],
  ["Clicked", "#ad1457", (b) => b.clicked],
];

function percent(fraction, digits) {
  return (fraction * 100).toFixed(digits) + "%";
}

// One rate against its threshold: ok, at risk, or not judged yet (too few sends).
function rateCard(id, title, rate, threshold, digits, atRisk, rates) {
  const judged = rates.sends >= rates.minimumSends;
  const state = atRisk ? "at-risk" : (judged ? "ok" : "too-few-sends");
  const verdict = atRisk ? "At risk: at or above the " + percent(threshold, digits) + " receivers tolerate"
    : judged ? "OK: below the " + percent(threshold, digits) + " threshold"
      : "Not judged yet: " + rates.sends + " of the " + rates.minimumSends + " sends needed";
  return el("section", { class: "rate rate-" + state, id: id, "data-state": state, "aria-label": title },
    el("h2", {}, title),
    el("p", { class: "rate-value" }, el("strong", { "data-rate": "" }, percent(rate, digits)),
      " of the last " + rates.sends + " sends (threshold " + percent(threshold, digits) + ")"),
    el("p", { class: atRisk ? "warn" : (judged ? "ok" : "muted") }, verdict));
}

// A line chart of some of the buckets' counts; its container names what it shows for assistive tech.
function chart(id, title, buckets, series, width) {
  const container = el("figure", { class: "chart", id: id, "data-buckets": String(buckets.length) },
    el("figcaption", {}, title));
  const data = [buckets.map((b) => Date.parse(b.start) / 1000)]
    .concat(series.map(([, , value]) => buckets.map(value)));
  const plot = el("div", { role: "img", "aria-label": title + ": " + series.map(([label, , value]) =>
    label + " " + buckets.reduce((sum, b) => sum + value(b), 0)).join(", ") });
  container.append(plot);
  new uPlot({
    width: width, height: 220,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"), // the buckets are UTC hours and days
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{}, { size: 50 }],
    series: [{}].concat(series.map(([label, colour]) => ({ label: label, stroke: colour, width: 2, points: { show: buckets.length < 40 } }))),
  }, data, plot);
  return container;
}

async function overviewPage(params) {
  const interval = params.get("interval") === "hour" ? "hour" : "day";
  const tag = params.get("tag") || "";
  const stats = await api("GET", "/v1/stats?interval=" + interval + (tag ? "&tag=" + encodeURIComponent(tag) : ""));
  const filter = el("form", { id: "overview-filter", onsubmit: (event) => {
    event.preventDefault();
    const values = formValues(filter);
    location.hash = "#/overview?interval=" + values.interval + (values.tag ? "&tag=" + encodeURIComponent(values.tag) : "");
  } },
  field("Period", el("select", { name: "interval" },
    el("option", { value: "day", selected: interval === "day" }, "Last 7 days, by day"),
    el("option", { value: "hour", selected: interval === "hour" }, "Last 24 hours, by hour"))),
  field("Tag", el("input", { name: "tag", value: tag, placeholder: "all tags", maxlength: "256" })),
  el("button", { type: "submit" }, "Show"));

  const rates = stats.rates;
  const width = Math.max(280, Math.min(main.clientWidth - 40, 960));
  const buckets = stats.buckets;
  const totals = OVERVIEW_SERIES.concat(ENGAGEMENT_SERIES).map(([label, , value]) =>
    el("tr", { "data-total": label.toLowerCase() }, el("th", { scope: "row" }, label),
      el("td", {}, String(buckets.reduce((sum, b) => sum + value(b), 0)))));
  const atRisk = rates.bounceAtRisk || rates.complaintAtRisk;
  return [el("h1", {}, "Overview"),
    atRisk ? el("p", { class: "warn", id: "reputation-warning", role: "alert" },
      "Your sending reputation is at risk: receivers may start refusing your mail, and Postject's operators may pause your sending.")
      : null,
    el("div", { class: "rates" },
      rateCard("rate-bounce", "Bounce rate (hard bounces)", rates.bounceRate, rates.thresholds.bounceRate, 1, rates.bounceAtRisk, rates),
      rateCard("rate-complaint", "Complaint rate", rates.complaintRate, rates.thresholds.complaintRate, 2, rates.complaintAtRisk, rates)),
    filter,
    el("p", { class: "muted" }, (tag ? "Tag " + tag + ", " : "All tags, ") + "by " + interval + " (UTC), from "
      + new Date(stats.from).toISOString().slice(0, 16).replace("T", " ") + " to "
      + new Date(stats.to).toISOString().slice(0, 16).replace("T", " ") + "."),
    chart("chart-sending", "Sending", buckets, OVERVIEW_SERIES, width),
    chart("chart-engagement", "Opens and clicks", buckets, ENGAGEMENT_SERIES, width),
    el("div", { class: "table", id: "overview-totals" }, el("table", {},
      el("caption", {}, "Totals over the period"), el("tbody", {}, totals)))];
}
