#!/usr/bin/env python3
"""Where a JFR recording's CPU samples are: the top frames, and the share of samples whose stack
passes through each of a few families of code (self and inclusive).

    python3 bench/jfr_top.py /tmp/send.jfr [how many]
"""
import collections
import re
import subprocess
import sys

path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                     capture_output=True, text=True, check=True).stdout
stacks = []
for event in out.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w$.<>]+)\(.*\)\s+line:", event, re.M)
    if frames:
        stacks.append(frames)
total = len(stacks)
print(f"{total} samples")
selfs = collections.Counter(s[0] for s in stacks)
print("\ntop frames (self):")
for frame, n in selfs.most_common(top):
    print(f"  {100 * n / total:5.1f}%  {frame}")
families = {
    "RSA / BigInteger (DKIM)": ["java.math.BigInteger", "sun.security.rsa"],
    "DKIM signer (all)": ["DkimSigner"],
    "MIME composing": ["OutgoingEmail.mime", "Sendable.mime", "jakarta.mail", "org.eclipse.angus"],
    "Jdbi reflection mappers": ["org.jdbi.v3.core.mapper.reflect", "org.jdbi.v3.core.mapper.Reflect"],
    "Jdbi (all)": ["org.jdbi"],
    "PostgreSQL driver": ["org.postgresql"],
    "Axon (all)": ["org.axonframework"],
    "Axon event store append": ["JdbcEventStorageEngine.appendEvents"],
    "Jackson": ["com.fasterxml.jackson"],
    "Jersey / Jetty": ["org.glassfish.jersey", "org.eclipse.jetty"],
    "Hikari / pool": ["com.zaxxer", "org.apache.tomcat.jdbc"],
    "logging": ["ch.qos.logback", "org.slf4j"],
    "EmailAcceptance": ["EmailAcceptance"],
    "EmailQueueing": ["EmailQueueing"],
    "DeliveryWorker": ["DeliveryWorker"],
    "SMTP client": ["mail.SmtpClient"],
}
print("\ninclusive (stack passes through):")
for name, needles in families.items():
    n = sum(1 for s in stacks if any(any(k in f for k in needles) for f in s))
    print(f"  {100 * n / total:5.1f}%  {name}")
