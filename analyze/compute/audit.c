/* The audit of one document. Each check compares what a document states with what its own
 * numbers imply, allowing the rounding of printed figures: (items + 1) half-units of the last
 * printed digit. Messages are Chinese sentences for reviewers; check ids are stable keys. */
#include "audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/identities.h"
#include "base/text.h"

int64_t audit_envelope(size_t n, enum money_unit u)
{
	return (int64_t)(n + 1) * metrics_half_unit(u);
}

void audit_add(struct findings *fl, struct strpool *pool, const char *check, enum severity sev,
	       int has_expected, int64_t expected, int has_actual, int64_t actual,
	       enum money_unit unit, const char *file, int line, int page, const char *fmt, ...)
{
	char msg[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	text_utf8_clip(msg);
	struct finding f = { 0 };
	f.check = strpool_cstr(pool, check);
	f.severity = sev;
	f.has_expected = has_expected;
	f.expected = expected;
	f.has_actual = has_actual;
	f.actual = actual;
	f.unit = unit;
	f.file = strpool_cstr(pool, file ? file : "");
	f.line = line;
	f.page = page;
	f.message = strpool_cstr(pool, msg);
	/* one finding once: `收、支总计各增加5834.37万元，增长35.74%` is one claim of two totals, and
	 * its rate one fault (the pool interns: equal strings are one pointer) */
	for (size_t i = fl->n, k = 0; i > 0 && k < 16; i--, k++) {
		const struct finding *g = &fl->v[i - 1];
		if (g->message == f.message && g->check == f.check && g->file == f.file && g->line == f.line &&
		    g->page == f.page && g->severity == f.severity && g->expected == f.expected && g->actual == f.actual)
			return;
	}
	findings_add(fl, &f);
}

struct aidx;

struct actx {
	const struct doc *d;
	struct docsum *s;
	struct strpool *pool;
	unsigned suspect;        /* bit k: tables_keys[k] failed its own identities */
	struct aidx *ix;         /* the lookups, indexed (NULL: out of memory, doc_find scans) */
};

/* ---- the audit's lookups, indexed (issue 14, item 3) ----
 * The audit asks a question per narrative figure and per summary row; through doc_find each
 * scans a whole table-column group, so a document's audit was quadratic in its facts (a 3.8 MB
 * document took minutes). Here the questions by code are answered from a hash of (table, column,
 * row code) built once per document, those by name or for a total (a few dozen distinct ones)
 * are remembered, and the narrative's changes and currents are looked up sorted. The answers
 * are doc_find's (the first fact in document order), so no finding changes. */

struct acode {
	const char *table, *column, *code; /* NULL: free */
	uint64_t h;
	const struct fact *f;
};

#define AMEMO_SLOTS 256
#define AMEMO_KEY 160
struct amemo {
	uint64_t h;
	int used;
	char key[AMEMO_KEY];
	const struct fact *f;
};

struct aidx {
	struct acode *codes;
	size_t ncodes;                   /* a power of two */
	struct amemo memo[AMEMO_SLOTS];
	size_t nmemo;
	const struct fact **narr;        /* narrative facts, sorted (narr_cmp) */
	size_t nnarr;
};

static uint64_t hash_str(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (h ^ 0x1f) * UINT64_C(1099511628211);
}

static uint64_t code_hash(const char *table, const char *column, const char *code)
{
	return hash_str(hash_str(hash_str(UINT64_C(14695981039346656037), table), column), code);
}

static int narr_cmp(const void *a, const void *b)
{
	const struct fact *x = *(const struct fact *const *)a, *y = *(const struct fact *const *)b;
	int c = strcmp(x->row_code, y->row_code);
	if (!c)
		c = strcmp(x->row_name, y->row_name);
	if (!c)
		c = strcmp(x->column, y->column);
	return c ? c : x < y ? -1 : x > y; /* (then document order: facts are one array) */
}

static struct aidx *aidx_build(const struct doc *d)
{
	struct aidx *ix = calloc(1, sizeof *ix);
	if (!ix)
		return NULL;
	size_t nc = 0, nn = 0;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		nc += f->row_code[0] != '\0';
		nn += !strcmp(f->table, "narrative");
	}
	ix->ncodes = 16;
	while (ix->ncodes < 2 * nc)
		ix->ncodes *= 2;
	ix->codes = calloc(ix->ncodes, sizeof *ix->codes);
	ix->narr = nn ? malloc(nn * sizeof *ix->narr) : NULL;
	if (!ix->codes || (nn && !ix->narr)) {
		free(ix->codes);
		free(ix->narr);
		free(ix);
		return NULL;
	}
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (!strcmp(f->table, "narrative"))
			ix->narr[ix->nnarr++] = f;
		if (!f->row_code[0])
			continue;
		uint64_t h = code_hash(f->table, f->column, f->row_code);
		size_t k = (size_t)h & (ix->ncodes - 1);
		for (; ix->codes[k].table; k = (k + 1) & (ix->ncodes - 1))
			if (ix->codes[k].h == h && !strcmp(ix->codes[k].table, f->table) &&
			    !strcmp(ix->codes[k].column, f->column) && !strcmp(ix->codes[k].code, f->row_code))
				break;
		if (!ix->codes[k].table) /* (the first in document order stays, as doc_find finds it) */
			ix->codes[k] = (struct acode){ f->table, f->column, f->row_code, h, f };
	}
	if (ix->nnarr)
		qsort(ix->narr, ix->nnarr, sizeof *ix->narr, narr_cmp);
	return ix;
}

static void aidx_free(struct aidx *ix)
{
	if (!ix)
		return;
	free(ix->codes);
	free(ix->narr);
	free(ix);
}

/* doc_find / doc_total through the index. */
static const struct fact *afind_(const struct actx *a, int total, const char *table, const char *code,
				 const char *name, const char *column)
{
	struct aidx *ix = a->ix;
	if (!ix)
		return total ? doc_total(a->d, table, column) : doc_find(a->d, table, code, name, column);
	if (!total && code && code[0] && !name) {
		uint64_t h = code_hash(table, column, code);
		for (size_t k = (size_t)h & (ix->ncodes - 1); ix->codes[k].table; k = (k + 1) & (ix->ncodes - 1)) {
				const struct acode *c = &ix->codes[k];
			if (c->h == h && !strcmp(c->table, table) && !strcmp(c->column, column) && !strcmp(c->code, code))
				return c->f;
		}
		return NULL;
	}
	char key[AMEMO_KEY];
	int kl = snprintf(key, sizeof key, "%d\x1f%s\x1f%s\x1f%s\x1f%s", total, table, code ? code : "\x01",
			  name ? name : "\x01", column);
	if (kl < 0 || kl >= (int)sizeof key || ix->nmemo >= AMEMO_SLOTS * 3 / 4)
		return total ? doc_total(a->d, table, column) : doc_find(a->d, table, code, name, column);
	uint64_t h = hash_str(UINT64_C(14695981039346656037), key);
	size_t k = (size_t)h & (AMEMO_SLOTS - 1);
	for (; ix->memo[k].used; k = (k + 1) & (AMEMO_SLOTS - 1)) {
		if (ix->memo[k].h == h && !strcmp(ix->memo[k].key, key))
			return ix->memo[k].f;
	}
	const struct fact *f = total ? doc_total(a->d, table, column) : doc_find(a->d, table, code, name, column);
	ix->memo[k].used = 1;
	ix->memo[k].h = h;
	memcpy(ix->memo[k].key, key, (size_t)kl + 1);
	ix->memo[k].f = f;
	ix->nmemo++;
	return f;
}
#define afind(a, table, code, name, column) afind_(a, 0, table, code, name, column)
#define atotal(a, table, column) afind_(a, 1, table, NULL, NULL, column)

/* The first narrative fact in document order of this subject and column within dist lines of
 * line (a stated rate's change and current: the same claim). */
static const struct fact *narr_within(const struct actx *a, const struct fact *of, const char *column, int line,
				      int dist)
{
	struct aidx *ix = a->ix;
	if (!ix) {
		for (size_t j = 0; j < a->d->facts.n; j++) {
			const struct fact *g = &a->d->facts.v[j];
			if (!strcmp(g->table, "narrative") && !strcmp(g->row_code, of->row_code) &&
			    !strcmp(g->row_name, of->row_name) && !strcmp(g->column, column) && abs(g->line - line) <= dist)
				return g;
		}
		return NULL;
	}
	size_t lo = 0, hi = ix->nnarr;
	while (lo < hi) { /* the first of (code, name, column) */
		size_t mid = lo + (hi - lo) / 2;
		const struct fact *g = ix->narr[mid];
		int c = strcmp(g->row_code, of->row_code);
		if (!c)
			c = strcmp(g->row_name, of->row_name);
		if (!c)
			c = strcmp(g->column, column);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ix->nnarr; lo++) {
		const struct fact *g = ix->narr[lo];
		if (strcmp(g->row_code, of->row_code) || strcmp(g->row_name, of->row_name) || strcmp(g->column, column))
			break;
		if (abs(g->line - line) <= dist)
			return g;
	}
	return NULL;
}

static const struct fact *narr_near(const struct actx *a, const struct fact *of, const char *column, int line)
{
	return narr_within(a, of, column, line, 2);
}

