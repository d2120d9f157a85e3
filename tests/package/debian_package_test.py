#!/usr/bin/env python3
"""The Debian package that tools/packaging/build-deb.sh makes, checked by
lintian (no error, no warning) and dpkg-deb (Depends holds the package of
every library the binary links; the conffiles), then installed with dpkg into a root of its own where a real
systemd runs it (needs root, as CI has).

systemd boots as PID 1 of new PID, mount and network namespaces. Overlays on
/etc, /usr and /var and tmpfs on /run and /tmp keep every change inside
them, dpkg's database and the users among them. No target is booted
(systemd only starts what it is asked to), and a drop-in gives the unit
DefaultDependencies=no so that starting it does not run the system's boot
services on this machine. In that root the test:
- installs the package: the dlp-sensor system user is made, the unit is
  known but neither enabled nor started, and it does not start (exit 2, no
  restarts) until the configuration names an interface;
- checks the shipped configuration: the sensor accepts it as it is and with
  every example line taken in, and its default signatures are the package's;
- sets the interface (lo) in the conffile, enables and starts the unit, and
  checks the hardening the process really has (user, capability bounding
  set, no capabilities left, no new privileges);
- sends the 200-row customer list over two loopback connections, runs the
  package's logrotate file between them (its postrotate reloads the sensor)
  and stops the unit with the second still open (SIGTERM flush): each must
  alert in its file of the log directory, and the package's dlp-report
  reads both;
- installs the package again while it runs, the upgrade path: the sensor is
  restarted and still enabled, and the edited conffile is kept;
- removes it (dpkg -r): the sensor stopped, its program and unit gone, the
  conffile and the alerts kept; purges it (dpkg -P): the configuration, the
  alerts, the state and the user gone.
Prints 'N passed, N failed'.
usage: debian_package_test.py BUILD_DEB_SCRIPT BUILD_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, ".."))
from report import report  # noqa: E402

PACKAGE = "/run/stage/dlp-sensor.deb"
SENSOR = "/usr/sbin/dlp-sensor"
CONF = "/etc/dlp-sensor/sensor.conf"
ALERTS = "/var/log/dlp-sensor/alerts.json"
PIDFILE = "/run/dlp-sensor/dlp-sensor.pid"
LOG = "/run/dlp-sensor-test.log"  # the sensor's standard output and error: no journald runs
DROP_IN = "/etc/systemd/system/dlp-sensor.service.d"
# CAP_SETGID 6, CAP_SETUID 7, CAP_NET_ADMIN 12, CAP_NET_RAW 13: the unit's CapabilityBoundingSet.
BOUNDING_SET = (1 << 6) | (1 << 7) | (1 << 12) | (1 << 13)

BOOT = r"""
set -e
# The package is copied aside first: it may live under /tmp, which is hidden next.
mount -t tmpfs tmpfs /run
mkdir /run/stage
cp "$1" /run/stage/dlp-sensor.deb
mount -t tmpfs tmpfs /tmp
for dir in /etc /usr /var; do
  layer=/tmp/layers$(echo "$dir" | tr / _)
  mkdir -p "$layer/upper" "$layer/work"
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$layer/upper,workdir=$layer/work" "$dir"
done
ip link set lo up
# This machine's policy-rc.d, if any (a container's forbids every start), is no target's:
# the package's own maintainer scripts start and stop the unit here.
rm -f /usr/sbin/policy-rc.d
mkdir -p {drop_in}
printf '[Unit]\nDefaultDependencies=no\n[Service]\nStandardOutput=append:{log}\nStandardError=append:{log}\n' \
  > {drop_in}/test.conf
