#!/usr/bin/env bash
# Installs what the tests need on a Debian machine, from Debian's apt archive:
# - chromium: Playwright cannot download its own browser here; tests and the
#   build-time flowchart use /usr/bin/chromium (override with CHROMIUM_PATH).
# - fonts-noto-cjk: without CJK fonts the flowchart's Japanese labels render as empty
#   boxes and its node sizes come out wrong.
# Does nothing when both are present. Uses sudo when not root.
set -euo pipefail
need=()
command -v "${CHROMIUM_PATH:-chromium}" >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  echo "setup-test-machine: chromium and CJK fonts already installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup-test-machine: installing ${need[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
