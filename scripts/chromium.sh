# shellcheck shell=bash
# Sourced by scripts/test (not in -short mode) before `go test`: makes sure
# Debian's chromium is installed for the browser check of the HTML report
# (run/report TestHTMLInChromium, TestHTMLLayoutInChromium at 1280 and 700 px)
# and exports ACLPROBE_CHROMIUM for them, and
# ACLPROBE_ARTIFACTS (a temporary folder unless already set) for its screenshots.
# Installs quietly with apt-get when /usr/bin/chromium is absent (as root,
# or through sudo); the apt output is shown only when the install fails.
_aclprobe_chromium() {
  local bin=/usr/bin/chromium
  if [ ! -x "$bin" ]; then
    local sudo="" log
    if [ "$(id -u)" -ne 0 ]; then
      if ! command -v sudo >/dev/null 2>&1; then
        echo "chromium is not installed and this user cannot install it: apt-get install chromium (as root)" >&2
        return 1
      fi
      sudo="sudo"
    fi
    log=$(mktemp -t chromium-apt.XXXXXX.log)
    echo "installing chromium with apt-get (log: $log)"
    if ! { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log" 2>&1; then
      echo "apt-get install chromium failed:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    if [ ! -x "$bin" ]; then
      echo "chromium installed but $bin is missing" >&2
      return 1
    fi
  fi
  export ACLPROBE_CHROMIUM="$bin"
  # The browser test keeps its screenshots here (CI may upload the folder).
  ACLPROBE_ARTIFACTS="${ACLPROBE_ARTIFACTS:-$(mktemp -d -t aclprobe-artifacts.XXXXXX)}"
  export ACLPROBE_ARTIFACTS
  echo "chromium: $("$bin" --version 2>/dev/null || echo "$bin"); report screenshots go to $ACLPROBE_ARTIFACTS"
}
_aclprobe_chromium
