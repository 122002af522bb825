/* Claims of the 情况说明. Paragraphs are rebuilt from wrapped lines, split into sentences, and
 * each amount is classified by the words just before it:
 *   SUBJECT AMOUNT          a new claim (current value)          基本支出预算982.67万元
 *   占… PCT                 share of the claim                    占支出总预算79.47%
 *   同比增加|减少 AMOUNT     change                                同比减少15.53万元
 *   同比增长|下降 PCT        rate                                  同比下降5.77%
 *   比2024年预算 AMOUNT     prior, stated                         比2024年预算0.22万元
 *   …执行数为 AMOUNT        prior-year execution                  2023年当年预算执行数为54.60万元
 *   与上年持平 / 持平         change 0
 *   上年基数为零             prior 0 (rate not comparable)
 * The implied prior is current − change (or current / (1 + rate) when only the rate is given). */
#include "narrative.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/text.h"
#include "tables.h"

struct para {
	char *s;
	size_t len, cap;
	int *line;        /* line of each byte */
	int page;
};

static int para_append(struct para *p, const char *s, size_t n, int line)
{
	if (p->len + n + 1 > p->cap) {
		size_t cap = (p->len + n + 1) * 2;
		char *ns = realloc(p->s, cap);
		if (!ns)
			return -1;
		p->s = ns;
		int *nl = realloc(p->line, cap * sizeof *nl);
		if (!nl)
			return -1;
		p->line = nl;
		p->cap = cap;
	}
	memcpy(p->s + p->len, s, n);
	for (size_t i = 0; i < n; i++)
		p->line[p->len + i] = line;
	p->len += n;
	p->s[p->len] = '\0';
	return 0;
}

/* ---- claims ---- */

enum { C_CUR, C_SHARE, C_CHANGE, C_PCT, C_PRIOR, C_PRIOR_EXEC, C_PCT_EXEC, C_BUDGET,
       C_BUDGET_ADJ, C_EXEC_PCT, C_CHANGE_EXEC, NCOL };
static const char *const col_names[NCOL] = { "current", "share", "change", "pct", "prior",
					     "prior_exec", "pct_exec", "budget", "budget_adjusted",
					     "exec_pct", "change_exec" };

struct claim {
	char key[96];
	char key2[96];          /* 收支总预算 speaks of both totals */
	char subject[400];
	int has[NCOL];
	int64_t v[NCOL];
	int line[NCOL];
	enum money_unit unit[NCOL];
	unsigned char prec[NCOL]; /* decimals as printed (struct fact's prec; 0 not known) */
	int flat;
	int base_zero;
	int exec_basis;         /* the last change was against last year's execution (执行数) */
	int emitted[NCOL];      /* columns already given as facts */
};

struct ctx {
	struct doc *d;
	struct claim cur;           /* the open claim: modifiers in later sentences still refer to it */
	int page;
	char sentence_prefix[16];   /* "gpb_" when the sentence speaks of the general public budget */
	int perf_sentence;          /* the sentence is about performance targets */
	int counted;                /* the project count was read */
	char cls[8];                /* the function class (类) of the heading above: `（一）社会保障和就业
				     * 支出（类）` over `1.行政事业单位养老支出（款）…（项）` items */
	char pending_key[96];       /* a subject stated alone (`（二）公务接待费` over `2026年预算安排
				     * 5.00万元`, `1.因公出国（境）费用。2026年预算数28.00万元`) */
	char pending_subject[400];
	int pending_age;            /* paragraphs since it was stated: it holds for the next one */
	int heading;                /* the paragraph being read is a heading line */
	char paren_key[96];         /* the claim whose amount a parenthesis follows: `公务用车购置及
				     * 运行维护费34.29万元（购置费0万元，…；运行维护费34.29万元，…。）
				     * 比上年增加24.29万元` — after it closes, the change is the total's */
	char paren_subject[400];
	int paren_depth;
	int paren_closed;           /* it closed: the next sentence's modifiers go to that claim */
	struct claim recent[8];     /* the last claims closed, for a change stated after the items
				     * that followed its total (`“三公”经费…其中：…。“三公”经费比上年
				     * 减少…`) */
	size_t nrecent;
	int gpb_before;             /* the sentence before spoke of the general budget */
	int gpb_chain;              /* and this one is one of its 其中 items */
	int fund_section;           /* under a heading of the 政府性基金 or 国有资本经营 budget alone:
				     * its `收入决算`, `支出` are the fund's, not the document's totals */
};

static int has(const char *s, const char *k)
{
	return strstr(s, k) != NULL;
}

static int ends(const char *s, const char *k)
{
	size_t n = strlen(s), m = strlen(k);
	return n >= m && strcmp(s + n - m, k) == 0;
}

const char *narrative_subject_key(const char *subj, char *buf, size_t n)
{
	const char *k = NULL;
	if (has(subj, "三公"))
		k = "sangong_total";
	else if (has(subj, "因公出国"))
		k = "sangong_abroad";
	else if (has(subj, "公务用车购置及运行") || has(subj, "公务用车购置和运行"))
		k = "sangong_vehicle";
	else if (has(subj, "公务用车购置") || has(subj, "车辆购置"))
		k = "sangong_vehicle_purchase";
	else if (has(subj, "公务用车运行"))
		k = "sangong_vehicle_operation";
	else if (has(subj, "公务接待"))
		k = "sangong_reception";
	else if (has(subj, "会议费"))
		k = "meeting";
	else if (has(subj, "培训费"))
		k = "training";
	else if (has(subj, "机关运行经费") || (has(subj, "运行经费") && !has(subj, "车")))
		k = "admin_running"; /* Chongqing: `一般公共预算财政拨款运行经费` */
	else if (has(subj, "中小企业") || has(subj, "小微企业"))
		k = "procurement_sme";
	else if (has(subj, "集中采购"))
		k = "procurement_central";
	else if (has(subj, "分散采购"))
		k = "procurement_decentral";
	else if (has(subj, "采购") && has(subj, "货物"))
		k = "procurement_goods";
	else if (has(subj, "采购") && has(subj, "工程"))
		k = "procurement_works";
	else if (has(subj, "采购") && has(subj, "服务"))
		k = "procurement_services";
	else if (has(subj, "采购") && has(subj, "一般公共预算"))
		k = "procurement_gpb";
	else if (has(subj, "政府采购") || has(subj, "采购预算"))
		k = "procurement_total";
	else if (has(subj, "购买服务"))
		k = "purchase_service_total";
	else if (has(subj, "项目预算资金") || has(subj, "绩效") || ends(subj, "预算资金") ||
		 ends(subj, "涉及资金"))
		k = "performance_total";
	else if (has(subj, "人员经费"))
		k = "personnel";
	else if (has(subj, "公用经费"))
		k = "public_use";
	else if (has(subj, "基本支出"))
		k = has(subj, "一般公共预算") ? "gpb_basic" : "basic";
	else if (has(subj, "项目支出"))
		k = has(subj, "一般公共预算") ? "gpb_project" : "project";
	if (k) {
		snprintf(buf, n, "%s", k);
		return buf;
	}
	/* function classes by name, possibly wrapped in words: `一般公共服务支出`, `(类)` paths */
	const char *cls = has(subj, "(类)") ? NULL : tables_function_class(subj);
	if (cls) {
		snprintf(buf, n, "%s", cls);
		return buf;
	}
	/* a kind of expense (`2026年本部门委托业务费财政拨款预算`: yantai) is no total of a fund,
	 * whatever fund pays it */
	if (has(subj, "费") && !has(subj, "经费") && !has(subj, "收费"))
		return NULL;
	/* `政府性基金预算财政拨款` is the fund's part, not all 财政拨款 */
	if (has(subj, "一般公共预算"))
		k = "gpb_total";
	else if (has(subj, "政府性基金"))
		k = "gov_fund_total";
	else if (has(subj, "财政拨款"))
		k = "fiscal_total";
	else if (has(subj, "国有资本经营"))
		k = "soe_total";
	else if (has(subj, "事业单位经营收入") || has(subj, "经营收入"))
		k = "income_operating";
	else if (has(subj, "事业收入"))
		k = "income_business";
	else if (has(subj, "其他收入"))
		k = "income_other";
	else if (has(subj, "上级补助收入"))
		k = "income_upper_grant";
	else if (has(subj, "附属单位上缴"))
		k = "income_affiliate";
	else if (has(subj, "财政专户"))
		k = "income_special";
	else if (has(subj, "单位资金"))
		k = "income_unit_funds";
	else if (has(subj, "上年结转") || has(subj, "年初结转"))
		k = "income_carry";
	else if (has(subj, "结转下年") || has(subj, "年末结转"))
		k = "carryover_out";
	else if (has(subj, "收支") || has(subj, "收、支") || (has(subj, "收入、支出")) ||
		 has(subj, "收入和支出") || has(subj, "收入与支出"))
		k = "total"; /* both totals: `收入、支出预算总计`, `收、支总计各减少…` */
	else if (has(subj, "收入"))
		k = "income_total";
	else if (has(subj, "支出"))
		k = "expenditure_total";
	if (!k)
		return NULL;
	snprintf(buf, n, "%s", k);
	return buf;
}

