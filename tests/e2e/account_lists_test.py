#!/usr/bin/env python3
"""Account lists as account markets sell them, end to end through the binary. 5,000 pairs in each
of the three formats (QQ----secret, mobile----secret----备注, email:secret), written in UTF-8 and in
GBK, each uploaded over HTTP as a file and sent as an IM-style JSON message: every flow gives one
account_credentials alert with exactly 5,000 distinct accounts, tier B and severe (5,000 / 500 = 10:
情节特别严重), its samples masked with no secret in them. The decoys (clock times, versions,
key: value logs, CSS, host:port lists, a configuration with one password), repeated 1,000 times,
give no alert at all. Prints 'N passed, N failed'.
usage: account_lists_test.py SENSOR"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "captures"))
sys.path.insert(0, os.path.join(HERE, ".."))
import pcapgen  # noqa: E402
from alert_log import kept  # noqa: E402
from report import report  # noqa: E402

PAIRS = 5000
DECOYS = ("12:30:45 2024-01-01T12:30:45+08:00 version 1.2.3:beta\n20240101:release1\n"
          "level: info\nhost: db1\nuser: admin\na:hover{color:red}\nli:first-child{margin:0}\n"
          "10.0.0.1:8080\ndb.example.com:5432\n[db]\nusername = admin\npassword = s3cret!\n")


def secret(i):
    return f"p{i:06d}x{i % 7}"


# Each format: its lines and the other categories (with their distinct values) its accounts are.
FORMATS = {
    "qq": ([f"{2843017765 + 7 * i}----{secret(i)}" for i in range(PAIRS)], {}),
    "mobile": ([f"{13912340000 + 13 * i}----{secret(i)}----备注" for i in range(PAIRS)], {"cn_mobile": PAIRS}),
    "email": ([f"user{i}@163.com:{secret(i)}" for i in range(PAIRS)], {"email": PAIRS}),
}


def file_upload(text, encoding):
    body, ctype = pcapgen.multipart([("file", "accounts.txt", "text/plain", ("账号列表\n" + text).encode(encoding))])
    return pcapgen.multipart_post("/upload", "pan.example.net", body, ctype)


def im_message(text, _):
    message = json.dumps({"to": "wxid_buyer", "type": "text", "msg": text}, ensure_ascii=False).encode()
    return (b"POST /cgi-bin/sendmsg HTTP/1.1\r\nHost: chat.example.net\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % len(message) + message)


def replay(sensor, tmp, name, request):
    path = os.path.join(tmp, name + ".pcap")
    with pcapgen.connection(path) as c:
        c.send(0, request)
        pcapgen.respond_and_close(c)
    run = subprocess.run([sensor, "--read", path, "--alert-format", "json"], capture_output=True, text=True)
    return run, kept([json.loads(line) for line in run.stdout.splitlines()])


def check_list(name, run, alerts, others):
    if run.returncode != 0:
        return [f"{name}: exit code {run.returncode}: {run.stderr}"]
    flows = {a["category"]: a for a in alerts if a["event"] == "dlp.flow"}
    got = {c: a["distinct"] for c, a in flows.items() if c == "account_credentials" or c in others}
    if got != {"account_credentials": PAIRS, **others}:
        return [f"{name}: distinct values by category {got}"]
    a = flows["account_credentials"]
    failures = []
    if (a["legal_tier"], a["severity"], a["score"]) != ("B", "severe", 10.0):
        failures.append(f"{name}: tier {a['legal_tier']}, severity {a['severity']}, score {a['score']}")
    samples = a["samples"]
    if not samples or any(not s.endswith(" / ********") or "p0" in s for s in samples):
        failures.append(f"{name}: samples {samples}")
    return failures


def main():
    sensor = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, (lines, others) in FORMATS.items():
            text = "\n".join(lines) + "\n"
            for carrier, encoding in ((file_upload, "utf-8"), (file_upload, "gbk"), (im_message, None)):
                name = f"{fmt}_{carrier.__name__}_{encoding or 'json'}"
                run, alerts = replay(sensor, tmp, name, carrier(text, encoding))
                # In the JSON message a number after an escaped "\n" is not read as a mobile or an
                # email's own category (their patterns want a non-alphanumeric byte before): only the
                # account list's count is asserted there.
                failures += check_list(name, run, alerts, others if carrier is file_upload else {})
        run, alerts = replay(sensor, tmp, "decoys", file_upload(DECOYS * 1000, "utf-8"))
        if run.returncode != 0 or alerts:
            failures.append(f"decoys: exit code {run.returncode}, alerts {alerts[:3]}")
    return report(failures, f" ({len(FORMATS) * 3} lists of {PAIRS} and the decoys)")


if __name__ == "__main__":
    sys.exit(main())
