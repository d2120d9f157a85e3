#!/usr/bin/env python3
"""Prevention behind a real decrypting proxy: Debian's Squid (squid-openssl)
with ssl_bump, basic proxy authentication and the sensor as its ICAP
server for REQMOD and RESPMOD, an HTTPS origin that logs what it receives,
and curl through the proxy, in two network namespaces the test makes: the
workstation (10.1.1.20) and the gateway (203.0.113.80: Squid, the sensor on
127.0.0.1:1344, the origin pan.baidu.com). A CA the test makes signs the
origin's certificate and the ones Squid forges.
- monitor mode: a clean upload reaches the origin (204); a 600-row
  customer xlsx in a multipart form reaches it byte for byte and gives alerts
  naming the user, the workstation, the file and the counts; a 3 MB upload
  that Squid cannot hold for a 204 comes back unchanged (200) and reaches
  the origin byte for byte; a download of the customer list is seen
  through RESPMOD;
- block mode: the same xlsx gets the 403 block page naming the alert id
  and the counts, the origin never sees the request, and the alerts say
  "blocked"; a clean upload still passes;
- load: 50 clients upload through Squid for 30 seconds (one in five a
  customer list): no failed request, and one alert per list (the latency
  against Squid without ICAP is measured by tools/bench/icap_latency.py).
curl sends no "Expect: 100-continue", as browsers do not.
Needs root. Prints 'N passed, N failed'.
usage: squid_icap_test.py SENSOR PCAPGEN"""
import base64
import concurrent.futures
import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from alert_log import kept  # noqa: E402
from netns_pair import NamespacePair  # noqa: E402
from report import report  # noqa: E402

GATEWAY, WORKSTATION, HOST = "203.0.113.80", "10.1.1.20", "pan.baidu.com"
USER, PASSWORD = "zhang.wei", "s3cret-pass"
BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
FORM = ["-H", f"Content-Type: multipart/form-data; boundary={BOUNDARY}"]
PROXY = f"http://{GATEWAY}:3128"

SQUID_CONF = """
http_port {gateway}:3128 ssl-bump tls-cert={home}/ca.pem tls-key={home}/ca.key generate-host-certificates=on
sslcrtd_program /usr/lib/squid/security_file_certgen -s {home}/ssl_db -M 4MB
sslcrtd_children 2 startup=1 idle=1
ssl_bump bump all
tls_outgoing_options cafile={home}/ca.pem
hosts_file {home}/hosts
dns_nameservers 127.0.0.1
auth_param basic program /usr/lib/squid/basic_ncsa_auth {home}/passwd
auth_param basic realm dlp-sensor test
acl authed proxy_auth REQUIRED
http_access allow authed
http_access deny all
cache deny all
icap_enable {icap}
icap_send_client_ip on
icap_send_client_username on
icap_client_username_encode on
icap_client_username_header X-Authenticated-User
icap_service_failure_limit -1
icap_service dlp_req reqmod_precache icap://127.0.0.1:1344/reqmod bypass=off
icap_service dlp_resp respmod_precache icap://127.0.0.1:1344/respmod bypass=off
adaptation_access dlp_req allow all
adaptation_access dlp_resp allow all
pid_filename {home}/squid/squid.pid
cache_log {home}/squid/cache.log
access_log stdio:{home}/squid/access.log
coredump_dir {home}/squid
cache_effective_user proxy
shutdown_lifetime 1 seconds
max_filedescriptors 4096
"""


def wait_port(ns, side, host, port, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        probe = f"import socket; socket.create_connection(('{host}', {port}), 1)"
        if subprocess.run(["ip", "netns", "exec", side, sys.executable, "-c", probe],
                          capture_output=True).returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {host}:{port}")


def make_pki(home):
    run = lambda *cmd: subprocess.run(cmd, check=True, capture_output=True)  # noqa: E731
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=dlp-sensor test CA",
        "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout", f"{home}/ca.key", "-out", f"{home}/ca.pem")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={HOST}", "-keyout", f"{home}/origin.key",
        "-out", f"{home}/origin.csr")
    with open(f"{home}/san.ext", "w") as f:
        f.write(f"subjectAltName=DNS:{HOST}\n")
    run("openssl", "x509", "-req", "-in", f"{home}/origin.csr", "-CA", f"{home}/ca.pem", "-CAkey", f"{home}/ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", f"{home}/san.ext", "-out", f"{home}/origin.pem")


