/* The libFuzzer entry of one target: built once per target with -DYS_FUZZ_FN=ys_fuzz_<target>. */
#include <stddef.h>
#include <stdint.h>

int YS_FUZZ_FN(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return YS_FUZZ_FN(data, size);
}
