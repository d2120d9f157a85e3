"""Two network namespaces a test makes, a server's and a client's, joined
by a veth pair (dbs0 on the server's side, dbc0 on the client's), each with
one address and a route to the other."""
import os
import subprocess


class NamespacePair:
    def __init__(self, prefix, server_ip, client_ip):
        tag = os.getpid()
        self.server, self.client = f"{prefix}s-{tag}", f"{prefix}c-{tag}"
        self.server_ip, self.client_ip = server_ip, client_ip

    def run(self, ns, *cmd, **kw):
        return subprocess.run(["ip", "netns", "exec", ns, *cmd], check=True, **kw)

    def popen(self, ns, *cmd, **kw):
        return subprocess.Popen(["ip", "netns", "exec", ns, *cmd], **kw)

    def __enter__(self):
        for ns in (self.server, self.client):
            subprocess.run(["ip", "netns", "add", ns], check=True)
        subprocess.run(["ip", "link", "add", "dbc0", "netns", self.client, "type", "veth", "peer", "name", "dbs0",
                        "netns", self.server], check=True)
        for ns, dev, mine, theirs in ((self.server, "dbs0", self.server_ip, self.client_ip),
                                      (self.client, "dbc0", self.client_ip, self.server_ip)):
            self.run(ns, "ip", "link", "set", "lo", "up")
            self.run(ns, "ip", "addr", "add", f"{mine}/32", "dev", dev)
            self.run(ns, "ip", "link", "set", dev, "up")
            self.run(ns, "ip", "route", "add", f"{theirs}/32", "dev", dev)
        return self

    def __exit__(self, *exc):
        for ns in (self.server, self.client):
            subprocess.run(["ip", "netns", "delete", ns])