static const char *table_zh(const char *key)
{
	static const struct {
		const char *k, *zh;
	} t[] = { { "summary", "收支总体情况表" },
		  { "income", "收入总体情况表" },
		  { "expenditure", "支出总体情况表" },
		  { "fiscal_summary", "财政拨款收支总体情况表" },
		  { "gpb_expenditure", "一般公共预算支出情况表" },
		  { "gpb_basic", "一般公共预算基本支出情况表" },
		  { "sangong", "“三公”经费表" },
		  { "gov_fund", "政府性基金预算支出表" },
		  { "soe_capital", "国有资本经营预算支出表" },
		  { "procurement", "政府采购预算表" },
		  { "purchase_service", "政府购买服务预算表" },
		  { "performance", "项目绩效目标表" },
		  { "narrative", "情况说明" } };
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].k, key))
			return t[i].zh;
	return key;
}

static const char *col_zh(const char *col)
{
	static const struct {
		const char *k, *zh;
	} t[] = { { "total", "合计" }, { "basic", "基本支出" }, { "project", "项目支出" },
		  { "personnel", "人员经费" }, { "public_use", "公用经费" },
		  { "carryover_out", "结转下年" }, { "income", "收入" }, { "expenditure", "支出" },
		  { "abroad", "因公出国（境）费" }, { "vehicle", "公务用车购置及运行维护费" },
		  { "reception", "公务接待费" }, { "type_total", "按类型合计" },
		  { "central", "集中采购" }, { "decentral", "分散采购" }, { "cur", "本年收入" },
		  { "carry", "上年结转结余" } };
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].k, col))
			return t[i].zh;
	return col;
}

static char *wan(int64_t v, char *buf)
{
	return money_format(v, 2, buf);
}

static int digits(const char *c)
{
	size_t n = strlen(c);
	for (size_t i = 0; i < n; i++)
		if (c[i] < '0' || c[i] > '9')
			return 0;
	return (int)n;
}

/* ---- precision as printed (issue 16, item 3) ---- */

/* Half a unit of the last digit f was printed with: a printed figure stands for anything that
 * rounds to it. */
static int64_t half(const struct fact *f)
{
	return f ? fact_ulp(f) / 2 : 0;
}

/* f as printed, in 万元: `17192` for `17,192万元`, `87.70` for `87.70万元`. Returns buf. */
static char *printed(const struct fact *f, char *buf)
{
	int dp = fact_decimals(f) + (f->unit_note == MU_YUAN ? 4 : f->unit_note == MU_QIAN ? 1 : 0);
	return money_format(f->amount, dp < 0 ? 0 : dp > 6 ? 6 : dp, buf);
}

/* True when the coarser of two printed figures is the finer one cut (not rounded) to the
 * coarser's last digit: 87.70 for 87.708. Some templates truncate; that is no inconsistency. */
static int truncated(const struct fact *x, const struct fact *y)
{
	const struct fact *c = fact_ulp(x) >= fact_ulp(y) ? x : y, *f = c == x ? y : x;
	int64_t q = fact_ulp(c);
	return q > fact_ulp(f) && q > 0 && f->amount / q * q == c->amount;
}

/* ---- the evidence rule: what a narrative subject certainly names (issue 16, item 2) ---- */

static int starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static int ends_cut(char *s, const char *p)
{
	size_t n = strlen(s), m = strlen(p);
	if (n <= m || strcmp(s + n - m, p))
		return 0;
	s[n - m] = '\0';
	return 1;
}

/* `2026年`, `2026年度` at s: their length, else 0. */
static size_t year_at(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (!starts(s + 4, "年"))
		return 0;
	return starts(s + 7, "度") ? 10 : 7;
}

/* The subject without what does not change what it names: the year, the unit's name, 本部门 …,
 * how the money is arranged (财政拨款安排的 … for the items that only such money pays), and the
 * trailing 预算/总计/合计 …. */
static void subject_core(const char *subj, const char *unit, int item, char *out, size_t n)
{
	static const char *const pre[] = { "本部门", "本单位", "部门", "单位", "本年度", "本年", "当年", "全年", NULL };
	static const char *const pay[] = { "通过一般公共预算财政拨款安排的", "一般公共预算财政拨款安排的",
					   "一般公共预算拨款安排的", "一般公共预算安排的", "一般公共预算拨款安排",
					   "一般公共预算安排", "财政拨款安排的", "财政拨款安排", "一般公共预算",
					   "财政拨款", "其中", "包括", NULL };
	static const char *const suf[] = { "预算数", "预算", "总额", "总计", "合计", "安排", "金额", "数", NULL };
	const char *s = subj;
	for (int again = 1; again;) {
		again = 0;
		size_t y = year_at(s);
		if (y) {
			s += y;
			again = 1;
		}
		if (unit && unit[0] && starts(s, unit)) {
			s += strlen(unit);
			again = 1;
		}
		for (size_t i = 0; pre[i]; i++)
			if (starts(s, pre[i])) {
				s += strlen(pre[i]);
				again = 1;
			}
		for (size_t i = 0; item && pay[i]; i++)
			if (starts(s, pay[i])) {
				s += strlen(pay[i]);
				again = 1;
				break;
			}
	}
	snprintf(out, n, "%s", s);
	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; suf[i]; i++)
			again |= ends_cut(out, suf[i]);
		size_t l = strlen(out);
		if (l > 7 && year_at(out + l - 7) == 7) { /* `…维护费2026年预算数` */
			out[l - 7] = '\0';
			again = 1;
		}
	}
}

/* The name of a function path's last level (`…财政事务(款)行政运行(项)` → 行政运行); 0 when the
 * subject is no path. */
static int path_last(const char *subj, char *out, size_t n)
{
	static const char *const marks[] = { "(类)", "(款)", "(项)", "（类）", "（款）", "（项）" };
	const char *end = NULL;
	size_t ml = 0;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		for (const char *p = strstr(subj, marks[i]); p; p = strstr(p + 1, marks[i]))
			if (!end || p > end) {
				end = p;
				ml = strlen(marks[i]);
			}
	if (!end)
		return 0;
	const char *start = subj;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		for (const char *p = strstr(subj, marks[i]); p && p < end; p = strstr(p + 1, marks[i]))
			if (p + strlen(marks[i]) > start)
				start = p + strlen(marks[i]);
	(void)ml;
	size_t l = (size_t)(end - start);
	if (l >= n)
		l = n - 1;
	memcpy(out, start, l);
	out[l] = '\0';
	return l > 0;
}

/* Two names equal but for brackets and spaces (`（室）` in one table, `(室)` in another). */
static int same_name(const char *x, const char *y)
{
	char bx[400], by[400];
	const char *src[2] = { x, y };
	char *dst[2] = { bx, by };
	for (int k = 0; k < 2; k++) {
		size_t o = 0;
		for (const char *p = src[k]; *p && o + 1 < sizeof bx;) {
			if (*p == '(' || *p == ')' || *p == ' ') {
				p++;
				continue;
			}
			if (!strncmp(p, "（", 3) || !strncmp(p, "）", 3)) {
				p += 3;
				continue;
			}
			dst[k][o++] = *p++;
		}
		dst[k][o] = '\0';
	}
	return !strcmp(bx, by);
}

/* Whether a function item named by its row's name (`…（款）行政运行（项）`, no code) names one row:
 * the name is printed once at its level in that table, or the subject also names the row's
 * parent (`财政事务（款）行政运行`), which tells 2010601 from 2013101 行政运行. */
static int name_unique(const struct actx *a, const struct fact *f, const struct fact *ref)
{
	size_t len = strlen(ref->row_code), same = 0;
	struct doc_iter it;
	doc_iter_init(&it, a->d, ref->table, ref->column);
	for (const struct fact *g; (g = doc_iter_next(&it));)
		if (strlen(g->row_code) == len && strcmp(g->row_code, ref->row_code) && !strcmp(g->row_name, ref->row_name))
			same++;
	if (!same)
		return 1;
	if (len <= 3)
		return 0;
	char parent[8];
	snprintf(parent, sizeof parent, "%.*s", len == 7 ? 5 : 3, ref->row_code);
	const struct fact *p = afind(a, ref->table, parent, NULL, ref->column);
	return p && strlen(p->row_name) >= 6 && strstr(f->row_name, p->row_name) != NULL;
}

/* Whether a narrative figure's subject names its key's table figure by its exact name (at one
 * level: 基本支出, not 机关事业单位基本养老保险缴费支出), or a function item by its code or its
 * row's name. A subject the reader matched by a word in it (`事业单位经营支出` taken for 支出) is
 * not evidence: the comparison is a warning. */
