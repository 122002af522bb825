/* Text as documents deliver it: decoding to UTF-8 with LF, markup and page markers, CJK width,
 * label normalisation. Readers see only clean UTF-8 lines after this module. */
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

const char *text_enc_name(enum text_enc e)
{
	switch (e) {
	case ENC_UTF8: return "UTF-8";
	case ENC_UTF8_BOM: return "UTF-8 (BOM)";
	case ENC_GB18030: return "GB18030";
	case ENC_UTF16LE: return "UTF-16LE";
	case ENC_UTF16BE: return "UTF-16BE";
	}
	return "?";
}

/* One code point at s[0..n) (n >= 1): its length, or 0 when the bytes there are not valid UTF-8.
 * The same rules as text_utf8_valid_prefix, inlined for the per-character loops. */
static inline size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		if (n < 2 || (s[1] & 0xC0) != 0x80)
			return 0;
		uint32_t v = (uint32_t)(c & 0x1F) << 6 | (s[1] & 0x3F);
		if (v < 0x80)
			return 0;
		*cp = v;
		return 2;
	}
	if ((c & 0xF0) == 0xE0) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		uint32_t v = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		*cp = v;
		return 3;
	}
	if ((c & 0xF8) == 0xF0) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		uint32_t v = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
			     (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
		if (v < 0x10000 || v > 0x10FFFF)
			return 0;
		*cp = v;
		return 4;
	}
	return 0;
}

size_t text_utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* eight ASCII bytes at a time */
		while (i + 8 <= n) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			if (v & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return i;
		i += k;
	}
	return n;
}

size_t text_utf8_next(const char *str, size_t n, uint32_t *cp)
{
	size_t k = utf8_decode((const unsigned char *)str, n, cp);
	if (k == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return k;
}

static long line_of(const unsigned char *buf, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n')
			line++;
	return line;
}

/* Runs iconv over the whole input; returns 0 and a malloc'd UTF-8 buffer, or the offset+1 of
 * the first byte that does not convert (negative on allocation failure). */
static long convert(const char *from, const unsigned char *in, size_t n, char **out, size_t *outn)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -1;
	size_t cap = n * 2 + 16;
	char *buf = malloc(cap);
	if (!buf) {
		iconv_close(cd);
		return -1;
	}
	char *ip = (char *)(uintptr_t)in, *op = buf;
	size_t il = n, ol = cap - 1;
	while (il > 0) {
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - buf);
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				iconv_close(cd);
				return -1;
			}
			buf = nb;
			op = buf + used;
			ol = cap - used - 1;
			continue;
		}
		long bad = (long)((const unsigned char *)ip - in) + 1;
		free(buf);
		iconv_close(cd);
		return bad;
	}
	iconv_close(cd);
	*op = '\0';
	*out = buf;
	*outn = (size_t)(op - buf);
	return 0;
}

/* CRLF and lone CR to LF, in place. */
static size_t unify_newlines(char *s, size_t n)
{
	/* most files have no CR at all: nothing to move before the first one */
	const char *cr = memchr(s, '\r', n);
	size_t w = cr ? (size_t)(cr - s) : n;
	for (size_t r = w; r < n; r++) {
		if (s[r] == '\r') {
			s[w++] = '\n';
			if (r + 1 < n && s[r + 1] == '\n')
				r++;
		} else {
			s[w++] = s[r];
		}
	}
	s[w] = '\0';
	return w;
}

