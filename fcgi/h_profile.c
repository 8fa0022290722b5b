/*
 * h_profile.c - one's own settings: phone number (and, for families,
 * e-mail address), language, and which notices come by e-mail and SMS
 * (issue 12; the inbox on the start page always has them).  Staff and
 * families (guardians, youth: their ID-porten login) alike.  Also the
 * unsubscribe link of optional notices (GET shows a button, POST does
 * it, RFC 8058 one-click).
 */
#include <string.h>

#include "handlers.h"
#include "notice.h"
#include "notify.h"
#include "view.h"

#define PHONE_MAX 32
#define EMAIL_MAX 254

static const char *const langs[] = { "nb", "nn", "en" };

static int
lang_ok(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if (strcmp(s, langs[i]) == 0)
			return 1;
	return 0;
}

/* The notice_pref key of the session's person. */
static const char *
self_who(struct ctx *c)
{
	return c->sess.family ? arena_printf(c->a, "family:%s", c->sess.pid) :
	    c->sess.uid;
}

/* 1 when kind is offered to this kind of person. */
static int
kind_offered(const struct ctx *c, const struct notice_kind *k)
{
	return c->sess.family ? k->family : k->staff;
}

/* The kinds wanted by channel, space-separated (the multi field's value). */
static enum sl_err
wanted(struct ctx *c, const char *channel, const char **out)
{
	struct buf	 b;
	enum sl_err	 rc = SL_OK;
	size_t		 i;
	const char	*who = self_who(c);

	buf_init(&b);
	for (i = 0; notice_kinds[i].name != NULL; i++) {
		if (!kind_offered(c, &notice_kinds[i]))
			continue;
		if (notice_wants(c->db, c->a, who, notice_kinds[i].name, channel,
		    &rc)) {
			buf_puts(&b, notice_kinds[i].name);
			buf_puts(&b, " ");
		}
		if (rc != SL_OK)
			break;
	}
	buf_append(&b, "", 1);
	*out = b.oom ? NULL : arena_strdup(c->a, b.data);
	buf_free(&b);
	if (rc == SL_OK && *out == NULL)
		rc = SL_ENOMEM;
	return rc;
}

/* The rows of the person's inbox are listed on the start page. */

/*
 * The profile view.  form (may be NULL) holds input to show again;
 * errs lists field, key pairs (NULL-terminated).
 */
