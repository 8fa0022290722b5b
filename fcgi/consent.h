/*
 * consent.h - who must consent to a log, by the child's age.
 */
#ifndef SL_CONSENT_H
#define SL_CONSENT_H

/*
 * Below consent_age the guardians consent and at least one guardian is
 * required; from consent_age the youth's own consent is required.
 * guardians: how many were given; by: "guardians" or "youth".
 * Returns NULL when the rule holds, else the field and the catalog key
 * of the problem (*field set).
 */
const char *consent_check(int age, long long consent_age, int guardians,
    const char *by, const char **field);

#endif
