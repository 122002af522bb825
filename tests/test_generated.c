/* A generated corpus (scripts/gen.py) with injected defects: the audit must report each
 * injected defect, with the check the ground truth names, and nothing else above info; and the
 * metrics must be the generator's own figures. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(generated, .fini = teardown, .timeout = 120);

static int gen(const char *dir, const char *args)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "python3 %s/scripts/gen.py --out %s %s", YS_SOURCE_DIR, dir, args);
	return system(cmd);
}

Test(generated, audit_finds_the_injected_defects_and_nothing_else)
{
	char dir[512], out[512];
	snprintf(dir, sizeof dir, "%s/g", ys_scratch());
	snprintf(out, sizeof out, "%s/r", ys_scratch());
	if (gen(dir, "--units 24 --years 4 --seed 5 --format md --defects 0.3") != 0)
		cr_skip_test("python3 unavailable");
	char docs[600];
	snprintf(docs, sizeof docs, "%s/docs", dir);
	struct proc p;
	cr_assert_eq(ys_exec(&p, NULL, NULL, (const char *const[]){ "run", docs, "-o", out, "-q", NULL }), 0);
	cr_assert_eq(p.status, 1);
	ys_proc_free(&p);
	char path[700];
	snprintf(path, sizeof path, "%s/defects.csv", dir);
	char *defects = ys_slurp(path, NULL);
	snprintf(path, sizeof path, "%s/audit.csv", out);
	char *audit = ys_slurp(path, NULL);
	cr_assert(defects && audit);
	/* every injected defect is found, in its file, by its check */
	size_t injected = 0;
	char *save = NULL;
	for (char *l = strtok_r(defects, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "file,", 5))
			continue;
		char file[256], code[32], defect[64], check[64];
		int year;
		cr_assert_eq(sscanf(l, "%255[^,],%31[^,],%d,%63[^,],%63s", file, code, &year, defect, check), 5);
		char want[600];
		snprintf(want, sizeof want, ",%s,", check);
		int found = 0;
		for (char *a = strstr(audit, want); a && !found; a = strstr(a + 1, want)) {
			char *eol = strchr(a, '\n');
			char *f = strstr(a, file);
			found = f && (!eol || f < eol);
		}
		cr_assert(found, "defect %s in %s not reported as %s", defect, file, check);
		injected++;
	}
	cr_assert_gt(injected, 10);
	/* and nothing else: every error or warning row is in a file with a defect of its check */
	snprintf(path, sizeof path, "%s/defects.csv", dir);
	char *again = ys_slurp(path, NULL);
	char *save2 = NULL;
	size_t above_info = 0;
	for (char *l = strtok_r(audit, "\n", &save2); l; l = strtok_r(NULL, "\n", &save2)) {
		if (!strstr(l, ",error,") && !strstr(l, ",warning,"))
			continue;
		above_info++;
		/* the check and the file named by the row */
		char *c = l;
		for (int k = 0; k < 4 && c; k++)
			c = strchr(c + 1, ',');
		cr_assert_not_null(c);
		char check[64];
		sscanf(c + 1, "%63[^,]", check);
		char *docs_at = strstr(l, "/docs/");
		cr_assert_not_null(docs_at, "%s", l);
		char file[256];
		sscanf(docs_at + 1, "%255[^:,]", file);
		char key[400];
		snprintf(key, sizeof key, "%s,", file);
		char *d = strstr(again, key);
		int ok = 0;
		while (d && !ok) {
			char *eol = strchr(d, '\n');
			char *ch = strstr(d, check);
			ok = ch && (!eol || ch < eol);
			d = strstr(d + 1, key);
		}
		cr_assert(ok, "reported but not injected: %s", l);
	}
	cr_assert_geq(above_info, injected);
	free(again);
	free(defects);
	free(audit);
}

Test(generated, metrics_are_the_generator_figures_in_both_templates)
{
	char dir[512], out[512];
	snprintf(dir, sizeof dir, "%s/g", ys_scratch());
	snprintf(out, sizeof out, "%s/r", ys_scratch());
	if (gen(dir, "--units 8 --years 3 --seed 11 --format both") != 0)
		cr_skip_test("python3 unavailable");
	char docs[600];
	snprintf(docs, sizeof docs, "%s/docs", dir);
	struct proc p;
	cr_assert_eq(ys_exec(&p, NULL, NULL, (const char *const[]){ "run", docs, "-o", out, "-q", NULL }), 0);
	cr_assert_eq(p.status, 0, "clean documents: %s", p.err);
	ys_proc_free(&p);
	char path[700];
	snprintf(path, sizeof path, "%s/truth.csv", dir);
	FILE *t = fopen(path, "r");
	snprintf(path, sizeof path, "%s/metrics.csv", out);
	char *m = ys_slurp(path, NULL);
	char line[1024];
	size_t checked = 0;
	while (fgets(line, sizeof line, t)) {
		if (!strncmp(line, "file,", 5))
			continue;
		char file[256], code[32], name[256], kind[32], total[32], basic[32], project[32], pers[32],
			pub[32], sg[32];
		int year;
		if (sscanf(line, "%255[^,],%31[^,],%255[^,],%d,%31[^,],%31[^,],%31[^,],%31[^,],%31[^,],%31[^,],%31[^,\n]",
			   file, code, name, &year, kind, total, basic, project, pers, pub, sg) != 11)
			continue;
		/* unit identity through the registry: the code, even for documents that print none */
		char want[512];
		snprintf(want, sizeof want, "%s,", code);
		char *row = NULL;
		for (char *r = strstr(m, want); r; r = strstr(r + 1, want)) {
			char y[16];
			snprintf(y, sizeof y, ",%d,", year);
			char *eol = strchr(r, '\n');
			if ((r == m || r[-1] == '\n') && strstr(r, y) && strstr(r, y) < eol) {
				row = r;
				break;
			}
		}
		cr_assert_not_null(row, "no metrics row for %s %d", code, year);
		char expect[256];
		snprintf(expect, sizeof expect, ",%s,%s,", basic, project);
		char *eol = strchr(row, '\n');
		char *hit = strstr(row, expect);
		cr_assert(hit && hit < eol, "%s %d: basic/project %s/%s", code, year, basic, project);
		checked++;
	}
	fclose(t);
	free(m);
	cr_assert_gt(checked, 15);
}
