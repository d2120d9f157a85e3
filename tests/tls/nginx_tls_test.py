#!/usr/bin/env python3
"""Real TLS: Debian's nginx (HTTP/1.1 and HTTP/2, a certificate the test
makes for pan.baidu.com) and curl uploading a customer list over TLS 1.2
and 1.3 with GCM, ChaCha20 and RSA key-exchange suites, while tcpdump
captures. The server (203.0.113.80, outside) and the workstation
(10.1.1.20) are network namespaces the test makes. The capture is replayed
through the sensor without keys: no content alert, and each connection's
TLS log line (SNI, version, suite, JA3, the certificate's names, bytes each
way) as tshark reads the same capture. Then one 200 MB upload gives exactly
one dlp.upload_volume alert, 1 MB ones none. Needs root.
Prints 'N passed, N failed'.
usage: nginx_tls_test.py SENSOR PCAPGEN
"""
import collections
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "db"))
from db_common import customers, expect  # noqa: E402
from netns_pair import NamespacePair  # noqa: E402
from report import report  # noqa: E402

SERVER, WORKSTATION, HOST = "203.0.113.80", "10.1.1.20", "pan.baidu.com"
SUBJECT = f"CN={HOST},O=dlp-sensor test"  # as RFC 2253 writes it

# What each connection asks of curl: (name, curl options); each uploads the customer list once.
CLIENTS = [
    ("tls12-gcm-h1", ["--tls-max", "1.2", "--http1.1", "--ciphers", "ECDHE-RSA-AES128-GCM-SHA256"]),
    ("tls12-chacha-h2", ["--tls-max", "1.2", "--http2", "--ciphers", "ECDHE-RSA-CHACHA20-POLY1305"]),
    ("tls12-rsa-kx", ["--tls-max", "1.2", "--http1.1", "--ciphers", "AES256-GCM-SHA384"]),
    ("tls13-gcm-h2", ["--tlsv1.3", "--http2", "--tls13-ciphers", "TLS_AES_256_GCM_SHA384"]),
    ("tls13-chacha-h1", ["--tlsv1.3", "--http1.1", "--tls13-ciphers", "TLS_CHACHA20_POLY1305_SHA256"]),
]

NGINX_CONF = """
daemon off; master_process off; worker_processes 1;
pid {home}/nginx.pid; error_log {home}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off; client_body_temp_path {home}/body;
  server {{
    listen {server}:443 ssl http2;
    server_name {host};
    ssl_certificate {home}/cert.pem; ssl_certificate_key {home}/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:AES256-GCM-SHA384;
    root {home}/www; client_max_body_size 0;
    location /upload/ {{ dav_methods PUT; create_full_put_path on; }}
  }}
}}
"""


