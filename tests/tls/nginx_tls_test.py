#!/usr/bin/env python3
"""Real TLS: Debian's nginx (HTTP/1.1 and HTTP/2, a certificate the test
makes for pan.baidu.com) and curl uploading a customer list over TLS 1.2
and 1.3 with GCM, ChaCha20 and RSA key-exchange suites, while tcpdump
captures and curl writes its key log (SSLKEYLOGFILE). The server
(203.0.113.80, outside) and the workstation (10.1.1.20) are network
namespaces the test makes. The capture is replayed through the sensor:
without keys, no content alert, and each connection's TLS log line (SNI,
version, suite, JA3, the certificate's names, bytes each way) as tshark
reads the same capture; with the key log, each upload's exact alerts, the
deciphered bytes of each direction as tshark's (follow,tls) and the HTTP/2
bodies as tshark reassembles them, also from the key log in a pcapng
Decryption Secrets Block; with wrong keys, records fail and
nothing is scanned; garbage lines in the key log are counted and the rest
read; a KeyUpdate from OpenSSL's s_client is followed. Live, the sensor
reads the key log as curl appends to it. A flow
of no known protocol is named by the answer of Debian's dnsmasq. Then one 200 MB upload gives exactly one dlp.upload_volume alert,
1 MB ones none. Needs root.
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
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "db"))
from db_common import customers, expect  # noqa: E402
from alert_log import kept  # noqa: E402
from netns_pair import NamespacePair  # noqa: E402
from report import report  # noqa: E402

SERVER, WORKSTATION, HOST = "203.0.113.80", "10.1.1.20", "pan.baidu.com"
# The certificate names a person's e-mail address (zhangwei.li@163.com): what the sensor quotes of it is
# masked, as RFC 2253 writes it.
SUBJECT_QUOTED = f"emailAddress=z***@163.com,CN={HOST},O=dlp-sensor test"

# Port 4443 is served without encrypt-then-MAC (RFC 7366), so that CBC is MAC-then-encrypt there.
PORTS = (443, 4443)
# What each connection asks of curl: (name, curl options, port); each uploads the customer list once.
CLIENTS = [
    ("tls12-gcm-h1", ["--tls-max", "1.2", "--http1.1", "--ciphers", "ECDHE-RSA-AES128-GCM-SHA256"], 443),
    ("tls12-chacha-h2", ["--tls-max", "1.2", "--http2", "--ciphers", "ECDHE-RSA-CHACHA20-POLY1305"], 443),
    ("tls12-rsa-kx", ["--tls-max", "1.2", "--http1.1", "--ciphers", "AES256-GCM-SHA384"], 443),
    ("tls12-cbc-etm", ["--tls-max", "1.2", "--http1.1", "--ciphers", "ECDHE-RSA-AES128-SHA256"], 443),
    ("tls12-cbc-mte", ["--tls-max", "1.2", "--http2", "--ciphers", "AES128-SHA"], 4443),
    ("tls13-aes128-h2", ["--tlsv1.3", "--http2", "--tls13-ciphers", "TLS_AES_128_GCM_SHA256"], 443),
    ("tls13-gcm-h2", ["--tlsv1.3", "--http2", "--tls13-ciphers", "TLS_AES_256_GCM_SHA384"], 443),
    ("tls13-chacha-h1", ["--tlsv1.3", "--http1.1", "--tls13-ciphers", "TLS_CHACHA20_POLY1305_SHA256"], 443),
]

NGINX_CONF = """
daemon off; master_process off; worker_processes 1;
pid {home}/nginx.pid; error_log {home}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off; client_body_temp_path {home}/body;
  ssl_certificate {home}/cert.pem; ssl_certificate_key {home}/key.pem;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256:AES128-SHA;
  root {home}/www; client_max_body_size 0;
  server {{
    listen {server}:443 ssl http2;
    server_name {host};
    location /upload/ {{ dav_methods PUT; create_full_put_path on; }}
  }}
  server {{
    listen {server}:4443 ssl http2;
    server_name {host};
    ssl_conf_command Options -EncryptThenMac;
    location /upload/ {{ dav_methods PUT; create_full_put_path on; }}
  }}
  server {{
    listen {server}:8080 http2;
    location /upload/ {{ dav_methods PUT; create_full_put_path on; }}
  }}
}}
"""


@contextlib.contextmanager
def nginx(ns, home):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    f"/O=dlp-sensor test/CN={HOST}/emailAddress=zhangwei.li@163.com", "-addext", f"subjectAltName=DNS:{HOST},DNS:*.{HOST}",
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
def captured(ns, pcap, what="tcp port 443 or tcp port 4443 or tcp port 8080"):
    # Packets of the link's MTU, as a mirror port sees them, not 64 KiB offload batches.
    for side, dev in ((ns.client, "dbc0"), (ns.server, "dbs0")):
        ns.run(side, "ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off")
    dump = ns.popen(ns.client, "tcpdump", "-i", "dbc0", "-B", "262144", "-s", "0", "-w", pcap, what,
                    stderr=subprocess.DEVNULL)
    time.sleep(1)
    try:
        yield
    finally:
        time.sleep(1)
        dump.send_signal(signal.SIGINT)
        dump.wait(timeout=60)


def upload(ns, home, name, options, body, port=443, keys="keys.log"):
    path = f"{home}/{name}.body"
    with open(path, "wb") as f:
        f.write(body)
    env = dict(os.environ, SSLKEYLOGFILE=f"{home}/{keys}")
    ns.run(ns.client, "curl", "-sSk", "--fail", "-o", "/dev/null", "--resolve", f"{HOST}:443:{SERVER}", *options,
           "--resolve", f"{HOST}:{port}:{SERVER}", "-T", path, f"https://{HOST}:{port}/upload/{name}.csv", env=env)


def customer_list(pcapgen):
    lines = ["编号,姓名,身份证号,手机号,银行卡号,地址"]
    lines += [",".join(str(v) for v in row) for row in customers(pcapgen)]
    return ("\n".join(lines) + "\n").encode()


def tshark(pcap, fields, display_filter, keys=None):
    options = ["-o", f"tls.keylog_file:{keys}"] if keys else []
    out = subprocess.run(["tshark", "-r", pcap, *options, "-Y", display_filter, "-T", "fields",
                          *[x for f in fields for x in ("-e", f)]], capture_output=True, text=True, check=True)
    return [line.split("\t") for line in out.stdout.splitlines()]


def tshark_connections(pcap):
    """Per client port: SNI and JA3 of the ClientHello, version and suite of
    the ServerHello, stream bytes each way."""
    conns = collections.defaultdict(lambda: {"sent": 0, "received": 0})
    for port, sni, ja3, alpn in tshark(pcap, ["tcp.srcport", "tls.handshake.extensions_server_name",
                                              "tls.handshake.ja3", "tls.handshake.extensions_alpn_str"],
                                       "tls.handshake.type == 1"):
        conns[int(port)].update(sni=sni, ja3=ja3, alpn=alpn)
    for port, version, supported, suite in tshark(pcap, ["tcp.dstport", "tls.handshake.version",
                                                         "tls.handshake.extensions.supported_version",
                                                         "tls.handshake.ciphersuite"], "tls.handshake.type == 2"):
        v = int(supported or version, 16)
        conns[int(port)].update(version={0x0303: "TLS 1.2", 0x0304: "TLS 1.3"}[v], cipher=f"0x{int(suite, 16):04x}")
    # Each direction's stream length: its highest relative sequence number, past the SYN.
    for src, dst, seq, length in tshark(pcap, ["tcp.srcport", "tcp.dstport", "tcp.seq", "tcp.len"], "tcp.len > 0"):
        port, way = (int(dst), "received") if int(src) in PORTS else (int(src), "sent")
        conns[port][way] = max(conns[port][way], int(seq) + int(length) - 1)
    return conns


def replay(sensor, pcap, home, *extra):
    tls_log = f"{home}/tls.log"
    run = subprocess.run([sensor, "--read", pcap, "--alert-format", "json", "--tls-log", tls_log, *extra],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"the sensor exited with {run.returncode}: {run.stderr[-300:]}")
    alerts = kept([json.loads(line) for line in run.stdout.splitlines() if line.strip()])
    with open(tls_log) as f:
        log = [json.loads(line) for line in f]
    return alerts, log, json.loads(run.stderr.strip().splitlines()[-1])


# What each upload of the customer list gives, deciphered: (distinct, records) by category.
UPLOAD_ALERTS = {"bank_card": (1000, 0), "cn_mobile": (1000, 0), "cn_resident_id": (1000, 1000),
                 "person_name": (600, 0), "address": (1000, 0)}


def tshark_deciphered(pcap, keys):
    """Per client port: the application bytes tshark deciphers each way (follow,tls)."""
    ports = {int(stream): int(port) for stream, port in tshark(pcap, ["tcp.stream", "tcp.srcport"],
                                                                  "tls.handshake.type == 1")}
    out = {}
    for stream, port in ports.items():
        follow = subprocess.run(["tshark", "-r", pcap, "-o", f"tls.keylog_file:{keys}", "-q", "-z",
                                 f"follow,tls,raw,{stream}"], capture_output=True, text=True, check=True).stdout
        # Node 0 sent the first deciphered bytes, its lines unindented; the other's start with a tab.
        counts, client_first = [0, 0], f"Node 0: {WORKSTATION}:{port}" in follow
        for line in follow.splitlines():
            if line.strip() and not line.startswith(("=", "Follow", "Filter", "Node")):
                counts[line.startswith("\t")] += len(line.strip()) // 2
        out[port] = tuple(counts) if client_first else tuple(reversed(counts))
    return out


def check_deciphered(sensor, pcap, home, body_bytes, failures):
    keys = f"{home}/keys.log"
    # A deciphered upload is read, so it counts in no upload volume, however low the threshold.
    alerts, log, stats = replay(sensor, pcap, home, "--tls-keylog", keys, "--http-log", f"{home}/http.log",
                                "--upload-volume", "1")
    expect(failures, "connections deciphered", (stats["tls"]["decrypted"], stats["tls"]["failed_records"]),
           (len(CLIENTS) + 1, 0))
    for name, _, port in CLIENTS:
        uri = f"/upload/{name}.csv"
        got = {a["category"]: (a["distinct"], a["records"]) for a in alerts
               if a["event"] == "dlp.flow" and a.get("http_uri") == uri}
        expect(failures, f"{name}: alerts", got, UPLOAD_ALERTS)
        for a in (a for a in alerts if a.get("http_uri") == uri):
            expect(failures, f"{name}: {a['category']} alert's TLS and HTTP fields",
                   {k: a.get(k) for k in ("app", "tls", "tls_sni", "http_method", "http_host", "destination_kind",
                                          "tls_subject")},
                   {"app": "tls", "tls": "decrypted", "tls_sni": HOST, "http_method": "PUT", "tls_subject": SUBJECT_QUOTED,
                    "http_host": HOST if port == 443 else f"{HOST}:{port}", "destination_kind": "cloud_storage"})
    expect(failures, "alerts of the random upload", [a for a in alerts if a.get("http_uri") == "/upload/one-megabyte.csv"],
           [])
    expect(failures, "host summaries", sorted((a["event"], a["category"]) for a in alerts if a["event"] != "dlp.flow"),
           [("dlp.host_summary", "address"), ("dlp.host_summary", "cn_mobile")])
    # The same capture as pcapng with the key log in a Decryption Secrets Block, and no --tls-keylog.
    dsb = f"{home}/with-secrets.pcapng"
    subprocess.run(["editcap", "--inject-secrets", f"tls,{keys}", pcap, dsb], check=True)
    expect(failures, "alerts of the pcapng holding its secrets", sorted(json.dumps(a, sort_keys=True) for a in
                                                                        replay(sensor, dsb, home, "--upload-volume",
                                                                               "1")[0]),
           sorted(json.dumps(a, sort_keys=True) for a in alerts))
    want = tshark_deciphered(pcap, keys)
    expect(failures, "deciphered bytes each way, as tshark's",
           {e["src_port"]: (e.get("decrypted_sent"), e.get("decrypted_received")) for e in log}, want)
    with open(f"{home}/http.log") as f:
        uploads = {m["uri"]: m["body_bytes"] for m in map(json.loads, f) if m["method"] == "PUT" and "status" not in m}
    h2 = {int(p): int(n) for p, _, n in tshark(pcap, ["tcp.srcport", "http2.streamid", "http2.body.reassembled.length"],
                                               "http2.body.reassembled.length", keys)}
    ports = {e["src_port"]: e for e in log}
    expect(failures, "HTTP/2 bodies, as tshark reassembles them",
           sorted(uploads[f"/upload/{n}.csv"] for n, o, _ in CLIENTS if "--http2" in o), sorted(h2.values()))
    expect(failures, "every upload's body decoded", [uploads.get(f"/upload/{n}.csv") for n, _, _ in CLIENTS],
           [body_bytes] * len(CLIENTS))
    expect(failures, "HTTP/2 connections", sorted(ports[p]["alpn"] for p in h2), ["h2,http/1.1"] * len(h2))


def check_bad_keys(sensor, pcap, home, failures):
    with open(f"{home}/keys.log") as f:
        lines = f.read().splitlines()
    # Wrong secrets: the last hex digit of each one changed.
    wrong = f"{home}/wrong-keys.log"
    with open(wrong, "w") as f:
        for line in lines:
            f.write(line[:-1] + ("0" if line[-1] != "0" else "1") + "\n")
    alerts, _, stats = replay(sensor, pcap, home, "--tls-keylog", wrong)
    expect(failures, "alerts with wrong keys", alerts, [])
    expect(failures, "records failing with wrong keys", stats["tls"]["failed_records"] > 0, True)
    expect(failures, "bytes deciphered with wrong keys", stats["tls"]["decrypted_bytes"], 0)
    expect(failures, "connections whose wrong keys were tried", stats["tls"]["decrypted"], len(CLIENTS) + 1)
    # Garbage between good lines: counted, the rest read.
    noisy = f"{home}/noisy-keys.log"
    with open(noisy, "w") as f:
        f.write("garbage\nCLIENT_RANDOM zz 00\n# a comment\n\n" + "\n".join(lines) + "\nCLIENT_RANDOM 00\n")
    run = subprocess.run([sensor, "--read", pcap, "--alert-format", "json", "--tls-keylog", noisy],
                         capture_output=True, text=True)
    keylog = json.loads(next(line for line in run.stderr.splitlines() if '"event":"tls_keylog"' in line))
    expect(failures, "garbage key log lines counted", keylog["unreadable"], 3)
    expect(failures, "alerts with garbage in the key log", len(run.stdout.splitlines()),
           len(CLIENTS) * len(UPLOAD_ALERTS) + 2)


def check_cleartext_http2(sensor, ns, home, body, failures):
    """HTTP/2 with prior knowledge, in the clear on port 8080: the same alerts, app http2."""
    pcap = f"{home}/h2c.pcap"
    with captured(ns, pcap):
        path = f"{home}/h2c.body"
        with open(path, "wb") as f:
            f.write(body)
        ns.run(ns.client, "curl", "-sS", "--fail", "-o", "/dev/null", "--http2-prior-knowledge", "-T", path,
               f"http://{SERVER}:8080/upload/h2c.csv")
    alerts, _, stats = replay(sensor, pcap, home)
    expect(failures, "h2c alerts", {a["category"]: (a["distinct"], a["records"], a["app"], a.get("http_uri"))
                                    for a in alerts if a["event"] == "dlp.flow"},
           {c: (*n, "http2", "/upload/h2c.csv") for c, n in UPLOAD_ALERTS.items()})
    expect(failures, "h2c connections", (stats["http2"]["connections"], stats["http2"]["broken"]), (1, 0))


class DelayedKeyLog(threading.Thread):
    """Copies each line curl writes to its key log into the log the sensor
    watches, a second late: the secrets come while the connection runs."""

    def __init__(self, source, target):
        super().__init__(daemon=True)
        self.source, self.target, self.done = source, target, threading.Event()

    def run(self):
        copied = 0
        while not self.done.is_set():
            with open(self.source) as f:
                lines = f.readlines()
            if len(lines) > copied:
                time.sleep(1)
                with open(self.target, "a") as out:
                    out.writelines(line for line in lines[copied:] if line.endswith("\n"))
                copied += sum(1 for line in lines[copied:] if line.endswith("\n"))
            time.sleep(0.05)


def check_live_keys(sensor, ns, home, body, failures):
    """The sensor on the workstation's interface, live, reading a key log
    that gets curl's secrets a second after curl wrote them, while curl
    uploads at 30 KB/s: every connection's records wait for their secrets,
    then the uploads are read as with a complete key log."""
    written, watched = f"{home}/live.keys", f"{home}/watched.keys"
    open(written, "w").close()
    open(watched, "w").close()
    live = ns.popen(ns.client, sensor, "--interface", "dbc0", "--alert-format", "json", "--immediate", "--tls-keylog",
                    watched, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in live.stderr:
        if '"event":"start"' in line:
            break
    time.sleep(1)
    relay = DelayedKeyLog(written, watched)
    relay.start()
    clients = (CLIENTS[0], CLIENTS[1], CLIENTS[-2])
    for name, options, port in clients:
        upload(ns, home, "live-" + name, options + ["--limit-rate", "30K"], body, port, keys="live.keys")
    time.sleep(1)
    relay.done.set()
    live.send_signal(signal.SIGTERM)
    out, err = live.communicate(timeout=60)
    alerts = kept([json.loads(line) for line in out.splitlines() if line.strip()])
    for name, _, _ in clients:
        uri = f"/upload/live-{name}.csv"
        expect(failures, f"live {name}: alerts", {a["category"]: (a["distinct"], a["records"], a["tls"]) for a in alerts
                                                  if a["event"] == "dlp.flow" and a.get("http_uri") == uri},
               {c: (*n, "decrypted") for c, n in UPLOAD_ALERTS.items()})
    tls = json.loads(err.strip().splitlines()[-1])["tls"]
    expect(failures, "live: connections that waited for their secrets, and all came",
           (tls["key_waits"], tls["key_wait_overflows"], tls["decrypted"]), (3, 0, 3))


def check_key_update(sensor, ns, home, failures):
    """OpenSSL's s_client sends a line, a KeyUpdate asking the server for one
    too ('K'), another line, to s_server over TLS 1.3: both lines are read,
    as tshark reads them."""
    server = ns.popen(ns.server, "openssl", "s_server", "-quiet", "-accept", f"{SERVER}:4444", "-cert",
                      f"{home}/cert.pem", "-key", f"{home}/key.pem", "-tls1_3", stdin=subprocess.PIPE,
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # its stdin open: it closes at its end
    time.sleep(0.5)
    pcap, keys, lines = f"{home}/key-update.pcap", f"{home}/key-update.keys", [b"before the update\n", b"after\n"]
    try:
        with captured(ns, pcap, "tcp port 4444"):
            client = ns.popen(ns.client, "openssl", "s_client", "-connect", f"{SERVER}:4444", "-servername", HOST,
                              "-tls1_3", "-keylogfile", keys, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
            for line in (lines[0], b"K\n", lines[1]):
                client.stdin.write(line)
                client.stdin.flush()
                time.sleep(0.5)
            client.stdin.close()
            client.wait(timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)
    _, log, stats = replay(sensor, pcap, home, "--tls-keylog", keys)
    expect(failures, "KeyUpdates in the capture", len(tshark(pcap, ["frame.number"], "tls.handshake.type == 24", keys)) > 0,
           True)
    expect(failures, "bytes deciphered across a KeyUpdate", [(e.get("decrypted_sent"), e.get("decrypted_received"))
                                                            for e in log], list(tshark_deciphered(pcap, keys).values()))
    expect(failures, "bytes the client sent", log[0].get("decrypted_sent") if log else None, sum(map(len, lines)))
    expect(failures, "records failing across a KeyUpdate", stats["tls"]["failed_records"], 0)


def dns_query(name):
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split("."))
    return b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + labels + b"\x00\x00\x01\x00\x01"


RESOLVE_AND_SEND = """
import socket, sys
q = bytes.fromhex(sys.argv[1])
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(5)
u.sendto(q, (sys.argv[2], 53))
answer = u.recv(512)
address = socket.inet_ntoa(answer[-4:])
t = socket.create_connection((address, 9000))
t.sendall(open(sys.argv[3], "rb").read())
t.close()
"""

SINK = """
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 9000))
s.listen(1)
c, _ = s.accept()
while c.recv(65536):
    pass
