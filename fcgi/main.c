/*
 * main.c - the stafettlogg command: serve, migrate, check-config,
 * archive, ldap-sync, report, export, import, notify.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxslt/xslt.h>

#include "archive.h"
#include "config.h"
#include "db.h"
#include "exchange.h"
#include "ldapsync.h"
#include "manager.h"
#include "nin.h"
#include "notify.h"
#include "oidc.h"
#include "render.h"
#include "report.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: stafettlogg serve -c FILE        run the FastCGI master\n"
	    "       stafettlogg migrate -c FILE      apply database migrations\n"
	    "       stafettlogg check-config -c FILE check and print the configuration\n"
	    "       stafettlogg archive -c FILE [-d YYYY-MM-DD]\n"
	    "                                        make the yearly archive copies due\n"
	    "       stafettlogg notify -c FILE [--loop]\n"
	    "                                        queue the notices due, deliver e-mail and SMS\n"
	    "       stafettlogg nin NUMBER           check a national identity number\n"
	    "       stafettlogg ldap-sync -c FILE [--force] [--if-requested]\n"
	    "                                        record the directory's units and staff\n"
	    "       stafettlogg report unit|municipality -c FILE [--unit ID]\n"
	    "                  [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format xml|csv]\n"
	    "                                        write a report to stdout\n"
	    "       stafettlogg export -c FILE --log N --out FILE\n"
	    "                                        a log as a transfer package\n"
	    "       stafettlogg import -c FILE --in FILE --holder UID --unit ID\n"
	    "                                        a transfer package as a new log\n");
}

static int
load(struct config *cfg, const char *path)
{
	char	 err[1024];

	config_defaults(cfg);
	if (config_load(cfg, path, err, sizeof(err)) != 0 ||
	    oidc_config_check(cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "stafettlogg: %s\n", err);
		return -1;
	}
	return 0;
}

/*
 * The start of a command that reads a configuration (after getopt):
 * usage when -c is missing or arguments are left (2), the configuration
 * loaded into cfg (1 when it is wrong), the log to syslog if it says so.
 * 0 to go on.
 */
static int
cli_start(const char *conf, int argc, struct config *cfg)
{
	if (conf == NULL || optind != argc) {
		usage();
		return 2;
	}
	log_init("stafettlogg", 0);
	xmlInitParser();
	if (load(cfg, conf) != 0)
		return 1;
	log_init("stafettlogg", (int)cfg->use_syslog);
	return 0;
}

static int
cmd_check_config(const struct config *cfg, const char *path)
{
	char	 err[1024], *p, *nl;

	if (config_warnings(cfg, path, err, sizeof(err)) > 0)
		for (p = err; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			fprintf(stderr, "stafettlogg: warning: %.*s\n",
			    (int)(nl - p), p);
	if (render_load(cfg, err, sizeof(err)) != SL_OK ||
	    package_schema_load(cfg->schema_dir, err, sizeof(err)) != SL_OK) {
		fprintf(stderr, "stafettlogg: %s\n", err);
		render_free();
		return 1;
	}
	render_free();
	package_schema_free();
	config_print(cfg);
	printf("configuration OK\n");
	return 0;
}

/*
 * Migrations run as db_migrate_user, who owns the schema; then the
 * workers' db_user is granted what it needs on every table (and nothing
 * that changes the schema, the triggers or the audit).  Without
 * db_migrate_user, migrate runs as db_user and grants nothing.
 */
static int
cmd_migrate(const struct config *cfg)
{
	struct config	*mc = NULL;
	struct db	*db = NULL;
	enum sl_err	 rc;
	int		 own = cfg->db_migrate_user[0] != '\0';

	if ((mc = malloc(sizeof(*mc))) == NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	*mc = *cfg;
	if (own) {
		memcpy(mc->db_user, cfg->db_migrate_user,
		    sizeof(mc->db_user));
		memcpy(mc->db_password, cfg->db_migrate_password,
		    sizeof(mc->db_password));
	} else
		printf("db_migrate_user is not set: migrating as db_user,"
		    " whose privileges stay as they are\n");
	if ((rc = db_open(mc, &db)) != SL_OK ||
	    (rc = db_migrate(db, cfg->sql_dir)) != SL_OK)
		goto out;
	if (own)
		rc = db_grant_workers(db, cfg->db_user, cfg->db_user_host);
out:
	db_close(db);
	free(mc);
	if (rc != SL_OK) {
		fprintf(stderr, "stafettlogg: migrate failed: %s\n",
		    sl_strerror(rc));
		return 1;
	}
	printf("database is up to date\n");
	return 0;
}

/*
 * stafettlogg report NAME -c FILE [--unit ID] [--from D] [--to D]
 * [--format xml|csv]: the overview's report on stdout (fcgi/report.c).
 */
static int
cmd_report(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "unit", required_argument, NULL, 'u' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	 cfg;
	struct db	*db = NULL;
	const char	*conf = NULL, *unit = NULL, *from = NULL, *to = NULL;
	const char	*format = NULL, *name;
	int		 ch, rc;

	if (argc < 3 || argv[2][0] == '-') {
		usage();
		return 2;
	}
	name = argv[2];
	optind = 3;
	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'u':
			unit = optarg;
			break;
		case 'f':
			from = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (conf == NULL || optind != argc) {
		usage();
		return 2;
	}
	log_init("stafettlogg", 0);
	xmlInitParser();
	if (load(&cfg, conf) != 0)
		return 1;
	if (db_open(&cfg, &db) != SL_OK) {
		fprintf(stderr, "stafettlogg: cannot open the database\n");
		return 1;
	}
	rc = report_cli(db, name, unit, from, to, format);
	db_close(db);
	xmlCleanupParser();
	return rc;
}

/*
 * stafettlogg ldap-sync -c FILE [--force] [--if-requested]: the
 * directory's units and employees into the database (fcgi/ldapsync.c).
 * Exit 0 done, 3 refused (nothing changed), 1 failed, 2 usage.
 */
static int
cmd_ldap_sync(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "if-requested", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	 cfg;
	const char	*conf = NULL;
	int		 ch, rc, force = 0, if_requested = 0;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'r':
			if_requested = 1;
			break;
		default:
			usage();
			return 2;
		}
	}
	if ((rc = cli_start(conf, argc, &cfg)) != 0)
		return rc;
	rc = ldapsync_cli(&cfg, force, if_requested);
	xmlCleanupParser();
	return rc;
}

