#!/usr/bin/env bash
# Renders an HTML report the way a person would see it: a screenshot of the page in headless
# Chromium (A4 width at 150 dpi, 1240x1754) and the page printed to PDF, for a look before it is
# mailed or printed.
#
#   scripts/check-report-html.sh FILE.html OUT.png     # also writes OUT.pdf
#
# Installs Debian's chromium and the Noto CJK fonts (without them Chinese renders as boxes)
# when missing, as root with apt-get, saying what it does. Exits non-zero when chromium fails
# or the screenshot or the PDF is missing or empty.
set -euo pipefail

usage() { echo "usage: $0 FILE.html OUT.png" >&2; exit 64; }
[[ $# -eq 2 ]] || usage
html=$1
png=$2
pdf="${png%.png}.pdf"
[[ -f "$html" ]] || { echo "no such file: $html" >&2; exit 66; }

# Absolute paths: chromium takes a file:// URL, and writes relative to its own directory.
html_abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
mkdir -p "$(dirname "$png")"
png_abs=$(cd "$(dirname "$png")" && pwd)/$(basename "$png")
pdf_abs=$(cd "$(dirname "$pdf")" && pwd)/$(basename "$pdf")

# --- Installing what is missing -------------------------------------------------------------

missing=()
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] || missing+=(chromium)
if ! fc-list :lang=zh-cn family 2>/dev/null | grep -q .; then missing+=(fonts-noto-cjk); fi

if [[ ${#missing[@]} -gt 0 && $(id -u) -ne 0 ]]; then
    echo "missing: ${missing[*]}; install as root: apt-get install -y ${missing[*]}" >&2
    [[ -n "$browser" ]] || exit 69
    echo "going on without a CJK font: Chinese may render as boxes" >&2
    missing=()
fi
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "+ apt-get update"
    apt-get update -qq
    echo "+ apt-get install -y --no-install-recommends ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "installed: ${missing[*]}"
    browser=$(command -v chromium || command -v chromium-browser || true)
    [[ -n "$browser" ]] || { echo "chromium is still missing after the install" >&2; exit 69; }
fi

# --- Rendering ------------------------------------------------------------------------------

# A profile of its own, so that a browser left open elsewhere does not take the job over.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check
       --disable-extensions --user-data-dir="$profile" --run-all-compositor-stages-before-draw --virtual-time-budget=2000)

rm -f "$png_abs" "$pdf_abs"

echo "+ $browser --headless --screenshot=$png_abs --window-size=1240,1754 file://$html_abs"
if ! "$browser" "${flags[@]}" --screenshot="$png_abs" --window-size=1240,1754 "file://$html_abs" >"$profile/screenshot.log" 2>&1; then
    cat "$profile/screenshot.log" >&2
    echo "chromium failed to take the screenshot" >&2
    exit 1
fi
[[ -s "$png_abs" ]] || { cat "$profile/screenshot.log" >&2; echo "no screenshot written: $png_abs" >&2; exit 1; }

echo "+ $browser --headless --print-to-pdf=$pdf_abs --no-pdf-header-footer file://$html_abs"
if ! "$browser" "${flags[@]}" --print-to-pdf="$pdf_abs" --no-pdf-header-footer "file://$html_abs" >"$profile/pdf.log" 2>&1; then
    cat "$profile/pdf.log" >&2
    echo "chromium failed to print to PDF" >&2
    exit 1
fi
[[ -s "$pdf_abs" ]] || { cat "$profile/pdf.log" >&2; echo "no PDF written: $pdf_abs" >&2; exit 1; }

echo "screenshot: $png_abs ($(stat -c %s "$png_abs") bytes)"
pages=""
if command -v pdfinfo >/dev/null; then pages=$(pdfinfo "$pdf_abs" 2>/dev/null | awk '/^Pages:/ { print $2 }'); fi
echo "pdf: $pdf_abs ($(stat -c %s "$pdf_abs") bytes${pages:+, $pages A4 pages})"
