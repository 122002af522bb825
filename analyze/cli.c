/* The command line: parses options for each subcommand, runs it, prints messages and picks the
 * exit status. Modules below never print. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compute/known.h"
#include "config.h"
#include "help.h"
#include "load.h"
#include "run.h"
#include "write/out_csv.h"

static const char usage_text[] =
	"usage: yusuan run [INPUT...] [-o DIR] [-c FILE] [-j N] [--charts svg|png|both|none]\n"
	"                  [--excel] [--fail-on error|warning|never] [--known FILE] [--format FMT]\n"
	"                  [--max-facts N] [--max-seconds S] [--chart-seconds S] [-q|-v]\n"
	"       yusuan import FILE... [-o facts.csv] [--format FMT] [--excel] [--max-facts N]\n"
	"                     [--max-seconds S] [-q|-v]\n"
	"       yusuan audit INPUT... [-o audit.csv] [--fail-on LEVEL] [--known FILE] [--format FMT]\n"
	"                    [--max-facts N] [--max-seconds S] [-q|-v]\n"
	"       yusuan show UNIT [YEAR] [-i INPUT]...\n"
	"       yusuan --help | --version | COMMAND --help | help COMMAND\n";

static const char help_text[] =
	"yusuan reads Chinese public budget disclosures (预算/决算公开) and produces facts, metrics,\n"
	"growth, trends, peer comparisons, policy screens and an audit of every document.\n"
	"\n"
	"Commands:\n"
	"  run [INPUT...]     everything: results/ with facts.csv, metrics.csv, breakdown.csv,\n"
	"                     growth.csv, trends.csv, compare.csv, outliers.csv, flags.csv,\n"
	"                     execution.csv, pefa.csv, audit.csv, changes.csv, charts/,\n"
	"                     briefing/, summary.xlsx, manifest.json. Reruns are incremental\n"
	"                     (RESULTS/.cache); delete it to force a full rebuild.\n"
	"                     No INPUT: datasets/.\n"
	"  import FILE...     documents → facts (facts.csv format) on stdout or -o FILE.\n"
	"  audit INPUT...     the consistency audit only (audit.csv format) on stdout or -o FILE.\n"
	"  show UNIT [YEAR]   one unit's key figures in the terminal (UNIT: code or name).\n"
	"\n"
	"Inputs: files or folders (read recursively, sorted). Formats, detected by content:\n"
	"  md      the seed's markdown text with tab-separated tables (UTF-8 or GB18030)\n"
	"  layout  space-aligned text as from `pdftotext -layout`\n"
	"  pdf     PDF, converted with poppler's pdftotext\n"
	"  csv     a facts CSV (header unit_code,unit_name,year,...)\n"
	"A units.csv in an input folder is the unit registry (codes, aliases, peer groups).\n"
	"Anything else in a folder is named (one line per reason) and listed in manifest.json:\n"
	"other formats (.xlsx, .docx...), results folders and symlink loops are warnings; folders\n"
	"that cannot be listed or are more than 32 deep count as unreadable (exit 4).\n"
	"\n"
	"Options:\n"
	"  -o, --output PATH  output folder (run; default results/) or file (import, audit)\n"
	"  -c, --config FILE  INI configuration (run); command-line options override it\n"
	"  -j, --jobs N       threads (default 1): N read documents, then compute the analyses\n"
	"                     and write the CSVs and briefing pages; from 2 on, summary.xlsx\n"
	"                     is built in two halves at once; results do not depend on N\n"
	"      --charts KIND  svg, png, both (default) or none\n"
	"      --excel        CSVs with a UTF-8 BOM, for Excel\n"
	"      --fail-on LVL  exit 1 when findings or policy flags at or above LVL, not acknowledged:\n"
	"                     error (default), warning, never\n"
	"      --known FILE   acknowledged findings (unit,year,kind,check,value,reason,who,date):\n"
	"                     marked in the outputs, not counted for --fail-on, not news\n"
	"      --format FMT   force the input format: md, layout, pdf, csv (default: auto)\n"
	"      --max-facts N  (run, import, audit) a document with more facts is left out\n"
	"                     (default 2000000; 0: no limit)\n"
	"      --max-seconds S  (run, import, audit) a document whose reading takes longer is left\n"
	"                     out (default 300; 0: no limit)\n"
	"      --chart-seconds S  (run) gnuplot's time for all the charts, then it is stopped and\n"
	"                     the run goes on without the rest (default 600; 0: no limit)\n"
	"  -i, --input PATH   (show) where to read from (default: datasets/)\n"
	"  -q, --quiet        only errors on stderr\n"
	"  -v, --verbose      every finding (reader and audit) and policy flag, and each stage with\n"
	"                     its timing, on stderr\n"
	"  -h, --help         this text\n"
	"  -V, --version      the version\n"
	"\n"
	"Exit status: 0 done; 1 done, findings at or above --fail-on; 2 usage error;\n"
	"3 no input could be read (nothing written); 4 done for the readable inputs, some could\n"
	"not be read (each named on stderr); 128+SIG stopped by SIGTERM, SIGINT or SIGHUP.\n"
	"Messages: `yusuan: FILE:LINE: message` on stderr.\n";

static int usage_error(FILE *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(FILE *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(err, "yusuan: ");
	vfprintf(err, fmt, ap);
	va_end(ap);
	fprintf(err, "\n%s", usage_text);
	fprintf(err, "Try 'yusuan --help' for more.\n");
	return EXIT_USAGE;
}

enum { OPT_CHARTS = 256, OPT_EXCEL, OPT_FAILON, OPT_FORMAT, OPT_KNOWN, OPT_MAXFACTS, OPT_MAXSECONDS,
       OPT_CHARTSECONDS };

static const struct option long_opts[] = {
	{ "output", required_argument, NULL, 'o' }, { "config", required_argument, NULL, 'c' },
	{ "jobs", required_argument, NULL, 'j' }, { "charts", required_argument, NULL, OPT_CHARTS },
	{ "excel", no_argument, NULL, OPT_EXCEL }, { "fail-on", required_argument, NULL, OPT_FAILON },
	{ "format", required_argument, NULL, OPT_FORMAT }, { "input", required_argument, NULL, 'i' },
	{ "max-facts", required_argument, NULL, OPT_MAXFACTS },
	{ "max-seconds", required_argument, NULL, OPT_MAXSECONDS },
	{ "chart-seconds", required_argument, NULL, OPT_CHARTSECONDS },
	{ "quiet", no_argument, NULL, 'q' }, { "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' },
	{ "known", required_argument, NULL, OPT_KNOWN },
	{ NULL, 0, NULL, 0 }
};

static int parse_jobs(const char *s, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 64)
		return -1;
	*out = (int)v;
	return 0;
}

/* Options common to the subcommands; which ones a command accepts is checked after parsing. */
static int parse_opts(int argc, char **argv, struct run_opts *o, FILE *out, FILE *err, int *done)
{
	int c;
	*done = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:c:j:i:qvhV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'c': o->config = optarg; break;
		case 'j':
			if (parse_jobs(optarg, &o->jobs) != 0)
				return usage_error(err, "-j takes a number of threads from 1 to 64, not '%s'", optarg);
			o->set_jobs = 1;
			break;
		case 'i':
			if (o->nshow_inputs < RUN_MAX_INPUTS)
				o->show_inputs[o->nshow_inputs++] = optarg;
			break;
		case OPT_CHARTS:
			if (run_charts_from_name(optarg, &o->charts) != 0)
				return usage_error(err, "--charts takes svg, png, both or none, not '%s'", optarg);
			o->set_charts = 1;
			break;
		case OPT_EXCEL: o->excel = 1; break;
		case OPT_KNOWN: o->known_path = optarg; break;
		case OPT_FAILON:
			if (run_failon_from_name(optarg, &o->fail_on) != 0)
				return usage_error(err, "--fail-on takes error, warning or never, not '%s'", optarg);
			o->set_fail_on = 1;
			break;
		case OPT_FORMAT:
			if (doc_format_from_name(optarg, &o->format) != 0)
				return usage_error(err, "--format takes md, layout, pdf, csv or auto, not '%s'", optarg);
			break;
		case OPT_MAXFACTS: {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 0)
				return usage_error(err, "--max-facts takes a number of facts (0: no limit), not '%s'", optarg);
			o->max_facts = v;
			o->set_max_facts = 1;
			break;
		}
		case OPT_MAXSECONDS:
		case OPT_CHARTSECONDS: {
			char *end;
			errno = 0;
			double v = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(v >= 0) || v > 1e7)
				return usage_error(err, "--%s takes seconds (0: no limit), not '%s'",
						   c == OPT_MAXSECONDS ? "max-seconds" : "chart-seconds", optarg);
			if (c == OPT_MAXSECONDS) {
				o->max_seconds = v;
				o->set_max_seconds = 1;
			} else {
				o->chart_seconds = v;
				o->set_chart_seconds = 1;
			}
			break;
		}
		case 'q': o->verbosity = -1; break;
		case 'v': o->verbosity = 1; break;
		case 'h':
			/* after a command, that command's help only (help.c) */
			if (help_for(argv[0]))
				fputs(help_for(argv[0]), out);
			else {
				fputs(usage_text, out);
				fputc('\n', out);
				fputs(help_text, out);
			}
			*done = 1;
			return EXIT_DONE;
		case 'V':
			fprintf(out, "yusuan %s\n", YS_VERSION);
			*done = 1;
			return EXIT_DONE;
		case ':':
			return usage_error(err, "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error(err, "unknown option '%s'", argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++) {
		if (o->ninputs >= RUN_MAX_INPUTS)
			return usage_error(err, "too many inputs (at most %s); name a folder instead", "1024");
		o->inputs[o->ninputs++] = argv[i];
	}
	return EXIT_DONE;
}

