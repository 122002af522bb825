/* A table's own identities from its facts alone (identities.h says which and why). Every sum is
 * exact (int64 分); the envelope is half the ulps of the figures involved, compared doubled so
 * that a source printing 0.000001 万元 (half a 分) is exact too. */
#include "identities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "text.h"

/* ---- within a row ---- */

struct rule {
	const char *table, *total;
	const char *parts[12];   /* NULL-terminated */
	const char *zh;
};

static const struct rule rules[] = {
	{ "expenditure", "total", { "basic", "project", "carryover_out", "remit_upper", "operating_exp", "affiliate_grant" }, "合计 = 基本支出 + 项目支出 + 其他各列" },
	{ "gov_fund", "total", { "basic", "project" }, "合计 = 基本支出 + 项目支出" },
	{ "soe_capital", "total", { "basic", "project" }, "合计 = 基本支出 + 项目支出" },
	{ "gpb_expenditure", "total", { "basic", "project" }, "合计 = 基本支出 + 项目支出" },
	{ "gpb_expenditure", "basic", { "personnel", "public_use" }, "基本支出 = 人员经费 + 公用经费" },
	{ "gpb_basic", "total", { "personnel", "public_use" }, "合计 = 人员经费 + 公用经费" },
	{ "income", "total", { "cur", "carry" }, "合计 = 本年收入 + 上年结转结余" },
	{ "income", "cur", { "cur_gpb", "cur_gov_fund", "cur_soe", "cur_special", "cur_unit_funds", "cur_business", "cur_operating", "cur_other", "cur_upper_grant", "cur_affiliate_income" }, "本年收入 = 各来源之和" },
	{ "income", "carry", { "carry_gpb", "carry_gov_fund", "carry_soe", "carry_special", "carry_unit_funds" }, "上年结转结余 = 各来源之和" },
	{ "income", "total", { "fiscal", "business", "operating", "other", "upper_grant", "affiliate_income", "carry" }, "合计 = 各收入来源之和" },
	{ "income", "total", { "gpb", "gov_fund", "soe", "special", "unit_funds", "carry" }, "合计 = 各收入来源之和" },
	/* the appropriations by fund beside the other sources (Shaanxi: 一般公共预算拨款 | 政府性基金拨款 |
	 * 上级补助收入 | 事业收入 | 经营收入 | … | 上年结转 | 其他收入) */
	{ "income", "total", { "gpb", "gov_fund", "soe", "special", "business", "operating", "other", "upper_grant", "affiliate_income", "carry" }, "合计 = 各收入来源之和" },
	{ "sangong", "total", { "abroad", "vehicle", "reception" }, "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费" },
	{ "sangong", "vehicle", { "vehicle_purchase", "vehicle_operation" }, "公务用车购置及运行维护费 = 购置费 + 运行维护费" },
	{ "sangong", "training", { "training_local", "training_upper" }, "培训费 = 各来源之和" },
	{ "sangong", "total_budget", { "abroad_budget", "vehicle_budget", "reception_budget" }, "“三公”经费预算合计 = 各项之和" },
	{ "sangong", "total_final", { "abroad_final", "vehicle_final", "reception_final" }, "“三公”经费决算合计 = 各项之和" },
	{ "sangong", "vehicle_budget", { "vehicle_purchase_budget", "vehicle_operation_budget" }, "公务用车费预算 = 购置费 + 运行维护费" },
	{ "sangong", "vehicle_final", { "vehicle_purchase_final", "vehicle_operation_final" }, "公务用车费决算 = 购置费 + 运行维护费" },
	{ "procurement", "total", { "gpb", "gov_fund", "soe", "special", "unit_funds", "carry" }, "采购合计 = 各资金来源之和" },
	{ "procurement", "type_total", { "central", "decentral" }, "按类型合计 = 集中采购 + 分散采购" },
	{ "procurement", "central", { "central_goods", "central_works", "central_services" }, "集中采购 = 货物 + 工程 + 服务" },
	{ "procurement", "decentral", { "decentral_goods", "decentral_works", "decentral_services" }, "分散采购 = 货物 + 工程 + 服务" },
	{ "procurement", "total", { "goods", "works", "services" }, "采购合计 = 货物 + 工程 + 服务" },
	{ "purchase_service", "total", { "gpb", "gov_fund", "soe", "special", "unit_funds", "carry" }, "合计 = 各资金来源之和" },
	{ "summary", "expenditure", { "expenditure_basic", "expenditure_project" }, "支出 = 基本支出 + 项目支出" },
	{ "summary", "expenditure", { "expenditure_personnel", "expenditure_public_use", "expenditure_project" }, "支出 = 人员经费 + 公用经费 + 项目支出" },
	{ "fiscal_summary", "expenditure", { "expenditure_gpb", "expenditure_gov_fund", "expenditure_soe" }, "支出合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算" },
};