/* Whether the 款 of 项 code (its first 5 digits) is named kuan in the document's tables. */
static int kuan_named(const struct doc *d, const char *code, const char *kuan)
{
	if (!kuan[0])
		return 0;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (strlen(f->row_code) != 5 || strncmp(f->row_code, code, 5) != 0)
			continue;
		char nm[200];
		text_norm(f->row_name, strlen(f->row_name), nm, sizeof nm);
		if (!strcmp(nm, kuan))
			return 1;
	}
	return 0;
}

/* A 科目 code of 3, 5 or 7 digits of an expenditure class (201–299) at s, n digits long. */
static int function_code(const char *s, size_t n)
{
	return (n == 3 || n == 5 || n == 7) && s[0] == '2' && (s[1] != '0' || s[2] != '0');
}

/* A subject that carries its code as a word of its own: `2010399-其他政府办公厅(室)及相关机构事务
 * 支出`, `2010301 行政运行` (quanzhou, fuzhou) or `行政运行(2011301)` (xian). Not a year
 * (`2026年`: four digits) nor an amount (`201万元`). */
static const char *code_word(const char *subj, char *buf, size_t n)
{
	size_t d = 0;
	while (subj[d] >= '0' && subj[d] <= '9')
		d++;
	if (function_code(subj, d) && subj[d] && subj[d] != '.' && subj[d] != ',' &&
	    strncmp(subj + d, "年", 3) && strncmp(subj + d, "万", 3) && strncmp(subj + d, "元", 3) &&
	    strncmp(subj + d, "个", 3) && strncmp(subj + d, "%", 1)) {
		snprintf(buf, n, "%.*s", (int)d, subj);
		return buf;
	}
	const char *p = strrchr(subj, '(');
	if (!p)
		return NULL;
	d = 0;
	while (p[1 + d] >= '0' && p[1 + d] <= '9')
		d++;
	if (function_code(p + 1, d) && p[1 + d] == ')') {
		snprintf(buf, n, "%.*s", (int)d, p + 1);
		return buf;
	}
	return NULL;
}

/* A path written with its codes: `公共安全支出(204类)司法(06款)行政运行(01项)` → 2040601, `…(204类)
 * 司法(06款)` → 20406, `(204类)` → 204; a subject with its code as a word (code_word). NULL when
 * subj has neither. */
static const char *coded_path(const char *subj, char *buf, size_t n)
{
	const char *k = strstr(subj, "类)");
	if (!k)
		return code_word(subj, buf, n);
	const char *p = k;
	int digits = 0;
	while (p > subj && p[-1] >= '0' && p[-1] <= '9') {
		p--;
		digits++;
	}
	if (digits != 3 || p == subj || p[-1] != '(')
		return NULL;
	char code[8];
	memcpy(code, p, 3);
	size_t w = 3;
	static const char *const marks[] = { "款)", "项)" };
	const char *from = k;
	for (int m = 0; m < 2; m++) {
		const char *q = strstr(from, marks[m]);
		if (!q)
			break;
		const char *d = q;
		int nd = 0;
		while (d > from && d[-1] >= '0' && d[-1] <= '9') {
			d--;
			nd++;
		}
		if (nd != 2 || d[-1] != '(')
			break;
		memcpy(code + w, d, 2);
		w += 2;
		from = q;
	}
	code[w] = '\0';
	snprintf(buf, n, "%s", code);
	return buf;
}

/* Whether a subject is a 科目 path: `…（类）…（款）…（项）` by names or by codes, or an item under a
 * class heading (`…（款）…（项）`). */
static int is_path(const char *subj)
{
	char b[16];
	return has(subj, "(类)") || has(subj, "(款)") || has(subj, "(项)") || coded_path(subj, b, sizeof b);
}

/* `一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)支出` → the code of the 项
 * when the document's tables name it once under that 类; `(款)…(项)` without its 类 under the
 * class of the heading above (cls); a path with codes by its codes. */
static const char *resolve_path(struct doc *d, const char *subj, const char *ctx_cls, char *buf,
				size_t bn)
{
	const char *coded = coded_path(subj, buf, bn);
	if (coded)
		return coded;
	const char *pk = strstr(subj, "(类)");
	const char *cc, *last;
	if (pk) {
		char cls[160];
		size_t n = (size_t)(pk - subj);
		if (n >= sizeof cls)
			return NULL;
		memcpy(cls, subj, n);
		cls[n] = '\0';
		cc = tables_function_class(cls);
		last = pk + strlen("(类)");
	} else {
		cc = ctx_cls && ctx_cls[0] ? ctx_cls : NULL;
		last = subj;
	}
	if (!cc)
		return NULL;
	size_t n;
	const char *pkuan = strstr(last, "(款)");
	const char *pxiang = pkuan ? strstr(pkuan, "(项)") : NULL;
	char want[200];
	int level;
	if (pxiang) {
		const char *b = pkuan + strlen("(款)");
		n = (size_t)(pxiang - b);
		level = 7;
		if (n >= sizeof want)
			return NULL;
		memcpy(want, b, n);
		want[n] = '\0';
	} else if (pkuan) {
		n = (size_t)(pkuan - last);
		level = 5;
		if (n >= sizeof want)
			return NULL;
		memcpy(want, last, n);
		want[n] = '\0';
	} else if (pk) {
		snprintf(buf, bn, "%s", cc);
		return buf;
	} else {
		return NULL;
	}
	/* (the 款 of a 项 path, when its name is printed: the 项 must be under it) */
	char kuan[200] = "";
	if (pxiang) {
		size_t kn = (size_t)(pkuan - last);
		if (kn < sizeof kuan) {
			memcpy(kuan, last, kn);
			kuan[kn] = '\0';
		}
	}
	const char *found = NULL;
	for (size_t i = 0; i < d->facts.n; i++) {
		const struct fact *f = &d->facts.v[i];
		if (strlen(f->row_code) != (size_t)level || strncmp(f->row_code, cc, 3) != 0)
			continue;
		if (strcmp(f->table, "expenditure") && strcmp(f->table, "gpb_expenditure") &&
		    strcmp(f->table, "income"))
			continue;
		char nm[200];
		text_norm(f->row_name, strlen(f->row_name), nm, sizeof nm);
		if (strcmp(nm, want) != 0)
			continue;
		if (found && strcmp(found, f->row_code) != 0) {
			/* two codes carry that name: the one under the named 款 */
			int a = kuan_named(d, found, kuan), b = kuan_named(d, f->row_code, kuan);
			if (a == b)
				return NULL; /* not certain */
			if (b)
				found = f->row_code;
			continue;
		}
		found = f->row_code;
	}
	if (!found)
		return NULL;
	snprintf(buf, bn, "%s", found);
	return buf;
}

