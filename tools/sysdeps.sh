#!/usr/bin/env bash
# Installs the Debian packages the course needs outside Python:
#   fonts-noto-cjk  (Noto Sans CJK: Chinese labels in matplotlib charts; Chinese text in the browser test)
#   chromium        (headless browser for the offline browser test and the PDF edition)
#   poppler-utils   (pdftotext: the PDF test reads the printed text as PDF viewers do)
# Usage: tools/sysdeps.sh PACKAGE...   Installs only what is missing; needs root or sudo.
set -euo pipefail
missing=()
for pkg in "$@"; do
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  else
    case "$pkg" in
      fonts-noto-cjk) fc-list :lang=zh 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=("$pkg") ;;
      chromium) command -v chromium >/dev/null 2>&1 || missing+=("$pkg") ;;
      poppler-utils) command -v pdftotext >/dev/null 2>&1 || missing+=("$pkg") ;;
    esac
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "sysdeps: installing ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "sysdeps: 缺少系统包 ${missing[*]}，本机没有 apt-get，请用系统的包管理器安装。" >&2
  echo "sysdeps: missing system packages ${missing[*]} and no apt-get here; install them with your package manager." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "sysdeps: 需要 root 权限安装 ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -q "${missing[@]}"
