/* The batch: reads the inputs in windows (threads read a window, the main thread summarises
 * it in input order and drops the facts), runs the analyses over the summaries, writes the
 * outputs into a temporary folder renamed into place, and decides the exit status. */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdatomic.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/children.h"
#include "base/grow.h"
#include "base/report.h"
#include "base/text.h"
#include "base/units.h"
#include "base/version.h"
#include "config.h"
#include "compute/audit.h"
#include "compute/corpus.h"
#include "compute/known.h"
#include "compute/execution.h"
#include "compute/growth.h"
#include "compute/peers.h"
#include "compute/rules.h"
#include "compute/trend.h"
#include "cache.h"
#include "load.h"
#include "outpath.h"
#include "verify.h"
#include "write/manifest.h"
#include "write/out_csv.h"
#include "plots/charts.h"
#include "plots/gnuplot.h"
#include "write/briefing.h"
#include "write/changes.h"
#include "write/workbook.h"

#include <time.h>
#include <xxhash.h>

void run_opts_defaults(struct run_opts *o)
{
	o->jobs = 1;
	o->charts = CHARTS_BOTH;
	o->fail_on = FAIL_ERROR;
	o->format = FMT_AUTO;
	/* a document: the largest of the real corpus has 9,000 facts and reads in under a second */
	o->max_facts = 2000000;
	o->max_seconds = 300;
	o->chart_seconds = 600;
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

/* ---- reading ---- */

struct tally {
	size_t files, failed, docs, facts;
	size_t sev[3];
	size_t fail[3];   /* what --fail-on counts: findings and policy flags not acknowledged */
	size_t flags[3];  /* policy flags by severity */
	size_t acked;     /* findings and flags acknowledged (known.csv) */
	size_t skipped;   /* files and folders of the input folders not read (load_skips) */
	size_t skipped_unread; /* … of which documents may have been in: exit status 4 */
};

struct pipeline {
	struct run_opts *o;
	FILE *err;
	enum severity report_min;
	struct strpool *pool;
	struct sumset ss;
	struct findings extra;     /* about files: unreadable inputs, bad CSV rows, the registry */
	struct registry reg;
	int have_reg;
	struct tally t;
	struct manifest_input *in; /* every input, for the manifest */
	size_t nin;
	struct load_skips skips;   /* what the input folders held that was not read */
	struct csvw *facts;        /* where facts go, or NULL */
	const struct outfile *avoid; /* import/audit -o FILE: no input may be that file */
	int facts_started;         /* the header is written with the first readable file: a run
				    * that reads nothing writes nothing */
	int summarise;
	struct cache *cache;       /* run: the incremental cache, set up once the registry is known */
	struct strpool **pools;    /* the reading threads' pools, adopted with their summaries */
	size_t npools;
	const char *cache_out, *cache_tmp;
	int cache_on;
	_Atomic long long summarise_ns; /* CPU time of the summaries (metrics, audit), all threads */
	_Atomic long long audit_ns;     /* … of which the audit */
};

static void report(struct pipeline *p, const struct finding *f)
{
	if (f->severity < p->report_min)
		return;
	char msg[1100];
	snprintf(msg, sizeof msg, "%s: %s", severity_name(f->severity), f->message);
	cli_report(p->err, f->file, f->page, f->line, msg);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A document's summary joins the run: its input order, and [groups] of the configuration (by
 * unit code, or by name) over the registry's. */
static void add_summary(struct pipeline *p, const struct docsum *src, size_t index, size_t k)
{
	struct docsum *nv = ys_grow(p->ss.v, p->ss.n, &p->ss.cap, sizeof *nv);
	if (!nv)
		return;
	p->ss.v = nv;
	struct docsum *s = &nv[p->ss.n++];
	*s = *src;
	docsum_reintern(s, p->pool);
	s->input = index * 4096 + k;
	for (int g = 0; p->o->groups && g < p->o->groups->ngroups; g++) {
		char norm[256];
		units_norm_name(p->o->groups->group_unit[g], norm, sizeof norm);
		if (!strcmp(p->o->groups->group_unit[g], s->unit_code) || !strcmp(norm, s->unit_name))
			s->group = strpool_cstr(p->pool, p->o->groups->group_name[g]);
	}
}

static void facts_header(struct pipeline *p)
{
	if (p->facts && !p->facts_started) {
		csvw_header(p->facts, facts_csv_header);
		p->facts_started = 1;
	}
}

static void file_findings(struct pipeline *p, const struct findings *fl)
{
	for (size_t i = 0; i < fl->n; i++) {
		struct finding f = fl->v[i];
		report(p, &f);
		f.check = strpool_cstr(p->pool, f.check);
		f.file = strpool_cstr(p->pool, f.file);
		f.message = strpool_cstr(p->pool, f.message);
		findings_add(&p->extra, &f);
		p->t.sev[f.severity]++;
		p->t.fail[f.severity]++;
	}
}

/* The line import and run print for every document (issue 15: a document read badly must say
 * so): unit, year, kind, table kinds, identities. Not with -q. */
static void report_reading(struct pipeline *p, const char *file, const struct reading *r,
			   const char *unit, int year, const char *kind)
{
	if (p->o->verbosity < 0)
		return;
	char line[900];
	reading_line(r, unit, year, kind, line, sizeof line);
	cli_report(p->err, file, 0, 0, line);
}

static void add_input(struct pipeline *p, const struct loaded *l, enum doc_format fmt, size_t ndocs)
{
	struct manifest_input *ni = realloc(p->in, (p->nin + 1) * sizeof *ni);
	if (ni) {
		p->in = ni;
		ni[p->nin++] = (struct manifest_input){ strdup(l->path), l->size, l->hash,
							doc_format_name(fmt), ndocs, l->code == YS_OK,
							l->cached };
	}
}

static void take_file(struct pipeline *p, struct loaded *l, size_t index)
{
	p->t.files++;
	add_input(p, l, l->format, l->cached || l->streamed ? l->nsums : l->ndocs);
	if (l->cached && p->cache)
		p->cache->hits++;
	if (l->cache_rejected && p->cache) {
		p->cache->rejected++;
		if (p->o->verbosity > 0)
			cli_report(p->err, l->path, 0, 0, l->cache_why);
	}
	if (l->code != YS_OK) {
		p->t.failed++;
		const char *file = l->err.file[0] ? l->err.file : l->path;
		const char *msg = l->err.msg[0] ? l->err.msg : ys_strerror(l->code);
		cli_report(p->err, file, 0, l->err.line, msg);
		struct finding f = { 0 };
		f.check = strpool_cstr(p->pool, "unreadable_input");
		f.severity = SEV_ERROR;
		f.file = strpool_cstr(p->pool, file);
		f.line = (int)l->err.line;
		char m[700];
		snprintf(m, sizeof m, "文件无法读取：%s", msg);
		text_utf8_clip(m);
		f.message = strpool_cstr(p->pool, m);
		findings_add(&p->extra, &f);
		p->t.sev[SEV_ERROR]++;
		p->t.fail[SEV_ERROR]++;
		return;
	}
	file_findings(p, &l->diag.findings);
	facts_header(p);
	size_t ndocs = l->cached || l->streamed ? l->nsums : l->ndocs;
	/* facts: the rows the reading thread formatted, else format them here */
	if (p->facts && (l->rows || l->rows_fp)) {
		/* (the cache entry keeps where the rows start instead of a copy of them) */
		off_t at = p->cache_on && l->cache_slot != SIZE_MAX ? ftello(p->facts->fp) : -1;
		if (l->rows_fp) {
			/* a facts CSV streamed: its rows wait in a temporary file */
			char b[65536];
			size_t n, left = l->rows_len;
			rewind(l->rows_fp);
			while (left && (n = fread(b, 1, left < sizeof b ? left : sizeof b, l->rows_fp)) > 0) {
				if (fwrite(b, 1, n, p->facts->fp) != n)
					break;
				left -= n;
			}
			if (left)
				p->facts->err = 1;
			else if (at >= 0)
				cache_place(p->cache, l->cache_slot, (uint64_t)at);
		} else if (l->rows_len && fwrite(l->rows, 1, l->rows_len, p->facts->fp) != l->rows_len)
			p->facts->err = 1;
		else if (at >= 0)
			cache_place(p->cache, l->cache_slot, (uint64_t)at);
	} else if (p->facts) {
		for (size_t k = 0; k < l->ndocs; k++)
			for (size_t j = 0; j < l->docs[k].facts.n; j++)
				csvw_fact(p->facts, &l->docs[k].facts.v[j]);
	}
	for (size_t k = 0; k < ndocs; k++) {
		p->t.docs++;
		p->t.facts += l->cached || l->streamed ? 0 : l->docs[k].facts.n;
		const struct findings *rf = l->reader ? &l->reader[k] : &l->docs[k].findings;
		/* (-v prints a summarised document's findings, the reader's among them, with the
		 * audit's once the analyses are done: report_all) */
		for (size_t i = 0; i < rf->n && !(p->summarise && p->o->verbosity > 0); i++)
			report(p, &rf->v[i]);
		if (!p->summarise) {
			for (size_t i = 0; i < rf->n; i++) {
				p->t.sev[rf->v[i].severity]++;
				p->t.fail[rf->v[i].severity]++;
			}
			struct reading r;
			reading_of(&l->docs[k], &r);
			report_reading(p, l->path, &r, l->docs[k].unit_name, l->docs[k].year,
				       l->docs[k].doc_kind);
			continue;
		}
		if (l->sums) {
			const struct docsum *s = &l->sums[k];
			report_reading(p, l->path, &s->reading, s->unit_name, s->year, s->doc_kind);
			add_summary(p, s, index, k);
		}
	}
	if (l->cached || l->streamed)
		p->t.facts += l->nfacts;
	/* the summaries and the strings they point to are the run's now */
	if (l->sums && p->summarise) {
		free(l->sums);
		l->sums = NULL;
		l->nsums = 0;
	}
	/* (the thread's pool, l->pool, goes with l: add_summary moved the strings) */
}

struct take_arg {
	struct pipeline *p;
	size_t nfiles;
	int progress;       /* a progress line on a terminal */
};

static void take_next(void *arg, size_t i, struct loaded *l)
{
	struct take_arg *t = arg;
	take_file(t->p, l, i);
	if (t->progress && ((i + 1) % 16 == 0 || i + 1 == t->nfiles))
		fprintf(t->p->err, "\ryusuan: read %zu/%zu files", i + 1, t->nfiles);
}

/* What cache entries depend on besides the file: version, --format, the registry's bytes and
 * the configuration's peer groups. */
static uint64_t cache_context(const struct pipeline *p, const char *registry)
{
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		return 0;
	XXH3_64bits_reset(st);
	static const char tag[] = "yusuan-cache-2 " YS_VERSION;
	XXH3_64bits_update(st, tag, sizeof tag);
	/* the program itself: a rebuilt reader must not reuse what the old one read */
	FILE *self = fopen("/proc/self/exe", "rb");
	char sb[65536];
	size_t sn;
	while (self && (sn = fread(sb, 1, sizeof sb, self)) > 0)
		XXH3_64bits_update(st, sb, sn);
	if (self)
		fclose(self);
	int fmt = (int)p->o->format;
	XXH3_64bits_update(st, &fmt, sizeof fmt);
	if (registry) {
		FILE *fp = fopen(registry, "rb");
		char buf[65536];
		size_t n;
		while (fp && (n = fread(buf, 1, sizeof buf, fp)) > 0)
			XXH3_64bits_update(st, buf, n);
		if (fp)
			fclose(fp);
	}
	for (int g = 0; p->o->groups && g < p->o->groups->ngroups; g++) {
		XXH3_64bits_update(st, p->o->groups->group_unit[g], strlen(p->o->groups->group_unit[g]) + 1);
		XXH3_64bits_update(st, p->o->groups->group_name[g], strlen(p->o->groups->group_name[g]) + 1);
	}
	uint64_t h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	return h;
}


/* Nothing skipped silently: one line per reason, naming what the input folders held and was
 * not read (the first 8; the manifest has them all), and the count for the exit status — a
 * folder that could not be read counts as an unreadable input (exit 4, shown also with -q), a
 * file of another format, a results folder or a loop as a warning (--fail-on warning). */
static void report_skips(struct pipeline *p)
{
	for (int why = 0; why < SKIP_NWHY; why++) {
		size_t n = 0, files = 0, dirs = 0, links = 0;
		for (size_t i = 0; i < p->skips.n; i++)
			if ((int)p->skips.v[i].why == why) {
				n++;
				files += p->skips.v[i].kind == 'f';
				dirs += p->skips.v[i].kind == 'd';
				links += p->skips.v[i].kind == 'l';
			}
		if (!n)
			continue;
		int unread = load_skip_unread((enum load_skip_why)why);
		p->t.skipped += n;
		if (unread)
			p->t.skipped_unread += n;
		else
			p->t.fail[SEV_WARNING] += n;
		if (!unread && p->o->verbosity < 0)
			continue;
		const char *noun = files == n ? "file" : dirs == n ? "folder" : links == n ? "symlink"
							   : n == 1 ? "entry" : "entrie";
		size_t cap = 400, len = 0, shown = 0;
		char *m = malloc(cap);
		if (!m)
			return;
		len = (size_t)snprintf(m, cap, "%zu %s%s skipped: ", n, noun,
				       n == 1 ? "" : "s");
		for (size_t i = 0; i < p->skips.n; i++) {
			const struct load_skipped *k = &p->skips.v[i];
			if ((int)k->why != why)
				continue;
			if (shown == 8) {
				char more[60];
				snprintf(more, sizeof more, " and %zu more", n - shown);
				size_t ml = strlen(more);
				char *nm = len + ml + 1 > cap ? realloc(m, cap = len + ml + 1) : m;
				if (!nm)
					break;
				m = nm;
				memcpy(m + len, more, ml + 1);
				len += ml;
				break;
			}
			size_t pl = strlen(k->path);
			if (len + pl + 3 > cap) {
				char *nm = realloc(m, cap = (len + pl + 3) * 2);
				if (!nm)
					break;
				m = nm;
			}
			len += (size_t)sprintf(m + len, "%s%s", shown ? ", " : "", k->path);
			shown++;
		}
		const char *t = load_skip_text((enum load_skip_why)why);
		size_t tl = strlen(t);
		char *nm = realloc(m, len + tl + 4);
		if (nm) {
			m = nm;
			sprintf(m + len, " (%s)", t);
			cli_report(p->err, NULL, 0, 0, m);
		}
		free(m);
	}
}

/* Expands and reads every input; returns 0 or an exit status (nothing readable). */
static int pipeline_read(struct pipeline *p)
{
	struct run_opts *o = p->o;
	char **files = NULL;
	size_t nfiles = 0;
	struct ys_error e = { 0 };
	const char *def[] = { "datasets" };
	const char *const *in = o->ninputs ? o->inputs : def;
	size_t nin = o->ninputs ? (size_t)o->ninputs : 1;
	char *registry = NULL;
	const char *skip[2] = { p->cache_out, p->cache_tmp };
	if (load_expand(in, nin, &files, &nfiles, &registry, skip, 2, &p->skips, &e) != YS_OK) {
		cli_report(p->err, e.file, 0, e.line, e.msg);
		return EXIT_NOINPUT;
	}
	report_skips(p);
	for (size_t i = 0; p->avoid && i < nfiles; i++)
		if (outpath_same_file(p->avoid, files[i])) {
			cli_report(p->err, files[i], 0, 0, "is the -o file as well; it would be overwritten; "
							   "nothing written");
			for (size_t k = 0; k < nfiles; k++)
				free(files[k]);
			free(files);
			free(registry);
			return EXIT_USAGE;
		}
	if (nfiles == 0) {
		cli_report(p->err, in[0], 0, 0, "no documents found (*.txt, *.md, *.csv, *.pdf)");
		free(files);
		free(registry);
		return EXIT_NOINPUT;
	}
	if (o->registry) {
		free(registry);
		registry = strdup(o->registry);
	}
	if (registry && p->summarise) {
		struct ys_error re = { 0 };
		if (registry_load(registry, &p->reg, &p->extra, p->pool, &re) == YS_OK) {
			p->have_reg = 1;
		} else {
			cli_report(p->err, re.file, 0, re.line, re.msg);
			struct finding f = { 0 };
			f.check = strpool_cstr(p->pool, "bad_registry");
			f.severity = SEV_ERROR;
			f.file = strpool_cstr(p->pool, registry);
			f.line = (int)re.line;
			f.message = strpool_cstr(p->pool, re.msg);
			findings_add(&p->extra, &f);
		}
	}
	if (p->cache && p->summarise)
		p->cache_on = cache_init(p->cache, p->cache_out, p->cache_tmp,
					 cache_context(p, p->have_reg ? registry : NULL)) == 0;
	free(registry);
	struct load_ctx lc = { p->summarise, p->have_reg ? &p->reg : NULL, p->facts != NULL,
			       p->cache_on ? p->cache : NULL, &p->summarise_ns, &p->audit_ns, o->max_facts,
			       o->max_seconds };
	/* the threads read ahead (at most 8 files each); this thread takes the files in input order
	 * and reads too while the next is not ready */
	struct take_arg ta = { p, nfiles, o->verbosity >= 0 && isatty(fileno(p->err)) && nfiles > 1 };
	load_stream(files, nfiles, o->format, o->jobs, (size_t)(o->jobs > 0 ? o->jobs : 1) * 8, &lc,
		    take_next, &ta);
	if (ta.progress)
		fprintf(p->err, "\r\033[K");
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	return 0;
}

static void pipeline_free(struct pipeline *p)
{
	for (size_t i = 0; i < p->nin; i++)
		free(p->in[i].path);
	free(p->in);
	for (size_t i = 0; i < p->ss.n; i++)
		docsum_free(&p->ss.v[i]);
	free(p->ss.v);
	free(p->ss.order);
	findings_free(&p->extra);
	load_skips_free(&p->skips);
	for (size_t i = 0; i < p->npools; i++)
		strpool_free(p->pools[i]);
	free(p->pools);
	if (p->have_reg)
		registry_free(&p->reg);
	strpool_free(p->pool);
}

static int pipeline_init(struct pipeline *p, struct run_opts *o, FILE *err, enum severity min)
{
	memset(p, 0, sizeof *p);
	p->o = o;
	p->err = err;
	p->report_min = min;
	p->pool = strpool_new();
	p->ss.pool = p->pool;
	return p->pool ? 0 : -1;
}

static int final_status(const struct run_opts *o, const struct tally *t)
{
	if (t->failed && t->failed == t->files)
		return EXIT_NOINPUT;
	if (t->failed || t->skipped_unread)
		return EXIT_PARTIAL;
	if (o->fail_on == FAIL_ERROR && t->fail[SEV_ERROR])
		return EXIT_FINDINGS;
	if (o->fail_on == FAIL_WARNING && (t->fail[SEV_ERROR] || t->fail[SEV_WARNING]))
		return EXIT_FINDINGS;
	return EXIT_DONE;
}

/* -v: every finding of every document (the reader's and the audit's, in input order) and every
 * policy flag, acknowledged ones marked. */
static void report_all(struct pipeline *p, const struct flags *f)
{
	char msg[2400];
	for (size_t i = 0; i < p->ss.n; i++) {
		const struct docsum *s = &p->ss.v[i];
		for (size_t k = 0; k < s->findings.n; k++) {
			const struct finding *x = &s->findings.v[k];
			snprintf(msg, sizeof msg, "%s: %s: %s%s%s%s", severity_name(x->severity), x->check,
				 x->message, x->ack ? " (acknowledged: " : "", x->ack ? x->ack : "",
				 x->ack ? ")" : "");
			cli_report(p->err, x->file && x->file[0] ? x->file : s->path, x->page, x->line, msg);
		}
	}
	for (size_t i = 0; f && i < f->n; i++) {
		const struct flag_row *r = &f->v[i];
		snprintf(msg, sizeof msg, "%s: flag %s: %s%s%s%s", severity_name(rule_defs[r->rule].severity),
			 rule_defs[r->rule].id, r->message, r->ack ? " (acknowledged: " : "",
			 r->ack ? r->ack : "", r->ack ? ")" : "");
		cli_report(p->err, r->s->path, 0, 0, msg);
	}
}

/* Counts the audit's findings by severity (documents chosen and left out, files), after the
 * acknowledgements are applied: what --fail-on counts is the findings and the policy flags at
 * their severity (flags.csv's column), acknowledged ones left out. */
static void tally_audit(struct pipeline *p, struct flags *f)
{
	const struct known *k = p->o->known;
	known_apply(k, &p->ss, f);
	out_csv_acknowledged(k != NULL);
	for (size_t i = 0; i < p->ss.n; i++)
		for (size_t j = 0; j < p->ss.v[i].findings.n; j++) {
			const struct finding *x = &p->ss.v[i].findings.v[j];
			p->t.sev[x->severity]++;
			if (x->ack)
				p->t.acked++;
			else
				p->t.fail[x->severity]++;
		}
	for (size_t i = 0; f && i < f->n; i++) {
		enum severity sv = rule_defs[f->v[i].rule].severity;
		p->t.flags[sv]++;
		if (f->v[i].ack)
			p->t.acked++;
		else
			p->t.fail[sv]++;
	}
	if (p->o->verbosity > 0)
		report_all(p, f);
	/* an acknowledgement that matched nothing: fixed, or its value changed (news again) */
	for (size_t i = 0; k && i < k->n && p->o->verbosity >= 0; i++)
		if (!k->v[i].used)
			cli_report(p->err, k->path, 0, k->v[i].line,
				   "warning: this acknowledgement matches no finding or flag (fixed, or "
				   "its value changed: then the finding counts again)");
}

static void rm_tree(const char *path);

/* ---- SIGTERM, SIGINT, SIGHUP: the run's helpers end with it and its temporary output goes ----
 * The signals are blocked in the thread that arms them and in every thread it starts later; one
 * thread of its own takes them with sigwait, ends the children (ys_children_signal), removes the
 * temporary folder or file and exits 128 + the signal, as a shell reports it. The lock goes with
 * the process. (A handler run in whichever thread the signal hits would do for the kernel, but
 * ThreadSanitizer delays a handler until the thread it hit leaves its libc call — with a gnuplot
 * that stopped reading, never — so the suite could not check this code under TSan.) A thread
 * that does not block them (one started before) gets a handler that only passes the signal on
 * to the signals' thread (pthread_kill is async-signal-safe). */
static char sig_path[OUTPATH_MAX + 64];
static _Atomic int sig_is_dir, sig_armed;
static pthread_mutex_t sig_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_t sig_thread;

static void sig_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

static void on_signal(int sig)
{
	int saved = errno;
	pthread_kill(sig_thread, sig);
	errno = saved;
}

static void *sig_watch(void *arg)
{
	(void)arg;
	sigset_t set;
	sig_set(&set); /* (blocked here too, inherited from the thread that armed them) */
	int b = 0;
	while (sigwait(&set, &b) != 0)
		;
	/* the helpers are stopped first (SIGSTOP), killed last: gnuplot stands in the temporary
	 * folder and would go on writing into it while it is removed, and a helper that died at
	 * once would wake the thread waiting on it, which would go on writing the results and
	 * report their failure as the run's */
	ys_children_signal(SIGSTOP);
	/* stderr stays locked until the exit: the run's threads, which go on until then, would
	 * report the files they can no longer create as the run's failure (tried for a second
	 * only, in case a thread holds it, blocked on a full pipe) */
	for (int i = 0; i < 100 && ftrylockfile(stderr) != 0; i++)
		usleep(10000);
	pthread_mutex_lock(&sig_mu); /* (the path is not being changed) */
	const char *name = b == SIGTERM ? "SIGTERM" : b == SIGINT ? "SIGINT" : "SIGHUP";
	char msg[sizeof sig_path + 200];
	if (sig_path[0]) {
		/* the folder is moved out of the way first: the run's threads go on (a thread that
		 * was waiting on gnuplot writes the pages) and create their files by path, which then
		 * fails, instead of refilling the folder while it is removed */
		char gone[sizeof sig_path + 8];
		snprintf(gone, sizeof gone, "%s.gone", sig_path);
		if (sig_is_dir && rename(sig_path, gone) == 0)
			rm_tree(gone);
		else if (sig_is_dir)
			rm_tree(sig_path);
		else
			unlink(sig_path);
		snprintf(msg, sizeof msg, "yusuan: stopped by %s; the temporary %s %s is removed, the "
			 "previous results are kept\n", name, sig_is_dir ? "folder" : "file", sig_path);
	} else {
		snprintf(msg, sizeof msg, "yusuan: stopped by %s\n", name);
	}
	/* one write, so that the line is not cut by another thread's message */
	ssize_t r = write(2, msg, strlen(msg));
	(void)r;
	ys_children_signal(SIGKILL);
	_exit(128 + b);
}

/* From here a signal ends the run and removes path (a folder when is_dir); NULL: nothing to
 * remove any more. */
static void signals_guard(const char *path, int is_dir)
{
	pthread_mutex_lock(&sig_mu);
	snprintf(sig_path, sizeof sig_path, "%s", path ? path : "");
	sig_is_dir = is_dir;
	pthread_mutex_unlock(&sig_mu);
	int no = 0;
	if (!path || !atomic_compare_exchange_strong(&sig_armed, &no, 1))
		return;
	/* blocked here and in the threads started from here on, sig_watch included */
	sigset_t set, was;
	sig_set(&set);
	pthread_sigmask(SIG_BLOCK, &set, &was);
	if (pthread_create(&sig_thread, NULL, sig_watch, NULL) != 0) {
		/* no thread to take them: the signals end the process as before */
		pthread_sigmask(SIG_SETMASK, &was, NULL);
		return;
	}
	pthread_detach(sig_thread);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* ---- import ---- */

/* `-o FILE` of import and audit: a regular file (or a new one) is written as FILE.tmp.PID beside
 * it and renamed into place, so a reader never sees half of it; anything else (a device, a FIFO,
 * a socket) is written into, as a shell's `>` would: renaming over /dev/null would replace it. */
struct fileout {
	struct outfile of;
	char tmp[OUTPATH_MAX + 32];
	FILE *fp;
};

/* 0, or an exit status with the message printed (nothing touched). */
static int fileout_open(const struct run_opts *o, struct fileout *fo, FILE *err)
{
	struct ys_error e = { 0 };
	if (outpath_file(o->output, o->inputs, (size_t)o->ninputs, &fo->of, &e) != YS_OK) {
		cli_report(err, e.file, 0, e.line, e.msg);
		return EXIT_USAGE;
	}
	fo->tmp[0] = '\0';
	if (fo->of.in_place) {
		fo->fp = fopen(fo->of.path, "wb");
	} else {
		snprintf(fo->tmp, sizeof fo->tmp, "%s.tmp.%ld", fo->of.path, (long)getpid());
		int fd = open(fo->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
		fo->fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
		if (fd >= 0 && !fo->fp)
			close(fd);
	}
	if (fo->fp && fo->tmp[0])
		signals_guard(fo->tmp, 0);
	if (!fo->fp) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot write: %s", strerror(errno));
		cli_report(err, o->output, 0, 0, msg);
		if (fo->tmp[0])
			unlink(fo->tmp);
		return EXIT_NOINPUT;
	}
	return 0;
}

/* Closes the output; keep: put it in place (else the temporary file goes). 0, or -1 with errno
 * when writing or renaming failed. */
static int fileout_close(struct fileout *fo, int keep)
{
	int bad = ferror(fo->fp);
	int saved = 0;
	if (fclose(fo->fp) != 0 || bad) {
		saved = errno ? errno : EIO;
		bad = 1;
	}
	fo->fp = NULL;
	if (fo->of.in_place) {
		errno = saved;
		return bad ? -1 : 0;
	}
	if (!bad && keep && rename(fo->tmp, fo->of.path) != 0) {
		saved = errno;
		bad = 1;
	}
	if (bad || !keep)
		unlink(fo->tmp);
	signals_guard(NULL, 0);
	errno = saved;
	return bad ? -1 : 0;
}

static int cmd_import(struct run_opts *o, FILE *out, FILE *err)
{
	struct pipeline p;
	enum severity min = o->verbosity < 0 ? SEV_ERROR : o->verbosity > 0 ? SEV_INFO : SEV_WARNING;
	if (pipeline_init(&p, o, err, min) != 0)
		return EXIT_NOINPUT;
	struct fileout fo;
	FILE *fp = out;
	if (o->output) {
		int st = fileout_open(o, &fo, err);
		if (st) {
			pipeline_free(&p);
			return st;
		}
		fp = fo.fp;
		p.avoid = &fo.of;
	}
	struct csvw w;
	csvw_init(&w, fp, o->excel);
	p.facts = &w;
	int st = pipeline_read(&p);
	if (!st && p.t.failed == p.t.files)
		st = EXIT_NOINPUT;
	if (o->output) {
		if (fflush(fp) != 0)
			w.err = 1;
		if (fileout_close(&fo, !st && !w.err) != 0 || (w.err && !st)) {
			if (!st) {
				char msg[300];
				snprintf(msg, sizeof msg, "write failed: %s", strerror(errno ? errno : EIO));
				cli_report(err, o->output, 0, 0, msg);
				st = EXIT_NOINPUT;
			}
		}
	} else if (fflush(out) != 0 || w.err) {
		cli_report(err, "stdout", 0, 0, "write failed");
		st = EXIT_NOINPUT;
	}
	if (!st)
		st = final_status(o, &p.t);
	pipeline_free(&p);
	return st;
}

/* ---- run ---- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Temporary folders of runs that were killed (we hold the lock: nobody else is writing). */
static void remove_stale(const char *dir)
{
	char parent[OUTPATH_MAX], base[OUTPATH_MAX + 8];
	const char *slash = strrchr(dir, '/');
	if (slash) {
		snprintf(parent, sizeof parent, "%.*s", (int)(slash - dir) > 0 ? (int)(slash - dir) : 1, dir);
		snprintf(base, sizeof base, "%s.tmp.", slash + 1);
	} else {
		snprintf(parent, sizeof parent, ".");
		snprintf(base, sizeof base, "%s.tmp.", dir);
	}
	DIR *dp = opendir(parent);
	if (!dp)
		return;
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		size_t n = strlen(base);
		if (strncmp(de->d_name, base, n) || !de->d_name[n] ||
		    strspn(de->d_name + n, "0123456789") != strlen(de->d_name + n))
			continue;
		char path[5200];
		snprintf(path, sizeof path, "%s/%s", parent, de->d_name);
		rm_tree(path);
	}
	closedir(dp);
}

/* Puts the finished temporary folder in place of dir: an atomic exchange when dir exists (the
 * old results then go), a rename when it does not. */
static int commit_dir(const char *tmp, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) != 0)
			return -1;
		rm_tree(tmp);
		return 0;
	}
	return rename(tmp, dir);
}

