/*
 * generate.c - fills the Stafettlogg schema to national scale for the
 * benchmark (tests/bench/populate.sh loads the result).
 *
 *   generate -o DIR [-l LOGS] [-s SEED] [-t YYYY-MM-DD] [-S STAFF] [-U UNITS]
 *
 * Writes one tab-separated file per table into DIR (MariaDB LOAD DATA
 * defaults: fields end with TAB, rows with LF, backslash escapes, \N for
 * NULL), with explicit ids so that foreign keys line up, plus:
 *
 *   tables.txt    one line per table, in load order:
 *                 TABLE TAB FILE TAB MODE TAB COLUMNS TAB ROWS
 *                 (MODE is "IGNORE" for rows that may already exist, such
 *                 as the demo users written by a login, else "-"; the
 *                 audit file has no id column: the table numbers it)
 *   bench_log_id  the id of the fixed benchmark log (LOGS + 1)
 *   manifest.txt  parameters and row counts
 *
 * The output depends only on the flags: a fixed seed (-s, default 1) and
 * the reference date (-t, default today in UTC) that plays "now".  Every
 * date lies before the reference date, mostly within its last 3 years.
 *
 * Shape per log, on average: 1.6 guardians (80 % with an identity
 * number, half of those also a person row: they have logged in with
 * ID-porten), 1 consent, 3 concerns, 10 measures (each active actor at
 * most once per concern, as the measure_one_active key demands),
 * evaluations for 40 % of the measures, steps for 15 % of them, 5 bright
 * spots, 2 notes, 1 meeting, 10 audit rows (the application's actions:
 * create-log, add-concern, view-log, ...); a read grant for 5 % of the
 * logs; 10 % of the logs passive; 60 % level 1.
 * Children are 0-18 years old and have unique synthetic national identity
 * numbers (Skatteetaten style, month + 80).  Logs are spread over the 5
 * demo units and UNITS generated ones (unit-0001, ...), held by staff of
 * their unit: STAFF generated staff (staff-00001, ...) plus the demo
 * users of conf/demo/fjordvik.ldif.
 *
 * Logs LOGS + 2 and LOGS + 3 are the big logs, held like the benchmark
 * log but with 30 concerns, 90 active measures (30 evaluated), 300 bright
 * spots, 24 notes and 3 meetings; LOGS + 3 has been read 100,000 times
 * more (its audit trail), by the holder and the actors.
 * Fjordvik skole gets every BIG_UNIT_EVERY-th log on top of its random
 * share: about 2,000 logs at 300,000, the unit whose leader (per.lund)
 * opens the overview in the benchmark.
 *
 * Log LOGS + 1 is the benchmark log: held by ola.berg in
 * solbakken-barnehage, active, level 1, with exactly 5 concerns, 15
 * active measures (service, home and child for each concern), 5
 * evaluations, 20 bright spots, 4 notes, 1 meeting, 1 read grant (to
 * jonas.moe), 2 guardians who have logged in, and 300 staff and 10
 * family reads in its audit trail.
 *
 * All names, numbers and texts are invented.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nin.h"
#include "util.h"

#define LDAP_BASE	"dc=fjordvik,dc=kommune,dc=no"
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define DAY		86400LL
#define MAX_CONCERNS	32
#define MAX_MEASURES	96
#define MAX_EVENTS	512

/* ------------------------------------------------------------------ */
/* Word lists.                                                          */

static const char *const girls[] = {
	"Emma", "Nora", "Sofie", "Ella", "Olivia", "Ada", "Sara", "Ingrid",
	"Frida", "Maja", "Leah", "Astrid", "Hedda", "Selma", "Aurora",
	"Tiril", "Mathilde", "Vilde", "Amalie", "Åse", "Sunniva", "Marte",
	"Ylva", "Aisha", "Fatima", "Amina", "Signe", "Tuva", "Eli", "Live",
	"Marie", "Hanna", "Linnea", "Mia", "Solveig", "Thea", "Jenny",
	"Kaja", "Iman", "Zahra", "Helin", "Rahel", "Birgitte", "Gunhild",
};

static const char *const boys[] = {
	"Jakob", "Noah", "Emil", "Lucas", "Oliver", "Filip", "William",
	"Isak", "Aksel", "Henrik", "Magnus", "Sander", "Tobias", "Mathias",
	"Kasper", "Ole", "Håkon", "Bjørn", "Sindre", "Even", "Mohammed",
	"Ali", "Omar", "Yonas", "Johannes", "Elias", "Theodor", "Ludvig",
	"Mikkel", "Sigurd", "Torstein", "Vetle", "Jonas", "Martin", "Adam",
	"Yusuf", "Liam", "Olav", "Eirik", "Ørjan", "Kristoffer", "Tor",
};

static const char *const surnames[] = {
	"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen",
	"Nilsen", "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen",
	"Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
	"Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund",
	"Sørensen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
	"Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken",
	"Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Lunde",
	"Solheim", "Berge", "Nygård", "Bakke", "Fredriksen", "Holm", "Lien",
	"Hauge", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Ahmed",
	"Haugland", "Thomassen", "Sandvik", "Rønning", "Næss", "Vik",
	"Ellingsen", "Birkeland", "Isaksen", "Ruud", "Strøm", "Myklebust",
	"Tangen", "Ødegård", "Helland", "Bøe", "Aune", "Tveit", "Brekke",
	"Øvrebø", "Abdi", "Hussain", "Kowalski", "Tesfay", "Mehmeti",
	"Lindqvist", "Grønli-Hauge",
};

static const char *const places[] = {
	"Nordby", "Sørbø", "Østli", "Vestre Lia", "Bakkeli", "Furuhaugen",
	"Granly", "Eikeli", "Lindheim", "Holt", "Strandvik", "Åsen",
	"Bergtun", "Dalheim", "Fjellheim", "Havstad", "Kleiva", "Lunden",
	"Myra", "Nesset", "Odden", "Rognan", "Sletta", "Tjønna", "Ura",
	"Vika", "Øra", "Åkre", "Breivik", "Haugen", "Kvamme", "Leite",
	"Moheim", "Nyheim", "Rud", "Skogly", "Tunet", "Vollen", "Ødegården",
	"Ørnes",
};

static const char *const unit_kinds[] = {
	"barnehage", "skole", "helsestasjon", "oppvekstsenter",
	"ungdomsskole",
};

static const char *const streets[] = {
	"Storgata", "Fjordveien", "Skolebakken", "Kirkeveien", "Bjørkelia",
	"Solbakken", "Havnegata", "Lia", "Granstien", "Øvre Bakke",
	"Nordre gate", "Møllevegen", "Åsvegen", "Eikelundvegen",
};

static const char *const concern_texts[] = {
	"Barnet har vansker med å komme i gang med oppgaver og trenger mye"
	" voksenstøtte.",
	"Foresatte forteller om uro ved legging og lite søvn.",
	"Fraværet har økt de siste månedene, særlig på mandager.",
	"Trekker seg unna lek med andre barn på uteområdet.",
	"Språket er forsinket sammenlignet med jevnaldrende; bruker korte"
	" setninger.",
	"Blir lett frustrert og har flere utbrudd i uka.",
	"Strever med finmotorikk: blyantgrep, klipping og påkledning.",
	"Virker trist og sliten og sier lite om hvordan det går.",
	"Konflikter i friminuttene, ofte knyttet til regler i lek.",
	"Familien er i en krevende situasjon etter et samlivsbrudd.",
	"Har vansker med å holde oppmerksomheten i samlingsstund og"
	" undervisning.",
	"Ønsker selv hjelp til å få bedre struktur på skolearbeidet.",
};

