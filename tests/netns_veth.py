"""A network namespace a test makes with a veth pair in it: tcpreplay sends into replay0, a live
sensor captures on sensor0 (both up, no addresses, IPv6 off: the kernel sends nothing of its own)."""
import os
import subprocess


class VethNamespace:
    def __init__(self, prefix="dlp-test"):
        self.name = f"{prefix}-{os.getpid()}"
        self.exec = ["ip", "netns", "exec", self.name]

    def __enter__(self):
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        try:
            subprocess.run(self.exec + ["sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                                        "net.ipv6.conf.default.disable_ipv6=1"], check=True)
            subprocess.run(self.exec + ["ip", "link", "add", "replay0", "type", "veth", "peer", "name", "sensor0"],
                           check=True)
            for dev in ("replay0", "sensor0", "lo"):
                subprocess.run(self.exec + ["ip", "link", "set", dev, "up"], check=True)
        except BaseException:
            self.__exit__()
            raise
        return self

    def replay(self, pcap, mbps=20):
        subprocess.run(self.exec + ["tcpreplay", "-q", "--mbps", str(mbps), "-i", "replay0", pcap], check=True,
                       capture_output=True)

    def __exit__(self, *exc):
        subprocess.run(["ip", "netns", "delete", self.name])
