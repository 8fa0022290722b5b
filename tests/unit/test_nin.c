/*
 * test_nin.c - unit tests for fcgi/nin.c: Norwegian identity numbers
 * (form, kinds, centuries, dates, both check-digit rules, age, the
 * synthetic generator and the command's exit status).
 *
 * Apart from the worked example of domain.md (31129956715) and
 * ID-porten's published synthetic test id, every number here is built
 * at run time from a chosen date and individual number with a check-
 * digit computation written independently of nin.c below; none is taken
 * from any register.
 */
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "../../fcgi/nin.h"
#include "testutil.h"

/* Reference date for most tests. */
#define TY	2025
#define TM	6
#define TD	1

/* Independent check-digit computation. */
static const int K1W[9] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
static const int K2W[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };

/*
 * From nine digits head, write into out the number whose first check
 * digit leaves remainder r (0 = classic rule, 1-3 = 2032 rule, 4-10 =
 * invalid) and whose second check digit is right.  0 when k1 or k2
 * would be 10.
 */
static int
mk(const char *head, int r, char out[12])
{
	int	 i, s, k1, k2;

	s = 0;
	for (i = 0; i < 9; i++)
		s += K1W[i] * (head[i] - '0');
	k1 = ((r - s) % 11 + 11) % 11;
	if (k1 == 10)
		return 0;
	s = 0;
	for (i = 0; i < 9; i++)
		s += K2W[i] * (head[i] - '0');
	s += K2W[9] * k1;
	k2 = (11 - s % 11) % 11;
	if (k2 == 10)
		return 0;
	snprintf(out, 12, "%.9s%d%d", head, k1, k2);
	return 1;
}

/*
 * First classic-rule number for the digit fields dd mm yy (offsets
 * included) with individual number from ind up to indmax.
 */
static void
mk_first(int dd, int mm, int yy, int ind, int indmax, char out[12])
{
	char	 head[64];

	for (; ind <= indmax; ind++) {
		snprintf(head, sizeof(head), "%02d%02d%02d%03d", dd, mm, yy,
		    ind);
		if (mk(head, 0, out))
			return;
	}
	ck_abort_msg("no number for %02d%02d%02d", dd, mm, yy);
}

/*
 * First number with first-check-digit remainder r (1-3: 2032 rule) for
 * dd mm yy with individual number from ind up.
 */
static void
mk_rule(int dd, int mm, int yy, int ind, int r, char out[12])
{
	char	 head[64];

	for (; ind <= 999; ind++) {
		snprintf(head, sizeof(head), "%02d%02d%02d%03d", dd, mm, yy,
		    ind);
		if (mk(head, r, out))
			return;
	}
	ck_abort_msg("no number for %02d%02d%02d r=%d", dd, mm, yy, r);
}

/* Parse with the default reference date, expect SL_OK; returns info. */
static struct nin_info
ok(const char *s)
{
	struct nin_info	 ni;
	const char	*why = "unset";

	memset(&ni, 0xff, sizeof(ni));
	ck_assert_msg(nin_parse(s, TY, TM, TD, &ni, &why) == SL_OK,
	    "%s refused: %s", s, why);
	ck_assert_ptr_null(why);
	return ni;
}

/* Parse with the default reference date, expect SL_EINPUT with reason. */
static void
bad(const char *s, const char *reason)
{
	const char	*why = NULL;

	ck_assert_int_eq(nin_parse(s, TY, TM, TD, NULL, &why), SL_EINPUT);
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strcmp(why, reason) == 0, "%s: got \"%s\", want \"%s\"",
	    s == NULL ? "NULL" : s, why, reason);
}

static void
date_is(const struct nin_info *ni, int y, int m, int d)
{
	ck_assert_int_eq(ni->year, y);
	ck_assert_int_eq(ni->month, m);
	ck_assert_int_eq(ni->day, d);
}

START_TEST(worked_example)
{
	struct nin_info	 ni;

	ni = ok("31129956715");
	ck_assert_int_eq(ni.kind, NIN_FNR);
	/* Individual number 567 with year 99 is the 1854-1899 series. */
	date_is(&ni, 1899, 12, 31);
	ck_assert_int_eq(ni.rule2032, 0);
	ck_assert_int_eq(ni.century_guessed, 0);
	bad("31129956716", "second check digit is wrong (expected 5)");
	bad("31129956705", "first check digit is wrong (expected 1)");
}
END_TEST

