/* yusuan: the executable is only the command line; all logic lives in yusuan_core. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "write/workbook.h"

int main(int argc, char **argv)
{
	/* (internal: the second half of summary.xlsx, started by the run itself) */
	if (argc == 4 && !strcmp(argv[1], "__workbook-half"))
		return workbook_half_main(argv[2], argv[3]);
	return cli_main(argc, argv, stdout, stderr);
}
