#!/usr/bin/env python3
"""Live capture on the loopback interface (needs root, as CI has).

The sensor listens on `lo` while this test sends the 200-row customer list
over two real TCP connections: one closes (its alerts come at the FIN), one
stays open until SIGTERM, which must flush it. Between the two the alert
file is moved away and SIGHUP makes the sensor open it again by name. The
sensor runs as `nobody` once the capture is open, with a pid file. Stats lines come every second
(--stats-interval 1) and at exit: the test waits for two periodic lines
before the stop rather than counting on a window, because a loaded machine
(CI's, under ASan) may spend seconds of it recompiling signatures at the
SIGHUP. Prints 'N passed, N failed'.
usage: live_capture_test.py SENSOR
"""
import json
import os
import pwd
import signal
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "captures"))
import pcapgen  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from alert_log import kept  # noqa: E402
from report import report  # noqa: E402
sys.path.insert(0, os.path.dirname(__file__))
import loopback  # noqa: E402


def main():
    sensor = sys.argv[1]
    body = pcapgen.records(200).encode()
    server, port = loopback.listen()
    work = tempfile.mkdtemp()
    nobody = pwd.getpwnam("nobody")
    os.chown(work, nobody.pw_uid, nobody.pw_gid)  # the sensor reopens and removes files here as nobody
    alerts_file = os.path.join(work, "alerts.json")
    pidfile = os.path.join(work, "sensor.pid")
    proc = subprocess.Popen([sensor, "--interface", "lo", "--bpf", f"tcp port {port}", "--all-directions",
                             "--alert-format", "json", "--stats-interval", "1", "--alert-output", "-",
                             "--alert-output", alerts_file, "--user", "nobody", "--pidfile", pidfile],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # The capture is active once the sensor says it has started (signatures
    # compiled, privileges dropped, pid file written).
    for line in proc.stderr:
        if b'"event":"start"' in line:
            break
    err_lines = []
    reader = threading.Thread(target=lambda: err_lines.extend(proc.stderr))
    reader.start()

    def stats_lines():
        return [json.loads(line) for line in list(err_lines) if line.startswith(b'{"event":"stats"')]
    failures = []
    if not os.path.exists(pidfile) or open(pidfile).read().strip() != str(proc.pid):
        failures.append("the pid file does not hold the sensor's pid")
    uid = next(line.split()[1] for line in open(f"/proc/{proc.pid}/status") if line.startswith("Uid:"))
    if uid != str(nobody.pw_uid):
        failures.append(f"the sensor still runs as uid {uid}")

    loopback.deliver(*loopback.connect(server), body)
    time.sleep(1.0)
    os.rename(alerts_file, alerts_file + ".1")
    proc.send_signal(signal.SIGHUP)
    time.sleep(0.5)

    still_open, peer2 = loopback.connect(server)
    still_open.sendall(body)
    time.sleep(1.0)
    deadline = time.time() + 30
    while len(stats_lines()) < 2 and time.time() < deadline:
        time.sleep(0.1)
    periodic = len(stats_lines())
    proc.send_signal(signal.SIGTERM)
    out = proc.stdout.read()
    proc.wait(timeout=30)
    reader.join()
    still_open.close()
    peer2.close()

    if os.path.exists(pidfile):
        failures.append("the pid file was left behind")
    if proc.returncode != 0:
        failures.append(f"exit code {proc.returncode}: {b''.join(err_lines).decode(errors='replace')}")
    alerts = kept([json.loads(line) for line in out.decode().splitlines()])
    flows = {(a["src_port"], a["dst_port"]) for a in alerts}
    if len(alerts) != 8 or len(flows) != 2:
        failures.append(f"expected 4 alerts for each of 2 flows, got {len(alerts)} for {sorted(flows)}")
    for a in alerts:
        if a["distinct"] != 200 or a["direction"] != "internal" or a["dst_port"] != port:
            failures.append(f"unexpected alert {a}")
    stats = stats_lines()[-1]
    if periodic < 2 or len(stats_lines()) < periodic + 1:  # two periodic lines within 30 s, and the final one
        failures.append(f"expected periodic stats lines and a final one, got {periodic} and {len(stats_lines())}")
    if stats["flows"]["closed"] < 1:
        failures.append(f"the closed connection was not seen closing: {stats['flows']}")
    rotated = [json.loads(line) for line in open(alerts_file + ".1")]
    reopened = [json.loads(line) for line in open(alerts_file)]
    if len(rotated) != 4 or len(reopened) != 4 or rotated[0]["src_port"] == reopened[0]["src_port"]:
        failures.append(f"SIGHUP: {len(rotated)} alerts before the reopen, {len(reopened)} after")
    shutil.rmtree(work)
    return report(failures)


if __name__ == "__main__":
    sys.exit(main())
