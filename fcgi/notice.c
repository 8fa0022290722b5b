/*
 * notice.c - queueing notices in the outbox (see notice.h).
 *
 * Rows are resolved per recipient and channel when queued: the person's
 * choices, language and address at the time of the event.  The notifier
 * looks at the choices once more before sending (an unsubscribe made
 * meanwhile wins), but never at the log: the row says all it sends.
 */
#include <string.h>

#include "crypto.h"
#include "notice.h"

const struct notice_kind notice_kinds[] = {
	/* name, optional, email, sms, family, staff */
	{ NK_LOG_CREATED, 0, 1, 0, 1, 0 },
	{ NK_BRIGHT_SPOT, 1, 1, 0, 1, 0 },
	{ NK_MEASURE_ACTOR, 0, 1, 0, 0, 1 },
	{ NK_READ_GRANT, 0, 1, 0, 0, 1 },
	{ NK_TRANSFER_OFFERED, 0, 1, 0, 0, 1 },
	{ NK_TRANSFER_ACCEPTED, 0, 1, 0, 0, 1 },
	{ NK_TRANSFER_DECLINED, 0, 1, 0, 0, 1 },
	{ NK_CONSENT_WITHDRAWN, 0, 1, 0, 0, 1 },
	{ NK_EVALUATE_SOON, 0, 1, 0, 0, 1 },
	{ NK_EVALUATE_PASSED, 0, 1, 0, 0, 1 },
	{ NK_CONSENT_EXPIRING, 0, 1, 0, 0, 1 },
	{ NK_MEETING, 0, 1, 0, 1, 1 },
	{ NK_MEETING_CANCELLED, 0, 1, 0, 1, 1 },
	{ NK_BRIGHT_REMINDER, 1, 0, 0, 0, 1 },
	{ NULL, 0, 0, 0, 0, 0 }
};

const struct notice_kind *
notice_kind(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && notice_kinds[i].name != NULL; i++)
		if (strcmp(notice_kinds[i].name, name) == 0)
			return &notice_kinds[i];
	return NULL;
}

/* The number after prefix in s, or 0. */
static long long
id_after(const char *s, const char *prefix)
{
	size_t		 n = strlen(prefix);
	long long	 v;
	const char	*errstr;

	if (strncmp(s, prefix, n) != 0 ||
	    parse_ll(s + n, 1, 1LL << 53, &v, &errstr) != SL_OK)
		return 0;
	return v;
}

/* Addresses and language of a recipient (NULL: none), and its pref key. */
struct rcpt {
	const char	*who, *email, *phone, *lang;
};

static enum sl_err
resolve(struct db *db, struct arena *a, const char *recipient,
    struct rcpt *out)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	long long	 id;

	memset(out, 0, sizeof(*out));
	if (strncmp(recipient, "staff:", 6) == 0) {
		if ((rc = db_query(db, a, &r, "SELECT mail, phone, lang FROM"
		    " staff WHERE uid = ?", "s", recipient + 6)) != SL_OK)
			return rc;
		if (r->nrows != 1)
			return SL_OK;
		out->who = recipient + 6;
		out->email = dbrows_get(r, 0, 0);
		out->phone = dbrows_get(r, 0, 1);
		out->lang = dbrows_get(r, 0, 2);
	} else if ((id = id_after(recipient, "guardian:")) > 0) {
		/* The guardian's own address (profile) wins. */
		if ((rc = db_query(db, a, &r, "SELECT g.nin,"
		    " COALESCE(p.email, g.email), COALESCE(p.phone, g.phone),"
		    " p.lang FROM guardian g LEFT JOIN person p ON p.pid = g.nin"
		    " WHERE g.id = ?", "i", id)) != SL_OK)
			return rc;
		if (r->nrows != 1)
			return SL_OK;
		out->who = dbrows_get(r, 0, 0) != NULL ? arena_printf(a,
		    "family:%s", dbrows_get(r, 0, 0)) : recipient;
		if (out->who == NULL)
			return SL_ENOMEM;
		out->email = dbrows_get(r, 0, 1);
		out->phone = dbrows_get(r, 0, 2);
		out->lang = dbrows_get(r, 0, 3);
	} else if ((id = id_after(recipient, "youth:")) > 0) {
		if ((rc = db_query(db, a, &r, "SELECT l.nin, p.email, p.phone,"
		    " p.lang FROM log l LEFT JOIN person p ON p.pid = l.nin"
		    " WHERE l.id = ?", "i", id)) != SL_OK)
			return rc;
		if (r->nrows != 1)
			return SL_OK;
		if ((out->who = arena_printf(a, "family:%s", dbrows_get(r, 0,
		    0))) == NULL)
			return SL_ENOMEM;
		out->email = dbrows_get(r, 0, 1);
		out->phone = dbrows_get(r, 0, 2);
		out->lang = dbrows_get(r, 0, 3);
	}
	if (out->who == NULL)
		return SL_OK;		/* unknown: nothing is sent */
	if (out->email != NULL && !notice_email_ok(out->email))
		out->email = NULL;	/* typed before addresses were checked */
	if (out->phone != NULL && !notice_phone_ok(out->phone))
		out->phone = NULL;
	return SL_OK;
}

