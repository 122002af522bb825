#!/usr/bin/env bash
# The bash completion (scripts/yusuan.bash-completion): it registers itself (`complete -p`), and
# the completions of commands, options, option values and paths, word by word as bash would ask.
# Usage: tests/test_completion.sh [COMPLETION_FILE]   (default: the source tree's)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
file=${1:-$here/scripts/yusuan.bash-completion}
fails=0
# shellcheck source=/dev/null
source "$file"

reg=$(complete -p yusuan 2>&1)
[ "$reg" = "complete -F _yusuan yusuan" ] || { echo "FAIL complete -p yusuan: '$reg'"; fails=$((fails + 1)); }

# expect "WORDS..." "EXPECTED (sorted, space-separated)": the last word is the one completed
expect() {
	local line=$1 want=$2 got
	read -r -a COMP_WORDS <<<"$line"
	case $line in *' ') COMP_WORDS+=("") ;; esac
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_yusuan
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" != "$want" ]; then
		echo "FAIL '$line': got '$got', want '$want'"
		fails=$((fails + 1))
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
mkdir -p in/sub
touch in/a.txt in/b.pdf in/c.xlsx in/d.csv site.ini notes.txt

expect "yusuan " "--help --version audit help import run show"
expect "yusuan help s" "show"
expect "yusuan --version " ""
expect "yusuan r" "run"
expect "yusuan run --ch" "--chart-seconds --charts"
expect "yusuan run --charts" "--charts"
expect "yusuan import --max" "--max-facts --max-seconds"
expect "yusuan run --max-seconds " ""
expect "yusuan run --charts " "both none png svg"
expect "yusuan run --charts p" "png"
expect "yusuan run --fail-on w" "warning"
expect "yusuan audit --format " "auto csv layout md pdf"
expect "yusuan import --f" "--format"
expect "yusuan show --" "--help --input"
expect "yusuan run -v --e" "--excel"
expect "yusuan run -c s" "site.ini"
expect "yusuan run --kn" "--known"
expect "yusuan audit --known in/" "in/d.csv in/sub"
expect "yusuan run in/" "in/a.txt in/b.pdf in/d.csv in/sub"
expect "yusuan run -o i" "in"
expect "yusuan show 103007 " ""
# --charts=png is split by bash at '=' into three words
COMP_WORDS=(yusuan run --charts = s) COMP_CWORD=4 COMPREPLY=() && _yusuan
[ "${COMPREPLY[*]}" = "svg" ] || { echo "FAIL --charts=s: '${COMPREPLY[*]}'"; fails=$((fails + 1)); }

if [ "$fails" -ne 0 ]; then
	echo "$fails completion checks failed"
	exit 1
fi
echo "completion: all checks passed"
