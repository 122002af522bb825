/* The INI configuration, read with inih. */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cx {
	struct config *c;
	char msg[400];
	int bad;
};

static int fail(struct cx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct cx *x, const char *fmt, ...)
{
	if (!x->bad) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(x->msg, sizeof x->msg, fmt, ap);
		va_end(ap);
	}
	x->bad = 1;
	return 0; /* inih reports the line */
}

static int parse_bool(const char *v, int *out)
{
	if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct cx *x = user;
	struct config *c = x->c;
	if (!strcmp(section, "run")) {
		if (!strcmp(name, "inputs")) {
			/* comma- or space-separated */
			char *copy = strdup(value), *save = NULL;
			for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
				if (c->ninputs < RUN_MAX_INPUTS)
					c->inputs[c->ninputs++] = strdup(t);
			free(copy);
		} else if (!strcmp(name, "output")) {
			free(c->output);
			c->output = strdup(value);
		} else if (!strcmp(name, "known")) {
			free(c->known);
			c->known = strdup(value);
		} else if (!strcmp(name, "registry")) {
			free(c->registry);
			c->registry = strdup(value);
		} else if (!strcmp(name, "jobs")) {
			char *end;
			errno = 0;
			long j = strtol(value, &end, 10);
			if (errno || end == value || *end || j < 1 || j > 64)
				return fail(x, "jobs must be a number from 1 to 64, not '%s'", value);
			c->jobs = (int)j;
			c->has_jobs = 1;
		} else if (!strcmp(name, "charts")) {
			if (run_charts_from_name(value, &c->charts) != 0)
				return fail(x, "charts must be svg, png, both or none, not '%s'", value);
			c->has_charts = 1;
		} else if (!strcmp(name, "fail_on")) {
			if (run_failon_from_name(value, &c->fail_on) != 0)
				return fail(x, "fail_on must be error, warning or never, not '%s'", value);
			c->has_fail_on = 1;
		} else if (!strcmp(name, "max_facts") || !strcmp(name, "max_seconds") ||
			   !strcmp(name, "chart_seconds")) {
			char *end;
			errno = 0;
			double v = strtod(value, &end);
			if (errno || end == value || *end || !(v >= 0) || v > 1e12)
				return fail(x, "%s must be a number (0: no limit), not '%s'", name, value);
			if (!strcmp(name, "max_facts")) {
				c->max_facts = (long)v;
				c->has_max_facts = 1;
			} else if (!strcmp(name, "max_seconds")) {
				c->max_seconds = v;
				c->has_max_seconds = 1;
			} else {
				c->chart_seconds = v;
				c->has_chart_seconds = 1;
			}
		} else if (!strcmp(name, "excel")) {
			if (parse_bool(value, &c->excel) != 0)
				return fail(x, "excel must be on or off, not '%s'", value);
			c->has_excel = 1;
		} else {
			return fail(x, "unknown key '%s' in [%s]", name, section);
		}
		return 1;
	}
	if (!strcmp(section, "rules")) {
		char id[128];
		snprintf(id, sizeof id, "%s", name);
		char *dot = strchr(id, '.');
		if (dot)
			*dot = '\0';
		int r = rules_by_id(id);
		if (r < 0)
			return fail(x, "unknown rule '%s' (see the README's flags table)", id);
		if (!dot) {
			if (parse_bool(value, &c->rules.enabled[r]) != 0)
				return fail(x, "a rule is on or off, not '%s'", value);
			return 1;
		}
		if (strcmp(dot + 1, "threshold"))
			return fail(x, "unknown setting '%s' of a rule (only .threshold)", dot + 1);
		int64_t v;
		if (money_parse(value, strlen(value), MU_WAN, &v, NULL) != YS_OK || v < 0)
			return fail(x, "threshold '%s' is not a number ≥ 0", value);
		c->rules.threshold[r] = v;
		return 1;
	}
	if (!strcmp(section, "groups")) {
		if (c->ngroups >= CONFIG_MAX_GROUPS)
			return fail(x, "more than %d peer group entries", CONFIG_MAX_GROUPS);
		c->group_unit[c->ngroups] = strdup(name);
		c->group_name[c->ngroups++] = strdup(value);
		return 1;
	}
	return fail(x, "unknown section [%s]", section);
}

enum ys_err config_load(const char *path, struct config *c, struct ys_error *err)
{
	memset(c, 0, sizeof *c);
	rules_defaults(&c->rules);
	FILE *fp = fopen(path, "r");
	if (!fp) {
		ys_error_set(err, path, 0, "cannot open configuration: %s", strerror(errno));
		return YS_EIO;
	}
	struct cx x = { .c = c };
	int line = ini_parse_file(fp, handler, &x);
	fclose(fp);
	if (line != 0) {
		ys_error_set(err, path, line > 0 ? line : 0, "%s", x.bad ? x.msg : "not an INI line");
		return YS_EPARSE;
	}
	return YS_OK;
}

void config_free(struct config *c)
{
	for (int i = 0; i < c->ninputs; i++)
		free(c->inputs[i]);
	free(c->output);
	free(c->registry);
	free(c->known);
	for (int i = 0; i < c->ngroups; i++) {
		free(c->group_unit[i]);
		free(c->group_name[i]);
	}
	memset(c, 0, sizeof *c);
}

void config_apply(const struct config *c, struct run_opts *o)
{
	if (!o->ninputs)
		for (int i = 0; i < c->ninputs; i++)
			o->inputs[o->ninputs++] = c->inputs[i];
	if (!o->output && c->output)
		o->output = c->output;
	if (!o->set_jobs && c->has_jobs)
		o->jobs = c->jobs;
	if (!o->set_charts && c->has_charts)
		o->charts = c->charts;
	if (!o->set_fail_on && c->has_fail_on)
		o->fail_on = c->fail_on;
	if (!o->excel && c->has_excel)
		o->excel = c->excel;
	if (!o->set_max_facts && c->has_max_facts)
		o->max_facts = c->max_facts;
	if (!o->set_max_seconds && c->has_max_seconds)
		o->max_seconds = c->max_seconds;
	if (!o->set_chart_seconds && c->has_chart_seconds)
		o->chart_seconds = c->chart_seconds;
	o->rules = c->rules;
	o->has_rules = 1;
	if (c->registry)
		o->registry = c->registry;
	if (!o->known_path && c->known)
		o->known_path = c->known;
	o->groups = c;
}