static const char *const known_tables[] = { "summary", "income", "expenditure", "fiscal_summary",
					    "gpb_expenditure", "gpb_basic", "sangong", "gov_fund",
					    "soe_capital", "procurement", "purchase_service", "performance" };

int identities_table_known(const char *table)
{
	for (size_t i = 0; i < sizeof known_tables / sizeof known_tables[0]; i++)
		if (!strcmp(known_tables[i], table))
			return 1;
	return 0;
}

/* one fact of the table and its place in the caller's array (document order) */
struct tf {
	const struct fact *f;
	size_t ord;
};

struct ev {
	struct ident_result *r;
	int oom;
};

static int64_t iabs(int64_t v)
{
	return v < 0 ? -v : v;
}

static int within(int64_t sum, int64_t total, int64_t ulps)
{
	return 2 * iabs(sum - total) <= ulps;
}

static void add_part(struct ident *id, const struct fact *f)
{
	if (!id->part)
		id->part = f;
	id->sum += f->amount;
	id->ulps += fact_ulp(f);
	id->nparts++;
}

static void record(struct ev *e, const struct ident *id)
{
	struct ident_result *r = e->r;
	r->checked++;
	if (id->holds)
		r->held++;
	else
		r->failed++;
	if (id->sum == id->total->amount)
		return;
	struct ident *nv = ys_grow(r->v, r->n, &r->cap, sizeof *nv);
	if (!nv) {
		e->oom = 1;
		return;
	}
	r->v = nv;
	r->v[r->n++] = *id;
}

static int cmp_row(const void *a, const void *b)
{
	const struct fact *x = ((const struct tf *)a)->f, *y = ((const struct tf *)b)->f;
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	int c = strcmp(x->row_code, y->row_code);
	if (!c)
		c = strcmp(x->row_name, y->row_name);
	if (c)
		return c;
	size_t p = ((const struct tf *)a)->ord, q = ((const struct tf *)b)->ord;
	return p < q ? -1 : p > q;
}

static const struct fact *in_row(const struct tf *row, size_t n, const char *col)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(row[i].f->column, col))
			return row[i].f;
	return NULL;
}

/* A column no rule of the table names: a source or kind the header reader could not key. */
static int col_unknown(const char *table, const char *col)
{
	if (!strncmp(col, "incl_", 5))
		return 0; /* `其中：…`, a part of another column */
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
		if (strcmp(rules[r].table, table))
			continue;
		if (!strcmp(rules[r].total, col))
			return 0;
		for (size_t p = 0; rules[r].parts[p]; p++)
			if (!strcmp(rules[r].parts[p], col))
				return 0;
	}
	return 1;
}

/* The sum of a subtotal column's own parts in this row (the rule whose total it is), when two or
 * more are printed. */
static int subtotal_parts(const char *table, const struct tf *row, size_t rn, const char *col, int64_t *sum,
			  int64_t *ulps)
{
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
		if (strcmp(rules[r].table, table) || strcmp(rules[r].total, col))
			continue;
		size_t k = 0;
		*sum = *ulps = 0;
		for (size_t p = 0; rules[r].parts[p]; p++) {
			const struct fact *f = in_row(row, rn, rules[r].parts[p]);
			if (f) {
				*sum += f->amount;
				*ulps += fact_ulp(f);
				k++;
			}
		}
		if (k >= 2)
			return 1;
	}
	return 0;
}

