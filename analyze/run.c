/* The batch: reads the inputs, reports what could not be read, writes the outputs and decides
 * the exit status. */
#include "run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "load.h"
#include "write/out_csv.h"

void run_opts_defaults(struct run_opts *o)
{
	o->jobs = 1;
	o->charts = CHARTS_BOTH;
	o->fail_on = FAIL_ERROR;
	o->format = FMT_AUTO;
}

int run_charts_from_name(const char *s, enum run_charts *c)
{
	static const char *const names[] = { "none", "svg", "png", "both" };
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, names[i])) {
			*c = (enum run_charts)i;
			return 0;
		}
	return -1;
}

int run_failon_from_name(const char *s, enum run_failon *f)
{
	if (!strcmp(s, "error"))
		*f = FAIL_ERROR;
	else if (!strcmp(s, "warning"))
		*f = FAIL_WARNING;
	else if (!strcmp(s, "never"))
		*f = FAIL_NEVER;
	else
		return -1;
	return 0;
}

/* Prints the findings of one document at or above the level the verbosity asks for. */
static void report_findings(FILE *err, const struct findings *fl, enum severity min)
{
	for (size_t i = 0; i < fl->n; i++) {
		const struct finding *f = &fl->v[i];
		if (f->severity < min)
			continue;
		char msg[900];
		snprintf(msg, sizeof msg, "%s: %s", severity_name(f->severity), f->message);
		cli_report(err, f->file, f->page, f->line, msg);
	}
}

struct tally {
	size_t files, failed, docs, facts;
	size_t sev[3];
};

static void tally_findings(struct tally *t, const struct findings *fl)
{
	for (size_t i = 0; i < fl->n; i++)
		t->sev[fl->v[i].severity]++;
}

/* Reads the inputs and reports unreadable files; returns 0 or an exit status. */
static int read_inputs(struct run_opts *o, struct corpus *c, struct tally *t, FILE *err,
		       enum severity report_min)
{
	char **files = NULL;
	size_t nfiles = 0;
	struct ys_error e = { 0 };
	const char *def[] = { "datasets" };
	const char *const *in = o->ninputs ? o->inputs : def;
	size_t nin = o->ninputs ? (size_t)o->ninputs : 1;
	char *registry = NULL;
	if (load_expand(in, nin, &files, &nfiles, &registry, &e) != YS_OK) {
		cli_report(err, e.file, 0, e.line, e.msg);
		return EXIT_NOINPUT;
	}
	if (nfiles == 0) {
		cli_report(err, in[0], 0, 0, "no documents found (*.txt, *.md, *.csv, *.pdf)");
		free(files);
		free(registry);
		return EXIT_NOINPUT;
	}
	load_corpus(c, files, nfiles, o->format, o->jobs);
	c->registry = registry;
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < c->nfiles; i++) {
		struct loaded *l = &c->files[i];
		t->files++;
		if (l->code != YS_OK) {
			t->failed++;
			cli_report(err, l->err.file[0] ? l->err.file : l->path, 0, l->err.line,
				   l->err.msg[0] ? l->err.msg : ys_strerror(l->code));
			continue;
		}
		report_findings(err, &l->diag.findings, report_min);
		tally_findings(t, &l->diag.findings);
		for (size_t k = 0; k < l->ndocs; k++) {
			report_findings(err, &l->docs[k].findings, report_min);
			tally_findings(t, &l->docs[k].findings);
			t->docs++;
			t->facts += l->docs[k].facts.n;
		}
	}
	return 0;
}

/* Writes every fact of the corpus, in input order, to fp. */
static int write_facts(FILE *fp, const struct corpus *c, int bom)
{
	struct csvw w;
	csvw_init(&w, fp, bom);
	csvw_header(&w, facts_csv_header);
	for (size_t i = 0; i < c->nfiles; i++)
		for (size_t k = 0; k < c->files[i].ndocs; k++) {
			const struct facts *fs = &c->files[i].docs[k].facts;
			for (size_t j = 0; j < fs->n; j++)
				csvw_fact(&w, &fs->v[j]);
		}
	return w.err ? -1 : 0;
}