enum ys_err text_decode(const char *path, const unsigned char *buf, size_t n,
			struct text_decoded *out, struct ys_error *err)
{
	memset(out, 0, sizeof *out);
	if (n >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF))) {
		int le = buf[0] == 0xFF;
		char *t;
		size_t tn;
		long bad = convert(le ? "UTF-16LE" : "UTF-16BE", buf + 2, n - 2, &t, &tn);
		if (bad < 0)
			return YS_ENOMEM;
		if (bad > 0) {
			ys_error_set(err, path, 0, "invalid UTF-16 at byte %ld", bad + 1);
			return YS_EENC;
		}
		out->enc = le ? ENC_UTF16LE : ENC_UTF16BE;
		out->text = t;
		out->len = unify_newlines(t, tn);
		return YS_OK;
	}

	size_t skip = 0;
	if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		skip = 3;

	for (size_t i = skip; i < n; i++) {
		unsigned char c = buf[i];
		/* NUL and most C0 controls never occur in a text document; \t \n \r \f (pdftotext's
		 * page break) and ESC-free text only. */
		if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')) {
			ys_error_set(err, path, line_of(buf, i),
				     "binary data (control byte 0x%02x at offset %zu); not a text document", c, i);
			return YS_EBINARY;
		}
	}

	size_t ok = text_utf8_valid_prefix(buf + skip, n - skip) + skip;
	int cut = 0;
	if (ok < n && n - ok < 4) {
		/* a lead byte whose continuation never came: the file was cut inside a character */
		unsigned char c = buf[ok];
		size_t need = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		int cont = 1;
		for (size_t j = ok + 1; j < n; j++)
			if ((buf[j] & 0xC0) != 0x80)
				cont = 0;
		if (need > n - ok && cont)
			cut = 1;
	}
	if (ok == n || cut) {
		size_t len = (cut ? ok : n) - skip;
		char *t = malloc(len + 1);
		if (!t)
			return YS_ENOMEM;
		memcpy(t, buf + skip, len);
		t[len] = '\0';
		out->enc = skip ? ENC_UTF8_BOM : ENC_UTF8;
		out->text = t;
		out->len = unify_newlines(t, len);
		out->cut_char = cut;
		return YS_OK;
	}
	if (skip) {
		ys_error_set(err, path, line_of(buf, ok),
			     "file starts with a UTF-8 BOM but byte %zu is not UTF-8 (mislabelled encoding?)", ok);
		return YS_EENC;
	}

	char *t;
	size_t tn;
	long bad = convert("GB18030", buf, n, &t, &tn);
	if (bad < 0)
		return YS_ENOMEM;
	if (bad > 0) {
		size_t off = (size_t)bad - 1;
		if (off + 4 >= n) {
			/* an incomplete multibyte character at the very end: truncated GB18030 */
			bad = convert("GB18030", buf, off, &t, &tn);
			if (bad == 0) {
				out->enc = ENC_GB18030;
				out->text = t;
				out->len = unify_newlines(t, tn);
				out->cut_char = 1;
				return YS_OK;
			}
		}
		ys_error_set(err, path, line_of(buf, ok),
			     "unknown text encoding: byte %zu is neither UTF-8 nor GB18030", ok);
		return YS_EENC;
	}
	out->enc = ENC_GB18030;
	out->text = t;
	out->len = unify_newlines(t, tn);
	return YS_OK;
}

char *text_utf8_clip(char *s)
{
	size_t n = strlen(s);
	size_t ok = text_utf8_valid_prefix((const unsigned char *)s, n);
	if (ok < n && n - ok < 4)
		s[ok] = '\0';
	return s;
}

static int is_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	       (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

int text_width(const char *s)
{
	int w = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += text_utf8_next(s + i, n - i, &cp);
		if (cp >= 0x300 && cp <= 0x36F)
			continue;
		w += is_wide(cp) ? 2 : 1;
	}
	return w;
}

static int parse_uint(const char *s, size_t len, size_t *i)
{
	int v = 0, d = 0;
	while (*i < len && s[*i] >= '0' && s[*i] <= '9' && d < 6) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		d++;
	}
	return d ? v : -1;
}

/* Length of a dash at the start of s: `-`, `—`, `–`, `－` (0 for none). */
static size_t dash_len(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '-')
		return 1;
	if (n >= 3 && (!strncmp(s, "—", 3) || !strncmp(s, "–", 3) || !strncmp(s, "－", 3)))
		return 3;
	return 0;
}