static const char *const goal_texts[] = {
	"Delta aktivt i samlingsstund minst fire av fem dager.",
	"Møte på skolen hver dag, med høyst to fraværsdager i måneden.",
	"Bruke hele setninger i samtale med voksne og barn.",
	"Ha en fast venn å leke med i friminuttene.",
	"Færre og kortere utbrudd; finne ro med avtalte strategier.",
	"Kle på seg selv før utetid.",
	"Sove gjennom natten de fleste netter.",
	"Gjøre lekser med støtte hjemme tre dager i uka.",
};

static const char *const maintaining_texts[] = {
	"Mange voksne å forholde seg til i løpet av dagen.",
	"Uforutsigbare overganger mellom aktiviteter.",
	"Lite søvn og sene kvelder.",
	"Høyt støynivå i garderoben og på basen.",
	"Usikkerhet hjemme etter flytting.",
	"Unngåelse forsterkes når kravene blir lempet.",
	"Få faste venner i klassen.",
};

static const char *const service_texts[] = {
	"Ukentlige samtaler med helsesykepleier.",
	"Fast voksen tar imot ved ankomst hver morgen.",
	"Språkgruppe to ganger i uka med spesialpedagog.",
	"Visuell dagsplan på pulten.",
	"Observasjon i lek og tilbakemelding til personalet.",
	"Kartlegging hos PPT.",
	"Ergoterapeut veileder personalet om finmotorikk.",
	"Tett dialog mellom lærer og foresatte via ukeplanen.",
	"Pause med bevegelse hvert tjuende minutt.",
	"Vennegruppe med miljøterapeut en gang i uka.",
};

static const char *const home_texts[] = {
	"Fast leggetid kl. 20 og skjermfri siste time.",
	"Foresatte leser med barnet 15 minutter hver kveld.",
	"Foresatte følger barnet til skolen de neste fire ukene.",
	"Felles frokost hjemme før skolen.",
	"Foresatte gir tilbakemelding i kontaktboka hver fredag.",
	"Avtale lek med en venn hjemme en gang i uka.",
};

static const char *const child_texts[] = {
	"Bruker «stopp – tenk – gjør»-kortet når det blir vanskelig.",
	"Sier fra til fast voksen når noe er vanskelig.",
	"Krysser av på dagtavla når en oppgave er gjort.",
	"Øver på knapper og glidelås hjemme og i barnehagen.",
	"Velger selv en pauseaktivitet fra lista.",
};

static const char *const step_texts[] = {
	"Avtale oppstart med foresatte.",
	"Informere personalet på basen.",
	"Lage dagtavle sammen med barnet.",
	"Evaluere etter fire uker.",
	"Justere tiltaket ved behov.",
};

static const char *const family_texts[] = {
	"Foresatte opplever at det går bedre hjemme.",
	"Foresatte ser liten endring og vil prøve noe annet.",
	"Barnet sier selv at det er lettere nå.",
	"Familien ønsker å fortsette som nå.",
	"Foresatte er usikre og vil vente med å konkludere.",
};

/* Bright spots: one %s, the child's first name. */
static const char *const bright_texts[] = {
	"%s hjalp en yngre elev i garderoben i dag.",
	"%s var med og spilte fotball hele friminuttet.",
	"%s fortalte en lang historie i samlingsstunden!",
	"%s kledde på seg selv uten hjelp.",
	"%s fikk til alle gangestykkene på prøven.",
	"%s lo og lekte med to nye venner.",
	"%s kom presis hele uka.",
	"%s tok initiativ til å rydde etter formingen.",
	"%s sa fra selv da det ble for mye, og tok en pause.",
	"%s viste stor glede da vi gikk tur i skogen.",
};

/* Notes; the last two exercise the escaping of LF, TAB and backslash. */
static const char *const note_texts[] = {
	"Samtale med foresatte om søvn og rutiner. Ny samtale om tre uker.",
	"Telefon fra foresatte: barnet har vært sykt og kommer mandag.",
	"Drøftet anonymt med PPT, som anbefaler kartlegging.",
	"Observasjon i frilek: deltar mer enn før.",
	"Foresatte ønsker ikke kontakt med barnevernet nå.",
	"Referat fra samarbeidsmøtet:\n- tiltakene fortsetter\n- neste"
	" møte avtales med helsestasjonen",
	"Skannet kopi: K:\\Skanner\\2024\\samtykke.pdf\t(papir i arkivet)",
};

static const char *const meeting_places[] = {
	"Møterom 1, Fjordvik skole", "Personalrommet, Solbakken barnehage",
	"Fjordvik helsestasjon", "Digitalt møte", "PPT, 2. etasje i rådhuset",
};

static const char *const consent_scopes[] = {
	"Samarbeid mellom barnehage, helsestasjon og PPT om tiltakene i"
	" stafettloggen.",
	"Skole, PPT og barneverntjenesten kan dele opplysninger i"
	" stafettloggen.",
	"Deling av opplysninger med tjenestene som står i loggen.",
};

/* The demo units and users of conf/demo/fjordvik.ldif. */
static const struct {
	const char	*id, *name;
} demo_units[] = {
	{ "solbakken-barnehage", "Solbakken barnehage" },
	{ "fjordvik-skole", "Fjordvik skole" },
	{ "fjordvik-helsestasjon", "Fjordvik helsestasjon" },
	{ "ppt", "PPT Fjordvik" },
	{ "barnevern", "Barneverntjenesten i Fjordvik" },
};

static const struct {
	const char	*uid, *name;
	int		 unit1, unit2;	/* index in demo_units, -1: none */
	int		 leader, admin;
} demo_users[] = {
	{ "kari.holm", "Kari Holm", 0, -1, 1, 0 },
	{ "ola.berg", "Ola Berg", 0, -1, 0, 0 },
	{ "ingrid.dahl", "Ingrid Dahl", 1, -1, 0, 0 },
	{ "per.lund", "Per Lund", 1, -1, 1, 0 },
	{ "ase.ovrebo", "Åse Øvrebø", 2, -1, 0, 0 },
	{ "jonas.moe", "Jonas Moe", 3, -1, 0, 0 },
	{ "sofie.strand", "Sofie Strand", 4, -1, 1, 0 },
	{ "even.nilsen", "Even Nilsen", -1, -1, 0, 1 },
	{ "lise.ahmadi", "Lise Ahmadi", 0, 2, 0, 0 },
};

/* ------------------------------------------------------------------ */
/* Random numbers: xoshiro256** seeded through splitmix64.              */