printf '[Unit]\nDescription=nothing\n' > /etc/systemd/system/idle.target
exec /lib/systemd/systemd --system --unit=idle.target
""".replace("{log}", LOG).replace("{drop_in}", DROP_IN)


class Namespace:
    """systemd as PID 1 of its own namespaces; commands run inside with nsenter."""

    def __init__(self, package):
        self.proc = subprocess.Popen(
            ["unshare", "--pid", "--fork", "--kill-child", "--mount", "--propagation", "private", "--net", "--uts",
             "--mount-proc", "sh", "-c", BOOT, "sh", package],
            env=dict(os.environ, container="dlp-sensor-test"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.pid = None
        deadline = time.time() + 30
        while time.time() < deadline and self.pid is None:
            children = open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read().split()
            if children and open(f"/proc/{children[0]}/comm").read().strip() == "systemd":
                self.pid = children[0]
            time.sleep(0.1)
        while time.time() < deadline and self.state() != "running":
            time.sleep(0.2)

    def state(self):
        return self.run("systemctl", "is-system-running").stdout.strip() if self.pid else None

    def run(self, *command):
        return subprocess.run(["nsenter", "-t", str(self.pid), "-a", *command], capture_output=True, text=True,
                              env=dict(os.environ, PATH="/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL="C.UTF-8"))

    def read(self, path):
        got = self.run("cat", path)
        return got.stdout if got.returncode == 0 else None

    def exists(self, path):
        return self.run("test", "-e", path).returncode == 0

    def unit(self, *properties):
        """The unit's properties, as systemctl show gives them."""
        shown = self.run("systemctl", "show", *(f"-p{p}" for p in properties), "dlp-sensor").stdout
        return dict(line.split("=", 1) for line in shown.splitlines())

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
    sys.path.insert(0, os.path.join(ROOT, "tests", "live"))
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


def check_lintian(package, failures):
    """Neither an error nor a warning (lintian's notes, I:, are allowed)."""
    got = subprocess.run(["lintian", "--tag-display-limit", "0", package], capture_output=True, text=True)
    tags = [line for line in got.stdout.splitlines() if re.match(r"[EW]: ", line)]
    if got.returncode != 0 or tags:
        failures.append(f"lintian: {tags or got.stderr}")


def check_control(package, failures):
    """Depends holds the package of every library the binary links; the conffiles are the two in /etc."""
    field = subprocess.run(["dpkg-deb", "-f", package, "Depends"], capture_output=True, text=True).stdout
    depends = {d.split()[0] for d in field.strip().split(", ")}
    with tempfile.TemporaryDirectory() as unpacked:
        subprocess.run(["dpkg-deb", "-x", package, unpacked], check=True)
        dynamic = subprocess.run(["objdump", "-p", unpacked + SENSOR], capture_output=True, text=True).stdout
    needed = re.findall(r"^  NEEDED +(\S+)$", dynamic, re.M)
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    owners = set()
    for soname in needed:
        path = re.search(rf"^\s+{re.escape(soname)} \(libc6,x86-64\) => (\S+)$", cache, re.M).group(1)
        real = os.path.realpath(path)  # dpkg may know it by /lib or by /usr/lib (merged /usr)
        owners.add(subprocess.run(["dpkg", "-S", real, real.replace("/usr/lib/", "/lib/", 1)], capture_output=True,
                                  text=True).stdout.split(":")[0])
    if len(needed) < 10 or not owners <= depends or not {"adduser", "python3"} <= depends:
        failures.append(f"Depends {sorted(depends)} misses the libraries' packages {sorted(owners - depends)}")
    conffiles = subprocess.run(["dpkg-deb", "-I", package, "conffiles"], capture_output=True, text=True).stdout
    if conffiles.split() != ["/etc/dlp-sensor/sensor.conf", "/etc/logrotate.d/dlp-sensor"]:
        failures.append(f"conffiles: {conffiles!r}")


def check_install(ns, failures):
    installed = ns.run("dpkg", "-i", PACKAGE)
    if installed.returncode != 0:
        return failures.append(f"dpkg -i failed: {installed.stdout} {installed.stderr}")
    user = ns.run("getent", "passwd", "dlp-sensor").stdout.strip().split(":")
    if len(user) != 7 or int(user[2]) >= 1000 or user[5:] != ["/nonexistent", "/usr/sbin/nologin"]:
        failures.append(f"the dlp-sensor user is not a system user: {user}")
    state = ns.unit("UnitFileState", "ActiveState")
    if state != {"UnitFileState": "disabled", "ActiveState": "inactive"}:
        failures.append(f"the installed unit should be known, disabled and stopped: {state}")
    # As installed, no interface is set: the sensor says so and is not restarted.
    ns.run("systemctl", "start", "dlp-sensor")
    wait_for(lambda: ns.unit("ActiveState")["ActiveState"] == "failed", 10)
    time.sleep(0.5)
    state = ns.unit("ActiveState", "ExecMainStatus", "NRestarts")
    if state != {"ActiveState": "failed", "ExecMainStatus": "2", "NRestarts": "0"}:
        failures.append(f"with no interface the unit should fail once with exit code 2: {state}")
    if "give either --read FILE or --interface IFACE" not in (ns.read(LOG) or ""):
        failures.append(f"the unit's failure does not say why: {ns.read(LOG)}")
    ns.run("systemctl", "reset-failed", "dlp-sensor")


