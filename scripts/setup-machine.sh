#!/usr/bin/env bash
# Installs, from Debian's apt archive, what building and testing the site need:
# - chromium: the build renders the navigation flowchart to SVG in it, and the tests
#   drive it (Playwright cannot download its own browser here). /usr/bin/chromium is
#   used unless CHROMIUM_PATH points elsewhere.
# - fonts-noto-cjk: without CJK fonts the flowchart's Japanese labels render as empty
#   boxes and its node sizes come out wrong.
# - xvfb: a virtual display for the one test that needs a headed browser (Chromium's
#   local-network permission prompt does not exist in headless mode).
# Does nothing when all are present; never upgrades what is installed. Uses sudo when
# not root.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ] && [ ! -x "$CHROMIUM_PATH" ]; then
  echo "setup-machine: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  echo "  Point it at a Chromium or Chrome binary, or unset it to use /usr/bin/chromium." >&2
  exit 1
fi

need=()
[ -n "${CHROMIUM_PATH:-}" ] || [ -x /usr/bin/chromium ] || need+=(chromium)
# Capture fc-list's whole output first: `fc-list | grep -q` under pipefail fails at
# random when grep exits early and fc-list dies of SIGPIPE.
cjk_fonts=$(fc-list :lang=ja family 2>/dev/null || true)
case "$cjk_fonts" in *"Noto Sans CJK"*) ;; *) need+=(fonts-noto-cjk) ;; esac
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
$SUDO apt-get install -y -qq --no-upgrade "${need[@]}" >/dev/null