const char *
notice_pref_who(struct db *db, struct arena *a, const char *recipient)
{
	struct rcpt	 r;

	if (resolve(db, a, recipient, &r) != SL_OK)
		return NULL;
	return r.who;
}

int
notice_wants(struct db *db, struct arena *a, const char *who,
    const char *kind, const char *channel, enum sl_err *rc)
{
	const struct notice_kind *k = notice_kind(kind);
	struct dbrows	*r;
	int		 sms = strcmp(channel, "sms") == 0;

	*rc = SL_OK;
	if (k == NULL)
		return 0;
	if ((*rc = db_query(db, a, &r, "SELECT email, sms FROM notice_pref"
	    " WHERE who = ? AND kind = ?", "ss", who, kind)) != SL_OK)
		return 0;
	if (r->nrows == 0)
		return sms ? k->def_sms : k->def_email;
	return dbrows_true(r, 0, sms ? 1 : 0);
}

/* One outbox row. */
static enum sl_err
insert_row(struct db *db, const char *kind, long long log_id,
    const char *object, const char *recipient, const char *channel,
    const char *address, const char *lang, const char *due,
    long long ics_seq)
{
	char		 mid[TOKEN_HEX], key[256];
	const char	*dk = NULL;
	enum sl_err	 rc;

	if ((rc = crypto_token(mid)) != SL_OK)
		return rc;
	if (due != NULL) {
		if (bsnprintf(key, sizeof(key), "%s|%s|%s|%s|%s", kind,
		    object != NULL ? object : "", recipient, channel, due) !=
		    SL_OK)
			return SL_EINPUT;
		dk = key;
	}
	/* The inbox is delivered when written. */
	return db_exec(db, "INSERT INTO outbox (kind, log_id, object,"
	    " recipient, channel, address, lang, dedup_key, due, ics_seq,"
	    " state, next_at, message_id, created_at, sent_at) VALUES (?,"
	    " NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, IF(? < 0, NULL, ?),"
	    " IF(? = 'inbox', 'sent', 'queued'), UTC_TIMESTAMP(), ?,"
	    " UTC_TIMESTAMP(), IF(? = 'inbox', UTC_TIMESTAMP(), NULL))"
	    " ON DUPLICATE KEY UPDATE id = id", "sisssssssiisss", kind, log_id,
	    object, recipient, channel, address, lang, dk, due, ics_seq,
	    ics_seq, channel, mid, channel);
}

enum sl_err
notice_queue(struct db *db, struct arena *a, const char *kind,
    long long log_id, const char *object, const char *recipient,
    const char *due, long long ics_seq)
{
	struct rcpt	 r;
	enum sl_err	 rc;
	const char	*lang;

	if (notice_kind(kind) == NULL)
		return SL_EINPUT;
	if ((rc = resolve(db, a, recipient, &r)) != SL_OK)
		return rc;
	if (r.who == NULL)
		return SL_OK;
	lang = r.lang != NULL && (strcmp(r.lang, "nn") == 0 ||
	    strcmp(r.lang, "en") == 0) ? r.lang : "nb";
	if ((rc = insert_row(db, kind, log_id, object, recipient, "inbox",
	    NULL, lang, due, ics_seq)) != SL_OK)
		return rc;
	if (r.email != NULL && notice_wants(db, a, r.who, kind, "email", &rc) &&
	    (rc = insert_row(db, kind, log_id, object, recipient, "email",
	    r.email, lang, due, ics_seq)) != SL_OK)
		return rc;
	if (rc != SL_OK)
		return rc;
	if (r.phone != NULL && notice_wants(db, a, r.who, kind, "sms", &rc) &&
	    (rc = insert_row(db, kind, log_id, object, recipient, "sms",
	    r.phone, lang, due, ics_seq)) != SL_OK)
		return rc;
	return rc;
}