START_TEST(independent_builder_agrees)
{
	char	 n[40];

	ck_assert(mk("311299567", 0, n));
	ck_assert_str_eq(n, "31129956715");
}
END_TEST

START_TEST(centuries)
{
	struct nin_info	 ni;
	char		 n[40];

	/* 500-749 with year 54-99: 1854-1899. */
	mk_first(15, 6, 75, 600, 749, n);
	ni = ok(n);
	date_is(&ni, 1875, 6, 15);
	ck_assert_int_eq(ni.century_guessed, 0);
	mk_first(1, 1, 54, 500, 749, n);
	date_is((ni = ok(n), &ni), 1854, 1, 1);
	/* 000-499: 1900-1999. */
	mk_first(15, 6, 75, 100, 499, n);
	date_is((ni = ok(n), &ni), 1975, 6, 15);
	mk_first(15, 6, 5, 0, 499, n);
	date_is((ni = ok(n), &ni), 1905, 6, 15);
	mk_first(15, 6, 45, 200, 499, n);
	date_is((ni = ok(n), &ni), 1945, 6, 15);
	/* 900-999 with year 40-99: 1940-1999. */
	mk_first(15, 6, 75, 900, 999, n);
	ni = ok(n);
	date_is(&ni, 1975, 6, 15);
	ck_assert_int_eq(ni.century_guessed, 0);
	mk_first(1, 1, 40, 900, 999, n);
	date_is((ni = ok(n), &ni), 1940, 1, 1);
	/* 500-999 with year 00-39: 2000-2039. */
	mk_first(15, 6, 10, 500, 999, n);
	date_is((ni = ok(n), &ni), 2010, 6, 15);
	mk_first(15, 6, 10, 950, 999, n);
	date_is((ni = ok(n), &ni), 2010, 6, 15);
	mk_first(31, 12, 39, 500, 999, n);
	ck_assert_int_eq(nin_parse(n, 2039, 12, 31, &ni, NULL), SL_OK);
	date_is(&ni, 2039, 12, 31);
	ck_assert_int_eq(ni.century_guessed, 0);
}
END_TEST

START_TEST(outside_series_guessed)
{
	struct nin_info	 ni;
	char		 n[40];

	/* 500-749 with year 40-53 is in no series: most recent past one. */
	mk_first(15, 6, 45, 600, 749, n);
	ni = ok(n);
	date_is(&ni, 1945, 6, 15);
	ck_assert_int_eq(ni.century_guessed, 1);
	/* 750-899 with year 40-99 likewise. */
	mk_first(15, 6, 75, 800, 899, n);
	ni = ok(n);
	date_is(&ni, 1975, 6, 15);
	ck_assert_int_eq(ni.century_guessed, 1);
	/* Same digits, reference date in 2080: now 2075 is the past. */
	ck_assert_int_eq(nin_parse(n, 2080, 1, 1, &ni, NULL), SL_OK);
	date_is(&ni, 2075, 6, 15);
}
END_TEST

