/* What a run wrote, checked before it replaces the previous results (issue 14, item 2): a
 * writer whose library hides an I/O error (libxlsxwriter's temporary files on a full disk, a
 * gnuplot that stopped mid-file) must not commit a truncated file. */
#include "verify.h"

#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unzip.h>

#include "base/text.h"

/* A whole file (NULL with errno when it cannot be read); *n its length. */
static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 1 << 16, len = 0, r;
	char *b = malloc(cap);
	while (b && (r = fread(b + len, 1, cap - len, fp)) > 0) {
		len += r;
		if (len == cap) {
			char *nb = realloc(b, cap *= 2);
			if (!nb)
				free(b);
			b = nb;
		}
	}
	int bad = ferror(fp);
	fclose(fp);
	if (b && bad) {
		free(b);
		b = NULL;
		errno = EIO;
	}
	*n = len;
	return b;
}

static int ends_with_tag(const char *b, size_t n, const char *tag)
{
	while (n && (b[n - 1] == '\n' || b[n - 1] == '\r' || b[n - 1] == ' ' || b[n - 1] == '\t'))
		n--;
	size_t t = strlen(tag);
	return n >= t && !memcmp(b + n - t, tag, t);
}

/* ---- CSV: parses strictly, every row as wide as the header, ends with a line end ---- */

struct csv_count {
	size_t fields, header, rows;
	int bad;
};

static void cf(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct csv_count *)data)->fields++;
}

static void cr(int c, void *data)
{
	(void)c;
	struct csv_count *k = data;
	if (k->rows++ == 0)
		k->header = k->fields;
	else if (k->fields != k->header)
		k->bad = 1;
	k->fields = 0;
}

/* (read a chunk at a time: facts.csv is 335 MB at 8,000 generated documents, and reading it
 * back whole was the peak memory of a run — issue 17) */
static const char *check_csv(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return "cannot be read back";
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fclose(fp);
		return "out of memory";
	}
	struct csv_count k = { 0 };
	const char *why = NULL;
	char b[1 << 16];
	size_t n, total = 0;
	char last = 0;
	while (!why && (n = fread(b, 1, sizeof b, fp)) > 0) {
		total += n;
		last = b[n - 1];
		if (csv_parse(&p, b, n, cf, cr, &k) != n)
			why = "not valid CSV (a quote left open)";
	}
	if (!why && ferror(fp))
		why = "cannot be read back";
	else if (!why && total && last != '\n')
		why = "the last line is cut off";
	else if (!why && total && csv_fini(&p, cf, cr, &k) != 0)
		why = "not valid CSV (a quote left open)";
	else if (!why && k.bad)
		why = "a row has another number of fields than the header";
	/* (a CSV the run had nothing for is empty) */
	csv_free(&p);
	fclose(fp);
	return why;
}

/* ---- XML: well formed (tags balanced, one root, attribute quotes closed), UTF-8 ---- */

static int xml_ok(const char *s, size_t n)
{
	if (text_utf8_valid_prefix((const unsigned char *)s, n) != n)
		return 0;
	size_t cap = 64, depth = 0, i = 0;
	struct name {
		const char *p;
		size_t n;
	} *st = malloc(cap * sizeof *st);
	int roots = 0, ok = st != NULL;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3; /* (a byte order mark) */
	while (ok && i < n) {
		if (s[i] != '<') {
			if (depth == 0 && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
				ok = 0; /* text outside the root */
			i++;
			continue;
		}
		const char *end;
		if (n - i >= 2 && s[i + 1] == '?') {
			end = memmem(s + i, n - i, "?>", 2);
			i = end ? (size_t)(end - s) + 2 : n + 1;
		} else if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			end = memmem(s + i, n - i, "-->", 3);
			i = end ? (size_t)(end - s) + 3 : n + 1;
		} else if (n - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
			end = memmem(s + i, n - i, "]]>", 3);
			i = end ? (size_t)(end - s) + 3 : n + 1;
		} else if (n - i >= 2 && s[i + 1] == '!') {
			end = memchr(s + i, '>', n - i);
			i = end ? (size_t)(end - s) + 1 : n + 1;
		} else if (n - i >= 2 && s[i + 1] == '/') {
			size_t a = i + 2, b = a;
			while (b < n && !strchr(" \t\r\n>", s[b]))
				b++;
			end = memchr(s + b, '>', n - b);
			if (!end || depth == 0 || st[depth - 1].n != b - a || memcmp(st[depth - 1].p, s + a, b - a))
				ok = 0;
			else
				depth--;
			i = end ? (size_t)(end - s) + 1 : n + 1;
		} else {
			size_t a = i + 1, b = a;
			while (b < n && !strchr(" \t\r\n/>", s[b]))
				b++;
			if (b == a) {
				ok = 0;
				break;
			}
			/* attributes: a quoted value may hold `>` */
			size_t k = b;
			char q = 0;
			for (; k < n; k++) {
				if (q) {
					if (s[k] == q)
						q = 0;
				} else if (s[k] == '"' || s[k] == '\'') {
					q = s[k];
				} else if (s[k] == '>') {
					break;
				}
			}
			if (k >= n) {
				ok = 0;
				break;
			}
			int self = s[k - 1] == '/';
			if (depth == 0 && roots++)
				ok = 0; /* a second root */
			if (!self) {
				if (depth == cap) {
					struct name *nv = realloc(st, (cap *= 2) * sizeof *st);
					if (!nv) {
						ok = 0;
						break;
					}
					st = nv;
				}
				st[depth++] = (struct name){ s + a, b - a };
			}
			i = k + 1;
		}
	}
	free(st);
	return ok && i == n && depth == 0 && roots == 1;
}

