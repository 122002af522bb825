/* The reader's words for the CSVs' ids: one table, read by the pages, the workbook (and its 说明
 * sheet) and the tests that check no id reaches a reader. */
#include "names.h"

#include <stdio.h>
#include <string.h>

const struct name_entry names_table[] = {
	{ NK_RULE, "sangong_increase", "“三公”经费增加" },
	{ NK_RULE, "sangong_item_increase", "“三公”经费单项增加" },
	{ NK_RULE, "admin_running_increase", "机关运行经费增加" },
	{ NK_RULE, "share_shift", "支出结构变动" },
	{ NK_RULE, "performance_exceeds_project", "绩效资金超过项目支出" },
	{ NK_RULE, "procurement_parts", "政府采购分项与合计不符" },

	{ NK_CHECK, "unplaced_row", "无法对齐的表行" },
	{ NK_CHECK, "garbage_cell", "无法识别的金额" },
	{ NK_CHECK, "truncated", "文件不完整" },
	{ NK_CHECK, "code_repaired", "科目编码已校正" },
	{ NK_CHECK, "empty_table", "表格无数据行" },
	{ NK_CHECK, "no_unit", "未识别单位名称" },
	{ NK_CHECK, "missing_table", "未公开的报表" },
	{ NK_CHECK, "stated_empty_with_values", "注明空表却列有数值" },
	{ NK_CHECK, "narrative_vs_empty_table", "情况说明与空表不符" },
	{ NK_CHECK, "balance", "收支总计不平衡" },
	{ NK_CHECK, "summary_sum", "收支总表合计不符" },
	{ NK_CHECK, "row_sum", "表内行合计不符" },
	{ NK_CHECK, "code_sum", "科目分级合计不符" },
	{ NK_CHECK, "total_sum", "合计行与各行之和不符" },
	{ NK_CHECK, "cross_table", "表间数字不一致" },
	{ NK_CHECK, "sangong_vs_economic", "“三公”经费与经济分类科目" },
	{ NK_CHECK, "performance_exceeds_project", "绩效资金超过项目支出" },
	{ NK_CHECK, "performance_sum", "绩效项目合计不符" },
	{ NK_CHECK, "narrative_vs_table", "情况说明与报表数字不符" },
	{ NK_CHECK, "narrative_share", "情况说明所述占比" },
	{ NK_CHECK, "narrative_rate", "情况说明所述增幅" },
	{ NK_CHECK, "narrative_prior", "情况说明所述上年数" },
	{ NK_CHECK, "restated_prior", "上年数重述" },
	{ NK_CHECK, "restated_budget", "年初预算重述" },
	{ NK_CHECK, "reading_suspect", "报表读取存疑" },
	{ NK_CHECK, "duplicate_document", "重复文件" },
	{ NK_CHECK, "unreadable_input", "无法读取的文件" },
	{ NK_CHECK, "bad_fact", "无效数据行" },
	{ NK_CHECK, "contradictory_fact", "同一数据前后矛盾" },
	{ NK_CHECK, "bad_registry", "单位名录中的无效行" },

	{ NK_SEVERITY, "error", "错误" },
	{ NK_SEVERITY, "warning", "警告" },
	{ NK_SEVERITY, "info", "提示" },

	{ NK_SCOPE, "total", "支出合计" },
	{ NK_SCOPE, "gpb_total", "一般公共预算财政拨款支出" },
	{ NK_SCOPE, "basic", "基本支出" },
	{ NK_SCOPE, "project", "项目支出" },
	{ NK_SCOPE, "sangong", "“三公”经费" },
	{ NK_SCOPE, "function", "功能分类" },
	{ NK_SCOPE, "economic", "经济分类" },

	{ NK_BASIS, "initial", "年初预算" },
	{ NK_BASIS, "adjusted", "调整预算" },

	{ NK_EXEC_SOURCE, "final_accounts_table", "决算表" },
	{ NK_EXEC_SOURCE, "final_accounts_narrative", "决算情况说明" },
	{ NK_EXEC_SOURCE, "final_accounts_items", "决算情况说明各项之和" },
	{ NK_EXEC_SOURCE, "budget_document", "当年预算文件" },

	{ NK_PRIOR_SOURCE, "table", "上年文件" },
	{ NK_PRIOR_SOURCE, "narrative", "本年情况说明" },

	{ NK_KIND, "budget", "预算" },
	{ NK_KIND, "budget/department", "部门预算" },
	{ NK_KIND, "budget/unit", "单位预算" },
	{ NK_KIND, "final", "决算" },
	{ NK_KIND, "final/department", "部门决算" },
	{ NK_KIND, "final/unit", "单位决算" },

	{ NK_DIMENSION, "function", "功能分类" },
	{ NK_DIMENSION, "economic", "经济分类" },

	{ NK_PEFA, "n/a", "不评分" },
};
const size_t names_count = sizeof names_table / sizeof names_table[0];