static int subject_certain(const struct actx *a, const struct fact *f, const struct fact *ref)
{
	const char *key = f->row_code;
	/* the side: a subject that says 收入 is not checked against an expenditure figure (the
	 * general budget's income includes what its spending table does not), nor 支出 against income */
	if (ref && (!strcmp(key, "gpb_total") || !strcmp(key, "fiscal_total") || !strcmp(key, "gov_fund_total") ||
		    !strcmp(key, "soe_total"))) {
		int says_in = strstr(f->row_name, "收入") != NULL, says_out = strstr(f->row_name, "支出") != NULL;
		int ref_out = !strncmp(ref->column, "expenditure", 11) || !strcmp(ref->table, "gpb_expenditure") ||
			      !strcmp(ref->table, "gov_fund") || !strcmp(ref->table, "soe_capital");
		if ((says_in && !says_out && ref_out) || (says_out && !says_in && !ref_out))
			return 0;
	}
	/* 基本支出/项目支出 of all funds is not the general budget's: a narrative that does not say
	 * 一般公共预算 is not checked against that table (a final account's 基本支出 1,168,039.29 of
	 * its 支出合计 against the general budget's 98,606.29) */
	if (ref && (!strcmp(key, "basic") || !strcmp(key, "project")) && !strcmp(ref->table, "gpb_expenditure") &&
	    !strstr(f->row_name, "一般公共预算"))
		return 0;
	if (digits(key) >= 3) {
		if (strstr(f->row_name, key))
			return 1;
		if (!ref || strlen(ref->row_name) < 6 || !strstr(f->row_name, ref->row_name))
			return 0;
		/* a path names its row last: `一般公共服务支出（类）行政运行（项）` is a 项, never the 类
		 * it starts with */
		char last[200];
		if (path_last(f->row_name, last, sizeof last) && !same_name(last, ref->row_name))
			return 0;
		return name_unique(a, f, ref);
	}
	static const struct {
		const char *key;
		int item;               /* not a total: 财政拨款安排的 …, 其中 may go before it */
		const char *base[6];
	} names[] = {
		{ "income_total", 0, { "收入", "收支", "收入、支出", "收、支", "预算收入", "部门预算收入" } },
		{ "expenditure_total", 0, { "支出", "收支", "收入、支出", "收、支", "预算支出", "相应安排支出" } },
		{ "fiscal_total", 0, { "财政拨款", "财政拨款收支", "财政拨款收、支", "财政拨款收支总", "财政拨款收、支总" } },
		{ "gpb_total", 0, { "一般公共预算" } },
		{ "gov_fund_total", 0, { "政府性基金预算", "政府性基金" } },
		{ "soe_total", 0, { "国有资本经营预算", "国有资本经营" } },
		{ "basic", 1, { "基本" } },
		{ "project", 1, { "项目" } },
		{ "gpb_basic", 0, { "一般公共预算基本", "一般公共预算拨款基本", "一般公共预算财政拨款基本" } },
		{ "gpb_project", 0, { "一般公共预算项目", "一般公共预算拨款项目", "一般公共预算财政拨款项目" } },
		{ "personnel", 1, { "人员" } },
		/* (not 日常公用经费: often one part of it, 局机关日常公用经费 under 502, Xi'an) */
		{ "public_use", 1, { "公用" } },
		{ "sangong_total", 1, { "三公", "“三公”", "\"三公\"" } },
		{ "sangong_abroad", 1, { "因公出国(境)", "因公出国（境）", "因公出国" } },
		{ "sangong_reception", 1, { "公务接待" } },
		{ "sangong_vehicle", 1, { "公务用车购置及运行维护", "公务用车购置及运行", "公务用车购置和运行维护" } },
		{ "sangong_vehicle_operation", 1, { "公务用车运行维护", "公务用车运行" } },
		{ "sangong_vehicle_purchase", 1, { "公务用车购置" } },
		{ "meeting", 1, { "会议" } },
		{ "training", 1, { "培训" } },
		{ "admin_running", 1, { "机关运行" } },
		{ "procurement_total", 1, { "政府采购" } },
		{ "gov_procurement", 1, { "政府采购" } },
		{ "purchase_service_total", 1, { "政府购买服务" } },
		{ "performance_total", 1, { "涉及预算资金", "预算资金", "涉及项目预算资金", "共涉及资金", "涉及资金" } },
	};
	static const char *const tail[] = { "", "收入", "支出", "拨款", "拨款收入", "拨款支出", "财政拨款",
					    "财政拨款收入", "财政拨款支出", "经费", "费", "费用", "支出预算",
					    "预算支出", "经费支出", "费支出", "支出总", "收入总", NULL };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(names[i].key, key))
			continue;
		char core[400];
		subject_core(f->row_name, a->d->unit_name, names[i].item, core, sizeof core);
		for (size_t b = 0; b < 6 && names[i].base[b]; b++) {
			size_t bl = strlen(names[i].base[b]);
			if (strncmp(core, names[i].base[b], bl))
				continue;
			for (size_t t = 0; tail[t]; t++)
				if (!strcmp(core + bl, tail[t]))
					return 1;
		}
		return 0;
	}
	return 0;
}

/* ---- each table's own identities (base/identities) ---- */

static int table_bit(const char *key)
{
	for (size_t k = 0; k < tables_nkeys; k++)
		if (!strcmp(tables_keys[k], key))
			return (int)k;
	return -1;
}

/* True when f comes from a table that failed its own identities: it proves nothing. */
static int suspect_fact(const struct actx *a, const struct fact *f)
{
	int k = f ? table_bit(f->table) : -1;
	return k >= 0 && (a->suspect >> k & 1u);
}

/* The evidence rule: an error only when every figure was read with certainty. Returns the
 * severity to report and, in *why, what could not be verified (appended to the message). */
static enum severity vouch(const struct actx *a, enum severity sev, const struct fact *x,
			   const struct fact *y, const char **why)
{
	*why = "";
	if (sev != SEV_ERROR)
		return sev;
	const struct fact *s = suspect_fact(a, x) ? x : suspect_fact(a, y) ? y : NULL;
	if (!s)
		return sev;
	*why = "；但该表未通过自身勾稽校验（疑为读取有误），无法核实";
	return SEV_WARNING;
}

/* A sum of n printed parts against a printed total. */
static void sum_check(struct actx *a, const char *check, const struct fact *total, int64_t sum,
		      size_t n, enum money_unit parts_unit, const char *what, const struct fact *part)
{
	int64_t diff = sum - total->amount;
	if (diff == 0)
		return;
	int64_t env = (int64_t)n * metrics_half_unit(parts_unit) + metrics_half_unit(total->unit_note);
	int64_t ad = diff < 0 ? -diff : diff;
	const char *why;
	enum severity sev = vouch(a, ad <= env ? SEV_INFO : SEV_ERROR, total, part, &why);
	char b1[32], b2[32], b3[32];
	audit_add(&a->s->findings, a->pool, check, sev, 1, total->amount, 1, sum, MU_WAN, total->file,
		  total->line, total->page, "%s：各项之和为%s万元，所列为%s万元，相差%s万元%s%s", what,
		  wan(sum, b1), wan(total->amount, b2), wan(diff, b3),
		  ad <= env ? "，在四舍五入误差范围内" : "，超出四舍五入误差", why);
}

/* Two printed figures of the same quantity. */
static void same_check(struct actx *a, const char *check, const struct fact *x, const struct fact *y,
		       const char *what)
{
	int64_t diff = y->amount - x->amount;
	if (diff == 0)
		return;
	int64_t env = half(x) + half(y);
	int64_t ad = diff < 0 ? -diff : diff;
	int cut = ad > env && truncated(x, y);
	const char *why;
	enum severity sev = vouch(a, ad <= env || cut ? SEV_INFO : SEV_ERROR, x, y, &why);
	char b1[32], b2[32], b3[32];
	audit_add(&a->s->findings, a->pool, check, sev, 1, x->amount, 1, y->amount, MU_WAN, y->file,
		  y->line, y->page, "%s：一处为%s万元（第%d行），一处为%s万元，相差%s万元%s%s", what,
		  printed(x, b1), x->line, printed(y, b2), wan(diff, b3),
		  ad <= env ? "，在四舍五入误差范围内" : cut ? "，按截尾计一致" : "", why);
}

static const char *ident_check(const struct ident *id)
{
	switch (id->kind) {
	case IDENT_ROW: return "row_sum";
	case IDENT_CODE: return "code_sum";
	case IDENT_TOTAL: return strcmp(id->total->table, "performance") ? "total_sum" : "performance_sum";
	case IDENT_SIDE:
		if (!strcmp(id->what, "收入总计 = 支出总计"))
			return "balance";
		return id->inferred ? "summary_items" : "summary_sum";
	}
	return "row_sum";
}

