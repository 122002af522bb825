/* A document's time is linear in its facts (issue 14, item 3): the audit's lookups and the
 * breakdown lines are indexed. A generated document of 240,000 table facts and 60,000 narrative
 * figures, each narrative figure naming a 项 by its code: with a scan per question (as before)
 * its audit took two minutes; indexed, two seconds (a few more under the sanitizers). The timeout is the
 * test; the figures are checked too, so that the index answers what the scans answered. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void teardown(void)
{
	ys_cleanup();
}

TestSuite(scale, .fini = teardown);

#define ROWS 80000
#define CLAIMS 20000

Test(scale, a_large_document_is_audited_in_linear_time, .timeout = 30)
{
	const char *dir = ys_scratch();
	char path[600];
	snprintf(path, sizeof path, "%s/big.csv", dir);
	FILE *fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs("unit_code,unit_name,year,doc_kind,table,row_code,row_name,column,amount,unit_note,source\n", fp);
	long total = 0;
	for (int i = 0; i < ROWS; i++)
		total += 100 + i % 7;
	fprintf(fp, "9,大表局,2025,budget,expenditure,,合计,total,%ld.00,万元,big.txt:1\n", total);
	fprintf(fp, "9,大表局,2025,budget,expenditure,,合计,basic,%ld.00,万元,big.txt:1\n", total);
	fprintf(fp, "9,大表局,2025,budget,expenditure,,合计,project,0.00,万元,big.txt:1\n");
	for (int i = 0; i < ROWS; i++) {
		char code[16];
		snprintf(code, sizeof code, "2%02d%02d%02d", i / 10000 % 100, i / 100 % 100, i % 100);
		static const char *const cols[] = { "total", "basic", "project" };
		for (int c = 0; c < 3; c++)
			fprintf(fp, "9,大表局,2025,budget,expenditure,%s,项目%d,%s,%d.00,万元,big.txt:%d\n", code, i,
				cols[c], c < 2 ? 100 + i % 7 : 0, i + 2);
	}
	/* each claim: the 项's amount, up 1 on a prior one less, at the rate that gives (to 0.01) */
	for (int j = 0; j < CLAIMS; j++) {
		int i = 3 * j, a = 100 + i % 7, line = ROWS + 10 + j;
		char code[16];
		snprintf(code, sizeof code, "2%02d%02d%02d", i / 10000 % 100, i / 100 % 100, i % 100);
		int stated = j == CLAIMS - 1 ? a + 5 : a; /* the last one is wrong by 5 */
		/* 1 / (stated - 1) in %, rounded to 0.01 */
		long r = (100000L / (stated - 1) + 5) / 10;
		fprintf(fp, "9,大表局,2025,budget,narrative,%s,%s项目%d,current,%d.00,万元,big.txt:%d\n", code, code,
			i, stated, line);
		fprintf(fp, "9,大表局,2025,budget,narrative,%s,%s项目%d,change,1.00,万元,big.txt:%d\n", code, code, i,
			line);
		fprintf(fp, "9,大表局,2025,budget,narrative,%s,%s项目%d,pct,%ld.%02ld,%%,big.txt:%d\n", code, code, i,
			r / 100, r % 100, line);
	}
	cr_assert_eq(fclose(fp), 0);
	struct proc p;
	cr_assert_eq(ys_exec(&p, NULL, NULL, (const char *const[]){ "audit", path, NULL }), 0);
	cr_assert_eq(p.status, 1, "%.2000s", p.err);
	/* every row adds up (80,001 rows, and the three columns' 合计 against their 项) */
	cr_assert(strstr(p.err, "identities 80004 of 80004 hold"), "%.2000s", p.err);
	/* one finding of the narrative: the last claim (code 2059997, 项 59997: 100 + 59997 % 7 = 100, stated 105) */
	size_t narr = 0;
	for (const char *c = p.out; (c = strstr(c, ",narrative_")); c++)
		narr++;
	cr_assert_eq(narr, 1, "%.3000s", p.out);
	cr_assert(strstr(p.out, ",narrative_vs_table,error,100.00,105.00,5.00,"), "%.3000s", p.out);
	ys_proc_free(&p);
}
