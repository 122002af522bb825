/* Text as documents deliver it: encodings (UTF-8 ± BOM, GB18030/GBK, UTF-16 with BOM), line
 * endings, page markers, markup, CJK display width, and label normalisation for matching. */
#ifndef YS_TEXT_H
#define YS_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum text_enc { ENC_UTF8, ENC_UTF8_BOM, ENC_GB18030, ENC_UTF16LE, ENC_UTF16BE };
const char *text_enc_name(enum text_enc e);

/* Converts a whole file's bytes to UTF-8 without BOM, '\n' line ends ('\r\n' and lone '\r'
 * become '\n'). Detection: BOM first; NUL bytes without a UTF-16 BOM → YS_EBINARY; valid UTF-8
 * → UTF-8; else a complete GB18030 conversion → GB18030; else YS_EENC with the line of the first
 * bad byte in err. */
struct text_decoded {
	char *text;          /* malloc'd, NUL-terminated UTF-8; caller frees */
	size_t len;
	enum text_enc enc;
	int cut_char;        /* the file ended inside a UTF-8 character (dropped): truncated? */
};
enum ys_err text_decode(const char *path, const unsigned char *buf, size_t n,
			struct text_decoded *out, struct ys_error *err);

/* Length of the valid UTF-8 prefix of s[0..n). */
size_t text_utf8_valid_prefix(const unsigned char *s, size_t n);

/* Decodes one code point at s (n bytes left); returns bytes used (1 for an invalid byte,
 * with *cp = U+FFFD). */
size_t text_utf8_next(const char *s, size_t n, uint32_t *cp);

/* Drops an incomplete UTF-8 sequence at the end of s (left by a byte-bounded copy). Returns s. */
char *text_utf8_clip(char *s);

/* Terminal columns of a UTF-8 string: 2 for East Asian wide/fullwidth, 0 for combining. */
int text_width(const char *s);

/* A page marker line (`-- PAGE 9 END --`, `--- 第3页 ---`, form feed): returns the page number
 * (>0) or 1 for unnumbered markers; 0 when the line is not a marker. */
int text_page_marker(const char *line, size_t len);

/* Removes markup in place: HTML tags (<b>, </td>, <br/>), `**`/`__` emphasis, leading markdown
 * heading `#`s and list bullets (`- `, `* `), and trailing spaces. Returns the new length. */
size_t text_strip_markup(char *s, size_t len);

/* Normalises a label for matching into out (size outsz): drops all white space (ASCII, U+3000,
 * NBSP), quotes (“”‘’"'「」), folds full-width ASCII forms (（）０-９Ａ-Ｚ) to ASCII, and
 * `〔〕【】` to `()`. Returns out. */
char *text_norm(const char *s, size_t len, char *out, size_t outsz);

/* Trims ASCII and ideographic spaces at both ends; returns a pointer into s and sets *len. */
const char *text_trim(const char *s, size_t *len);

/* True when needle occurs in hay. */
int text_has(const char *hay, const char *needle);

/* snprintf(dst, n, "%s", src) without the formatting machinery (n >= 1): at most n - 1 bytes,
 * always terminated, and a cut never falls inside a UTF-8 character. Returns dst. */
char *text_copy(char *dst, size_t n, const char *src);

/* The length of the longest prefix of s[0..len) of at most max bytes that does not end inside
 * a UTF-8 character: a text cut at that length stays valid UTF-8. */
size_t text_utf8_cut(const char *s, size_t len, size_t max);

/* Names and messages as outputs carry them (issue 14): valid UTF-8 without control characters
 * (C0 including TAB/CR/LF, DEL, and C1 U+0080–U+009F, which terminals read as escapes).
 * text_is_clean tells; text_clean copies s[0..n) into out (n + 1 bytes) dropping control
 * characters and bytes that are not UTF-8, and returns the length; text_clean_dup mallocs. */
int text_is_clean(const char *s, size_t n);
size_t text_clean(const char *s, size_t n, char *out);
char *text_clean_dup(const char *s);
/* text_clean_dup keeping TAB, LF and CR, for writers that turn them into their own markup. */
char *text_clean_ws_dup(const char *s);

/* Removes a leading ordinal such as `一、` `（一）` `(3)` `1、` `1.` `第一部分` from a name;
 * returns a pointer into s. */
const char *text_skip_ordinal(const char *s);

#endif