/* Queue kind for each recipient in column 0 of r. */
static enum sl_err
queue_rows(struct db *db, struct arena *a, const char *kind,
    long long log_id, const char *object, const struct dbrows *r,
    long long ics_seq)
{
	enum sl_err	 rc = SL_OK;
	size_t		 i;

	for (i = 0; rc == SL_OK && i < r->nrows; i++)
		rc = notice_queue(db, a, kind, log_id, object,
		    dbrows_get(r, i, 0), NULL, ics_seq);
	return rc;
}

/* Guardians and, from the consent age, the youth: "guardian:N", "youth:N". */
static enum sl_err
family_rows(struct db *db, struct arena *a, long long log_id,
    long long consent_age, const char *except_pid, struct dbrows **r)
{
	if (except_pid == NULL)
		except_pid = "";
	return db_query(db, a, r, "SELECT CONCAT('guardian:', id) FROM"
	    " guardian WHERE log_id = ? AND COALESCE(nin, '') <> ? UNION ALL"
	    " SELECT CONCAT('youth:', id) FROM log WHERE id = ? AND"
	    " birth_date <= UTC_DATE() - INTERVAL ? YEAR AND nin <> ?",
	    "isiis", log_id, except_pid, log_id, consent_age, except_pid);
}

enum sl_err
notice_family(struct db *db, struct arena *a, const char *kind,
    long long log_id, const char *object, long long consent_age,
    const char *except_pid)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	if ((rc = family_rows(db, a, log_id, consent_age, except_pid, &r)) !=
	    SL_OK)
		return rc;
	return queue_rows(db, a, kind, log_id, object, r, -1);
}

enum sl_err
notice_holder(struct db *db, struct arena *a, const char *kind,
    long long log_id, const char *object)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	if ((rc = db_query(db, a, &r, "SELECT CONCAT('staff:', holder_uid)"
	    " FROM log WHERE id = ?", "i", log_id)) != SL_OK)
		return rc;
	return queue_rows(db, a, kind, log_id, object, r, -1);
}

enum sl_err
notice_meeting(struct db *db, struct arena *a, const char *kind,
    long long log_id, long long meeting_id, long long seq,
    long long consent_age)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	const char	*obj = arena_printf(a, "meeting:%lld", meeting_id);

	if (obj == NULL)
		return SL_ENOMEM;
	if ((rc = db_query(db, a, &r, "SELECT CONCAT('staff:', holder_uid)"
	    " FROM log WHERE id = ? UNION SELECT CONCAT('staff:', actor_uid)"
	    " FROM measure WHERE log_id = ? AND status = 'active' AND"
	    " actor_kind = 'staff' AND actor_uid IS NOT NULL", "ii", log_id,
	    log_id)) != SL_OK)
		return rc;
	if ((rc = queue_rows(db, a, kind, log_id, obj, r, seq)) != SL_OK)
		return rc;
	if ((rc = family_rows(db, a, log_id, consent_age, NULL, &r)) != SL_OK)
		return rc;
	return queue_rows(db, a, kind, log_id, obj, r, seq);
}

int
notice_email_ok(const char *s)
{
	const char	*at = NULL, *p;
	size_t		 n = strlen(s), label = 0;
	int		 dot = 0;

	if (n < 3 || n > 254)
		return 0;
	for (p = s; *p != '\0'; p++) {
		if (*p == '@') {
			if (at != NULL)
				return 0;
			at = p;
			continue;
		}
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("\"<>(),;:\\[]", *p) != NULL)
			return 0;
	}
	if (at == NULL || at == s || at - s > 64 || at[1] == '\0')
		return 0;
	for (p = at + 1; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0)
				return 0;
			label = 0;
			dot = 1;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-')
			label++;
		else
			return 0;
	}
	return dot && label > 0;
}

int
notice_phone_ok(const char *s)
{
	size_t		 digits = 0;
	const char	*p = s;
	int		 prev_digit = 0;

	if (*p == '+')
		p++;
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			digits++;
			prev_digit = 1;
		} else if ((*p == ' ' || *p == '-') && prev_digit)
			prev_digit = 0;
		else
			return 0;
	}
	return prev_digit && digits >= 8 && digits <= 15;
}

void
notice_phone_norm(const char *s, char out[17])
{
	size_t	 n = 0, digits = 0;
	const char *p;

	for (p = s; *p != '\0'; p++)
		if (*p >= '0' && *p <= '9')
			digits++;
	out[n++] = '+';
	if (*s != '+' && digits == 8) {
		out[n++] = '4';
		out[n++] = '7';
	}
	for (p = s; *p != '\0' && n < 16; p++)
		if (*p >= '0' && *p <= '9')
			out[n++] = *p;
	out[n] = '\0';
}