static void identities(struct actx *a)
{
	const struct doc *d = a->d;
	for (size_t k = 0; k < tables_nkeys; k++) {
		struct ident_result r;
		if (identities_eval(tables_keys[k], d->facts.v, d->facts.n, &r) != YS_OK) {
			identities_free(&r);
			continue; /* (out of memory: no verdict, and no findings from it) */
		}
		if (r.suspect) {
			a->suspect |= 1u << k;
			const struct fact *t0 = r.v[0].total;
			char rows[700];
			identities_failed_rows_text(&r, rows, sizeof rows);
			for (size_t i = 0; i < r.n; i++)
				if (!r.v[i].holds) {
					t0 = r.v[i].total;
					break;
				}
			audit_add(&a->s->findings, a->pool, "reading_suspect", SEV_WARNING, 0, 0, 0, 0, MU_WAN,
				  t0->file, t0->line, t0->page,
				  "%s未通过自身勾稽校验：%zu项等式中%zu项不成立（%s），疑为读取有误；该表数据不作为任何审核错误的依据",
				  table_zh(tables_keys[k]), r.checked, r.failed, rows);
			identities_free(&r);
			continue;
		}
		for (size_t i = 0; i < r.n; i++) {
			const struct ident *id = &r.v[i];
			const struct fact *t = id->total;
			enum severity sev = id->holds ? SEV_INFO : id->inferred ? SEV_WARNING : SEV_ERROR;
			char what[400], b1[32], b2[32], b3[32];
			if (id->kind == IDENT_ROW || id->kind == IDENT_CODE)
				snprintf(what, sizeof what, "%s “%s%s%s”（%s）%s", table_zh(t->table), t->row_code,
					 t->row_code[0] ? " " : "", t->row_name, col_zh(t->column), id->what);
			else
				snprintf(what, sizeof what, "%s（%s）%s", table_zh(t->table), col_zh(t->column), id->what);
			text_utf8_clip(what);
			/* (held only with columns the reader could not name: not rounding, and said so) */
			char unk[160];
			snprintf(unk, sizeof unk, "，加上表中未识别含义的列（%s万元）后相符", wan(id->unknown, b3));
			const char *tail = id->holds && id->unknown ? unk
					   : id->holds ? "，在四舍五入误差范围内"
					   : id->inferred ? "，超出四舍五入误差（各项的层级由序号推断，请核对）"
							  : "，超出四舍五入误差";
			if (!strcmp(ident_check(id), "balance"))
				audit_add(&a->s->findings, a->pool, "balance", sev, 1, t->amount, 1, id->sum, MU_WAN,
					  id->part->file, id->part->line, id->part->page,
					  "%s：收入总计为%s万元，支出总计为%s万元，相差%s万元%s", table_zh(t->table),
					  wan(t->amount, b1), wan(id->sum, b2), wan(id->sum - t->amount, b3), tail);
			else
				audit_add(&a->s->findings, a->pool, ident_check(id), sev, 1, t->amount, 1, id->sum,
					  MU_WAN, t->file, t->line, t->page, "%s：各项之和为%s万元，所列为%s万元，相差%s万元%s",
					  what, wan(id->sum, b1), wan(t->amount, b2), wan(id->sum - t->amount, b3), tail);
		}
		identities_free(&r);
	}
}

/* ---- across tables ---- */

static const struct fact *first_of(const struct actx *a, const char *table, const char *const *names,
				   const char *column)
{
	for (size_t i = 0; names[i]; i++) {
		const struct fact *f = afind(a, table, NULL, names[i], column);
		if (f)
			return f;
	}
	return NULL;
}

/* The summary's total a table's total is to be compared with: the first of names that agrees
 * with it as printed, else the first printed. */
static const struct fact *summary_total(const struct actx *a, const char *const *names, const char *column,
					 const struct fact *t)
{
	const struct fact *first = NULL;
	for (size_t i = 0; names[i]; i++) {
		const struct fact *f = afind(a, "summary", NULL, names[i], column);
		if (!f)
			continue;
		if (!first)
			first = f;
		int64_t d = t ? f->amount - t->amount : 1;
		if (t && (d < 0 ? -d : d) <= half(f) + half(t))
			return f;
	}
	return first;
}

static void cross_tables(struct actx *a)
{
	const struct doc *d = a->d;
	/* the income (expenditure) table's total is the summary's 本年收入合计 — or, when the table
	 * has a 上年结转结余 column (a 结转下年 one), its 收入合计/收入总计: either agreeing is enough */
	static const char *const out_cur[] = { "本年支出合计", "支出合计", "支出总计", NULL };
	static const char *const in_cur[] = { "本年收入合计", "收入合计", "收入总计", NULL };
	const struct fact *et = atotal(a, "expenditure", "total");
	const struct fact *st = summary_total(a, out_cur, "expenditure", et);
	if (et && st)
		same_check(a, "cross_table", st, et, "支出合计：收支总体情况表与支出总体情况表");
	const struct fact *it = atotal(a, "income", "total");
	const struct fact *si = summary_total(a, in_cur, "income", it);
	if (it && si)
		same_check(a, "cross_table", si, it, "收入合计：收支总体情况表与收入总体情况表");
	/* function classes of the summary against the expenditure table (类 rows or Σ项): the 项
	 * sums per class, once (a class is three digits) */
	struct csum {
		int64_t sum;
		size_t k;
		enum money_unit u;
	} *cs = calloc(1000, sizeof *cs);
	int any_exp = 0;
	const struct fact *first = NULL; /* (of the expenditure table, for the evidence rule) */
	{
		struct doc_iter ei;
		doc_iter_init(&ei, d, "expenditure", "total");
		for (const struct fact *g; (g = doc_iter_next(&ei));) {
			if (!first)
				first = g;
			if (digits(g->row_code) >= 5)
				any_exp = 1;
			if (cs && digits(g->row_code) == 7) {
				int c = (g->row_code[0] - '0') * 100 + (g->row_code[1] - '0') * 10 + (g->row_code[2] - '0');
				cs[c].sum += g->amount;
				cs[c].k++;
				cs[c].u = g->unit_note;
			}
		}
	}
	struct doc_iter cls;
	doc_iter_init(&cls, d, "summary", "expenditure");
	for (const struct fact *f; (f = doc_iter_next(&cls));) {
		if (strlen(f->row_code) != 3)
			continue;
		const struct fact *e = afind(a, "expenditure", f->row_code, NULL, "total");
		char what[300];
		if (e && e->amount == f->amount)
			continue; /* (agreeing: no message to build) */
		snprintf(what, sizeof what, "%s %s：收支总体情况表与支出总体情况表", f->row_code, f->row_name);
		text_utf8_clip(what);
		if (e) {
			same_check(a, "cross_table", f, e, what);
			continue;
		}
		if (!cs || digits(f->row_code) != 3)
			continue; /* (out of memory; or a class code that is not digits, which no 项 shares) */
		const struct csum *c = &cs[(f->row_code[0] - '0') * 100 + (f->row_code[1] - '0') * 10 + (f->row_code[2] - '0')];
		if (any_exp && c->k > 0)
			sum_check(a, "cross_table", f, c->sum, c->k, c->u, what, first);
		else if (any_exp && f->amount != 0) {
			/* no 项 of the class was read from the expenditure table: nothing to compare, and
			 * no evidence that the document left it out */
			char b1[32];
			audit_add(&a->s->findings, a->pool, "cross_table", SEV_WARNING, 1, f->amount, 0, 0, MU_WAN,
				  f->file, f->line, f->page, "%s：收支总体情况表列%s万元，支出总体情况表中未读到该类的项，无法核实",
				  what, printed(f, b1));
		}
	}
	free(cs);
	/* 基本支出 of all funds against the general public budget's, when all is general budget */
	const struct mval *m = a->s->m;
	const struct fact *eb = atotal(a, "expenditure", "basic");
	const struct fact *gb = atotal(a, "gpb_basic", "total");
	if (eb && gb && m[M_GPB_TOTAL].has && m[M_EXPENDITURE_TOTAL].has &&
	    m[M_GPB_TOTAL].v == m[M_EXPENDITURE_TOTAL].v)
		same_check(a, "cross_table", eb, gb, "基本支出：支出总体情况表与一般公共预算基本支出情况表");
	static const char *const pcols[] = { "personnel", "public_use" };
	for (size_t k = 0; k < 2; k++) {
		const struct fact *x = atotal(a, "gpb_expenditure", pcols[k]);
		const struct fact *y = atotal(a, "gpb_basic", pcols[k]);
		if (x && y) {
			char what[200];
			snprintf(what, sizeof what, "%s：一般公共预算支出情况表与基本支出情况表", col_zh(pcols[k]));
			same_check(a, "cross_table", x, y, what);
		}
	}
	/* the same figures printed in two more places (issue 16, item 4): the general budget's basic
	 * spending in its spending table and in the basic-spending table; its spending total in the
	 * 财政拨款 summary's 一般公共预算 column and in its own table */
	const struct fact *xb = atotal(a, "gpb_expenditure", "basic");
	if (xb && gb)
		same_check(a, "cross_table", xb, gb, "一般公共预算基本支出：一般公共预算支出情况表与基本支出情况表");
	static const char *const fs_out[] = { "本年支出合计", "支出合计", NULL };
	const struct fact *fg = first_of(a, "fiscal_summary", fs_out, "expenditure_gpb");
	const struct fact *gt = atotal(a, "gpb_expenditure", "total");
	if (fg && gt)
		same_check(a, "cross_table", fg, gt, "一般公共预算支出合计：财政拨款收支总体情况表与一般公共预算支出情况表");
	/* 人员经费/公用经费 of the summary (all funds) against the basic-spending table (the general
	 * budget): the same split when all basic spending is general budget, which their sums show */
	static const char *const s_tot[] = { "本年支出合计", "支出总计", "支出合计", "合计", "总计", NULL };
	const struct fact *sp = first_of(a, "summary", s_tot, "expenditure_personnel");
	const struct fact *su = first_of(a, "summary", s_tot, "expenditure_public_use");
	const struct fact *bp = atotal(a, "gpb_basic", "personnel"), *bu = atotal(a, "gpb_basic", "public_use");
	if (sp && su && bp && bu) {
		int64_t dd = sp->amount + su->amount - bp->amount - bu->amount;
		if ((dd < 0 ? -dd : dd) <= half(sp) + half(su) + half(bp) + half(bu)) {
			same_check(a, "cross_table", sp, bp, "人员经费：收支总体情况表与一般公共预算基本支出情况表");
			same_check(a, "cross_table", su, bu, "公用经费：收支总体情况表与一般公共预算基本支出情况表");
		}
	}
	/* 三公 items against their economic codes: project funds can carry 三公 spending, so a
	 * difference is worth a look, not an error */
	static const struct {
		const char *col, *code, *zh;
	} sx[] = { { "reception", "30217", "公务接待费" }, { "abroad", "30212", "因公出国（境）费" },
		   { "vehicle_operation", "30231", "公务用车运行维护费" },
		   { "vehicle_purchase", "31013", "公务用车购置费" }, { "meeting", "30215", "会议费" },
		   { "training", "30216", "培训费" } };
	for (size_t k = 0; k < sizeof sx / sizeof sx[0]; k++) {
		const struct fact *x = atotal(a, "sangong", sx[k].col);
		const struct fact *y = afind(a, "gpb_basic", sx[k].code, NULL, "total");
		if (!x || !y || x->amount == y->amount)
			continue;
		char b1[32], b2[32];
		audit_add(&a->s->findings, a->pool, "sangong_vs_economic", SEV_INFO, 1, x->amount, 1,
			  y->amount, MU_WAN, y->file, y->line, y->page,
			  "%s：“三公”经费表为%s万元，基本支出经济分类%s为%s万元；项目支出也可列支，差异值得一看",
			  sx[k].zh, wan(x->amount, b1), sx[k].code, wan(y->amount, b2));
	}
	/* performance: projects within 项目支出, and adding up to it when all are listed */
	const struct fact *pt = atotal(a, "performance", "total");
	if (pt && m[M_PROJECT].has && !m[M_PROJECT].from_narrative) {
		int64_t diff = pt->amount - m[M_PROJECT].v;
		if (diff > audit_envelope(1, pt->unit_note)) {
			char b1[32], b2[32];
			const struct fact *pf = atotal(a, "expenditure", "project");
			if (!pf)
				pf = atotal(a, "gpb_expenditure", "project");
			const char *why;
			enum severity sev = vouch(a, SEV_ERROR, pt, pf, &why);
			audit_add(&a->s->findings, a->pool, "performance_exceeds_project", sev, 1,
				  m[M_PROJECT].v, 1, pt->amount, MU_WAN, pt->file, pt->line, pt->page,
				  "绩效目标项目资金%s万元超过项目支出%s万元%s", wan(pt->amount, b1),
				  wan(m[M_PROJECT].v, b2), why);
		}
	}
}

