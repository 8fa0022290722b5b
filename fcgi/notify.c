/*
 * notify.c - `stafettlogg notify` (see notify.h and README "Notices").
 *
 * The delivery guarantee.  Every e-mail and SMS row goes through
 *   queued -> sending -> committing -> sent
 * with a lease and a fencing token (claim) taken in a short transaction
 * before anything is sent.  The message is handed over with libcurl
 * from a read callback; the last bytes that make the server act (SMTP:
 * the final "." of DATA; HTTP: the last chunk of a chunked body) are
 * written only after that callback has recorded "committing" for our
 * claim (the commit point).  So:
 *   - killed before the commit point: the server got no end of data and
 *     drops the transaction (RFC 5321 4.1.1.4, a chunked body not
 *     finished); the row is still "sending" and is sent again when its
 *     lease has passed: no loss, no duplicate;
 *   - killed after the server's answer but before "sent" is recorded:
 *     the row is "committing"; it is never sent again, and the next
 *     pass records it as sent once its lease has passed: no duplicate,
 *     no loss;
 *   - killed in the microseconds between recording "committing" and the
 *     server reading the final bytes: counted as sent (shown to the
 *     admin as "in doubt"), possibly lost.  This window cannot be closed
 *     over SMTP (the two generals' problem); we chose at most once over
 *     a duplicate.  The SMS hook also gets the row's Idempotency-Key.
 * A sender that lost its lease (too slow) cannot commit: the fenced
 * UPDATE matches no row and the transfer is aborted before its end.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>
#include <libxml/tree.h>
#include <openssl/evp.h>

#include "crypto.h"
#include "db.h"
#include "form.h"
#include "notice.h"
#include "notify.h"
#include "render.h"

enum { STOP_NONE, STOP_BEFORE_COMMIT, STOP_AFTER_SEND };

static volatile sig_atomic_t stop_flag;

static void
on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

struct sender {
	const struct config	*cfg;
	struct db		*db;
	struct arena		*a;		/* per row */
	char			 host[256];	/* of base_url */
	int			 test_stop;
	int			 sent, retry, failed, cancelled, doubt;
};

/* One row being delivered. */
struct row {
	long long	 id, log_id, ics_seq, attempts;
	const char	*kind, *object, *recipient, *channel, *address, *lang,
			*mid;
	char		 claim[TOKEN_HEX];
};

/* The body handed to libcurl, and the commit point. */
struct handover {
	struct sender	*s;
	struct row	*r;
	const char	*data;
	size_t		 len, off;
	int		 committed, fenced;
};

/* ---------------------------------------------------------- tokens */

enum sl_err
notify_unsub_token(const struct config *cfg, long long id, char out[96])
{
	char	 msg[64], mac[65];

	if (strlen(cfg->notice_secret) < 32 ||
	    bsnprintf(msg, sizeof(msg), "unsubscribe:%lld", id) != SL_OK ||
	    crypto_hmac_hex(cfg->notice_secret, msg, mac) != SL_OK)
		return SL_EINPUT;
	return bsnprintf(out, 96, "%lld.%s", id, mac);
}

long long
notify_unsub_check(const struct config *cfg, const char *token)
{
	char		 want[96], num[24];
	const char	*dot, *errstr;
	long long	 id;

	if (token == NULL || (dot = strchr(token, '.')) == NULL ||
	    (size_t)(dot - token) >= sizeof(num))
		return 0;
	memcpy(num, token, (size_t)(dot - token));
	num[dot - token] = '\0';
	if (parse_ll(num, 1, 1LL << 53, &id, &errstr) != SL_OK ||
	    notify_unsub_token(cfg, id, want) != SL_OK ||
	    !crypto_streq(want, token))
		return 0;
	return id;
}

/* ---------------------------------------------------- mail helpers */

/* Base64 of s[0..n) in lines of 76 characters, CRLF after each. */
static void
b64_lines(struct buf *out, const char *s, size_t n)
{
	unsigned char	 enc[80];
	size_t		 k;
	int		 m;

	while (n > 0) {
		k = n > 57 ? 57 : n;
		m = EVP_EncodeBlock(enc, (const unsigned char *)s, (int)k);
		buf_append(out, enc, (size_t)m);
		buf_puts(out, "\r\n");
		s += k;
		n -= k;
	}
}

