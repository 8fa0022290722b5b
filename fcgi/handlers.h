/*
 * handlers.h - one function per route; one file per resource
 * (h_login.c, h_start.c, h_profile.c).  Each returns SL_OK after it set
 * a view or a redirect on the context, or an error status that the
 * router turns into an error page.
 */
#ifndef SL_HANDLERS_H
#define SL_HANDLERS_H

#include "app.h"

enum sl_err h_root(struct ctx *);
enum sl_err h_login_form(struct ctx *);
enum sl_err h_login_post(struct ctx *);
enum sl_err h_logout(struct ctx *);
enum sl_err h_start(struct ctx *);
enum sl_err h_profile(struct ctx *);
enum sl_err h_profile_post(struct ctx *);

#endif