static const char *const titles[NK_COUNT] = {
	[NK_RULE] = "政策提示规则（flags.csv 的 rule）",
	[NK_CHECK] = "审核检查（audit.csv 的 check）",
	[NK_SEVERITY] = "级别（severity）",
	[NK_SCOPE] = "执行范围（execution.csv 的 scope）",
	[NK_BASIS] = "预算口径（basis）",
	[NK_EXEC_SOURCE] = "预算数来源（execution.csv 的 source）",
	[NK_PRIOR_SOURCE] = "上年数来源（growth.csv 的 prior_source）",
	[NK_KIND] = "文件类型（doc_kind）",
	[NK_DIMENSION] = "科目分类（breakdown.csv 的 dimension）",
	[NK_PEFA] = "PEFA评分（pefa.csv 的 score）",
};

static const char *const fallback[NK_COUNT] = {
	[NK_RULE] = "其他政策提示", [NK_CHECK] = "其他检查",   [NK_SEVERITY] = "其他级别",
	[NK_SCOPE] = "其他范围",     [NK_BASIS] = "其他口径",   [NK_EXEC_SOURCE] = "其他来源",
	[NK_PRIOR_SOURCE] = "其他来源", [NK_KIND] = "其他文件", [NK_DIMENSION] = "其他分类",
	[NK_PEFA] = "其他",
};

const char *names_kind_title(enum name_kind k)
{
	return k < NK_COUNT ? titles[k] : "";
}

const char *names_zh(enum name_kind k, const char *id)
{
	if (!id || !id[0])
		return "";
	for (size_t i = 0; i < names_count; i++)
		if (names_table[i].kind == k && !strcmp(names_table[i].id, id))
			return names_table[i].zh;
	/* a kind of document the table lacks is still a budget or a final account */
	if (k == NK_KIND)
		return !strncmp(id, "final", 5) ? "决算" : "预算";
	/* a PEFA score is a letter; anything else is not one */
	if (k == NK_PEFA)
		return strlen(id) == 1 ? id : fallback[k];
	return k < NK_COUNT ? fallback[k] : "";
}

char *names_group(const char *group, const char *label, char *buf, size_t n)
{
	const char *g = group ? group : "";
	size_t len = strcspn(g, ":");
	int final = g[len] == ':' && !strcmp(g + len + 1, "final");
	const char *base;
	char code[160];
	snprintf(code, sizeof code, "%.*s", (int)len, g);
	if (!strcmp(code, "all"))
		base = "全部单位";
	else if (!strcmp(code, "others"))
		base = "名录外单位";
	else
		base = label && label[0] ? label : code;
	snprintf(buf, n, "%s%s", base, final ? "（决算）" : "");
	return buf;
}

char *names_thousands(char *buf, size_t n)
{
	char *p = buf;
	if (*p == '-' || *p == '+')
		p++;
	size_t digits = strspn(p, "0123456789");
	if (digits <= 3)
		return buf;
	size_t commas = (digits - 1) / 3, len = strlen(buf);
	if (len + commas + 1 > n)
		return buf; /* no room: the plain number is still right */
	/* from the end: the tail after the integer part, then the digits in threes */
	char *int_end = p + digits;
	memmove(int_end + commas, int_end, (size_t)(buf + len - int_end) + 1);
	char *to = int_end + commas; /* (ahead of what it copies: backwards is safe) */
	for (size_t i = 0; i < digits; i++) {
		*--to = *(int_end - 1 - i);
		if (i % 3 == 2 && i + 1 < digits)
			*--to = ',';
	}
	return buf;
}

char *text_thousands(const char *src, char *buf, size_t n)
{
	/* an amount is a run of 4 or more digits followed by a decimal point and a digit, that
	 * does not follow a digit, a letter, '.', or '-' inside a word (years, codes, 第20页 and
	 * file names have no decimals) */
	size_t w = 0;
	const char *p = src ? src : "";
	if (!n)
		return buf;
	while (*p && w + 1 < n) {
		size_t run = strspn(p, "0123456789");
		int prev_ok = p == src || !((p[-1] >= '0' && p[-1] <= '9') || (p[-1] >= 'a' && p[-1] <= 'z') ||
					      (p[-1] >= 'A' && p[-1] <= 'Z') || p[-1] == '.' || p[-1] == '_');
		if (run >= 4 && prev_ok && p[run] == '.' && p[run + 1] >= '0' && p[run + 1] <= '9') {
			for (size_t i = 0; i < run && w + 2 < n; i++) {
				buf[w++] = p[i];
				if ((run - 1 - i) % 3 == 0 && i + 1 < run)
					buf[w++] = ',';
			}
			p += run;
			continue;
		}
		if (run) {
			size_t k = run < n - 1 - w ? run : n - 1 - w;
			memcpy(buf + w, p, k);
			w += k;
			p += run;
			continue;
		}
		buf[w++] = *p++;
	}
	buf[w] = '\0';
	return buf;
}