/* ---- JSON: brackets balanced outside strings, one value, UTF-8 ---- */

static int json_ok(const char *s, size_t n)
{
	if (text_utf8_valid_prefix((const unsigned char *)s, n) != n)
		return 0;
	long depth = 0;
	int in_str = 0, values = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			values += depth++ == 0;
		} else if (c == '}' || c == ']') {
			if (--depth < 0)
				return 0;
		}
	}
	return !in_str && depth == 0 && values == 1;
}

/* ---- the workbook: every part inflates with its CRC, every XML part is well formed ---- */

static const char *check_xlsx(const char *path, char *what, size_t wn)
{
	unzFile z = unzOpen64(path);
	if (!z)
		return "not a readable zip package";
	const char *why = NULL;
	int parts = 0;
	for (int more = unzGoToFirstFile(z) == UNZ_OK; more && !why; more = unzGoToNextFile(z) == UNZ_OK) {
		char name[512];
		unz_file_info64 fi;
		if (unzGetCurrentFileInfo64(z, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK ||
		    unzOpenCurrentFile(z) != UNZ_OK) {
			why = "a part cannot be read";
			break;
		}
		size_t n = (size_t)fi.uncompressed_size;
		char *b = malloc(n + 1);
		int got = b ? unzReadCurrentFile(z, b, (unsigned)n) : -1;
		int extra = b ? unzReadCurrentFile(z, b + n, 1) : -1;
		int crc = unzCloseCurrentFile(z);
		parts++;
		size_t l = strlen(name);
		if (!b || got != (int)n || extra != 0 || crc != UNZ_OK)
			why = "a part is damaged (its size or CRC)";
		else if ((l > 4 && !strcmp(name + l - 4, ".xml")) || (l > 5 && !strcmp(name + l - 5, ".rels")))
			if (!xml_ok(b, n))
				why = "a part is not well-formed XML";
		if (why)
			snprintf(what, wn, "%s", name);
		free(b);
	}
	unzClose(z);
	if (!why && parts == 0)
		why = "an empty package";
	return why;
}

/* ---- charts ---- */

static const char *check_chart(const char *name, const char *b, size_t n)
{
	size_t l = strlen(name);
	if (n == 0)
		return "an empty chart";
	if (l > 4 && !strcmp(name + l - 4, ".svg"))
		return ends_with_tag(b, n, "</svg>") && xml_ok(b, n) ? NULL : "an SVG cut off or not well-formed";
	if (l > 4 && !strcmp(name + l - 4, ".png")) {
		static const char sig[] = "\x89PNG\r\n\x1a\n", iend[] = "\0\0\0\0IEND\xae\x42\x60\x82";
		if (n < 8 + 12 || memcmp(b, sig, 8) || memcmp(b + n - 12, iend, 12))
			return "a PNG cut off (no IEND at its end)";
	}
	return NULL;
}

/* ---- the folder ---- */

static int has_ext(const char *name, const char *ext)
{
	size_t l = strlen(name), e = strlen(ext);
	return l > e && !strcmp(name + l - e, ext);
}

/* Checks one file; 0, or -1 with err set. */
static int check_file(const char *path, const char *name, int in_charts, struct ys_error *err)
{
	char what[600] = "";
	const char *why = NULL;
	if (has_ext(name, ".xlsx") && !in_charts) {
		why = check_xlsx(path, what, sizeof what);
	} else if (has_ext(name, ".csv") && !in_charts) {
		why = check_csv(path);
	} else if (has_ext(name, ".csv") || has_ext(name, ".json") || has_ext(name, ".html") ||
		   has_ext(name, ".svg") || has_ext(name, ".png") || has_ext(name, ".md")) {
		size_t n;
		char *b = slurp(path, &n);
		if (!b) {
			ys_error_set(err, path, 0, "cannot read back what was written: %s", strerror(errno));
			return -1;
		}
		if (in_charts)
			why = check_chart(name, b, n);
		else if (has_ext(name, ".json"))
			why = json_ok(b, n) ? NULL : "cut off";
		else if (has_ext(name, ".html"))
			why = ends_with_tag(b, n, "</html>") ? NULL : "cut off";
		else if (has_ext(name, ".md"))
			why = n > 0 && b[n - 1] == '\n' ? NULL : "cut off";
		free(b);
	}
	if (!why)
		return 0;
	ys_error_set(err, path, 0, "incomplete: %s%s%s", why, what[0] ? ": " : "", what);
	return -1;
}

static int walk(const char *dir, int in_charts, int depth, struct ys_error *err)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		ys_error_set(err, dir, 0, "cannot read back what was written: %s", strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while (!rc && (de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* (., .., the cache and the workbook's temporary parts) */
		char path[4400];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
			continue;
		struct stat st;
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < 4)
				rc = walk(path, in_charts || (depth == 0 && !strcmp(de->d_name, "charts")), depth + 1, err);
		} else if (S_ISREG(st.st_mode)) {
			rc = check_file(path, de->d_name, in_charts, err);
		}
	}
	closedir(dp);
	return rc;
}

enum ys_err verify_results(const char *dir, struct ys_error *err)
{
	return walk(dir, 0, 0, err) == 0 ? YS_OK : YS_EIO;
}

int verify_xml(const char *s, size_t n)
{
	return xml_ok(s, n);
}