@contextlib.contextmanager
def origin(ns, home):
    os.makedirs(f"{home}/www/export", exist_ok=True)
    server = ns.popen(ns.server, sys.executable, os.path.join(os.path.dirname(__file__), "https_origin.py"), GATEWAY,
                      "443", f"{home}/origin.pem", f"{home}/origin.key", f"{home}/www", f"{home}/origin.log")
    try:
        wait_port(ns, ns.server, GATEWAY, 443)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def sensor(ns, binary, home, *options):
    """The sensor serving ICAP in the gateway's namespace; at the end, its alerts and stats line."""
    out = open(f"{home}/alerts.json", "w")
    err = open(f"{home}/sensor.err", "w")
    proc = ns.popen(ns.server, binary, "--icap-listen", "127.0.0.1:1344", "--alert-format", "json", *options,
                    stdout=out, stderr=err)
    result = {}
    try:
        wait_port(ns, ns.server, "127.0.0.1", 1344)
        yield result
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        out.close()
        err.close()
        result["alerts"] = kept([json.loads(line) for line in open(f"{home}/alerts.json") if line.strip()])
        lines = [line for line in open(f"{home}/sensor.err") if line.startswith("{")]
        result["stats"] = json.loads(lines[-1]) if lines else {}
        result["exit"] = proc.returncode