static enum sl_err
profile_view(struct ctx *c, const struct kvlist *form, const char **errs)
{
	struct dbrows	*p;
	xmlNodePtr	 n, a, f, fe, fs;
	enum sl_err	 rc;
	size_t		 i;
	const char	*lang, *we, *ws;

	if (c->sess.family)
		rc = db_query(c->db, c->a, &p, "SELECT name, email, phone, lang"
		    " FROM person WHERE pid = ?", "s", c->sess.pid);
	else
		rc = db_query(c->db, c->a, &p, "SELECT name, mail, phone, lang"
		    " FROM staff WHERE uid = ?", "s", c->sess.uid);
	if (rc != SL_OK)
		return rc;
	if (p->nrows != 1)
		return SL_ENOTFOUND;
	if ((rc = wanted(c, "email", &we)) != SL_OK ||
	    (rc = wanted(c, "sms", &ws)) != SL_OK)
		return rc;
	if ((rc = view_new(c, "profile")) != SL_OK)
		return rc;
	lang = dbrows_get(p, 0, 3);
	n = view_child(c->content, "person", NULL);
	if (!c->sess.family)
		view_attr(n, "uid", c->sess.uid);
	else
		view_attr(n, "family", "1");
	view_attr(n, "name", dbrows_get(p, 0, 0));
	view_attr(n, "mail", dbrows_get(p, 0, 1));
	view_attr(n, "phone", dbrows_get(p, 0, 2));
	view_attr(n, "lang", lang != NULL ? lang : c->lang);
	a = view_action(c, "save-profile", "POST", "/profile", "/profile");
	if (c->sess.family)
		view_field(a, "email", "email", 0, EMAIL_MAX, dbrows_get(p, 0,
		    1));
	view_field(a, "phone", "tel", 0, PHONE_MAX, dbrows_get(p, 0, 2));
	f = view_field(a, "lang", "select", 1, 0, lang != NULL ? lang :
	    c->lang);
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		view_option(f, langs[i]);
	fe = view_field(a, "notice-email", "multi", 0, 0, we);
	fs = view_field(a, "notice-sms", "multi", 0, 0, ws);
	for (i = 0; notice_kinds[i].name != NULL; i++)
		if (kind_offered(c, &notice_kinds[i])) {
			view_option(fe, notice_kinds[i].name);
			view_option(fs, notice_kinds[i].name);
		}
	if (form != NULL)
		view_prefill(a, form);
	for (i = 0; errs != NULL && errs[i] != NULL; i += 2)
		view_field_error(a, errs[i], errs[i + 1]);
	if (!c->sess.family)
		view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

enum sl_err
h_profile(struct ctx *c)
{
	enum sl_err	 rc;

	/* A kept form (?draft=N) is put back by the router (app.c). */
	if ((rc = profile_view(c, NULL, NULL)) != SL_OK)
		return rc;
	if (kv_get(&c->query, "saved") != NULL)
		view_notice(c, "profile.saved");
	return SL_OK;
}

/* 1 when value is one of the values posted for name. */
static int
posted(const struct kvlist *form, const char *name, const char *value)
{
	const struct kv	*kv;

	for (kv = form->head; kv != NULL; kv = kv->next)
		if (strcmp(kv->name, name) == 0 && strcmp(kv->value, value) == 0)
			return 1;
	return 0;
}

/* Every posted notice-email / notice-sms value must be a kind offered. */
static int
kinds_ok(const struct ctx *c, const char *name)
{
	const struct kv			*kv;
	const struct notice_kind	*k;

	for (kv = c->form.head; kv != NULL; kv = kv->next)
		if (strcmp(kv->name, name) == 0 && ((k = notice_kind(kv->value))
		    == NULL || !kind_offered(c, k)))
			return 0;
	return 1;
}

enum sl_err
h_profile_post(struct ctx *c)
{
	const char	*phone, *lang, *email = NULL, *who = self_who(c);
	const char	*errs[12];
	size_t		 ne = 0, i;
	enum sl_err	 rc;

	/* Each once: a repeated field is refused, not reduced to one. */
	if (http_kv_one(&c->form, "phone", &phone) != SL_OK) {
		errs[ne++] = "phone";
		errs[ne++] = "field.repeated";
	} else if (phone == NULL)
		phone = "";
	else if (*phone != '\0' && !notice_phone_ok(phone)) {
		errs[ne++] = "phone";
		errs[ne++] = "field.phone.invalid";
	}
	if (c->sess.family) {
		if (http_kv_one(&c->form, "email", &email) != SL_OK) {
			errs[ne++] = "email";
			errs[ne++] = "field.repeated";
		} else if (email != NULL && *email != '\0' &&
		    !notice_email_ok(email)) {
			errs[ne++] = "email";
			errs[ne++] = "field.email.invalid";
		}
	}
	if (http_kv_one(&c->form, "lang", &lang) != SL_OK) {
		errs[ne++] = "lang";
		errs[ne++] = "field.repeated";
	} else if (lang == NULL || !lang_ok(lang)) {
		errs[ne++] = "lang";
		errs[ne++] = "field.lang.invalid";
	}
	if (!kinds_ok(c, "notice-email")) {
		errs[ne++] = "notice-email";
		errs[ne++] = "field.invalid";
	}
	if (!kinds_ok(c, "notice-sms")) {
		errs[ne++] = "notice-sms";
		errs[ne++] = "field.invalid";
	}
	if (ne > 0) {
		errs[ne] = NULL;
		c->status = 422;
		return profile_view(c, &c->form, errs);
	}
	if (phone != NULL && *phone == '\0')
		phone = NULL;
	if (email != NULL && *email == '\0')
		email = NULL;
	TX_BEGIN(c)
	if (c->sess.family)
		rc = db_exec(c->db, "UPDATE person SET phone = ?, email = ?,"
		    " lang = ? WHERE pid = ?", "ssss", phone, email, lang,
		    c->sess.pid);
	else
		rc = db_exec(c->db, "UPDATE staff SET phone = ?, lang = ?"
		    " WHERE uid = ?", "sss", phone, lang, c->sess.uid);
	for (i = 0; rc == SL_OK && notice_kinds[i].name != NULL; i++) {
		if (!kind_offered(c, &notice_kinds[i]))
			continue;
		rc = db_exec(c->db, "INSERT INTO notice_pref (who, kind, email,"
		    " sms) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE email ="
		    " VALUES(email), sms = VALUES(sms)", "ssii", who,
		    notice_kinds[i].name, (long long)posted(&c->form,
		    "notice-email", notice_kinds[i].name), (long long)posted(
		    &c->form, "notice-sms", notice_kinds[i].name));
	}
	if (rc == SL_OK)
		rc = ctx_audit(c, "profile-update", 0, c->sess.family ? NULL :
		    c->sess.uid, NULL);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, "/profile?saved=1");
}