static void row_identities(struct ev *e, const char *table, struct tf *v, size_t n)
{
	/* rows are runs of equal (page, line, code, name) */
	qsort(v, n, sizeof *v, cmp_row);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j].f->page == v[i].f->page && v[j].f->line == v[i].f->line &&
		       !strcmp(v[j].f->row_code, v[i].f->row_code) &&
		       !strcmp(v[j].f->row_name, v[i].f->row_name))
			j++;
		const struct tf *row = v + i;
		size_t rn = j - i;
		/* the rules of one total are alternatives (a template prints 基本 or 人员 | 公用 | 项目):
		 * the row holds when one of them does */
		for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
			const struct rule *ru = &rules[r];
			if (strcmp(ru->table, table))
				continue;
			int done = 0;
			for (size_t q = 0; q < r && !done; q++)
				done = !strcmp(rules[q].table, table) && !strcmp(rules[q].total, ru->total);
			const struct fact *t = done ? NULL : in_row(row, rn, ru->total);
			if (!t)
				continue;
			struct ident best = { 0 };
			for (size_t q = r; q < sizeof rules / sizeof rules[0] && !best.holds; q++) {
				const struct rule *alt = &rules[q];
				if (strcmp(alt->table, table) || strcmp(alt->total, ru->total))
					continue;
				struct ident id = { IDENT_ROW, alt->zh, t, NULL, 0, 0, fact_ulp(t), 0, 0, 0 };
				for (size_t p = 0; alt->parts[p]; p++) {
					const struct fact *f = in_row(row, rn, alt->parts[p]);
					if (!f)
						continue;
					/* a blank subtotal whose own parts are printed (`小计` empty, 购置费
					 * 18.69, 运行维护费 4.83): its parent adds the parts — one defect, one
					 * failing identity (the subtotal's own) */
					int64_t ps, pu;
					if (f->amount == 0 && subtotal_parts(table, row, rn, f->column, &ps, &pu) && ps) {
						if (!id.part)
							id.part = f;
						id.sum += ps;
						id.ulps += pu;
						id.nparts++;
						continue;
					}
					add_part(&id, f);
				}
				if (id.nparts < 2)
					continue;
				id.holds = within(id.sum, t->amount, id.ulps);
				if (!id.holds && id.sum < t->amount) {
					/* the shortfall printed in columns of unknown meaning */
					int64_t extra = 0, eu = 0;
					for (size_t k = 0; k < rn; k++)
						if (col_unknown(table, row[k].f->column)) {
							extra += row[k].f->amount;
							eu += fact_ulp(row[k].f);
						}
					if (extra && within(id.sum + extra, t->amount, id.ulps + eu)) {
						id.holds = 1;
						id.unknown = extra;
					}
				}
				if (!best.total || id.holds ||
				    iabs(id.sum - t->amount) < iabs(best.sum - t->amount))
					best = id;
			}
			if (best.total)
				record(e, &best);
		}
		i = j;
	}
}

/* ---- code hierarchy ---- */

static int code_len(const char *c)
{
	size_t n = strlen(c);
	if (n != 3 && n != 5 && n != 7)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (c[i] < '0' || c[i] > '9')
			return 0;
	return (int)n;
}

static int is_total_row(const struct fact *f)
{
	if (f->row_code[0])
		return 0;
	char t[64];
	text_norm(f->row_name, strlen(f->row_name), t, sizeof t);
	return !strcmp(t, "合计") || !strcmp(t, "总计");
}

struct ce {
	const struct fact *f;
	size_t sect, ord;
};

static int cmp_ce(const void *a, const void *b)
{
	const struct ce *x = a, *y = b;
	if (x->sect != y->sect)
		return x->sect < y->sect ? -1 : 1;
	int c = strcmp(x->f->row_code, y->f->row_code);
	if (c)
		return c;
	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/* the entry of v[0..n) (sorted by code) with this code, or NULL */
static const struct ce *find_code(const struct ce *v, size_t n, const char *code, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(v[mid].f->row_code, code, len);
		if (!c && v[mid].f->row_code[len])
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && !strncmp(v[lo].f->row_code, code, len) && !v[lo].f->row_code[len])
		return &v[lo];
	return NULL;
}

/* Σ of the top level of one family (first digit) of v[0..n), sorted by code, no duplicates */
static size_t top_sum(const struct ce *v, size_t n, char family, int64_t *sum, int64_t *ulps)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *c = v[i].f->row_code;
		if (c[0] != family)
			continue;
		size_t len = strlen(c), a = len;
		while (a > 3 && !find_code(v, n, c, a - 2))
			a -= 2;
		if (a > 3) /* an ancestor is printed */
			continue;
		*sum += v[i].f->amount;
		*ulps += fact_ulp(v[i].f);
		k++;
	}
	return k;
}

