/* Statistics come out of GSL as doubles; they are printed here, without the C library's
 * locale-dependent decimal point, rounded to a fixed number of decimals. NaN and Inf print as
 * an empty cell: never a fabricated number. */
#ifndef YS_NUM_H
#define YS_NUM_H

#include <stdint.h>

/* Writes v with `dec` decimals (0..9) into buf (32 bytes); "" for NaN/Inf or |v| ≥ 1e15.
 * Returns buf. */
char *num_format(double v, int dec, char *buf);

/* A fixed-point value (×10^6) as a double, for statistics. */
double num_from_fixed(int64_t v);

/* Round a double to fixed point ×10^6 (halves away from zero); *ok = 0 when out of range. */
int64_t num_to_fixed(double v, int *ok);

#endif
