#!/usr/bin/env bash
# The .deb: built by CPack from a build folder (or given), unpacked into a temporary root with
# `dpkg -x` (as root would install it, without touching the system), then checked from there:
# its control fields, the files where Debian's tools look, `yusuan --version`, the man page
# rendered by `man -l`, the completion, and a run of the installed demo dataset.
# Usage: tests/test_package.sh BUILD_DIR [DEB]   (no DEB: `cpack -G DEB` in BUILD_DIR first)
set -u
build=${1:?usage: tests/test_package.sh BUILD_DIR [DEB]}
deb=${2:-}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

if [ -z "$deb" ]; then
	(cd "$build" && cpack -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
	deb=$(ls "$tmp"/pkg/yusuan_*.deb)
fi
[ -f "$deb" ] || { echo "FAIL no .deb ($deb)"; exit 1; }
version=$(sed -n 's/.*define YS_VERSION "\(.*\)".*/\1/p' "$here/analyze/base/version.h")

# control: name, version, the libraries from dpkg-shlibdeps, the helpers as Recommends
[ "$(dpkg-deb -f "$deb" Package)" = yusuan ] || fail "Package"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version: $(dpkg-deb -f "$deb" Version), want $version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libgsl27 libcsv3 libxlsxwriter4 libxxhash0 libinih1 libminizip1; do
	case ", $depends" in *", $lib"*) ;; *) fail "Depends lacks $lib: $depends" ;; esac
done
recommends=$(dpkg-deb -f "$deb" Recommends)
[ "$recommends" = "poppler-utils, gnuplot-nox | gnuplot, fonts-wqy-microhei" ] || fail "Recommends: $recommends"

root=$tmp/root
dpkg -x "$deb" "$root" || { echo "FAIL dpkg -x"; exit 1; }
for f in usr/bin/yusuan usr/share/man/man1/yusuan.1.gz usr/share/bash-completion/completions/yusuan \
	usr/share/yusuan/scripts/nightly.sh usr/share/yusuan/scripts/gen.py \
	usr/share/yusuan/datasets/demo/units.csv usr/share/yusuan/datasets/real \
	usr/share/yusuan/examples/yusuan.ini usr/share/yusuan/examples/yusuan-nightly.timer \
	usr/share/yusuan/examples/known.csv \
	usr/share/doc/yusuan/README.md; do
	[ -e "$root/$f" ] || fail "missing /$f"
done
[ -x "$root/usr/share/yusuan/scripts/nightly.sh" ] || fail "nightly.sh not executable"
# nothing of the build or the source tree's tooling is shipped
if dpkg-deb -c "$deb" | grep -E 'build/|\.cache|test\.sh|setup\.sh|CMake' >"$tmp/extra"; then
	fail "unexpected files: $(cat "$tmp/extra")"
fi

got=$("$root/usr/bin/yusuan" --version) || fail "--version exit status"
[ "$got" = "yusuan $version" ] || fail "--version: '$got'"

# the man page renders without warnings and names what it must
man_out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/yusuan.1.gz" 2>"$tmp/man.err")
[ -s "$tmp/man.err" ] && fail "man -l warnings: $(cat "$tmp/man.err")"
for s in NAME SYNOPSIS COMMANDS OPTIONS 'EXIT STATUS' FILES EXAMPLES 'results/briefing/index.html' '--fail-on'; do
	grep -qF -- "$s" <<<"$man_out" || fail "man page lacks '$s'"
done

# the installed completion registers itself
reg=$(bash -c "source '$root/usr/share/bash-completion/completions/yusuan' && complete -p yusuan")
[ "$reg" = "complete -F _yusuan yusuan" ] || fail "completion: '$reg'"

# a run from the unpacked root, on its own demo data: exact counts of what the demo holds
(cd "$tmp" && "$root/usr/bin/yusuan" run "$root/usr/share/yusuan/datasets/demo" -o out -q --charts none)
st=$?
[ "$st" -eq 0 ] || fail "run of the installed demo: exit status $st"
docs=$(ls "$root"/usr/share/yusuan/datasets/demo/*.txt | wc -l)
rows=$(($(wc -l <"$tmp/out/reading.csv") - 1))
[ "$rows" -eq "$docs" ] || fail "reading.csv has $rows documents, the demo $docs"
[ -s "$tmp/out/briefing/index.html" ] || fail "no briefing/index.html"
[ -s "$tmp/out/summary.xlsx" ] || fail "no summary.xlsx"

# the installed nightly script finds the installed yusuan (on PATH, no build/ beside it); a first
# night has nothing to compare with, so it is silent and succeeds
night=$(cd "$tmp" && PATH="$root/usr/bin:$PATH" "$root/usr/share/yusuan/scripts/nightly.sh" -o night/results \
	-- --charts none "$root/usr/share/yusuan/datasets/demo" 2>&1)
st=$?
[ "$st" -eq 0 ] && [ -z "$night" ] || fail "installed nightly.sh: status $st, printed '$night'"
[ -s "$tmp/night/results/metrics.csv" ] || fail "installed nightly.sh wrote no results"

if [ "$fails" -ne 0 ]; then
	echo "$fails package checks failed ($deb)"
	exit 1
fi
echo "package: $(basename "$deb") installs and runs ($docs demo documents read)"