/*
 * The outbox row of the unsubscribe token in ?t=, its kind and channel,
 * when the signature holds and the kind is optional; SL_ENOTFOUND
 * otherwise.
 */
static enum sl_err
unsub_row(struct ctx *c, const char **who, const char **kind,
    const char **channel)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	long long	 id;
	const struct notice_kind *k;

	if ((id = notify_unsub_check(c->cfg, kv_get(&c->query, "t"))) == 0)
		return SL_ENOTFOUND;
	if ((rc = db_query(c->db, c->a, &r, "SELECT recipient, kind, channel"
	    " FROM outbox WHERE id = ?", "i", id)) != SL_OK)
		return rc;
	if (r->nrows != 1 || (k = notice_kind(dbrows_get(r, 0, 1))) == NULL ||
	    !k->optional)
		return SL_ENOTFOUND;
	*kind = dbrows_get(r, 0, 1);
	*channel = dbrows_get(r, 0, 2);
	if ((*who = notice_pref_who(c->db, c->a, dbrows_get(r, 0, 0))) == NULL)
		return SL_ENOTFOUND;
	return SL_OK;
}

enum sl_err
h_unsubscribe(struct ctx *c)
{
	const char	*who, *kind, *channel;
	xmlNodePtr	 n, a;
	enum sl_err	 rc;

	if ((rc = unsub_row(c, &who, &kind, &channel)) != SL_OK)
		return rc;
	if ((rc = view_new(c, "unsubscribe")) != SL_OK)
		return rc;
	n = view_child(c->content, "unsubscribe", NULL);
	view_attr(n, "kind", kind);
	view_attr(n, "channel", channel);
	if (kv_get(&c->query, "done") != NULL) {
		view_attr(n, "done", "1");
		return SL_OK;
	}
	a = view_action(c, "unsubscribe", "POST", arena_printf(c->a,
	    "/unsubscribe?t=%s", kv_get(&c->query, "t")), NULL);
	(void)a;
	return SL_OK;
}

enum sl_err
h_unsubscribe_post(struct ctx *c)
{
	const char	*who, *kind, *channel;
	enum sl_err	 rc;
	int		 sms;

	if ((rc = unsub_row(c, &who, &kind, &channel)) != SL_OK)
		return rc;
	sms = strcmp(channel, "sms") == 0;
	/* The other channel keeps what the person chose (or its default). */
	TX_BEGIN(c)
	rc = db_exec(c->db, "INSERT INTO notice_pref (who, kind, email, sms)"
	    " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE email = IF(? = 1,"
	    " email, 0), sms = IF(? = 1, 0, sms)", "ssiiii", who, kind,
	    (long long)(sms ? notice_kind(kind)->def_email : 0),
	    (long long)(sms ? 0 : notice_kind(kind)->def_sms), (long long)sms,
	    (long long)sms);
	if (rc == SL_OK)
		rc = ctx_audit(c, "unsubscribe", 0, kind, channel);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, arena_printf(c->a, "/unsubscribe?t=%s&done=1",
	    kv_get(&c->query, "t")));
}