/* Codes and the section each was last seen in (1-based; 0: a free slot), open addressing over
 * nslots (a power of two above twice the facts): a section starts where a code comes again. */
struct seen {
	const char *code;
	size_t sect;
};

static uint64_t hash_code(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* True when code was seen in section `sect` already; marks it seen there (sections only grow). */
static int seen_in(struct seen *set, size_t nslots, const char *code, size_t sect)
{
	for (size_t i = (size_t)hash_code(code) & (nslots - 1);; i = (i + 1) & (nslots - 1)) {
		if (!set[i].code) {
			set[i] = (struct seen){ code, sect };
			return 0;
		}
		if (!strcmp(set[i].code, code)) {
			int again = set[i].sect == sect;
			set[i].sect = again ? sect + 1 : sect;
			return again;
		}
	}
}

static void code_identities(struct ev *e, const char *table, const struct tf *col, size_t n,
			    struct ce *buf, struct ce *distinct, struct seen *set, size_t nslots)
{
	size_t ns = 16;
	while (ns < 2 * n && ns < nslots)
		ns *= 2;
	nslots = ns;
	memset(set, 0, nslots * sizeof *set);
	/* coded rows in document order, a section starting where a code comes again */
	size_t m = 0, sect = 0;
	const struct fact *total = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = col[i].f;
		if (!total && is_total_row(f))
			total = f;
		if (!code_len(f->row_code))
			continue;
		/* a section (a unit's codes printed again) starts at a class printed again; a 款 or 项
		 * printed twice inside its class (`30208 取暖费`, `30208 物业管理费`: a typo for 30209)
		 * is still a child of it */
		if (seen_in(set, nslots, f->row_code, sect + 1) && code_len(f->row_code) == 3)
			sect++;
		buf[m++] = (struct ce){ f, sect, col[i].ord };
	}
	if (m == 0)
		return;
	/* distinct codes, first printed */
	size_t nd = 0;
	memcpy(distinct, buf, m * sizeof *buf);
	for (size_t i = 0; i < m; i++)
		distinct[i].sect = 0;
	qsort(distinct, m, sizeof *distinct, cmp_ce);
	for (size_t i = 0; i < m; i++)
		if (nd == 0 || strcmp(distinct[nd - 1].f->row_code, distinct[i].f->row_code))
			distinct[nd++] = distinct[i];
	qsort(buf, m, sizeof *buf, cmp_ce);
	/* each parent against its children, section by section */
	for (size_t i = 0; i < m; i++) {
		const char *pc = buf[i].f->row_code;
		size_t pl = strlen(pc);
		if (pl == 7)
			continue;
		struct ident id = { IDENT_CODE, pl == 3 ? "类 = 所属款之和" : "款 = 所属项之和", buf[i].f, NULL, 0, 0,
				    fact_ulp(buf[i].f), 0, 0, 0 };
		for (size_t j = i + 1; j < m && buf[j].sect == buf[i].sect &&
				       !strncmp(buf[j].f->row_code, pc, pl); j++) {
			if (strlen(buf[j].f->row_code) != pl + 2)
				continue;
			if (!id.part)
				id.part = buf[j].f;
			id.sum += buf[j].f->amount;
			id.ulps += fact_ulp(buf[j].f);
			id.nparts++;
		}
		if (id.nparts == 0)
			continue;
		id.holds = within(id.sum, id.total->amount, id.ulps);
		record(e, &id);
	}
	if (!total)
		return;
	/* the total against each family's top level: the first section, all of them, or the codes
	 * printed (sections may be units, or repeats) */
	size_t s0 = 0;
	while (s0 < m && buf[s0].sect == 0)
		s0++;
	for (char fam = '1'; fam <= '9'; fam++) {
		int64_t best_sum = 0, best_ulps = 0;
		size_t best_k = 0;
		int have = 0, holds = 0;
		for (int way = 0; way < 3 && !holds; way++) {
			int64_t sum = 0, ulps = fact_ulp(total);
			size_t k = 0;
			if (way == 0) {
				k = top_sum(buf, s0, fam, &sum, &ulps);
			} else if (way == 1) {
				if (sect == 0)
					continue;
				for (size_t a = 0; a < m;) {
					size_t b = a;
					while (b < m && buf[b].sect == buf[a].sect)
						b++;
					k += top_sum(buf + a, b - a, fam, &sum, &ulps);
					a = b;
				}
			} else {
				if (sect == 0)
					continue;
				k = top_sum(distinct, nd, fam, &sum, &ulps);
			}
			if (k == 0)
				continue;
			int h = within(sum, total->amount, ulps);
			if (!have || h || iabs(sum - total->amount) < iabs(best_sum - total->amount)) {
				best_sum = sum;
				best_ulps = ulps;
				best_k = k;
			}
			have = 1;
			holds = h;
		}
		if (!have)
			continue;
		struct ident id = { IDENT_TOTAL, fam == '2' ? "合计 = 各功能分类科目之和" : "合计 = 各经济分类科目之和",
				    total, NULL, best_sum, best_k, best_ulps, holds, 0, 0 };
		(void)table;
		record(e, &id);
	}
}

