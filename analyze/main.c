/* yusuan: the executable is only the command line; all logic lives in yusuan_core. */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv, stdout, stderr);
}
