/*
 * nin.h - Norwegian national identity numbers: fødselsnummer, D-number,
 * H-number / NAV synthetic number, Skatteetaten synthetic number and
 * synthetic D-numbers.  Validation (both check-digit rules, the one in
 * force today and the one from 1 January 2032), birth date, age, a
 * generator of synthetic numbers and the `stafettlogg nin` command.
 * Pure code except nin_cli, which reads the clock and prints.
 *
 * Layout: DDMMYY III K1 K2.  D-numbers add 40 to the day; H-numbers and
 * NAV/Dolly synthetic numbers add 40 to the month; Skatteetaten's
 * synthetic (Test-Norge) numbers add 80 to the month.
 *
 * Ambiguity by form: a number with month + 40 is either a health-sector
 * H-number (hjelpenummer) or a NAV/Dolly synthetic test number; nothing
 * in the digits tells them apart, hence the single NIN_HNR_OR_NAV.
 */
#ifndef SL_NIN_H
#define SL_NIN_H

#include "util.h"

enum nin_kind {
	NIN_FNR,		/* fødselsnummer */
	NIN_DNR,		/* D-number: day + 40 */
	NIN_HNR_OR_NAV,		/* month + 40: H-number or NAV/Dolly synthetic */
	NIN_SKD_SYNTH,		/* month + 80: Skatteetaten synthetic */
	NIN_DNR_SYNTH,		/* day + 40 and month + 40 or + 80: synthetic D-number */
	NIN__COUNT
};

struct nin_info {
	enum nin_kind	kind;
	int		year, month, day;	/* birth date, offsets removed */
	/*
	 * 1 when the number is valid only under the check-digit rule from
	 * 1 January 2032 (first check digit remainder 1, 2 or 3).
	 */
	int		rule2032;
	/*
	 * 1 when the individual number did not fix the century (2032-rule
	 * numbers, or digits outside the historical series) and the year is
	 * the most recent one that is not after the reference date.
	 */
	int		century_guessed;
};

/*
 * Validate s: exactly 11 ASCII digits, a real birth date once the D, H
 * and synthetic offsets are removed, not after the reference date
 * today_y-today_m-today_d, and both check digits, where the first may
 * leave remainder 0 (rule in force) or 1-3 (rule from 2032).
 *
 * Century: when the first check digit passes the classic rule and the
 * individual number lies in a historical series (000-499 -> 1900-1999;
 * 500-749 with year 54-99 -> 1854-1899; 900-999 with year 40-99 ->
 * 1940-1999; 500-999 with year 00-39 -> 2000-2039), that century is
 * authoritative.  Otherwise (2032-rule numbers, whose individual digits
 * no longer carry the century, and numbers outside the series, which
 * new and synthetic numbers may be) the year is the most recent of
 * 20yy, 19yy, 18yy that gives a real date not after the reference date,
 * and info->century_guessed is set.
 *
 * Returns SL_OK and fills *info (may be NULL), *why = NULL; or
 * SL_EINPUT with *why (may be NULL) set to a precise English reason.
 * *why points to static thread-local storage, valid until the next call
 * in the same thread.
 */
enum sl_err nin_parse(const char *s, int today_y, int today_m, int today_d,
    struct nin_info *info, const char **why);

/*
 * Name of a kind: lang "en" gives English, "nn" Nynorsk, anything else
 * (also NULL) Bokmål, e.g. "fødselsnummer", "D-nummer".  Static storage.
 */
const char *nin_kind_name(enum nin_kind, const char *lang);

/*
 * Age in whole years of the person in info on date y-m-d (someone born
 * 29 February turns a year older on 1 March in common years).  -1 when
 * info is NULL or the date is before the birth date.
 */
int nin_age(const struct nin_info *, int y, int m, int d);

/*
 * Write into out (12 bytes) a synthetic Skatteetaten-style number (month
 * + 80) for birth date y-m-d and individual number 0..999, valid under
 * the classic check-digit rule (so also under the 2032 rule).  The
 * individual number must lie in the series of the birth year (see
 * nin_parse), so that nin_parse gives back the same date.  SL_OK, or
 * SL_EINPUT when the date is not real or outside 1854-2039, the
 * individual number does not fit the year, or a check digit would be
 * 10 (the caller tries the next individual number); out is then "".
 */
enum sl_err nin_synthetic(int y, int m, int d, int individual, char out[12]);

/*
 * The `stafettlogg nin NUMBER` command: prints on stdout whether arg is
 * valid, with its kind, birth date and age on the current UTC date, or
 * why not.  Returns 0 when valid, 1 when not.
 */
int nin_cli(const char *arg);

#endif
