#!/usr/bin/env bash
# Checks the C++ formatting, builds the sensor twice (release, and with ASan+UBSan) and its Debian
# package, and runs the whole suite on both: unit and end-to-end tests, the package under systemd, the reassembly comparison with
# tshark, and, when the public corpus sits beside the checkout
# (../shared/pcaps-public), a sweep of every capture in it (sanitizer build)
# and the comparisons of reassembled streams, decoded HTTP bodies and TLS
# fingerprints with tshark (release build).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
corpus=../shared/pcaps-public

# Every C++ file as .clang-format wants it (clang-format 14, Debian 12's).
find sensor tests tools \( -name '*.cpp' -o -name '*.hpp' \) -print0 | xargs -0 clang-format --dry-run --Werror

for variant in build build-asan; do
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
  [ "$variant" = build-asan ] && flags=(-DCMAKE_BUILD_TYPE=Debug -DSANITIZE=ON)
  cmake -S . -B "$variant" "${flags[@]}" >/dev/null
  cmake --build "$variant" -j "$jobs"
  if [ "$variant" = build ]; then
    # The Debian package, which the release suite lints and installs (tests/package/).
    tools/packaging/build-deb.sh build/deb >/dev/null
  fi
  (cd "$variant" && ctest --output-on-failure -j "$jobs")
done

# Every capture of the corpus through the sanitizer build (stricter than the
# release build; the release binary replays the application and reassembly
# folders in the comparisons below), but HTTP-Evader's 502 one-exchange
# captures, which compare_evader_bodies.py below replays merged into one
# capture through the sanitizer build: one by one they cost CI minutes.
if [ -d "$corpus" ]; then
  tests/differential/corpus_sweep.sh build-asan/dlp-sensor "$corpus" "$corpus/http/evader"
fi

if [ -d "$corpus" ]; then
  # Every folder but http/evader: its 502 captures each hold one small HTTP
  # exchange and would add minutes; they are checked the same way by hand
  # (tests/differential/compare_reassembly.py build/dlp-sensor ../shared/pcaps-public/http/evader).
  http=$(find "$corpus"/http -maxdepth 1 -type f \( -name '*.pcap' -o -name '*.pcapng' \))
  # shellcheck disable=SC2086
  tests/differential/compare_reassembly.py build/dlp-sensor --known tests/differential/reassembly_known_differences.tsv \
    "$corpus"/reassembly "$corpus"/ipv6 "$corpus"/vlan "$corpus"/smtp "$corpus"/ftp "$corpus"/linktypes \
    "$corpus"/fragments "$corpus"/bulk "$corpus"/pcapng "$corpus"/malformed $http
  # Decoded HTTP body lengths against tshark's, on the application captures.
  tests/differential/compare_http_bodies.py build/dlp-sensor --known tests/differential/http_body_known_differences.tsv \
    "$corpus"/http "$corpus"/smtp "$corpus"/ftp
  # The Community ID of every alert of the corpus's application, IPv6 and VLAN captures, against tshark's.
  tests/differential/compare_community_id.py build/dlp-sensor --min-alerts 50 "$corpus"/ipv6 "$corpus"/vlan \
    "$corpus"/smtp "$corpus"/ftp $http
  # The JA3 of every ClientHello in the corpus, against tshark's.
  tests/differential/compare_tls_fingerprints.py build/dlp-sensor --min-hellos 40 "$corpus"
  # A PostgreSQL capture of suricata-verify's, as Suricata's own test reads it.
  tests/db/suricata_pgsql_test.py build/dlp-sensor "$corpus"/bulk/sv_pgsql_pgsql-5000-query-results.pcap
  # HTTP-Evader's 502 evasions, against tshark and against browsers (sanitizer build).
  tests/differential/compare_evader_bodies.py build-asan/dlp-sensor "$corpus"/http/evader \
    "$corpus"/ground_truth/http-evader-expected.tsv tests/differential/evader_known_differences.tsv
fi
