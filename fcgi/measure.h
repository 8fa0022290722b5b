/*
 * measure.h - the rules of measures that live in the database, in one
 * place so that the handlers and the tests use the same statements:
 * the 8-hour window for correcting a measure's text, one active measure
 * per actor and concern, one evaluation per measure.
 */
#ifndef SL_MEASURE_H
#define SL_MEASURE_H

#include "db.h"

/* Hours during which a measure's text may be corrected. */
#define MEASURE_EDIT_HOURS 8

/* *yes = 1 when measure mid is active and its text still correctable. */
enum sl_err measure_text_editable(struct db *, struct arena *, long long mid,
    int *yes);
/* Correct the text: SL_OK, or SL_EFORBIDDEN when the window has passed. */
enum sl_err measure_set_text(struct db *, long long mid, const char *text);
/*
 * *free = 1 when no active measure of concern cid has actor key (other
 * than measure except, 0 for none).
 */
enum sl_err measure_actor_free(struct db *, struct arena *, long long cid,
    const char *key, long long except, int *free_);
/*
 * Write the one evaluation of measure mid: SL_OK, or SL_ECONFLICT when
 * it was evaluated already.  decision "end" also ends the measure.
 */
enum sl_err measure_evaluate(struct db *, long long mid, long long log_id,
    int effective, const char *family_view, const char *decision,
    const char *by);

#endif
