#!/usr/bin/env python3
"""A small HTTPS origin for the ICAP tests: it serves the files of a
folder (GET) and takes any upload (POST, PUT), with a length or chunked,
answering 201; it logs one JSON line per request it received: method,
path, body length and the body's SHA-256.
usage: https_origin.py ADDRESS PORT CERT KEY ROOT LOG"""
import hashlib
import http.server
import json
import os
import ssl
import sys


class Origin(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def record(self, body):
        with open(self.server.log, "a") as f:
            f.write(json.dumps({"method": self.command, "path": self.path, "length": len(body),
                                "sha256": hashlib.sha256(body).hexdigest()}) + "\n")

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", ""):
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def do_GET(self):
        self.record(b"")
        path = os.path.join(self.server.root, self.path.lstrip("/"))
        if not os.path.isfile(path):
            self.send_error(404)
            return
        data = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "text/csv; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.record(self.read_body())
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 256  # the 50 clients of the load test connect at once


def main(address, port, cert, key, root, log):
    server = Server((address, int(port)), Origin)
    server.root, server.log = root, log
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