/* performance: 合计 = Σ its projects (rows named `单位/项目`) */
static void project_identity(struct ev *e, const struct tf *col, size_t n)
{
	const struct fact *total = NULL;
	struct ident id = { IDENT_TOTAL, "合计 = 各项目资金之和", NULL, NULL, 0, 0, 0, 0, 0, 0 };
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = col[i].f;
		if (!total && is_total_row(f))
			total = f;
		else if (strchr(f->row_name, '/')) {
			if (!id.part)
				id.part = f;
			id.sum += f->amount;
			id.ulps += fact_ulp(f);
			id.nparts++;
		}
	}
	if (!total || !id.nparts)
		return;
	id.total = total;
	id.ulps += fact_ulp(total);
	id.holds = within(id.sum, total->amount, id.ulps);
	record(e, &id);
}

/* ---- two-sided summaries ---- */

enum srole { SR_ITEM, SR_CUR, SR_GRAND, SR_CARRY, SR_CHILD };

static enum srole side_role(const struct fact *f)
{
	if (strchr(f->row_name, '/'))
		return SR_CHILD;
	char t[200];
	const char *s = text_skip_ordinal(f->row_name);
	text_norm(s, strlen(s), t, sizeof t);
	static const char *const grand[] = { "收入总计", "支出总计", "总计", NULL };
	static const char *const cur[] = { "本年收入合计", "本年支出合计", "本年收入", "本年支出",
					   "收入合计", "支出合计", "合计", "本年合计", NULL };
	for (size_t i = 0; grand[i]; i++)
		if (!strcmp(t, grand[i]))
			return SR_GRAND;
	for (size_t i = 0; cur[i]; i++)
		if (!strcmp(t, cur[i]))
			return SR_CUR;
	if (text_has(t, "结转") || text_has(t, "结余"))
		return SR_CARRY;
	return SR_ITEM;
}

/* Records the first of the alternative sums that holds, else the closest. */
static void record_alt(struct ev *e, struct ident *alts, size_t na)
{
	size_t best = na;
	for (size_t i = 0; i < na; i++) {
		if (!alts[i].nparts)
			continue;
		alts[i].holds = within(alts[i].sum, alts[i].total->amount, alts[i].ulps);
		if (best == na || (alts[i].holds && !alts[best].holds) ||
		    (!alts[best].holds &&
		     iabs(alts[i].sum - alts[i].total->amount) < iabs(alts[best].sum - alts[best].total->amount)))
			best = i;
	}
	if (best < na)
		record(e, &alts[best]);
}

