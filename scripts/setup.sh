#!/usr/bin/env bash
# Sets up IAM Desk on a fresh Debian 12 machine: system packages (build tools for the native
# modules, libsecret for the keychain, GNOME Keyring + D-Bus for keychain tests, Chromium for
# browser mode and end-to-end tests, fonts, openssh-client so the SSH tests compare fingerprints
# with ssh-keygen and read a real ssh-agent), then the npm dependencies exactly as locked.
# The Electron binary download is skipped: it is not reachable everywhere, and `npm start`
# falls back to browser mode without it.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(build-essential pkg-config python3 libsecret-1-dev gnome-keyring dbus dbus-x11 chromium fonts-dejavu-core fonts-liberation xdg-utils openssh-client)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies (native modules compile here: about a minute)"
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=warn
fi