int text_page_marker(const char *s, size_t len)
{
	if (len == 1 && s[0] == '\f')
		return 1;
	size_t t = len;
	const char *p = text_trim(s, &t);
	if (t == 0)
		return 0;
	/* -- PAGE 9 END --  /  -- PAGE 9 -- */
	if (t > 8 && p[0] == '-' && p[t - 1] == '-') {
		size_t i = 0;
		while (i < t && (p[i] == '-' || p[i] == ' '))
			i++;
		if (t - i > 5 && strncmp(p + i, "PAGE ", 5) == 0) {
			i += 5;
			int pg = parse_uint(p, t, &i);
			while (i < t && p[i] == ' ')
				i++;
			if (i + 3 <= t && strncmp(p + i, "END", 3) == 0)
				i += 3;
			while (i < t && (p[i] == '-' || p[i] == ' '))
				i++;
			if (i == t)
				return pg > 0 ? pg : 1;
		}
	}
	/* - 3 -  or  — 3 —  or  －3－ : a printed page number alone on its line, between dashes
	 * (ASCII, em or en dash, full-width hyphen) */
	{
		size_t i = dash_len(p, t), d0 = i;
		while (i < t && p[i] == ' ')
			i++;
		int pg = d0 ? parse_uint(p, t, &i) : 0;
		while (i < t && p[i] == ' ')
			i++;
		size_t d1 = i < t ? dash_len(p + i, t - i) : 0;
		if (pg > 0 && d1 && i + d1 == t && (d0 > 1 || t >= 5))
			return pg;
	}
	/* 第3页 / 第 3 页 共 12 页 */
	if (t >= 7 && strncmp(p, "第", 3) == 0) {
		size_t i = 3;
		while (i < t && p[i] == ' ')
			i++;
		int pg = parse_uint(p, t, &i);
		while (i < t && p[i] == ' ')
			i++;
		if (pg > 0 && i + 3 <= t && strncmp(p + i, "页", 3) == 0) {
			i += 3;
			while (i < t && p[i] == ' ')
				i++;
			if (i == t)
				return pg;
			if (i + 3 <= t && strncmp(p + i, "共", 3) == 0)
				return pg;
		}
	}
	return 0;
}

