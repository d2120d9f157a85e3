#!/usr/bin/env bash
# Installs what dlp-sensor needs to build and test on Debian 12 (as root, or
# through sudo when it is there). Packages already present are left alone.
set -euo pipefail
packages=(g++ cmake make pkg-config clang-format python3 libhyperscan-dev libpcap-dev libboost-program-options-dev
          libfmt-dev libgtest-dev nlohmann-json3-dev libhowardhinnant-date-dev tzdata libssl-dev zlib1g-dev
          libbrotli-dev openssl tshark tcpreplay tcpdump iproute2 rsyslog rsyslog-openssl rsyslog-relp
          mariadb-server mariadb-client libdbd-mariadb-perl postgresql postgresql-client libdbd-pg-perl
          python3-psycopg2 python3-pymysql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