/* stafettlogg notify -c FILE [--loop] */
static int
cmd_notify(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "loop", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	 cfg;
	const char	*conf = NULL;
	int		 ch, loop = 0, rc;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'l':
			loop = 1;
			break;
		default:
			usage();
			return 2;
		}
	}
	if ((rc = cli_start(conf, argc, &cfg)) != 0)
		return rc;
	rc = notify_cli(&cfg, loop);
	xsltCleanupGlobals();
	xmlCleanupParser();
	return rc;
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	const char	*cmd, *conf = NULL, *day = NULL;
	int		 ch, rc;

	if (argc < 2) {
		usage();
		return 2;
	}
	cmd = argv[1];
	if (strcmp(cmd, "nin") == 0) {
		if (argc != 3) {
			usage();
			return 2;
		}
		return nin_cli(argv[2]);
	}
	if (strcmp(cmd, "report") == 0)
		return cmd_report(argc, argv);
	if (strcmp(cmd, "export") == 0 || strcmp(cmd, "import") == 0)
		return exchange_cli(argc, argv);
	if (strcmp(cmd, "notify") == 0)
		return cmd_notify(argc, argv);
	if (strcmp(cmd, "ldap-sync") == 0)
		return cmd_ldap_sync(argc, argv);
	optind = 2;
	while ((ch = getopt(argc, argv, "c:d:")) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'd':
			day = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (conf == NULL || optind != argc ||
	    (day != NULL && strcmp(cmd, "archive") != 0)) {
		usage();
		return 2;
	}
	log_init("stafettlogg", 0);
	xmlInitParser();
	if (load(&cfg, conf) != 0)
		return 1;
	log_init("stafettlogg", (int)cfg.use_syslog);
	if (strcmp(cmd, "serve") == 0) {
		/* Process-wide libcurl state, before the workers fork. */
		if (oidc_init() != SL_OK) {
			fprintf(stderr, "stafettlogg: cannot initialise libcurl\n");
			return 1;
		}
		rc = manager_run(&cfg, conf);
		oidc_cleanup();
	}
	else if (strcmp(cmd, "migrate") == 0)
		rc = cmd_migrate(&cfg);
	else if (strcmp(cmd, "check-config") == 0)
		rc = cmd_check_config(&cfg, conf);
	else if (strcmp(cmd, "archive") == 0)
		rc = archive_cli(&cfg, day);
	else {
		usage();
		rc = 2;
	}
	xsltCleanupGlobals();
	xmlCleanupParser();
	return rc;
}