size_t text_strip_markup(char *s, size_t len)
{
	size_t w = 0;
	int has_tab = memchr(s, '\t', len) != NULL;
	size_t r = 0;
	/* leading heading marks and bullets (never on table rows, where '-' is a zero cell) */
	if (!has_tab) {
		size_t i = 0;
		while (i < len && s[i] == ' ')
			i++;
		size_t h = i;
		while (h < len && s[h] == '#' && h - i < 6)
			h++;
		if (h > i && (h == len || s[h] == ' '))
			r = h;
		else if (i + 1 < len && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ')
			r = i + 2;
		while (r > 0 && r < len && s[r] == ' ')
			r++;
	}
	for (; r < len; r++) {
		char c = s[r];
		if (c == '<' && r + 1 < len &&
		    (s[r + 1] == '/' || (s[r + 1] >= 'a' && s[r + 1] <= 'z') ||
		     (s[r + 1] >= 'A' && s[r + 1] <= 'Z'))) {
			size_t e = r + 1;
			while (e < len && s[e] != '>' && s[e] != '<' && s[e] != '\t')
				e++;
			if (e < len && s[e] == '>') {
				r = e;
				continue;
			}
		}
		if ((c == '*' || c == '_') && r + 1 < len && s[r + 1] == c) {
			r++;
			continue;
		}
		s[w++] = c;
	}
	while (w > 0 && (s[w - 1] == ' ' || s[w - 1] == '\f'))
		w--;
	s[w] = '\0';
	return w;
}

char *text_norm(const char *s, size_t len, char *out, size_t outsz)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0;
	for (size_t i = 0; i < len && w + 5 < outsz;) {
		unsigned char c = u[i];
		if (c < 0x80) { /* ASCII: only blanks and quotes change */
			i++;
			if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '"' || c == '\'')
				continue;
			out[w++] = (char)c;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(u + i, len - i, &cp);
		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		/* CJK characters (U+3400 up to the fullwidth forms) pass unchanged: copy their bytes */
		if (k == 3 && cp >= 0x3400 && cp < 0xFF00) {
			memcpy(out + w, u + i, 3);
			w += 3;
			i += 3;
			continue;
		}
		i += k;
		if (cp == 0x3000 || cp == 0xA0)
			continue;
		if (cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == 0x300C ||
		    cp == 0x300D || cp == 0x300E || cp == 0x300F)
			continue;
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		else if (cp == 0x3014 || cp == 0x3010)
			cp = '(';
		else if (cp == 0x3015 || cp == 0x3011)
			cp = ')';
		if (cp < 0x80) {
			out[w++] = (char)cp;
		} else if (cp < 0x800) {
			out[w++] = (char)(0xC0 | (cp >> 6));
			out[w++] = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			out[w++] = (char)(0xE0 | (cp >> 12));
			out[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[w++] = (char)(0x80 | (cp & 0x3F));
		} else {
			out[w++] = (char)(0xF0 | (cp >> 18));
			out[w++] = (char)(0x80 | ((cp >> 12) & 0x3F));
			out[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[w++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	out[w] = '\0';
	return out;
}

const char *text_trim(const char *s, size_t *len)
{
	size_t b = 0, e = *len;
	for (;;) {
		if (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\f'))
			b++;
		else if (e - b >= 3 && (unsigned char)s[b] == 0xE3 && (unsigned char)s[b + 1] == 0x80 &&
			 (unsigned char)s[b + 2] == 0x80)
			b += 3;
		else
			break;
	}
	for (;;) {
		if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\f'))
			e--;
		else if (e - b >= 3 && (unsigned char)s[e - 3] == 0xE3 &&
			 (unsigned char)s[e - 2] == 0x80 && (unsigned char)s[e - 1] == 0x80)
			e -= 3;
		else
			break;
	}
	*len = e - b;
	return s + b;
}

int text_has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

char *text_copy(char *dst, size_t n, const char *src)
{
	size_t l = strnlen(src, n);
	if (l >= n)
		l = text_utf8_cut(src, l, n - 1); /* cut, but never inside a character */
	memmove(dst, src, l);
	dst[l] = '\0';
	return dst;
}

size_t text_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	/* s[max] is where the cut falls: back over continuation bytes to the lead byte of the
	 * character it would split (at most 3: a longer run is not UTF-8, cut where asked) */
	size_t k = max;
	while (k > 0 && max - k < 3 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return ((unsigned char)s[k] & 0xC0) == 0x80 ? max : k;
}

/* A control character: C0, DEL, or C1 (U+0080–U+009F, which terminals take as escapes). */
static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

int text_is_clean(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0 || is_control(cp))
			return 0;
		i += k;
	}
	return 1;
}

static size_t clean(const char *str, size_t n, char *out, int keep_ws)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++; /* not UTF-8: dropped */
			continue;
		}
		if (!is_control(cp) || (keep_ws && (cp == '\t' || cp == '\n' || cp == '\r'))) {
			memcpy(out + w, s + i, k);
			w += k;
		}
		i += k;
	}
	out[w] = '\0';
	return w;
}

size_t text_clean(const char *s, size_t n, char *out)
{
	return clean(s, n, out, 0);
}

char *text_clean_dup(const char *s)
{
	size_t n = strlen(s);
	char *o = malloc(n + 1);
	if (o)
		clean(s, n, o, 0);
	return o;
}

char *text_clean_ws_dup(const char *s)
{
	size_t n = strlen(s);
	char *o = malloc(n + 1);
	if (o)
		clean(s, n, o, 1);
	return o;
}

static const char *const cn_digits[] = { "一", "二", "三", "四", "五", "六", "七", "八",
					 "九", "十", "百", "零", "〇" };

static size_t cn_numeral(const char *s)
{
	size_t i = 0;
	for (;;) {
		size_t before = i;
		for (size_t k = 0; k < sizeof cn_digits / sizeof cn_digits[0]; k++)
			if (strncmp(s + i, cn_digits[k], 3) == 0) {
				i += 3;
				break;
			}
		if (i == before)
			return i;
	}
}

const char *text_skip_ordinal(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	const char *p = s;
	size_t k;
	int paren = 0;
	if (strncmp(p, "（", 3) == 0) {
		p += 3;
		paren = 3;
	} else if (*p == '(') {
		p++;
		paren = 1;
	} else if (strncmp(p, "第", 3) == 0) {
		k = cn_numeral(p + 3);
		if (k && (strncmp(p + 3 + k, "部分", 6) == 0))
			return text_skip_ordinal(p + 9 + k);
		if (k && (strncmp(p + 3 + k, "章", 3) == 0 || strncmp(p + 3 + k, "节", 3) == 0))
			return text_skip_ordinal(p + 6 + k);
		return s;
	}
	k = cn_numeral(p);
	if (k == 0)
		while (p[k] >= '0' && p[k] <= '9' && k < 3)
			k++;
	if (k == 0)
		return s;
	p += k;
	if (paren) {
		if (paren == 3 && strncmp(p, "）", 3) == 0)
			p += 3;
		else if (*p == ')')
			p++;
		else
			return s;
		if (strncmp(p, "、", 3) == 0)
			p += 3;
	} else if (strncmp(p, "、", 3) == 0 || strncmp(p, "．", 3) == 0) {
		p += 3;
	} else if ((*p == '.' || *p == ')') && !(p[1] >= '0' && p[1] <= '9')) {
		p++;
	} else if (strncmp(p, "）", 3) == 0) {
		p += 3;
	} else {
		return s;
	}
	while (*p == ' ')
		p++;
	return p;
}