/* The precision of a figure derived from two printed ones: the coarser (0 when either is not
 * known). */
static unsigned char coarser(unsigned char a, unsigned char b)
{
	return !a || !b ? 0 : a < b ? a : b;
}

static int generic_key(const char *key);

static void emit_claim(struct ctx *cx, struct claim *c)
{
	if (!c->key[0])
		return;
	/* `七、政府性基金预算财政拨款收入支出决算情况说明` / `…收入决算509,220.66万元`: which of
	 * the fund's rows the bare words mean the tables do not say; not the document's totals
	 * (xian-03 p20) */
	if (cx->fund_section && (generic_key(c->key) || !strcmp(c->key, "fiscal_total")))
		return;
	if (c->flat && !c->has[C_CHANGE]) {
		c->has[C_CHANGE] = 1;
		c->v[C_CHANGE] = 0;
		c->line[C_CHANGE] = c->line[C_CUR];
		c->unit[C_CHANGE] = c->unit[C_CUR];
		c->prec[C_CHANGE] = c->prec[C_CUR];
	}
	if (c->base_zero && !c->has[C_PRIOR]) {
		c->has[C_PRIOR] = 1;
		c->v[C_PRIOR] = 0;
		c->line[C_PRIOR] = c->line[C_CUR];
		c->unit[C_PRIOR] = c->unit[C_CUR];
		c->prec[C_PRIOR] = c->prec[C_CUR];
	}
	if (c->has[C_CUR] && !c->has[C_PRIOR_EXEC] && c->has[C_CHANGE_EXEC]) {
		c->has[C_PRIOR_EXEC] = 1;
		c->v[C_PRIOR_EXEC] = c->v[C_CUR] - c->v[C_CHANGE_EXEC];
		c->line[C_PRIOR_EXEC] = c->line[C_CHANGE_EXEC];
		c->unit[C_PRIOR_EXEC] = c->unit[C_CUR];
		c->prec[C_PRIOR_EXEC] = coarser(c->prec[C_CUR], c->prec[C_CHANGE_EXEC]);
	}
	if (c->has[C_CUR] && !c->has[C_PRIOR] && c->has[C_CHANGE]) {
		c->has[C_PRIOR] = 1;
		c->v[C_PRIOR] = c->v[C_CUR] - c->v[C_CHANGE];
		c->line[C_PRIOR] = c->line[C_CHANGE];
		c->unit[C_PRIOR] = c->unit[C_CUR];
		c->prec[C_PRIOR] = coarser(c->prec[C_CUR], c->prec[C_CHANGE]);
	} else if (c->has[C_CUR] && !c->has[C_PRIOR] && c->has[C_PCT] &&
		   c->v[C_PCT] != -100 * MONEY_WAN) {
		/* only a rate: prior = current / (1 + rate), to the source's 0.01 */
		int ok;
		int64_t p = money_muldiv(c->v[C_CUR], 100 * MONEY_WAN, 100 * MONEY_WAN + c->v[C_PCT], &ok);
		if (ok) {
			int dec = c->unit[C_CUR] == MU_YUAN ? 4 : 2;
			c->has[C_PRIOR] = 1;
			c->v[C_PRIOR] = money_round(p, dec);
			c->line[C_PRIOR] = c->line[C_PCT];
			c->unit[C_PRIOR] = c->unit[C_CUR];
			c->prec[C_PRIOR] = 0; /* (computed: the usual decimals) */
		}
	}
	struct doc *d = cx->d;
	const char *code = c->key;
	char rb[16];
	if (!strcmp(c->key, "function")) {
		/* a class names the context of the 款/项 items after it */
		char cb[16];
		const char *pk = strstr(c->subject, "(类)");
		const char *coded = coded_path(c->subject, cb, sizeof cb);
		if (coded)
			snprintf(cx->cls, sizeof cx->cls, "%.3s", coded);
		else if (pk && (size_t)(pk - c->subject) < 160) {
			char cls[160];
			memcpy(cls, c->subject, (size_t)(pk - c->subject));
			cls[pk - c->subject] = '\0';
			const char *cc = tables_function_class(cls);
			if (cc)
				snprintf(cx->cls, sizeof cx->cls, "%s", cc);
		}
		const char *resolved = resolve_path(d, c->subject, cx->cls, rb, sizeof rb);
		code = resolved ? resolved : "";
	}
	for (int pass = 0; pass < 2; pass++) {
		const char *k = pass == 0 ? code : c->key2;
		if (pass == 1 && !k[0])
			break;
		for (int col = 0; col < NCOL; col++) {
			if (!c->has[col] || c->emitted[col])
				continue;
			struct fact f = doc_fact_template(d, "narrative");
			f.row_code = k;
			f.row_name = c->subject;
			f.column = col_names[col];
			f.amount = c->v[col];
			f.unit_note = c->unit[col];
			f.prec = c->prec[col];
			f.line = c->line[col];
			f.page = cx->page;
			facts_add(&d->facts, &f);
		}
	}
	for (int col = 0; col < NCOL; col++)
		c->emitted[col] |= c->has[col];
	/* remembered for a change stated after the items that followed it; a claim reopened from
	 * the ring is there already */
	if (c >= cx->recent && c < cx->recent + 8)
		return;
	memmove(cx->recent + 1, cx->recent, 7 * sizeof cx->recent[0]);
	cx->recent[0] = *c;
	if (cx->nrecent < 8)
		cx->nrecent++;
}

/* The claim a modifier's own subject names, when it is not the open claim: `2026年“三公”经费预算
 * 比上年减少1.7万元` after `…其中：因公出国（境）费0万元，…公务接待费14.3万元。` is the total's
 * change. Returns the open claim when the lead names no subject of its own (`，比上年增加`) or
 * the open claim's; a remembered claim of the same paragraph's section when it names that; NULL
 * when it names another subject that has no amount: the change is then nobody's, never the
 * open claim's. */
static void clean_subject(const char *lead, char *out, size_t n);
static void strip_measures(const char *subj, char *out, size_t n);
static int is_filler(const char *subj);

/* Whether a claim is about the subject `key` names: its own key, the general public budget's
 * part of it (`gpb_basic` in a 一般公共预算 sentence for 基本支出), or both totals (`收、支总计`). */
static size_t drop_words(const char *subj, const char *const *words, size_t nwords, int skip_digits,
			 char *out, size_t n);

static int generic_key(const char *key)
{
	return !strcmp(key, "income_total") || !strcmp(key, "expenditure_total") ||
	       !strcmp(key, "total");
}

/* A part of a total that a 其中 list names one by one. */
static int item_key(const char *key)
{
	static const char *const items[] = { "basic", "project", "gpb_basic", "gpb_project",
					     "personnel", "public_use", "income_other" };
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
		if (!strcmp(key, items[i]))
			return 1;
	return !strncmp(key, "sangong_", 8) && strcmp(key, "sangong_total");
}