@contextlib.contextmanager
def nginx(ns, home):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    f"/O=dlp-sensor test/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST},DNS:*.{HOST}",
                    "-keyout", f"{home}/key.pem", "-out", f"{home}/cert.pem"], check=True, capture_output=True)
    os.makedirs(f"{home}/www/upload")
    with open(f"{home}/nginx.conf", "w") as f:
        f.write(NGINX_CONF.format(home=home, server=SERVER, host=HOST))
    server = ns.popen(ns.server, "nginx", "-c", f"{home}/nginx.conf", "-p", home, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if ns.popen(ns.client, "curl", "-sk", "-o", "/dev/null", "--resolve", f"{HOST}:443:{SERVER}",
                        f"https://{HOST}/").wait() == 0:
                break
            time.sleep(0.1)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def captured(ns, pcap):
    # Packets of the link's MTU, as a mirror port sees them, not 64 KiB offload batches.
    for side, dev in ((ns.client, "dbc0"), (ns.server, "dbs0")):
        ns.run(side, "ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off")
    dump = ns.popen(ns.client, "tcpdump", "-i", "dbc0", "-B", "262144", "-s", "0", "-w", pcap, "tcp", "port", "443",
                    stderr=subprocess.DEVNULL)
    time.sleep(1)
    try:
        yield
    finally:
        time.sleep(1)
        dump.send_signal(signal.SIGINT)
        dump.wait(timeout=60)


def upload(ns, home, name, options, body):
    path = f"{home}/{name}.body"
    with open(path, "wb") as f:
        f.write(body)
    env = dict(os.environ, SSLKEYLOGFILE=f"{home}/keys.log")
    ns.run(ns.client, "curl", "-sSk", "--fail", "-o", "/dev/null", "--resolve", f"{HOST}:443:{SERVER}", *options,
           "-T", path, f"https://{HOST}/upload/{name}.csv", env=env)


def customer_list(pcapgen):
    lines = ["编号,姓名,身份证号,手机号,银行卡号,地址"]
    lines += [",".join(str(v) for v in row) for row in customers(pcapgen)]
    return ("\n".join(lines) + "\n").encode()


def tshark(pcap, fields, display_filter):
    out = subprocess.run(["tshark", "-r", pcap, "-Y", display_filter, "-T", "fields",
                          *[x for f in fields for x in ("-e", f)]], capture_output=True, text=True, check=True)
    return [line.split("\t") for line in out.stdout.splitlines()]


def tshark_connections(pcap):
    """Per client port: SNI and JA3 of the ClientHello, version and suite of
    the ServerHello, stream bytes each way."""
    conns = collections.defaultdict(lambda: {"sent": 0, "received": 0})
    for port, sni, ja3 in tshark(pcap, ["tcp.srcport", "tls.handshake.extensions_server_name",
                                        "tls.handshake.ja3"], "tls.handshake.type == 1"):
        conns[int(port)].update(sni=sni, ja3=ja3)
    for port, version, supported, suite in tshark(pcap, ["tcp.dstport", "tls.handshake.version",
                                                         "tls.handshake.extensions.supported_version",
                                                         "tls.handshake.ciphersuite"], "tls.handshake.type == 2"):
        v = int(supported or version, 16)
        conns[int(port)].update(version={0x0303: "TLS 1.2", 0x0304: "TLS 1.3"}[v], cipher=f"0x{int(suite, 16):04x}")
    # Each direction's stream length: its highest relative sequence number, past the SYN.
    for src, dst, seq, length in tshark(pcap, ["tcp.srcport", "tcp.dstport", "tcp.seq", "tcp.len"], "tcp.len > 0"):
        port, way = (int(dst), "received") if int(src) == 443 else (int(src), "sent")
        conns[port][way] = max(conns[port][way], int(seq) + int(length) - 1)
    return conns


def replay(sensor, pcap, home, *extra):
    tls_log = f"{home}/tls.log"
    run = subprocess.run([sensor, "--read", pcap, "--alert-format", "json", "--tls-log", tls_log, *extra],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"the sensor exited with {run.returncode}: {run.stderr[-300:]}")
    alerts = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    with open(tls_log) as f:
        log = [json.loads(line) for line in f]
    return alerts, log, json.loads(run.stderr.strip().splitlines()[-1])


def check_connections(log, pcap, failures):
    want = tshark_connections(pcap)
    expect(failures, "TLS connections logged", sorted(e["src_port"] for e in log), sorted(want))
    for e in log:
        w = want.get(e["src_port"], {})
        got = {k: e[k] for k in ("sni", "ja3", "version", "cipher")}
        got.update(sent=e["bytes_sent"], received=e["bytes_received"])
        expect(failures, f"connection {e['src_port']} as tshark reads it", got, dict(w))
        expect(failures, f"connection {e['src_port']} ALPN offered", e["alpn"] in ("h2,http/1.1", "http/1.1"), True)
        if e["version"] == "TLS 1.2":
            expect(failures, f"connection {e['src_port']} certificate",
                   (e["subject"], e["issuer"], e["san"]), (SUBJECT, SUBJECT, [HOST, f"*.{HOST}"]))
        else:  # TLS 1.3 sends it encrypted
            expect(failures, f"connection {e['src_port']} certificate", e["subject"], "")
        # The client's highest version, SNI, 2 cipher digits: curl told --tls-max 1.2 offers no TLS 1.3.
        expect(failures, f"connection {e['src_port']} JA4 prefix", e["ja4"][:4],
               "t13d" if e["version"] == "TLS 1.3" else "t12d")


def main(sensor, pcapgen):
    failures = []
    body = customer_list(pcapgen)
    with tempfile.TemporaryDirectory() as home, NamespacePair("dlp-tls", SERVER, WORKSTATION) as ns, \
            nginx(ns, home):
        small = f"{home}/small.pcap"
        with captured(ns, small):
            for name, options in CLIENTS:
                upload(ns, home, name, options, body)
            upload(ns, home, "one-megabyte", ["--http1.1"], os.urandom(1_000_000))
        alerts, log, stats = replay(sensor, small, home)
        expect(failures, "alerts of uploads without keys", alerts, [])
        expect(failures, "TLS connections counted", stats["tls"]["connections"], len(CLIENTS) + 1)
        expect(failures, "records that made no sense", stats["tls"]["malformed"], 0)
        check_connections(log, small, failures)
        expect(failures, "key log written by curl", os.path.getsize(f"{home}/keys.log") > 0, True)

        big = f"{home}/big.pcap"
        with captured(ns, big):
            upload(ns, home, "two-hundred-megabytes", ["--http2"], os.urandom(200_000_000))
        alerts, log, _ = replay(sensor, big, home)
        want = tshark_connections(big)
        [(port, conn)] = want.items()
        expect(failures, "alerts of a 200 MB upload", [a["event"] for a in alerts], ["dlp.upload_volume"])
        if alerts:
            a = alerts[0]
            expect(failures, "the upload volume alert",
                   {k: a.get(k) for k in ("severity", "src_ip", "dst_ip", "destination", "destination_kind",
                                          "tls", "tls_sni", "ja3", "bytes", "bytes_received", "flows")},
                   {"severity": "critical", "src_ip": WORKSTATION, "dst_ip": SERVER, "destination": HOST,
                    "destination_kind": "cloud_storage", "tls": "encrypted", "tls_sni": HOST, "ja3": conn["ja3"],
                    "bytes": conn["sent"], "bytes_received": conn["received"], "flows": 1})
            expect(failures, "its JA4 is the connection's", a.get("ja4"), log[0]["ja4"])
    return report(failures)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
