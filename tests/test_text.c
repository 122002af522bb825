/* text: encodings, line ends, page markers, markup, normalisation, CJK width. */
#include <criterion/criterion.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

static char *to_gb18030(const char *utf8, size_t *n)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t in = strlen(utf8), cap = in * 2 + 8, out = cap;
	char *buf = malloc(cap), *op = buf, *ip = (char *)utf8;
	cr_assert_neq(iconv(cd, &ip, &in, &op, &out), (size_t)-1);
	iconv_close(cd);
	*n = cap - out;
	return buf;
}

Test(text, utf8_bom_crlf_all_read_the_same)
{
	const char *plain = "单位：万元\n合计\t1,236.47\n";
	struct text_decoded a, b, c;
	struct ys_error e;
	cr_assert_eq(text_decode("a", (const unsigned char *)plain, strlen(plain), &a, &e), YS_OK);
	const char *bom = "\xEF\xBB\xBF单位：万元\r\n合计\t1,236.47\r\n";
	cr_assert_eq(text_decode("b", (const unsigned char *)bom, strlen(bom), &b, &e), YS_OK);
	size_t gn;
	char *gb = to_gb18030("单位：万元\r\n合计\t1,236.47\n", &gn);
	cr_assert_eq(text_decode("c", (const unsigned char *)gb, gn, &c, &e), YS_OK);
	cr_assert_str_eq(a.text, plain);
	cr_assert_str_eq(b.text, plain);
	cr_assert_str_eq(c.text, plain);
	cr_assert_eq(a.enc, ENC_UTF8);
	cr_assert_eq(b.enc, ENC_UTF8_BOM);
	cr_assert_eq(c.enc, ENC_GB18030);
	free(a.text);
	free(b.text);
	free(c.text);
	free(gb);
}

Test(text, binary_and_unknown_encoding_fail_with_a_line)
{
	struct text_decoded d;
	struct ys_error e;
	const unsigned char bin[] = { 'a', '\n', 'b', 0, 1, 2 };
	cr_assert_eq(text_decode("x.bin", bin, sizeof bin, &d, &e), YS_EBINARY);
	cr_assert_eq(e.line, 2);
	cr_assert(strstr(e.msg, "binary"));
	/* 0x80 alone and 0xFF are valid in neither UTF-8 nor GB18030 */
	const unsigned char bad[] = { 'o', 'k', '\n', 'x', 0xFF, 0xFF, 0x80, 'y', '\n' };
	cr_assert_eq(text_decode("x.txt", bad, sizeof bad, &d, &e), YS_EENC);
	cr_assert_eq(e.line, 2);
	cr_assert(strstr(e.msg, "neither UTF-8 nor GB18030"), "%s", e.msg);
	/* a BOM that lies */
	const unsigned char lie[] = { 0xEF, 0xBB, 0xBF, 'a', '\n', 0xB5, 0xA5, '\n' };
	cr_assert_eq(text_decode("x.txt", lie, sizeof lie, &d, &e), YS_EENC);
	cr_assert(strstr(e.msg, "mislabelled"), "%s", e.msg);
}

Test(text, truncated_inside_a_character)
{
	/* 万 is E4 B8 87: cut after two bytes */
	const unsigned char cut[] = { '1', '.', '5', 0xE4, 0xB8 };
	struct text_decoded d;
	struct ys_error e;
	cr_assert_eq(text_decode("t", cut, sizeof cut, &d, &e), YS_OK);
	cr_assert(d.cut_char);
	cr_assert_str_eq(d.text, "1.5");
	free(d.text);
}

Test(text, page_markers)
{
	cr_assert_eq(text_page_marker("-- PAGE 9 END --", 16), 9);
	cr_assert_eq(text_page_marker("  -- PAGE 12 END --  ", 21), 12);
	cr_assert_eq(text_page_marker("- 3 -", 5), 3);
	cr_assert_eq(text_page_marker("第 4 页 共 12 页", strlen("第 4 页 共 12 页")), 4);
	cr_assert_eq(text_page_marker("\f", 1), 1);
	cr_assert_eq(text_page_marker("-1.50", 5), 0);
	cr_assert_eq(text_page_marker("合计", 6), 0);
}

Test(text, strip_markup)
{
	char a[] = "## **七、一般公共预算“三公”经费支出情况说明**";
	text_strip_markup(a, strlen(a));
	cr_assert_str_eq(a, "七、一般公共预算“三公”经费支出情况说明");
	char b[] = "<b>本年收入合计</b>\t<b>1,236.47</b>\t-";
	text_strip_markup(b, strlen(b));
	cr_assert_str_eq(b, "本年收入合计\t1,236.47\t-");
	char c[] = "- 一、单位收支总体情况说明";
	text_strip_markup(c, strlen(c));
	cr_assert_str_eq(c, "一、单位收支总体情况说明");
	char d[] = "x < 5 and y>3";
	text_strip_markup(d, strlen(d));
	cr_assert_str_eq(d, "x < 5 and y>3");
}

Test(text, norm_and_ordinals)
{
	char o[256];
	text_norm("部门（单位） 代码", strlen("部门（单位） 代码"), o, sizeof o);
	cr_assert_str_eq(o, "部门(单位)代码");
	text_norm("“三公”经费　合计", strlen("“三公”经费　合计"), o, sizeof o);
	cr_assert_str_eq(o, "三公经费合计");
	cr_assert_str_eq(text_skip_ordinal("（一）上级补助"), "上级补助");
	cr_assert_str_eq(text_skip_ordinal("十二、农林水支出"), "农林水支出");
	cr_assert_str_eq(text_skip_ordinal("1、上级补助"), "上级补助");
	cr_assert_str_eq(text_skip_ordinal("(二十六)债务"), "债务");
	cr_assert_str_eq(text_skip_ordinal("1.50万元"), "1.50万元");
	cr_assert_str_eq(text_skip_ordinal("（款）机关"), "（款）机关");
}

Test(text, cjk_width)
{
	cr_assert_eq(text_width("abc"), 3);
	cr_assert_eq(text_width("基本支出"), 8);
	cr_assert_eq(text_width("79.47%（基本）"), 6 + 8);
}