int cli_main(int argc, char **argv, FILE *out, FILE *err)
{
	if (argc < 2)
		return usage_error(err, "%s", "no command given");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "help") && argc > 2 && help_for(argv[2])) {
		fputs(help_for(argv[2]), out);
		return EXIT_DONE;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage_text, out);
		fputc('\n', out);
		fputs(help_text, out);
		return EXIT_DONE;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		fprintf(out, "yusuan %s\n", YS_VERSION);
		return EXIT_DONE;
	}
	enum run_cmd rc;
	if (!strcmp(cmd, "run"))
		rc = CMD_RUN;
	else if (!strcmp(cmd, "import"))
		rc = CMD_IMPORT;
	else if (!strcmp(cmd, "audit"))
		rc = CMD_AUDIT;
	else if (!strcmp(cmd, "show"))
		rc = CMD_SHOW;
	else
		return usage_error(err, "unknown command '%s'", cmd);

	struct run_opts *o = calloc(1, sizeof *o);
	if (!o)
		return EXIT_NOINPUT;
	run_opts_defaults(o);
	o->cmd = rc;
	/* getopt permutes argv: the manifest records the command as given */
	char **argv_copy = malloc((size_t)(argc + 1) * sizeof *argv_copy);
	if (!argv_copy) {
		free(o);
		return EXIT_NOINPUT;
	}
	memcpy(argv_copy, argv, (size_t)(argc + 1) * sizeof *argv_copy);
	o->argc = argc;
	o->argv = argv_copy;
	int done;
	int st = parse_opts(argc - 1, argv + 1, o, out, err, &done);
	if (st != EXIT_DONE || done) {
		free(argv_copy);
		free(o);
		return st;
	}
	if (rc == CMD_IMPORT && o->ninputs == 0) {
		free(argv_copy);
		free(o);
		return usage_error(err, "%s", "import needs at least one FILE");
	}
	if (rc == CMD_AUDIT && o->ninputs == 0) {
		free(argv_copy);
		free(o);
		return usage_error(err, "%s", "audit needs at least one INPUT");
	}
	if (rc == CMD_SHOW && (o->ninputs < 1 || o->ninputs > 2)) {
		free(argv_copy);
		free(o);
		return usage_error(err, "%s", "show needs UNIT and optionally YEAR");
	}
	if (o->known_path && rc != CMD_RUN && rc != CMD_AUDIT) {
		free(argv_copy);
		free(o);
		return usage_error(err, "%s", "--known goes with run and audit only");
	}
	if (rc != CMD_RUN && (o->config || o->set_charts)) {
		free(argv_copy);
		free(o);
		return usage_error(err, "%s", "-c and --charts go with run only");
	}
	struct config cfg;
	int have_cfg = 0;
	if (o->config) {
		struct ys_error e = { 0 };
		if (config_load(o->config, &cfg, &e) != YS_OK) {
			cli_report(err, e.file, 0, e.line, e.msg);
			config_free(&cfg);
			free(argv_copy);
			free(o);
			return EXIT_USAGE;
		}
		config_apply(&cfg, o);
		have_cfg = 1;
	}
	struct known known;
	int have_known = 0;
	if (o->known_path) {
		struct ys_error e = { 0 };
		if (known_load(o->known_path, &known, &e) != YS_OK) {
			cli_report(err, e.file, 0, e.line, e.msg);
			if (have_cfg)
				config_free(&cfg);
			free(argv_copy);
			free(o);
			return EXIT_USAGE;
		}
		o->known = &known;
		have_known = 1;
	}
	st = run_command(o, out, err);
	if (have_known)
		known_free(&known);
	if (have_cfg)
		config_free(&cfg);
	free(argv_copy);
	free(o);
	return st;
}
