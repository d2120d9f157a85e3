#!/usr/bin/env python3
"""SIGHUP reloads the signatures of a live sensor (on loopback; needs root).

A connection that starts before a reload finishes with the set it started
with; connections after it use the new set (here: without the bank card
signature); a broken set is refused with one line naming file and line, and
the set in use stays. Prints 'N passed, N failed'.
usage: reload_test.py SENSOR SIGNATURES_DIR
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "captures"))
import pcapgen  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from report import report  # noqa: E402
sys.path.insert(0, os.path.dirname(__file__))
import loopback  # noqa: E402


def wait_for(lines, text, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if any(text in line for line in lines):
            return True
        time.sleep(0.05)
    return False


def main():
    sensor, signatures = sys.argv[1], sys.argv[2]
    body = pcapgen.records(200).encode()
    work = tempfile.mkdtemp()
    sigs = os.path.join(work, "signatures")
    shutil.copytree(signatures, sigs)
    server, port = loopback.listen()
    proc = subprocess.Popen([sensor, "--interface", "lo", "--bpf", f"tcp port {port}", "--all-directions",
                             "--alert-format", "json", "--workers", "2", "--signatures", sigs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    err_lines = []
    reader = threading.Thread(target=lambda: err_lines.extend(proc.stderr), daemon=True)
    reader.start()
    failures = []
    if not wait_for(err_lines, '"event":"start"'):
        failures.append("the sensor did not start")

    ports = {}
    before, before_peer = loopback.connect(server)  # under way across the reload
    ports["before"] = before.getsockname()[1]
    before.sendall(body[:2000])
    first, first_peer = loopback.connect(server)
    ports["first"] = first.getsockname()[1]
    loopback.deliver(first, first_peer, body)
    time.sleep(0.5)

    os.remove(os.path.join(sigs, "bank_card.sig"))
    proc.send_signal(signal.SIGHUP)
    if not wait_for(err_lines, '"event":"reload"'):
        failures.append("no reload line after SIGHUP")
    loopback.deliver(before, before_peer, body[2000:])
    after, after_peer = loopback.connect(server)
    ports["after"] = after.getsockname()[1]
    loopback.deliver(after, after_peer, body)
    time.sleep(0.5)

    with open(os.path.join(sigs, "email.sig"), "a") as f:
        f.write("\nthis is not a signature line\n")
    proc.send_signal(signal.SIGHUP)
    if not wait_for(err_lines, "signature reload failed"):
        failures.append("no line saying the broken set was refused")
    broken = [line for line in err_lines if "signature reload failed" in line]
    if broken and "email.sig:" not in broken[0]:
        failures.append(f"the refusal does not name the file and line: {broken[0]}")
    kept, kept_peer = loopback.connect(server)
    ports["kept"] = kept.getsockname()[1]
    loopback.deliver(kept, kept_peer, body)
    time.sleep(0.5)

    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    if proc.returncode != 0:
        failures.append(f"exit code {proc.returncode}")
    categories = {name: set() for name in ports}
    for line in out.splitlines():
        a = json.loads(line)
        for name, p in ports.items():
            if a["src_port"] == p:
                categories[name].add(a["category"])
    with_cards = {"bank_card", "cn_mobile", "cn_resident_id", "email"}
    without = with_cards - {"bank_card"}
    for name, want in (("before", with_cards), ("first", with_cards), ("after", without), ("kept", without)):
        if categories[name] != want:
            failures.append(f"connection '{name}': {sorted(categories[name])}, expected {sorted(want)}")
    shutil.rmtree(work)
    return report(failures)


if __name__ == "__main__":
    sys.exit(main())
