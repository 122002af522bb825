/* manifest.json: a small hand-written JSON with escaped strings, outputs listed in byte order. */
#include "manifest.h"

#include "base/text.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "base/grow.h"
#include "base/num.h"

void manifest_json_string(FILE *fp, const char *s)
{
	/* JSON is UTF-8: a byte that is not (a GBK file name) becomes U+FFFD; names lose their
	 * control characters as in every output (a file name keeps them, escaped) */
	putc('"', fp);
	const unsigned char *p0 = (const unsigned char *)(s ? s : "");
	size_t n0 = strlen((const char *)p0);
	for (const unsigned char *p = p0; *p; p++) {
		if (*p >= 0x80) {
			uint32_t cp;
			size_t k = text_utf8_next((const char *)p, n0 - (size_t)(p - p0), &cp);
			if (k == 1 && cp == 0xFFFD)
				fputs("\\ufffd", fp);
			else if (!(cp >= 0x80 && cp <= 0x9F))
				fwrite(p, 1, k, fp);
			p += k - 1;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20)
				fprintf(fp, "\\u%04x", *p);
			else
				putc(*p, fp);
		}
	}
	putc('"', fp);
}

/* A name from a document, without its control characters (text_clean) as in every output. */
static void manifest_json_name(FILE *fp, const char *s)
{
	char *c = s ? text_clean_dup(s) : NULL;
	manifest_json_string(fp, c ? c : s);
	free(c);
}

/* A JSON array of the kinds in mask. */
static void kinds_json(FILE *fp, uint16_t mask)
{
	putc('[', fp);
	int first = 1;
	for (size_t k = 0; k < tables_nkeys; k++)
		if (mask >> k & 1u) {
			fputs(first ? "" : ", ", fp);
			manifest_json_string(fp, tables_keys[k]);
			first = 0;
		}
	putc(']', fp);
}

/* One document's reading: the columns of reading.csv. */
static void reading_json(FILE *fp, const struct docsum *s, size_t i)
{
	const struct reading *r = &s->reading;
	fprintf(fp, "%s\n    {\"file\": ", i ? "," : "");
	manifest_json_string(fp, s->path);
	fputs(", \"unit_code\": ", fp);
	manifest_json_name(fp, s->unit_code);
	fputs(", \"unit_name\": ", fp);
	manifest_json_name(fp, s->unit_name);
	if (s->year)
		fprintf(fp, ", \"year\": %d", s->year);
	else
		fputs(", \"year\": null", fp);
	fputs(", \"doc_kind\": ", fp);
	manifest_json_string(fp, s->doc_kind);
	fputs(", \"name_from\": ", fp);
	manifest_json_string(fp, reading_name_from(r));
	fputs(", \"tables_found\": ", fp);
	kinds_json(fp, r->found);
	fputs(", \"tables_stated_empty\": ", fp);
	kinds_json(fp, r->empty);
	fputs(", \"tables_missing\": ", fp);
	kinds_json(fp, reading_missing(r));
	if (r->identities)
		fprintf(fp, ", \"identities\": {\"checked\": %u, \"held\": %u, \"failed\": %u}",
			r->checked, r->held, r->failed);
	else
		fputs(", \"identities\": null", fp);
	fputs(", \"tables_suspect\": ", fp);
	kinds_json(fp, r->suspect);
	putc('}', fp);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int hash_file(const char *path, size_t *size, uint64_t *h)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	XXH3_state_t *st = XXH3_createState();
	XXH3_64bits_reset(st);
	char buf[65536];
	size_t n, total = 0;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		XXH3_64bits_update(st, buf, n);
		total += n;
	}
	fclose(fp);
	*h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	*size = total;
	return 0;
}

/* Files under dir (relative names), recursively; hidden ones left out. */
static void list_files(const char *dir, const char *rel, char ***names, size_t *n, size_t *cap)
{
	char path[4096];
	snprintf(path, sizeof path, "%s%s%s", dir, rel[0] ? "/" : "", rel);
	DIR *dp = opendir(path);
	if (!dp)
		return;
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char sub[4096];
		snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
		int is_dir = de->d_type == DT_DIR;
		if (de->d_type == DT_UNKNOWN) { /* (file systems that do not say) */
			char full[8192];
			struct stat st;
			snprintf(full, sizeof full, "%s/%s", dir, sub);
			is_dir = lstat(full, &st) == 0 && S_ISDIR(st.st_mode);
		}
		if (is_dir) {
			list_files(dir, sub, names, n, cap);
			continue;
		}
		char **nv = ys_grow(*names, *n, cap, sizeof *nv);
		if (!nv)
			break;
		*names = nv;
		if ((nv[*n] = strdup(sub)) != NULL)
			(*n)++;
	}
	closedir(dp);
}

/* The outputs' sizes and hashes, by several threads (each takes the next file). */
struct hashing {
	const char *dir;
	char **names;
	size_t n;
	_Atomic size_t next;
	size_t *size;
	uint64_t *hash;
	unsigned char *ok;
};

static void *hash_worker(void *arg)
{
	struct hashing *h = arg;
	for (size_t i; (i = atomic_fetch_add(&h->next, 1)) < h->n;) {
		char full[8192];
		snprintf(full, sizeof full, "%s/%s", h->dir, h->names[i]);
		h->ok[i] = strcmp(h->names[i], "manifest.json") != 0 &&
			   hash_file(full, &h->size[i], &h->hash[i]) == 0;
	}
	return NULL;
}