START_TEST(kinds)
{
	struct nin_info	 ni;
	char		 n[40];
	const char	*why;

	mk_first(15, 6, 75, 100, 499, n);
	ck_assert_int_eq(ok(n).kind, NIN_FNR);
	/* D-number: day + 40. */
	mk_first(55, 6, 75, 100, 499, n);
	ni = ok(n);
	ck_assert_int_eq(ni.kind, NIN_DNR);
	date_is(&ni, 1975, 6, 15);
	mk_first(41, 1, 85, 0, 499, n);
	date_is((ni = ok(n), &ni), 1985, 1, 1);
	mk_first(71, 12, 85, 0, 499, n);
	date_is((ni = ok(n), &ni), 1985, 12, 31);
	/* H-number or NAV synthetic: month + 40. */
	mk_first(15, 46, 75, 100, 499, n);
	ni = ok(n);
	ck_assert_int_eq(ni.kind, NIN_HNR_OR_NAV);
	date_is(&ni, 1975, 6, 15);
	mk_first(15, 52, 10, 500, 999, n);
	date_is((ni = ok(n), &ni), 2010, 12, 15);
	/* Skatteetaten synthetic: month + 80. */
	mk_first(15, 86, 75, 100, 499, n);
	ni = ok(n);
	ck_assert_int_eq(ni.kind, NIN_SKD_SYNTH);
	date_is(&ni, 1975, 6, 15);
	mk_first(1, 81, 10, 500, 999, n);
	date_is((ni = ok(n), &ni), 2010, 1, 1);
	mk_first(31, 92, 10, 500, 999, n);
	date_is((ni = ok(n), &ni), 2010, 12, 31);
	/* D + synthetic, both offsets. */
	mk_first(55, 86, 75, 100, 499, n);
	ni = ok(n);
	ck_assert_int_eq(ni.kind, NIN_DNR_SYNTH);
	date_is(&ni, 1975, 6, 15);
	mk_first(55, 46, 75, 100, 499, n);
	ni = ok(n);
	ck_assert_int_eq(ni.kind, NIN_DNR_SYNTH);
	date_is(&ni, 1975, 6, 15);
	/* ID-porten's published synthetic test pid (D + Test-Norge). */
	ni = ok("47906701517");
	ck_assert_int_eq(ni.kind, NIN_DNR_SYNTH);
	date_is(&ni, 1967, 10, 7);
	/* Offsets that leave no real month or day. */
	mk_first(15, 40, 75, 100, 499, n);
	bad(n, "not a valid date: 15.00.1975");
	mk_first(15, 53, 75, 100, 499, n);
	bad(n, "not a valid date: 15.13.1975");
	mk_first(15, 80, 75, 100, 499, n);
	bad(n, "not a valid date: 15.00.1975");
	mk_first(15, 93, 75, 100, 499, n);
	bad(n, "not a valid date: 15.13.1975");
	mk_first(15, 25, 75, 100, 499, n);
	bad(n, "not a valid date: 15.25.1975");
	mk_first(40, 6, 75, 100, 499, n);
	bad(n, "not a valid date: 00.06.1975");
	mk_first(70, 4, 75, 100, 499, n);
	ck_assert_int_eq(nin_parse(n, TY, TM, TD, NULL, &why), SL_OK);
	mk_first(71, 4, 75, 100, 499, n);
	bad(n, "not a valid date: 31.04.1975");
	mk_first(72, 1, 75, 100, 499, n);
	bad(n, "not a valid date: 32.01.1975");
	/* Old H-numbers with first digit 8 or 9 are not accepted. */
	mk_first(85, 6, 75, 100, 499, n);
	bad(n, "not a valid date: 45.06.1975");
}
END_TEST

START_TEST(wrong_check_digits)
{
	char		 n[40], m[12];
	const char	*why;
	int		 i, j, k1, k2, r1, s1;
	char		 want[80];
	static const char *heads[] = {
		"150675100", "550675100", "154675100", "158675100",
		"311299567", "010110500", "290200500", "010185900"
	};

	for (i = 0; i < (int)(sizeof(heads) / sizeof(heads[0])); i++) {
		if (!mk(heads[i], 0, n)) {
			/* Try the next individual number. */
			continue;
		}
		k1 = n[9] - '0';
		k2 = n[10] - '0';
		s1 = 0;
		for (j = 0; j < 9; j++)
			s1 += K1W[j] * (n[j] - '0');
		/* Every other second check digit is refused. */
		for (j = 0; j <= 9; j++) {
			if (j == k2)
				continue;
			memcpy(m, n, 12);
			m[10] = (char)('0' + j);
			snprintf(want, sizeof(want), "second check digit is "
			    "wrong (expected %d)", k2);
			bad(m, want);
		}
		/* A first check digit outside remainders 0-3 is refused. */
		for (j = 0; j <= 9; j++) {
			r1 = (s1 + j) % 11;
			if (r1 <= 3)
				continue;
			memcpy(m, n, 12);
			m[9] = (char)('0' + j);
			snprintf(want, sizeof(want), "first check digit is "
			    "wrong (expected %d)", k1);
			bad(m, want);
		}
	}
	/* info and why may be NULL. */
	ck_assert_int_eq(nin_parse("31129956716", TY, TM, TD, NULL, NULL),
	    SL_EINPUT);
	ck_assert_int_eq(nin_parse("31129956715", TY, TM, TD, NULL, NULL),
	    SL_OK);
	why = "unset";
	ck_assert_int_eq(nin_parse("31129956715", TY, TM, TD, NULL, &why),
	    SL_OK);
	ck_assert_ptr_null(why);
}
END_TEST

