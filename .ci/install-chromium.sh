#!/usr/bin/env bash
# Install headless Chromium and its driver for the `dlkit scrape twse --engine selenium` test
# (tests/scrape/test_twse_selenium.py skips without them). Call it from .ci/run on Debian/Ubuntu.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver
