#!/bin/sh
# Makes the Postfix fixtures beside this script with a real Postfix (Debian's `postfix` package):
# a throwaway instance in a temporary directory relays four messages to a local SMTP server that
# refuses them the way receivers do (550 5.1.1 at RCPT, 452 4.2.2 at RCPT, 552 5.3.4 after DATA),
# and sends its bounces and its delay warning to a second local server that keeps them.
# Run as root; it uses ports 27025-27027 of 127.0.0.1 and stops everything it started.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d /tmp/postfix-fixtures.XXXXXX)
chmod 755 "$W"
mkdir -p "$W/etc" "$W/queue" "$W/data" "$W/out"
chown postfix "$W/data"

cat > "$W/mx.py" <<'EOF'
import os, socketserver, sys, time
MODE, PORT, OUT = sys.argv[1], int(sys.argv[2]), sys.argv[3]
REFUSE = {"unknown": "550 5.1.1 <{a}>: Recipient address rejected: User unknown in virtual mailbox table",
          "full": "452 4.2.2 <{a}>: Recipient address rejected: Mailbox full, quota exceeded"}
TOO_LARGE = "552 5.3.4 Message size exceeds fixed maximum message size"
class Session(socketserver.StreamRequestHandler):
    def say(self, s):
        self.wfile.write((s + "\r\n").encode()); self.wfile.flush()
    def handle(self):
        self.say("220 mx.example.net ESMTP")
        rcpts, after_data = [], None
        while True:
            line = self.rfile.readline()
            if not line: return
            cmd = line.decode("latin-1").strip(); up = cmd.upper()
            if up.startswith("EHLO"):
                for l in ("250-mx.example.net", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250 8BITMIME"): self.say(l)
            elif up.startswith("MAIL"): rcpts, after_data = [], None; self.say("250 2.1.0 Ok")
            elif up.startswith("RCPT"):
                addr = cmd[cmd.index("<") + 1:cmd.index(">")]; local = addr.split("@")[0]
                kind = next((k for k in REFUSE if local.startswith(k)), None)
                if MODE == "mx" and kind: self.say(REFUSE[kind].format(a=addr)); continue
                if MODE == "mx" and local.startswith("large"): after_data = TOO_LARGE
                rcpts.append(addr); self.say("250 2.1.5 Ok")
            elif up == "DATA":
                if not rcpts: self.say("554 5.5.1 Error: no valid recipients"); continue
                self.say("354 End data with <CR><LF>.<CR><LF>")
                data = bytearray()
                while True:
                    l = self.rfile.readline()
                    if not l or l in (b".\r\n", b".\n"): break
                    data += l[1:] if l.startswith(b"..") else l
                if MODE == "sink":
                    open(os.path.join(OUT, "%d.eml" % time.time_ns()), "wb").write(bytes(data))
                self.say(after_data or "250 2.0.0 Ok: queued")
            elif up == "QUIT": self.say("221 2.0.0 Bye"); return
            else: self.say("250 2.0.0 Ok")
class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True; daemon_threads = True
Server(("127.0.0.1", PORT), Session).serve_forever()
EOF

cat > "$W/send.py" <<'EOF'
import smtplib, sys
path, sender, ret, rcpts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
with smtplib.SMTP("127.0.0.1", 27025, local_hostname="app.postject.test") as s:
    s.ehlo()
    s.mail(sender, ["RET=" + ret])
    for r in rcpts:
        s.rcpt(r, ["NOTIFY=FAILURE,DELAY", "ORCPT=rfc822;" + r])
    s.data(open(path, "rb").read())
EOF

cat > "$W/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $W/queue
data_directory = $W/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mta.postject.test
mydestination =
mynetworks = 127.0.0.0/8
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
relayhost = [127.0.0.1]:27026
transport_maps = texthash:$W/etc/transport
smtp_dns_support_level = disabled
smtp_host_lookup = native
maillog_file = $W/maillog
maillog_file_prefixes = $W
smtputf8_enable = no
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
maximal_queue_lifetime = 0
bounce_queue_lifetime = 0
EOF
echo "bounces.postject.test smtp:[127.0.0.1]:27027" > "$W/etc/transport"
cat > "$W/etc/master.cf" <<'EOF'
127.0.0.1:27025 inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n -  0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n -  - trivial-rewrite
bounce    unix  - - n -  0 bounce
defer     unix  - - n -  0 bounce
trace     unix  - - n -  0 bounce
verify    unix  - - n -  1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -  - proxymap
smtp      unix  - - n -  - smtp
relay     unix  - - n -  - smtp
showq     unix  n - n -  - showq
error     unix  - - n -  - error
retry     unix  - - n -  - error
discard   unix  - - n -  - discard
anvil     unix  - - n -  1 anvil
scache    unix  - - n -  1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF

/usr/bin/python3 "$W/mx.py" mx 27026 "$W/out" & MX=$!
/usr/bin/python3 "$W/mx.py" sink 27027 "$W/out" & SINK=$!
stop() { postfix -c "$W/etc" stop 2>/dev/null || true; kill "$MX" "$SINK" 2>/dev/null || true; }
trap stop EXIT
sleep 1
postfix -c "$W/etc" start

# message ID, envelope sender (VERP), RET, recipients
original() { # $1: recipients for To:, $2: email id
    printf 'Date: Tue, 01 Dec 2026 09:15:02 +0000\r\nFrom: Acme Billing <billing@acme.example>\r\nTo: %s\r\nMessage-ID: <%s@acme.example>\r\nSubject: =?UTF-8?Q?Your_invoice_=E2=84=96_1042?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="----=_Part_0_1234"\r\n\r\n------=_Part_0_1234\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nHello, your invoice is attached.\r\n------=_Part_0_1234\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n<p>Hello, your invoice is attached.</p>\r\n------=_Part_0_1234--\r\n' "$1" "$2"
}
wait_for() { # $1: how many files in out/
    i=0; while [ "$(ls "$W/out" | wc -l)" -lt "$1" ]; do i=$((i + 1)); [ $i -lt 60 ] || exit 1; sleep 1; done
}
keep() { mv "$W/out/$(ls "$W/out" | head -1)" "$HERE/$1"; }

original "unknown.one@example.net, unknown.two@example.net" msg_2fK9sT4wQxZ7vB1nM6dR > "$W/m1"
/usr/bin/python3 "$W/send.py" "$W/m1" bounces+Qm9uY2U.msg_2fK9sT4wQxZ7vB1nM6dR@bounces.postject.test FULL unknown.one@example.net unknown.two@example.net
wait_for 1; keep user-unknown-two-recipients.eml
original full.box@example.org msg_7hJ3kL9pQ2rS5tU8vW1x > "$W/m2"
/usr/bin/python3 "$W/send.py" "$W/m2" bounces+RnVsbA.msg_7hJ3kL9pQ2rS5tU8vW1x@bounces.postject.test HDRS full.box@example.org
wait_for 1; keep mailbox-full-headers-only.eml
original large.one@example.com msg_4aB6cD8eF0gH2iJ4kL6m > "$W/m3"
/usr/bin/python3 "$W/send.py" "$W/m3" bounces+TGFyZ2U.msg_4aB6cD8eF0gH2iJ4kL6m@bounces.postject.test FULL large.one@example.com
wait_for 1; keep message-too-large.eml

# a delay warning: keep retrying for a day, warn after two seconds
postconf -c "$W/etc" -e maximal_queue_lifetime=1d bounce_queue_lifetime=1d delay_warning_time=2s
postfix -c "$W/etc" reload
sleep 1
original full.later@example.org msg_9zY8xW7vU6tS5rQ4pO3n > "$W/m4"
/usr/bin/python3 "$W/send.py" "$W/m4" bounces+RGVsYXk.msg_9zY8xW7vU6tS5rQ4pO3n@bounces.postject.test HDRS full.later@example.org
wait_for 1; keep delayed.eml
postsuper -c "$W/etc" -d ALL >/dev/null 2>&1 || true
stop; trap - EXIT
rm -rf "$W"
echo "made: user-unknown-two-recipients.eml mailbox-full-headers-only.eml message-too-large.eml delayed.eml"
