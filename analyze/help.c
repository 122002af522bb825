/* The help of one command (`yusuan run --help`, `yusuan help show`): its synopsis, what it does,
 * and only the options it takes, so that a user need not read the whole help to find them. The
 * full text stays in cli.c (`yusuan --help`); docs/yusuan.1 is the manual. */
#include "help.h"

#include <string.h>

struct cmd_help {
	const char *name;
	const char *text;
};

static const struct cmd_help helps[] = {
	{ "run",
	  "usage: yusuan run [INPUT...] [-o DIR] [-c FILE] [-j N] [--charts svg|png|both|none]\n"
	  "                  [--excel] [--fail-on error|warning|never] [--known FILE] [--format FMT]\n"
	  "                  [--max-facts N] [--max-seconds S] [--chart-seconds S] [-q|-v]\n"
	  "\n"
	  "Reads every INPUT (files or folders, recursively; default datasets/) and writes DIR\n"
	  "(default results/): facts.csv, metrics.csv, reading.csv, breakdown.csv, growth.csv,\n"
	  "trends.csv, compare.csv, outliers.csv, flags.csv, execution.csv, pefa.csv, audit.csv,\n"
	  "changes.csv (news since the previous run), charts/, briefing/, summary.xlsx, manifest.json.\n"
	  "Then open DIR/briefing/index.html. Reruns read only the files that changed (DIR/.cache).\n"
	  "\n"
	  "  -o, --output DIR   output folder (default results/), replaced whole when complete\n"
	  "  -c, --config FILE  INI configuration ([run], [rules], [groups]); options override it\n"
	  "  -j, --jobs N       threads, 1-64 (default 1); the results do not depend on N\n"
	  "      --charts KIND  svg, png, both (default) or none\n"
	  "      --excel        CSVs with a UTF-8 BOM, for Excel\n"
	  "      --fail-on LVL  exit 1 when findings or policy flags (at their severity) reach LVL,\n"
	  "                     acknowledged ones left out: error (default), warning, never\n"
	  "      --known FILE   acknowledged findings, a CSV: unit,year,kind,check,value,reason,who,\n"
	  "                     date; marked in audit.csv and flags.csv, not counted, not news\n"
	  "      --format FMT   read every input as md, layout, pdf or csv (default: auto)\n"
	  "      --max-facts N  a document with more facts is left out (default 2000000; 0: none)\n"
	  "      --max-seconds S  a document whose reading takes longer is left out (default 300)\n"
	  "      --chart-seconds S  gnuplot's time for all the charts, then it is stopped and the\n"
	  "                     run goes on without the rest (default 600; 0: none)\n"
	  "  -q, --quiet        only errors on stderr\n"
	  "  -v, --verbose      every finding (reader and audit) and flag, each stage's timing\n"
	  "\n"
	  "Exit status: 0 done; 1 findings at or above --fail-on; 2 usage; 3 nothing read or the\n"
	  "output folder locked; 4 some inputs could not be read. See yusuan(1).\n" },
	{ "import",
	  "usage: yusuan import FILE... [-o facts.csv] [--format FMT] [--excel] [--max-facts N]\n"
	  "                     [--max-seconds S] [-q|-v]\n"
	  "\n"
	  "Reads documents (text, PDF, facts CSV; folders recursively) and writes their facts in the\n"
	  "facts CSV format (unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,\n"
	  "unit_note,source) to stdout, or to FILE (written under a temporary name, then renamed).\n"
	  "\n"
	  "  -o, --output FILE  write to FILE instead of stdout\n"
	  "      --format FMT   read every input as md, layout, pdf or csv (default: auto)\n"
	  "      --excel        a UTF-8 BOM first, for Excel\n"
	  "  -j, --jobs N       reading threads, 1-64 (default 1)\n"
	  "      --max-facts N  a document with more facts is left out (default 2000000; 0: none)\n"
	  "      --max-seconds S  a document whose reading takes longer is left out (default 300)\n"
	  "  -q, --quiet        only errors on stderr\n"
	  "  -v, --verbose      info findings of the reader too\n"
	  "\n"
	  "Exit status: 0 done; 2 usage; 3 nothing read; 4 some inputs could not be read.\n" },
	{ "audit",
	  "usage: yusuan audit INPUT... [-o audit.csv] [--fail-on LEVEL] [--known FILE] [--format FMT]\n"
	  "                    [--max-facts N] [--max-seconds S] [-q|-v]\n"
	  "\n"
	  "Reads like run and writes only the consistency audit (audit.csv's columns:\n"
	  "unit_code,unit_name,year,doc_kind,check,severity,expected,actual,diff,source,message,\n"
	  "acknowledged)\n"
	  "to stdout or FILE.\n"
	  "\n"
	  "  -o, --output FILE  write to FILE instead of stdout\n"
	  "      --fail-on LVL  exit 1 when findings or policy flags (at their severity) reach LVL,\n"
	  "                     acknowledged ones left out: error (default), warning, never\n"
	  "      --known FILE   acknowledged findings (see run --help and yusuan(1))\n"
	  "      --format FMT   read every input as md, layout, pdf or csv (default: auto)\n"
	  "      --excel        a UTF-8 BOM first, for Excel\n"
	  "  -j, --jobs N       reading threads, 1-64 (default 1)\n"
	  "      --max-facts N  a document with more facts is left out (default 2000000; 0: none)\n"
	  "      --max-seconds S  a document whose reading takes longer is left out (default 300)\n"
	  "  -q, --quiet        only errors on stderr\n"
	  "  -v, --verbose      every finding on stderr\n"
	  "\n"
	  "Exit status: 0 done; 1 findings at or above --fail-on; 2 usage; 3 nothing read;\n"
	  "4 some inputs could not be read.\n" },
	{ "show",
	  "usage: yusuan show UNIT [YEAR] [-i INPUT]...\n"
	  "\n"
	  "Prints one unit's key figures with the prior year, the change and the rate, aligned for a\n"
	  "terminal. UNIT is a unit code or part of a name; YEAR defaults to the latest; * marks a\n"
	  "figure only the narrative gives.\n"
	  "\n"
	  "  -i, --input PATH   where to read from (default datasets/); may be given more than once\n"
	  "\n"
	  "Exit status: 0 done; 2 usage, or no such unit or year; 3 nothing read.\n" },
};

const char *help_for(const char *cmd)
{
	for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++)
		if (cmd && !strcmp(helps[i].name, cmd))
			return helps[i].text;
	return NULL;
}