struct analyses {
	struct growth g;
	struct trends t;
	struct peers pe;
	struct flags f;
	struct rules_config rc;
	struct execution ex;
};

/* Trends and peers only read the summaries. */
static void analyse_trends_peers(struct pipeline *p, struct analyses *a)
{
	trend_compute(&p->ss, &a->t);
	peers_compute(&p->ss, p->have_reg ? &p->reg : NULL, &a->pe);
}

/* Growth, flags and execution; growth and execution add findings to the documents. */
static void analyse_growth_flags_exec(struct pipeline *p, struct analyses *a)
{
	growth_compute(&p->ss, &a->g);
	if (p->o->has_rules)
		a->rc = p->o->rules;
	else
		rules_defaults(&a->rc);
	rules_apply(&p->ss, &a->g, &a->rc, &a->f);
	execution_compute(&p->ss, &a->ex);
}

static void analyse(struct pipeline *p, struct analyses *a)
{
	sumset_index(&p->ss);
	analyse_growth_flags_exec(p, a);
	analyse_trends_peers(p, a);
	tally_audit(p, &a->f);
}

/* ---- after reading: the analyses and the CSVs, as tasks ----
 * Growth, flags and execution add findings to the documents (and strings to the run's pool), so
 * they are one task; trends and peers only read the summaries, metrics.csv and breakdown.csv only
 * the summaries: with -j 2 or more these run beside each other (stage 1), then the CSVs of the
 * analyses and of the findings (stage 2), then changes.csv, which compares the CSVs just
 * written with the previous run's. -j 1 runs the same tasks in turn. */
