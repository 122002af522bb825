/* money: exact parsing of cells and narrative numbers into 分, and printing 万元. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/money.h"

static int64_t parse_ok(const char *s, enum money_unit u)
{
	int64_t v = -1;
	enum ys_err e = money_parse(s, strlen(s), u, &v, NULL);
	cr_assert_eq(e, YS_OK, "'%s' should parse, got %d", s, e);
	return v;
}

static enum ys_err parse_err(const char *s, enum money_unit u)
{
	int64_t v;
	return money_parse(s, strlen(s), u, &v, NULL);
}

Test(money, wan_with_thousands)
{
	cr_assert_eq(parse_ok("1,236.47", MU_WAN), INT64_C(1236470000));
	cr_assert_eq(parse_ok("0.22", MU_WAN), INT64_C(220000));
	cr_assert_eq(parse_ok("253.80", MU_WAN), INT64_C(253800000));
}

Test(money, yuan_integers_shanghai)
{
	/* 189,767,551 元 = 18976.7551 万元 = 18,976,755,100 分 */
	cr_assert_eq(parse_ok("189,767,551", MU_YUAN), INT64_C(18976755100));
	cr_assert_eq(parse_ok("9,501,164", MU_YUAN), INT64_C(950116400));
	cr_assert_eq(parse_ok("12.34", MU_YUAN), INT64_C(1234));
}

Test(money, qian)
{
	/* 1,234.5 千元 = 123.45 万元 */
	cr_assert_eq(parse_ok("1,234.5", MU_QIAN), INT64_C(123450000));
}

Test(money, zero_spellings_are_blank_zeros)
{
	const char *zeros[] = { "", "-", "  ", "—", "－", "--" };
	for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++) {
		int64_t v = 7;
		int blank = 0;
		cr_assert_eq(money_parse(zeros[i], strlen(zeros[i]), MU_WAN, &v, &blank), YS_OK, "%s", zeros[i]);
		cr_assert_eq(v, 0);
		cr_assert(blank, "'%s' is a blank zero", zeros[i]);
	}
	int blank = 1;
	int64_t v;
	cr_assert_eq(money_parse("0.00", 4, MU_WAN, &v, &blank), YS_OK);
	cr_assert_eq(v, 0);
	cr_assert_not(blank, "0.00 is a printed zero");
}

Test(money, full_width_and_minus_signs)
{
	cr_assert_eq(parse_ok("１，２３６．４７", MU_WAN), INT64_C(1236470000));
	cr_assert_eq(parse_ok("－15.53", MU_WAN), INT64_C(-15530000));
	cr_assert_eq(parse_ok("−1.5", MU_WAN), INT64_C(-1500000));
	cr_assert_eq(parse_ok("-0.52", MU_WAN), INT64_C(-520000));
	cr_assert_eq(parse_ok(" 1,236.47 ", MU_WAN), INT64_C(1236470000));
}

Test(money, percent)
{
	cr_assert_eq(parse_ok("11.05%", MU_PCT), INT64_C(11050000));
	cr_assert_eq(parse_ok("-100.00%", MU_PCT), INT64_C(-100000000));
	cr_assert_eq(parse_err("11.05%", MU_WAN), YS_EPARSE);
}

Test(money, garbage_is_rejected)
{
	const char *bad[] = { "abc", "1.2.3", "12,34", "1,2345", ",123", "1.", "12a", "1,236.47x",
			      "(12)", "+-1", "1-2" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(parse_err(bad[i], MU_WAN), YS_EPARSE, "'%s' must not parse", bad[i]);
}

Test(money, overflow_and_precision)
{
	/* int64 分 holds 92,233,720,368.54775807 万元 */
	cr_assert_eq(parse_err("99999999999999999999", MU_WAN), YS_ERANGE);
	cr_assert_eq(parse_err("123456789012345678901234567890", MU_YUAN), YS_ERANGE);
	cr_assert_eq(parse_err("92233720368548", MU_WAN), YS_ERANGE);
	cr_assert_eq(parse_ok("92233720368.547758", MU_WAN), INT64_C(92233720368547758));
	/* 元 with a third decimal would be below 分 */
	cr_assert_eq(parse_err("1.234", MU_YUAN), YS_ERANGE);
	cr_assert_eq(parse_ok("1.230", MU_YUAN), INT64_C(123));
}

Test(money, format_exact)
{
	char b[32];
	cr_assert_str_eq(money_format(INT64_C(1236470000), 2, b), "1236.47");
	cr_assert_str_eq(money_format(INT64_C(950116400), 2, b), "950.1164");
	cr_assert_str_eq(money_format(0, 2, b), "0.00");
	cr_assert_str_eq(money_format(INT64_C(-15530000), 2, b), "-15.53");
	cr_assert_str_eq(money_format(INT64_C(5000000), 0, b), "5");
	cr_assert_str_eq(money_format(INT64_C(1), 2, b), "0.000001");
	cr_assert_str_eq(money_format(INT64_MIN, 2, b), "-9223372036854.775808");
}

Test(money, muldiv_rounds_half_away)
{
	int ok;
	/* 982.67 / 1236.47 = 79.4730…% → 7947 hundredths */
	cr_assert_eq(money_muldiv(INT64_C(982670000), 10000, INT64_C(1236470000), &ok), 7947);
	cr_assert(ok);
	cr_assert_eq(money_muldiv(5, 1, 10, &ok), 1);
	cr_assert_eq(money_muldiv(-5, 1, 10, &ok), -1);
	cr_assert_eq(money_round(INT64_C(1113424999), 2), INT64_C(1113420000));
	cr_assert_eq(money_round(INT64_C(1113425000), 2), INT64_C(1113430000));
}