/* A subject without years, ordinals and the words any total may carry (`2022年本部门预算收入` →
 * `收入`, `本年收入合计` → `收入`). */
static void subject_core(const char *unit, const char *subj, char *out, size_t n)
{
	const char *words[] = { "年度", "本年", "当年", "全年", "本部门", "部门", "单位", "预算数",
				"预算", "合计", "总计", "总额", "年初", "安排", "数", "为", "年", "其中",
				"各", ":", ",", ".", unit && unit[0] ? unit : "年" };
	drop_words(text_skip_ordinal(subj), words, sizeof words / sizeof words[0], 1, out, n);
}

static int claim_is(const struct claim *c, const char *key)
{
	char gpb[100];
	snprintf(gpb, sizeof gpb, "gpb_%s", key);
	if (!strcmp(c->key, key) || !strcmp(c->key, gpb) || (c->key2[0] && !strcmp(c->key2, key)))
		return 1;
	return !strcmp(key, "total") && c->key2[0];
}

/* Whether the l bytes at p are one of the characters of set. */
static int strstr_n(const char *set, const char *p, size_t l)
{
	for (const char *q = set; *q; q++)
		if (!strncmp(q, p, l))
			return 1;
	return 0;
}

/* A lead's subject that names a thing (专项业务费, 交通补贴) rather than a way of speaking of the
 * open claim (其中, 主要是, 总体): at least three characters, none of the words that only point. */
static int unknown_subject(const char *bare)
{
	static const char *const pointing[] = { "其中", "主要", "原因", "总体", "规模", "合计", "共计",
						"总计", "整体", "以上", "上述", "该", "此", "分别",
						"相应", "同时", "因此", "从而", "其", "本", "下同",
						"同期", "相比" };
	for (size_t w = 0; w < sizeof pointing / sizeof pointing[0]; w++)
		if (strstr(bare, pointing[w]))
			return 0;
	/* Chinese characters only, not the ones that join (`和2025年相`) */
	static const char joining[] = "年和与同相跟及较";
	size_t chars = 0, n = strlen(bare);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = text_utf8_next(bare + i, n - i, &cp);
		if (cp >= 0x4E00 && cp <= 0x9FFF && !strstr_n(joining, bare + i, l))
			chars++;
		i += l;
	}
	return chars >= 3;
}

static struct claim *modifier_target(struct ctx *cx, const char *lead, int *named)
{
	*named = 0;
	static const char *const marks[] = { "比", "较", "与上年", "与去年", "同比", "增加", "减少",
					     "增长", "下降", "执行数" };
	const char *cut = NULL;
	size_t cut_mark = 0;
	for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
		const char *q = strstr(lead, marks[m]);
		if (q && (!cut || q < cut)) {
			cut = q;
			cut_mark = m;
		}
	}
	if (!cut || cut == lead || cut - lead >= 400)
		return &cx->cur;
	char part[400], subj[400], bare[400], kb[96];
	memcpy(part, lead, (size_t)(cut - lead));
	part[cut - lead] = '\0';
	clean_subject(part, subj, sizeof subj);
	strip_measures(subj, bare, sizeof bare); /* `支出决算比上年增加`: the open claim's outturn */
	/* `…其中基本支出1208.20万元，项目支出474.56万元。2026年预算比2025年预算增加50.32万元`: a
	 * year's whole budget, not the item still open (changchun-01 p17) — nobody's, since which
	 * total it is the words do not say. Only as the subject of a comparison (比, 较): `2024年当年
	 * 预算执行数为11.67万元` is the open item's own execution */
	if (cut_mark <= 1 && subj[0] && is_filler(bare) && has(part, "预算") &&
	    strpbrk(part, "0123456789") && cx->cur.key[0] && item_key(cx->cur.key)) {
		*named = 1;
		return NULL;
	}
	if (!bare[0] || is_filler(bare) || is_path(bare))
		return &cx->cur;
	const char *key = narrative_subject_key(bare, kb, sizeof kb);
	/* a thing of its own that no table row names (`…日常公用经费109.15万元。2022年专项业务费
	 * 增加273.10万元`): its change is nobody's, not the open claim's */
	if (!key && unknown_subject(bare)) {
		*named = 1;
		return NULL;
	}
	/* (performance_total comes from any 绩效 word: target tables read as text are full of
	 * them) */
	if (!key || !strcmp(key, "function") || !strcmp(key, "performance_total"))
		return &cx->cur;
	*named = 1;
	/* a total (`收入`, `支出`, `收支`) is the claim of the same words only: the key alone
	 * comes from a weak fallback (`实户资金支出0万元` and `包括一般公共服务支出` are
	 * expenditure_total too) */
	char core[400];
	int generic = generic_key(key);
	if (generic)
		subject_core(cx->d->unit_name, bare, core, sizeof core);
	for (size_t r = 0; r <= cx->nrecent; r++) {
		struct claim *k = r == 0 ? &cx->cur : &cx->recent[r - 1];
		if (!k->key[0] || !claim_is(k, key))
			continue;
		if (generic) {
			char kc[400];
			subject_core(cx->d->unit_name, k->subject, kc, sizeof kc);
			if (strcmp(kc, core))
				continue;
		}
		return k;
	}
	return NULL;
}

/* The digits of an amount at s[i] (ASCII after normalisation): digits with 3-digit comma
 * groups and a fraction; returns the length or 0. */
static size_t number_at(const char *s, size_t i, size_t n)
{
	size_t j = i;
	if (j >= n || s[j] < '0' || s[j] > '9')
		return 0;
	while (j < n) {
		if (s[j] >= '0' && s[j] <= '9') {
			j++;
		} else if (s[j] == ',' && j + 3 < n + 1 && j + 3 <= n && s[j + 1] >= '0' &&
			   s[j + 1] <= '9' && s[j + 2] >= '0' && s[j + 2] <= '9' && s[j + 3] >= '0' &&
			   s[j + 3] <= '9' && (j + 4 >= n || s[j + 4] < '0' || s[j + 4] > '9')) {
			j += 4;
		} else {
			break;
		}
	}
	if (j + 1 < n && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') {
		j++;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
	}
	return j - i;
}

static int is_sep(const char *s, size_t i, size_t n)
{
	if (s[i] == ',' || s[i] == ':' || s[i] == ';')
		return 1;
	if (i + 3 <= n && (strncmp(s + i, "、", 3) == 0 || strncmp(s + i, "。", 3) == 0))
		return 3;
	return 0;
}

/* Cleans a subject: drops a leading ordinal, `其中`, years, `单位`, and trailing `为`. A path
 * written with dashes (`一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目`) is
 * rewritten as the (类)(款)(项) path it stands for. */
static void clean_subject(const char *lead, char *out, size_t n)
{
	const char *p = text_skip_ordinal(lead);
	snprintf(out, n, "%s", p);
	text_utf8_clip(out); /* (the lead was cut by bytes) */
	size_t l = strlen(out);
	while (l >= 3 && (ends(out, "为") || ends(out, "是") || ends(out, "共")))
		out[l -= 3] = '\0';
	if (ends(out, "科目"))
		out[l -= 6] = '\0';
	char *d1 = strchr(out, '-');
	if (!d1 || strstr(out, "(类)"))
		return;
	char first[200];
	size_t fl = (size_t)(d1 - out);
	if (fl >= sizeof first)
		return;
	memcpy(first, out, fl);
	first[fl] = '\0';
	if (!tables_function_class(first))
		return;
	char path[400];
	const char *marks[] = { "(类)", "(款)", "(项)" };
	size_t w = 0;
	int part = 0;
	for (const char *c = out; *c && w + 8 < sizeof path; c++) {
		if (*c == '-' && part < 2) {
			w += (size_t)snprintf(path + w, sizeof path - w, "%s", marks[part++]);
			continue;
		}
		path[w++] = *c;
	}
	path[w] = '\0';
	if (part < 3 && w + 6 < sizeof path)
		snprintf(path + w, sizeof path - w, "%s", marks[part]);
	snprintf(out, n, "%s", path);
	text_utf8_clip(out);
}

