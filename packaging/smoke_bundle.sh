#!/usr/bin/env bash
# Runs a built bundle the way an offline laptop would, and prints its size and start times.
#
#   bash packaging/smoke_bundle.sh dist/medcode
#
# - a minimal environment (env -i): no venv on PATH, no PYTHONPATH/PYTHONHOME, HOME and XDG_* in a temp folder;
# - the bundle folder made read-only first (chmod -R a-w, modes restored after), and compared before/after:
#   nothing may be written into the install folder. As root, whom a-w does not stop, the bundle runs as
#   `nobody` (setpriv) when that user can reach it, so the read-only folder really bites; the before/after
#   comparison holds either way;
# - medcode-gui --smoke-test creates the starter database under XDG_DATA_HOME, searches and shows J1100;
# - medcode imports the 2019 HCPCS release (6,440 codes), looks up J1100 and searches "cane".
# The release file: MEDCODE_SMOKE_RELEASE, else ../shared/data/hcpcs/2019/HCPC2019_CONTR_ANWEB.txt beside the repo.
set -euo pipefail

dist="${1:?usage: smoke_bundle.sh DIST_DIR (e.g. dist/medcode)}"
dist="$(cd "$dist" && pwd)"
repo="$(cd "$(dirname "$0")/.." && pwd)"
release="${MEDCODE_SMOKE_RELEASE:-$repo/../shared/data/hcpcs/2019/HCPC2019_CONTR_ANWEB.txt}"
gui="$dist/medcode-gui"
cli="$dist/medcode"
for f in "$gui" "$cli" "$release"; do
  [ -e "$f" ] || { echo "smoke: $f not found" >&2; exit 1; }
done

work="$(mktemp -d /tmp/medcode-bundle-smoke.XXXXXX)"
modes="$work/modes"
# Record every mode (symlinks have none of their own), then make the whole bundle read-only.
(cd "$dist" && find . ! -type l -printf '%m\t%p\n') > "$modes"
restore() {
  while IFS=$'\t' read -r mode path; do chmod "$mode" "$dist/$path"; done < "$modes"
  rm -rf "$work"
}
trap restore EXIT
chmod -R a-w "$dist"
snapshot() { (cd "$dist" && find . -printf '%p %y %s %m %T@ %l\n' | LC_ALL=C sort | sha256sum | cut -d' ' -f1); }
before="$(snapshot)"

mkdir -p "$work/home" "$work/tmp"
chmod 755 "$work"
cp "$release" "$work/release.txt"
as_user=()
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
  chown -R 65534:65534 "$work/home" "$work/tmp" "$work/release.txt"
  nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  if "${nobody[@]}" test -x "$gui" -a -r "$dist/_internal/base_library.zip" 2>/dev/null; then
    as_user=("${nobody[@]}")
  else
    chown -R 0:0 "$work/home" "$work/tmp" "$work/release.txt"
  fi
fi
who="$( [ ${#as_user[@]} -gt 0 ] && echo "nobody (uid 65534)" || id -un)"
echo "smoke: running the bundle as $who with a minimal environment"

data="$work/home/.local/share"
run() {
  "${as_user[@]}" env -i HOME="$work/home" XDG_DATA_HOME="$data" XDG_CONFIG_HOME="$work/home/.config" \
    XDG_CACHE_HOME="$work/home/.cache" TMPDIR="$work/tmp" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"
}
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# 1. First launch: the window opens offscreen, creates the starter database, searches and shows J1100.
t0=$(now_ms)
out="$(run MEDCODE_STARTUP_TIMING=1 "$gui" --smoke-test 2>"$work/gui.err")" || {
  cat "$work/gui.err" >&2; fail "medcode-gui --smoke-test exited non-zero"; }
first_launch_ms=$(( $(now_ms) - t0 ))
first_shown_ms="$(sed -n 's/.*window shown after \([0-9]*\) ms.*/\1/p' "$work/gui.err")"
echo "smoke: $out"
db="$data/MedCode Browser/reference.sqlite"
[ -f "$db" ] || fail "no starter database at $db"
echo "smoke: starter database created at ${db#"$work/"} (under XDG_DATA_HOME)"

# 2. The command line: import a release, look up and search it.
out="$(run "$cli" import "$work/release.txt" --label HCPCS-2019 --effective 2019-01-01 2>&1)" || {
  echo "$out" >&2; fail "medcode import"; }
echo "smoke: $(grep -m1 'imported' <<<"$out" || true)"
grep -q "6,440 codes" <<<"$out" || fail "the import did not report 6,440 codes"
out="$(run "$cli" releases --json)" || fail "medcode releases"
grep -q '"codes": 6440' <<<"$out" || fail "medcode releases does not list 6440 codes"
out="$(run "$cli" lookup J1100 --json)" || fail "medcode lookup J1100 (not found?)"
grep -q '"found": true' <<<"$out" && grep -q '"code": "J1100"' <<<"$out" && grep -q '"release": "HCPCS-2019"' <<<"$out" \
  || fail "lookup J1100 did not find it in HCPCS-2019: $out"
echo "smoke: lookup J1100: $(grep -m1 '"long_description"' <<<"$out" | sed 's/^ *//')"
out="$(run "$cli" search cane --json)" || fail "medcode search cane"
hits=$(grep -c '"code": ' <<<"$out" || true)
grep -q '"code": "E0100"' <<<"$out" || fail "search cane did not return E0100: $out"
echo "smoke: search cane: $hits hits, E0100 among them"

# 3. Start times: the window (already has its database) and the command line, median of 3 each.
gui_shown=() gui_wall=() cli_wall=()
for _ in 1 2 3; do
  t0=$(now_ms)
  run MEDCODE_STARTUP_TIMING=1 "$gui" --smoke-test >/dev/null 2>"$work/gui.err" || fail "medcode-gui --smoke-test (timing run)"
  gui_wall+=($(( $(now_ms) - t0 )))
  gui_shown+=("$(sed -n 's/.*window shown after \([0-9]*\) ms.*/\1/p' "$work/gui.err")")
  t0=$(now_ms)
  run "$cli" --version >/dev/null || fail "medcode --version"
  cli_wall+=($(( $(now_ms) - t0 )))
done

# 4. Nothing was written into the bundle.
after="$(snapshot)"
[ "$before" = "$after" ] || fail "the bundle folder changed while it ran"
echo "smoke: bundle folder unchanged (read-only, identical listing before and after)"

bytes=$(du -sb "$dist" | cut -f1)
echo "smoke: bundle size: $(du -sh "$dist" | cut -f1) ($bytes bytes, $(find "$dist" -type f | wc -l) files) at $dist"
echo "smoke: first launch (creates the starter database), medcode-gui --smoke-test: window shown after" \
  "${first_shown_ms} ms, whole process ${first_launch_ms} ms"
echo "smoke: medcode-gui --smoke-test, window shown: median $(printf '%s\n' "${gui_shown[@]}" | median) ms" \
  "(runs: ${gui_shown[*]} ms); whole process: median $(printf '%s\n' "${gui_wall[@]}" | median) ms (runs: ${gui_wall[*]} ms)"
echo "smoke: medcode --version: median $(printf '%s\n' "${cli_wall[@]}" | median) ms (runs: ${cli_wall[*]} ms)"
echo "smoke: all bundle checks passed."