/* ---- narrative against tables ---- */

/* Table figures a narrative key speaks of: any one of them agreeing is enough. */
static size_t candidates(const struct actx *a, const char *key, const struct fact **out, size_t max)
{
	size_t n = 0;
#define ADD(f)                                   \
	do {                                     \
		const struct fact *f_ = (f);     \
		if (f_ && n < max)               \
			out[n++] = f_;           \
	} while (0)
	int fin = a->s->final;
	char k[64];
	if (!strcmp(key, "income_total")) {
		ADD(atotal(a, "income", "total"));
		ADD(afind(a, "summary", NULL, "本年收入合计", "income"));
		ADD(afind(a, "summary", NULL, "收入合计", "income")); /* (with 上年结转结余) */
		ADD(afind(a, "summary", NULL, "收入总计", "income"));
		ADD(afind(a, "summary", NULL, "总计", "income"));
	} else if (!strcmp(key, "expenditure_total")) {
		ADD(atotal(a, "expenditure", "total"));
		ADD(afind(a, "summary", NULL, "本年支出合计", "expenditure"));
		ADD(afind(a, "summary", NULL, "支出合计", "expenditure"));
		ADD(afind(a, "summary", NULL, "支出总计", "expenditure"));
		ADD(afind(a, "summary", NULL, "总计", "expenditure"));
	} else if (!strcmp(key, "fiscal_total")) {
		ADD(afind(a, "fiscal_summary", NULL, "本年收入", "income"));
		ADD(afind(a, "fiscal_summary", NULL, "本年收入合计", "income"));
		ADD(afind(a, "fiscal_summary", NULL, "收入总计", "income"));
		ADD(afind(a, "fiscal_summary", NULL, "总计", "income"));
		ADD(afind(a, "summary", "", "财政拨款收入", "income"));
	} else if (!strcmp(key, "gpb_total")) {
		ADD(atotal(a, "gpb_expenditure", "total"));
		ADD(afind(a, "fiscal_summary", NULL, "本年支出合计", "expenditure_gpb"));
		ADD(afind(a, "summary", NULL, "一般公共预算拨款", "income"));
		ADD(afind(a, "fiscal_summary", NULL, "本年收入/一般公共预算", "income"));
	} else if (!strcmp(key, "basic") || !strcmp(key, "project")) {
		ADD(atotal(a, "expenditure", key));
		ADD(atotal(a, "gpb_expenditure", key));
	} else if (!strcmp(key, "gpb_basic") || !strcmp(key, "gpb_project")) {
		ADD(atotal(a, "gpb_expenditure", key + 4));
		if (!strcmp(key, "gpb_basic"))
			ADD(atotal(a, "gpb_basic", "total"));
	} else if (!strcmp(key, "personnel") || !strcmp(key, "public_use")) {
		ADD(atotal(a, "gpb_basic", key));
		ADD(atotal(a, "gpb_expenditure", key));
		ADD(afind(a, "gpb_basic", "", !strcmp(key, "personnel") ? "人员经费合计" : "公用经费合计", "total"));
	} else if (!strncmp(key, "sangong_", 8) || !strcmp(key, "meeting") || !strcmp(key, "training") ||
		   !strcmp(key, "admin_running")) {
		const char *col = !strncmp(key, "sangong_", 8) ? key + 8 : key;
		snprintf(k, sizeof k, "%s%s", col, fin ? "_final" : "");
		ADD(atotal(a, "sangong", k));
		if (!fin)
			ADD(atotal(a, "sangong", col));
	} else if (!strcmp(key, "gov_fund_total")) {
		ADD(atotal(a, "gov_fund", "total"));
	} else if (!strcmp(key, "soe_total")) {
		ADD(atotal(a, "soe_capital", "total"));
	} else if (!strcmp(key, "procurement_total")) {
		ADD(atotal(a, "procurement", "total"));
	} else if (!strcmp(key, "purchase_service_total")) {
		ADD(atotal(a, "purchase_service", "total"));
	} else if (!strcmp(key, "performance_total")) {
		ADD(atotal(a, "performance", "total"));
	} else if (digits(key) == 3 || digits(key) == 5 || digits(key) == 7) {
		ADD(afind(a, "expenditure", key, NULL, "total"));
		ADD(afind(a, "gpb_expenditure", key, NULL, "total"));
		if (strlen(key) == 3)
			ADD(afind(a, "summary", key, NULL, "expenditure"));
	}
#undef ADD
	return n;
}

/* The range of (ch ± hc) / (pr ± hp) × 100 %, over the corners of the rounding of both; 0 when
 * the base may be zero or below. */
static int rate_range(int64_t ch, int64_t hc, int64_t pr, int64_t hp, int64_t *lo, int64_t *hi)
{
	if (pr - hp <= 0)
		return 0;
	int64_t c[2] = { ch - hc, ch + hc }, b[2] = { pr - hp, pr + hp };
	int first = 1;
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			int ok;
			int64_t r = money_muldiv(c[i], 100 * MONEY_WAN, b[j], &ok);
			if (!ok)
				return 0;
			if (first || r < *lo)
				*lo = r;
			if (first || r > *hi)
				*hi = r;
			first = 0;
		}
	return 1;
}

/* A stated share whose base the tables do not give as a metric (issue 16, item 4): a 三公 item's
 * share of the 三公 total (`公务接待费14.30万元，占78.14%`), an income source's of the income
 * (`本年一般公共预算收入242,360.10万元，占96.95%`). The claim's own amount over any base it may
 * mean (the table's total, the narrative's own; 本年收入合计 or 收入总计): one agreeing is enough,
 * each taken as printed. */