enum task {
	TK_TRENDS_PEERS, TK_GROWTH_FLAGS_EXEC, TK_BREAKDOWN, TK_METRICS, /* stage 1 */
	TK_GROWTH, TK_TRENDS, TK_FLAGS, TK_OUTLIERS, TK_COMPARE, TK_EXECUTION, TK_PEFA, TK_AUDIT,
	TK_READING, TK_CHANGES, TK_COUNT
};

struct tasks {
	struct pipeline *p;
	struct analyses *a;
	const char *tmp, *dir;
	const enum task *ids;       /* this stage's tasks, longest first */
	size_t n;
	_Atomic size_t next;
	double analysed;            /* when the last analysis task ended */
	pthread_mutex_t mu;
	int had_prev;               /* (changes.csv) */
	size_t nchanges;
	enum ys_err rc[TK_COUNT];
	struct ys_error err[TK_COUNT];
};

static void task_run(struct tasks *t, enum task id)
{
	if (id >= TK_COUNT)
		return;
	struct pipeline *p = t->p;
	struct analyses *a = t->a;
	struct csv_sink k = { t->tmp, p->o->excel, &t->err[id] };
	enum ys_err rc = YS_OK;
	switch (id) {
	case TK_TRENDS_PEERS:
		analyse_trends_peers(p, a);
		break;
	case TK_GROWTH_FLAGS_EXEC:
		analyse_growth_flags_exec(p, a);
		break;
	case TK_METRICS: rc = out_csv_metrics(&k, &p->ss); break;
	case TK_BREAKDOWN: rc = out_csv_breakdown(&k, &p->ss); break;
	case TK_GROWTH: rc = out_csv_growth(&k, &a->g); break;
	case TK_TRENDS: rc = out_csv_trends(&k, &a->t); break;
	case TK_COMPARE: rc = out_csv_compare(&k, &a->pe); break;
	case TK_OUTLIERS: rc = out_csv_outliers(&k, &a->pe); break;
	case TK_FLAGS: rc = out_csv_flags(&k, &a->f); break;
	case TK_EXECUTION: rc = out_csv_execution(&k, &a->ex); break;
	case TK_PEFA: rc = out_csv_pefa(&k, &a->ex); break;
	case TK_AUDIT: rc = out_csv_audit(&k, &p->ss, &p->extra); break;
	case TK_READING: rc = out_csv_reading(&k, &p->ss); break;
	case TK_CHANGES:
		rc = changes_write(t->tmp, t->dir, p->o->excel, &t->had_prev, &t->nchanges, &t->err[id]);
		break;
	case TK_COUNT:
		break;
	}
	t->rc[id] = rc;
	if (id == TK_TRENDS_PEERS || id == TK_GROWTH_FLAGS_EXEC) {
		double end = now();
		pthread_mutex_lock(&t->mu);
		if (end > t->analysed)
			t->analysed = end;
		pthread_mutex_unlock(&t->mu);
	}
}

