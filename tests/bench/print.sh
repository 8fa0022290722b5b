#!/usr/bin/env bash
# tests/bench/print.sh - the print block of `make bench` (issue 8), run by
# bench.sh with the stack up: makes the large log once
# (tests/bench/print-log.sql), then prints, for one client at a time, the
# time of the agreed plan of the benchmark log and of the whole-log PDF of
# the large log (20 concerns, 100 measures, 200 bright spots), and the
# workers' memory over 1,000 PDFs.
# Env: RUN, BASE, SESSION, LOG_ID (the benchmark log), PRINT_N (1000).
set -euo pipefail
N=${PRINT_N:-1000}
sql() {
	mariadb --no-defaults --socket="$RUN/db/db.sock" \
	    -u"$(if (( EUID == 0 )); then echo root; else id -un; fi)" \
	    -N -B stafettlogg "$@"
}
BIG=$(sql <"$(dirname "$0")/print-log.sql" | tail -n 1)
[[ $BIG =~ ^[0-9]+$ ]] || { echo "print.sh: no large log" >&2; exit 1; }
H="Cookie: sl_session=$SESSION"

# time_pdf NAME URL COUNT: COUNT sequential PDFs; p50 and max in ms.
time_pdf() {
	local name=$1 url=$2 n=$3 i code t
	: >"$RUN/print-$name.txt"
	for (( i = 0; i < n + 3; i++ )); do
		read -r code t < <(curl -s -o "$RUN/print-$name.pdf" -w '%{http_code} %{time_total}\n' \
		    -H "$H" "$url")
		[[ $code == 200 ]] || { echo "print.sh: $url answered $code" >&2; exit 1; }
		(( i < 3 )) || echo "$t" >>"$RUN/print-$name.txt"   # 3 to warm up
	done
	sort -n "$RUN/print-$name.txt" | awk -v name="$name" -v pages="$(pdfinfo "$RUN/print-$name.pdf" |
	    awk '/^Pages:/ { print $2 }')" -v size="$(stat -c %s "$RUN/print-$name.pdf")" \
	    '{ v[NR] = $1 * 1000 } END { printf "%-22s %5d pages %7d B   p50 %6.1f ms   max %6.1f ms  (%d runs, one at a time)\n",
	    name, pages, size, v[int((NR + 1) / 2)], v[NR], NR }'
}

rss() {         # total VmRSS of the workers, kB
	local pid total=0 m
	for pid in $(pgrep -P "$(cat "$RUN/app/app.pid")"); do
		m=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
		total=$((total + m))
	done
	echo "$total"
}

echo "== print (issue 8)"
time_pdf "plan (bench log)" "$BASE/logs/$LOG_ID/plan.pdf" 30
time_pdf "whole log (large)" "$BASE/logs/$BIG/log.pdf" 30
before=$(rss)
for (( i = 0; i < N; i++ )); do
	curl -s -o /dev/null -H "$H" "$BASE/logs/$LOG_ID/plan.pdf"
done
mid=$(rss)
for (( i = 0; i < N; i++ )); do
	curl -s -o /dev/null -H "$H" "$BASE/logs/$LOG_ID/plan.pdf"
done
after=$(rss)
echo "workers' RSS: $before kB before, $mid kB after $N PDFs, $after kB after $((2 * N))"
