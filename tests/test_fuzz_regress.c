/* Every input the fuzzers were seeded with or found a crash with (tests/fuzz/seeds/TARGET/,
 * tests/fuzz/regress/TARGET/), replayed through the same code as the fuzz targets: under the
 * sanitizer build a crash or a leak fails the suite. A crash found by scripts/fuzz.sh is kept by
 * copying its input into tests/fuzz/regress/TARGET/. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/targets.c"
#include "support.h"

static int replay(const char *dir, int (*fn)(const uint8_t *, size_t))
{
	DIR *dp = opendir(dir);
	if (!dp)
		return 0;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char p[1024];
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		size_t len;
		char *data = ys_slurp(p, &len);
		if (!data)
			continue;
		fn((const uint8_t *)data, len);
		free(data);
		n++;
	}
	closedir(dp);
	return n;
}

static const struct {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
} targets[] = { { "money", ys_fuzz_money },	    { "md", ys_fuzz_md },
		{ "layout", ys_fuzz_layout },	    { "narrative", ys_fuzz_narrative },
		{ "facts_csv", ys_fuzz_facts_csv } };

Test(fuzz, seeds_and_regressions_replay_cleanly, .timeout = 120)
{
	int total = 0;
	for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
		char d[256];
		snprintf(d, sizeof d, "tests/fuzz/seeds/%s", targets[t].name);
		int n = replay(d, targets[t].fn);
		cr_assert_gt(n, 0, "no seeds for %s", targets[t].name);
		total += n;
		snprintf(d, sizeof d, "tests/fuzz/regress/%s", targets[t].name);
		total += replay(d, targets[t].fn);
	}
	cr_assert_gt(total, 10);
}

Test(fuzz, money_round_trip_holds_on_edge_cases)
{
	static const char *const cases[] = { "\x02" "1,234.56", "\x02" "-0.01", "\x03" "99.99%", "\x02" "９９.５",
					     "\x02" "9223372036854", "\x02" "1.2345678", "\x04" "12" };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cr_assert_eq(ys_fuzz_money((const uint8_t *)cases[i], strlen(cases[i])), 0);
}
