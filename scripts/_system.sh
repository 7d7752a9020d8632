# Sourced by the other scripts: Debian packages the project needs (a CJK font for PDF export; Chromium for the
# browser tests, driven by Playwright through executable_path because Playwright's own download is unavailable).
# Installed with apt-get when running as root; otherwise says what to install.
need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
if [ "${NEED_BROWSER:-0}" = "1" ]; then [ -x /usr/bin/chromium ] || need+=(chromium); fi
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian packages: ${need[*]}" >&2
    apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing Debian packages (PDF export and browser tests need them): sudo apt-get install ${need[*]}" >&2
  fi
fi