/* subj without the words listed (the longer of two that start alike listed first), and without
 * ASCII digits when skip_digits; into out[0..n). Returns the length left. */
static size_t drop_words(const char *subj, const char *const *words, size_t nwords, int skip_digits,
			 char *out, size_t n)
{
	size_t w = 0;
	for (const char *p = subj; *p && w + 1 < n;) {
		if (skip_digits && *p >= '0' && *p <= '9') {
			p++;
			continue;
		}
		size_t k = 0;
		for (size_t i = 0; i < nwords && !k; i++)
			if (strncmp(p, words[i], strlen(words[i])) == 0)
				k = strlen(words[i]);
		if (k) {
			p += k;
			continue;
		}
		out[w++] = *p++;
	}
	out[w] = '\0';
	return w;
}

/* The subject without its measure words (`…支出年初预算为` → `…支出`). */
static void strip_measures(const char *subj, char *out, size_t n)
{
	static const char *const words[] = { "年初预算数", "年初预算", "调整预算数", "调整预算",
					     "全年预算数", "全年预算", "支出决算数", "支出决算",
					     "决算数", "决算", "为" };
	size_t w = drop_words(subj, words, sizeof words / sizeof words[0], 0, out, n);
	/* `,` and the like left at the ends */
	while (w > 0 && (out[w - 1] == ',' || out[w - 1] == ':'))
		out[--w] = '\0';
}

/* A subject made only of years and words like 预算/安排/为: no subject at all. */
static int is_filler(const char *subj)
{
	static const char *const words[] = { "年度", "当年", "全年", "预算", "安排", "金额", "资金",
					     "数", "为", "是", "共", "年" };
	char t[400];
	return drop_words(subj, words, sizeof words / sizeof words[0], 1, t, sizeof t) == 0;
}

/* `与上年持平`, `与上年基本持平`, `与上年预算数相同`, `较上年无变化`: no change from last year. Not
 * `决算数与预算数基本持平`, which compares the outturn with the budget. */
static int flat_words(const char *c)
{
	int same = has(c, "持平") || has(c, "相同") || has(c, "无变化") || has(c, "未发生变化") ||
		   has(c, "没有变化");
	if (!same)
		return 0;
	int last_year = has(c, "上年") || has(c, "去年") || has(c, "上一年") || has(c, "同期") ||
			has(c, "年相比");
	return last_year || !has(c, "预算数");
}

/* The claim a closed parenthesis after its amount speaks of again: the open one, or the one
 * closed inside the parenthesis (by a claim of an item). */
static struct claim *paren_claim(struct ctx *cx)
{
	for (size_t r = 0; r <= cx->nrecent; r++) {
		struct claim *k = r == 0 ? &cx->cur : &cx->recent[r - 1];
		if (!strcmp(k->key, cx->paren_key) && !strcmp(k->subject, cx->paren_subject))
			return k == &cx->cur ? NULL : k;
	}
	return NULL;
}

/* A sentence without amounts that is only a subject, numbered or a heading line: `（一）因公出国
 * （境）经费`, `1.公务接待费。`. The next filler amount (`2026年预算安排0.00万元`) is its own. Only
 * 三公 and its items, 会议费, 培训费 and 机关运行经费 are taken this way (a project's `…绩效自评综述：
 * 全年预算` is not the performance total; 科目 paths are subject_only's). */
static void subject_alone(struct ctx *cx, const char *s, size_t n)
{
	char t[400], subj[400], kb[96];
	if (n >= sizeof t)
		return;
	memcpy(t, s, n);
	t[n] = '\0';
	const char *body = text_skip_ordinal(t);
	if ((body == t && !cx->heading) || strlen(body) > 90)
		return;
	clean_subject(body, subj, sizeof subj);
	size_t l = strlen(subj);
	while (l > 0 && (subj[l - 1] == ':' || subj[l - 1] == '.'))
		subj[--l] = '\0';
	if (!subj[0] || is_path(subj))
		return;
	/* only the items a budget states one by one under their own headings */
	static const char *const items[] = { "sangong_total", "sangong_abroad", "sangong_vehicle",
					     "sangong_vehicle_purchase", "sangong_vehicle_operation",
					     "sangong_reception", "meeting", "training",
					     "admin_running" };
	const char *key = narrative_subject_key(subj, kb, sizeof kb);
	size_t it = 0;
	while (key && it < sizeof items / sizeof items[0] && strcmp(items[it], key))
		it++;
	/* and the two totals when the heading is nothing more: `（一）收入预算`, `（二）支出预算` */
	char core[400];
	subject_core(cx->d->unit_name, subj, core, sizeof core);
	int total = key && (!strcmp(key, "income_total") || !strcmp(key, "expenditure_total")) &&
		    (!strcmp(core, "收入") || !strcmp(core, "支出"));
	if (!key || (it == sizeof items / sizeof items[0] && !total))
		return;
	snprintf(cx->pending_key, sizeof cx->pending_key, "%s", key);
	snprintf(cx->pending_subject, sizeof cx->pending_subject, "%s", subj);
	cx->pending_age = 0;
}