def check_configuration(ns, failures):
    """The conffile as shipped and with its examples taken in; then set to capture on lo."""
    shipped = ns.read(CONF) or ""
    if not re.search(r"^signatures = /usr/share/dlp-sensor/signatures$", shipped, re.M):
        failures.append("the conffile does not name the package's signatures")
    if "(=/usr/share/dlp-sensor/signatures)" not in ns.run(SENSOR, "--help").stdout:
        failures.append("the sensor's default signatures are not the package's")
    for name, text in (("as shipped", shipped),
                       ("with its examples", shipped + "".join(
                           line[2:] + "\n" for line in shipped.splitlines() if re.match(r"# [a-z-]+ = ", line)))):
        ns.run("sh", "-c", f"cat > /run/check.conf <<'EOF'\n{text}EOF")
        checked = ns.run(SENSOR, "--config", "/run/check.conf", "--check-signatures")
        if checked.returncode != 0:
            failures.append(f"the conffile {name} is refused: {checked.stderr}")
    if "\n# interface = " not in shipped:
        failures.append("the conffile has no interface example")
    ns.run("sh", "-c", f"printf 'interface = lo\\nall-directions = true\\n' >> {CONF}")


def check_hardening(ns, failures):
    main_pid = ns.unit("MainPID")["MainPID"]
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


