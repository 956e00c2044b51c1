#!/usr/bin/env bash
# Installs, from Debian's apt archive, what building and testing the site need:
# - chromium: the build renders the navigation flowchart to SVG in it, and the tests
#   drive it (Playwright cannot download its own browser here). /usr/bin/chromium is
#   used unless CHROMIUM_PATH points elsewhere.
# - fonts-noto-cjk: without CJK fonts the flowchart's Japanese labels render as empty
#   boxes and its node sizes come out wrong.
# - xvfb: a virtual display for the one test that needs a headed browser (Chromium's
#   local-network permission prompt does not exist in headless mode).
# Does nothing when all are present. Uses sudo when not root.
set -euo pipefail
need=()
command -v "${CHROMIUM_PATH:-chromium}" >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
if [ ${#need[@]} -eq 0 ]; then
  echo "setup-machine: chromium, CJK fonts and Xvfb already installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup-machine: installing ${need[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
