#!/usr/bin/env python3
"""tools/packaging/dlp-sensor.service run by a real systemd (needs root, as CI has).

systemd boots as PID 1 of new PID, mount and network namespaces. Overlays
on /etc, /var and /usr/local/bin and tmpfs on /run and /tmp keep every
change inside them: the unit file is installed as it is shipped, the
binary at its ExecStart path, a dlp-sensor user and a sensor.conf that
captures on the namespace's loopback. No target is booted (systemd only
starts what it is asked to), and the unit gets DefaultDependencies=no so
that starting it does not run the system's boot services on this machine.

The test starts the unit and checks the hardening the process really has
(user, capability bounding set, no capabilities left, no new privileges),
sends the 200-row customer list over two loopback connections, rotates the
alert file and reloads (SIGHUP) between them, and stops (SIGTERM flush)
with the second still open: each must alert in its file of the log
directory, the stop must succeed and the pid file must be gone.
Prints 'N passed, N failed'.
usage: systemd_unit_test.py SENSOR
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, ".."))
from report import report  # noqa: E402

ALERTS = "/var/log/dlp-sensor/alerts.json"
PIDFILE = "/run/dlp-sensor/dlp-sensor.pid"
LOG = "/run/dlp-sensor-test.log"  # the sensor's standard output and error: no journald runs
# CAP_SETGID 6, CAP_SETUID 7, CAP_NET_ADMIN 12, CAP_NET_RAW 13: the unit's CapabilityBoundingSet.
BOUNDING_SET = (1 << 6) | (1 << 7) | (1 << 12) | (1 << 13)

BOOT = r"""
set -e
sensor=$1 unit=$2 signatures=$3
# What the unit needs is copied aside first: it may live under /tmp, which is hidden next.
mount -t tmpfs tmpfs /run
mkdir /run/stage
cp "$sensor" "$unit" /run/stage/
cp -r "$signatures" /run/stage/signatures
mount -t tmpfs tmpfs /tmp
for dir in /etc /var /usr/local/bin; do
  layer=/tmp/layers$(echo "$dir" | tr / _)
  mkdir -p "$layer/upper" "$layer/work"
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$layer/upper,workdir=$layer/work" "$dir"
done
ip link set lo up
useradd --system --no-create-home --shell /usr/sbin/nologin dlp-sensor
install -m 755 /run/stage/dlp-sensor /usr/local/bin/dlp-sensor
mkdir -p /etc/dlp-sensor /etc/systemd/system/dlp-sensor.service.d
cp -r /run/stage/signatures /etc/dlp-sensor/signatures
printf 'interface = lo\nsignatures = /etc/dlp-sensor/signatures\nall-directions = true\nalert-format = json\n' \
  > /etc/dlp-sensor/sensor.conf
printf 'alert-output = {alerts}\n' >> /etc/dlp-sensor/sensor.conf
cp /run/stage/dlp-sensor.service /etc/systemd/system/dlp-sensor.service
rm -r /run/stage
printf '[Unit]\nDefaultDependencies=no\n[Service]\nStandardOutput=append:{log}\nStandardError=append:{log}\n' \
  > /etc/systemd/system/dlp-sensor.service.d/test.conf