START_TEST(rule2032_worked)
{
	struct nin_info	 ni;
	int		 k1, k2;
	char		 n[40];

	/* domain.md: for 311299567 the new rule admits k1 1, 2, 3. */
	ni = ok("31129956715");
	ck_assert_int_eq(ni.rule2032, 0);
	ni = ok("31129956723");
	ck_assert_int_eq(ni.rule2032, 1);
	/* A 2032-rule number carries no century: most recent past one. */
	ck_assert_int_eq(ni.century_guessed, 1);
	date_is(&ni, 1999, 12, 31);
	ni = ok("31129956731");
	ck_assert_int_eq(ni.rule2032, 1);
	date_is(&ni, 1999, 12, 31);
	/* k2 stays strict under the new rule. */
	bad("31129956724", "second check digit is wrong (expected 3)");
	bad("31129956730", "second check digit is wrong (expected 1)");
	bad("31129956725", "second check digit is wrong (expected 3)");
	/*
	 * Sum 241 leaves 10, so k1 = 1 is remainder 0 (classic), 2 and 3
	 * are remainders 1 and 2, k1 = 4 is remainder 3 but would need
	 * k2 = 10, and k1 = 5 (remainder 4) and up are refused whatever k2.
	 */
	for (k2 = 0; k2 <= 9; k2++) {
		snprintf(n, sizeof(n), "311299567%d%d", 4, k2);
		bad(n, "second check digit is wrong (no digit fits the first "
		    "10 digits)");
	}
	for (k1 = 5; k1 <= 9; k1++)
		for (k2 = 0; k2 <= 9; k2++) {
			snprintf(n, sizeof(n), "311299567%d%d", k1, k2);
			bad(n, "first check digit is wrong (expected 1)");
		}
	for (k2 = 0; k2 <= 9; k2++) {
		snprintf(n, sizeof(n), "311299567%d%d", 0, k2);
		bad(n, "first check digit is wrong (expected 1)");
	}
	/* Remainders 1, 2 and 3 each accepted for another head. */
	for (k1 = 1; k1 <= 3; k1++) {
		mk_rule(15, 6, 75, 100, k1, n);
		ni = ok(n);
		ck_assert_int_eq(ni.rule2032, 1);
		date_is(&ni, 1975, 6, 15);
	}
	/* A 2032-rule number for a date this year in 20yy: 2025 itself. */
	mk_rule(1, 1, 25, 500, 2, n);
	ni = ok(n);
	date_is(&ni, 2025, 1, 1);
	/* A date after the reference date in 20yy: 1925. */
	mk_rule(2, 6, 25, 500, 2, n);
	ni = ok(n);
	date_is(&ni, 1925, 6, 2);
	ck_assert_int_eq(ni.century_guessed, 1);
}
END_TEST

START_TEST(rule2032_sweep)
{
	struct nin_info	 ni;
	char		 head[64], n[40];
	const char	*why;
	int		 ind, r, seen[11] = { 0 };

	/* Many heads, every remainder: 0-3 accepted, 4-10 refused. */
	for (ind = 0; ind < 1000; ind += 7) {
		snprintf(head, sizeof(head), "150675%03d", ind);
		for (r = 0; r <= 10; r++) {
			if (!mk(head, r, n))
				continue;
			seen[r]++;
			if (r <= 3) {
				ck_assert_msg(nin_parse(n, TY, TM, TD, &ni,
				    &why) == SL_OK, "%s r=%d: %s", n, r, why);
				ck_assert_int_eq(ni.rule2032, r != 0);
				date_is(&ni, ni.century_guessed ? 1975 :
				    ni.year, 6, 15);
			} else {
				ck_assert_int_eq(nin_parse(n, TY, TM, TD, &ni,
				    &why), SL_EINPUT);
				ck_assert_msg(strncmp(why, "first check digit "
				    "is wrong", 25) == 0, "%s", why);
			}
		}
	}
	for (r = 0; r <= 10; r++)
		ck_assert_int_gt(seen[r], 0);
}
END_TEST

