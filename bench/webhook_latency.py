#!/usr/bin/env python3
"""Client side of bench/webhooks.sh: a webhook receiver, a steady stream of emails, and latencies.

Latency of one webhook = when the receiver got email.delivered minus the event's own timestamp
(when Postject recorded the SMTP server's 250). Baseline, measured in the same run against the same
receiver: a plain HTTP POST from this process, timed the same way.
"""
import json, os, re, statistics, sys, threading, time, urllib.parse, urllib.request
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API = os.environ["API"]
RATE = float(os.environ.get("RATE", "20"))
SECONDS = float(os.environ.get("DURATION", "30"))
latencies, baseline = [], []
lock = threading.Lock()


def parse_instant(text):
    # 2026-11-27T08:00:00.123456Z -> epoch seconds (microsecond precision is enough here)
    text = text.rstrip("Z")
    whole, _, frac = text.partition(".")
    return datetime.fromisoformat(whole + "+00:00").timestamp() + (float("0." + frac) if frac else 0.0)


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        arrived = time.time()
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with lock:
            if self.path == "/baseline":
                baseline.append(arrived - body["sentAt"])
            elif body.get("type") == "email.delivered":
                latencies.append(arrived - parse_instant(body["timestamp"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def call(method, path, token=None, body=None):
    request = urllib.request.Request(API + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
receiver = "http://127.0.0.1:%d" % server.server_address[1]

token = call("POST", "/v1/auth/signup", body={"email": "bench@example.com", "password": "benchmark password",
                                               "accountName": "Bench"})["token"]
key = call("POST", "/v1/auth/api-keys", token, {})["key"]
for address in ("sender@bench.test", "receiver@bench.test"):
    call("POST", "/v1/account/sandbox-emails", key, {"email": address})
for _ in range(100):
    inbox = call("GET", "/v1/dev/inbox", key)["data"]
    if len(inbox) >= 2:
        break
    time.sleep(0.1)
for message in inbox:
    raw = re.sub(r"=\r?\n", "", message["raw"])
    link = re.search(r"http://\S*token=[A-Za-z0-9]+", raw).group(0)
    page = link[link.index("/v1/"):]
    urllib.request.urlopen(API + page).read()  # the page only shows a button; its form post confirms
    form = urllib.parse.urlencode({"token": page.split("token=", 1)[1]}).encode()
    urllib.request.urlopen(urllib.request.Request(API + page.split("?", 1)[0], data=form, method="POST")).read()
call("POST", "/v1/webhooks", key, {"url": receiver + "/hook", "events": ["email.delivered"]})

total = int(RATE * SECONDS)
start = time.time()
for n in range(total):
    time.sleep(max(0.0, start + n / RATE - time.time()))
    call("POST", "/v1/emails", key, {"from": "sender@bench.test", "to": "receiver@bench.test",
                                    "subject": "Bench %d" % n, "text": "x" * 1024})
    # the baseline: the same receiver, a plain POST from here, at the same steady rate
    data = json.dumps({"sentAt": time.time()}).encode()
    urllib.request.urlopen(urllib.request.Request(receiver + "/baseline", data=data, method="POST",
                                                  headers={"Content-Type": "application/json"})).read()
deadline = time.time() + 60
while time.time() < deadline and len(latencies) < total:
    time.sleep(0.1)
if len(latencies) < total:
    sys.exit("only %d of %d webhooks arrived" % (len(latencies), total))

ms = lambda s: "%.1f ms" % (s * 1000)
p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
b50, b99 = percentile(baseline, 50), percentile(baseline, 99)
print()
print("%d emails at %.0f/s for %.0f s; webhook email.delivered to a local receiver" % (total, RATE, SECONDS))
print("SMTP delivery -> webhook arrival   p50 %s   p99 %s   max %s" % (ms(p50), ms(p99), ms(max(latencies))))
print("baseline, plain HTTP POST          p50 %s   p99 %s" % (ms(b50), ms(b99)))
print("ratio to baseline                  p50 %.1fx  p99 %.1fx" % (p50 / b50, p99 / b99))