def check_capture(ns, failures):
    """Two uploads, logrotate between them, the stop with the second open."""
    enabled = ns.run("systemctl", "enable", "--now", "dlp-sensor")
    if enabled.returncode != 0 or not wait_for(lambda: ns.read(PIDFILE), 30):
        return failures.append(f"the unit did not start: {enabled.stderr} {ns.read(LOG)}")
    check_hardening(ns, failures)
    # Only in the network namespace: this script may be under the namespace's hidden /tmp.
    sender = subprocess.Popen(["nsenter", "-t", str(ns.pid), "-n", sys.executable, __file__, "--send"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    sender.stdout.readline()
    if not wait_for(lambda: len((ns.read(ALERTS) or "").splitlines()) == 4, 10):
        failures.append(f"the first upload did not alert: {ns.read(ALERTS)}")
    rotated = ns.run("logrotate", "-f", "/etc/logrotate.d/dlp-sensor")
    if rotated.returncode != 0:
        failures.append(f"logrotate failed: {rotated.stderr}")
    time.sleep(0.5)
    sender.stdin.write("\n")
    sender.stdin.flush()
    sender.stdout.readline()
    time.sleep(1.0)
    if ns.unit("ActiveState")["ActiveState"] != "active":
        failures.append("the sensor did not survive the reload")
    ns.run("systemctl", "stop", "dlp-sensor")
    sender.stdin.write("\n")
    sender.stdin.flush()
    sender.wait(timeout=10)
    result = ns.unit("Result", "ExecMainStatus")
    if result != {"Result": "success", "ExecMainStatus": "0"}:
        failures.append(f"the stop ended with {result}")
    if ns.exists(PIDFILE):
        failures.append("the pid file was left behind")
    # The first connection's alerts in the rotated file, the second's (flushed by the stop) in the new one.
    for path in (ALERTS + ".1", ALERTS):
        alerts = [json.loads(line) for line in (ns.read(path) or "").splitlines()]
        if len(alerts) != 4 or len({a["src_port"] for a in alerts}) != 1 or any(a["distinct"] != 200 for a in alerts):
            failures.append(f"{path}: expected the 4 alerts of one 200-record upload, got {alerts}")
    made = ns.run("dlp-report", ALERTS + ".1", ALERTS, "--out", "/run/case.html")
    if made.returncode != 0 or "8 alerts read" not in made.stderr:
        failures.append(f"the package's dlp-report on them: {made.stderr}")


def check_upgrade(ns, failures):
    ns.run("systemctl", "start", "dlp-sensor")
    wait_for(lambda: ns.read(PIDFILE), 30)
    before = ns.unit("MainPID")["MainPID"]
    edited = ns.read(CONF)
    again = ns.run("dpkg", "-i", PACKAGE)
    wait_for(lambda: ns.unit("MainPID")["MainPID"] not in ("0", before) and ns.read(PIDFILE), 30)
    state = ns.unit("ActiveState", "UnitFileState")
    if again.returncode != 0 or state != {"ActiveState": "active", "UnitFileState": "enabled"}:
        failures.append(f"after the upgrade: dpkg {again.returncode} {again.stderr}, {state}")
    if ns.unit("MainPID")["MainPID"] == before:
        failures.append("the upgrade did not restart the sensor")
    if ns.read(CONF) != edited:
        failures.append("the upgrade did not keep the edited conffile")


def check_remove_and_purge(ns, failures):
    edited = ns.read(CONF)
    removed = ns.run("dpkg", "-r", "dlp-sensor")
    status = ns.run("dpkg-query", "-W", "-f", "${db:Status-Status}", "dlp-sensor").stdout
    if removed.returncode != 0 or status != "config-files":
        failures.append(f"dpkg -r: {removed.returncode} {removed.stderr}, status {status!r}")
    if ns.unit("ActiveState")["ActiveState"] != "inactive":
        failures.append("dpkg -r did not stop the sensor")
    for path in (SENSOR, "/lib/systemd/system/dlp-sensor.service", "/usr/share/dlp-sensor"):
        if ns.exists(path):
            failures.append(f"dpkg -r left {path}")
    if ns.read(CONF) != edited or not ns.exists(ALERTS):
        failures.append("dpkg -r did not keep the edited conffile and the alerts")

    purged = ns.run("dpkg", "-P", "dlp-sensor")
    status = ns.run("dpkg-query", "-W", "-f", "${db:Status-Status}", "dlp-sensor").stdout
    if purged.returncode != 0 or status not in ("", "not-installed"):
        failures.append(f"dpkg -P: {purged.returncode} {purged.stderr}, status {status!r}")
    for path in ("/etc/dlp-sensor", "/etc/logrotate.d/dlp-sensor", "/var/log/dlp-sensor", "/var/lib/dlp-sensor"):
        if ns.exists(path):
            failures.append(f"dpkg -P left {path}")
    for database in ("passwd", "group"):
        if ns.run("getent", database, "dlp-sensor").returncode == 0:
            failures.append(f"dpkg -P left dlp-sensor in {database}")
    left = ns.run("find", "/etc/systemd", "/var/lib/systemd", "-name", "*dlp-sensor*", "-not", "-path",
                  DROP_IN + "*").stdout.split()
    if left:
        failures.append(f"dpkg -P left the unit's state: {left}")


def check(ns, failures):
    if ns.state() != "running":
        return failures.append(f"systemd did not come up: {ns.proc.stdout.read1().decode(errors='replace')}")
    for step in (check_install, check_configuration, check_capture, check_upgrade, check_remove_and_purge):
        before = len(failures)
        step(ns, failures)
        if len(failures) > before:
            return  # the steps build on each other


def main():
    if sys.argv[1:] == ["--send"]:
        return send_uploads()
    build = subprocess.run([sys.argv[1], sys.argv[2]], capture_output=True, text=True)
    if build.returncode != 0:
        return report([f"build-deb.sh failed: {build.stdout[-2000:]} {build.stderr[-2000:]}"])
    package = build.stdout.split()[-1]
    failures = []
    check_lintian(package, failures)
    check_control(package, failures)
    ns = Namespace(package)
    try:
        check(ns, failures)
    finally:
        ns.close()
    return report(failures)


if __name__ == "__main__":
    sys.exit(main())