static void share_of_base(struct actx *a, const struct fact *f)
{
	static const char *const income_src[] = { "gpb_total", "gov_fund_total", "soe_total", "fiscal_total",
						  "income_business", "income_operating", "income_upper_grant",
						  "income_affiliate", "income_other", "income_special",
						  "income_unit_funds", NULL };
	const char *key = f->row_code, *bases[2] = { NULL, NULL };
	if (!strcmp(key, "sangong_abroad") || !strcmp(key, "sangong_vehicle") || !strcmp(key, "sangong_reception"))
		bases[0] = "sangong_total";
	for (size_t i = 0; income_src[i]; i++)
		if (!strcmp(key, income_src[i])) {
			bases[0] = "income_total";
			bases[1] = "expenditure_total"; /* (`财政拨款支出…占100%`: the two totals are one) */
		}
	if (!bases[0])
		return;
	const struct fact *part = narr_near(a, f, "current", f->line);
	if (!part)
		return;
	const struct fact *c[24];
	size_t n = 0;
	for (int b = 0; b < 2 && bases[b]; b++) {
		n += candidates(a, bases[b], c + n, 8);
		struct doc_iter ni;
		doc_iter_init(&ni, a->d, "narrative", "current");
		for (const struct fact *g; n < 24 && (g = doc_iter_next(&ni));)
			if (!strcmp(g->row_code, bases[b]) && g->amount > 0)
				c[n++] = g;
	}
	const struct fact *ref = NULL;
	int cut = 0;
	for (size_t k = 0; k < n; k++) {
		int64_t lo, hi;
		if (c[k]->amount <= 0 || !rate_range(part->amount, half(part), c[k]->amount, half(c[k]), &lo, &hi))
			continue;
		int64_t h = half(f);
		if (f->amount >= lo - h && f->amount <= hi + h)
			return;
		int64_t q = fact_ulp(f);
		cut |= q > 0 && (lo / q * q == f->amount || hi / q * q == f->amount);
		if (!ref || (suspect_fact(a, ref) && !suspect_fact(a, c[k])))
			ref = c[k];
	}
	if (!ref)
		return;
	int ok;
	int64_t want = metrics_share(part->amount, ref->amount, &ok);
	if (!ok)
		return;
	const char *why;
	enum severity sev = vouch(a, cut ? SEV_INFO : SEV_ERROR, ref, NULL, &why);
	char b1[32], b2[32], b3[32], b4[32];
	audit_add(&a->s->findings, a->pool, "narrative_share", sev, 1, want, 1, f->amount, MU_PCT, f->file, f->line,
		  f->page, "情况说明称“%s”%s万元占比%s%%，按%s%s万元应为%s%%%s%s", f->row_name, printed(part, b1),
		  printed(f, b2), table_zh(ref->table), printed(ref, b3), money_format(want, 2, b4),
		  cut ? "，按截尾计一致" : "", why);
}

/* The 三公 table's column of a narrative key (its items, 会议费, 培训费, 机关运行经费), else NULL. */
static const char *sangong_col(const char *key)
{
	if (!strncmp(key, "sangong_", 8))
		return key + 8;
	if (!strcmp(key, "meeting") || !strcmp(key, "training") || !strcmp(key, "admin_running"))
		return key;
	return NULL;
}

/* The narrative's prior year and change of a 三公 item against the 三公 table's own prior-year and
 * change columns (`2025年预算数 | 2026年预算数`; issue 16, items 2 and 4): the same figure when
 * both speak of last year's budget. A prior stated as last year's execution (`比上年执行数减少`)
 * against a column of last year's budget — or the other way round — is another quantity: a
 * difference is a warning that says so, never an error. */
static void narrative_priors(struct actx *a)
{
	if (a->s->final)
		return; /* (a final account's 三公 table sets budget against outturn of one year) */
	const struct doc *d = a->d;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (strcmp(f->table, "narrative"))
			continue;
		int change = !strcmp(f->column, "change") || !strcmp(f->column, "change_exec");
		int prior = !strcmp(f->column, "prior") || !strcmp(f->column, "prior_exec");
		const char *col = sangong_col(f->row_code);
		if ((!change && !prior) || !col)
			continue;
		int exec = strstr(f->column, "_exec") != NULL;
		char k[64];
		snprintf(k, sizeof k, "%s_%s", change ? "change" : "prior", col);
		const struct fact *t = atotal(a, "sangong", k);
		int t_exec = 0;
		if (!t) { /* (a column of last year's outturn: `2025年决算数`) */
			snprintf(k, sizeof k, "%s_%s_final", change ? "change" : "prior", col);
			t = atotal(a, "sangong", k);
			t_exec = 1;
		}
		if (!t)
			continue;
		/* a prior derived from the current and the change is as precise as both */
		int64_t hf = half(f);
		if (prior) {
			const struct fact *cur = narr_near(a, f, "current", f->line);
			const struct fact *ch = narr_near(a, f, exec ? "change_exec" : "change", f->line);
			if (cur && ch && cur->amount - ch->amount == f->amount)
				hf = half(cur) + half(ch);
		}
		int64_t diff = f->amount - t->amount, ad = diff < 0 ? -diff : diff;
		if (ad <= hf + half(t))
			continue;
		char b1[32], b2[32];
		const char *what = change ? "增减额" : "上年数";
		if (exec != t_exec) {
			audit_add(&a->s->findings, a->pool, "narrative_vs_table", SEV_WARNING, 1, t->amount, 1, f->amount,
				  MU_WAN, f->file, f->line, f->page,
				  "情况说明所述“%s”的%s（比上年%s）为%s万元，“三公”经费表所列（比上年%s）为%s万元（第%d行）；两者口径不同，无法核实",
				  f->row_name, what, exec ? "执行数" : "预算", printed(f, b1), t_exec ? "决算数" : "预算",
				  printed(t, b2), t->line);
			continue;
		}
		int cut = truncated(f, t);
		const char *why;
		enum severity sev = vouch(a, cut ? SEV_INFO : SEV_ERROR, t, NULL, &why);
		if (sev == SEV_ERROR && !subject_certain(a, f, t)) {
			sev = SEV_WARNING;
			why = "；但该主语未能唯一对应到表中一行（按用语推断），无法核实";
		}
		audit_add(&a->s->findings, a->pool, "narrative_vs_table", sev, 1, t->amount, 1, f->amount, MU_WAN, f->file,
			  f->line, f->page, "情况说明所述“%s”的%s为%s万元，“三公”经费表所列为%s万元（第%d行）%s%s", f->row_name,
			  what, printed(f, b1), printed(t, b2), t->line, cut ? "，按截尾计一致" : "", why);
	}
}

/* A stated rate of change against the stated change and current (issue 16, item 4): `增长6.2%`
 * with `增加123.05万元` and `1,236.47万元`, each taken as printed; the rate against last year's
 * execution (`比上年执行数下降6.25%`) with the change against it, never with the change against
 * the budget. Without a stated change, a prior the narrative states itself (`比2024年预算
 * 0.22万元`) gives it. */
static void rate_check(struct actx *a, const struct fact *f)
{
	int exec = !strcmp(f->column, "pct_exec");
	const struct fact *ch = narr_near(a, f, exec ? "change_exec" : "change", f->line);
	const struct fact *cur = narr_near(a, f, "current", f->line);
	if (!cur)
		return;
	int64_t change, hc, prior, hp;
	const struct fact *pr = NULL;
	if (ch) {
		change = ch->amount;
		hc = half(ch);
		prior = cur->amount - ch->amount;
		hp = half(cur) + half(ch);
	} else {
		/* a prior the reader derived from this rate (prec 0) would prove nothing */
		pr = narr_near(a, f, exec ? "prior_exec" : "prior", f->line);
		if (!pr || !pr->prec)
			return;
		change = cur->amount - pr->amount;
		hc = half(cur) + half(pr);
		prior = pr->amount;
		hp = half(pr);
	}
	if (prior <= 0)
		return;
	int64_t lo, hi;
	if (!rate_range(change, hc, prior, hp, &lo, &hi))
		return;
	/* the rate as printed: `增长6.2%` stands for [6.15, 6.25) */
	int64_t h = half(f);
	if (f->amount >= lo - h && f->amount <= hi + h)
		return;
	/* `比上年1.43万元，增加0.68%`: a figure after 比上年 may be the change, not the prior (only
	 * `执行数为11.67万元` says which it is) — a rate that fits that reading proves nothing */
	int64_t alo, ahi;
	if (pr && !exec && rate_range(pr->amount, half(pr), cur->amount - pr->amount, half(cur) + half(pr), &alo, &ahi) &&
	    f->amount >= alo - h && f->amount <= ahi + h) {
		/* …and then it is no prior year: the analyses leave it out (growth.csv says why) */
		int mid = metric_by_key(f->row_code);
		const struct mval *xp = mid >= 0 ? docsum_x(a->s, MX_PRIOR, mid) : NULL;
		struct mval *slot;
		if (xp && xp->has && xp->v == pr->amount && xp->line == pr->line &&
		    (slot = docsum_x_slot(a->s, MX_PRIOR, mid)))
			slot->rejected = 1;
		return;
	}
	int okc;
	int64_t exact = money_muldiv(change, 100 * MONEY_WAN, prior, &okc);
	if (!okc)
		return;
	int dp = fact_decimals(f);
	dp = dp < 0 ? 0 : dp > 6 ? 6 : dp;
	int64_t want = money_round(exact, dp);
	/* a rate cut rather than rounded to its last digit (6.1% for 6.18%) */
	int64_t q = fact_ulp(f);
	int cut = q > 0 && (lo / q * q == f->amount || hi / q * q == f->amount);
	char b1[32], b2[32], b3[32], b4[32];
	if (ch)
		audit_add(&a->s->findings, a->pool, "narrative_rate", cut ? SEV_INFO : SEV_ERROR, 1, want, 1,
			  f->amount, MU_PCT, f->file, f->line, f->page,
			  "情况说明称“%s”%s变动%s%%，按所述增减额%s万元与上年%s%s万元应为%s%%%s", f->row_name,
			  exec ? "比上年执行数" : "", printed(f, b1), printed(ch, b2), exec ? "执行数" : "",
			  wan(prior, b3), money_format(want, dp, b4), cut ? "，按截尾计一致" : "");
	else
		audit_add(&a->s->findings, a->pool, "narrative_rate", cut ? SEV_INFO : SEV_ERROR, 1, want, 1,
			  f->amount, MU_PCT, f->file, f->line, f->page,
			  "情况说明称“%s”%s变动%s%%，按所述本年%s万元与上年%s%s万元应为%s%%%s", f->row_name,
			  exec ? "比上年执行数" : "", printed(f, b1), printed(cur, b2), exec ? "执行数" : "",
			  printed(pr, b3), money_format(want, dp, b4), cut ? "，按截尾计一致" : "");
}

