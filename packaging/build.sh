#!/usr/bin/env bash
# One command: build the one-folder bundle dist/medcode/ (executables medcode-gui and medcode sharing _internal/).
#
#   bash packaging/build.sh
#
# Python: the project venv .venv (made by `bash .ci/setup`) when it exists, else a separate build venv in
# build/venv with the project installed into it. Set BUILD_VENV=DIR to use (or create) another venv.
# PyInstaller is pinned below and installed into that venv when it is missing or another version.
set -euo pipefail
cd "$(dirname "$0")/.."

PYINSTALLER_VERSION="6.22.3"
DIST="dist"
WORK="build/pyinstaller"

venv="${BUILD_VENV:-}"
if [ -z "$venv" ]; then
  if [ -x .venv/bin/python ]; then venv=".venv"; else venv="build/venv"; fi
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "build: creating the build venv $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check .
fi
py="$venv/bin/python"
"$py" -c "import medcode_gui, PySide6" 2>/dev/null || "$py" -m pip install -q --disable-pip-version-check .
have="$("$py" -c 'import PyInstaller; print(PyInstaller.__version__)' 2>/dev/null || true)"
if [ "$have" != "$PYINSTALLER_VERSION" ]; then
  echo "build: installing pyinstaller==$PYINSTALLER_VERSION into $venv" >&2
  "$py" -m pip install -q --disable-pip-version-check "pyinstaller==$PYINSTALLER_VERSION"
fi

started=$(date +%s)
"$py" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" packaging/medcode.spec
elapsed=$(( $(date +%s) - started ))

bundle="$DIST/medcode"
for exe in medcode-gui medcode; do
  [ -x "$bundle/$exe" ] || { echo "build: $bundle/$exe is missing" >&2; exit 1; }
done
bytes=$(du -sb "$bundle" | cut -f1)
echo "build: bundle built in ${elapsed} s"
echo "build: size $(du -sh "$bundle" | cut -f1) ($bytes bytes, $(find "$bundle" -type f | wc -l) files)"
echo "build: path $(cd "$bundle" && pwd)"
