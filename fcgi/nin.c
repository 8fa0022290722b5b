/*
 * nin.c - Norwegian national identity numbers (see nin.h).
 *
 * Check digits, with d1..d9 the first nine digits:
 *   w1 = 3 7 6 1 8 9 4 5 2, w2 = 5 4 3 2 7 6 5 4 3 2
 *   r1 = (sum w1 * d1..d9 + k1) mod 11, valid when 0 (classic rule) or
 *        1..3 (rule from 1 January 2032; existing numbers stay valid)
 *   r2 = (sum w2 * d1..d9 k1 + k2) mod 11, valid only when 0
 * The classic rule is the special case r1 == 0, so one test covers
 * both.  Numbers whose first check digit would be 10 do not exist.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "nin.h"

static const int w1[9] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
static const int w2[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };

/* Room for the longest reason; see nin_parse. */
static _Thread_local char whybuf[128];

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 1 when y-m-d is a real Gregorian date (years 1..9999). */
static int
date_ok(int y, int m, int d)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int	 max;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	max = mdays[m - 1];
	if (m == 2 && is_leap(y))
		max = 29;
	return d <= max;
}

/* <0, 0 or >0 as date a is before, equal to or after date b. */
static int
date_cmp(int ay, int am, int ad, int by, int bm, int bd)
{
	if (ay != by)
		return ay < by ? -1 : 1;
	if (am != bm)
		return am < bm ? -1 : 1;
	if (ad != bd)
		return ad < bd ? -1 : 1;
	return 0;
}

/*
 * Century (1800, 1900, 2000) given by the historical individual-number
 * series for individual number ind and two-digit year yy, or -1 when
 * the pair lies outside every series.
 */
static int
series_century(int ind, int yy)
{
	if (ind >= 0 && ind <= 499)
		return 1900;
	if (ind >= 500 && ind <= 749 && yy >= 54)
		return 1800;
	if (ind >= 500 && ind <= 999 && yy <= 39)
		return 2000;
	if (ind >= 900 && ind <= 999 && yy >= 40)
		return 1900;
	return -1;
}

/*
 * Year for yy when the century is not known: the most recent of 20yy,
 * 19yy, 18yy that makes m-d real and not after the reference date.
 * Returns 1 and *year when one fits.  Otherwise returns 0 and sets
 * *year for the error message: the most recent century in which the
 * date is real (so it lies in the future), else the most recent
 * century not after the reference year.
 */
static int
guess_year(int yy, int m, int d, int ty, int tm, int td, int *year)
{
	int	 c;

	for (c = 2000; c >= 1800; c -= 100)
		if (date_ok(c + yy, m, d) &&
		    date_cmp(c + yy, m, d, ty, tm, td) <= 0) {
			*year = c + yy;
			return 1;
		}
	for (c = 2000; c >= 1800; c -= 100)
		if (date_ok(c + yy, m, d)) {
			*year = c + yy;
			return 0;
		}
	*year = 2000 + yy <= ty ? 2000 + yy : 1900 + yy;
	return 0;
}