static void *task_worker(void *arg)
{
	struct tasks *t = arg;
	for (size_t i; (i = atomic_fetch_add(&t->next, 1)) < t->n;)
		task_run(t, t->ids[i]);
	return NULL;
}

/* Runs ids[0..n) on up to jobs threads (this one included); returns when all are done. */
static void tasks_stage(struct tasks *t, const enum task *ids, size_t n, int jobs)
{
	t->ids = ids;
	t->n = n;
	atomic_store(&t->next, 0);
	pthread_t th[8];
	int started = 0;
	for (int i = 1; i < jobs && (size_t)i < n && started < 8; i++)
		if (pthread_create(&th[started], NULL, task_worker, t) == 0)
			started++;
	task_worker(t);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}

/* The analyses and the CSVs into tmp (dir: the previous results, for changes.csv). Returns the
 * first failure in the order of SPEC's outputs (YS_OK when none); *t_an and *t_write: the
 * seconds until the analyses were done and the rest. */
static enum ys_err analyse_and_write(struct pipeline *p, struct analyses *a, const char *tmp,
				     const char *dir, struct ys_error *err, int *had_prev,
				     size_t *nchanges, double *t_an, double *t_write)
{
	static const enum task stage1[] = { TK_TRENDS_PEERS, TK_GROWTH_FLAGS_EXEC, TK_BREAKDOWN,
					    TK_METRICS };
	static const enum task stage2[] = { TK_GROWTH, TK_TRENDS, TK_FLAGS, TK_OUTLIERS, TK_COMPARE,
					    TK_EXECUTION, TK_PEFA, TK_AUDIT, TK_READING };
	static const enum task order[] = { TK_METRICS, TK_BREAKDOWN, TK_GROWTH, TK_TRENDS, TK_COMPARE,
					   TK_OUTLIERS, TK_FLAGS, TK_EXECUTION, TK_PEFA, TK_AUDIT,
					   TK_READING, TK_CHANGES };
	struct tasks *t = calloc(1, sizeof *t);
	if (!t) {
		ys_error_set(err, tmp, 0, "out of memory");
		return YS_ENOMEM;
	}
	t->p = p;
	t->a = a;
	t->tmp = tmp;
	t->dir = dir;
	pthread_mutex_init(&t->mu, NULL);
	int jobs = p->o->jobs > 0 ? p->o->jobs : 1;
	double t0 = now();
	sumset_index(&p->ss);
	tasks_stage(t, stage1, sizeof stage1 / sizeof stage1[0], jobs);
	tally_audit(p, &a->f); /* (after the findings growth and execution add) */
	tasks_stage(t, stage2, sizeof stage2 / sizeof stage2[0], jobs);
	task_run(t, TK_CHANGES); /* (it reads metrics.csv, flags.csv and audit.csv, written above) */
	*t_an = t->analysed - t0;
	*t_write = now() - t->analysed;
	enum ys_err rc = YS_OK;
	for (size_t i = 0; i < sizeof order / sizeof order[0] && !rc; i++)
		if ((rc = t->rc[order[i]]) != YS_OK)
			*err = t->err[order[i]];
	*had_prev = t->had_prev;
	*nchanges = t->nchanges;
	pthread_mutex_destroy(&t->mu);
	free(t);
	return rc;
}

