#!/bin/sh
# The Debian packages some tests need beyond PyPI: Ghostscript (CMYK print
# files) and Chromium (the review desk's browser test). Installed with
# apt-get where the machine has it and we may use it; otherwise the list is
# printed and the tests that need a package skip, naming it.
PACKAGES="ghostscript chromium"
missing=""
for p in $PACKAGES; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else SUDO=none; fi
    if [ "$SUDO" != none ]; then
        $SUDO apt-get install -y -q $missing >/dev/null 2>&1 \
            || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q $missing >/dev/null 2>&1; } \
            && exit 0
    fi
fi
echo "note: could not install$missing (apt-get install$missing); the tests that need them will skip" >&2
exit 0