"""


def check_dns_named_upload(sensor, ns, home, failures):
    """Debian's dnsmasq answers pan.baidu.com; the client then sends 3 MB of
    no known protocol to the address it was given: the flow has no SNI nor
    HTTP host, and is named by the DNS answer."""
    dns = ns.popen(ns.server, "dnsmasq", "--no-daemon", "--no-resolv", "--no-hosts", f"--listen-address={SERVER}",
                   "--bind-interfaces", f"--address=/{HOST}/{SERVER}", f"--pid-file={home}/dnsmasq.pid",
                   stderr=subprocess.DEVNULL)
    sink = ns.popen(ns.server, sys.executable, "-c", SINK)
    time.sleep(1)
    data = f"{home}/raw.bin"
    with open(data, "wb") as f:
        f.write(bytes(3_000_000))
    pcap = f"{home}/dns.pcap"
    try:
        with captured(ns, pcap, "udp port 53 or tcp port 9000"):
            ns.run(ns.client, sys.executable, "-c", RESOLVE_AND_SEND, dns_query(HOST).hex(), SERVER, data)
        sink.wait(timeout=30)
    finally:
        dns.terminate()
        dns.wait(timeout=30)
    alerts, _, stats = replay(sensor, pcap, home, "--upload-volume", "2")
    expect(failures, "the upload named by its DNS answer",
           [{k: a.get(k) for k in ("event", "app", "destination", "destination_kind", "bytes")} for a in alerts],
           [{"event": "dlp.upload_volume", "app": "raw", "destination": HOST, "destination_kind": "cloud_storage",
             "bytes": 3_000_000}])
    expect(failures, "DNS answers read", (stats["dns"]["answers"], stats["dns"]["names"]), (1, 1))


def check_connections(log, pcap, failures):
    want = tshark_connections(pcap)
    expect(failures, "TLS connections logged", sorted(e["src_port"] for e in log), sorted(want))
    for e in log:
        w = want.get(e["src_port"], {})
        got = {k: e[k] for k in ("sni", "ja3", "alpn", "version", "cipher")}
        got.update(sent=e["bytes_sent"], received=e["bytes_received"])
        expect(failures, f"connection {e['src_port']} as tshark reads it", got, dict(w))

        if e["version"] == "TLS 1.2":
            expect(failures, f"connection {e['src_port']} certificate",
                   (e["subject"], e["issuer"], e["san"]), (SUBJECT_QUOTED, SUBJECT_QUOTED, [HOST, f"*.{HOST}"]))
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
            for name, options, port in CLIENTS:
                upload(ns, home, name, options, body, port)
            # Bytes that hold no personal data, even by chance (random bytes may: 7 e-mail addresses in 200 MB).
            upload(ns, home, "one-megabyte", ["--http1.1"], bytes(1_000_000))
        alerts, log, stats = replay(sensor, small, home)
        expect(failures, "alerts of uploads without keys", alerts, [])
        expect(failures, "TLS connections counted", stats["tls"]["connections"], len(CLIENTS) + 1)
        expect(failures, "records that made no sense", stats["tls"]["malformed"], 0)
        check_connections(log, small, failures)
        # One CBC connection is encrypt-then-MAC, the other MAC-then-encrypt.
        expect(failures, "ServerHellos agreeing on encrypt-then-MAC",
               len(tshark(small, ["tcp.dstport"], "tls.handshake.type == 2 && tls.handshake.extension.type == 22")), 1)
        check_deciphered(sensor, small, home, len(body), failures)
        check_bad_keys(sensor, small, home, failures)
        check_cleartext_http2(sensor, ns, home, body, failures)
        check_live_keys(sensor, ns, home, body, failures)
        check_dns_named_upload(sensor, ns, home, failures)
        check_key_update(sensor, ns, home, failures)

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
