/*
 * h_profile.c - the staff member's own settings: phone number (for
 * notices) and language of the user interface.
 */
#include <string.h>

#include "handlers.h"
#include "view.h"

#define PHONE_MAX 32

static const char *const langs[] = { "nb", "nn", "en" };

static int
phone_ok(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++, n++)
		if (!((*s >= '0' && *s <= '9') || *s == ' ' || *s == '+' ||
		    *s == '-' || *s == '(' || *s == ')'))
			return 0;
	return n <= PHONE_MAX;
}

static int
lang_ok(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if (strcmp(s, langs[i]) == 0)
			return 1;
	return 0;
}

/*
 * The profile view.  form (may be NULL) holds input to show again
 * (rejected input or a restored draft).
 */
static enum sl_err
profile_view(struct ctx *c, const struct kvlist *form, const char *bad_phone,
    const char *bad_lang)
{
	struct dbrows	*p;
	xmlNodePtr	 n, a, f;
	enum sl_err	 rc;
	size_t		 i;
	const char	*lang;

	if ((rc = db_query(c->db, c->a, &p, "SELECT name, mail, phone, lang"
	    " FROM staff WHERE uid = ?", "s", c->sess.uid)) != SL_OK)
		return rc;
	if (p->nrows != 1)
		return SL_ENOTFOUND;
	if ((rc = view_new(c, "profile")) != SL_OK)
		return rc;
	lang = dbrows_get(p, 0, 3);
	n = view_child(c->content, "person", NULL);
	view_attr(n, "uid", c->sess.uid);
	view_attr(n, "name", dbrows_get(p, 0, 0));
	view_attr(n, "mail", dbrows_get(p, 0, 1));
	view_attr(n, "phone", dbrows_get(p, 0, 2));
	view_attr(n, "lang", lang != NULL ? lang : c->lang);
	a = view_action(c, "save-profile", "POST", "/profile", "/profile");
	view_field(a, "phone", "tel", 0, PHONE_MAX, dbrows_get(p, 0, 2));
	f = view_field(a, "lang", "select", 1, 0, lang != NULL ? lang :
	    c->lang);
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		view_option(f, langs[i]);
	if (form != NULL)
		view_prefill(a, form);
	if (bad_phone != NULL)
		view_field_error(a, "phone", bad_phone);
	if (bad_lang != NULL)
		view_field_error(a, "lang", bad_lang);
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

enum sl_err
h_profile(struct ctx *c)
{
	enum sl_err	 rc;

	/* A kept form (?draft=N) is put back by the router (app.c). */
	if ((rc = profile_view(c, NULL, NULL, NULL)) != SL_OK)
		return rc;
	if (kv_get(&c->query, "saved") != NULL)
		view_notice(c, "profile.saved");
	return SL_OK;
}

enum sl_err
h_profile_post(struct ctx *c)
{
	const char	*phone, *lang;
	const char	*bad_phone = NULL, *bad_lang = NULL;
	enum sl_err	 rc;

	/* Each once: a repeated field is refused, not reduced to one. */
	if (http_kv_one(&c->form, "phone", &phone) != SL_OK)
		bad_phone = "field.repeated";
	else if (phone == NULL)
		phone = "";
	if (bad_phone == NULL && !phone_ok(phone))
		bad_phone = "field.phone.invalid";
	if (http_kv_one(&c->form, "lang", &lang) != SL_OK)
		bad_lang = "field.repeated";
	else if (lang == NULL || !lang_ok(lang))
		bad_lang = "field.lang.invalid";
	if (bad_phone != NULL || bad_lang != NULL) {
		c->status = 422;
		return profile_view(c, &c->form, bad_phone, bad_lang);
	}
	if ((rc = db_exec(c->db, "UPDATE staff SET phone = ?, lang = ?"
	    " WHERE uid = ?", "sss", *phone != '\0' ? phone : NULL, lang,
	    c->sess.uid)) != SL_OK)
		return rc;
	(void)ctx_audit(c, "profile-update", 0, c->sess.uid, NULL);
	return ctx_redirect(c, "/profile?saved=1");
}