@contextlib.contextmanager
def squid(ns, home, icap=True):
    with open(f"{home}/squid.conf", "w") as f:
        f.write(SQUID_CONF.format(gateway=GATEWAY, home=home, icap="on" if icap else "off"))
    with open(f"{home}/hosts", "w") as f:
        f.write(f"{GATEWAY} {HOST}\n")
    subprocess.run(["rm", "-rf", f"{home}/ssl_db", f"{home}/squid"])
    os.makedirs(f"{home}/squid")
    subprocess.run(["chown", "proxy:proxy", f"{home}/squid"], check=True)
    subprocess.run(["/usr/lib/squid/security_file_certgen", "-c", "-s", f"{home}/ssl_db", "-M", "4MB"], check=True,
                   capture_output=True)
    subprocess.run(["chown", "-R", "proxy:proxy", f"{home}/ssl_db"], check=True)
    proc = ns.popen(ns.server, "squid", "-N", "-f", f"{home}/squid.conf", stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
    try:
        wait_port(ns, ns.client, GATEWAY, 3128)
        yield
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def curl(ns, home, *args):
    """curl through the proxy as the test user: (exit code, HTTP status, body)."""
    out = f"{home}/curl.out"
    run = subprocess.run(["ip", "netns", "exec", ns.client, "curl", "-sS", "-o", out, "-w", "%{http_code}",
                          "--proxy", PROXY, "--proxy-user", f"{USER}:{PASSWORD}", "--cacert", f"{home}/ca.pem",
                          "--max-time", "60", "-H", "Expect:", *args], capture_output=True, text=True)
    body = open(out, "rb").read() if os.path.exists(out) else b""
    return run.returncode, run.stdout.strip(), body


def origin_log(home):
    if not os.path.exists(f"{home}/origin.log"):
        return []
    return [json.loads(line) for line in open(f"{home}/origin.log")]


def by_category(alerts, event="dlp.flow"):
    return {a["category"]: a for a in alerts if a["event"] == event}


def expect(failures, what, got, want):
    if got != want:
        failures.append(f"{what}: {got!r}, expected {want!r}")


def customer_files(home, pcapgen):
    sys.path.insert(0, os.path.dirname(pcapgen))
    import pcapgen as gen
    rows = gen.customers(600, 41)
    xlsx = gen.xlsx(rows)
    with open(f"{home}/customers.xlsx", "wb") as f:
        f.write(xlsx)
    # The form a browser posts, made here so that what reaches the origin can be compared byte for byte.
    with open(f"{home}/form.bin", "wb") as f:
        f.write(f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"customers.xlsx\"\r\n"
                "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode()
                + xlsx + f"\r\n--{BOUNDARY}--\r\n".encode())
    with open(f"{home}/www/export/customers.csv", "w") as f:
        f.write("姓名,身份证号,手机\n" + "".join(f"{n},{i},{m}\n" for n, i, m in rows))
    with open(f"{home}/clean.txt", "w") as f:
        f.write("quarterly meeting notes\n" * 40)
    with open(f"{home}/big.bin", "wb") as f:
        f.write(bytes(3_000_000))
    return rows


def check_monitor(ns, binary, home, failures):
    with sensor(ns, binary, home) as run, squid(ns, home):
        clean = curl(ns, home, "-T", f"{home}/clean.txt", f"https://{HOST}/upload/notes.txt")
        expect(failures, "monitor: the clean upload", clean[:2], (0, "201"))
        xlsx = curl(ns, home, *FORM, "--data-binary", f"@{home}/form.bin", f"https://{HOST}/upload/form")
        expect(failures, "monitor: the customer xlsx", xlsx[:2], (0, "201"))
        big = curl(ns, home, "-T", f"{home}/big.bin", f"https://{HOST}/upload/big.bin")
        expect(failures, "monitor: the 3 MB upload", big[:2], (0, "201"))
        download = curl(ns, home, f"https://{HOST}/export/customers.csv")
        expect(failures, "monitor: the download", download[:2], (0, "200"))
    received = {(r["method"], r["path"]): r for r in origin_log(home)}
    expect(failures, "monitor: the origin got the clean upload",
           received.get(("PUT", "/upload/notes.txt"), {}).get("sha256"),
           hashlib.sha256(open(f"{home}/clean.txt", "rb").read()).hexdigest())
    expect(failures, "monitor: the origin got the form byte for byte",
           received.get(("POST", "/upload/form"), {}).get("sha256"),
           hashlib.sha256(open(f"{home}/form.bin", "rb").read()).hexdigest())
    expect(failures, "monitor: the origin got the 3 MB upload byte for byte",
           received.get(("PUT", "/upload/big.bin"), {}).get("sha256"),
           hashlib.sha256(open(f"{home}/big.bin", "rb").read()).hexdigest())
    icap = run["stats"].get("icap", {})
    # Four requests: each CONNECT and each bumped request by REQMOD, each response by RESPMOD; Squid offers
    # 204 but for the 3 MB body, which comes back unchanged; the form, the 3 MB body and the download are
    # longer than the preview.
    expect(failures, "monitor: the ICAP answers",
           {k: icap.get(k) for k in ("reqmod", "respmod", "continues", "allowed_204", "returned_unchanged", "blocked",
                                     "malformed")},
           {"reqmod": 8, "respmod": 4, "continues": 3, "allowed_204": 11, "returned_unchanged": 1, "blocked": 0,
            "malformed": 0})
    uploads = by_category([a for a in run["alerts"] if a["direction"] == "outbound"])
    check_upload_alerts(uploads, "allowed", failures)
    downloads = by_category([a for a in run["alerts"] if a["direction"] == "inbound"])
    ids = downloads.get("cn_resident_id", {})
    expect(failures, "monitor: the download through RESPMOD",
           {k: ids.get(k) for k in ("app", "http_uri", "http_host", "dst_ip", "user", "distinct", "action")},
           {"app": "icap", "http_uri": f"https://{HOST}/export/customers.csv", "http_host": HOST, "dst_ip": WORKSTATION,
            "user": USER, "distinct": 600, "action": "allowed"})
    expect(failures, "monitor: alerts of the clean and 3 MB uploads",
           sorted({a["http_uri"] for a in run["alerts"]}),
           [f"https://{HOST}/export/customers.csv", f"https://{HOST}/upload/form"])
    return uploads


def check_upload_alerts(uploads, action, failures):
    ids = uploads.get("cn_resident_id", {})
    expect(failures, f"{action}: the xlsx's resident ID alert",
           {k: ids.get(k) for k in ("app", "user", "src_ip", "http_method", "http_host", "http_uri", "filename",
                                    "distinct", "records", "action", "destination_kind")},
           {"app": "icap", "user": USER, "src_ip": WORKSTATION, "http_method": "POST", "http_host": HOST,
            "http_uri": f"https://{HOST}/upload/form", "filename": "customers.xlsx", "distinct": 600, "records": 600,
            "action": action, "destination_kind": "cloud_storage"})
    expect(failures, f"{action}: the xlsx's mobile numbers", uploads.get("cn_mobile", {}).get("distinct"), 600)


def check_block(ns, binary, home, rows, failures):
    os.remove(f"{home}/origin.log")
    with sensor(ns, binary, home, "--icap-mode", "block", "--block-severity", "warning") as run, squid(ns, home):
        code, status, page = curl(ns, home, *FORM, "--data-binary", f"@{home}/form.bin",
                                  f"https://{HOST}/upload/form")
        expect(failures, "block: the xlsx upload's answer", (code, status), (0, "403"))
        clean = curl(ns, home, "-T", f"{home}/clean.txt", f"https://{HOST}/upload/notes.txt")
        expect(failures, "block: the clean upload", clean[:2], (0, "201"))
    received = [(r["method"], r["path"]) for r in origin_log(home)]
    expect(failures, "block: what the origin received", received, [("PUT", "/upload/notes.txt")])
    uploads = by_category(run["alerts"])
    check_upload_alerts(uploads, "blocked", failures)
    text = page.decode("utf-8", "replace")
    alert_id = uploads.get("cn_resident_id", {}).get("alert_id", "none")
    expect(failures, "block: the page names the alert id", f"<b>{alert_id}</b>" in text, True)
    expect(failures, "block: the page counts the resident IDs",
           "<tr><td>cn_resident_id</td><td>600</td><td>600</td></tr>" in text, True)
    expect(failures, "block: the page quotes no value", any(i in text for _, i, _ in rows), False)
    expect(failures, "block: messages blocked", run["stats"].get("icap", {}).get("blocked"), 1)


def load(ns, home, clients=50, seconds=30):
    """`clients` curl loops for `seconds`; every fifth upload a customer list. The latencies and failures."""
    small = f"{home}/list.csv"
    with open(small, "w") as f:
        f.write(open(f"{home}/www/export/customers.csv").read())

    def client(n):
        times, failed, lists = [], 0, 0
        deadline = time.time() + seconds
        i = 0
        while time.time() < deadline:
            i += 1
            personal = (n + i) % 5 == 0
            began = time.time()
            code, status, _ = curl_quiet(ns, home, n, small if personal else f"{home}/clean.txt", f"{n}-{i}")
            times.append(time.time() - began)
            failed += (code, status) != (0, "201")
            lists += personal
        return times, failed, lists

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, range(clients)))
    times = sorted(t for r in results for t in r[0])
    return times, sum(r[1] for r in results), sum(r[2] for r in results)