static void analyses_free(struct analyses *a)
{
	growth_free(&a->g);
	trend_free(&a->t);
	peers_free(&a->pe);
	flags_free(&a->f);
	execution_free(&a->ex);
}

struct book_job {
	const char *dir;
	int threads;
	enum ys_err rc;
	int truncated;
	struct ys_error err;
	double seconds;
};

static void *book_run(void *arg)
{
	struct book_job *j = arg;
	double t = now();
	j->rc = workbook_write(j->dir, YS_VERSION, j->threads, &j->truncated, &j->err);
	j->seconds = now() - t;
	return NULL;
}

struct chart_report {
	FILE *err;
	const char *dir;
	int quiet;
};

static void chart_failed(void *ctx, const char *id, const char *msg, int error)
{
	struct chart_report *r = ctx;
	if (r->quiet)
		return;
	char file[700], m[2300];
	snprintf(file, sizeof file, "%.300s/charts/%.300s", r->dir, id);
	snprintf(m, sizeof m, "warning: %s: %.2200s",
		 error ? "gnuplot could not draw this chart" : "gnuplot warned", msg);
	cli_report(r->err, file, 0, 0, m);
}

/* Takes DIR.lock (flock, beside the canonical folder): 0, or an exit status with the message
 * printed — another run holding it, or the lock file not opening, each said as what it is. */
