// A constant-rate client (not a closed loop): POST /v1/emails at RATE requests/s for DURATION
// seconds over keep-alive connections, each request's latency counted from the moment it was due,
// so a stall shows up in the latency of every request it held back (no coordinated omission).
// Prints one line of JSON: {"sent","ok","errors","p50","p99","p999","max"} (milliseconds).
//   API=http://127.0.0.1:18180 KEY=pt_live_... FROM=sender@bench.test RATE=100 DURATION=30 node bench/constant_rate.mjs
import http from "node:http";

const api = new URL(process.env.API);
const rate = Number(process.env.RATE || 100);
const duration = Number(process.env.DURATION || 30);
const total = rate * duration;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const text = "x".repeat(1024);
const latencies = [];
let ok = 0;
let errors = 0;
let finished = 0;

function post(i, due) {
  const body = JSON.stringify({ from: `Bench <${process.env.FROM}>`, to: `c${i}@receiver.test`, subject: "Bench", text });
  const request = http.request(
    {
      agent, host: api.hostname, port: api.port, path: "/v1/emails", method: "POST",
      headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Authorization: `Bearer ${process.env.KEY}` },
    },
    (response) => {
      response.resume();
      response.on("end", () => {
        latencies.push(Number(process.hrtime.bigint() - due) / 1e6);
        if (response.statusCode === 202) ok++; else errors++;
        done();
      });
    });
  request.on("error", () => { errors++; done(); });
  request.end(body);
}

function done() {
  if (++finished < total) return;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const r = (v) => Math.round(v * 100) / 100;
  console.log(JSON.stringify({ sent: total, ok, errors, p50: r(at(0.5)), p99: r(at(0.99)), p999: r(at(0.999)), max: r(latencies.at(-1)) }));
  agent.destroy();
}

const start = process.hrtime.bigint();
const interval = BigInt(Math.round(1e9 / rate));
let next = 0;
(function tick() {
  const now = process.hrtime.bigint();
  while (next < total && start + BigInt(next) * interval <= now) {
    post(next, start + BigInt(next) * interval);
    next++;
  }
  if (next < total) setTimeout(tick, 1);
})();