def curl_quiet(ns, home, n, path, name):
    # Without "Expect: 100-continue", as browsers send uploads: curl would wait a second for a 100 that
    # Squid does not send while the body has yet to reach the ICAP server.
    run = subprocess.run(["ip", "netns", "exec", ns.client, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                          "--proxy", PROXY, "--proxy-user", f"{USER}:{PASSWORD}", "--cacert", f"{home}/ca.pem",
                          "--max-time", "60", "-H", "Expect:", "-T", path, f"https://{HOST}/upload/{name}"],
                         capture_output=True, text=True)
    return run.returncode, run.stdout.strip(), None


def check_load(ns, binary, home, failures, seconds=30):
    with sensor(ns, binary, home) as run, squid(ns, home):
        times, failed, lists = load(ns, home, seconds=seconds)
    expect(failures, "load: failed requests", failed, 0)
    ids = [a for a in run["alerts"] if a["category"] == "cn_resident_id" and a["event"] == "dlp.flow"]
    expect(failures, "load: one resident ID alert per customer list", len(ids), lists)
    print(f"load: {len(times)} uploads, {lists} lists, p50 {times[len(times) // 2] * 1000:.0f} ms, "
          f"p99 {times[int(len(times) * 0.99)] * 1000:.0f} ms")


def setup(home, pcapgen):
    """The CA and certificates, the files, the proxy's password file; the customers' rows."""
    os.chmod(home, 0o755)
    make_pki(home)
    os.makedirs(f"{home}/www/export", exist_ok=True)
    rows = customer_files(home, pcapgen)
    salt = base64.b64encode(os.urandom(6)).decode()[:8]
    hashed = subprocess.run(["openssl", "passwd", "-apr1", "-salt", salt, PASSWORD], check=True, capture_output=True,
                            text=True).stdout.strip()
    with open(f"{home}/passwd", "w") as f:
        f.write(f"{USER}:{hashed}\n")
    for name in ("passwd", "ca.key", "ca.pem"):
        os.chmod(f"{home}/{name}", 0o644)
    return rows


def main(binary, pcapgen):
    failures = []
    with tempfile.TemporaryDirectory() as home, NamespacePair("dlp-icap", GATEWAY, WORKSTATION) as ns:
        rows = setup(home, pcapgen)
        with origin(ns, home):
            check_monitor(ns, binary, home, failures)
            check_block(ns, binary, home, rows, failures)
            check_load(ns, binary, home, failures)
    return report(failures)


if __name__ == "__main__":
    socket.setdefaulttimeout(30)
    sys.exit(main(*sys.argv[1:]))