static void side_identities(struct ev *e, const struct tf *col, size_t n, int expenditure)
{
	const struct fact *cur = NULL, *grand = NULL;
	size_t cur_at = 0, grand_at = n;
	for (size_t i = 0; i < n; i++) {
		enum srole r = side_role(col[i].f);
		if (r == SR_CUR && !cur) {
			cur = col[i].f;
			cur_at = i;
		} else if (r == SR_GRAND) {
			grand = col[i].f;
			grand_at = i;
			break;
		}
	}
	const struct fact *sum_to = cur ? cur : grand;
	if (!sum_to)
		return;
	/* items: top-level rows that are neither totals nor carry-overs; on the expenditure side
	 * the function classes (coded), the rows without codes, or both */
	struct ident items[4];
	for (size_t k = 0; k < 4; k++)
		items[k] = (struct ident){ IDENT_SIDE, "本年合计 = 各项之和", sum_to, NULL, 0, 0, fact_ulp(sum_to), 0, 1, 0 };
	struct ident s1[2];
	for (size_t k = 0; k < 2; k++)
		s1[k] = (struct ident){ IDENT_SIDE, "总计 = 本年合计 + 结转结余", grand, cur, cur ? cur->amount : 0, 1,
					(grand ? fact_ulp(grand) : 0) + (cur ? fact_ulp(cur) : 0), 0, 0, 0 };
	for (size_t i = 0; i < grand_at; i++) {
		const struct fact *f = col[i].f;
		enum srole r = side_role(f);
		if (r == SR_ITEM) {
			int coded = expenditure && f->row_code[0];
			add_part(&items[coded ? 0 : 1], f);
			add_part(&items[2], f);
			if (cur && i < cur_at)
				add_part(&items[3], f);
		}
		if (cur && r == SR_CARRY)
			add_part(&s1[0], f);
		if (cur && i > cur_at && (r == SR_CARRY || r == SR_ITEM))
			add_part(&s1[1], f);
	}
	if (!expenditure) { /* one way of adding the income side's items */
		items[0] = items[2];
		items[1].nparts = items[2].nparts = 0;
	}
	if (!cur)
		items[0].what = items[1].what = items[2].what = items[3].what = "总计 = 各项之和";
	record_alt(e, items, 4);
	if (cur && grand && cur != grand) {
		if (s1[0].nparts == 1 && s1[1].nparts == 1) {
			s1[0].holds = within(s1[0].sum, grand->amount, s1[0].ulps);
			record(e, &s1[0]);
		} else {
			record_alt(e, s1, 2);
		}
	}
	/* a parent item against its children (`X/…`): children listed with 其中 may be part of it
	 * only, so a sum below the parent is not a failure */
	for (size_t i = 0; i < grand_at; i++) {
		const struct fact *p = col[i].f;
		size_t pl = strlen(p->row_name);
		struct ident id = { IDENT_SIDE, "项目 = 所属明细之和", p, NULL, 0, 0, fact_ulp(p), 0, 1, 0 };
		for (size_t j = i + 1; j < grand_at; j++) {
			const char *cn = col[j].f->row_name;
			if (strncmp(cn, p->row_name, pl) || cn[pl] != '/' || strchr(cn + pl + 1, '/'))
				continue;
			add_part(&id, col[j].f);
		}
		if (!id.nparts)
			continue;
		id.holds = within(id.sum, p->amount, id.ulps);
		if (!id.holds && id.sum < p->amount)
			continue;
		record(e, &id);
	}
}

static int cmp_colord(const void *a, const void *b)
{
	const struct tf *x = a, *y = b;
	int c = strcmp(x->f->column, y->f->column);
	if (c)
		return c;
	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

static const struct fact *grand_of(const struct tf *col, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (side_role(col[i].f) == SR_GRAND)
			return col[i].f;
	return NULL;
}

static void summary_identities(struct ev *e, const struct tf *v, size_t n)
{
	/* v sorted by column, then document order */
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && !strcmp(v[j].f->column, v[i].f->column))
			j++;
		const char *c = v[i].f->column;
		int inc = !strncmp(c, "income", 6), exp = !strncmp(c, "expenditure", 11);
		if (inc || exp)
			side_identities(e, v + i, j - i, exp);
		if (inc) {
			/* 收入总计 = 支出总计, the column of the same suffix on the other side */
			char other[160];
			snprintf(other, sizeof other, "expenditure%s", c + 6);
			for (size_t a = 0; a < n;) {
				size_t b = a + 1;
				while (b < n && !strcmp(v[b].f->column, v[a].f->column))
					b++;
				if (!strcmp(v[a].f->column, other)) {
					const struct fact *gi = grand_of(v + i, j - i), *ge = grand_of(v + a, b - a);
					if (gi && ge) {
						struct ident id = { IDENT_SIDE, "收入总计 = 支出总计", gi, ge, ge->amount, 1,
								    fact_ulp(gi) + fact_ulp(ge), 0, 0, 0 };
						id.holds = within(id.sum, gi->amount, id.ulps);
						record(e, &id);
					}
				}
				a = b;
			}
		}
		i = j;
	}
}

/* ---- the whole ---- */

static int cmp_ident(const void *a, const void *b)
{
	const struct ident *x = a, *y = b;
	if (x->total->page != y->total->page)
		return x->total->page < y->total->page ? -1 : 1;
	if (x->total->line != y->total->line)
		return x->total->line < y->total->line ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->total->column, y->total->column);
}