/* 1 when s is printable ASCII only. */
static int
ascii_only(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/*
 * s as RFC 2047 encoded-words ("=?UTF-8?B?...?=", each at most 75
 * characters, cut between UTF-8 characters, folded with CRLF SP), or as
 * it is when it is printable ASCII.  phrase: a display name, quoted
 * when plain.
 */
static void
rfc2047(struct buf *out, const char *s, int phrase)
{
	unsigned char	 enc[80];
	size_t		 n = strlen(s), k;
	int		 m, first = 1;

	if (ascii_only(s) && n <= 60) {
		if (!phrase) {
			buf_puts(out, s);
			return;
		}
		buf_puts(out, "\"");
		for (; *s != '\0'; s++) {
			if (*s == '"' || *s == '\\')
				buf_puts(out, "\\");
			buf_append(out, s, 1);
		}
		buf_puts(out, "\"");
		return;
	}
	while (n > 0) {
		k = n > 45 ? 45 : n;
		/* Never cut a UTF-8 sequence: back up to a lead byte. */
		while (k < n && k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		m = EVP_EncodeBlock(enc, (const unsigned char *)s, (int)k);
		if (!first)
			buf_puts(out, "\r\n ");
		buf_puts(out, "=?UTF-8?B?");
		buf_append(out, enc, (size_t)m);
		buf_puts(out, "?=");
		first = 0;
		s += k;
		n -= k;
	}
}

/* LF to CRLF (a text part's canonical form). */
static void
crlf(struct buf *out, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			buf_puts(out, "\r");
		buf_append(out, &s[i], 1);
	}
}

/* ------------------------------------------------------------ ics */

/* One content line: escaped value (TEXT), folded at 75 octets. */
static void
ics_line(struct buf *out, const char *name, const char *value, int text)
{
	struct buf	 l;
	size_t		 i, col = 0, k;
	const char	*v;

	buf_init(&l);
	buf_puts(&l, name);
	buf_puts(&l, ":");
	for (v = value; *v != '\0'; v++) {
		if (text && (*v == ',' || *v == ';' || *v == '\\'))
			buf_append(&l, "\\", 1);
		if (text && *v == '\r')
			continue;
		if (text && *v == '\n') {
			buf_puts(&l, "\\n");
			continue;
		}
		buf_append(&l, v, 1);
	}
	/* Fold: at most 75 octets a line, never inside a UTF-8 sequence. */
	for (i = 0; !l.oom && i < l.len; i += k) {
		k = l.len - i;
		if (k > (col == 0 && i == 0 ? 75u : 74u))
			k = i == 0 ? 75 : 74;
		while (i + k < l.len && k > 0 &&
		    ((unsigned char)l.data[i + k] & 0xc0) == 0x80)
			k--;
		if (i > 0)
			buf_puts(out, "\r\n ");
		buf_append(out, l.data + i, k);
		col = 1;
	}
	buf_puts(out, "\r\n");
	if (l.oom)
		out->oom = 1;
	buf_free(&l);
}

/* "YYYY-MM-DD HH:MM:SS" as "YYYYMMDDTHHMMSS". */
static const char *
ics_time(struct arena *a, const char *t)
{
	if (t == NULL || strlen(t) < 19)
		return "";
	return arena_printf(a, "%.4s%.2s%.2sT%.2s%.2s%.2s", t, t + 5, t + 8,
	    t + 11, t + 14, t + 17);
}

static const char *
ics_summary(const char *lang)
{
	if (strcmp(lang, "en") == 0)
		return "Meeting about a stafettlogg";
	return "Møte om stafettlogg";
}

/*
 * The invitation (METHOD:REQUEST) or its cancellation (METHOD:CANCEL)
 * of meeting m (at, place) with SEQUENCE seq, for attendee address.
 */
static void
ics_build(struct sender *s, struct buf *out, long long meeting_id,
    const char *at, const char *place, long long seq, int cancel,
    const char *attendee, const char *href, const char *lang)
{
	char		 stamp[20];
	time_t		 now = time(NULL);
	struct tm	 tm;

	gmtime_r(&now, &tm);
	(void)strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	buf_puts(out, "BEGIN:VCALENDAR\r\n"
	    "PRODID:-//Stafettlogg//Stafettlogg notices//NO\r\n"
	    "VERSION:2.0\r\nCALSCALE:GREGORIAN\r\n");
	buf_printf(out, "METHOD:%s\r\n", cancel ? "CANCEL" : "REQUEST");
	buf_puts(out, "BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\n"
	    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
	    "TZNAME:CEST\r\nDTSTART:19700329T020000\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
	    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
	    "TZNAME:CET\r\nDTSTART:19701025T030000\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
	    "END:VTIMEZONE\r\nBEGIN:VEVENT\r\n");
	buf_printf(out, "UID:meeting-%lld@%s\r\n", meeting_id, s->host);
	buf_printf(out, "SEQUENCE:%lld\r\n", seq);
	buf_printf(out, "DTSTAMP:%s\r\n", stamp);
	buf_printf(out, "DTSTART;TZID=Europe/Oslo:%s\r\n", ics_time(s->a, at));
	buf_puts(out, "DURATION:PT1H\r\n");
	ics_line(out, "SUMMARY", ics_summary(lang), 1);
	/*
	 * No LOCATION: the place is free text that may name the child or
	 * the home (see the mail's XML); the link leads to it.
	 */
	(void)place;
	ics_line(out, "DESCRIPTION", href, 1);
	ics_line(out, "URL", href, 0);
	ics_line(out, arena_printf(s->a, "ORGANIZER;CN=\"%s\"",
	    s->cfg->municipality), arena_printf(s->a, "mailto:%s",
	    s->cfg->mail_from), 0);
	ics_line(out, "ATTENDEE;RSVP=FALSE", arena_printf(s->a, "mailto:%s",
	    attendee), 0);
	buf_printf(out, "STATUS:%s\r\n", cancel ? "CANCELLED" : "CONFIRMED");
	buf_puts(out, "END:VEVENT\r\nEND:VCALENDAR\r\n");
}

/* -------------------------------------------------------- the text */

/* The page of the notice: /logs/N with an anchor for the object. */
static const char *
notice_href(struct sender *s, const struct row *r)
{
	const char	*o = r->object != NULL ? r->object : "";
	const char	*anchor = "";

	if (r->log_id == 0)
		return arena_printf(s->a, "%s/start", s->cfg->base_url);
	if (strncmp(o, "measure:", 8) == 0)
		anchor = arena_printf(s->a, "#measure-%s", o + 8);
	else if (strncmp(o, "meeting:", 8) == 0)
		anchor = arena_printf(s->a, "#meeting-%s", o + 8);
	else if (strncmp(o, "bright-spot:", 12) == 0)
		anchor = "#bright-spots";
	return arena_printf(s->a, "%s/logs/%lld%s", s->cfg->base_url,
	    r->log_id, anchor != NULL ? anchor : "");
}

struct meeting_info {
	long long	 id, seq;
	const char	*at, *place;
	int		 cancelled;
};

/*
 * The notice's text (text 1: subject, blank line, body; sms 1: the SMS)
 * or HTML made by the mail stylesheets from one XML.
 */
static enum sl_err
notice_render(struct sender *s, const struct row *r,
    const struct meeting_info *m, const char *unsub, int text, int sms,
    struct buf *out)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 page, meta, content, n, mn;
	enum sl_err	 rc;

	if ((doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		return SL_ENOMEM;
	page = xmlNewNode(NULL, BAD_CAST "page");
	xmlDocSetRootElement(doc, page);
	xmlNewProp(page, BAD_CAST "view", BAD_CAST "notice");
	xmlNewProp(page, BAD_CAST "lang", BAD_CAST r->lang);
	meta = xmlNewChild(page, NULL, BAD_CAST "meta", NULL);
	xmlNewTextChild(meta, NULL, BAD_CAST "municipality",
	    BAD_CAST s->cfg->municipality);
	content = xmlNewChild(page, NULL, BAD_CAST "content", NULL);
	n = xmlNewChild(content, NULL, BAD_CAST "notice", NULL);
	xmlNewProp(n, BAD_CAST "kind", BAD_CAST r->kind);
	if (strcmp(r->kind, NK_MEETING) == 0 && r->ics_seq > 0)
		xmlNewProp(n, BAD_CAST "variant", BAD_CAST "-changed");
	xmlNewProp(n, BAD_CAST "href", BAD_CAST notice_href(s, r));
	xmlNewProp(n, BAD_CAST "profile", BAD_CAST arena_printf(s->a,
	    "%s/profile", s->cfg->base_url));
	xmlNewProp(n, BAD_CAST "part", BAD_CAST (sms ? "sms" : "mail"));
	if (unsub != NULL)
		xmlNewProp(n, BAD_CAST "unsubscribe", BAD_CAST unsub);
	if (m != NULL) {
		mn = xmlNewChild(n, NULL, BAD_CAST "meeting", NULL);
		xmlNewProp(mn, BAD_CAST "date", BAD_CAST arena_printf(s->a,
		    "%.10s", m->at));
		xmlNewProp(mn, BAD_CAST "time", BAD_CAST arena_printf(s->a,
		    "%.5s", m->at + 11));
		/*
		 * Not the place: it is free text typed by staff, and may
		 * name the child or the family's home.  The log says it.
		 */
	}
	rc = render_mail(doc, text, out);
	xmlFreeDoc(doc);
	return rc;
}

/* The whole message (headers and MIME body) into out. */
static enum sl_err
mail_build(struct sender *s, const struct row *r,
    const struct meeting_info *m, struct buf *out)
{
	struct buf	 text, html, ics;
	char		 date[64], tok[96];
	const char	*unsub = NULL, *nl, *bnd, *bmix;
	const struct notice_kind *k = notice_kind(r->kind);
	time_t		 now = time(NULL);
	struct tm	 tm;
	enum sl_err	 rc;
	int		 cal = m != NULL;

	buf_init(&text);
	buf_init(&html);
	buf_init(&ics);
	if (k != NULL && k->optional) {
		if ((rc = notify_unsub_token(s->cfg, r->id, tok)) != SL_OK)
			goto out;
		unsub = arena_printf(s->a, "%s/unsubscribe?t=%s",
		    s->cfg->base_url, tok);
	}
	if ((rc = notice_render(s, r, m, unsub, 1, 0, &text)) != SL_OK ||
	    (rc = notice_render(s, r, m, unsub, 0, 0, &html)) != SL_OK)
		goto out;
	rc = SL_ESYS;
	buf_append(&text, "", 1);
	if (text.oom || (nl = strchr(text.data, '\n')) == NULL)
		goto out;
	gmtime_r(&now, &tm);
	(void)strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	bnd = arena_printf(s->a, "=_sl_a_%s", r->mid);
	bmix = arena_printf(s->a, "=_sl_m_%s", r->mid);
	buf_printf(out, "Date: %s\r\nFrom: ", date);
	rfc2047(out, s->cfg->municipality, 1);
	buf_printf(out, " <%s>\r\nTo: <%s>\r\nSubject: ", s->cfg->mail_from,
	    r->address);
	rfc2047(out, arena_strndup(s->a, text.data, (size_t)(nl -
	    text.data)), 0);
	buf_printf(out, "\r\nMessage-ID: <%s@%s>\r\nMIME-Version: 1.0\r\n"
	    "Auto-Submitted: auto-generated\r\n", r->mid, s->host);
	if (unsub != NULL)
		buf_printf(out, "List-Unsubscribe: <%s>\r\n"
		    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
		    unsub);
	if (cal)
		buf_printf(out, "Content-Type: multipart/mixed;"
		    " boundary=\"%s\"\r\n\r\n--%s\r\n", bmix, bmix);
	buf_printf(out, "Content-Type: multipart/alternative;"
	    " boundary=\"%s\"\r\n\r\n", bnd);
	/* The text part: the body after the subject and its blank line. */
	nl++;
	if (*nl == '\n')
		nl++;
	{
		struct buf	 t;

		buf_init(&t);
		crlf(&t, nl, strlen(nl));
		buf_printf(out, "--%s\r\nContent-Type: text/plain;"
		    " charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		    bnd);
		b64_lines(out, t.data != NULL ? t.data : "", t.len);
		if (t.oom)
			out->oom = 1;
		buf_free(&t);
	}
	buf_printf(out, "--%s\r\nContent-Type: text/html; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", bnd);
	b64_lines(out, html.data != NULL ? html.data : "", html.len);
	buf_printf(out, "--%s--\r\n", bnd);
	if (cal) {
		ics_build(s, &ics, m->id, m->at, m->place, r->ics_seq,
		    strcmp(r->kind, NK_MEETING_CANCELLED) == 0, r->address,
		    notice_href(s, r), r->lang);
		buf_printf(out, "--%s\r\nContent-Type: text/calendar;"
		    " charset=UTF-8; method=%s\r\nContent-Disposition:"
		    " attachment; filename=\"invite.ics\"\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n", bmix,
		    strcmp(r->kind, NK_MEETING_CANCELLED) == 0 ? "CANCEL" :
		    "REQUEST");
		b64_lines(out, ics.data != NULL ? ics.data : "", ics.len);
		buf_printf(out, "--%s--\r\n", bmix);
	}
	rc = out->oom || ics.oom || html.oom ? SL_ENOMEM : SL_OK;
out:
	buf_free(&text);
	buf_free(&html);
	buf_free(&ics);
	return rc;
}

/* --------------------------------------------------------- delivery */

/* Record "committing" for our claim: the commit point. */
static size_t
upload_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct handover	*u = arg;
	size_t		 room = size * nmemb, k;

	if (u->off < u->len) {
		k = u->len - u->off;
		if (k > room)
			k = room;
		memcpy(dst, u->data + u->off, k);
		u->off += k;
		return k;
	}
	if (!u->committed) {
		if (u->s->test_stop == STOP_BEFORE_COMMIT)
			(void)raise(SIGKILL);
		if (db_exec(u->s->db, "UPDATE outbox SET state = 'committing'"
		    " WHERE id = ? AND claim = ? AND state = 'sending'", "is",
		    u->r->id, u->r->claim) != SL_OK ||
		    db_affected(u->s->db) != 1) {
			u->fenced = 1;
			return CURL_READFUNC_ABORT;
		}
		u->committed = 1;
	}
	return 0;
}

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* The outcome of one try. */
enum outcome { O_SENT, O_RETRY, O_FAILED, O_DOUBT };

static enum outcome
smtp_send(struct sender *s, struct row *r, const struct buf *msg,
    const char **why)
{
	CURL		*h;
	CURLcode	 cc;
	struct curl_slist *rcpt = NULL;
	struct handover	 u;
	char		 err[CURL_ERROR_SIZE] = "";
	long		 code = 0;
	enum outcome	 o;

	memset(&u, 0, sizeof(u));
	u.s = s;
	u.r = r;
	u.data = msg->data;
	u.len = msg->len;
	if ((h = curl_easy_init()) == NULL) {
		*why = "cannot start libcurl";
		return O_RETRY;
	}
	rcpt = curl_slist_append(NULL, arena_printf(s->a, "<%s>", r->address));
	curl_easy_setopt(h, CURLOPT_URL, s->cfg->smtp_url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, arena_printf(s->a, "<%s>",
	    s->cfg->mail_from));
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)s->cfg->notify_timeout);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	    (long)s->cfg->notify_timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	if (strncmp(s->cfg->smtp_url, "smtp://", 7) == 0 &&
	    s->cfg->smtp_starttls)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (s->cfg->smtp_user[0] != '\0') {
		curl_easy_setopt(h, CURLOPT_USERNAME, s->cfg->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, s->cfg->smtp_password);
	}
	if (s->cfg->smtp_ca_file[0] != '\0')
		curl_easy_setopt(h, CURLOPT_CAINFO, s->cfg->smtp_ca_file);
	cc = curl_easy_perform(h);
	(void)curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (cc == CURLE_OK) {
		o = O_SENT;
		*why = NULL;
	} else {
		*why = arena_printf(s->a, "SMTP %ld: %s", code, err[0] != '\0' ?
		    err : curl_easy_strerror(cc));
		if (u.fenced)
			o = O_RETRY;	/* not ours any more: nothing ended */
		else if (u.committed && (code < 400 || code == 354))
			o = O_DOUBT;	/* handed over, no answer */
		else if (code >= 500 && code != 354)
			o = O_FAILED;	/* refused for good */
		else
			o = O_RETRY;
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	return o;
}

static enum outcome
sms_send(struct sender *s, struct row *r, const char *text,
    const char **why)
{
	CURL		*h;
	CURLcode	 cc;
	struct curl_slist *hd = NULL;
	struct handover	 u;
	json_object	*j;
	char		 err[CURL_ERROR_SIZE] = "", to[17];
	long		 code = 0;
	enum outcome	 o;
	const char	*body;

	notice_phone_norm(r->address, to);
	if ((j = json_object_new_object()) == NULL) {
		*why = "out of memory";
		return O_RETRY;
	}
	json_object_object_add(j, "to", json_object_new_string(to));
	json_object_object_add(j, "text", json_object_new_string(text));
	json_object_object_add(j, "id", json_object_new_string(r->mid));
	body = arena_strdup(s->a, json_object_to_json_string_ext(j,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(j);
	memset(&u, 0, sizeof(u));
	u.s = s;
	u.r = r;
	u.data = body != NULL ? body : "";
	u.len = strlen(u.data);
	if ((h = curl_easy_init()) == NULL) {
		*why = "cannot start libcurl";
		return O_RETRY;
	}
	hd = curl_slist_append(hd, "Content-Type: application/json");
	hd = curl_slist_append(hd, "Transfer-Encoding: chunked");
	hd = curl_slist_append(hd, "Expect:");
	hd = curl_slist_append(hd, arena_printf(s->a, "Idempotency-Key: %s",
	    r->mid));
	if (s->cfg->sms_token[0] != '\0')
		hd = curl_slist_append(hd, arena_printf(s->a,
		    "Authorization: Bearer %s", s->cfg->sms_token));
	curl_easy_setopt(h, CURLOPT_URL, s->cfg->sms_url);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)s->cfg->notify_timeout);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	    (long)s->cfg->notify_timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	cc = curl_easy_perform(h);
	(void)curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (cc == CURLE_OK && code >= 200 && code < 300) {
		o = O_SENT;
		*why = NULL;
	} else {
		*why = arena_printf(s->a, "SMS hook %ld: %s", code,
		    cc != CURLE_OK ? (err[0] != '\0' ? err :
		    curl_easy_strerror(cc)) : "refused");
		if (u.fenced)
			o = O_RETRY;
		else if (code == 0 && u.committed)
			o = O_DOUBT;
		else if (code >= 400 && code < 500 && code != 408 &&
		    code != 429)
			o = O_FAILED;
		else
			o = O_RETRY;
	}
	curl_slist_free_all(hd);
	curl_easy_cleanup(h);
	return o;
}

/* Record the outcome of a try (only while the claim is ours). */
static void
record(struct sender *s, struct row *r, enum outcome o, const char *why)
{
	long long	 wait;
	int		 i;

	switch (o) {
	case O_SENT:
	case O_DOUBT:
		(void)db_exec(s->db, "UPDATE outbox SET state = 'sent', sent_at ="
		    " UTC_TIMESTAMP(), claim = NULL, lease_until = NULL,"
		    " last_error = ? WHERE id = ? AND claim = ?", "sis",
		    o == O_DOUBT ? arena_printf(s->a, "in doubt, counted as"
		    " sent: %s", why) : NULL, r->id, r->claim);
		if (o == O_SENT)
			s->sent++;
		else
			s->doubt++;
		return;
	case O_RETRY:
		if (r->attempts < s->cfg->notify_max_attempts) {
			wait = s->cfg->notify_backoff;
			for (i = 1; i < r->attempts && wait <
			    s->cfg->notify_backoff_max; i++)
				wait *= 2;
			if (wait > s->cfg->notify_backoff_max)
				wait = s->cfg->notify_backoff_max;
			(void)db_exec(s->db, "UPDATE outbox SET state = 'queued',"
			    " next_at = UTC_TIMESTAMP() + INTERVAL ? SECOND,"
			    " claim = NULL, lease_until = NULL, last_error = ?"
			    " WHERE id = ? AND claim = ?", "isis", wait, why,
			    r->id, r->claim);
			s->retry++;
			return;
		}
		/* FALLTHROUGH */
	case O_FAILED:
		(void)db_exec(s->db, "UPDATE outbox SET state = 'failed',"
		    " claim = NULL, lease_until = NULL, last_error = ? WHERE"
		    " id = ? AND claim = ?", "sis", why, r->id, r->claim);
		s->failed++;
		log_warnx("notify: notice %lld (%s by %s) failed: %s", r->id,
		    r->kind, r->channel, why);
		return;
	}
}

/* Claim the next row due: SL_OK with r->id 0 when there is none. */
static enum sl_err
claim_next(struct sender *s, struct row *r)
{
	struct dbrows	*q;
	enum sl_err	 rc;

	memset(r, 0, sizeof(*r));
	if ((rc = crypto_token(r->claim)) != SL_OK)
		return rc;
	r->claim[32] = '\0';
	if ((rc = db_begin(s->db)) != SL_OK)
		return rc;
	rc = db_query(s->db, s->a, &q, "SELECT id, kind, log_id, object,"
	    " recipient, channel, address, lang, ics_seq, message_id,"
	    " attempts FROM outbox WHERE state IN ('queued', 'sending') AND"
	    " next_at <= UTC_TIMESTAMP() AND (state = 'queued' OR"
	    " lease_until < UTC_TIMESTAMP()) ORDER BY next_at, id LIMIT 1"
	    " FOR UPDATE SKIP LOCKED", "");
	if (rc == SL_OK && q->nrows == 1)
		rc = db_exec(s->db, "UPDATE outbox SET state = 'sending',"
		    " claim = ?, lease_until = UTC_TIMESTAMP() + INTERVAL ?"
		    " SECOND, attempts = attempts + 1 WHERE id = ?", "sii",
		    r->claim, s->cfg->notify_lease, dbrows_ll(q, 0, 0));
	if (rc == SL_OK)
		rc = db_commit(s->db);
	if (rc != SL_OK) {
		db_rollback(s->db);
		return rc;
	}
	if (q->nrows != 1)
		return SL_OK;
	r->id = dbrows_ll(q, 0, 0);
	r->kind = dbrows_get(q, 0, 1);
	r->log_id = dbrows_ll(q, 0, 2);
	r->object = dbrows_get(q, 0, 3);
	r->recipient = dbrows_get(q, 0, 4);
	r->channel = dbrows_get(q, 0, 5);
	r->address = dbrows_get(q, 0, 6);
	r->lang = dbrows_get(q, 0, 7);
	r->ics_seq = dbrows_get(q, 0, 8) != NULL ? dbrows_ll(q, 0, 8) : -1;
	r->mid = dbrows_get(q, 0, 9);
	r->attempts = dbrows_ll(q, 0, 10) + 1;
	return SL_OK;
}

/* Deliver one claimed row. */
static enum sl_err
deliver(struct sender *s, struct row *r)
{
	struct meeting_info	 m, *mp = NULL;
	struct dbrows		*q;
	struct buf		 msg;
	const char		*who, *why = NULL;
	enum outcome		 o;
	enum sl_err		 rc;
	int			 email = strcmp(r->channel, "email") == 0;
	long long		 mid;

	/* An unsubscribe or a choice made since the row was queued wins. */
	rc = SL_OK;
	who = notice_pref_who(s->db, s->a, r->recipient);
	if (who != NULL && !notice_wants(s->db, s->a, who, r->kind,
	    r->channel, &rc) && rc != SL_OK)
		return rc;	/* the lease runs out; tried again later */
	if (who == NULL || !notice_wants(s->db, s->a, who, r->kind,
	    r->channel, &rc)) {
		(void)db_exec(s->db, "UPDATE outbox SET state = 'cancelled',"
		    " claim = NULL, lease_until = NULL, last_error = ? WHERE"
		    " id = ? AND claim = ?", "sis", who == NULL ?
		    "the recipient is gone" : "turned off by the recipient",
		    r->id, r->claim);
		s->cancelled++;
		return SL_OK;
	}
	if ((email && (s->cfg->smtp_url[0] == '\0')) ||
	    (!email && s->cfg->sms_url[0] == '\0')) {
		record(s, r, O_RETRY, email ? "no smtp_url configured" :
		    "no sms_url configured");
		return SL_OK;
	}
	if (r->object != NULL && strncmp(r->object, "meeting:", 8) == 0) {
		const char	*errstr;

		if (parse_ll(r->object + 8, 1, 1LL << 53, &mid, &errstr) !=
		    SL_OK)
			mid = 0;
		if ((rc = db_query(s->db, s->a, &q, "SELECT DATE_FORMAT(at,"
		    " '%Y-%m-%d %H:%i:%s'), place, seq FROM meeting WHERE"
		    " id = ?", "i", mid)) != SL_OK)
			return rc;
		if (q->nrows == 1) {
			m.id = mid;
			m.at = dbrows_get(q, 0, 0);
			m.place = dbrows_get(q, 0, 1);
			m.seq = dbrows_ll(q, 0, 2);
			m.cancelled = 0;
			mp = &m;
			/* A later change or cancellation supersedes it. */
			if (r->ics_seq >= 0 && m.seq > r->ics_seq) {
				(void)db_exec(s->db, "UPDATE outbox SET state ="
				    " 'cancelled', claim = NULL, last_error ="
				    " 'superseded by a later change' WHERE id = ?"
				    " AND claim = ?", "is", r->id, r->claim);
				s->cancelled++;
				return SL_OK;
			}
		}
	}
	buf_init(&msg);
	if (email)
		rc = mail_build(s, r, mp, &msg);
	else
		rc = notice_render(s, r, mp, NULL, 1, 1, &msg);
	if (rc == SL_OK && msg.oom)
		rc = SL_ENOMEM;
	if (rc != SL_OK) {
		record(s, r, O_RETRY, "the message could not be made");
		buf_free(&msg);
		return SL_OK;
	}
	if (email)
		o = smtp_send(s, r, &msg, &why);
	else {
		buf_append(&msg, "", 1);
		o = sms_send(s, r, msg.data, &why);
	}
	buf_free(&msg);
	if (o == O_SENT && s->test_stop == STOP_AFTER_SEND)
		(void)raise(SIGKILL);
	record(s, r, o, why);
	return SL_OK;
}

/* ------------------------------------------------ time-driven notices */

/* Queue kind for column 0 (recipient), 1 (log), 2 (object), 3 (due). */
static enum sl_err
queue_due(struct sender *s, const char *kind, const struct dbrows *q,
    int *n)
{
	enum sl_err	 rc = SL_OK;
	size_t		 i;

	for (i = 0; i < q->nrows; i++) {
		if ((rc = db_begin(s->db)) != SL_OK)
			return rc;
		rc = notice_queue(s->db, s->a, kind, dbrows_ll(q, i, 1),
		    dbrows_get(q, i, 2), dbrows_get(q, i, 0), dbrows_get(q, i,
		    3), -1);
		if (rc == SL_OK)
			rc = db_commit(s->db);
		if (rc != SL_OK) {
			db_rollback(s->db);
			return rc;
		}
		(*n)++;
	}
	return SL_OK;
}

static enum sl_err
scan(struct sender *s, int *n)
{
	struct dbrows	*q;
	enum sl_err	 rc;

	/* The holder: a measure's evaluate-by date within 7 days. */
	if ((rc = db_query(s->db, s->a, &q, "SELECT CONCAT('staff:',"
	    " l.holder_uid), m.log_id, CONCAT('measure:', m.id), m.evaluate_by"
	    " FROM measure m JOIN log l ON l.id = m.log_id WHERE"
	    " m.status = 'active' AND l.status = 'active' AND m.evaluate_by"
	    " BETWEEN UTC_DATE() + INTERVAL 1 DAY AND UTC_DATE() + INTERVAL 7"
	    " DAY AND NOT EXISTS (SELECT 1 FROM evaluation e WHERE"
	    " e.measure_id = m.id)", "")) != SL_OK ||
	    (rc = queue_due(s, NK_EVALUATE_SOON, q, n)) != SL_OK)
		return rc;
	/* ... and when it has passed (the last 30 days, not older ones). */
	if ((rc = db_query(s->db, s->a, &q, "SELECT CONCAT('staff:',"
	    " l.holder_uid), m.log_id, CONCAT('measure:', m.id), m.evaluate_by"
	    " FROM measure m JOIN log l ON l.id = m.log_id WHERE"
	    " m.status = 'active' AND l.status = 'active' AND m.evaluate_by"
	    " BETWEEN UTC_DATE() - INTERVAL 30 DAY AND UTC_DATE() - INTERVAL 1"
	    " DAY AND NOT EXISTS (SELECT 1 FROM evaluation e WHERE"
	    " e.measure_id = m.id)", "")) != SL_OK ||
	    (rc = queue_due(s, NK_EVALUATE_PASSED, q, n)) != SL_OK)
		return rc;
	/* The holder and the unit's leaders: consent expiring in 30 days. */
	if ((rc = db_query(s->db, s->a, &q, "SELECT CONCAT('staff:',"
	    " l.holder_uid), l.id, CONCAT('consent:', c.id), c.expires_at"
	    " FROM consent c JOIN log l ON l.id = c.log_id WHERE"
	    " l.status = 'active' AND c.withdrawn_at IS NULL AND c.expires_at"
	    " BETWEEN UTC_DATE() AND UTC_DATE() + INTERVAL 30 DAY UNION"
	    " SELECT CONCAT('staff:', su.uid), l.id, CONCAT('consent:', c.id),"
	    " c.expires_at FROM consent c JOIN log l ON l.id = c.log_id JOIN"
	    " staff_unit su ON su.unit_id = l.unit_id AND su.role = 'leader'"
	    " WHERE l.status = 'active' AND c.withdrawn_at IS NULL AND"
	    " c.expires_at BETWEEN UTC_DATE() AND UTC_DATE() + INTERVAL 30"
	    " DAY", "")) != SL_OK ||
	    (rc = queue_due(s, NK_CONSENT_EXPIRING, q, n)) != SL_OK)
		return rc;
	/* Staff who asked for it: the weekly bright-spot reminder (Monday). */
	if ((rc = db_query(s->db, s->a, &q, "SELECT CONCAT('staff:', p.who),"
	    " 0, NULL, UTC_DATE() - INTERVAL WEEKDAY(UTC_DATE()) DAY FROM"
	    " notice_pref p JOIN staff st ON st.uid = p.who WHERE p.kind = ?"
	    " AND (p.email = 1 OR p.sms = 1) AND st.gone_at IS NULL", "s",
	    NK_BRIGHT_REMINDER)) != SL_OK ||
	    (rc = queue_due(s, NK_BRIGHT_REMINDER, q, n)) != SL_OK)
		return rc;
	return SL_OK;
}

/* ------------------------------------------------------------- pass */

static enum sl_err
pass(struct sender *s)
{
	struct row	 r;
	enum sl_err	 rc;
	int		 queued = 0;
	long long	 i;

	s->sent = s->retry = s->failed = s->cancelled = s->doubt = 0;
	if ((rc = scan(s, &queued)) != SL_OK)
		return rc;
	/*
	 * Rows left "committing" by a sender that died after its commit
	 * point: handed over, so counted as sent and never sent again.
	 */
	if ((rc = db_exec(s->db, "UPDATE outbox SET state = 'sent', sent_at ="
	    " UTC_TIMESTAMP(), claim = NULL, last_error = 'the sender stopped"
	    " after handing it over; counted as sent, not sent again' WHERE"
	    " state = 'committing' AND lease_until < UTC_TIMESTAMP()", "")) !=
	    SL_OK)
		return rc;
	s->doubt += (int)db_affected(s->db);
	for (i = 0; i < s->cfg->notify_batch && !stop_flag; i++) {
		arena_free(s->a);
		if ((s->a = arena_new()) == NULL)
			return SL_ENOMEM;
		if ((rc = claim_next(s, &r)) != SL_OK)
			return rc;
		if (r.id == 0)
			break;
		if ((rc = deliver(s, &r)) != SL_OK)
			return rc;
	}
	printf("notify: %d time-driven queued, %d sent, %d to retry, %d failed,"
	    " %d cancelled, %d counted as sent after a stop\n", queued, s->sent,
	    s->retry, s->failed, s->cancelled, s->doubt);
	fflush(stdout);
	return SL_OK;
}

/* The host part of base_url (Message-ID and UID), or "stafettlogg". */
static void
base_host(const struct config *cfg, char *out, size_t n)
{
	const char	*p = strstr(cfg->base_url, "://"), *e;

	if (p == NULL || p[3] == '\0') {
		(void)bsnprintf(out, n, "stafettlogg.invalid");
		return;
	}
	p += 3;
	e = p + strcspn(p, ":/?#");
	if ((size_t)(e - p) >= n || e == p) {
		(void)bsnprintf(out, n, "stafettlogg.invalid");
		return;
	}
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
}

int
notify_cli(const struct config *cfg, int loop)
{
	struct sender	 s;
	struct sigaction sa;
	char		 err[512];
	const char	*ts;
	long long	 t;
	int		 status = 0;

	memset(&s, 0, sizeof(s));
	s.cfg = cfg;
	base_host(cfg, s.host, sizeof(s.host));
	if (cfg->notify_test_hooks && (ts = getenv("SL_NOTIFY_TEST_STOP")) !=
	    NULL) {
		if (strcmp(ts, "before-commit") == 0)
			s.test_stop = STOP_BEFORE_COMMIT;
		else if (strcmp(ts, "after-send") == 0)
			s.test_stop = STOP_AFTER_SEND;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	if (render_load(cfg, err, sizeof(err)) != SL_OK ||
	    render_load_mail(err, sizeof(err)) != SL_OK) {
		fprintf(stderr, "stafettlogg: %s\n", err);
		render_free();
		return 1;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "stafettlogg: cannot initialise libcurl\n");
		render_free();
		return 1;
	}
	if ((s.a = arena_new()) == NULL || db_open(cfg, &s.db) != SL_OK) {
		status = 1;
		goto out;
	}
	do {
		if (db_ensure(s.db) != SL_OK || pass(&s) != SL_OK) {
			fprintf(stderr, "stafettlogg: notify: the database is"
			    " unavailable\n");
			status = 1;
			if (!loop)
				break;
		}
		for (t = 0; loop && !stop_flag && t < cfg->notify_interval; t++)
			sleep(1);
	} while (loop && !stop_flag);
out:
	db_close(s.db);
	arena_free(s.a);
	curl_global_cleanup();
	render_free();
	return status;
}
