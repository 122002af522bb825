/* Exact amounts: parsing table cells and narrative numbers into int64 分, printing 万元.
 * Nothing here touches double: sums of published figures must be exact. */
#include "money.h"

#include <string.h>

static const struct {
	const char *name;
	int64_t scale;   /* 分 (fixed-point units) per printed unit */
	int max_dec;     /* decimals a source may print without going below 分 */
} units[] = {
	[MU_YUAN] = { "元", 100, 2 },
	[MU_QIAN] = { "千元", 100000, 5 },
	[MU_WAN] = { "万元", 1000000, 6 },
	[MU_PCT] = { "%", 1000000, 6 },
	[MU_COUNT] = { "个", 1000000, 0 },
};

const char *money_unit_name(enum money_unit u)
{
	return units[u].name;
}

int money_unit_from_name(const char *s, enum money_unit *u)
{
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(s, units[i].name) == 0) {
			*u = (enum money_unit)i;
			return 0;
		}
	return -1;
}

/* Maps the full-width forms templates use to ASCII; returns the byte count consumed and the
 * ASCII char in *c, or 0 when the bytes at s are not one of them. */
static size_t fold_char(const unsigned char *s, size_t left, char *c)
{
	if (left >= 3 && s[0] == 0xEF && s[1] == 0xBC) {
		if (s[2] >= 0x90 && s[2] <= 0x99) { /* ０-９ U+FF10..FF19 */
			*c = (char)('0' + (s[2] - 0x90));
			return 3;
		}
		switch (s[2]) {
		case 0x8C: *c = ','; return 3; /* ， */
		case 0x8E: *c = '.'; return 3; /* ． */
		case 0x8D: *c = '-'; return 3; /* － */
		case 0x8B: *c = '+'; return 3; /* ＋ */
		case 0x85: *c = '%'; return 3; /* ％ */
		default: return 0;
		}
	}
	if (left >= 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) { /* − U+2212 */
		*c = '-';
		return 3;
	}
	if (left >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x94 || s[2] == 0x93)) {
		*c = 'D'; /* — or –: only valid alone, as a zero */
		return 3;
	}
	if (left >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) { /* ideographic space */
		*c = ' ';
		return 3;
	}
	if (s[0] < 0x80) {
		*c = (char)s[0];
		return 1;
	}
	return 0;
}

enum ys_err money_parse(const char *s, size_t len, enum money_unit u, int64_t *out, int *is_blank)
{
	char a[64];
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (is_blank)
		*is_blank = 0;
	while (i < len) {
		char c;
		size_t k = fold_char(p + i, len - i, &c);
		if (k == 0)
			return YS_EPARSE;
		i += k;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue; /* spaces inside a cell are layout, never meaning */
		if (n + 1 >= sizeof a)
			return YS_ERANGE; /* 60+ significant characters cannot fit int64 */
		a[n++] = c;
	}
	a[n] = '\0';

	if (n == 0 || strcmp(a, "-") == 0 || strcmp(a, "D") == 0 || strcmp(a, "--") == 0) {
		*out = 0;
		if (is_blank)
			*is_blank = 1;
		return YS_OK;
	}

	size_t j = 0;
	int neg = 0;
	if (a[j] == '-' || a[j] == '+') {
		neg = a[j] == '-';
		j++;
	}
	if (n > 0 && a[n - 1] == '%') {
		if (u != MU_PCT)
			return YS_EPARSE;
		a[--n] = '\0';
	}

	/* integer part, with optional strict thousands grouping */
	uint64_t ip = 0;
	size_t digits = 0, group = 0;
	int grouped = 0;
	for (; j < n && a[j] != '.'; j++) {
		if (a[j] == ',') {
			if (digits == 0 || (grouped ? group != 3 : group > 3))
				return YS_EPARSE;
			grouped = 1;
			group = 0;
			continue;
		}
		if (a[j] < '0' || a[j] > '9')
			return YS_EPARSE;
		if (ip > (UINT64_MAX - 9) / 10)
			return YS_ERANGE;
		ip = ip * 10 + (uint64_t)(a[j] - '0');
		digits++;
		group++;
	}
	if (digits == 0 || (grouped && group != 3))
		return YS_EPARSE;

	/* fraction: at most max_dec significant places (trailing zeros beyond are harmless) */
	uint64_t fp = 0;
	int dec = 0;
	if (j < n && a[j] == '.') {
		j++;
		if (j == n)
			return YS_EPARSE;
		for (; j < n; j++) {
			if (a[j] < '0' || a[j] > '9')
				return YS_EPARSE;
			if (dec < units[u].max_dec) {
				fp = fp * 10 + (uint64_t)(a[j] - '0');
				dec++;
			} else if (a[j] != '0') {
				return YS_ERANGE;
			}
		}
	}
	for (int d = dec; d < units[u].max_dec; d++)
		fp *= 10;

	uint64_t scale = (uint64_t)units[u].scale;
	uint64_t frac_unit = 1;
	for (int d = 0; d < units[u].max_dec; d++)
		frac_unit *= 10;
	/* value = ip * scale + fp * (scale / 10^max_dec) */
	if (ip > (uint64_t)INT64_MAX / scale)
		return YS_ERANGE;
	uint64_t v = ip * scale + fp * (scale / frac_unit);
	if (v > (uint64_t)INT64_MAX)
		return YS_ERANGE;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return YS_OK;
}

int money_decimals(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] != '.' && !(i + 2 < len && !memcmp(s + i, "\xEF\xBC\x8E", 3)))
		i++;
	if (i >= len)
		return 0;
	i += s[i] == '.' ? 1 : 3;
	int n = 0;
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			n++;
		else if (i + 2 < len && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
			 (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99)
			n++, i += 2; /* (a full-width digit) */
		else
			break;
	}
	return n;
}

int money_looks_numeric(const char *s, size_t len)
{
	int64_t v;
	int blank;
	if (money_parse(s, len, MU_WAN, &v, &blank) != YS_OK)
		return 0;
	return !blank;
}

char *money_format(int64_t v, int min_dec, char *buf)
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t ip = a / 1000000u, fp = a % 1000000u;
	char frac[8];
	int nd = 6;
	for (int i = 5; i >= 0; i--) {
		frac[i] = (char)('0' + fp % 10);
		fp /= 10;
	}
	while (nd > min_dec && frac[nd - 1] == '0')
		nd--;
	frac[nd] = '\0';
	char *p = buf;
	if (v < 0)
		*p++ = '-';
	char tmp[24];
	int k = 0;
	do {
		tmp[k++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (k)
		*p++ = tmp[--k];
	if (nd > 0) {
		*p++ = '.';
		memcpy(p, frac, (size_t)nd);
		p += nd;
	}
	*p = '\0';
	return buf;
}

int64_t money_muldiv(int64_t num, int64_t mul, int64_t den, int *ok)
{
	__extension__ typedef __int128 i128;
	i128 x = (i128)num * mul;
	i128 d = den;
	int neg = (x < 0) != (d < 0);
	if (x < 0)
		x = -x;
	if (d < 0)
		d = -d;
	i128 q = (x + d / 2) / d;
	if (ok)
		*ok = q <= (i128)INT64_MAX;
	if (q > (i128)INT64_MAX)
		return 0;
	return neg ? -(int64_t)q : (int64_t)q;
}

int64_t money_round(int64_t v, int dec)
{
	int64_t m = 1;
	for (int i = dec; i < 6; i++)
		m *= 10;
	int64_t r = (v < 0 ? -v : v);
	r = (r + m / 2) / m * m;
	return v < 0 ? -r : r;
}