static int cmp_pl(const void *a, const void *b)
{
	const int *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* A fact of the table that is a figure: not the stated-empty marker, not a column-number row
 * (`栏次 1 2 3`) or a line-number column (`行次`) that a reader took for amounts. */
static int taken(const struct fact *f, const char *table)
{
	if (strcmp(f->table, table) || !strcmp(f->column, "stated_empty"))
		return 0;
	if (strstr(f->column, "行次") || strstr(f->column, "栏次"))
		return 0;
	if (!f->row_code[0] && (strstr(f->row_name, "栏次") || strstr(f->row_name, "行次")))
		return 0;
	return 1;
}

enum ys_err identities_eval(const char *table, const struct fact *facts, size_t n,
			    struct ident_result *out)
{
	memset(out, 0, sizeof *out);
	struct ev e = { out, 0 };
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += taken(&facts[i], table);
	if (m == 0 || !identities_table_known(table))
		return YS_OK;
	struct tf *v = malloc(m * sizeof *v);
	struct ce *b1 = malloc(m * sizeof *b1), *b2 = malloc(m * sizeof *b2);
	size_t nslots = 16;
	while (nslots < 2 * m)
		nslots *= 2;
	struct seen *set = malloc(nslots * sizeof *set);
	if (!v || !b1 || !b2 || !set) {
		free(v);
		free(b1);
		free(b2);
		free(set);
		return YS_ENOMEM;
	}
	m = 0;
	for (size_t i = 0; i < n; i++)
		if (taken(&facts[i], table))
			v[m++] = (struct tf){ &facts[i], i };

	row_identities(&e, table, v, m);
	qsort(v, m, sizeof *v, cmp_colord);
	int summary = !strcmp(table, "summary") || !strcmp(table, "fiscal_summary");
	if (summary) {
		summary_identities(&e, v, m);
	} else {
		for (size_t i = 0; i < m;) {
			size_t j = i + 1;
			while (j < m && !strcmp(v[j].f->column, v[i].f->column))
				j++;
			if (!strcmp(table, "performance")) {
				if (!strcmp(v[i].f->column, "total"))
					project_identity(&e, v + i, j - i);
			} else {
				code_identities(&e, table, v + i, j - i, b1, b2, set, nslots);
			}
			i = j;
		}
	}
	free(b1);
	free(b2);
	free(set);
	free(v);

	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, cmp_ident);
	/* distinct failing rows */
	int(*pl)[2] = out->failed ? malloc(out->failed * sizeof *pl) : NULL;
	if (out->failed && !pl)
		e.oom = 1;
	size_t np = 0;
	for (size_t i = 0; pl && i < out->n; i++)
		if (!out->v[i].holds) {
			pl[np][0] = out->v[i].total->page;
			pl[np][1] = out->v[i].total->line;
			np++;
		}
	if (np)
		qsort(pl, np, sizeof *pl, cmp_pl);
	for (size_t i = 0; i < np; i++)
		if (i == 0 || cmp_pl(pl[i], pl[i - 1]))
			out->failed_rows++;
	free(pl);
	out->suspect = !e.oom && out->failed_rows >= IDENT_SUSPECT_ROWS;
	return e.oom ? YS_ENOMEM : YS_OK;
}

void identities_free(struct ident_result *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}

char *identities_failed_rows_text(const struct ident_result *r, char *buf, size_t n)
{
	size_t len = 0, shown = 0, rows = 0;
	int lp = -1, ll = -1;
	buf[0] = '\0';
	/* (sorted by page and line: the identities of one row are adjacent) */
	for (size_t i = 0; i < r->n; i++) {
		const struct fact *t = r->v[i].total;
		if (r->v[i].holds || (t->page == lp && t->line == ll))
			continue;
		lp = t->page;
		ll = t->line;
		rows++;
		if (shown == 8 || len + 40 >= n)
			continue;
		const char *sep = shown ? "、" : "";
		if (t->page)
			len += (size_t)snprintf(buf + len, n - len, "%s第%d页第%d行", sep, t->page, t->line);
		else
			len += (size_t)snprintf(buf + len, n - len, "%s第%d行", sep, t->line);
		shown++;
	}
	if (rows > shown && len + 24 < n)
		snprintf(buf + len, n - len, "等%zu行", rows);
	text_utf8_clip(buf);
	return buf;
}
