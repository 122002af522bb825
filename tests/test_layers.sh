#!/usr/bin/env bash
# The layers' include rules (README "Layout"; issue 19, "Done when"): no file under analyze/
# other than cli.c and main.c includes cli.h (reporting and the exit statuses are base/report.h:
# nothing calls up into the command line), and nothing under analyze/compute/ or analyze/write/
# includes a header of analyze/read/, directly or through other headers (the analyses and the
# writers read the fact store, base/doc.h, never a reader's files). Each `#include "…"` is
# resolved as the compiler does (the including file's folder, then analyze/, then the source
# root). The rules are checked on the source tree, then on a copy with one violation of each
# planted, which must be found: a checker that cannot fail proves nothing.
# Usage: tests/test_layers.sh [SOURCE_ROOT]   (default: this tree)
set -u
here=$(cd "${1:-$(dirname "$0")/..}" && pwd)

# edges ROOT: every project include of analyze/ and plots/ as `FILE HEADER` (paths from ROOT),
# each resolved as the compiler does
edges() {
	local root=$1 f name dir c
	(cd "$root" && find analyze plots -name '*.[ch]' | LC_ALL=C sort) | while IFS= read -r f; do
		dir=$(dirname "$f")
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$root/$f" |
			while IFS= read -r name; do
				for c in "$dir/$name" "analyze/$name" "$name"; do
					if [ -f "$root/$c" ]; then
						echo "$f $(cd "$root" && realpath -m --relative-to=. "$c")"
						break
					fi
				done
			done
	done
}

# check ROOT: one line per violation (none: the rules hold). The second rule follows headers:
# a file of compute/ or write/ may reach a reader's header through no chain of includes.
check() {
	edges "$1" | LC_ALL=C awk '
		!($1 in dep) { order[++n] = $1 }
		{ dep[$1] = dep[$1] " " $2 }
		$2 == "analyze/cli.h" && $1 != "analyze/cli.c" && $1 != "analyze/main.c" {
			print $1 " includes analyze/cli.h (report through base/report.h)"
		}
		END {
			for (i = 1; i <= n; i++) {
				f = order[i]
				if (f !~ /^analyze\/(compute|write)\//)
					continue
				# breadth first from f; a reader header found is reported with the header
				# that included it
				split("", seen); seen[f] = 1; q[1] = f; qn = 1
				for (k = 1; k <= qn; k++) {
					m = split(dep[q[k]], ds, " ")
					for (j = 1; j <= m; j++) {
						h = ds[j]
						if (h in seen)
							continue
						seen[h] = 1
						if (h ~ /^analyze\/read\//)
							print f " includes " h (q[k] == f ? "" : " (through " q[k] ")")
						else
							q[++qn] = h
					}
				}
			}
		}'
}

fails=0
out=$(check "$here")
if [ -n "$out" ]; then
	echo "FAIL the include rules are broken:"
	echo "$out"
	fails=$((fails + 1))
fi

# the same on a copy with one violation of each rule planted, and one through a header
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$here/analyze" "$here/plots" "$tmp/"
printf '#include "cli.h"\n' >>"$tmp/analyze/load.c"
printf '#include "../read/tables.h"\n' >>"$tmp/analyze/compute/growth.c"
printf '#include "load.h"\n' >>"$tmp/analyze/write/names.h"
got=$(check "$tmp")
for want in 'analyze/load.c includes analyze/cli.h (report through base/report.h)' \
	'analyze/compute/growth.c includes analyze/read/tables.h' \
	'analyze/write/names.h includes analyze/read/doc.h (through analyze/load.h)'; do
	if ! grep -qxF "$want" <<<"$got"; then
		echo "FAIL a planted violation was not found: $want"
		fails=$((fails + 1))
	fi
done

[ $fails -eq 0 ] && echo "ok: include rules hold (and planted violations are found)"
exit $((fails > 0))
