#!/usr/bin/env bash
# Installs Ace by DAISY (the EPUB accessibility checker) for the test suite, when this
# machine can: Node's npm for @daisy/ace-cli (its own browser download skipped) and
# Debian's Chromium for it to drive. Never fails the build: without them the
# accessibility test says why it cannot run.
set -u
cd "$(dirname "$0")/.."
ace=.tools/node_modules/.bin/ace-cli

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium for Ace (apt-get)..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
      >/dev/null 2>&1 || echo "Could not install Chromium; the Ace test will not run."
  else
    echo "No Chromium and no way to install it; the Ace test will not run."
  fi
fi

if [ ! -x "$ace" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "Installing @daisy/ace-cli into .tools/ (npm)..."
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix .tools \
      @daisy/ace-cli@1.4.6 >/dev/null 2>&1 || echo "Could not install Ace; its test will not run."
  else
    echo "No npm; the Ace test will not run."
  fi
fi
exit 0
