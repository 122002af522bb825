/* The reader's words for the ids of the CSVs (issue 18): rules, audit checks, severities,
 * execution scopes, bases and sources, peer scopes, kinds of document, PEFA's "n/a". The CSVs
 * keep the ids (scripts rely on them); pages and the workbook show these names, and the
 * workbook's 说明 sheet and the README list both. */
#ifndef YS_NAMES_H
#define YS_NAMES_H

#include <stddef.h>

enum name_kind {
	NK_RULE, NK_CHECK, NK_SEVERITY, NK_SCOPE, NK_BASIS, NK_EXEC_SOURCE, NK_PRIOR_SOURCE,
	NK_KIND, NK_DIMENSION, NK_PEFA, NK_COUNT
};

struct name_entry {
	enum name_kind kind;
	const char *id;
	const char *zh;
};

/* Every id with its name, grouped by kind (the 说明 sheet's table). */
extern const struct name_entry names_table[];
extern const size_t names_count;
/* The Chinese heading of a kind ("规则", "审核检查", …). */
const char *names_kind_title(enum name_kind k);

/* The name of id; an id this table does not know gets a generic name of its kind ("其他检查"),
 * never the id itself (an id is not a word a reader should meet). */
const char *names_zh(enum name_kind k, const char *id);

/* A peer scope for a reader: "all" → 全部单位, "others" → 名录外单位, "801:final" → 801（决算）;
 * a group code is shown by the name given in label when not NULL ("示例市教育局（本级）所属"). */
char *names_group(const char *group, const char *label, char *buf, size_t n);

/* An amount or a number printed by money_format/num_format ("15621.11", "-3.5") with
 * thousands separators ("15,621.11"), in place; buf has room for n bytes. */
char *names_thousands(char *buf, size_t n);

/* A sentence with its amounts' thousands separated ("由16497.86万元" → "由16,497.86万元"): runs
 * of 4 or more digits with decimals only, so that years, codes and page numbers stay as they
 * are. Returns buf (n bytes). */
char *text_thousands(const char *src, char *buf, size_t n);

#endif