static int take_lock(const char *dir, const char *shown, FILE *err, int *fd)
{
	char lockpath[OUTPATH_MAX + 8], msg[OUTPATH_MAX + 400];
	snprintf(lockpath, sizeof lockpath, "%s.lock", dir);
	*fd = open(lockpath, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (*fd < 0) {
		snprintf(msg, sizeof msg, "cannot open the lock file: %s; nothing written", strerror(errno));
		cli_report(err, lockpath, 0, 0, msg);
		return EXIT_NOINPUT;
	}
	int rc;
	while ((rc = flock(*fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
		;
	if (rc == 0)
		return 0;
	if (errno == EWOULDBLOCK)
		snprintf(msg, sizeof msg, "another run is writing this output folder (lock %s held); "
					  "nothing written", lockpath);
	else
		snprintf(msg, sizeof msg, "cannot lock %s: %s; nothing written", lockpath, strerror(errno));
	cli_report(err, shown, 0, 0, msg);
	close(*fd);
	*fd = -1;
	return EXIT_NOINPUT;
}

/* A results file that could not be written whole: named where it would have gone (not in the
 * temporary folder), with what went wrong, and that the previous results stay. */
static void not_committed(FILE *err, const char *tmp, const char *shown, const char *file, long line,
			  const char *why)
{
	char msg[700], where[OUTPATH_MAX + 600];
	snprintf(msg, sizeof msg, "%s; nothing replaced (the previous results are kept)", why);
	size_t tl = strlen(tmp);
	if (!strncmp(file, tmp, tl) && file[tl] == '/')
		snprintf(where, sizeof where, "%s%s", shown, file + tl);
	else
		snprintf(where, sizeof where, "%s", file);
	cli_report(err, where, 0, line, msg);
}

static int cmd_run(struct run_opts *o, FILE *out, FILE *err)
{
	(void)out;
	/* the output contract first: nothing is touched when the folder may not be replaced */
	const char *ins[RUN_MAX_INPUTS + 2];
	size_t nins = 0;
	for (int i = 0; i < o->ninputs; i++)
		ins[nins++] = o->inputs[i];
	if (!nins)
		ins[nins++] = "datasets";
	if (o->registry)
		ins[nins++] = o->registry;
	struct outdir *od = malloc(sizeof *od);
	if (!od)
		return EXIT_NOINPUT;
	struct ys_error oe = { 0 };
	if (outpath_dir(o->output ? o->output : "results", ins, nins, od, &oe) != YS_OK) {
		cli_report(err, oe.file, 0, oe.line, oe.msg);
		free(od);
		return EXIT_USAGE;
	}
	const char *dir = od->path, *shown = od->shown;
	char tmp[OUTPATH_MAX + 32], path[OUTPATH_MAX + 64];
	int lock;
	int lst = take_lock(dir, shown, err, &lock);
	if (lst) {
		free(od);
		return lst;
	}
	/* again under the lock: a run that held it may have just put a folder there, or someone else
	 * a file (the first check kept a refused run from creating even the lock file) */
	char locked[OUTPATH_MAX];
	snprintf(locked, sizeof locked, "%s", od->path);
	if (outpath_dir(o->output ? o->output : "results", ins, nins, od, &oe) != YS_OK ||
	    strcmp(locked, od->path)) {
		if (!strcmp(locked, od->path))
			cli_report(err, oe.file, 0, oe.line, oe.msg);
		else
			cli_report(err, od->shown, 0, 0, "now leads elsewhere than when it was locked; nothing written");
		close(lock);
		free(od);
		return EXIT_USAGE;
	}
	remove_stale(dir);
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", dir, (long)getpid());
	rm_tree(tmp);
	if (mkdir(tmp, 0777) != 0) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot create output folder: %s", strerror(errno));
		cli_report(err, tmp, 0, 0, msg);
		close(lock);
		free(od);
		return EXIT_NOINPUT;
	}
	signals_guard(tmp, 1);
	struct pipeline p;
	enum severity min = o->verbosity < 0 ? SEV_ERROR : o->verbosity > 0 ? SEV_INFO : SEV_ERROR;
	if (pipeline_init(&p, o, err, min) != 0) {
		rm_tree(tmp);
		signals_guard(NULL, 0);
		close(lock);
		free(od);
		return EXIT_NOINPUT;
	}
	p.summarise = 1;
	struct cache cache;
	p.cache = &cache;
	p.cache_out = dir;
	p.cache_tmp = tmp;
	double t0 = now(), t_read = 0, t_an = 0, t_write = 0;
	snprintf(path, sizeof path, "%s/facts.csv", tmp);
	FILE *ff = fopen(path, "wb");
	struct csvw fw;
	int st = 0;
	if (!ff) {
		cli_report(err, path, 0, 0, "cannot write");
		st = EXIT_NOINPUT;
	} else {
		csvw_init(&fw, ff, o->excel);
		p.facts = &fw;
		st = pipeline_read(&p);
		if (p.cache_on)
			cache_close(&cache);
		int bad = ferror(ff) || fw.err;
		int saved = errno;
		if (fclose(ff) != 0 || bad) {
			char msg[300];
			snprintf(msg, sizeof msg, "write failed: %s", strerror(bad ? (saved ? saved : EIO) : errno));
			not_committed(err, tmp, shown, path, 0, msg);
			st = EXIT_NOINPUT;
		}
	}
	if (!st && p.t.failed == p.t.files)
		st = EXIT_NOINPUT;
	struct analyses a;
	memset(&a, 0, sizeof a);
	int had_prev = 0;
	size_t nchanges = 0;
	t_read = now() - t0;
	if (!st) {
		double t1;
		struct ys_error e = { 0 };
		enum ys_err we = analyse_and_write(&p, &a, tmp, dir, &e, &had_prev, &nchanges, &t_an,
						   &t_write);
		/* the workbook only reads the CSVs just written: with two threads or more it is built
		 * while gnuplot draws the charts and the pages are written (page writing waits on the
		 * file system, which can be slow to create files: after many deletions a page took
		 * several times as long, and the workbook's halves fill that time; when the file system
		 * is quick, pages first and then the halves were 1-2% faster) */
		struct book_job bj = { .dir = tmp, .threads = o->jobs };
		pthread_t book;
		int book_thread = !we && o->jobs >= 2 && pthread_create(&book, NULL, book_run, &bj) == 0;
		double t_charts = 0;
		struct chart_result cr = { 0 };
		if (!we && o->charts != CHARTS_NONE) {
			t1 = now();
			int fm = o->charts == CHARTS_SVG ? CH_SVG : o->charts == CHARTS_PNG ? CH_PNG : CH_SVG | CH_PNG;
			struct chart_report rep = { err, shown, o->verbosity < 0 };
			gp_set_time_limit(o->chart_seconds);
			charts_render(tmp, dir, &p.ss, &a.g, &a.ex, fm, o->jobs, &cr, chart_failed, &rep);
			if (!cr.available && o->verbosity >= 0) {
				char msg[400];
				snprintf(msg, sizeof msg, "warning: %s", cr.why);
				cli_report(err, shown, 0, 0, msg);
			}
			t_charts = now() - t1;
		}
		double t_brief = now();
		if (!we) {
			/* (the workbook's thread is one of the -j threads) */
			int pages = book_thread ? o->jobs - 1 : o->jobs;
			struct briefing_in bi = { &p.ss, &a.g, &a.t, &a.pe, &a.f, &a.ex, YS_VERSION, pages, dir };
			we = briefing_write(tmp, &bi, &e);
		}
		t_brief = now() - t_brief;
		if (book_thread)
			pthread_join(book, NULL);
		else if (!we)
			book_run(&bj);
		double t_book = bj.seconds;
		if (!we && bj.rc) {
			e = bj.err;
			we = bj.rc;
		}
		if (!we && bj.truncated && o->verbosity >= 0)
			cli_report(err, shown, 0, 0,
				   "warning: summary.xlsx: a sheet has more rows than a worksheet holds; "
				   "the CSV has them all");
		int status = final_status(o, &p.t);
		if (!we) {
			struct manifest m = { 0 };
			m.version = YS_VERSION;
			m.command = "run";
			m.argc = o->argc;
			m.argv = o->argv;
			m.in = p.in;
			m.nin = p.nin;
			m.docs = p.ss.v;
			m.ndocs = p.ss.n;
			m.files = p.t.files;
			m.unreadable = p.t.failed;
			struct manifest_skipped *msk = p.skips.n ? calloc(p.skips.n, sizeof *msk) : NULL;
			for (size_t i = 0; msk && i < p.skips.n; i++)
				msk[i] = (struct manifest_skipped){ p.skips.v[i].path,
								     load_skip_code(p.skips.v[i].why),
								     load_skip_text(p.skips.v[i].why) };
			m.skipped = msk;
			m.nskipped = msk ? p.skips.n : 0;
			m.documents = p.t.docs;
			m.facts = p.t.facts;
			for (size_t i = 0; i < p.ss.norder; i++)
				m.units += i == 0 || strcmp(p.ss.v[p.ss.order[i]].key, p.ss.v[p.ss.order[i - 1]].key);
			for (int sv = 0; sv < 3; sv++)
				m.findings[sv] = p.t.sev[sv];
			m.exit_status = status;
			m.charts_asked = cr.charts;
			m.charts_failed = cr.failed > 0 ? cr.failed : 0;
			m.charts_skipped = o->charts == CHARTS_NONE ? "--charts none"
					   : !cr.available ? cr.why : NULL;
			m.t[m.nt++] = (struct manifest_timing){ "read", t_read };
			/* (CPU seconds within read: the metrics and the audit of each document, and
			 * of that the audit) */
			m.t[m.nt++] = (struct manifest_timing){ "summarise_cpu", (double)p.summarise_ns / 1e9 };
			m.t[m.nt++] = (struct manifest_timing){ "audit_cpu", (double)p.audit_ns / 1e9 };
			m.t[m.nt++] = (struct manifest_timing){ "analyse", t_an };
			m.t[m.nt++] = (struct manifest_timing){ "write", t_write };
			m.t[m.nt++] = (struct manifest_timing){ "charts", t_charts };
			m.t[m.nt++] = (struct manifest_timing){ "briefing", t_brief };
			m.t[m.nt++] = (struct manifest_timing){ "workbook", t_book };
			m.t[m.nt++] = (struct manifest_timing){ "total", now() - t0 };
			m.cache_hits = cache.hits;
			m.cache_rejected = cache.rejected;
			m.charts_reused = cr.reused;
			m.jobs = o->jobs;
			we = manifest_write(tmp, &m, &e);
			free(msk);
			/* what the writers said went well is read back before it replaces anything
			 * (a library may hide a full disk: libxlsxwriter's temporary files) */
			if (!we) {
				double tv = now();
				we = verify_results(tmp, &e);
				if (o->verbosity > 0)
					fprintf(err, "yusuan: verify   %.3f s (reading back what was written)\n",
						now() - tv);
			}
			if (o->verbosity > 0) {
				for (size_t i = 0; i < m.nt; i++)
					fprintf(err, "yusuan: %-8s %.3f s\n", m.t[i].stage, m.t[i].seconds);
				fprintf(err, "yusuan: cache: %zu of %zu files from the cache, %zu entries rejected; "
					     "%d of %d charts reused\n",
					cache.hits, p.t.files, cache.rejected, cr.reused, cr.charts);
			}
		}
		if (we) {
			not_committed(err, tmp, shown, e.file, e.line, e.msg);
			st = EXIT_NOINPUT;
		} else if (commit_dir(tmp, dir) != 0) {
			char msg[300];
			snprintf(msg, sizeof msg, "cannot put the results in place: %s", strerror(errno));
			cli_report(err, shown, 0, 0, msg);
			st = EXIT_NOINPUT;
		}
	}
	if (st)
		rm_tree(tmp);
	signals_guard(NULL, 0);
	if (!st) {
		if (o->verbosity >= 0) {
			char ch[80] = "", fl[120] = "", ak[60] = "", sk[80] = "";
			if (p.t.skipped_unread)
				snprintf(sk, sizeof sk, ", %zu skipped (%zu not readable)", p.t.skipped,
					 p.t.skipped_unread);
			else if (p.t.skipped)
				snprintf(sk, sizeof sk, ", %zu skipped", p.t.skipped);
			if (had_prev)
				snprintf(ch, sizeof ch, "; %zu changes since the previous run", nchanges);
			if (p.t.flags[SEV_ERROR] + p.t.flags[SEV_WARNING] + p.t.flags[SEV_INFO])
				snprintf(fl, sizeof fl, "; flags: %zu errors, %zu warnings, %zu info",
					 p.t.flags[SEV_ERROR], p.t.flags[SEV_WARNING], p.t.flags[SEV_INFO]);
			if (p.t.acked)
				snprintf(ak, sizeof ak, "; %zu acknowledged", p.t.acked);
			fprintf(err,
				"yusuan: %zu files (%zu unreadable)%s, %zu documents, %zu facts; findings: %zu errors, %zu warnings, %zu info%s%s%s → %s/\n",
				p.t.files, p.t.failed, sk, p.t.docs, p.t.facts, p.t.sev[SEV_ERROR],
				p.t.sev[SEV_WARNING], p.t.sev[SEV_INFO], fl, ak, ch, shown);
		}
		st = final_status(o, &p.t);
	}
	analyses_free(&a);
	pipeline_free(&p);
	close(lock);
	free(od);
	return st;
}

/* ---- audit ---- */

static int cmd_audit(struct run_opts *o, FILE *out, FILE *err)
{
	struct pipeline p;
	enum severity min = o->verbosity < 0 ? SEV_ERROR : o->verbosity > 0 ? SEV_INFO : SEV_ERROR;
	if (pipeline_init(&p, o, err, min) != 0)
		return EXIT_NOINPUT;
	p.summarise = 1;
	struct outfile early; /* (refused before the reading, not after it) */
	if (o->output) {
		struct ys_error e = { 0 };
		if (outpath_file(o->output, o->inputs, (size_t)o->ninputs, &early, &e) != YS_OK) {
			cli_report(err, e.file, 0, e.line, e.msg);
			pipeline_free(&p);
			return EXIT_USAGE;
		}
		p.avoid = &early;
	}
	int st = pipeline_read(&p);
	if (!st && p.t.failed == p.t.files)
		st = EXIT_NOINPUT;
	if (!st) {
		struct analyses a;
		memset(&a, 0, sizeof a);
		analyse(&p, &a); /* restated priors and duplicates need the other documents */
		struct fileout fo;
		FILE *fp = out;
		if (o->output) {
			st = fileout_open(o, &fo, err);
			fp = st ? NULL : fo.fp;
		}
		if (!fp) {
			if (!st)
				st = EXIT_NOINPUT;
		} else {
			struct csvw w;
			csvw_init(&w, fp, o->excel);
			csvw_header(&w, out_csv_audit_header());
			for (size_t oi = 0; oi < p.ss.norder; oi++) {
				const struct docsum *s = &p.ss.v[p.ss.order[oi]];
				for (size_t i = 0; i < s->findings.n; i++)
					csvw_finding(&w, s->unit_code, s->unit_name, s->year, s->doc_kind,
						     &s->findings.v[i]);
			}
			for (size_t i = 0; i < p.ss.n; i++)
				if (p.ss.v[i].duplicate)
					for (size_t k = 0; k < p.ss.v[i].findings.n; k++)
						csvw_finding(&w, p.ss.v[i].unit_code, p.ss.v[i].unit_name,
							     p.ss.v[i].year, p.ss.v[i].doc_kind,
							     &p.ss.v[i].findings.v[k]);
			for (size_t i = 0; i < p.extra.n; i++)
				csvw_finding(&w, "", "", 0, "", &p.extra.v[i]);
			if (o->output) {
				int werr = fflush(fp) != 0 || w.err;
				if (fileout_close(&fo, !werr) != 0 || werr) {
					char msg[300];
					snprintf(msg, sizeof msg, "write failed: %s", strerror(errno ? errno : EIO));
					cli_report(err, o->output, 0, 0, msg);
					st = EXIT_NOINPUT;
				}
			} else if (fflush(out) != 0 || w.err) {
				cli_report(err, "stdout", 0, 0, "write failed");
				st = EXIT_NOINPUT;
			}
		}
		analyses_free(&a);
		if (!st)
			st = final_status(o, &p.t);
	}
	pipeline_free(&p);
	return st;
}

/* ---- show ---- */

static void pad(FILE *out, const char *s, int width)
{
	fputs(s, out);
	for (int w = text_width(s); w < width; w++)
		fputc(' ', out);
}

static void lpad(FILE *out, const char *s, int width)
{
	for (int w = text_width(s); w < width; w++)
		fputc(' ', out);
	fputs(s, out);
}

static int cmd_show(struct run_opts *o, FILE *out, FILE *err)
{
	const char *who = o->inputs[0];
	int year = 0;
	if (o->ninputs == 2) {
		char *end;
		long y = strtol(o->inputs[1], &end, 10);
		if (*end || y < 1949 || y > 2200) {
			fprintf(err, "yusuan: show: '%s' is not a year\n", o->inputs[1]);
			return EXIT_USAGE;
		}
		year = (int)y;
	}
	/* show reads what -i names (default datasets/) */
	struct run_opts ro = *o;
	ro.ninputs = o->nshow_inputs;
	for (int i = 0; i < o->nshow_inputs; i++)
		ro.inputs[i] = o->show_inputs[i];
	struct pipeline p;
	if (pipeline_init(&p, &ro, err, SEV_ERROR) != 0)
		return EXIT_NOINPUT;
	p.summarise = 1;
	int st = pipeline_read(&p);
	if (st) {
		pipeline_free(&p);
		return st;
	}
	struct analyses a;
	memset(&a, 0, sizeof a);
	analyse(&p, &a);
	char norm[256];
	units_norm_name(who, norm, sizeof norm);
	/* the unit: its code, or a name containing the words given; the latest year by default */
	const struct docsum *best = NULL;
	size_t matches = 0;
	const char *first_key = NULL;
	for (size_t i = 0; i < p.ss.norder; i++) {
		const struct docsum *s = &p.ss.v[p.ss.order[i]];
		if (strcmp(s->unit_code, who) && !strstr(s->unit_name, norm))
			continue;
		if (first_key && strcmp(first_key, s->key))
			matches++;
		if (!first_key) {
			first_key = s->key;
			matches = 1;
		}
		if (year && s->year != year)
			continue;
		if (!best || s->year > best->year || (s->year == best->year && !strcmp(sumset_family(s->doc_kind), "budget")))
			if (!strcmp(s->key, first_key))
				best = s;
	}
	if (!best) {
		fprintf(err, "yusuan: show: no unit '%s'%s in the inputs\n", who, year ? " for that year" : "");
		analyses_free(&a);
		pipeline_free(&p);
		return EXIT_USAGE;
	}
	if (matches > 1)
		fprintf(err, "yusuan: show: '%s' matches %zu units; showing the first (give the code)\n", who,
			matches);
	/* a name's control characters (an escape sequence in a document) never reach the terminal */
	char *nm = text_clean_dup(best->unit_name), *cd = text_clean_dup(best->unit_code),
	     *src = text_clean_dup(best->path);
	fprintf(out, "%s%s%s  %d  %s\n", nm ? nm : "", cd && cd[0] ? "  " : "", cd ? cd : "", best->year,
		best->doc_kind);
	fprintf(out, "来源 %s\n\n", src ? src : "");
	free(nm);
	free(cd);
	free(src);
	pad(out, "指标", 28);
	lpad(out, "本年", 14);
	lpad(out, "上年", 14);
	lpad(out, "增减", 14);
	lpad(out, "增幅", 10);
	fputc('\n', out);
	for (int m = 0; m < M_COUNT; m++) {
		const struct mval *v = &best->m[m];
		if (!v->has)
			continue;
		char label[128], b[32], c[40], pr[32] = "", ch[32] = "", pc[40] = "";
		snprintf(label, sizeof label, "%s%s", metric_defs[m].zh,
			 metric_defs[m].kind == MK_SHARE ? "(%)" : metric_defs[m].kind == MK_MONEY ? "(万元)" : "");
		int dec = metric_defs[m].kind == MK_MONEY || metric_defs[m].kind == MK_SHARE ? 2 : 0;
		money_format(v->v, dec, b);
		snprintf(c, sizeof c, "%s%s", b, v->from_narrative ? "*" : "");
		for (size_t i = 0; i < a.g.n; i++)
			if (a.g.v[i].s == best && a.g.v[i].metric == m) {
				money_format(a.g.v[i].prior, dec, pr);
				money_format(a.g.v[i].current - a.g.v[i].prior, dec, ch);
				int ok = 0;
				int64_t pct = metric_defs[m].kind == MK_SHARE ? 0 :
					      growth_pct(a.g.v[i].current - a.g.v[i].prior, a.g.v[i].prior, &ok);
				if (ok) {
					money_format(pct, 2, b);
					snprintf(pc, sizeof pc, "%s%%", b);
				} else if (metric_defs[m].kind != MK_SHARE) {
					snprintf(pc, sizeof pc, "不可比");
				}
			}
		pad(out, label, 28);
		lpad(out, c, 14);
		lpad(out, pr, 14);
		lpad(out, ch, 14);
		lpad(out, pc, 10);
		fputc('\n', out);
	}
	size_t ne = 0, nw = 0;
	for (size_t i = 0; i < best->findings.n; i++) {
		ne += best->findings.v[i].severity == SEV_ERROR;
		nw += best->findings.v[i].severity == SEV_WARNING;
	}
	fprintf(out, "\n* 取自情况说明（表中未列）。审核：%zu 项错误，%zu 项警告（详见 audit.csv）。\n", ne, nw);
	analyses_free(&a);
	pipeline_free(&p);
	return EXIT_DONE;
}

int run_command(struct run_opts *o, FILE *out, FILE *err)
{
	switch (o->cmd) {
	case CMD_IMPORT:
		return cmd_import(o, out, err);
	case CMD_RUN:
		return cmd_run(o, out, err);
	case CMD_AUDIT:
		return cmd_audit(o, out, err);
	case CMD_SHOW:
		return cmd_show(o, out, err);
	}
	return EXIT_USAGE;
}
