/* Locale-free printing of doubles (statistics) and fixed-point conversions. */
#include "num.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

char *num_format(double v, int dec, char *buf)
{
	buf[0] = '\0';
	if (!isfinite(v) || fabs(v) >= 1e15 || dec < 0 || dec > 9)
		return buf;
	double scale = 1;
	for (int i = 0; i < dec; i++)
		scale *= 10;
	double r = round(fabs(v) * scale);
	if (r >= 9.2e18)
		return buf;
	uint64_t q = (uint64_t)r;
	uint64_t s = (uint64_t)scale;
	uint64_t ip = q / s, fp = q % s;
	char *p = buf;
	if (v < 0 && q != 0)
		*p++ = '-';
	p += sprintf(p, "%llu", (unsigned long long)ip);
	if (dec > 0) {
		*p++ = '.';
		for (int i = dec - 1; i >= 0; i--) {
			p[i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		p += dec;
	}
	*p = '\0';
	return buf;
}

double num_from_fixed(int64_t v)
{
	return (double)v / 1e6;
}

int64_t num_to_fixed(double v, int *ok)
{
	*ok = isfinite(v) && fabs(v) < 9e12;
	if (!*ok)
		return 0;
	return (int64_t)llround(v * 1e6);
}