/* Set the reason for a refusal; NULL-safe.  Always SL_EINPUT. */
static enum sl_err
refuse(const char **why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum sl_err
refuse(const char **why, const char *fmt, ...)
{
	va_list	 ap;
	int	 r;

	if (why == NULL)
		return SL_EINPUT;
	va_start(ap, fmt);
	r = vsnprintf(whybuf, sizeof(whybuf), fmt, ap);
	va_end(ap);
	if (r < 0)
		(void)bsnprintf(whybuf, sizeof(whybuf), "invalid number");
	*why = whybuf;
	return SL_EINPUT;
}

/* Weighted sums of the first 9 and first 10 digits. */
static void
check_sums(const int dig[11], int *s1, int *s2)
{
	int	 i;

	*s1 = 0;
	for (i = 0; i < 9; i++)
		*s1 += w1[i] * dig[i];
	*s2 = 0;
	for (i = 0; i < 10; i++)
		*s2 += w2[i] * dig[i];
}

/*
 * Validate s as described in nin.h.  The order of the checks decides
 * which reason is reported: form, date, first check digit, second check
 * digit, date in the future.
 */
enum sl_err
nin_parse(const char *s, int today_y, int today_m, int today_d,
    struct nin_info *info, const char **why)
{
	struct nin_info	 ni;
	int		 dig[11], s1, s2, r1, r2, k, ind, yy, c, year, found;
	int		 alt[3] = { 0, 0, 0 }, nexp;
	size_t		 i, n;

	if (why != NULL)
		*why = NULL;
	if (!date_ok(today_y, today_m, today_d))
		return refuse(why, "reference date %d-%d-%d is not a valid "
		    "date", today_y, today_m, today_d);
	if (s == NULL || s[0] == '\0')
		return refuse(why, "must be exactly 11 digits (got none)");
	n = strnlen(s, 12);
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return refuse(why, "must be exactly 11 digits (found "
			    "a character other than 0-9)");
	if (n > 11)
		return refuse(why, "must be exactly 11 digits (got more "
		    "than 11)");
	if (n < 11)
		return refuse(why, "must be exactly 11 digits (got %zu)", n);
	for (i = 0; i < 11; i++)
		dig[i] = s[i] - '0';

	memset(&ni, 0, sizeof(ni));
	ni.day = dig[0] * 10 + dig[1];
	ni.month = dig[2] * 10 + dig[3];
	yy = dig[4] * 10 + dig[5];
	ind = dig[6] * 100 + dig[7] * 10 + dig[8];

	/* Kind from digit 1 (>= 4: D) and digit 3 (>= 8: +80, >= 4: +40). */
	if (dig[0] >= 4)
		ni.day -= 40;
	if (dig[2] >= 8)
		ni.month -= 80;
	else if (dig[2] >= 4)
		ni.month -= 40;
	if (dig[0] >= 4)
		ni.kind = dig[2] >= 4 ? NIN_DNR_SYNTH : NIN_DNR;
	else if (dig[2] >= 8)
		ni.kind = NIN_SKD_SYNTH;
	else if (dig[2] >= 4)
		ni.kind = NIN_HNR_OR_NAV;
	else
		ni.kind = NIN_FNR;

	check_sums(dig, &s1, &s2);
	r1 = (s1 + dig[9]) % 11;
	r2 = (s2 + dig[10]) % 11;
	ni.rule2032 = r1 >= 1 && r1 <= 3;

	/*
	 * Century.  The historical series decide for classic-rule numbers.
	 * A 2032-rule number carries no century in its individual digits,
	 * and neither need a number outside every series (synthetic numbers,
	 * numbers issued from 2032 whose first check digit happens to leave
	 * remainder 0): take the most recent century that makes the date
	 * real and not in the future.
	 */
	c = ni.rule2032 ? -1 : series_century(ind, yy);
	if (c != -1) {
		year = c + yy;
		found = date_ok(year, ni.month, ni.day);
	} else {
		ni.century_guessed = 1;
		found = guess_year(yy, ni.month, ni.day, today_y, today_m,
		    today_d, &year);
		if (!found)
			found = date_ok(year, ni.month, ni.day);
	}
	ni.year = year;
	if (!found)
		return refuse(why, "not a valid date: %02d.%02d.%04d",
		    ni.day, ni.month, ni.year);

	if (r1 > 3) {
		/* The classic value when it exists, else the 2032 ones. */
		k = (11 - s1 % 11) % 11;
		if (k != 10)
			return refuse(why, "first check digit is wrong "
			    "(expected %d)", k);
		nexp = 0;
		for (c = 1; c <= 3; c++) {
			k = (c - s1 % 11 + 11) % 11;
			if (k != 10 && nexp < 3)
				alt[nexp++] = k;
		}
		return refuse(why, "first check digit is wrong (expected "
		    "%d, %d or %d under the 2032 rule)", alt[0], alt[1],
		    alt[2]);
	}
	if (r2 != 0) {
		k = (11 - s2 % 11) % 11;
		if (k == 10)
			return refuse(why, "second check digit is wrong (no "
			    "digit fits the first 10 digits)");
		return refuse(why, "second check digit is wrong (expected %d)",
		    k);
	}
	if (date_cmp(ni.year, ni.month, ni.day, today_y, today_m,
	    today_d) > 0)
		return refuse(why, "birth date is in the future: "
		    "%02d.%02d.%04d", ni.day, ni.month, ni.year);
	if (info != NULL)
		*info = ni;
	return SL_OK;
}

/* Names of the kinds in Bokmål, Nynorsk and English; static storage. */
const char *
nin_kind_name(enum nin_kind kind, const char *lang)
{
	static const char *const names[NIN__COUNT][3] = {
		[NIN_FNR] = { "fødselsnummer", "fødselsnummer",
		    "national identity number" },
		[NIN_DNR] = { "D-nummer", "D-nummer", "D-number" },
		[NIN_HNR_OR_NAV] = { "H-nummer eller NAVs syntetiske nummer",
		    "H-nummer eller syntetisk nummer frå NAV",
		    "H-number or NAV synthetic number" },
		[NIN_SKD_SYNTH] = { "Skatteetatens syntetiske nummer",
		    "syntetisk nummer frå Skatteetaten",
		    "Skatteetaten synthetic number" },
		[NIN_DNR_SYNTH] = { "syntetisk D-nummer",
		    "syntetisk D-nummer", "synthetic D-number" },
	};
	int	 l = 0;

	if ((unsigned int)kind >= NIN__COUNT)
		return "?";
	if (lang != NULL && strcmp(lang, "nn") == 0)
		l = 1;
	else if (lang != NULL && strcmp(lang, "en") == 0)
		l = 2;
	return names[kind][l];
}

/* Whole years from the birth date in info to y-m-d, or -1. */
int
nin_age(const struct nin_info *info, int y, int m, int d)
{
	int	 age;

	if (info == NULL ||
	    date_cmp(y, m, d, info->year, info->month, info->day) < 0)
		return -1;
	age = y - info->year;
	if (date_cmp(0, m, d, 0, info->month, info->day) < 0)
		age--;
	return age;
}

/* A Skatteetaten-style synthetic number for y-m-d and ind; see nin.h. */
enum sl_err
nin_synthetic(int y, int m, int d, int individual, char out[12])
{
	int	 dig[11], s1, s2, k1, k2, i;
	char	 head[10];

	if (out == NULL)
		return SL_EINPUT;
	out[0] = '\0';
	if (!date_ok(y, m, d) || y < 1854 || y > 2039 ||
	    individual < 0 || individual > 999 ||
	    series_century(individual, y % 100) != y - y % 100)
		return SL_EINPUT;
	if (bsnprintf(head, sizeof(head), "%02d%02d%02d%03d", d, m + 80,
	    y % 100, individual) != SL_OK)
		return SL_EINPUT;
	for (i = 0; i < 9; i++)
		dig[i] = head[i] - '0';
	dig[9] = dig[10] = 0;
	check_sums(dig, &s1, &s2);
	k1 = (11 - s1 % 11) % 11;
	if (k1 == 10)
		return SL_EINPUT;
	dig[9] = k1;
	check_sums(dig, &s1, &s2);
	k2 = (11 - s2 % 11) % 11;
	if (k2 == 10)
		return SL_EINPUT;
	if (bsnprintf(out, 12, "%s%d%d", head, k1, k2) != SL_OK) {
		out[0] = '\0';
		return SL_EINPUT;
	}
	return SL_OK;
}

/*
 * Copy at most 20 characters of arg into dst for echoing, with anything
 * but printable ASCII shown as '?', and "..." when cut.
 */
static void
echo_arg(char *dst, size_t size, const char *arg)
{
	size_t	 i, n;

	if (arg == NULL) {
		(void)bsnprintf(dst, size, "(none)");
		return;
	}
	n = 0;
	for (i = 0; arg[i] != '\0' && i < 20 && n + 4 < size; i++)
		dst[n++] = arg[i] >= 0x20 && arg[i] < 0x7f ? arg[i] : '?';
	if (arg[i] != '\0' && n + 4 <= size) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
}

/* `stafettlogg nin NUMBER`: see nin.h.  0 when valid, 1 when not. */
int
nin_cli(const char *arg)
{
	struct nin_info	 ni;
	struct tm	 tm;
	time_t		 now;
	const char	*why;
	char		 shown[32];
	int		 age;

	echo_arg(shown, sizeof(shown), arg);
	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL) {
		printf("%s: cannot tell: the current date is unknown\n", shown);
		return 1;
	}
	if (nin_parse(arg, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    &ni, &why) != SL_OK) {
		printf("%s: NOT valid: %s\n", shown, why);
		return 1;
	}
	age = nin_age(&ni, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	printf("%s: valid %s (%s), born %02d.%02d.%04d, %d year%s old\n",
	    shown, nin_kind_name(ni.kind, "nb"), nin_kind_name(ni.kind, "en"),
	    ni.day, ni.month, ni.year, age, age == 1 ? "" : "s");
	if (ni.rule2032 || ni.century_guessed)
		printf("note: %s%s%s\n",
		    ni.rule2032 ? "valid only under the check-digit rule "
		    "from 1 January 2032" : "",
		    ni.rule2032 && ni.century_guessed ? "; " : "",
		    ni.century_guessed ? "the century is not given by the "
		    "individual number; assumed the most recent one not in "
		    "the future" : "");
	return 0;
}