/* A stated rate of execution (`完成年初预算的98.20%`) against the outturn and the budget the
 * same claim states (issue 16, item 4). A budget of 0 has no rate: a rate stated against it is
 * an error (`年初预算为0万元，支出决算为94.5万元` may say no rate, and most do). */
static void exec_rate_check(struct actx *a, const struct fact *f)
{
	const struct fact *cur = narr_within(a, f, "current", f->line, 3);
	const struct fact *bs[2] = { narr_within(a, f, "budget", f->line, 3),
				     narr_within(a, f, "budget_adjusted", f->line, 3) };
	if (!cur || (!bs[0] && !bs[1]))
		return;
	int any = 0, zero = 0, cut = 0;
	const struct fact *ref = NULL;
	int64_t want = 0;
	int dp = fact_decimals(f);
	dp = dp < 0 ? 0 : dp > 6 ? 6 : dp;
	for (int k = 0; k < 2; k++) {
		const struct fact *b = bs[k];
		if (!b)
			continue;
		if (b->amount == 0) {
			zero = 1;
			if (!ref)
				ref = b;
			continue;
		}
		int64_t lo, hi;
		if (!rate_range(cur->amount, half(cur), b->amount, half(b), &lo, &hi))
			return; /* (a budget printed so coarsely that it may be 0: nothing to say) */
		any = 1;
		int64_t h = half(f);
		if (f->amount >= lo - h && f->amount <= hi + h)
			return;
		int64_t q = fact_ulp(f);
		cut |= q > 0 && (lo / q * q == f->amount || hi / q * q == f->amount);
		if (!ref || ref->amount == 0) {
			int ok;
			ref = b;
			want = money_round(money_muldiv(cur->amount, 100 * MONEY_WAN, b->amount, &ok), dp);
		}
	}
	char b1[32], b2[32], b3[32], b4[32];
	if (!any && zero) {
		if (f->amount == 0)
			return; /* (`完成0%` of nothing: nothing stated) */
		audit_add(&a->s->findings, a->pool, "narrative_exec_rate", SEV_ERROR, 0, 0, 1, f->amount, MU_PCT,
			  f->file, f->line, f->page,
			  "情况说明称“%s”完成预算的%s%%，但所述预算为0万元（支出%s万元），完成率无从计算", f->row_name,
			  printed(f, b1), printed(cur, b2));
		return;
	}
	if (!any)
		return;
	audit_add(&a->s->findings, a->pool, "narrative_exec_rate", cut ? SEV_INFO : SEV_ERROR, 1, want, 1, f->amount,
		  MU_PCT, f->file, f->line, f->page,
		  "情况说明称“%s”完成预算的%s%%，按所述支出%s万元与预算%s万元应为%s%%%s", f->row_name, printed(f, b1),
		  printed(cur, b2), printed(ref, b3), money_format(want, dp, b4), cut ? "，按截尾计一致" : "");
}

/* Whether a function class's stated share fits its own amount (the narrative's or the table's)
 * over any base the narrative may mean: all funds, the general budget, 财政拨款 — from the tables or
 * as the narrative states it. */
static int class_share_fits(const struct actx *a, const struct fact *f)
{
	const struct fact *parts[6], *bases[24];
	size_t np = candidates(a, f->row_code, parts, 5), nb = 0;
	const struct fact *own = narr_near(a, f, "current", f->line);
	if (own)
		parts[np++] = own;
	static const char *const keys[] = { "expenditure_total", "gpb_total", "fiscal_total" };
	for (size_t k = 0; k < 3; k++) {
		nb += candidates(a, keys[k], bases + nb, 6);
		struct doc_iter ni;
		doc_iter_init(&ni, a->d, "narrative", "current");
		for (const struct fact *g; nb < 24 && (g = doc_iter_next(&ni));)
			if (!strcmp(g->row_code, keys[k]) && g->amount > 0)
				bases[nb++] = g;
	}
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < nb; j++) {
			int64_t lo, hi, h = half(f);
			if (rate_range(parts[i]->amount, half(parts[i]), bases[j]->amount, half(bases[j]), &lo, &hi) &&
			    f->amount >= lo - h && f->amount <= hi + h)
				return 1;
		}
	return 0;
}

/* Whether the general budget and all funds are different sums in this document (so a bare
 * 基本支出 may be either). */
static int scopes_differ(const struct actx *a)
{
	const struct mval *m = a->s->m;
	if (!m[M_GPB_TOTAL].has || !m[M_EXPENDITURE_TOTAL].has)
		return 1; /* (not known: it may) */
	int64_t d = m[M_GPB_TOTAL].v - m[M_EXPENDITURE_TOTAL].v;
	return (d < 0 ? -d : d) > 2 * metrics_half_unit(MU_WAN);
}

static void narrative_checks(struct actx *a)
{
	const struct doc *d = a->d;
	const struct mval *m = a->s->m;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (strcmp(f->table, "narrative"))
			continue;
		/* the narrative against itself: a subject the reader could not key (a function item
		 * named by a path of no known code) still states its rates and its amounts */
		if (!strcmp(f->column, "pct") || !strcmp(f->column, "pct_exec")) {
			rate_check(a, f);
			continue;
		}
		if (!strcmp(f->column, "exec_pct")) {
			exec_rate_check(a, f);
			continue;
		}
		if (!f->row_code[0])
			continue;
		if (!strcmp(f->column, "current")) {
			const struct fact *c[8];
			size_t n = candidates(a, f->row_code, c, 8);
			if (n == 0)
				continue;
			int64_t best = 0;
			int ok = 0;
			int cut = 0;
			const struct fact *cutby = NULL;
			for (size_t k = 0; k < n && !ok; k++) {
				int64_t diff = c[k]->amount - f->amount;
				int64_t env = half(f) + half(c[k]);
				if ((diff < 0 ? -diff : diff) <= env)
					ok = 1;
				else if (!cut && truncated(f, c[k])) {
					cut = 1;
					cutby = c[k];
				}
				if (k == 0 || (diff < 0 ? -diff : diff) < (best < 0 ? -best : best))
					best = diff;
			}
			if (ok)
				continue;
			char b1[32], b2[32];
			if (cut) {
				audit_add(&a->s->findings, a->pool, "narrative_vs_table", SEV_INFO, 1,
					  cutby->amount, 1, f->amount, MU_WAN, f->file, f->line, f->page,
					  "情况说明称“%s”为%s万元，%s所列为%s万元（第%d行），按截尾计一致", f->row_name,
					  printed(f, b1), table_zh(cutby->table), printed(cutby, b2), cutby->line);
				continue;
			}
			/* the figure compared: the first from a table that passed its own identities */
			const struct fact *ref = c[0];
			for (size_t k = 0; k < n; k++)
				if (!suspect_fact(a, c[k])) {
					ref = c[k];
					break;
				}
			/* a function item of the narrative speaks of 财政拨款 (财政拨款支出主要内容): its
			 * row of the general budget's table, when printed, is the one to cite */
			if (digits(f->row_code) >= 3)
				for (size_t k = 0; k < n; k++)
					if (!strcmp(c[k]->table, "gpb_expenditure") && !suspect_fact(a, c[k])) {
						ref = c[k];
						break;
					}
			const char *why;
			enum severity sev = vouch(a, SEV_ERROR, ref, NULL, &why);
			if (sev == SEV_ERROR && !subject_certain(a, f, ref)) {
				sev = SEV_WARNING;
				why = "；但该主语未能唯一对应到表中一行（按用语推断），无法核实";
			}
			/* `一般公共预算财政拨款支出X，其中：基本支出Y`: a bare 基本支出/项目支出 may be the
			 * general budget's, which differs from all funds' here; without the general budget's
			 * own figure read, the sentence cannot be told (checkA's A9) */
			if (sev == SEV_ERROR && (!strcmp(f->row_code, "basic") || !strcmp(f->row_code, "project")) &&
			    !strcmp(ref->table, "expenditure") && !strstr(f->row_name, "一般公共预算") &&
			    !atotal(a, "gpb_expenditure", f->row_code) && scopes_differ(a)) {
				sev = SEV_WARNING;
				why = "；但该主语也可能指一般公共预算（与全部资金不同，表中未读到其数），无法核实";
			}
			int empty = 0;
			for (size_t t = 0; t < d->ntables; t++)
				if (!strcmp(d->tables[t].key, ref->table) && d->tables[t].stated_empty)
					empty = 1;
			audit_add(&a->s->findings, a->pool, "narrative_vs_table", sev, 1, ref->amount, 1,
				  f->amount, MU_WAN, f->file, f->line, f->page,
				  "情况说明称“%s”为%s万元，%s所列为%s万元%s（第%d行）%s", f->row_name,
				  printed(f, b1), table_zh(ref->table), printed(ref, b2),
				  empty ? "，且该表注明为空表" : "", ref->line, why);
		} else if (!strcmp(f->column, "prior") && f->amount < 0) {
			char b[32];
			audit_add(&a->s->findings, a->pool, "narrative_prior", SEV_ERROR, 0, 0, 1, f->amount,
				  MU_WAN, f->file, f->line, f->page,
				  "情况说明所述“%s”的本年数与增减额推出上年为%s万元（负数），增减额或方向有误",
				  f->row_name, wan(f->amount, b));
		} else if (!strcmp(f->column, "share")) {
			/* shares the tables imply: 基本/项目 and function classes over the total */
			int64_t want;
			int have = 0;
			if (!strcmp(f->row_code, "basic") && m[M_BASIC_SHARE].has && !m[M_BASIC_SHARE].from_narrative) {
				want = m[M_BASIC_SHARE].v;
				have = 1;
			} else if (!strcmp(f->row_code, "project") && m[M_PROJECT_SHARE].has &&
				   !m[M_PROJECT_SHARE].from_narrative) {
				want = m[M_PROJECT_SHARE].v;
				have = 1;
			} else if (digits(f->row_code) == 3 && m[M_EXPENDITURE_TOTAL].has &&
				   !m[M_EXPENDITURE_TOTAL].from_narrative) {
				const struct fact *c[4];
				if (candidates(a, f->row_code, c, 4) > 0) {
					int ok;
					want = metrics_share(c[0]->amount, m[M_EXPENDITURE_TOTAL].v, &ok);
					have = ok;
				}
			}
			if (!have) {
				share_of_base(a, f);
				continue;
			}
			int64_t diff = f->amount - want;
			/* the share as printed (`占32.5%` ±0.05) and the rounding of the computed one */
			if ((diff < 0 ? -diff : diff) <= half(f) + 5000)
				continue;
			/* a class's share of the base its sentence states (`财政拨款支出13733.8万元，主要用于…
			 * 卫生健康支出（类）支出497.53万元，占3.62%`), not necessarily of all funds */
			if (digits(f->row_code) == 3 && class_share_fits(a, f))
				continue;
			char b1[32], b2[32];
			audit_add(&a->s->findings, a->pool, "narrative_share", SEV_ERROR, 1, want, 1, f->amount,
				  MU_PCT, f->file, f->line, f->page, "情况说明称“%s”占比%s%%，按表中数据应为%s%%",
				  f->row_name, printed(f, b1), money_format(want, 2, b2));
		}
	}
	narrative_priors(a);
}

