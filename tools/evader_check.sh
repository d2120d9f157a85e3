#!/usr/bin/env bash
# HTTP-Evader (../shared/pcaps-public/http/evader): each of the 502 cases
# serves the 68-byte EICAR file through a chunked, compressed or header
# evasion; a browser decodes it to those 68 bytes. Counts the cases whose
# response the sensor decodes to exactly 68 bytes (its --http-log) and
# fails if fewer than MINIMUM do, or if the sensor fails on one (an exit
# other than 0): a regression guard, not a claim that every evasion is read
# as a browser reads it.
# usage: evader_check.sh SENSOR DIR MINIMUM
set -u
sensor=$1 dir=$2 minimum=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
decoded=0 total=0 broken=0
for f in "$dir"/*.pcap; do
  total=$((total + 1))
  if ! "$sensor" --read "$f" --all-directions --alert-output /dev/null --http-log "$work/log" \
    --signature-cache "$work/cache" >/dev/null 2>&1; then
    broken=$((broken + 1))
    echo "sensor failed: $(basename "$f")"
  fi
  if grep -q '"status":[0-9]*,.*"body_bytes":68}' "$work/log"; then
    decoded=$((decoded + 1))
  else
    echo "not decoded: $(basename "$f") $(grep -o '"uri":"[^"]*"' "$work/log" | head -n 1)"
  fi
done
echo "evader: $decoded of $total decoded to the 68-byte file (minimum $minimum), $broken sensor failures"
[ "$decoded" -ge "$minimum" ] && [ "$broken" -eq 0 ]
