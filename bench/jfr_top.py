#!/usr/bin/env python3
"""Where a profile's CPU samples are: the top frames, the share of samples whose stack passes
through each of a few families of code (inclusive), and, for async-profiler's output, the threads.

    python3 bench/jfr_top.py /tmp/send.jfr [how many]   # a JFR recording (bench/delivery.sh PROFILE=)
    python3 bench/jfr_top.py /tmp/send.txt [how many]   # async-profiler's collapsed stacks (CPU_PROFILE=)
"""
import collections
import re
import subprocess
import sys

path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25


def jfr_stacks():
    """(frames innermost first, thread, weight) of each JFR execution sample."""
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                         capture_output=True, text=True, check=True).stdout
    for event in out.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$.<>]+)\(.*\)\s+line:", event, re.M)
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        if frames:
            yield frames, thread.group(1) if thread else "?", 1


def collapsed_stacks():
    """The same of async-profiler's collapsed output: outermost frame first, the thread before it."""
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            frames = [f.replace("/", ".") for f in stack.split(";")]
            thread = "?"
            if frames and frames[0].startswith("["):
                thread = re.sub(r" tid=\d+\]$|\]$", "", frames.pop(0)[1:])
            yield frames[::-1], thread, int(count)


with open(path, "rb") as f:
    is_jfr = f.read(4) == b"FLR\0"
stacks = list(jfr_stacks() if is_jfr else collapsed_stacks())
total = sum(w for _, _, w in stacks)
print(f"{total} samples")

selfs = collections.Counter()
for frames, _, w in stacks:
    selfs[frames[0]] += w
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
    "garbage collector": ["G1", "GCTask", "ParallelTask"],
    "JIT compiler": ["CompileBroker", "C2Compiler", "Compile::"],
    "kernel (syscalls, network)": ["[k]", "entry_SYSCALL", "do_syscall"],
}
print("\ninclusive (stack passes through):")
for name, needles in families.items():
    n = sum(w for frames, _, w in stacks if any(any(k in f for k in needles) for f in frames))
    print(f"  {100 * n / total:5.1f}%  {name}")

threads = collections.Counter()
for _, thread, w in stacks:
    threads[re.sub(r"[-#]?\d+( - .*)?$", "", thread)] += w  # a pool's threads together (Jetty's: "dw-37 - POST /v1/emails")
print("\nthreads (a pool's together):")
for thread, n in threads.most_common(top):
    print(f"  {100 * n / total:5.1f}%  {thread}")