/* ---- completeness and the tables' own notes ---- */

static void completeness(struct actx *a)
{
	const struct doc *d = a->d;
	static const struct {
		const char *table, *narr;
	} covered[] = { { "procurement", "procurement_total" },
			{ "purchase_service", "purchase_service_total" },
			{ "performance", "project_count" } };
	for (size_t k = 0; k < tables_nkeys; k++) {
		int present = 0;
		for (size_t i = 0; i < d->ntables; i++)
			if (!strcmp(d->tables[i].key, tables_keys[k]))
				present = 1;
		if (present)
			continue;
		int in_narr = 0;
		for (size_t c = 0; c < sizeof covered / sizeof covered[0]; c++)
			if (!strcmp(covered[c].table, tables_keys[k]))
				for (size_t i = 0; i < d->facts.n && !in_narr; i++)
					in_narr = !strcmp(d->facts.v[i].table, "narrative") &&
						  !strcmp(d->facts.v[i].row_code, covered[c].narr);
		audit_add(&a->s->findings, a->pool, "missing_table", in_narr ? SEV_INFO : SEV_WARNING, 0, 0,
			  0, 0, MU_WAN, d->path, 0, 0, "未公开%s%s", table_zh(tables_keys[k]),
			  in_narr ? "（情况说明中有相关数据）" : "，也未说明为空表");
	}
	/* per table kind, once (a document may state many tables empty): its first non-zero figure,
	 * and the first narrative figure about it */
	int any_empty = 0;
	for (size_t i = 0; i < d->ntables; i++)
		any_empty |= d->tables[i].stated_empty;
	if (!any_empty)
		return;
	const struct fact *nzk[16] = { 0 }, *nak[16] = { 0 };
	for (size_t j = 0; j < d->facts.n; j++) {
		int k = table_bit(d->facts.v[j].table);
		/* (a column-number row, 栏次 1 2 3…, is no value of the table) */
		if (k >= 0 && k < 16 && !nzk[k] && d->facts.v[j].amount != 0 &&
		    strncmp(d->facts.v[j].row_name, "栏次", strlen("栏次")))
			nzk[k] = &d->facts.v[j];
	}
	struct doc_iter ni;
	doc_iter_init(&ni, d, "narrative", "current");
	for (const struct fact *f; (f = doc_iter_next(&ni));) {
		if (f->amount == 0)
			continue;
		const struct fact *c[8];
		size_t n = candidates(a, f->row_code, c, 8);
		for (size_t k = 0; k < n; k++) {
			int tk = table_bit(c[k]->table);
			if (tk >= 0 && tk < 16 && !nak[tk])
				nak[tk] = f;
		}
	}
	for (size_t i = 0; i < d->ntables; i++) {
		const struct doc_table *t = &d->tables[i];
		if (!t->stated_empty)
			continue;
		int tk = table_bit(t->key);
		if (tk < 0 || tk >= 16)
			continue; /* (not a kind of DOMAIN.md: nothing to say about it) */
		const struct fact *nz = nzk[tk];
		/* and the narrative giving a figure for what the table says it has none of */
		for (const struct fact *f = nak[tk]; f; f = NULL) {
			char b[32];
			audit_add(&a->s->findings, a->pool, "narrative_vs_empty_table", SEV_ERROR, 1, 0, 1,
				  f->amount, MU_WAN, f->file, f->line, f->page,
				  "情况说明称“%s”为%s万元，而%s注明本表为空表（第%d行）", f->row_name,
				  wan(f->amount, b), table_zh(t->key), t->note_line);
			break;
		}
		if (nz) {
			char b[32];
			audit_add(&a->s->findings, a->pool, "stated_empty_with_values", SEV_ERROR, 1, 0, 1,
				  nz->amount, MU_WAN, nz->file, nz->line, nz->page,
				  "%s注明为空表，但表中列有数值（如“%s”%s万元）", table_zh(t->key), nz->row_name,
				  wan(nz->amount, b));
		}
	}
}

/* The metrics read from a table that failed its own identities: the analyses leave them out
 * (growth, trends, flags, charts say so). A metric's source is its fact's place and amount. */
static void reject_suspect_metrics(struct actx *a)
{
	if (!a->suspect)
		return;
	struct mval *m = a->s->m;
	const struct doc *d = a->d;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (!suspect_fact(a, f))
			continue;
		for (int k = 0; k < M_COUNT; k++)
			if (m[k].has && !m[k].from_narrative && m[k].line == f->line && m[k].page == f->page &&
			    m[k].v == f->amount)
				m[k].rejected = 1;
	}
	/* shares of a rejected part or whole */
	if (m[M_BASIC].rejected || m[M_PROJECT].rejected)
		m[M_BASIC_SHARE].rejected = m[M_PROJECT_SHARE].rejected = 1;
	if (m[M_PERSONNEL].rejected || m[M_PUBLIC_USE].rejected)
		m[M_PERSONNEL_SHARE].rejected = 1;
}

int audit_quality(const struct doc *d, const struct findings *fl)
{
	/* completeness: 50 points over the 12 kinds, a kind the template covers in the narrative
	 * counting as disclosed; consistency: 50 points less 10 per error and 2 per warning */
	size_t missing = 0, errors = 0, warnings = 0;
	for (size_t i = 0; i < fl->n; i++) {
		if (!strcmp(fl->v[i].check, "missing_table")) {
			if (fl->v[i].severity == SEV_WARNING)
				missing++;
			continue;
		}
		if (fl->v[i].severity == SEV_ERROR)
			errors++;
		else if (fl->v[i].severity == SEV_WARNING)
			warnings++;
	}
	(void)d;
	long comp = 50 - (long)(missing * 50 + tables_nkeys / 2) / (long)tables_nkeys;
	long cons = 50 - (long)(errors * 10 + warnings * 2);
	if (cons < 0)
		cons = 0;
	if (comp < 0)
		comp = 0;
	return (int)(comp + cons);
}

void audit_document(const struct doc *d, struct docsum *s, struct strpool *pool)
{
	struct actx a = { d, s, pool, 0, aidx_build(d) };
	/* what the reader could not place, or found broken */
	for (size_t i = 0; i < d->findings.n; i++) {
		struct finding f = d->findings.v[i];
		f.check = strpool_cstr(pool, f.check);
		f.file = strpool_cstr(pool, f.file);
		f.message = strpool_cstr(pool, f.message);
		findings_add(&s->findings, &f);
	}
	identities(&a);
	reject_suspect_metrics(&a);
	completeness(&a);
	cross_tables(&a);
	narrative_checks(&a);
	aidx_free(a.ix);
	int q = audit_quality(d, &s->findings);
	s->m[M_QUALITY_SCORE] = (struct mval){ .has = 1, .v = (int64_t)q * MONEY_WAN, .file = s->path,
					       .unit = MU_COUNT };
}
