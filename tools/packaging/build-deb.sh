#!/usr/bin/env bash
# Builds dlp-sensor_<version>_<arch>.deb: the sensor built with Debian's
# build and hardening flags (dpkg-buildflags), installed under /usr with its
# signatures in /usr/share/dlp-sensor/signatures, and packed by CPack's DEB
# generator, which has dpkg-shlibdeps compute the dependencies. Prints the
# package's path. Needs what tools/setup.sh installs, and dpkg-dev.
# usage: tools/packaging/build-deb.sh [BUILD_DIR]   (default: build-deb)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(realpath -m "${1:-$root/build-deb}")
# dpkg-buildflags maps the working directory out of the debug paths: the
# source tree's, wherever this is called from, so the flags (and the build) stay the same.
cd "$root"
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
flags() { dpkg-buildflags --get "$1"; }
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=None -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF \
  -DDLP_SIGNATURES_DIR=/usr/share/dlp-sensor/signatures -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON \
  -DCMAKE_C_FLAGS="$(flags CFLAGS) $(flags CPPFLAGS)" -DCMAKE_CXX_FLAGS="$(flags CXXFLAGS) $(flags CPPFLAGS)" \
  -DCMAKE_EXE_LINKER_FLAGS="$(flags LDFLAGS)" >/dev/null
cmake --build "$dir" -j "$(nproc)" --target dlp-sensor packaging-docs
(cd "$dir" && cpack -G DEB >/dev/null)
ls "$dir"/dlp-sensor_*.deb
