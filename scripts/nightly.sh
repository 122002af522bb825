#!/usr/bin/env bash
# The nightly rerun, for cron or a systemd timer: one run at a time, a rotated log, news on stdout
# (cron mails whatever a job prints) and yusuan's exit status as the job's.
#
#   scripts/nightly.sh [-c CONFIG] [-o DIR] [-l LOGDIR] [-k KEEP] [-- yusuan options] [INPUT...]
#   DIR: -o, else the configuration's [run] output, else results/
# Prints (cron mails) only news: the summary and the first rows of changes.csv when something
# changed since the previous night (acknowledged findings, --known, are never news), the summary
# on the first night when findings reached fail_on, the end of the log when the run failed.
# Silent otherwise, even when findings that stay reach fail_on (the exit status still says so).
# Exit status: yusuan's (0 done, 1 findings at --fail-on, 2 usage, 3 nothing read,
# 4 some inputs unreadable), or 75 when another nightly run still holds the lock.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
yusuan=${YUSUAN:-$here/build/yusuan}
# installed from the .deb (/usr/share/yusuan/scripts/), there is no build/: the yusuan on PATH
[ -n "${YUSUAN:-}" ] || [ -x "$yusuan" ] || yusuan=$(command -v yusuan || echo "$yusuan")
config=""
out=""
logdir=""
keep=14
usage() {
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}
while getopts "c:o:l:k:h" opt; do
	case $opt in
	c) config=$OPTARG ;;
	o) out=$OPTARG ;;
	l) logdir=$OPTARG ;;
	k) keep=$OPTARG ;;
	h) usage ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
# the output folder: -o, else the configuration's [run] output (what yusuan itself takes), else
# results/ — the log and changes.csv are looked for there (inih's syntax: `key = value` or
# `key: value`, `;` comments, inline after white space; the last `output` counts)
cfg_output() {
	awk '
		/^[ \t]*[;#]/ { next }
		/^[ \t]*\[/ { s = $0; sub(/^[ \t]*\[/, "", s); sub(/\].*$/, "", s); sec = s; next }
		sec == "run" && /^[ \t]*output[ \t]*[=:]/ {
			v = $0; sub(/^[^=:]*[=:][ \t]*/, "", v); sub(/[ \t]+;.*$/, "", v); sub(/[ \t\r]+$/, "", v)
			print v
		}' "$1" | tail -n 1
}
if [ -z "$out" ] && [ -n "$config" ] && [ -r "$config" ]; then
	out=$(cfg_output "$config")
fi
out=${out:-results}
case $keep in '' | *[!0-9]*) echo "nightly.sh: -k takes a number, not '$keep'" >&2; exit 2 ;; esac
[ -x "$yusuan" ] || { echo "nightly.sh: $yusuan is not built (run scripts/run.sh once, or set YUSUAN)" >&2; exit 2; }
logdir=${logdir:-$(dirname "$out")/logs}
mkdir -p "$logdir" || exit 2
log=$logdir/nightly.log

# one nightly run at a time (yusuan's own lock guards the output folder as well)
exec 9>"$logdir/nightly.lock"
if ! flock -n 9; then
	echo "nightly.sh: another nightly run holds $logdir/nightly.lock; not started" >&2
	exit 75
fi

# rotate: nightly.log → .1 → … → .KEEP
if [ -e "$log" ] && [ "$keep" -gt 0 ]; then
	i=$keep
	while [ "$i" -gt 1 ]; do
		[ -e "$log.$((i - 1))" ] && mv -f "$log.$((i - 1))" "$log.$i"
		i=$((i - 1))
	done
	mv -f "$log" "$log.1"
fi

args=(run -o "$out" -v)
[ -n "$config" ] && args+=(-c "$config")
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
{
	echo "== $started yusuan ${args[*]} $*"
	"$yusuan" "${args[@]}" "$@"
	echo "== exit $?"
} >"$log" 2>&1
status=$(sed -n 's/^== exit //p' "$log" | tail -1)
status=${status:-2}

summary=$(grep -a '^yusuan: [0-9]* files' "$log" | tail -1)
if [ "$status" -ge 2 ]; then
	echo "yusuan nightly run of $started failed with status $status; the end of $log:"
	tail -n 20 "$log"
	exit "$status"
fi
changes=0
[ -f "$out/changes.csv" ] && changes=$(($(wc -l <"$out/changes.csv") - 1))
# (the summary names the changes only when there were previous results to compare with)
first=1
case $summary in *"changes since the previous run"*) first=0 ;; esac
if [ "$changes" -gt 0 ] || { [ "$status" -ne 0 ] && [ "$first" -eq 1 ]; }; then
	echo "$summary"
	if [ "$changes" -gt 0 ]; then
		echo "$changes changes since the previous run ($out/changes.csv):"
		head -n 21 "$out/changes.csv"
		[ "$changes" -gt 20 ] && echo "… and $((changes - 20)) more"
	fi
fi
exit "$status"
