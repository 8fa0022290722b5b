/*
 * form.h - reading and checking posted fields.  Each check records a
 * field error (a catalog key, optionally a detail) instead of failing,
 * so that a form comes back with every problem marked at once (422).
 */
#ifndef SL_FORM_H
#define SL_FORM_H

#include "app.h"

#define FORM_MAX_ERRORS 32

struct form_error {
	const char	*field;
	const char	*key;
	const char	*detail;	/* may be NULL */
	size_t		 max;		/* field.too-long: the limit, else 0 */
};

struct form {
	struct ctx		*c;
	struct form_error	 err[FORM_MAX_ERRORS];
	size_t			 nerr;
};

/* Start checking the posted form of c. */
void form_init(struct form *, struct ctx *);
/* Record an error on a field (key from the catalog). */
void form_fail(struct form *, const char *field, const char *key,
    const char *detail);
/*
 * The one posted value of a single-valued field in *out (NULL when
 * absent): 0; -1 with an error recorded when the name was posted more
 * than once (field.repeated: the first value must not silently win) or
 * holds a NUL byte.  Every getter below reads through it; fields that
 * are lists by design are read with form_ids.
 */
int form_get(struct form *, const char *name, const char **out);
/*
 * Text field, trimmed; NULL when absent or empty (an error when
 * required), or longer than max characters (code points, as a
 * browser's maxlength counts them, CR LF as one; error field.too-long
 * with the limit), or holding a control character other than TAB, CR
 * and LF (DEL, U+0080..U+009F; error field.invisible).  The line
 * separators U+2028, U+2029 and NEL (U+0085) become LF.  At most 4 bytes
 * per character are stored.  The string is arena-owned and valid XML
 * text.
 */
const char *form_text(struct form *, const char *name, size_t max,
    int required);
/*
 * A one-line field (a name, a place, a title): form_text, and refused
 * when it holds a bidirectional control (field.bidi: U+202A..U+202E,
 * U+2066..U+2069, U+200E, U+200F, U+061C would let it display as
 * something else), a line break, line separator or TAB (field.one-line),
 * or an invisible character that makes two names look alike
 * (field.invisible: zero-width spaces and joiners - ZWNJ and ZWJ only
 * between letters of scripts that need them -, word joiner and
 * invisible operators, BOM, soft hyphen, Hangul and Mongolian fillers,
 * tag characters, and other format controls).
 */
const char *form_line(struct form *, const char *name, size_t max,
    int required);
/* Checkbox: 1 when the value is "1", else 0. */
int form_bool(struct form *, const char *name);
/* One of the allowed values (NULL-terminated list), else an error. */
const char *form_choice(struct form *, const char *name,
    const char *const *allowed, int required);
/*
 * Date "YYYY-MM-DD", or "dd.mm.åååå" as the pages show dates (a real
 * date); *out set to it as "YYYY-MM-DD".  0 when absent and not
 * required; -1 on error (recorded).
 */
int form_date(struct form *, const char *name, int required,
    const char **out);
/* Positive integer id. 0 when absent and not required, -1 on error. */
int form_id(struct form *, const char *name, int required, long long *out);
/* Every value posted for a name (repeated fields), as ids; bad ones are errors. */
size_t form_ids(struct form *, const char *name, long long *out, size_t max);

/* Parse "YYYY-MM-DD" into y, m, d; SL_OK when it is a real date. */
enum sl_err date_parse(const char *s, int *y, int *m, int *d);
/* Today's date (UTC) as numbers and as "YYYY-MM-DD" (11 bytes). */
void date_today(int *y, int *m, int *d, char buf[11]);

/*
 * Put the form errors and the posted values into the action named name
 * (with for, may be NULL) of the current view, and set status 422.
 */
void form_show(struct form *, const char *name, const char *for_);

#endif
