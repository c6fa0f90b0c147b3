#!/usr/bin/env bash
# Run a command inside a private D-Bus session with a throwaway, unlocked GNOME keyring, so
# the real-keychain tests exercise keytar → libsecret → Secret Service without touching the
# user's own keyring and without any password prompt.
#
#   bash scripts/with-keyring.sh npx vitest run test/integration/keychain.test.ts
#
# Sets IAM_DESK_KEYRING=1 for the command when the keyring is up. Without dbus-run-session or
# gnome-keyring-daemon it runs the command as is (the keychain test then skips, except under
# CI=true where it fails).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keyring: dbus-run-session or gnome-keyring-daemon not found; running without a keychain" >&2
  exec "$@"
fi

if [ "${IAM_DESK_KEYRING_INNER:-}" != "1" ]; then
  # Outer half: a fresh home for everything the keyring writes. It is exported *before*
  # dbus-run-session so that services the bus activates on demand inherit it too.
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/iam-desk-keyring.XXXXXX")"
  cleanup() { rm -rf "$tmp"; }
  trap cleanup EXIT
  mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/run"
  chmod 700 "$tmp/run"
  # No display: any prompt fails at once instead of waiting for a person.
  unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
  # The command must still find the user's tools (npm cache, nvm) after HOME moves.
  export NPM_CONFIG_CACHE="${NPM_CONFIG_CACHE:-${HOME:-$tmp/home}/.npm}"
  if [ -f "${HOME:-}/.npmrc" ]; then export NPM_CONFIG_USERCONFIG="${NPM_CONFIG_USERCONFIG:-$HOME/.npmrc}"; fi
  export NPM_CONFIG_UPDATE_NOTIFIER=false
  export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
    XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
  export IAM_DESK_KEYRING_INNER=1
  set +e
  dbus-run-session -- bash "$0" "$@"
  rc=$?
  set -e
  exit "$rc"
fi

# Inner half, on the private bus. --unlock reads the new keyring's password from stdin and
# creates the "login" collection with it. It runs in the foreground (as our child) so that we
# know its pid and can stop it: a daemonised keyring that nobody talked to outlives the bus.
unset IAM_DESK_KEYRING_INNER
keyring_out="$XDG_RUNTIME_DIR/keyring-env"
printf '%s' dummy | gnome-keyring-daemon --foreground --unlock --components=secrets >"$keyring_out" 2>/dev/null &
keyring_pid=$!
stop_keyring() { kill "$keyring_pid" 2>/dev/null || true; wait "$keyring_pid" 2>/dev/null || true; }
trap stop_keyring EXIT

# Ready once it owns the Secret Service name (NameHasOwner does not start anything).
ready=0
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    ready=1
    break
  fi
  kill -0 "$keyring_pid" 2>/dev/null || break
  sleep 0.1
done
if [ "$ready" != 1 ]; then
  echo "with-keyring: gnome-keyring-daemon did not come up on the private bus" >&2
  exit 1
fi
# It prints NAME=value lines (GNOME_KEYRING_CONTROL, sometimes SSH_AUTH_SOCK); export them.
while IFS= read -r line; do
  case "$line" in
    [A-Z_]*=*) export "${line?}" ;;
  esac
done <"$keyring_out"
export IAM_DESK_KEYRING=1
# Not exec: the keyring is stopped afterwards, then the outer half removes the temp dir.
set +e
"$@"
rc=$?
set -e
exit "$rc"
