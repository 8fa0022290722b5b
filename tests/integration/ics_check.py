#!/usr/bin/python3
"""Parse an .ics file (argv[1]) with python3-icalendar (Debian's python3)
and print what the notice tests check, as JSON: the method, each VEVENT's
UID, SEQUENCE, STATUS, DTSTART (local time and its TZID) and the VTIMEZONE
ids. Run by test_notices.py with /usr/bin/python3."""
import json
import sys

import icalendar

cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
out = {"method": str(cal.get("METHOD")), "events": [],
       "tzids": [str(t.get("TZID")) for t in cal.walk("VTIMEZONE")]}
for ev in cal.walk("VEVENT"):
    start = ev.get("DTSTART")
    out["events"].append({
        "uid": str(ev.get("UID")), "seq": int(ev.get("SEQUENCE")),
        "status": str(ev.get("STATUS")),
        "start": start.dt.strftime("%Y-%m-%d %H:%M"),
        "tzid": start.params.get("TZID"),
        "utcoffset": start.dt.utcoffset().total_seconds() if start.dt.utcoffset() is not None else None,
        "location": str(ev.get("LOCATION")), "summary": str(ev.get("SUMMARY"))})
print(json.dumps(out))