enum ys_err manifest_write(const char *dir, const struct manifest *m, struct ys_error *err)
{
	char **names = NULL;
	size_t nn = 0, cap = 0;
	list_files(dir, "", &names, &nn, &cap);
	if (nn > 1)
		qsort(names, nn, sizeof *names, cmp_str);
	struct hashing h = { .dir = dir, .names = names, .n = nn };
	h.size = calloc(nn + 1, sizeof *h.size);
	h.hash = calloc(nn + 1, sizeof *h.hash);
	h.ok = calloc(nn + 1, 1);
	char path[4096];
	snprintf(path, sizeof path, "%s/manifest.json", dir);
	FILE *fp = NULL;
	if (h.size && h.hash && h.ok) {
		pthread_t th[8];
		int started = 0;
		for (int t = 1; t < m->jobs && t <= 8; t++)
			if (pthread_create(&th[started], NULL, hash_worker, &h) == 0)
				started++;
		hash_worker(&h);
		for (int t = 0; t < started; t++)
			pthread_join(th[t], NULL);
		if (!(fp = fopen(path, "wb")))
			ys_error_set(err, path, 0, "cannot write: %s", strerror(errno));
	} else {
		ys_error_set(err, path, 0, "out of memory");
	}
	if (!fp) {
		for (size_t i = 0; i < nn; i++)
			free(names[i]);
		free(names);
		free(h.size);
		free(h.hash);
		free(h.ok);
		return YS_EIO;
	}
	fprintf(fp, "{\n  \"tool\": \"yusuan\",\n  \"version\": ");
	manifest_json_string(fp, m->version);
	fprintf(fp, ",\n  \"command\": ");
	manifest_json_string(fp, m->command);
	fprintf(fp, ",\n  \"arguments\": [");
	for (int i = 1; i < m->argc; i++) {
		if (i > 1)
			fputs(", ", fp);
		manifest_json_string(fp, m->argv[i]);
	}
	fprintf(fp, "],\n  \"inputs\": [");
	for (size_t i = 0; i < m->nin; i++) {
		const struct manifest_input *in = &m->in[i];
		fprintf(fp, "%s\n    {\"path\": ", i ? "," : "");
		manifest_json_string(fp, in->path);
		fprintf(fp, ", \"size\": %zu, \"xxh3\": \"%016llx\", \"format\": ", in->size,
			(unsigned long long)in->hash);
		manifest_json_string(fp, in->format);
		fprintf(fp, ", \"documents\": %zu, \"status\": \"%s\"}", in->documents,
			in->readable ? "read" : "unreadable");
	}
	fprintf(fp, "%s],\n  \"skipped\": [", m->nin ? "\n  " : "");
	for (size_t i = 0; i < m->nskipped; i++) {
		fprintf(fp, "%s\n    {\"path\": ", i ? "," : "");
		manifest_json_string(fp, m->skipped[i].path);
		fprintf(fp, ", \"reason\": ");
		manifest_json_string(fp, m->skipped[i].reason);
		fprintf(fp, ", \"why\": ");
		manifest_json_string(fp, m->skipped[i].why);
		fputc('}', fp);
	}
	fprintf(fp, "%s],\n  \"reading\": [", m->nskipped ? "\n  " : "");
	for (size_t i = 0; i < m->ndocs; i++)
		reading_json(fp, &m->docs[i], i);
	fprintf(fp, "%s],\n  \"outputs\": [", m->ndocs ? "\n  " : "");
	size_t listed = 0;
	for (size_t i = 0; i < nn; i++) {
		if (!h.ok[i])
			continue;
		fprintf(fp, "%s\n    {\"name\": ", listed++ ? "," : "");
		manifest_json_string(fp, names[i]);
		fprintf(fp, ", \"size\": %zu, \"xxh3\": \"%016llx\"}", h.size[i],
			(unsigned long long)h.hash[i]);
	}
	fprintf(fp, "%s],\n  \"counts\": {\"files\": %zu, \"unreadable\": %zu, \"skipped\": %zu, "
		    "\"documents\": %zu, "
		    "\"units\": %zu, \"facts\": %zu, \"findings\": {\"error\": %zu, \"warning\": %zu, "
		    "\"info\": %zu}},\n  \"charts\": {\"asked\": %d, \"failed\": %d, \"skipped\": ",
		listed ? "\n  " : "", m->files, m->unreadable, m->nskipped, m->documents, m->units, m->facts,
		m->findings[2], m->findings[1], m->findings[0], m->charts_asked, m->charts_failed);
	if (m->charts_skipped)
		manifest_json_string(fp, m->charts_skipped);
	else
		fputs("null", fp);
	fprintf(fp, "},\n  \"exit_status\": %d,\n  \"timings\": {", m->exit_status);
	for (size_t i = 0; i < m->nt; i++) {
		char b[40];
		fprintf(fp, "%s\"%s\": %s", i ? ", " : "", m->t[i].stage, num_format(m->t[i].seconds, 3, b));
	}
	fprintf(fp, "},\n  \"cache\": {\"files_from_cache\": %zu, \"files_read\": %zu, \"entries_rejected\": %zu, "
		    "\"charts_reused\": %d}\n}\n",
		m->cache_hits, m->files - m->cache_hits, m->cache_rejected, m->charts_reused);
	int bad = ferror(fp);
	if (fclose(fp) != 0 || bad) {
		ys_error_set(err, path, 0, "write failed");
		bad = 1;
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	free(h.size);
	free(h.hash);
	free(h.ok);
	return bad ? YS_EIO : YS_OK;
}