START_TEST(rule2032_only_k1)
{
	char		 head[64], n[40];
	int		 ind, s1, j, found = 0;
	char		 want[96];
	int		 e[3], ne, r;

	/*
	 * A head whose classic first check digit would be 10 has no number
	 * under today's rule; the reason lists the 2032 digits.
	 */
	for (ind = 0; ind < 1000 && !found; ind++) {
		snprintf(head, sizeof(head), "150675%03d", ind);
		s1 = 0;
		for (j = 0; j < 9; j++)
			s1 += K1W[j] * (head[j] - '0');
		if ((11 - s1 % 11) % 11 != 10)
			continue;
		found = 1;
		ck_assert(!mk(head, 0, n));
		ne = 0;
		for (r = 1; r <= 3; r++)
			e[ne++] = ((r - s1) % 11 + 11) % 11;
		snprintf(want, sizeof(want), "first check digit is wrong "
		    "(expected %d, %d or %d under the 2032 rule)", e[0], e[1],
		    e[2]);
		for (j = 0; j <= 9; j++) {
			if (j == e[0] || j == e[1] || j == e[2])
				continue;
			snprintf(n, sizeof(n), "%.9s%d0", head, j);
			bad(n, want);
		}
	}
	ck_assert(found);
}
END_TEST

START_TEST(second_digit_impossible)
{
	char		 head[64], n[40];
	int		 ind, s1, s2, j, k1, found = 0;

	/* k1 fits but no k2 does: the error is in digits 1-10. */
	for (ind = 0; ind < 1000 && !found; ind++) {
		snprintf(head, sizeof(head), "150675%03d", ind);
		s1 = 0;
		for (j = 0; j < 9; j++)
			s1 += K1W[j] * (head[j] - '0');
		k1 = (11 - s1 % 11) % 11;
		if (k1 == 10)
			continue;
		s2 = K2W[9] * k1;
		for (j = 0; j < 9; j++)
			s2 += K2W[j] * (head[j] - '0');
		if ((11 - s2 % 11) % 11 != 10)
			continue;
		found = 1;
		for (j = 0; j <= 9; j++) {
			snprintf(n, sizeof(n), "%.9s%d%d", head, k1, j);
			bad(n, "second check digit is wrong (no digit fits "
			    "the first 10 digits)");
		}
	}
	ck_assert(found);
}
END_TEST

START_TEST(dates)
{
	struct nin_info	 ni;
	char		 n[40];

	mk_first(31, 2, 15, 500, 999, n);
	bad(n, "not a valid date: 31.02.2015");
	mk_first(29, 2, 15, 500, 999, n);
	bad(n, "not a valid date: 29.02.2015");
	mk_first(28, 2, 15, 500, 999, n);
	date_is((ni = ok(n), &ni), 2015, 2, 28);
	mk_first(29, 2, 0, 500, 999, n);
	date_is((ni = ok(n), &ni), 2000, 2, 29);
	mk_first(29, 2, 0, 0, 499, n);
	bad(n, "not a valid date: 29.02.1900");
	mk_first(29, 2, 4, 0, 499, n);
	date_is((ni = ok(n), &ni), 1904, 2, 29);
	mk_first(29, 2, 96, 500, 749, n);
	date_is((ni = ok(n), &ni), 1896, 2, 29);
	mk_first(1, 13, 75, 0, 499, n);
	bad(n, "not a valid date: 01.13.1975");
	mk_first(1, 0, 75, 0, 499, n);
	bad(n, "not a valid date: 01.00.1975");
	mk_first(0, 1, 75, 0, 499, n);
	bad(n, "not a valid date: 00.01.1975");
	mk_first(32, 1, 75, 0, 499, n);
	bad(n, "not a valid date: 32.01.1975");
	mk_first(31, 4, 75, 0, 499, n);
	bad(n, "not a valid date: 31.04.1975");
	mk_first(31, 12, 75, 0, 499, n);
	date_is((ni = ok(n), &ni), 1975, 12, 31);
	/* The date is checked before the check digits. */
	bad("31021550000", "not a valid date: 31.02.2015");
	/* 29.02.00 with a guessed century: 2000 is a leap year. */
	mk_rule(29, 2, 0, 100, 2, n);
	ni = ok(n);
	ck_assert_int_eq(ni.century_guessed, 1);
	date_is(&ni, 2000, 2, 29);
	/* ... but with a reference date in 1999 only 1900 is left: no. */
	ck_assert_int_eq(nin_parse(n, 1999, 12, 31, &ni, NULL), SL_EINPUT);
}
END_TEST