/* Writes path through a temporary file renamed into place: readers never see half a file. */
static int write_atomic(const char *path, const struct corpus *c, int bom, FILE *err)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	FILE *fp = fopen(tmp, "wb");
	if (!fp) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot write: %s", strerror(errno));
		cli_report(err, path, 0, 0, msg);
		return -1;
	}
	int bad = write_facts(fp, c, bom);
	if (fclose(fp) != 0)
		bad = -1;
	if (bad || rename(tmp, path) != 0) {
		char msg[300];
		snprintf(msg, sizeof msg, "write failed: %s", strerror(errno));
		cli_report(err, path, 0, 0, msg);
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int final_status(const struct run_opts *o, const struct tally *t)
{
	if (t->failed && t->failed == t->files)
		return EXIT_NOINPUT;
	if (t->failed)
		return EXIT_PARTIAL;
	if (o->fail_on == FAIL_ERROR && t->sev[SEV_ERROR])
		return EXIT_FINDINGS;
	if (o->fail_on == FAIL_WARNING && (t->sev[SEV_ERROR] || t->sev[SEV_WARNING]))
		return EXIT_FINDINGS;
	return EXIT_DONE;
}

static int cmd_import(struct run_opts *o, FILE *out, FILE *err)
{
	struct corpus c = { 0 };
	struct tally t;
	enum severity min = o->verbosity < 0 ? SEV_ERROR : o->verbosity > 0 ? SEV_INFO : SEV_WARNING;
	int st = read_inputs(o, &c, &t, err, min);
	if (st) {
		load_free(&c);
		return st;
	}
	if (t.failed == t.files) {
		load_free(&c);
		return EXIT_NOINPUT;
	}
	if (o->output) {
		if (write_atomic(o->output, &c, o->excel, err) != 0) {
			load_free(&c);
			return EXIT_NOINPUT;
		}
	} else if (write_facts(out, &c, o->excel) != 0 || fflush(out) != 0) {
		cli_report(err, "stdout", 0, 0, "write failed");
		load_free(&c);
		return EXIT_NOINPUT;
	}
	st = final_status(o, &t);
	load_free(&c);
	return st;
}

static int cmd_run(struct run_opts *o, FILE *out, FILE *err)
{
	(void)out;
	struct corpus c = { 0 };
	struct tally t;
	enum severity min = o->verbosity < 0 ? SEV_ERROR : o->verbosity > 0 ? SEV_INFO : SEV_ERROR;
	int st = read_inputs(o, &c, &t, err, min);
	if (st) {
		load_free(&c);
		return st;
	}
	if (t.failed == t.files) {
		load_free(&c);
		return EXIT_NOINPUT;
	}
	const char *dir = o->output ? o->output : "results";
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot create output folder: %s", strerror(errno));
		cli_report(err, dir, 0, 0, msg);
		load_free(&c);
		return EXIT_NOINPUT;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/facts.csv", dir);
	if (write_atomic(path, &c, o->excel, err) != 0) {
		load_free(&c);
		return EXIT_NOINPUT;
	}
	if (o->verbosity >= 0)
		fprintf(err, "yusuan: %zu files, %zu documents, %zu facts; %zu errors, %zu warnings → %s/\n",
			t.files, t.docs, t.facts, t.sev[SEV_ERROR], t.sev[SEV_WARNING], dir);
	st = final_status(o, &t);
	load_free(&c);
	return st;
}

int run_command(struct run_opts *o, FILE *out, FILE *err)
{
	switch (o->cmd) {
	case CMD_IMPORT:
		return cmd_import(o, out, err);
	case CMD_RUN:
		return cmd_run(o, out, err);
	case CMD_AUDIT:
	case CMD_SHOW:
		cli_report(err, NULL, 0, 0, "this command is not available in this version");
		return EXIT_USAGE;
	}
	return EXIT_USAGE;
}