printf '[Unit]\nDescription=nothing\n' > /etc/systemd/system/idle.target
exec /lib/systemd/systemd --system --unit=idle.target
""".replace("{alerts}", ALERTS).replace("{log}", LOG)


class Namespace:
    """systemd as PID 1 of its own namespaces; commands run inside with nsenter."""

    def __init__(self, sensor):
        self.proc = subprocess.Popen(
            ["unshare", "--pid", "--fork", "--kill-child", "--mount", "--propagation", "private", "--net", "--uts",
             "--mount-proc", "sh", "-c", BOOT, "sh", sensor, os.path.join(ROOT, "tools/packaging/dlp-sensor.service"),
             os.path.join(ROOT, "signatures")],
            env=dict(os.environ, container="dlp-sensor-test"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.pid = None
        deadline = time.time() + 30
        while time.time() < deadline and self.pid is None:
            children = open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read().split()
            if children and open(f"/proc/{children[0]}/comm").read().strip() == "systemd":
                self.pid = children[0]
            time.sleep(0.1)
        while time.time() < deadline and self.run("systemctl", "is-system-running").stdout.strip() != "running":
            time.sleep(0.2)

    def run(self, *command):
        return subprocess.run(["nsenter", "-t", str(self.pid), "-a", *command], capture_output=True, text=True)

    def read(self, path):
        got = self.run("cat", path)
        return got.stdout if got.returncode == 0 else None

    def close(self):
        self.proc.kill()
        self.proc.wait()


def wait_for(condition, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def send_uploads():
    """In the namespace: two uploads over loopback, the first closed, the
    second left open; each printed as SENT, the next step waits for a line."""
    sys.path.insert(0, HERE)
    sys.path.insert(0, os.path.join(ROOT, "tests", "captures"))
    import loopback
    import pcapgen
    body = pcapgen.records(200).encode()
    server, _ = loopback.listen()
    loopback.deliver(*loopback.connect(server), body)
    print("SENT", flush=True)
    sys.stdin.readline()
    still_open, peer = loopback.connect(server)  # both ends stay referenced: open
    still_open.sendall(body)
    print("SENT", flush=True)
    sys.stdin.readline()


def check(ns, failures):
    if ns.pid is None or ns.run("systemctl", "is-system-running").stdout.strip() != "running":
        return failures.append(f"systemd did not come up: {ns.proc.stdout.read1().decode(errors='replace')}")
    start = ns.run("systemctl", "start", "dlp-sensor")
    if start.returncode != 0 or not wait_for(lambda: ns.read(PIDFILE), 30):
        status = ns.run("systemctl", "status", "--no-pager", "dlp-sensor").stdout
        return failures.append(f"the unit did not start: {start.stderr} {status} {ns.read(LOG)}")
    main_pid = ns.run("systemctl", "show", "-p", "MainPID", "--value", "dlp-sensor").stdout.strip()
    if ns.read(PIDFILE).strip() != main_pid:
        failures.append(f"the pid file holds {ns.read(PIDFILE)!r}, systemd's MainPID is {main_pid}")
    status = dict(line.split(":", 1) for line in ns.read(f"/proc/{main_pid}/status").splitlines())
    uid = ns.run("id", "-u", "dlp-sensor").stdout.strip()
    if status["Uid"].split()[0] != uid:
        failures.append(f"the sensor runs as uid {status['Uid'].split()[0]}, not dlp-sensor ({uid})")
    if int(status["CapBnd"], 16) != BOUNDING_SET:
        failures.append(f"capability bounding set {status['CapBnd'].strip()}, not {BOUNDING_SET:016x}")
    if int(status["CapEff"], 16) != 0 or int(status["CapPrm"], 16) != 0:
        failures.append(f"capabilities left after the drop: {status['CapEff'].strip()}")
    if status["NoNewPrivs"].strip() != "1":
        failures.append("NoNewPrivileges is not in force")

    # Only in the network namespace: this script may be under the namespace's hidden /tmp.
    sender = subprocess.Popen(["nsenter", "-t", str(ns.pid), "-n", sys.executable, __file__, "--send"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    sender.stdout.readline()
    time.sleep(1.0)
    ns.run("mv", ALERTS, ALERTS + ".1")  # as logrotate does
    if ns.run("systemctl", "reload", "dlp-sensor").returncode != 0:
        failures.append("systemctl reload failed")
    time.sleep(0.5)
    sender.stdin.write("\n")
    sender.stdin.flush()
    sender.stdout.readline()
    time.sleep(1.0)
    if ns.run("systemctl", "is-active", "dlp-sensor").stdout.strip() != "active":
        failures.append("the sensor did not survive the reload")
    ns.run("systemctl", "stop", "dlp-sensor")
    sender.stdin.write("\n")
    sender.stdin.flush()
    sender.wait(timeout=10)

    result = ns.run("systemctl", "show", "-p", "Result", "-p", "ExecMainStatus", "dlp-sensor").stdout.split()
    if result != ["Result=success", "ExecMainStatus=0"]:
        failures.append(f"the stop ended with {result}")
    if ns.read(PIDFILE) is not None:
        failures.append("the pid file was left behind")
    # The first connection's alerts in the rotated file, the second's (flushed by the stop) in the new one.
    for path in (ALERTS + ".1", ALERTS):
        alerts = [json.loads(line) for line in (ns.read(path) or "").splitlines()]
        if len(alerts) != 4 or len({a["src_port"] for a in alerts}) != 1 or any(a["distinct"] != 200 for a in alerts):
            failures.append(f"{path}: expected the 4 alerts of one 200-record upload, got {alerts}")


def main():
    if sys.argv[1:] == ["--send"]:
        return send_uploads()
    failures = []
    ns = Namespace(sys.argv[1])
    try:
        check(ns, failures)
    finally:
        ns.close()
    return report(failures)


if __name__ == "__main__":
    sys.exit(main())