START_TEST(form)
{
	bad(NULL, "must be exactly 11 digits (got none)");
	bad("", "must be exactly 11 digits (got none)");
	bad("3112995671", "must be exactly 11 digits (got 10)");
	bad("1", "must be exactly 11 digits (got 1)");
	bad("311299567150", "must be exactly 11 digits (got more than 11)");
	bad("31129956715999999999999",
	    "must be exactly 11 digits (got more than 11)");
	bad("3112995671a", "must be exactly 11 digits (found a character "
	    "other than 0-9)");
	bad("3112995671O", "must be exactly 11 digits (found a character "
	    "other than 0-9)");
	bad(" 31129956715", "must be exactly 11 digits (found a character "
	    "other than 0-9)");
	bad("311299 56715", "must be exactly 11 digits (found a character "
	    "other than 0-9)");
	bad("311299 6715", "must be exactly 11 digits (found a character "
	    "other than 0-9)");
	bad("31129956715\n", "must be exactly 11 digits (found a character "
	    "other than 0-9)");
	bad("-3112995671", "must be exactly 11 digits (found a character "
	    "other than 0-9)");
	bad("311299.56715", "must be exactly 11 digits (found a character "
	    "other than 0-9)");
	/* Arabic-Indic digit three in UTF-8. */
	bad("3112995671\xd9\xa3", "must be exactly 11 digits (found a "
	    "character other than 0-9)");
}
END_TEST

START_TEST(future)
{
	struct nin_info	 ni;
	char		 n[40], d[12];
	const char	*why;

	/* Individual 500-999 with year 30 fixes 2030: not born yet. */
	mk_first(15, 6, 30, 500, 999, n);
	bad(n, "birth date is in the future: 15.06.2030");
	ck_assert_int_eq(nin_parse(n, 2030, 6, 14, &ni, &why), SL_EINPUT);
	ck_assert_str_eq(why, "birth date is in the future: 15.06.2030");
	/* Born on the reference date is fine. */
	ck_assert_int_eq(nin_parse(n, 2030, 6, 15, &ni, &why), SL_OK);
	date_is(&ni, 2030, 6, 15);
	ck_assert_int_eq(nin_age(&ni, 2030, 6, 15), 0);
	/* Tomorrow, for a number built for a date near the reference. */
	mk_first(2, 6, 25, 500, 999, n);
	bad(n, "birth date is in the future: 02.06.2025");
	mk_first(1, 6, 25, 500, 999, n);
	date_is((ni = ok(n), &ni), 2025, 6, 1);
	/* D-number and synthetic kinds too. */
	mk_first(42, 6, 25, 500, 999, d);
	bad(d, "birth date is in the future: 02.06.2025");
	mk_first(2, 86, 25, 500, 999, d);
	bad(d, "birth date is in the future: 02.06.2025");
	/* A bad reference date is refused. */
	ck_assert_int_eq(nin_parse("31129956715", 2025, 2, 30, &ni, &why),
	    SL_EINPUT);
	ck_assert_int_eq(nin_parse("31129956715", 2025, 13, 1, &ni, &why),
	    SL_EINPUT);
	ck_assert_int_eq(nin_parse("31129956715", 0, 1, 1, &ni, &why),
	    SL_EINPUT);
}
END_TEST

START_TEST(age)
{
	struct nin_info	 ni;

	memset(&ni, 0, sizeof(ni));
	ni.year = 2009;
	ni.month = 3;
	ni.day = 15;
	ck_assert_int_eq(nin_age(&ni, 2009, 3, 15), 0);
	ck_assert_int_eq(nin_age(&ni, 2010, 3, 14), 0);
	ck_assert_int_eq(nin_age(&ni, 2010, 3, 15), 1);
	/* The day before the 15th and 16th birthdays. */
	ck_assert_int_eq(nin_age(&ni, 2024, 3, 14), 14);
	ck_assert_int_eq(nin_age(&ni, 2024, 3, 15), 15);
	ck_assert_int_eq(nin_age(&ni, 2025, 3, 14), 15);
	ck_assert_int_eq(nin_age(&ni, 2025, 3, 15), 16);
	ck_assert_int_eq(nin_age(&ni, 2025, 3, 16), 16);
	ck_assert_int_eq(nin_age(&ni, 2025, 2, 28), 15);
	ck_assert_int_eq(nin_age(&ni, 2025, 4, 1), 16);
	ck_assert_int_eq(nin_age(&ni, 2025, 12, 31), 16);
	ck_assert_int_eq(nin_age(&ni, 2026, 1, 1), 16);
	/* Before birth, NULL. */
	ck_assert_int_eq(nin_age(&ni, 2009, 3, 14), -1);
	ck_assert_int_eq(nin_age(NULL, 2025, 1, 1), -1);
	/* Born 29 February: a year older on 1 March in common years. */
	ni.year = 2008;
	ni.month = 2;
	ni.day = 29;
	ck_assert_int_eq(nin_age(&ni, 2024, 2, 28), 15);
	ck_assert_int_eq(nin_age(&ni, 2024, 2, 29), 16);
	ck_assert_int_eq(nin_age(&ni, 2023, 2, 28), 14);
	ck_assert_int_eq(nin_age(&ni, 2023, 3, 1), 15);
	/* From a parsed number. */
	ni = ok("31129956715");
	ck_assert_int_eq(nin_age(&ni, 2025, 12, 30), 125);
	ck_assert_int_eq(nin_age(&ni, 2025, 12, 31), 126);
}
END_TEST

