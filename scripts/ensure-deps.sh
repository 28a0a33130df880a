#!/usr/bin/env bash
# Makes sure the system programs the local runtime and the tests need are present:
# redis-server (the real Redis the Lua scripts run on), java (for DynamoDB Local), Debian's
# chromium with CJK fonts (the web app's browser tests; Playwright's own browser download
# cannot work on these machines), and valgrind (the Lua scripts' instruction counts).
# As root on Debian/Ubuntu it installs them with apt-get; otherwise it stops and prints the command.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
# Without a CJK font the app's Chinese renders as boxes in screenshots.
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
# callgrind counts the Lua scripts' instructions (npm run bench:lua-instructions): time in
# Redis is too noisy on shared machines to compare script versions by.
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)

[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && apt-get install -y ${missing[*]}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-deps: installing ${missing[*]} ..." >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "ensure-deps: apt-get failed; run it yourself: $cmd" >&2
    exit 1
  fi
  exit 0
fi
echo "ensure-deps: missing ${missing[*]}. Install it with:" >&2
echo "  sudo sh -c '$cmd'" >&2
exit 1
