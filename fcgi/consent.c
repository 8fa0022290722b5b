/*
 * consent.c - the age rule for consent (see consent.h).  The consent
 * age is a setting: municipalities use 15 or 16.
 */
#include <string.h>

#include "consent.h"

const char *
consent_check(int age, long long consent_age, int guardians, const char *by,
    const char **field)
{
	*field = NULL;
	if (age < 0 || by == NULL)
		return NULL;	/* reported elsewhere (bad number, missing) */
	if (age < consent_age) {
		if (guardians == 0) {
			*field = "guardian1-name";
			return "field.guardian.required";
		}
		if (strcmp(by, "guardians") != 0) {
			*field = "consent-by";
			return "field.consent.guardians-required";
		}
		return NULL;
	}
	if (strcmp(by, "youth") != 0) {
		*field = "consent-by";
		return "field.consent.youth-required";
	}
	return NULL;
}