/* Independent: does individual number ind belong to year y's series? */
static int
in_series(int ind, int y)
{
	int	 yy = y % 100;

	if (y >= 1854 && y <= 1899)
		return ind >= 500 && ind <= 749;
	if (y >= 1900 && y <= 1999)
		return ind <= 499 || (yy >= 40 && ind >= 900);
	if (y >= 2000 && y <= 2039)
		return ind >= 500;
	return 0;
}

START_TEST(synthetic_many)
{
	static const int mdays[13] = {
		0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	struct nin_info	 ni;
	char		 n[40];
	const char	*why;
	int		 y, m, di, d, ind, count = 0, last;
	static const int days[4] = { 1, 15, 28, 31 };

	for (y = 1854; y <= 2039; y++)
		for (m = 1; m <= 12; m++)
			for (di = 0; di < 4; di++) {
				last = mdays[m];
				if (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
				    y % 400 == 0))
					last = 29;
				d = days[di] > last ? last : days[di];
				for (ind = 0; ind < 1000; ind++)
					if (nin_synthetic(y, m, d, ind, n) ==
					    SL_OK)
						break;
				ck_assert_int_lt(ind, 1000);
				ck_assert_int_eq(strlen(n), 11);
				ck_assert_msg(nin_parse(n, 2039, 12, 31, &ni,
				    &why) == SL_OK, "%s: %s", n, why);
				ck_assert_int_eq(ni.kind, NIN_SKD_SYNTH);
				date_is(&ni, y, m, d);
				ck_assert_int_eq(ni.rule2032, 0);
				ck_assert_int_eq(ni.century_guessed, 0);
				ck_assert_int_ge(n[2], '8');
				count++;
			}
	ck_assert_int_eq(count, 186 * 12 * 4);
}
END_TEST

START_TEST(synthetic_cross_check)
{
	static const int when[][3] = {
		{ 1854, 1, 1 }, { 1899, 12, 31 }, { 1900, 2, 28 },
		{ 1939, 7, 4 }, { 1940, 1, 1 }, { 1985, 6, 15 },
		{ 1999, 12, 31 }, { 2000, 2, 29 }, { 2012, 5, 17 },
		{ 2039, 12, 31 }
	};
	struct nin_info	 ni;
	char		 head[64], n[40], want[12];
	int		 i, ind, ok1, ok2, nok;

	for (i = 0; i < (int)(sizeof(when) / sizeof(when[0])); i++) {
		nok = 0;
		for (ind = 0; ind < 1000; ind++) {
			snprintf(head, sizeof(head), "%02d%02d%02d%03d",
			    when[i][2], when[i][1] + 80, when[i][0] % 100,
			    ind);
			ok1 = in_series(ind, when[i][0]) && mk(head, 0, want);
			memset(n, 'x', sizeof(n));
			ok2 = nin_synthetic(when[i][0], when[i][1],
			    when[i][2], ind, n) == SL_OK;
			ck_assert_int_eq(ok1, ok2);
			if (!ok2) {
				ck_assert_str_eq(n, "");
				continue;
			}
			nok++;
			ck_assert_str_eq(n, want);
			ck_assert_int_eq(nin_parse(n, 2039, 12, 31, &ni,
			    NULL), SL_OK);
			date_is(&ni, when[i][0], when[i][1], when[i][2]);
		}
		/* Most individual numbers of the series give a number. */
		ck_assert_int_gt(nok, 150);
	}
}
END_TEST

