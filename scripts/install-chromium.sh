#!/usr/bin/env bash
# Installs Debian's Chromium and its matching chromedriver for the console's browser tests (needs root).
# The tests call this when /usr/bin/chromium or /usr/bin/chromedriver is missing; nothing else downloads a browser.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
install() { apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium chromium-driver; }
export DEBIAN_FRONTEND=noninteractive
install || { apt-get -o DPkg::Lock::Timeout=600 update && install; }