static uint64_t rs[4];

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rnd_seed(uint64_t seed)
{
	int	 i;

	for (i = 0; i < 4; i++)
		rs[i] = splitmix(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rnd(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;

	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

/* Uniform in [0, n); n > 0. */
static uint32_t
rnd_below(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]; lo <= hi. */
static long long
rnd_range(long long lo, long long hi)
{
	return lo + (long long)((rnd() >> 11) % (uint64_t)(hi - lo + 1));
}

static int
chance(double p)
{
	return (double)(rnd() >> 11) * 0x1.0p-53 < p;
}

#define PICK(a)	((a)[rnd_below(NELEM(a))])

/* ------------------------------------------------------------------ */
/* Calendar: days since 1970-01-01 (proleptic Gregorian, UTC).          */

static long long
days_from_civil(int y, int m, int d)
{
	long long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long long z, int *y, int *m, int *d)
{
	long long	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ------------------------------------------------------------------ */
/* Output: one buffered TSV writer per table.                           */

enum tbl {
	T_UNIT, T_STAFF, T_STAFF_UNIT, T_LOG, T_GUARDIAN, T_CONSENT,
	T_CONCERN, T_MEASURE, T_STEP, T_EVAL, T_BRIGHT, T_NOTE, T_MEETING,
	T_GRANT, T_GRANT_ITEM, T_PERSON, T_AUDIT, T__COUNT
};

struct table {
	const char		*name;
	const char		*mode;	/* "IGNORE" or "-" */
	const char		*cols;
	FILE			*f;
	unsigned long long	 rows;
	int			 ncol, want;
	size_t			 len;
	char			 buf[1 << 16];
};

/* In load order (parents before children). */
static struct table tables[T__COUNT] = {
	[T_UNIT] = { "unit", "IGNORE", "id,dn,name,updated_at" },
	[T_STAFF] = { "staff", "IGNORE", "uid,dn,name,mail,phone,lang,"
	    "is_leader,is_admin,last_login,created_at" },
	[T_STAFF_UNIT] = { "staff_unit", "IGNORE", "uid,unit_id,role" },
	[T_LOG] = { "log", "-", "id,nin,active_nin,child_name,birth_date,"
	    "address,unit_id,holder_uid,level,status,created_at,created_by" },
	[T_GUARDIAN] = { "guardian", "-", "id,log_id,name,email,phone,nin" },
	[T_CONSENT] = { "consent", "-", "id,log_id,given_by,given_by_name,"
	    "given_at,scope,expires_at,attachment_id,created_at,created_by,"
	    "withdrawn_at" },
	[T_CONCERN] = { "concern", "-", "id,log_id,category_id,description,"
	    "goal,maintaining,discussed_leader,discussed_guardians,"
	    "discussed_child,registered_at,status,created_at,created_by,"
	    "updated_at" },
	[T_MEASURE] = { "measure", "-", "id,log_id,concern_id,text,kind,"
	    "actor_kind,actor_uid,actor_guardian,active_actor,start_date,"
	    "evaluate_by,status,replaces_id,created_at,created_by,"
	    "text_changed_at" },
	[T_STEP] = { "measure_step", "-", "id,measure_id,pos,text" },
	[T_EVAL] = { "evaluation", "-", "measure_id,log_id,effective,"
	    "family_view,decision,created_at,created_by" },
	[T_BRIGHT] = { "bright_spot", "-", "id,log_id,author_uid,"
	    "author_name,text,created_at,updated_at" },
	[T_NOTE] = { "note", "-", "id,log_id,concern_id,author_uid,"
	    "author_name,text,private,attachment_id,created_at" },
	[T_MEETING] = { "meeting", "-", "id,log_id,at,place,participants,"
	    "agenda,created_at,created_by" },
	[T_GRANT] = { "read_grant", "-", "id,log_id,uid,scope,history,"
	    "expires_at,created_at,created_by,revoked_at" },
	[T_GRANT_ITEM] = { "read_grant_item", "-", "grant_id,item_id" },
	/* guardians who have logged in with ID-porten (sql/004) */
	[T_PERSON] = { "person", "IGNORE", "pid,name,lang,last_login,"
	    "created_at" },
	/* no id: the audit table numbers its rows itself */
	[T_AUDIT] = { "audit", "-", "at,uid,action,log_id,object,detail,"
	    "remote" },
};

static const char *outdir;

static void __attribute__((noreturn, format(printf, 1, 2)))
fatal(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "generate: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
path_in_outdir(char *dst, size_t size, const char *name)
{
	if (bsnprintf(dst, size, "%s/%s", outdir, name) != SL_OK)
		fatal("path too long: %s/%s", outdir, name);
}

static void
tbl_flush(struct table *t)
{
	if (t->len > 0 && fwrite(t->buf, 1, t->len, t->f) != t->len)
		fatal("writing %s.tsv: %s", t->name, strerror(errno));
	t->len = 0;
}

static void
tbl_put(struct table *t, const char *s, size_t n)
{
	if (t->len + n > sizeof(t->buf)) {
		tbl_flush(t);
		if (n > sizeof(t->buf)) {
			if (fwrite(s, 1, n, t->f) != n)
				fatal("writing %s.tsv: %s", t->name,
				    strerror(errno));
			return;
		}
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
}

static void
col_sep(struct table *t)
{
	if (t->ncol++ > 0)
		tbl_put(t, "\t", 1);
}

static void
col_null(struct table *t)
{
	col_sep(t);
	tbl_put(t, "\\N", 2);
}

/* A string column, escaped for LOAD DATA; NULL gives \N. */
static void
col_str(struct table *t, const char *s)
{
	const char	*p, *run;

	if (s == NULL) {
		col_null(t);
		return;
	}
	col_sep(t);
	for (run = p = s; *p != '\0'; p++) {
		const char *esc = NULL;

		switch (*p) {
		case '\\':
			esc = "\\\\";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		default:
			continue;
		}
		tbl_put(t, run, (size_t)(p - run));
		tbl_put(t, esc, 2);
		run = p + 1;
	}
	tbl_put(t, run, (size_t)(p - run));
}

static void
col_ll(struct table *t, long long v)
{
	char		 tmp[24];
	char		*p = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	col_sep(t);
	tbl_put(t, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* v > 0: the id; 0: NULL. */
static void
col_id(struct table *t, long long v)
{
	if (v > 0)
		col_ll(t, v);
	else
		col_null(t);
}

static void __attribute__((format(printf, 2, 3)))
col_fmt(struct table *t, const char *fmt, ...)
{
	char	 tmp[2048];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		fatal("%s: value too long", t->name);
	col_str(t, tmp);
}

static void
col_date(struct table *t, long long days)
{
	int	 y, m, d;

	civil_from_days(days, &y, &m, &d);
	col_fmt(t, "%04d-%02d-%02d", y, m, d);
}

static void
col_dt(struct table *t, long long secs)
{
	int		 y, m, d;
	long long	 s = secs % DAY;

	civil_from_days(secs / DAY, &y, &m, &d);
	col_fmt(t, "%04d-%02d-%02d %02lld:%02lld:%02lld", y, m, d,
	    s / 3600, s / 60 % 60, s % 60);
}

/* secs > 0: a DATETIME; 0: NULL. */
static void
col_dt0(struct table *t, long long secs)
{
	if (secs > 0)
		col_dt(t, secs);
	else
		col_null(t);
}

static void
col_dtms(struct table *t, long long ms)
{
	int		 y, m, d;
	long long	 s = ms / 1000 % DAY;

	civil_from_days(ms / 1000 / DAY, &y, &m, &d);
	col_fmt(t, "%04d-%02d-%02d %02lld:%02lld:%02lld.%03lld", y, m, d,
	    s / 3600, s / 60 % 60, s % 60, ms % 1000);
}

static void
row_end(struct table *t)
{
	if (t->ncol != t->want)
		fatal("%s: row %llu has %d columns, want %d", t->name,
		    t->rows + 1, t->ncol, t->want);
	tbl_put(t, "\n", 1);
	t->rows++;
	t->ncol = 0;
}

static void
tables_open(void)
{
	char		 path[4096], file[128];
	const char	*c;
	size_t		 i;

	for (i = 0; i < T__COUNT; i++) {
		struct table *t = &tables[i];

		t->want = 1;
		for (c = t->cols; *c != '\0'; c++)
			t->want += *c == ',';
		if (bsnprintf(file, sizeof(file), "%s.tsv", t->name) != SL_OK)
			fatal("table name too long");
		path_in_outdir(path, sizeof(path), file);
		if ((t->f = fopen(path, "w")) == NULL)
			fatal("%s: %s", path, strerror(errno));
	}
}

static void
tables_close(void)
{
	size_t	 i;

	for (i = 0; i < T__COUNT; i++) {
		tbl_flush(&tables[i]);
		if (fclose(tables[i].f) != 0)
			fatal("closing %s.tsv: %s", tables[i].name,
			    strerror(errno));
		tables[i].f = NULL;
	}
}

static FILE *
open_out(const char *name)
{
	char	 path[4096];
	FILE	*f;

	path_in_outdir(path, sizeof(path), name);
	if ((f = fopen(path, "w")) == NULL)
		fatal("%s: %s", path, strerror(errno));
	return f;
}

static void
close_out(FILE *f, const char *name)
{
	if (ferror(f) || fclose(f) != 0)
		fatal("writing %s/%s failed", outdir, name);
}

/* ------------------------------------------------------------------ */
/* The world: units, staff, identity numbers, clock.                    */

struct unit {
	char		 id[32];
	char		 name[96];
	int		*staff;		/* indices into staff[] */
	int		 nstaff, cap;
};

struct staff {
	char		 uid[32];
	char		 name[96];
	int		 unit;		/* home unit, -1 for none */
	int		 leader, admin;
};

static struct unit	*units;
static int		 nunits;
static struct staff	*staff;
static int		 nstaff;

static long long	 now_s;		/* reference date 00:00 UTC */
static long long	 ref_day;	/* the same in days */
static long long	 window_s;	/* start of the 3-year window */

/*
 * Identity numbers are handed out per birth day: children are 0-18 years
 * old on the reference date, guardians born 1965-1999.
 */
struct ninpool {
	long long	 lo, hi;	/* birth days */
	short		*next;		/* next individual number per day */
};
static struct ninpool	 children, adults;

static void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n, size)) == NULL)
		fatal("out of memory");
	return p;
}

static void
unit_add_staff(struct unit *u, int s)
{
	if (u->nstaff == u->cap) {
		int *n;

		u->cap = u->cap ? 2 * u->cap : 32;
		if ((n = reallocarray(u->staff, (size_t)u->cap,
		    sizeof(*n))) == NULL)
			fatal("out of memory");
		u->staff = n;
	}
	u->staff[u->nstaff++] = s;
}

static void
set_str(char *dst, size_t size, const char *src)
{
	if (bsnprintf(dst, size, "%s", src) != SL_OK)
		fatal("string too long: %s", src);
}

static void
person_name(char *dst, size_t size, int girl, const char *last)
{
	const char	*first = girl ? PICK(girls) : PICK(boys);

	if (last == NULL)
		last = PICK(surnames);
	if (bsnprintf(dst, size, "%s %s", first, last) != SL_OK)
		fatal("name too long");
}

static void
world_make(int ngen_units, int ngen_staff)
{
	int	 i, s;

	nunits = (int)NELEM(demo_units) + ngen_units;
	units = xcalloc((size_t)nunits, sizeof(*units));
	for (i = 0; i < (int)NELEM(demo_units); i++) {
		set_str(units[i].id, sizeof(units[i].id), demo_units[i].id);
		set_str(units[i].name, sizeof(units[i].name),
		    demo_units[i].name);
	}
	for (i = 0; i < ngen_units; i++) {
		struct unit *u = &units[NELEM(demo_units) + (size_t)i];
		int p = i % (int)NELEM(places);
		int k = i / (int)NELEM(places) % (int)NELEM(unit_kinds);

		if (bsnprintf(u->id, sizeof(u->id), "unit-%04d", i + 1) !=
		    SL_OK)
			fatal("unit id too long");
		if (i < (int)(NELEM(places) * NELEM(unit_kinds)))
			(void)bsnprintf(u->name, sizeof(u->name), "%s %s",
			    places[p], unit_kinds[k]);
		else
			(void)bsnprintf(u->name, sizeof(u->name), "%s %s %d",
			    places[p], unit_kinds[k],
			    i / (int)(NELEM(places) * NELEM(unit_kinds)) + 1);
	}

	nstaff = ngen_staff + (int)NELEM(demo_users);
	staff = xcalloc((size_t)nstaff, sizeof(*staff));
	for (i = 0; i < ngen_staff; i++) {
		struct staff *p = &staff[i];

		if (bsnprintf(p->uid, sizeof(p->uid), "staff-%05d", i + 1) !=
		    SL_OK)
			fatal("staff uid too long");
		person_name(p->name, sizeof(p->name), chance(0.75), NULL);
		p->unit = i % nunits;
		/* the first staff member of each unit leads it */
		p->leader = i < nunits;
		unit_add_staff(&units[p->unit], i);
	}
	for (i = 0; i < (int)NELEM(demo_users); i++) {
		struct staff *p = &staff[ngen_staff + i];

		s = ngen_staff + i;
		set_str(p->uid, sizeof(p->uid), demo_users[i].uid);
		set_str(p->name, sizeof(p->name), demo_users[i].name);
		p->unit = demo_users[i].unit1;
		p->leader = demo_users[i].leader;
		p->admin = demo_users[i].admin;
		if (demo_users[i].unit1 >= 0)
			unit_add_staff(&units[demo_users[i].unit1], s);
		if (demo_users[i].unit2 >= 0)
			unit_add_staff(&units[demo_users[i].unit2], s);
	}
	for (i = 0; i < nunits; i++)
		if (units[i].nstaff == 0)
			fatal("unit %s has no staff: use more staff (-S)",
			    units[i].id);
}

static int
staff_index(const char *uid)
{
	int	 i;

	for (i = nstaff - 1; i >= 0; i--)
		if (strcmp(staff[i].uid, uid) == 0)
			return i;
	fatal("no staff member %s", uid);
}

static int
unit_index(const char *id)
{
	int	 i;

	for (i = 0; i < nunits; i++)
		if (strcmp(units[i].id, id) == 0)
			return i;
	fatal("no unit %s", id);
}

static void
write_world(int ngen_staff)
{
	struct table	*u = &tables[T_UNIT], *s = &tables[T_STAFF];
	struct table	*su = &tables[T_STAFF_UNIT];
	int		 i;

	for (i = 0; i < nunits; i++) {
		col_str(u, units[i].id);
		col_fmt(u, "cn=%s,ou=units," LDAP_BASE, units[i].id);
		col_str(u, units[i].name);
		col_dt(u, window_s);
		row_end(u);
	}
	for (i = 0; i < nstaff; i++) {
		struct staff *p = &staff[i];
		int demo = i >= ngen_staff;

		col_str(s, p->uid);
		col_fmt(s, "uid=%s,ou=people," LDAP_BASE, p->uid);
		col_str(s, p->name);
		col_fmt(s, "%s@fjordvik.kommune.no", p->uid);
		col_null(s);
		col_null(s);
		col_ll(s, p->leader);
		col_ll(s, p->admin);
		if (demo)
			col_null(s);
		else
			col_dt(s, now_s - rnd_range(DAY, 60 * DAY));
		col_dt(s, window_s - rnd_range(0, 365 * DAY));
		row_end(s);
		/* the demo users' units come from the directory at login */
		if (demo)
			continue;
		col_str(su, p->uid);
		col_str(su, units[p->unit].id);
		col_str(su, p->leader ? "leader" : "staff");
		row_end(su);
	}
}

static void
nin_setup(void)
{
	int	 y, m, d;

	civil_from_days(ref_day, &y, &m, &d);
	/* born after the reference date 19 years ago: at most 18 */
	children.lo = days_from_civil(y - 19, m, d) + 1;
	if (m == 2 && d == 29)
		children.lo = days_from_civil(y - 19, 3, 1);
	/* at least 30 days old, so the log can come after the birth */
	children.hi = ref_day - 30;
	children.next = xcalloc((size_t)(children.hi - children.lo + 1),
	    sizeof(*children.next));
	adults.lo = days_from_civil(1965, 1, 1);
	adults.hi = days_from_civil(1999, 12, 31);
	adults.next = xcalloc((size_t)(adults.hi - adults.lo + 1),
	    sizeof(*adults.next));
}

/*
 * A unique synthetic number for someone born on a random day of the
 * pool; *birth gets the day.  The individual numbers of a day are
 * handed out in order from the start of the birth year's series.
 */
static void
nin_alloc(struct ninpool *pool, char out[12], long long *birth)
{
	long long	 span = pool->hi - pool->lo + 1, day, tries;
	int		 y, m, d, lo, ind;

	day = pool->lo + (long long)rnd_below((uint32_t)span);
	for (tries = 0; tries < span; tries++) {
		civil_from_days(day, &y, &m, &d);
		lo = y >= 2000 ? 500 : 0;
		while ((ind = lo + pool->next[day - pool->lo]) <= lo + 499) {
			pool->next[day - pool->lo]++;
			if (nin_synthetic(y, m, d, ind, out) == SL_OK) {
				*birth = day;
				return;
			}
		}
		day = day == pool->hi ? pool->lo : day + 1;
	}
	fatal("no identity numbers left: too many logs for the age range");
}

/* A random second in [lo, now - 60]; lo when that is empty. */
static long long
after(long long lo)
{
	if (lo >= now_s - 120)
		return lo;
	return rnd_range(lo, now_s - 60);
}

/* ------------------------------------------------------------------ */
/* One log and everything in it.                                        */

enum { K_SERVICE, K_HOME, K_CHILD };
enum { S_ACTIVE, S_ENDED, S_CORRECTED };

static const char *const kind_names[] = { "service", "home", "child" };
static const char *const actor_kinds[] = { "staff", "guardian", "child" };
static const char *const mstatus_names[] = { "active", "ended", "corrected" };

struct measure {
	long long	 id, concern_id, replaces, created;
	int		 concern;	/* index in the log */
	int		 kind, status, actor_staff;
	long long	 actor_guardian;
	char		 key[64];	/* active_actor when active */
	const char	*text;
};

struct event {
	long long	 ms;
	const char	*action, *detail;
	int		 staff;		/* -1: the guardian in family */
	int		 family;
	char		 object[40];
};

/* Counters: the next id of each table. */
static long long next_guardian = 1, next_consent = 1, next_concern = 1,
    next_measure = 1, next_step = 1, next_bright = 1, next_note = 1,
    next_meeting = 1, next_grant = 1;

struct plan {
	int		 bench;		/* the fixed benchmark log */
	int		 unit, holder;
	int		 active;
	int		 nguardian, nconcern, nmeasure, nbright, nnote;
	int		 nmeeting, ngrant, nview;
	long long	 nmore_views;	/* views beyond the event list */
};

struct logstate {
	long long	 id, created, birth;
	char		 nin[12], first[32], name[96];
	const char	*last;
	int		 girl, age;
	long long	 gid[2];
	char		 gname[2][96];
	char		 gnin[2][12];	/* "" when not known */
	int		 gperson[2];	/* has logged in: a person row */
	long long	 cid[MAX_CONCERNS], ccreated[MAX_CONCERNS];
	int		 cclosed[MAX_CONCERNS], ccat[MAX_CONCERNS];
	struct measure	 m[MAX_MEASURES];
	struct event	 ev[MAX_EVENTS];
	int		 nev;
};

/* An audit row as the application writes it (object "KIND:ID"). */
static void
event_add(struct logstate *ls, long long secs, const char *action,
    int s, const char *objkind, long long objid, const char *detail)
{
	struct event	*e;

	if (ls->nev == MAX_EVENTS)
		fatal("more than %d audit rows for log %lld", MAX_EVENTS,
		    ls->id);
	e = &ls->ev[ls->nev++];
	e->ms = secs * 1000 + rnd_range(0, 999);
	e->action = action;
	e->detail = detail;
	e->staff = s;
	e->family = 0;
	e->object[0] = '\0';
	if (objkind != NULL && bsnprintf(e->object, sizeof(e->object),
	    "%s:%lld", objkind, objid) != SL_OK)
		fatal("audit object too long");
}

/* A guardian (index g of the log) reads the log. */
static void
event_add_family(struct logstate *ls, long long secs, int g)
{
	event_add(ls, secs, "view-log", -1, NULL, 0, "guardian");
	ls->ev[ls->nev - 1].family = g;
}

static int
event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	return x->ms < y->ms ? -1 : x->ms > y->ms;
}

/* A staff member to act: the holder, someone in the unit, or anyone. */
static int
pick_actor(const struct plan *p)
{
	const struct unit	*u = &units[p->unit];

	if (chance(0.4))
		return p->holder;
	if (chance(0.5))
		return u->staff[rnd_below((uint32_t)u->nstaff)];
	return (int)rnd_below((uint32_t)nstaff);
}

static void
gen_child(struct logstate *ls, const struct plan *p)
{
	struct table	*t = &tables[T_LOG];
	int		 y, m, d, ry, rm, rd;
	long long	 lo;

	/* the benchmark child is over a year old: its log is 200 days old */
	do
		nin_alloc(&children, ls->nin, &ls->birth);
	while (p->bench && ls->birth > ref_day - 400);
	/* third digit of the individual number: odd for boys */
	ls->girl = (ls->nin[8] - '0') % 2 == 0;
	set_str(ls->first, sizeof(ls->first),
	    ls->girl ? PICK(girls) : PICK(boys));
	ls->last = PICK(surnames);
	if (chance(0.1)) {
		(void)bsnprintf(ls->name, sizeof(ls->name), "%s %s %s",
		    ls->first, ls->girl ? PICK(girls) : PICK(boys), ls->last);
	} else
		(void)bsnprintf(ls->name, sizeof(ls->name), "%s %s",
		    ls->first, ls->last);
	civil_from_days(ls->birth, &y, &m, &d);
	civil_from_days(ref_day, &ry, &rm, &rd);
	ls->age = ry - y - (rm < m || (rm == m && rd < d));

	lo = (ls->birth + 14) * DAY;
	if (lo < window_s)
		lo = window_s;
	ls->created = p->bench ? now_s - 200 * DAY + rnd_range(0, DAY) :
	    rnd_range(lo, now_s - DAY);

	col_ll(t, ls->id);
	col_str(t, ls->nin);
	col_str(t, p->active ? ls->nin : NULL);
	col_str(t, ls->name);
	col_date(t, ls->birth);
	col_fmt(t, "%s %d, 68%02d Fjordvik", PICK(streets),
	    (int)rnd_range(1, 120), (int)rnd_range(0, 99));
	col_str(t, units[p->unit].id);
	col_str(t, staff[p->holder].uid);
	col_ll(t, p->bench ? 1 : chance(0.6) ? 1 : chance(0.75) ? 2 : 3);
	col_str(t, p->active ? "active" : "passive");
	col_dt(t, ls->created);
	col_str(t, staff[p->holder].uid);
	row_end(t);
	event_add(ls, ls->created, "create-log", p->holder, NULL, 0, NULL);
}

static void
gen_guardians_consent(struct logstate *ls, const struct plan *p)
{
	struct table	*g = &tables[T_GUARDIAN], *c = &tables[T_CONSENT];
	struct table	*pe = &tables[T_PERSON];
	char		 who[256];
	long long	 at, gbirth, seen;
	int		 i, youth;

	for (i = 0; i < p->nguardian; i++) {
		ls->gid[i] = next_guardian++;
		person_name(ls->gname[i], sizeof(ls->gname[i]), i == 0 ?
		    chance(0.6) : chance(0.4), chance(0.7) ? ls->last : NULL);
		col_ll(g, ls->gid[i]);
		col_ll(g, ls->id);
		col_str(g, ls->gname[i]);
		if (chance(0.8))
			col_fmt(g, "foresatt.%lld@eksempel.no", ls->gid[i]);
		else
			col_null(g);
		col_fmt(g, "%d%02d %02d %03d", chance(0.5) ? 4 : 9,
		    (int)rnd_range(0, 99), (int)rnd_range(0, 99),
		    (int)rnd_range(0, 999));
		/* known for most guardians: they log in with ID-porten */
		ls->gnin[i][0] = '\0';
		if (p->bench || chance(0.8)) {
			nin_alloc(&adults, ls->gnin[i], &gbirth);
			col_str(g, ls->gnin[i]);
		} else
			col_null(g);
		row_end(g);
		ls->gperson[i] = ls->gnin[i][0] != '\0' &&
		    (p->bench || chance(0.5));
		if (!ls->gperson[i])
			continue;
		seen = after(ls->created + DAY);
		col_str(pe, ls->gnin[i]);
		col_str(pe, ls->gname[i]);
		col_null(pe);
		col_dt(pe, after(seen));
		col_dt(pe, seen);
		row_end(pe);
	}

	youth = ls->age >= 15 && chance(0.5) && !p->bench;
	if (youth)
		set_str(who, sizeof(who), ls->name);
	else if (p->nguardian == 2)
		(void)bsnprintf(who, sizeof(who), "%s og %s", ls->gname[0],
		    ls->gname[1]);
	else
		set_str(who, sizeof(who), ls->gname[0]);
	at = after(ls->created);
	col_ll(c, next_consent);
	col_ll(c, ls->id);
	col_str(c, youth ? "youth" : "guardians");
	col_str(c, who);
	col_date(c, ls->created / DAY);
	col_str(c, PICK(consent_scopes));
	if (chance(0.5))
		col_date(c, ls->created / DAY + 365);
	else
		col_null(c);
	col_null(c);
	col_dt(c, ls->created + 600);
	col_str(c, staff[p->holder].uid);
	if (!p->active && chance(0.3))
		col_dt(c, at);
	else
		col_null(c);
	row_end(c);
	next_consent++;
}

static void
gen_concerns(struct logstate *ls, const struct plan *p)
{
	static const int bench_cats[] = { 1, 2, 3, 4, 6 };
	struct table	*t = &tables[T_CONCERN];
	long long	 created, updated;
	int		 i, closed;

	for (i = 0; i < p->nconcern; i++) {
		ls->cid[i] = next_concern++;
		ls->ccat[i] = p->bench ? bench_cats[i % 5] :
		    (int)rnd_range(1, 9);
		created = i == 0 ? ls->created + 900 :
		    after(ls->ccreated[i - 1]);
		if (p->bench)	/* the big log: 30 concerns in 180 days */
			created = ls->created + 900 + i *
			    (p->nconcern > 5 ? 6 : 7) * DAY;
		ls->ccreated[i] = created;
		closed = !p->active || (!p->bench && chance(0.15));
		ls->cclosed[i] = closed;
		updated = chance(0.3) ? after(created) : created;
		col_ll(t, ls->cid[i]);
		col_ll(t, ls->id);
		col_ll(t, ls->ccat[i]);
		if (chance(0.3))
			col_fmt(t, "%s\n%s", PICK(concern_texts),
			    PICK(concern_texts));
		else
			col_str(t, PICK(concern_texts));
		col_str(t, PICK(goal_texts));
		col_str(t, PICK(maintaining_texts));
		col_ll(t, chance(0.7));
		col_ll(t, chance(0.9));
		col_ll(t, ls->age >= 7 && chance(0.6));
		col_date(t, created / DAY);
		col_str(t, closed ? "closed" : "active");
		col_dt(t, created);
		col_str(t, staff[p->holder].uid);
		col_dt(t, updated);
		row_end(t);
		event_add(ls, created, "add-concern", p->holder, "concern",
		    ls->cid[i], NULL);
	}
}

static void
gen_measures(struct logstate *ls, const struct plan *p)
{
	static const char *const bench_staff[] = {
		"ola.berg", "kari.holm", "lise.ahmadi", "ase.ovrebo",
		"jonas.moe",
	};
	struct table	*t = &tables[T_MEASURE], *st = &tables[T_STEP];
	struct table	*ev = &tables[T_EVAL];
	struct measure	*m;
	int		 i, j, n, c, pos, nsteps, decision, who;
	long long	 start, at;

	for (i = 0; i < p->nmeasure; i++) {
		m = &ls->m[i];
		memset(m, 0, sizeof(*m));
		m->id = next_measure++;
		if (p->bench) {
			c = i / 3;
			m->kind = i % 3;
		} else {
			c = (int)rnd_below((uint32_t)p->nconcern);
			m->kind = chance(0.5) ? K_SERVICE :
			    chance(0.6) ? K_HOME : K_CHILD;
		}
		m->concern = c;
		m->concern_id = ls->cid[c];
		m->created = after(ls->ccreated[c] + 3600);
		m->actor_staff = -1;
		switch (m->kind) {
		case K_SERVICE:
			m->actor_staff = p->bench ?
			    staff_index(bench_staff[c % 5]) : pick_actor(p);
			(void)bsnprintf(m->key, sizeof(m->key), "staff:%s",
			    staff[m->actor_staff].uid);
			m->text = PICK(service_texts);
			break;
		case K_HOME:
			m->actor_guardian = ls->gid[p->bench ? c % 2 :
			    (int)rnd_below((uint32_t)p->nguardian)];
			(void)bsnprintf(m->key, sizeof(m->key),
			    "guardian:%lld", m->actor_guardian);
			m->text = PICK(home_texts);
			break;
		default:
			set_str(m->key, sizeof(m->key), "child");
			m->text = PICK(child_texts);
			break;
		}
		if (ls->cclosed[c])
			m->status = chance(0.95) ? S_ENDED : S_CORRECTED;
		else if (p->bench)
			m->status = S_ACTIVE;
		else
			m->status = chance(0.88) ? S_ACTIVE : chance(0.8) ?
			    S_ENDED : S_CORRECTED;
		if (m->status != S_ACTIVE)
			continue;
		/* one active measure per actor and concern: the newer wins */
		for (j = 0; j < i; j++) {
			struct measure *o = &ls->m[j];

			if (o->status == S_ACTIVE && o->concern == c &&
			    strcmp(o->key, m->key) == 0) {
				o->status = S_ENDED;
				m->replaces = o->id;
				if (m->created <= o->created)
					m->created = after(o->created + 60);
			}
		}
	}

	for (i = 0; i < p->nmeasure; i++) {
		m = &ls->m[i];
		start = m->created / DAY;
		col_ll(t, m->id);
		col_ll(t, ls->id);
		col_ll(t, m->concern_id);
		col_str(t, m->text);
		col_str(t, kind_names[m->kind]);
		col_str(t, actor_kinds[m->kind]);
		col_str(t, m->actor_staff >= 0 ?
		    staff[m->actor_staff].uid : NULL);
		col_id(t, m->actor_guardian);
		col_str(t, m->status == S_ACTIVE ? m->key : NULL);
		col_date(t, start);
		col_date(t, start + rnd_range(30, 180));
		col_str(t, mstatus_names[m->status]);
		col_id(t, m->replaces);
		col_dt(t, m->created);
		col_str(t, staff[p->holder].uid);
		col_dt0(t, chance(0.1) ? after(m->created) : 0);
		row_end(t);

		if (p->bench ? m->kind == K_SERVICE && i < 6 : chance(0.15)) {
			nsteps = (int)rnd_range(1, 3);
			for (pos = 1; pos <= nsteps; pos++) {
				col_ll(st, next_step++);
				col_ll(st, m->id);
				col_ll(st, pos);
				col_str(st, step_texts[(pos - 1 +
				    (int)rnd_below(3)) % NELEM(step_texts)]);
				row_end(st);
			}
		}

		if (p->bench ? m->kind == K_SERVICE : chance(0.4)) {
			if (m->status == S_CORRECTED)
				decision = 3;
			else if (m->status == S_ENDED)
				decision = chance(0.6) ? 2 : 1;
			else
				decision = chance(0.7) ? 0 : 1;
			at = after(m->created + 14 * DAY);
			who = m->actor_staff >= 0 && chance(0.5) ?
			    m->actor_staff : p->holder;
			col_ll(ev, m->id);
			col_ll(ev, ls->id);
			col_ll(ev, decision != 3 && chance(0.6));
			col_str(ev, PICK(family_texts));
			col_str(ev, (const char *const[]){ "continue",
			    "change", "end", "wrongly-registered" }[decision]);
			col_dt(ev, at);
			col_str(ev, staff[who].uid);
			row_end(ev);
		}
	}
	/* the first measure shows up in the audit trail */
	n = p->nmeasure < 1 ? p->nmeasure : 1;
	for (i = 0; i < n; i++)
		event_add(ls, ls->m[i].created, "add-measure", p->holder,
		    "measure", ls->m[i].id, NULL);
}

static void
gen_rest(struct logstate *ls, const struct plan *p)
{
	struct table	*b = &tables[T_BRIGHT], *n = &tables[T_NOTE];
	struct table	*mt = &tables[T_MEETING], *g = &tables[T_GRANT];
	struct table	*gi = &tables[T_GRANT_ITEM];
	long long	 at, created;
	int		 i, s, k, scope, nitems, nact, actors[MAX_MEASURES];

	for (i = 0; i < p->nbright; i++) {
		s = chance(0.5) ? p->holder : pick_actor(p);
		at = after(ls->created + DAY);
		col_ll(b, next_bright);
		col_ll(b, ls->id);
		col_str(b, staff[s].uid);
		col_str(b, staff[s].name);
		col_fmt(b, PICK(bright_texts), ls->first);
		col_dt(b, at);
		col_dt0(b, chance(0.1) ? after(at) : 0);
		row_end(b);
		if (i == 0)
			event_add(ls, at, "add-bright-spot", s, "bright-spot",
			    next_bright, NULL);
		next_bright++;
	}

	for (i = 0; i < p->nnote; i++) {
		s = chance(0.7) ? p->holder : pick_actor(p);
		col_ll(n, next_note++);
		col_ll(n, ls->id);
		col_id(n, chance(0.5) ?
		    ls->cid[rnd_below((uint32_t)p->nconcern)] : 0);
		col_str(n, staff[s].uid);
		col_str(n, staff[s].name);
		/* rarely the texts with LF, TAB and backslash */
		col_str(n, note_texts[chance(0.05) ? NELEM(note_texts) - 1 -
		    rnd_below(2) : rnd_below(NELEM(note_texts) - 2)]);
		col_ll(n, chance(0.1));
		col_null(n);
		col_dt(n, after(ls->created + DAY));
		row_end(n);
	}

	for (i = 0; i < p->nmeeting; i++) {
		created = after(ls->created + DAY);
		/* some meetings are still ahead */
		at = p->bench || (p->active && chance(0.2)) ?
		    now_s + rnd_range(2, 60) * DAY + 9 * 3600 :
		    after(created) / DAY * DAY + rnd_range(8, 15) * 3600;
		col_ll(mt, next_meeting);
		col_ll(mt, ls->id);
		col_dt(mt, at);
		col_str(mt, PICK(meeting_places));
		col_fmt(mt, "%s (foresatt), %s, %s", ls->gname[0],
		    staff[p->holder].name, staff[pick_actor(p)].name);
		col_str(mt, "Gjennomgang av tiltakene og evalueringene.\n"
		    "Nye bekymringer.\nNeste møte.");
		col_dt(mt, created);
		col_str(mt, staff[p->holder].uid);
		row_end(mt);
		event_add(ls, created, "add-meeting", p->holder, "meeting",
		    next_meeting, NULL);
		next_meeting++;
	}

	for (i = 0; i < p->ngrant; i++) {
		s = p->bench ? staff_index("jonas.moe") :
		    (int)rnd_below((uint32_t)nstaff);
		scope = p->bench ? 0 : chance(0.6) ? 0 : chance(0.5) ? 1 : 2;
		created = after(ls->created + DAY);
		col_ll(g, next_grant);
		col_ll(g, ls->id);
		col_str(g, staff[s].uid);
		col_str(g, (const char *const[]){ "all", "categories",
		    "concerns" }[scope]);
		col_str(g, chance(0.7) ? "all" : "active");
		col_date(g, created / DAY + 180 + (long long)rnd_below(365));
		col_dt(g, created);
		col_str(g, staff[p->holder].uid);
		col_dt0(g, !p->bench && chance(0.1) ? after(created) : 0);
		row_end(g);
		nitems = scope == 0 ? 0 : scope == 1 ? (int)rnd_range(1, 2) :
		    (p->nconcern < 2 ? 1 : 2);
		for (k = 0; k < nitems; k++) {
			col_ll(gi, next_grant);
			/* distinct: categories 1 and 2..9, concerns 0 and 1 */
			col_ll(gi, scope == 1 ? (k == 0 ? 1 :
			    rnd_range(2, 9)) : ls->cid[k]);
			row_end(gi);
		}
		event_add(ls, created, "add-grant", p->holder, "grant",
		    next_grant, NULL);
		next_grant++;
	}

	/* readers: the holder, or staff acting on a measure */
	for (nact = i = 0; i < p->nmeasure; i++)
		if (ls->m[i].actor_staff >= 0 &&
		    ls->m[i].actor_staff != p->holder)
			actors[nact++] = ls->m[i].actor_staff;
	for (i = 0; i < p->nview; i++) {
		s = nact == 0 || chance(0.6) ? p->holder :
		    actors[rnd_below((uint32_t)nact)];
		event_add(ls, after(ls->created), "view-log", s, NULL, 0,
		    s == p->holder ? "holder" : "actor");
	}
	/* and the guardians who log in */
	for (i = 0; i < p->nguardian; i++)
		for (k = p->bench ? 5 : (int)rnd_below(3); ls->gperson[i] &&
		    k > 0; k--)
			event_add_family(ls, after(ls->created + DAY), i);
}

/*
 * p->nmore_views more reads of the log, spread evenly over its life (the
 * log read 100,000 times): by the holder and the staff acting on it.
 */
static void
write_more_views(struct logstate *ls, const struct plan *p)
{
	struct table	*a = &tables[T_AUDIT];
	int		 actors[MAX_MEASURES], nact = 0, i, s;
	long long	 k, span = now_s - 60 - ls->created;

	for (i = 0; i < p->nmeasure; i++)
		if (ls->m[i].actor_staff >= 0 &&
		    ls->m[i].actor_staff != p->holder)
			actors[nact++] = ls->m[i].actor_staff;
	for (k = 0; k < p->nmore_views; k++) {
		s = nact == 0 || k % 10 < 6 ? p->holder :
		    actors[k % nact];
		col_dtms(a, (ls->created + span * k / p->nmore_views) * 1000 +
		    k % 1000);
		col_str(a, staff[s].uid);
		col_str(a, "view-log");
		col_ll(a, ls->id);
		col_null(a);
		col_str(a, s == p->holder ? "holder" : "actor");
		col_fmt(a, "10.%d.%d.%d", (int)rnd_range(20, 29),
		    (int)rnd_range(0, 255), (int)rnd_range(1, 254));
		row_end(a);
	}
}

static void
write_audit(struct logstate *ls, const struct plan *p)
{
	struct table	*a = &tables[T_AUDIT];
	int		 i;

	qsort(ls->ev, (size_t)ls->nev, sizeof(ls->ev[0]), event_cmp);
	for (i = 0; i < ls->nev; i++) {
		struct event *e = &ls->ev[i];

		col_dtms(a, e->ms);
		if (e->staff >= 0)
			col_str(a, staff[e->staff].uid);
		else
			col_fmt(a, "family:%s", ls->gnin[e->family]);
		col_str(a, e->action);
		col_ll(a, ls->id);
		col_str(a, e->object[0] != '\0' ? e->object : NULL);
		col_str(a, e->detail);
		col_fmt(a, "10.%d.%d.%d", (int)rnd_range(20, 29),
		    (int)rnd_range(0, 255), (int)rnd_range(1, 254));
		row_end(a);
	}
	write_more_views(ls, p);
	/* now and then a login, which belongs to no log */
	if (chance(0.3)) {
		col_dtms(a, after(window_s) * 1000 + rnd_range(0, 999));
		i = (int)rnd_below((uint32_t)nstaff);
		col_str(a, staff[i].uid);
		col_str(a, "login");
		col_null(a);
		col_str(a, staff[i].uid);
		col_null(a);
		col_fmt(a, "10.%d.%d.%d", (int)rnd_range(20, 29),
		    (int)rnd_range(0, 255), (int)rnd_range(1, 254));
		row_end(a);
	}
}

static void
gen_log(long long id, const struct plan *p)
{
	static struct logstate	 ls;

	memset(&ls, 0, sizeof(ls));
	ls.id = id;
	gen_child(&ls, p);
	gen_guardians_consent(&ls, p);
	gen_concerns(&ls, p);
	gen_measures(&ls, p);
	gen_rest(&ls, p);
	write_audit(&ls, p);
}

static void
random_plan(struct plan *p)
{
	const struct unit	*u;

	memset(p, 0, sizeof(*p));
	p->unit = (int)rnd_below((uint32_t)nunits);
	u = &units[p->unit];
	p->holder = u->staff[rnd_below((uint32_t)u->nstaff)];
	p->active = !chance(0.1);
	p->nguardian = chance(0.6) ? 2 : 1;
	p->nconcern = (int)rnd_range(1, 5);
	p->nmeasure = (int)rnd_range(4, 16);
	p->nbright = (int)rnd_range(0, 10);
	p->nnote = (int)rnd_range(0, 4);
	p->nmeeting = (int)rnd_range(0, 2);
	p->ngrant = chance(0.05);
	p->nview = 2;
}

/* Every BIG_UNIT_EVERY-th log: Fjordvik skole (see the top). */
#define BIG_UNIT_EVERY	560

static void
big_unit_plan(struct plan *p)
{
	const struct unit	*u;

	p->unit = unit_index("fjordvik-skole");
	u = &units[p->unit];
	p->holder = u->staff[rnd_below((uint32_t)u->nstaff)];
}

static void
bench_plan(struct plan *p)
{
	memset(p, 0, sizeof(*p));
	p->bench = 1;
	p->unit = unit_index("solbakken-barnehage");
	p->holder = staff_index("ola.berg");
	p->active = 1;
	p->nguardian = 2;
	p->nconcern = 5;
	p->nmeasure = 15;
	p->nbright = 20;
	p->nnote = 4;
	p->nmeeting = 1;
	p->ngrant = 1;
	/* a log read now and then for 200 days */
	p->nview = 300;
}

/*
 * The big log: like the benchmark log, six times the plan (30 concerns,
 * 90 active measures) and 300 bright spots; more_views more reads.
 */
static void
big_plan(struct plan *p, long long more_views)
{
	bench_plan(p);
	p->nconcern = 30;
	p->nmeasure = 90;
	p->nbright = 300;
	p->nnote = 24;
	p->nmeeting = 3;
	p->nmore_views = more_views;
}

/* ------------------------------------------------------------------ */

static void
usage(void)
{
	fprintf(stderr, "usage: generate -o DIR [-l LOGS] [-s SEED]"
	    " [-t YYYY-MM-DD] [-S STAFF] [-U UNITS]\n");
	exit(2);
}

static long long
num_arg(const char *s, long long min, long long max, const char *what)
{
	long long	 v;
	const char	*errstr;

	if (parse_ll(s, min, max, &v, &errstr) != SL_OK)
		fatal("%s is %s: %s", what, errstr, s);
	return v;
}

static void
write_side_files(long long logs, long long seed, long long bench_id,
    int ngen_staff, int ngen_units)
{
	FILE	*f;
	size_t	 i;
	int	 y, m, d;

	f = open_out("tables.txt");
	for (i = 0; i < T__COUNT; i++)
		fprintf(f, "%s\t%s.tsv\t%s\t%s\t%llu\n", tables[i].name,
		    tables[i].name, tables[i].mode, tables[i].cols,
		    tables[i].rows);
	close_out(f, "tables.txt");

	f = open_out("bench_log_id");
	fprintf(f, "%lld\n", bench_id);
	close_out(f, "bench_log_id");

	civil_from_days(ref_day, &y, &m, &d);
	f = open_out("manifest.txt");
	fprintf(f, "logs\t%lld\nseed\t%lld\ndate\t%04d-%02d-%02d\n"
	    "staff\t%d\nunits\t%d\nbench_log_id\t%lld\n", logs, seed, y, m,
	    d, ngen_staff, ngen_units, bench_id);
	for (i = 0; i < T__COUNT; i++)
		fprintf(f, "rows.%s\t%llu\n", tables[i].name, tables[i].rows);
	close_out(f, "manifest.txt");
}

/* Parse the flags, generate everything, exit 0 or 1 (2 for usage). */
int
main(int argc, char *argv[])
{
	struct plan	 p;
	long long	 logs = 300000, seed = 1, i, total = 0;
	int		 ch, ngen_staff = 5000, ngen_units = 200;
	int		 y, m, d, ry, rm, rd;
	const char	*date = NULL;
	time_t		 t;
	struct tm	 tm;
	size_t		 k;

	while ((ch = getopt(argc, argv, "o:l:s:t:S:U:")) != -1) {
		switch (ch) {
		case 'o':
			outdir = optarg;
			break;
		case 'l':
			logs = num_arg(optarg, 1, 100000000, "-l");
			break;
		case 's':
			seed = num_arg(optarg, 0, INT64_MAX, "-s");
			break;
		case 't':
			date = optarg;
			break;
		case 'S':
			ngen_staff = (int)num_arg(optarg, 1, 99999, "-S");
			break;
		case 'U':
			ngen_units = (int)num_arg(optarg, 0, 9999, "-U");
			break;
		default:
			usage();
		}
	}
	if (optind != argc || outdir == NULL)
		usage();
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST)
		fatal("%s: %s", outdir, strerror(errno));

	if (date != NULL) {
		char chk[11];

		if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
		    y < 1900 || y > 2039 || m < 1 || m > 12 || d < 1 ||
		    bsnprintf(chk, sizeof(chk), "%04d-%02d-%02d", y, m, d) !=
		    SL_OK || strcmp(chk, date) != 0)
			fatal("-t wants a date YYYY-MM-DD, got %s", date);
		ref_day = days_from_civil(y, m, d);
		civil_from_days(ref_day, &ry, &rm, &rd);
		if (ry != y || rm != m || rd != d)
			fatal("-t: no such date: %s", date);
	} else {
		t = time(NULL);
		if (gmtime_r(&t, &tm) == NULL)
			fatal("gmtime failed");
		ref_day = days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
	}
	now_s = ref_day * DAY;
	window_s = now_s - 3 * 365 * DAY;

	rnd_seed((uint64_t)seed);
	nin_setup();
	world_make(ngen_units, ngen_staff);
	tables_open();
	write_world(ngen_staff);
	for (i = 1; i <= logs; i++) {
		random_plan(&p);
		if (i % BIG_UNIT_EVERY == 0)
			big_unit_plan(&p);
		gen_log(i, &p);
	}
	bench_plan(&p);
	gen_log(logs + 1, &p);
	big_plan(&p, 0);
	gen_log(logs + 2, &p);
	big_plan(&p, 100000);
	gen_log(logs + 3, &p);
	tables_close();
	write_side_files(logs, seed, logs + 1, ngen_staff, ngen_units);

	for (k = 0; k < T__COUNT; k++)
		total += (long long)tables[k].rows;
	civil_from_days(ref_day, &y, &m, &d);
	printf("generate: %lld logs + bench logs %lld-%lld, %lld rows, date"
	    " %04d-%02d-%02d, seed %lld, into %s\n", logs, logs + 1, logs + 3,
	    total,
	    y, m, d, seed, outdir);
	return 0;
}
