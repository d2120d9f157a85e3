#!/usr/bin/env bash
# Installs what dlp-sensor needs to build on Debian 12 and, with --tests,
# what its test suite runs (tshark, tcpreplay, rsyslog, MariaDB, nginx,
# PostgreSQL, Squid, c-icap, Prometheus and their clients, Chromium with playwright-core from npm for the
# case report, lintian for the package), as root or through sudo when it is there.
# Packages already present are left alone. The tests start their own
# database servers in temporary directories: the services Debian's
# packages would start and enable are neither started nor enabled here.
set -euo pipefail
packages=(g++ cmake make pkg-config python3 libhyperscan-dev libpcap-dev libboost-program-options-dev libfmt-dev
          libgtest-dev nlohmann-json3-dev libhowardhinnant-date-dev tzdata libssl-dev libisal-dev zlib1g-dev libbrotli-dev
          libnghttp2-dev libboost-dev dpkg-dev)
servers=(mariadb-server postgresql nginx squid-openssl c-icap prometheus)
if [ "${1:-}" = "--tests" ]; then
  packages+=(clang-format openssl tshark tcpreplay tcpdump iproute2 ethtool rsyslog rsyslog-openssl rsyslog-relp
             mariadb-client libdbd-mariadb-perl postgresql-client libdbd-pg-perl python3-psycopg2 python3-pymysql python3-jsonschema curl dnsmasq-base
             chromium fonts-wqy-microhei lintian logrotate "${servers[@]}")
  command -v npm >/dev/null || packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
browser_check=$(dirname "$0")/../tests/report/browser
install_browser_check() {
  # The case report's browser test drives Debian's Chromium with playwright-core (package-lock.json).
  if [ "${1:-}" = "--tests" ] && [ ! -d "$browser_check/node_modules/playwright-core" ]; then
    npm ci --prefix "$browser_check" --no-audit --no-fund --silent
  fi
}
if [ ${#missing[@]} -eq 0 ]; then
  install_browser_check "${1:-}"
  exit 0
fi
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
# Debian's policy layer (invoke-rc.d) asks this file whether a package may start its service.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  own_policy=true
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if $own_policy; then
  "${as_root[@]}" rm -f "$policy"
fi
for p in "${missing[@]}"; do
  case " ${servers[*]} " in
    *" $p "*) service=${p%-server}; service=${service%-openssl}
              "${as_root[@]}" systemctl disable -q "$service" 2>/dev/null || true ;;
  esac
done
install_browser_check "${1:-}"