static void sentence(struct ctx *cx, const char *s, size_t n, const int *lines)
{
	struct claim *c = &cx->cur;
	cx->sentence_prefix[0] = '\0';
	size_t lead_start = 0;
	/* `一般公共预算财政拨款支出128148.56万元，比2025年增加…。其中：基本支出33325.21万元` — the
	 * 其中 of the sentence before speaks of its general budget (chongqing-02 p6) */
	int gpb_sentence = cx->gpb_before &&
			   (cx->gpb_chain || !strncmp(s, "其中", 6) || !strncmp(s, "(其中", 7));
	cx->gpb_chain = gpb_sentence; /* and its items, sentence by sentence, to another total */
	struct claim *reopened = NULL; /* the closed claim this sentence's modifiers go to */
	int amounts = 0;
	if (cx->paren_closed) {
		reopened = paren_claim(cx);
		cx->paren_closed = 0;
		cx->paren_key[0] = '\0';
	}
	int orphan = 0;                /* or none: they name a subject that has no amount */

	for (size_t i = 0; i < n;) {
		if (cx->paren_key[0] && (s[i] == '(' || s[i] == ')')) {
			cx->paren_depth += s[i] == '(' ? 1 : -1;
			if (cx->paren_depth <= 0) {
				reopened = paren_claim(cx);
				cx->paren_key[0] = '\0';
				if (i + 1 >= n)
					cx->paren_closed = 1; /* `。）` ends the sentence: `）比上年…` */
			}
		}
		int sep = is_sep(s, i, n);
		if (sep) {
			/* modifiers without numbers, judged on the clause just ended */
			char clause[400];
			size_t cl = i - lead_start < sizeof clause - 1 ? i - lead_start : sizeof clause - 1;
			memcpy(clause, s + lead_start, cl);
			clause[cl] = '\0';
			if (flat_words(clause) && c->key[0])
				c->flat = 1;
			if ((has(clause, "基数为零") || has(clause, "基数为0") || has(clause, "上年为零")) && c->key[0])
				c->base_zero = 1;
			/* `收入、支出预算总计…`, `收、支总计各减少…`: a name before `、` with no amount is
			 * one of several subjects of what follows, not a clause of its own (an amount in it
			 * would have ended the lead already) */
			int names = sep == 3 && strncmp(s + i, "、", 3) == 0 && cl > 0 && cl <= 120;
			i += (size_t)sep;
			if (!names)
				lead_start = i;
			continue;
		}
		size_t k = number_at(s, i, n);
		if (k == 0 || (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.'))) {
			i += k ? k : 1;
			continue;
		}
		size_t j = i + k;
		enum money_unit u;
		int yi = 0;
		size_t ulen;
		if (strncmp(s + j, "万元", 6) == 0) {
			u = MU_WAN;
			ulen = 6;
		} else if (strncmp(s + j, "亿元", 6) == 0) {
			u = MU_WAN;
			yi = 1;
			ulen = 6;
		} else if (strncmp(s + j, "千元", 6) == 0) {
			u = MU_QIAN;
			ulen = 6;
		} else if (strncmp(s + j, "元", 3) == 0) {
			u = MU_YUAN;
			ulen = 3;
		} else if (s[j] == '%') {
			u = MU_PCT;
			ulen = 1;
		} else if (strncmp(s + j, "个", 3) == 0) {
			u = MU_COUNT;
			ulen = 3;
		} else {
			i = j;
			continue;
		}
		int64_t v;
		/* as printed: `17,192万元` whole 万元, `1.5亿元` 0.1 亿元 = 1000 万元 */
		unsigned char pr = fact_prec(money_decimals(s + i, k) - (yi ? 4 : 0));
		if (money_parse(s + i, k, u == MU_COUNT ? MU_COUNT : u, &v, NULL) != YS_OK) {
			i = j + ulen;
			continue;
		}
		amounts++;
		if (yi) {
			if (v > INT64_MAX / 10000) {
				i = j + ulen;
				continue;
			}
			v *= 10000;
		}
		char lead[400];
		size_t ll = i - lead_start < sizeof lead - 1 ? i - lead_start : sizeof lead - 1;
		memcpy(lead, s + lead_start, ll);
		lead[ll] = '\0';
		int line = lines[i];
		int neg = has(lead, "减少") || has(lead, "下降") || has(lead, "降低") || has(lead, "减");
		int up = has(lead, "增加") || has(lead, "增长") || has(lead, "提高") || has(lead, "上升");
		int col = -1;

		if (u == MU_COUNT) {
			/* the number of projects with performance targets, once per document */
			int perf_count = has(lead, "项目") &&
					 (has(lead, "绩效目标") || has(lead, "涉及") || has(lead, "编报") ||
					  cx->perf_sentence) &&
					 !has(lead, "评级") && !has(lead, "评价") && !has(lead, "自评") &&
					 !has(lead, "问题") && !has(lead, "整改");
			if (perf_count && !cx->counted) {
				cx->counted = 1;
				struct claim pc;
				memset(&pc, 0, sizeof pc);
				snprintf(pc.key, sizeof pc.key, "project_count");
				clean_subject(lead, pc.subject, sizeof pc.subject);
				pc.has[C_CUR] = 1;
				pc.v[C_CUR] = v;
				pc.line[C_CUR] = line;
				pc.unit[C_CUR] = MU_COUNT;
				emit_claim(cx, &pc);
				cx->perf_sentence = 1;
			}
			i = j + ulen;
			lead_start = i;
			continue;
		}
		/* final accounts: `年初预算为A万元，支出决算为B万元，完成年初预算的C%` */
		int measure = -1;
		if (u != MU_PCT && !neg && !up && !has(lead, "比")) {
			if (has(lead, "年初预算"))
				measure = C_BUDGET;
			else if (has(lead, "调整预算") || has(lead, "全年预算"))
				measure = C_BUDGET_ADJ;
			else if (has(lead, "决算"))
				measure = C_CUR;
		}
		/* in a budget, `2026年年初预算数19,230.18万元` is the budget itself (a prior year's
		 * 年初预算 is left to the words around it) */
		if (measure == C_BUDGET && !strncmp(cx->d->doc_kind, "budget", 6)) {
			char py[16];
			snprintf(py, sizeof py, "%d", cx->d->year - 1);
			measure = cx->d->year && has(lead, py) ? -1 : C_CUR;
		}
		if (measure >= 0) {
			char subj[400], bare[400];
			clean_subject(lead, subj, sizeof subj);
			strip_measures(subj, bare, sizeof bare);
			if ((!bare[0] || is_filler(bare)) && cx->pending_key[0]) {
				/* `（一）收入预算。2026年年初预算数19,230.18万元` */
				emit_claim(cx, c);
				memset(c, 0, sizeof *c);
				reopened = NULL;
				orphan = 0;
				snprintf(c->key, sizeof c->key, "%s", cx->pending_key);
				snprintf(c->subject, sizeof c->subject, "%s", cx->pending_subject);
				cx->pending_key[0] = '\0';
				c->has[measure] = 1;
				c->v[measure] = v;
				c->line[measure] = line;
				c->unit[measure] = u;
				i = j + ulen;
				lead_start = i;
				continue;
			}
			if ((!bare[0] || is_filler(bare)) && c->key[0]) {
				if (!c->has[measure]) {
					c->has[measure] = 1;
					c->v[measure] = v;
					c->line[measure] = line;
					c->unit[measure] = u;
					c->prec[measure] = pr;
				}
				i = j + ulen;
				lead_start = i;
				continue;
			}
			char kb[96];
			const char *key = is_path(bare) ? "function" :
					  narrative_subject_key(bare, kb, sizeof kb);
			emit_claim(cx, c);
			memset(c, 0, sizeof *c);
			reopened = NULL;
			orphan = 0;
			cx->pending_key[0] = '\0'; /* the subject is stated with its amount */
			if (key) {
				snprintf(c->key, sizeof c->key, "%s", key);
				snprintf(c->subject, sizeof c->subject, "%s", bare);
				c->has[measure] = 1;
				c->v[measure] = v;
				c->line[measure] = line;
				c->unit[measure] = u;
				c->prec[measure] = pr;
			}
			i = j + ulen;
			lead_start = i;
			continue;
		}
		if (u == MU_PCT && (has(lead, "完成") || has(lead, "执行率"))) {
			if (c->key[0] && !c->has[C_EXEC_PCT]) {
				c->has[C_EXEC_PCT] = 1;
				c->v[C_EXEC_PCT] = v;
				c->line[C_EXEC_PCT] = line;
				c->unit[C_EXEC_PCT] = u;
				c->prec[C_EXEC_PCT] = pr;
			}
			i = j + ulen;
			lead_start = i;
			continue;
		}
		/* whose modifier: the open claim, or the claim the lead names itself */
		int named;
		struct claim *t = modifier_target(cx, lead, &named);
		if (!named && orphan)
			t = NULL; /* `…财政拨款支出减少17,151.62万元，下降5.48%`: the rate is nobody's too */
		else if (!named && reopened)
			t = reopened;
		else if (named) {
			reopened = t != c ? t : NULL;
			orphan = t == NULL;
		}
		if (u == MU_PCT) {
			if (has(lead, "占"))
				col = C_SHARE;
			else if (has(lead, "执行数") || (t && t->exec_basis && !has(lead, "预算")))
				col = C_PCT_EXEC; /* `比上年执行数减少2万元，下降6.25%` */
			else if (neg || up)
				col = C_PCT;
			if (col >= 0 && neg)
				v = -v;
		} else if (has(lead, "执行数") || has(lead, "执行为")) {
			/* `比上年执行数增加1.2万元` is a change against the execution, `2025年执行数为
			 * 10.5万元` the execution itself: neither is the prior against the budget */
			col = neg || up ? C_CHANGE_EXEC : C_PRIOR_EXEC;
			if (neg)
				v = -v;
		} else if (neg || up) {
			col = C_CHANGE;
			if (neg)
				v = -v;
		} else if (has(lead, "比") && (has(lead, "年") || has(lead, "上年"))) {
			col = C_PRIOR; /* `比2024年预算0.22万元` */
		}
		if (col >= 0) {
			if (t && t->key[0] && !t->has[col]) {
				t->has[col] = 1;
				t->v[col] = v;
				t->line[col] = line;
				t->unit[col] = u;
				t->prec[col] = pr;
				if (col == C_CHANGE_EXEC)
					t->exec_basis = 1;
				else if (col == C_CHANGE || col == C_PRIOR)
					t->exec_basis = 0;
				if (t != c)
					emit_claim(cx, t); /* a closed claim: its new columns now */
			}
		} else if (u != MU_PCT) {
			/* a new subject */
			char subj[400];
			clean_subject(lead, subj, sizeof subj);
			char kb[96];
			const char *key = NULL;
			if (is_path(subj))
				key = "function";
			else
				key = narrative_subject_key(subj, kb, sizeof kb);
			if (key && cx->perf_sentence && !strcmp(key, "expenditure_total"))
				key = "performance_total";
			if (!key && is_filler(subj) && cx->pending_key[0]) {
				/* the amount of the subject stated alone just before */
				snprintf(kb, sizeof kb, "%s", cx->pending_key);
				key = kb;
				snprintf(subj, sizeof subj, "%s", cx->pending_subject);
			} else if (!key && is_filler(subj)) {
				/* `2024年预算安排53.84万元`: the open claim's amount said again */
				i = j + ulen;
				lead_start = i;
				continue;
			}
			cx->pending_key[0] = '\0';
			emit_claim(cx, c);
			memset(c, 0, sizeof *c);
			reopened = NULL;
			orphan = 0;
			if (key) {
				if (!strcmp(key, "gpb_total")) {
					gpb_sentence = cx->gpb_before = 1;
					cx->gpb_chain = 0;
				} else if (strcmp(key, "basic") && strcmp(key, "project")) {
					cx->gpb_before = cx->gpb_chain = 0; /* another total */
				}
				if (gpb_sentence && (!strcmp(key, "basic") || !strcmp(key, "project")))
					snprintf(c->key, sizeof c->key, "gpb_%.80s", key);
				else if (!strcmp(key, "total")) {
					snprintf(c->key, sizeof c->key, "income_total");
					snprintf(c->key2, sizeof c->key2, "expenditure_total");
				} else
					snprintf(c->key, sizeof c->key, "%s", key);
				snprintf(c->subject, sizeof c->subject, "%s", subj);
				c->has[C_CUR] = 1;
				c->v[C_CUR] = v;
				c->line[C_CUR] = line;
				c->unit[C_CUR] = u;
				c->prec[C_CUR] = pr;
			}
		}
		i = j + ulen;
		lead_start = i;
		if (i < n && s[i] == '(' && u != MU_PCT && c->key[0] && c->has[C_CUR] &&
		    !cx->paren_key[0]) {
			snprintf(cx->paren_key, sizeof cx->paren_key, "%s", c->key);
			snprintf(cx->paren_subject, sizeof cx->paren_subject, "%s", c->subject);
			cx->paren_depth = 0; /* the loop counts this `(` */
		}
	}
	if (amounts == 0)
		subject_alone(cx, s, n);
	/* a trailing modifier clause (`与上年持平。`): bounded to this sentence */
	if (lead_start < n && c->key[0]) {
		char tail[400];
		size_t tl = n - lead_start < sizeof tail - 1 ? n - lead_start : sizeof tail - 1;
		memcpy(tail, s + lead_start, tl);
		tail[tl] = '\0';
		if (flat_words(tail))
			c->flat = 1;
		if (has(tail, "基数为零") || has(tail, "基数为0") || has(tail, "上年为零"))
			c->base_zero = 1;
	}
}

/* `1、一般公共服务支出（类）财政事务（款）行政运行（项）。` with its amounts in the sentences
 * after it: the path opens a claim of its own. */
static void subject_only(struct ctx *cx, const char *s, size_t n, const int *lines)
{
	char t[400];
	size_t m = n < sizeof t - 1 ? n : sizeof t - 1;
	memcpy(t, s, m);
	t[m] = '\0';
	text_utf8_clip(t);
	char cb[16];
	if (!(has(t, "(类)") || coded_path(t, cb, sizeof cb)) || has(t, "万元") || has(t, "元") ||
	    has(t, "%"))
		return;
	char *end = strstr(t, "(项)");
	if (end)
		end[strlen("(项)")] = '\0';
	emit_claim(cx, &cx->cur);
	memset(&cx->cur, 0, sizeof cx->cur);
	snprintf(cx->cur.key, sizeof cx->cur.key, "function");
	clean_subject(t, cx->cur.subject, sizeof cx->cur.subject);
	cx->cur.line[C_CUR] = lines[0];
}

/* The level of a heading by its numbering: `七、` or `第三部分` 1 (an unnumbered heading too),
 * `（一）` 2, `1.`/`1、` 3. */
static int heading_level(const char *h)
{
	if (!strncmp(h, "(", 1) || !strncmp(h, "（", 3))
		return 2;
	if (h[0] >= '0' && h[0] <= '9')
		return 3;
	return 1;
}

static void paragraph(struct ctx *cx, struct para *p)
{
	if (p->len == 0)
		return;
	cx->perf_sentence = 0;
	cx->gpb_before = cx->gpb_chain = 0;
	size_t start = 0;
	for (size_t i = 0; i <= p->len; i++) {
		int end = i == p->len;
		size_t adv = 1;
		if (!end && strncmp(p->s + i, "。", 3) == 0) {
			end = 1;
			adv = 3;
		} else if (!end && (p->s[i] == ';' || p->s[i] == '!' || p->s[i] == '?')) {
			end = 1;
		}
		if (end) {
			if (i > start) {
				char save = p->s[i < p->len ? i : p->len];
				(void)save;
				if (has(p->s + start, "绩效") && strstr(p->s + start, "绩效") < p->s + i)
					cx->perf_sentence = 1;
				subject_only(cx, p->s + start, i - start, p->line + start);
				sentence(cx, p->s + start, i - start, p->line + start);
			}
			start = i + (i < p->len ? adv : 0);
			if (i < p->len)
				i += adv - 1;
		}
	}
	emit_claim(cx, &cx->cur);
	memset(&cx->cur, 0, sizeof cx->cur);
	if (cx->pending_key[0] && ++cx->pending_age >= 2)
		cx->pending_key[0] = '\0';
	p->len = 0;
	if (p->s)
		p->s[0] = '\0';
}

/* A line that starts a new item even without a sentence end before it. An ordinal must be
 * followed by words: `7.` alone, or `1.` before digits, is a number wrapped at its point. */
static int starts_item(const char *s)
{
	const char *p = text_skip_ordinal(s);
	if (p != s)
		return *p && !(*p >= '0' && *p <= '9') && *p != '%';
	return strncmp(s, "注", 3) == 0 || strncmp(s, "其中", 6) == 0;
}

static int ends_sentence(const struct para *p)
{
	if (p->len == 0)
		return 1;
	const char *s = p->s;
	size_t n = p->len;
	/* not ':' — `主要用于：` goes on on the next line; an item after `其中：` starts one anyway */
	if (s[n - 1] == ';' || s[n - 1] == '!' || s[n - 1] == '?')
		return 1;
	return n >= 3 && (strncmp(s + n - 3, "。", 3) == 0);
}

/* A page number: `- 23 -`, `—23—`, `23`, `第3页`, `第3页共40页`, `3/40` (normalised). */
static int page_number(const char *s)
{
	const char *p = s;
	int digits = 0;
	if (strncmp(p, "第", 3) == 0)
		p += 3;
	while (*p == '-' || strncmp(p, "—", 3) == 0 || strncmp(p, "–", 3) == 0)
		p += *p == '-' ? 1 : 3;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (!digits || digits > 4)
		return 0;
	if (*p == '/')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (strncmp(p, "页", 3) == 0)
		p += 3;
	if (strncmp(p, "共", 3) == 0) {
		for (p += 3; *p >= '0' && *p <= '9'; p++)
			;
		if (strncmp(p, "页", 3) == 0)
			p += 3;
	}
	while (*p == '-' || strncmp(p, "—", 3) == 0 || strncmp(p, "–", 3) == 0)
		p += *p == '-' ? 1 : 3;
	return *p == '\0';
}

/* Page furniture of a PDF: page numbers and running headers and footers (the same words at the
 * top or the bottom of three pages or more, page numbers aside), marked in out[0..n). They are
 * skipped, so that a sentence goes on over the page break (`…培训费` / page / `预算支出105万元`). */
static void furniture(const struct nline *lines, size_t n, unsigned char *out)
{
	enum { EDGE = 2, KEYB = 160 };
	size_t *cand = malloc((n + 1) * sizeof *cand);
	char (*key)[KEYB] = malloc((n + 1) * sizeof *key);
	if (!cand || !key) {
		free(cand);
		free(key);
		return;
	}
	size_t nc = 0;
	for (size_t i = 0; i < n;) {
		int page = lines[i].page;
		size_t j = i, txt[256], nt = 0;
		for (; j < n && lines[j].page == page; j++)
			if (lines[j].kind != NL_BLANK && lines[j].s[0] && nt < 256)
				txt[nt++] = j;
		for (size_t k = 0; k < nt; k++)
			if (page > 0 && (k < EDGE || k + EDGE >= nt))
				cand[nc++] = txt[k];
		i = j;
	}
	for (size_t c = 0; c < nc; c++) {
		char norm[KEYB];
		const char *s = lines[cand[c]].s;
		text_norm(s, strlen(s), norm, sizeof norm);
		if (page_number(norm)) {
			out[cand[c]] = 1;
			key[c][0] = '\0';
			continue;
		}
		size_t w = 0; /* the words without the page's number */
		for (const char *q = norm; *q && w + 1 < KEYB; q++)
			if (!(*q >= '0' && *q <= '9') && *q != '-')
				key[c][w++] = *q;
		key[c][w] = '\0';
	}
	for (size_t c = 0; c < nc; c++) {
		if (!key[c][0] || out[cand[c]])
			continue;
		int pages = 0, last = -1;
		for (size_t e = 0; e < nc; e++)
			if (!strcmp(key[e], key[c]) && lines[cand[e]].page != last) {
				pages++;
				last = lines[cand[e]].page;
			}
		if (pages >= 3)
			for (size_t e = 0; e < nc; e++)
				if (!strcmp(key[e], key[c]))
					out[cand[e]] = 1;
	}
	free(cand);
	free(key);
}

enum ys_err narrative_extract(struct doc *d, const struct nline *lines, size_t n)
{
	struct ctx cx = { 0 };
	cx.d = d;
	struct para p = { 0 };
	char norm[4096], next[256];
	int after_heading = 0;
	unsigned char *skip = calloc(n + 1, 1);
	if (!skip)
		return YS_ENOMEM;
	furniture(lines, n, skip);
	for (size_t i = 0; i < n; i++) {
		const struct nline *l = &lines[i];
		if (l->kind == NL_BLANK || skip[i])
			continue;
		text_norm(l->s, strlen(l->s), norm, sizeof norm);
		if (!norm[0]) {
			if (l->kind == NL_BREAK)
				paragraph(&cx, &p); /* a line that is not narrative (title, table) */
			continue;
		}
		/* `5、…支出(类)…(款)行政单位离退休` looks like a heading, but its `(项)。主要用于…` on
		 * the next line says it is the start of an item: read the two as one */
		int heading = l->kind == NL_HEADING;
		/* a heading cut in the middle of an amount (`…（项）支出527.26` / `万元，…`) is text */
		size_t nl = strlen(norm);
		if (heading && nl && ((norm[nl - 1] >= '0' && norm[nl - 1] <= '9') ||
				      (nl >= 3 && !strcmp(norm + nl - 3, "万"))))
			heading = 0;
		if (heading && (has(norm, "(类)") || has(norm, "(款)")) && !has(norm, "(项)") && i + 1 < n) {
			text_norm(lines[i + 1].s, strlen(lines[i + 1].s), next, sizeof next);
			const char *close = strstr(next, "(项)");
			if (!close)
				close = strstr(next, "(款)");
			if (close) {
				/* the path goes on to its (项) before any sentence mark */
				char head[64];
				snprintf(head, sizeof head, "%.*s", (int)(close - next), next);
				if (!has(head, "。") && !has(head, ",") && !has(head, "，") && !has(head, "万元"))
					heading = 0;
			}
		}
		/* `（四）2010399-其他政府办公厅（室）及相关机构事务` / `支出 3942.61 万元。…`: an item
		 * with its code whose name runs on to its amount (quanzhou-01 p25) */
		char cb[16];
		if (heading && i + 1 < n && lines[i + 1].kind != NL_BLANK &&
		    code_word(text_skip_ordinal(norm), cb, sizeof cb)) {
			text_norm(lines[i + 1].s, strlen(lines[i + 1].s), next, sizeof next);
			const char *amt = strstr(next, "万元");
			if (amt && amt - next < 90) {
				char head[96];
				snprintf(head, sizeof head, "%.*s", (int)(amt - next), next);
				if (!has(head, "。") && !has(head, ",") && !has(head, ";"))
					heading = 0;
			}
		}
		/* an indented line (NL_BREAK with text) starts a paragraph only after a sentence end:
		 * justified text indents its continuation lines too (`  元，与上年相比…`) */
		int brk = heading || (l->kind == NL_BREAK && !l->s[0]) || ends_sentence(&p) ||
			  starts_item(norm) || after_heading;
		if (brk) {
			paragraph(&cx, &p);
			cx.page = l->page;
		}
		if (para_append(&p, norm, strlen(norm), l->line) != 0) {
			free(p.s);
			free(p.line);
			free(skip);
			return YS_ENOMEM;
		}
		if (heading) {
			cx.heading = 1;
			paragraph(&cx, &p);
			cx.heading = 0;
			if (!is_path(norm)) {
				cx.cls[0] = '\0'; /* a new section: no class above */
				cx.nrecent = 0;    /* nor claims to come back to */
				/* a heading of its level or above ends the fund's section, not its
				 * own `（一）收入` under it */
				int level = heading_level(norm);
				if (cx.fund_section && level <= cx.fund_section)
					cx.fund_section = 0;
				if ((has(norm, "政府性基金") || has(norm, "国有资本经营")) &&
				    !has(norm, "一般公共预算") && !has(norm, "收支总") && !has(norm, "总体"))
					cx.fund_section = level;
			}
		}
		after_heading = heading;
	}
	paragraph(&cx, &p);
	free(p.s);
	free(p.line);
	free(skip);
	return YS_OK;
}