START_TEST(synthetic_refused)
{
	char	 n[40];

	ck_assert_int_eq(nin_synthetic(2015, 2, 29, 500, n), SL_EINPUT);
	ck_assert_str_eq(n, "");
	ck_assert_int_eq(nin_synthetic(2015, 13, 1, 500, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(2015, 0, 1, 500, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(2015, 1, 0, 500, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(2015, 1, 32, 500, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(1853, 12, 31, 600, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(2040, 1, 1, 600, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(2015, 1, 1, -1, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(2015, 1, 1, 1000, n), SL_EINPUT);
	/* Individual number outside the year's series. */
	ck_assert_int_eq(nin_synthetic(2015, 1, 1, 100, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(1985, 1, 1, 600, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(1875, 1, 1, 800, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(1935, 1, 1, 950, n), SL_EINPUT);
	ck_assert_int_eq(nin_synthetic(2015, 1, 1, 500, NULL), SL_EINPUT);
}
END_TEST

START_TEST(kind_names)
{
	ck_assert_str_eq(nin_kind_name(NIN_FNR, "nb"), "fødselsnummer");
	ck_assert_str_eq(nin_kind_name(NIN_DNR, "nb"), "D-nummer");
	ck_assert_str_eq(nin_kind_name(NIN_HNR_OR_NAV, "nb"),
	    "H-nummer eller NAVs syntetiske nummer");
	ck_assert_str_eq(nin_kind_name(NIN_SKD_SYNTH, "nb"),
	    "Skatteetatens syntetiske nummer");
	ck_assert_str_eq(nin_kind_name(NIN_DNR_SYNTH, "nb"),
	    "syntetisk D-nummer");
	ck_assert_str_eq(nin_kind_name(NIN_FNR, "en"),
	    "national identity number");
	ck_assert_str_eq(nin_kind_name(NIN_HNR_OR_NAV, "en"),
	    "H-number or NAV synthetic number");
	ck_assert_str_eq(nin_kind_name(NIN_SKD_SYNTH, "nn"),
	    "syntetisk nummer frå Skatteetaten");
	ck_assert_str_eq(nin_kind_name(NIN_DNR, NULL), "D-nummer");
	ck_assert_str_eq(nin_kind_name(NIN_DNR, "xx"), "D-nummer");
	ck_assert_str_eq(nin_kind_name(NIN__COUNT, "en"), "?");
	ck_assert_str_eq(nin_kind_name((enum nin_kind)-1, "en"), "?");
}
END_TEST

START_TEST(cli_status)
{
	char	 n[40];
	int	 ind;

	for (ind = 0; ind < 1000; ind++)
		if (nin_synthetic(1990, 5, 17, ind, n) == SL_OK)
			break;
	ck_assert_int_lt(ind, 1000);
	ck_assert_int_eq(nin_cli(n), 0);
	ck_assert_int_eq(nin_cli("31129956723"), 0);
	n[10] = n[10] == '9' ? '0' : (char)(n[10] + 1);
	ck_assert_int_eq(nin_cli(n), 1);
	ck_assert_int_eq(nin_cli(NULL), 1);
	ck_assert_int_eq(nin_cli(""), 1);
	ck_assert_int_eq(nin_cli("abc\x1b[2Jdef and a rather long tail"), 1);
	fflush(stdout);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("nin");
	TCase	*tc = tcase_create("nin");

	tcase_add_test(tc, worked_example);
	tcase_add_test(tc, independent_builder_agrees);
	tcase_add_test(tc, centuries);
	tcase_add_test(tc, outside_series_guessed);
	tcase_add_test(tc, kinds);
	tcase_add_test(tc, wrong_check_digits);
	tcase_add_test(tc, rule2032_worked);
	tcase_add_test(tc, rule2032_sweep);
	tcase_add_test(tc, rule2032_only_k1);
	tcase_add_test(tc, second_digit_impossible);
	tcase_add_test(tc, dates);
	tcase_add_test(tc, form);
	tcase_add_test(tc, future);
	tcase_add_test(tc, age);
	tcase_add_test(tc, synthetic_many);
	tcase_add_test(tc, synthetic_cross_check);
	tcase_add_test(tc, synthetic_refused);
	tcase_add_test(tc, kind_names);
	tcase_add_test(tc, cli_status);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
