#!/usr/bin/env bash
# libFuzzer runs of the readers (issue 8).
#
#   scripts/fuzz.sh TARGET SECONDS     TARGET: money md layout narrative facts_csv, or all
#
# Builds build-fuzz with clang (-fsanitize=fuzzer,address,undefined), seeds a corpus in
# build-fuzz/corpus/TARGET from tests/fuzz/seeds/TARGET and, when ../shared is there, from the real
# documents (copied into the build folder, never into the repository), then fuzzes for SECONDS
# with as many jobs as cores. A crash stops the run: its input is left in tests/fuzz/crash-* (not
# committed); copy it to tests/fuzz/regress/TARGET/ and fix the bug — test_fuzz_regress replays it
# from then on. Prints executions per second and coverage (cov:, ft:) per target at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-}
secs=${2:-}
if [ -z "$target" ] || [ -z "$secs" ]; then
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
fi
case $secs in *[!0-9]* | '') echo "fuzz.sh: SECONDS must be a number, not '$secs'" >&2; exit 2 ;; esac
all=(money md layout narrative facts_csv)
if [ "$target" = all ]; then
	targets=("${all[@]}")
else
	case " ${all[*]} " in *" $target "*) targets=("$target") ;; *) echo "fuzz.sh: unknown target '$target' (${all[*]} or all)" >&2; exit 2 ;; esac
fi

scripts/setup.sh --test >/dev/null
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DYS_FUZZ=ON -DYS_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" -- --no-print-directory >/dev/null

seed() { # target, corpus dir
	local t=$1 c=$2
	set +o pipefail # `… | head` ends its writer with SIGPIPE: not an error here
	mkdir -p "$c"
	cp tests/fuzz/seeds/"$t"/* "$c"/ 2>/dev/null || true
	[ -d tests/fuzz/regress/"$t" ] && cp tests/fuzz/regress/"$t"/* "$c"/ 2>/dev/null || true
	[ -d ../shared ] || return 0
	case $t in
	md) cp ../shared/seeds/*.txt "$c"/ 2>/dev/null || true ;;
	layout) for f in ../shared/corpus/*.layout.txt; do head -c 200000 "$f" >"$c/$(basename "$f")"; done ;;
	narrative) for f in ../shared/corpus/*.layout.txt ../shared/seeds/*.txt; do
			grep -a '[。，]' "$f" | head -c 60000 >"$c/$(basename "$f").narr" || true
		done ;;
	facts_csv) cp datasets/real/*.csv "$c"/ ;;
	money) grep -aoh '[-0-9,.%－０-９]\{1,20\}' ../shared/corpus/*.layout.txt 2>/dev/null | sort -u | head -200 |
		while read -r n; do printf '\002%s' "$n" >"$c/n$(printf '%s' "$n" | md5sum | cut -c1-8)"; done ;;
	esac
	set -o pipefail
}

jobs=$(nproc)
status=0
for t in "${targets[@]}"; do
	c=build-fuzz/corpus/$t
	seed "$t" "$c"
	log=build-fuzz/fuzz-$t.log
	echo "== fuzz $t for ${secs}s"
	if ! build-fuzz/fuzz_"$t" "$c" -max_total_time="$secs" -max_len=262144 -timeout=20 -rss_limit_mb=2048 \
		-artifact_prefix=tests/fuzz/crash-"$t"- -print_final_stats=1 >"$log" 2>&1; then
		echo "fuzz.sh: $t found a crash; see $log and tests/fuzz/crash-$t-*" >&2
		tail -n 30 "$log" >&2
		status=1
		continue
	fi
	execs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}')
	rate=$(grep -a 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
	cov=$(grep -a -o 'cov: [0-9]*' "$log" | tail -1)
	ft=$(grep -a -o 'ft: [0-9]*' "$log" | tail -1)
	echo "   $execs runs, $rate/s, $cov, $ft, corpus $(ls "$c" | wc -l) inputs"
done
exit $status
