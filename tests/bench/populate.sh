#!/usr/bin/env bash
# tests/bench/populate.sh - fill a private stack's database to national
# scale with build/generate, and check that the page queries use indexes.
#
#   RUN=/abs/dir tests/bench/populate.sh [load|check|verify|plans|reset|
#       capture-start|capture-stop|plans-captured|sizes]
#
# load (default)  when the database already holds this data set (the
#                 bench_marker row matches), only say so.  Otherwise, if
#                 the data tables are empty, run the generator into
#                 $RUN/gen, load every file with LOAD DATA LOCAL INFILE
#                 (unique_checks=0, foreign_key_checks=0, in table order,
#                 timed), ANALYZE the tables, verify, write the marker,
#                 delete the .tsv files and print the sizes.  A database
#                 with other data is left alone (exit 2).
# check           exit 0: this data set is loaded; 1: no generated data
#                 (the data tables are empty); 2: something else (another
#                 size, seed, schema or generator, or an interrupted load).
# verify          consistency queries (foreign keys, unique active numbers
#                 and actors, escapes, the benchmark log); exit 1 on FAIL.
# plans           EXPLAIN/ANALYZE of the page queries; FAIL (exit 1) when a
#                 big table is read with a full table or index scan.
# reset           delete the audit rows that benchmark runs added to the
#                 benchmark log (its page lists the audit's readers).
# capture-start, capture-stop, plans-captured
#                 log the queries the application sends meanwhile (general
#                 query log), then check their plans as plans does.
# sizes           rows and bytes per table (information_schema) and datadir.
#
# The data set is identified by a fingerprint of sql/*.sql,
# tests/bench/generate.c, the size and the seed; `load` writes it into
# the table bench_marker, with the benchmark log's id (also in
# $RUN/gen/bench_log_id).
#
# Env: RUN (required; socket $RUN/db/db.sock, database stafettlogg, root
# through the unix socket), ROOT, BUILD, GEN (the generator, default
# $BUILD/generate), BENCH_LOGS (300000), BENCH_SEED (1),
# POPULATE_BUFFER_POOL (bytes for innodb_buffer_pool_size while loading,
# default 2147483648; 0 leaves it), POPULATE_REDO (innodb_log_file_size
# while loading, default 1073741824; 0 leaves it), POPULATE_KEEP=1 keeps
# the .tsv files.  The server settings are raised at run time (SET GLOBAL)
# and stay until mariadbd restarts; tests/servers/db.sh is not changed.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PROG=populate.sh
die() { echo "$PROG: error: $*" >&2; exit 1; }

[[ -n ${RUN:-} ]] || die "RUN (absolute runtime directory) is not set"
[[ $RUN == /* ]] || die "RUN must be an absolute path, got '$RUN'"
BUILD=${BUILD:-build}
[[ $BUILD == /* ]] && BDIR=$BUILD || BDIR=$ROOT/$BUILD
GEN=${GEN:-$BDIR/generate}
LOGS=${BENCH_LOGS:-300000}
SEED=${BENCH_SEED:-1}
POOL=${POPULATE_BUFFER_POOL:-2147483648}
REDO=${POPULATE_REDO:-1073741824}
KEEP=${POPULATE_KEEP:-0}
SOCK=$RUN/db/db.sock
DB=stafettlogg
GDIR=$RUN/gen

for v in LOGS SEED POOL REDO; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done
(( LOGS > 0 )) || die "BENCH_LOGS must be at least 1"
# LOAD DATA takes the path inside a quoted SQL string.
[[ $GDIR != *[\'\\]* ]] || die "RUN must not contain quotes or backslashes: $RUN"

# Data tables: must be empty before a load (staff, unit, staff_unit and
# audit may hold rows from logins; the generator's rows for them are
# loaded with IGNORE or without ids).
DATA_TABLES=(log guardian consent concern measure measure_step evaluation
    bright_spot note meeting read_grant read_grant_item)
# Tables where a full scan in a page query is a FAIL.
BIG_TABLES=" log guardian consent concern measure measure_step evaluation bright_spot note meeting read_grant read_grant_item audit staff staff_unit person attachment log_reader "

root_user() { if (( EUID == 0 )); then echo root; else id -un; fi; }
sql() {
	mariadb --no-defaults --socket="$SOCK" -u"$(root_user)" \
	    --local-infile=1 -N -B "$DB" "$@"
}
now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((10#$t / 1000)); }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

fingerprint() {
	{
		cat "$ROOT"/sql/[0-9][0-9][0-9]_*.sql "$ROOT/tests/bench/generate.c"
		echo "logs=$LOGS seed=$SEED"
	} | sha256sum | cut -c1-64
}

table_exists() {
	[[ $(sql -e "SELECT COUNT(*) FROM information_schema.tables
	    WHERE table_schema = DATABASE() AND table_name = '$1'") == 1 ]]
}

# state: prints a sentence; returns 0 (this data set), 1 (empty), 2 (other),
# 3 (error, message on stderr).
state() {
	local fp want t
	if ! sql -e "SELECT 1" >/dev/null 2>&1; then
		echo "$PROG: error: cannot reach MariaDB on $SOCK as $(root_user) (database $DB)" >&2
		return 3
	fi
	want=$(fingerprint)
	if table_exists bench_marker; then
		fp=$(sql -e "SELECT fingerprint FROM bench_marker WHERE id = 1")
		if [[ $fp == "$want" ]]; then
			echo "holds the generated data set ($(sql -e "SELECT CONCAT(logs,
			    ' logs, seed ', seed, ', loaded ', loaded_at, ' UTC')
			    FROM bench_marker WHERE id = 1"))"
			return 0
		fi
		echo "holds another generated data set ($(sql -e "SELECT CONCAT(logs,
		    ' logs, seed ', seed) FROM bench_marker WHERE id = 1");" \
		    "size, seed, schema or generator differ)"
		return 2
	fi
	if ! table_exists log; then
		echo "holds no stafettlogg tables yet (the migrations have not run)"
		return 1
	fi
	for t in "${DATA_TABLES[@]}"; do
		if [[ $(sql -e "SELECT EXISTS (SELECT 1 FROM \`$t\`)") != 0 ]]; then
			echo "holds data that is not a complete generated data set (table $t is not empty)"
			return 2
		fi
	done
	echo "holds no generated data"
	return 1
}

# --- load --------------------------------------------------------------------
set_global() {  # set_global VAR BYTES: raise a server variable (never lower it)
	local cur
	(( $2 > 0 )) || return 0
	cur=$(sql -e "SELECT @@GLOBAL.$1")
	(( cur >= $2 )) && return 0
	sql -e "SET GLOBAL $1 = $2" || die "SET GLOBAL $1 = $2 failed"
	echo "  $1: $cur -> $(sql -e "SELECT @@GLOBAL.$1")"
}

# Columns of the file the table lacks (the schema may lag behind the
# generator, or the other way round) are read into @skip_NAME variables.
map_columns() { # map_columns TABLE COLUMNS -> column list for LOAD DATA
	local have c cs out=() missing=()
	have=",$(sql -e "SELECT GROUP_CONCAT(column_name) FROM information_schema.columns
	    WHERE table_schema = DATABASE() AND table_name = '$1'"),"
	IFS=, read -ra cs <<<"$2"
	for c in "${cs[@]}"; do
		if [[ $have == *",$c,"* ]]; then
			out+=("\`$c\`")
		else
			out+=("@skip_$c")
			missing+=("$c")
		fi
	done
	(( ${#missing[@]} == 0 )) ||
	    echo "  note: table $1 has no column ${missing[*]}; the generated values are skipped" >&2
	local IFS=,
	echo "${out[*]}"
}

load_table() {  # load_table TABLE FILE MODE COLUMNS ROWS
	local table=$1 file=$GDIR/$2 mode=$3 cols=$4 want=$5 t0 out rec skip warn ign=
	[[ $mode == IGNORE ]] && ign=IGNORE
	[[ -r $file ]] || die "missing $file"
	if ! table_exists "$table"; then
		printf '  %-16s (no such table in this schema: %s rows skipped)\n' "$table" "$want"
		return 0
	fi
	cols=$(map_columns "$table" "$cols")
	t0=$(now_ms)
	# @sl_bulk_load: the counting triggers of sql/008_overview.sql do
	# nothing; recount (below) rebuilds the counters after the load.
	if ! out=$(sql -vvv -e "SET SESSION unique_checks = 0, foreign_key_checks = 0;
	    SET @sl_bulk_load = 1;
	    LOAD DATA LOCAL INFILE '$file' $ign INTO TABLE \`$table\`
	    CHARACTER SET utf8mb4
	    FIELDS TERMINATED BY '\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\n'
	    ($cols);
	    SHOW WARNINGS LIMIT 5;" 2>&1); then
		echo "$out" | tail -n 20 >&2
		die "loading $table failed"
	fi
	read -r rec _ skip warn < <(sed -n \
	    's/^Records: \([0-9]*\) *Deleted: \([0-9]*\) *Skipped: \([0-9]*\) *Warnings: \([0-9]*\).*/\1 \2 \3 \4/p' \
	    <<<"$out")
	[[ -n ${rec:-} ]] || { echo "$out" | tail -n 20 >&2; die "$table: no LOAD DATA summary"; }
	printf '  %-16s %10s rows %7s s' "$table" "$rec" "$(secs "$t0" "$(now_ms)")"
	(( skip > 0 )) && printf '  (%s already there, skipped)' "$skip"
	echo
	[[ $rec == "$want" ]] || die "$table: file has $rec records, the generator wrote $want"
	# IGNORE tables warn about the rows that were already there
	if (( warn > skip )); then
		echo "$out" | sed -n '/^SHOW WARNINGS/,$p' | grep -v '^-*$' | head -n 8 >&2
		die "$table: $warn warnings (data does not fit the schema?)"
	fi
}

do_load() {
	local st rc t0 t1 tg table file mode cols rows fp total_ms io_cap io_max readers_trigger
	local -a loaded
	set +e
	st=$(state)
	rc=$?
	set -e
	case $rc in
	0)	echo "populate: database $st; nothing to do"
		write_id_file
		return 0 ;;
	2)	echo "$PROG: error: the database $st." >&2
		echo "$PROG: error: load into a fresh database (for the benchmark: stop it and remove $RUN/db; bench.sh does that itself)" >&2
		exit 2 ;;
	1)	;;
	*)	exit 1 ;;
	esac
	table_exists log ||
	    die "no table 'log' in $DB: run the migrations first (tests/servers/app.sh start does)"
	[[ -x $GEN ]] || die "$GEN not found (make $BUILD/generate)"
	fp=$(fingerprint)
	t0=$(now_ms)

	echo "== populate: generating $LOGS logs (seed $SEED) into $GDIR"
	rm -rf "$GDIR"
	mkdir -p "$GDIR"
	tg=$(now_ms)
	"$GEN" -o "$GDIR" -l "$LOGS" -s "$SEED" || die "the generator failed"
	echo "  generated $(du -sh "$GDIR" | cut -f1) in $(secs "$tg" "$(now_ms)") s"

	echo "== populate: server settings for the load"
	set_global innodb_buffer_pool_size "$POOL"
	set_global innodb_log_file_size "$REDO"
	# The default I/O budget (200 pages/s, at most 2000) makes writing
	# the loaded pages take minutes; raised for the load, restored after.
	io_cap=$(sql -e "SELECT @@GLOBAL.innodb_io_capacity")
	io_max=$(sql -e "SELECT @@GLOBAL.innodb_io_capacity_max")
	set_global innodb_io_capacity_max 40000
	set_global innodb_io_capacity 20000

	drop_triggers

	echo "== populate: loading"
	t1=$(now_ms)
	# The audit's AFTER INSERT trigger counts each view in log_reader:
	# off for the load (3 million rows), log_reader built once after it.
	readers_trigger=$(trigger_stmt INSERT AFTER)
	[[ -z $readers_trigger ]] ||
	    sql -e "DROP TRIGGER $(awk 'NR == 1 { print $4 }' <<<"$readers_trigger")"
	while IFS=$'\t' read -r table file mode cols rows; do
		[[ -n $table ]] || continue
		load_table "$table" "$file" "$mode" "$cols" "$rows"
	done <"$GDIR/tables.txt"
	[[ -z $readers_trigger ]] || sql -e "$readers_trigger"
	echo "  all tables loaded in $(secs "$t1" "$(now_ms)") s"
	if table_exists log_reader; then
		t1=$(now_ms)
		readers_from_audit ""
		echo "  log_reader from the audit in $(secs "$t1" "$(now_ms)") s"
	fi

	recount
	restore_triggers

	echo "== populate: ANALYZE TABLE"
	t1=$(now_ms)
	loaded=()
	while IFS=$'\t' read -r table _; do
		if table_exists "$table"; then
			loaded+=("\`$table\`")
		fi
	done <"$GDIR/tables.txt"
	sql -e "ANALYZE TABLE $(IFS=,; echo "${loaded[*]}")" |
	    awk -F'\t' '$3 != "status" || $4 != "OK" { print "  " $0; bad = 1 } END { exit bad }' ||
	    die "ANALYZE TABLE reported problems"
	echo "  done in $(secs "$t1" "$(now_ms)") s"

	# Write the dirty pages now, so that a later shutdown (which
	# tests/servers/db.sh gives 20 s) does not have to.
	echo "== populate: flushing dirty pages"
	t1=$(now_ms)
	flush_pages
	sql -e "SET GLOBAL innodb_io_capacity = $io_cap;
	    SET GLOBAL innodb_io_capacity_max = $io_max"
	echo "  done in $(secs "$t1" "$(now_ms)") s"

	do_verify || die "the loaded data is not consistent (see FAIL above)"

	total_ms=$(( $(now_ms) - t0 ))
	sql -e "CREATE TABLE IF NOT EXISTS bench_marker (
	      id TINYINT NOT NULL PRIMARY KEY,
	      fingerprint CHAR(64) NOT NULL,
	      logs BIGINT NOT NULL,
	      seed BIGINT NOT NULL,
	      bench_log_id BIGINT NOT NULL,
	      loaded_at DATETIME NOT NULL,
	      load_seconds INT NOT NULL,
	      audit_max_id BIGINT NOT NULL
	    ) ENGINE=InnoDB;
	    REPLACE INTO bench_marker SELECT 1, '$fp', $LOGS, $SEED,
	      $(cat "$GDIR/bench_log_id"), UTC_TIMESTAMP(), $(( total_ms / 1000 )),
	      COALESCE(MAX(id), 0) FROM audit"
	if [[ $KEEP != 1 ]]; then
		rm -f "$GDIR"/*.tsv
	fi
	echo "== populate: done in $(secs "$t0" "$(now_ms)") s (benchmark log $(cat "$GDIR/bench_log_id"))"
	do_sizes
}

# The triggers of the data tables (the counters of sql/008_overview.sql;
# not the audit's) cost a statement per loaded row even when they count
# nothing: they are saved to $GDIR/triggers.sql and dropped for the load,
# and made again, in their order, after the recount.  A load that dies in
# between leaves no marker: the next run starts from a fresh database.
TRIGGERS=
drop_triggers() {
	local n
	TRIGGERS=$GDIR/triggers.sql
	{
		echo "DELIMITER ;;"
		sql -r -e "SELECT CONCAT('CREATE DEFINER=',
		      QUOTE(SUBSTRING_INDEX(definer, '@', 1)), '@',
		      QUOTE(SUBSTRING_INDEX(definer, '@', -1)),
		      ' TRIGGER ', trigger_name, ' ', action_timing, ' ',
		      event_manipulation, ' ON ', event_object_table, ' FOR EACH ',
		      action_orientation, ' ', action_statement, ';;')
		    FROM information_schema.triggers WHERE trigger_schema = DATABASE()
		      AND event_object_table <> 'audit'
		    ORDER BY event_object_table, event_manipulation, action_timing,
		      action_order"
		echo "DELIMITER ;"
	} >"$TRIGGERS"
	n=$(sql -e "SELECT COUNT(*) FROM information_schema.triggers WHERE
	    trigger_schema = DATABASE() AND event_object_table <> 'audit'")
	(( n > 0 )) || return 0
	echo "== populate: dropping $n triggers for the load (saved in $TRIGGERS)"
	sql -e "SELECT CONCAT('DROP TRIGGER ', trigger_name, ';') FROM
	    information_schema.triggers WHERE trigger_schema = DATABASE()
	    AND event_object_table <> 'audit'" | sql || die "dropping the triggers failed"
	TRIGGER_COUNT=$n
}

restore_triggers() {
	[[ -n $TRIGGERS && -n ${TRIGGER_COUNT:-} ]] || return 0
	sql <"$TRIGGERS" || die "making the triggers again failed (statements in $TRIGGERS)"
	[[ $(sql -e "SELECT COUNT(*) FROM information_schema.triggers WHERE
	    trigger_schema = DATABASE() AND event_object_table <> 'audit'") == "$TRIGGER_COUNT" ]] ||
	    die "not every trigger came back (statements in $TRIGGERS)"
	echo "== populate: $TRIGGER_COUNT triggers made again"
}

# The kept counters and log columns of the overviews (issue 10): the
# statements between "-- recount begin" and "-- recount end" of the
# migration that made them, run once after the load.
recount() {
	local f t1
	f=$(ls "$ROOT"/sql/[0-9][0-9][0-9]_overview.sql 2>/dev/null | head -n 1)
	[[ -n $f ]] && table_exists unit_log_count || return 0
	echo "== populate: kept counters ($(basename "$f"), recount)"
	t1=$(now_ms)
	sed -n '/^-- recount begin/,/^-- recount end/p' "$f" | sql ||
	    die "the recount of $f failed"
	echo "  done in $(secs "$t1" "$(now_ms)") s"
}

flush_pages() {
	local pct lwm dirty end
	pct=$(sql -e "SELECT @@GLOBAL.innodb_max_dirty_pages_pct")
	lwm=$(sql -e "SELECT @@GLOBAL.innodb_max_dirty_pages_pct_lwm")
	sql -e "SET GLOBAL innodb_max_dirty_pages_pct_lwm = 0,
	    innodb_max_dirty_pages_pct = 0"
	end=$(( $(now_ms) + 600000 ))
	while :; do
		dirty=$(sql -e "SELECT variable_value FROM information_schema.global_status
		    WHERE variable_name = 'INNODB_BUFFER_POOL_PAGES_DIRTY'")
		(( dirty < 100 )) && break
		(( $(now_ms) < end )) || { echo "  $dirty pages still dirty after 600 s; going on"; break; }
		sleep 0.5
	done
	sql -e "SET GLOBAL innodb_max_dirty_pages_pct = $pct,
	    innodb_max_dirty_pages_pct_lwm = $lwm"
}

# readers_from_audit [IDS]: (re)build log_reader (who has read which log,
# sql/007_log_reader.sql) from the audit, for the logs IDS ("1,2,3") or
# for all.
readers_from_audit() {
	local where=""
	[[ -n $1 ]] && where="AND a.log_id IN ($1)"
	sql -e "DELETE FROM log_reader ${1:+WHERE log_id IN ($1)};
	    INSERT INTO log_reader (log_id, uid, last_at, views)
	    SELECT a.log_id, a.uid, MAX(a.at), COUNT(*) FROM audit a
	    WHERE a.action = 'view-log' AND a.uid IS NOT NULL
	      AND a.log_id IS NOT NULL $where
	    GROUP BY a.log_id, a.uid"
}

# trigger_stmt EVENT TIMING: the CREATE statement of the audit table's
# trigger (e.g. INSERT AFTER), from its stored definition; nothing when
# there is none.
trigger_stmt() {
	sql -r -e "SELECT CONCAT('CREATE DEFINER=',
	      QUOTE(SUBSTRING_INDEX(definer, '@', 1)), '@',
	      QUOTE(SUBSTRING_INDEX(definer, '@', -1)),
	      ' TRIGGER ', trigger_name, ' ', action_timing, ' ',
	      event_manipulation, ' ON ', event_object_table, ' FOR EACH ',
	      action_orientation, ' ', action_statement)
	    FROM information_schema.triggers WHERE trigger_schema = DATABASE()
	      AND event_object_table = 'audit' AND event_manipulation = '$1'
	      AND action_timing = '$2'"
}

write_id_file() {
	local id
	id=$(sql -e "SELECT bench_log_id FROM bench_marker WHERE id = 1")
	mkdir -p "$GDIR"
	[[ -s $GDIR/bench_log_id && $(cat "$GDIR/bench_log_id") == "$id" ]] ||
	    echo "$id" >"$GDIR/bench_log_id"
}

# --- reset -------------------------------------------------------------------
# Every GET /logs/ID appends a view-log row to the audit (and counts in
# log_reader), so that each benchmark run would start from another audit
# trail.  reset deletes the rows that were added to the audit trails of
# the benchmark logs (the benchmark log and the two big logs after it)
# after the load, and rebuilds their log_reader rows.  The audit is append-only
# (BEFORE DELETE trigger): the trigger is dropped for the DELETE and
# created again from its stored definition.  Only for the benchmark's own
# database.
do_reset() {
	local id ids max n stmt
	table_exists bench_marker || die "no bench_marker: nothing to reset"
	if ! column_exists bench_marker audit_max_id; then
		echo "populate: warning: bench_marker from an older populate.sh; audit not reset" >&2
		return 0
	fi
	id=$(sql -e "SELECT bench_log_id FROM bench_marker WHERE id = 1")
	max=$(sql -e "SELECT audit_max_id FROM bench_marker WHERE id = 1")
	ids="$id,$((id + 1)),$((id + 2))"
	n=$(sql -e "SELECT COUNT(*) FROM audit WHERE log_id IN ($ids) AND id > $max")
	if (( n == 0 )); then
		echo "populate: audit trails of logs $ids as generated"
		return 0
	fi
	stmt=$(sql -r -e "SELECT CONCAT('CREATE DEFINER=',
	      QUOTE(SUBSTRING_INDEX(definer, '@', 1)), '@',
	      QUOTE(SUBSTRING_INDEX(definer, '@', -1)),
	      ' TRIGGER ', trigger_name, ' ', action_timing, ' ',
	      event_manipulation, ' ON ', event_object_table, ' FOR EACH ',
	      action_orientation, ' ', action_statement)
	    FROM information_schema.triggers WHERE trigger_schema = DATABASE()
	      AND event_object_table = 'audit' AND event_manipulation = 'DELETE'")
	[[ $stmt == "CREATE DEFINER="*" TRIGGER "* ]] ||
	    die "cannot read the audit table's DELETE trigger (got '$stmt')"
	sql --force -e "DROP TRIGGER $(awk 'NR == 1 { print $4 }' <<<"$stmt");
	    DELETE FROM audit WHERE log_id IN ($ids) AND id > $max;
	    $stmt" || true
	[[ $(sql -e "SELECT COUNT(*) FROM information_schema.triggers WHERE
	    trigger_schema = DATABASE() AND event_object_table = 'audit'
	    AND event_manipulation = 'DELETE'") == 1 ]] ||
	    die "the audit DELETE trigger is missing now; create it again: $stmt"
	if table_exists log_reader; then
		readers_from_audit "$ids"
	fi
	echo "populate: removed $n audit rows of logs $ids left by earlier benchmark runs"
}

# --- verify ------------------------------------------------------------------
failures=0
# expect NAME WANT SQL: the query's single value must equal WANT.
expect() {
	local got t0
	t0=$(now_ms)
	got=$(sql -e "$3") || { echo "FAIL $1: query failed"; failures=$((failures + 1)); return 0; }
	if [[ $got == "$2" ]]; then
		printf 'PASS %-52s %s (%s s)\n' "$1" "$got" "$(secs "$t0" "$(now_ms)")"
	else
		printf 'FAIL %-52s got %s, want %s\n' "$1" "$got" "$2"
		failures=$((failures + 1))
	fi
}

# orphans CHILD COLUMN PARENT [PARENTCOL]: rows whose parent is missing.
orphans() {
	local pc=${4:-id}
	expect "every $1.$2 has its $3" 0 "SELECT COUNT(*) FROM \`$1\` c
	    LEFT JOIN \`$3\` p ON p.$pc = c.$2 WHERE c.$2 IS NOT NULL AND p.$pc IS NULL"
}

do_verify() {
	local id manifest=$GDIR/manifest.txt t n
	failures=0
	echo "== populate: consistency"
	id=$(cat "$GDIR/bench_log_id" 2>/dev/null ||
	    sql -e "SELECT bench_log_id FROM bench_marker WHERE id = 1")
	if [[ -r $manifest ]]; then
		for t in log guardian consent concern measure measure_step evaluation \
		    bright_spot note meeting read_grant read_grant_item; do
			n=$(awk -F'\t' -v k="rows.$t" '$1 == k { print $2 }' "$manifest")
			expect "rows in $t" "$n" "SELECT COUNT(*) FROM \`$t\`"
		done
	fi
	orphans guardian log_id log
	orphans consent log_id log
	orphans concern log_id log
	orphans concern category_id category
	orphans measure concern_id concern
	expect "measure.log_id is its concern's log" 0 "SELECT COUNT(*) FROM measure m
	    JOIN concern c ON c.id = m.concern_id WHERE c.log_id <> m.log_id"
	expect "measure.actor_guardian is a guardian of its log" 0 "SELECT COUNT(*)
	    FROM measure m LEFT JOIN guardian g ON g.id = m.actor_guardian
	    WHERE m.actor_guardian IS NOT NULL AND (g.id IS NULL OR g.log_id <> m.log_id)"
	orphans measure replaces_id measure
	orphans measure_step measure_id measure
	orphans evaluation measure_id measure
	expect "evaluation.log_id is its measure's log" 0 "SELECT COUNT(*) FROM evaluation e
	    JOIN measure m ON m.id = e.measure_id WHERE m.log_id <> e.log_id"
	orphans bright_spot log_id log
	orphans note log_id log
	orphans note concern_id concern
	orphans meeting log_id log
	orphans read_grant log_id log
	orphans read_grant_item grant_id read_grant
	orphans log holder_uid staff uid
	orphans log unit_id unit
	orphans measure actor_uid staff uid
	orphans staff_unit unit_id unit
	if table_exists person && column_exists guardian nin; then
		expect "every person is a guardian" 0 "SELECT COUNT(*) FROM person p
		    LEFT JOIN guardian g ON g.nin = p.pid WHERE g.id IS NULL"
		expect "guardian nin unique" 0 "SELECT COUNT(*) FROM (SELECT nin FROM guardian
		    WHERE nin IS NOT NULL GROUP BY nin HAVING COUNT(*) > 1) d"
	fi
	expect "nin unique over all logs" 0 "SELECT COUNT(*) FROM (SELECT nin FROM log
	    GROUP BY nin HAVING COUNT(*) > 1) d"
	expect "active_nin unique" 0 "SELECT COUNT(*) FROM (SELECT active_nin FROM log
	    WHERE active_nin IS NOT NULL GROUP BY active_nin HAVING COUNT(*) > 1) d"
	expect "active_nin = nin exactly for active logs" 0 "SELECT COUNT(*) FROM log
	    WHERE (status = 'active') <> (active_nin IS NOT NULL)
	    OR (active_nin IS NOT NULL AND active_nin <> nin)"
	expect "nin is a synthetic number (month + 80)" 0 "SELECT COUNT(*) FROM log
	    WHERE nin NOT REGEXP '^[0-9]{11}\$' OR SUBSTR(nin, 3, 2) NOT BETWEEN '81' AND '92'"
	expect "children are 0-18 years old" 0 "SELECT COUNT(*) FROM log
	    WHERE TIMESTAMPDIFF(YEAR, birth_date, UTC_DATE()) NOT BETWEEN 0 AND 18"
	expect "one active measure per actor and concern" 0 "SELECT COUNT(*) FROM (
	    SELECT 1 FROM measure WHERE active_actor IS NOT NULL
	    GROUP BY concern_id, active_actor HAVING COUNT(*) > 1) d"
	expect "active_actor set exactly for active measures" 0 "SELECT COUNT(*) FROM measure
	    WHERE (status = 'active') <> (active_actor IS NOT NULL)
	    OR active_actor <> CASE actor_kind WHEN 'staff' THEN CONCAT('staff:', actor_uid)
	      WHEN 'guardian' THEN CONCAT('guardian:', actor_guardian) ELSE 'child' END"
	expect "escapes survive (LF, TAB, backslash)" 0 "SELECT
	    (SELECT COUNT(*) = 0 FROM note WHERE text LIKE 'Skannet kopi: K:\\\\\\\\Skanner\\\\\\\\2024%\t(papir%')
	    + (SELECT COUNT(*) = 0 FROM note WHERE text LIKE 'Referat%\n- tiltakene%')
	    + (SELECT COUNT(*) FROM note WHERE text LIKE '%\\\\\\\\t%' OR text LIKE '%\\\\\\\\n%')"
	expect "UTF-8 survives (Åse Øvrebø)" 1 "SELECT COUNT(*) FROM staff
	    WHERE uid = 'ase.ovrebo' AND name = 'Åse Øvrebø'"
	if [[ -n $id ]]; then
		expect "benchmark log $id: holder, unit, status" "ola.berg solbakken-barnehage active" \
		    "SELECT CONCAT_WS(' ', holder_uid, unit_id, status) FROM log WHERE id = $id"
		expect "benchmark log: concerns measures bright spots" "5 15 20" "SELECT CONCAT_WS(' ',
		    (SELECT COUNT(*) FROM concern WHERE log_id = $id),
		    (SELECT COUNT(*) FROM measure WHERE log_id = $id AND status = 'active'),
		    (SELECT COUNT(*) FROM bright_spot WHERE log_id = $id))"
		expect "benchmark log: measures per concern and kind" 15 "SELECT COUNT(DISTINCT
		    concern_id, kind) FROM measure WHERE log_id = $id"
		expect "big logs: concerns measures bright spots" "30 90 300 30 90 300" "SELECT CONCAT_WS(' ',
		    (SELECT COUNT(*) FROM concern WHERE log_id = $id + 1),
		    (SELECT COUNT(*) FROM measure WHERE log_id = $id + 1 AND status = 'active'),
		    (SELECT COUNT(*) FROM bright_spot WHERE log_id = $id + 1),
		    (SELECT COUNT(*) FROM concern WHERE log_id = $id + 2),
		    (SELECT COUNT(*) FROM measure WHERE log_id = $id + 2 AND status = 'active'),
		    (SELECT COUNT(*) FROM bright_spot WHERE log_id = $id + 2))"
		expect "big log read 100,000 times more" 1 "SELECT
		    (SELECT COUNT(*) FROM audit WHERE log_id = $id + 2 AND action = 'view-log')
		    - (SELECT COUNT(*) FROM audit WHERE log_id = $id + 1 AND action = 'view-log')
		    = 100000"
	fi
	(( failures == 0 ))
}

# --- plans -------------------------------------------------------------------
PLAN_FAILS=0
PLAN_COUNT=0

# aliases SQL: "alias=table" words for the FROM/JOIN items of the query
# (EXPLAIN names a table by its alias).
aliases() {
	# shellcheck disable=SC2016  # backquotes of SQL, not of the shell
	grep -oiE '\b(from|join)[[:space:]]+`?[a-z_]+`?([[:space:]]+(as[[:space:]]+)?[a-z_]+)?' <<<"$1" |
	awk '{
		t = $2; gsub(/`/, "", t); a = $3
		if (tolower(a) == "as") a = $4
		if (a == "" || a ~ /^(ON|on|WHERE|where|LEFT|left|JOIN|join|ORDER|order|GROUP|group|LIMIT|limit|INNER|inner|USING|using)$/) a = t
		printf "%s=%s ", a, t
	}'
}

# plan NAME SQL: ANALYZE (EXPLAIN and run) a SELECT; FAIL when a big
# table is read with type ALL or index (a full table or full index scan).
plan() {
	local name=$1 q=$2 out verdict=PASS line map real ms
	local table type key rows rrows extra details=()
	PLAN_COUNT=$((PLAN_COUNT + 1))
	if ! out=$(sql -e "ANALYZE $q" 2>&1); then
		printf 'FAIL %-30s query failed: %s\n' "$name" "$out"
		PLAN_FAILS=$((PLAN_FAILS + 1))
		return 0
	fi
	map=" $(aliases "$q")"
	while IFS=$'\t' read -r _ _ table type _ key _ _ rows rrows _ _ extra; do
		real=$table
		if [[ $map == *" $table="* ]]; then
			real=${map#* "$table"=}
			real=${real%% *}
		fi
		line=$table
		[[ $real == "$table" ]] || line="$line($real)"
		line="$line $type ${key/NULL/-} rows=$rows r_rows=$rrows${extra:+ [$extra]}"
		if [[ $BIG_TABLES == *" $real "* && ( $type == ALL || $type == index ) ]]; then
			verdict=FAIL
			line="$line  <-- full scan"
		fi
		details+=("$line")
	done <<<"$out"
	[[ $verdict == PASS ]] || PLAN_FAILS=$((PLAN_FAILS + 1))
	# execution time, from a second (warm) run
	ms=$(sql -e "ANALYZE FORMAT=JSON $q" 2>/dev/null | awk '{
		s = substr($0, index($0, "\"query_block\""))
		if (match(s, /"r_total_time_ms": [0-9.]+/))
			print substr(s, RSTART + 19, RLENGTH - 19)
		exit
	    }')
	[[ -n $ms ]] && details[0]="${details[0]}  {$(awk -v t="$ms" 'BEGIN { printf "%.2f", t }') ms}"
	printf '%s %-30s %s\n' "$verdict" "$name" "${details[0]}"
	for line in "${details[@]:1}"; do
		printf '     %-30s %s\n' "" "$line"
	done
}

column_exists() {
	[[ $(sql -e "SELECT COUNT(*) FROM information_schema.columns WHERE
	    table_schema = DATABASE() AND table_name = '$1' AND column_name = '$2'") == 1 ]]
}

# The queries of the pages as the application sends them (fcgi/logfacts.c,
# fcgi/h_log.c, fcgi/h_logs.c), with the parameters filled in: keep in
# step with the code.
do_plans() {
	local LOG HOLDER=ola.berg ACTOR=kari.holm GRANTEE=jonas.moe LEADER UNIT=solbakken-barnehage
	local NIN GNIN GRANT MID out BIG BIGLEADER
	LOG=$(sql -e "SELECT bench_log_id FROM bench_marker WHERE id = 1" 2>/dev/null || true)
	[[ -n $LOG ]] || LOG=$(cat "$GDIR/bench_log_id" 2>/dev/null || true)
	[[ -n $LOG ]] || die "no benchmark log id (load first)"
	LEADER=$(sql -e "SELECT uid FROM staff_unit WHERE unit_id = '$UNIT' AND role = 'leader' ORDER BY uid LIMIT 1")
	# the unit with about 2,000 logs (generate.c) and its leader
	BIG=fjordvik-skole
	BIGLEADER=$(sql -e "SELECT COALESCE(MAX(uid), 'per.lund') FROM staff_unit WHERE unit_id = '$BIG' AND role = 'leader'")
	NIN=$(sql -e "SELECT nin FROM log WHERE id = $LOG")
	GRANT=$(sql -e "SELECT COALESCE(MAX(id), 0) FROM read_grant WHERE log_id = $LOG")
	MID=$(sql -e "SELECT COALESCE(MAX(id), 0) FROM measure WHERE log_id = $LOG")
	echo "== populate: query plans (log $LOG; holder $HOLDER, actor $ACTOR, grantee $GRANTEE, leader $LEADER of $UNIT)"
	echo "   verdict query                         table type key rows(estimated) r_rows(read) [extra] {execution time}"
	PLAN_FAILS=0 PLAN_COUNT=0

	# (b) policy facts for one log (logfacts_load), as a non-holder
	plan "b log and holder" "SELECT l.status, l.unit_id, u.name, l.holder_uid, s.name,
	    l.child_name, l.birth_date, l.nin, l.address,
	    DATE_FORMAT(l.created_at, '%Y-%m-%dT%H:%i:%sZ'), l.level
	    FROM log l LEFT JOIN unit u ON u.id = l.unit_id
	    LEFT JOIN staff s ON s.uid = l.holder_uid WHERE l.id = $LOG"
	plan "b actor check" "SELECT DISTINCT concern_id FROM measure
	    WHERE actor_uid = '$ACTOR' AND status = 'active' AND log_id = $LOG"
	plan "b actor check (LIMIT 1 form)" "SELECT 1 FROM measure WHERE log_id = $LOG
	    AND actor_uid = '$ACTOR' AND status = 'active' LIMIT 1"
	plan "b grant check" "SELECT id, scope, history, expires_at FROM read_grant
	    WHERE uid = '$GRANTEE' AND log_id = $LOG AND revoked_at IS NULL
	    ORDER BY expires_at IS NOT NULL, expires_at DESC, id DESC LIMIT 1"
	plan "b grant items" "SELECT item_id FROM read_grant_item WHERE grant_id = $GRANT"
	plan "b leader check" "SELECT 1 FROM staff_unit WHERE uid = '$LEADER'
	    AND unit_id = '$UNIT' AND role = 'leader'"
	plan "b log of a measure" "SELECT log_id FROM measure WHERE id = $MID"
	if column_exists guardian nin; then
		GNIN=$(sql -e "SELECT COALESCE(MAX(nin), '00000000000') FROM guardian WHERE log_id = $LOG")
		plan "b guardian check (family)" "SELECT 1 FROM guardian
		    WHERE nin = '$GNIN' AND log_id = $LOG LIMIT 1"
	fi

	# (a) the log page (h_log.c), as the holder
	plan "a guardians" "SELECT id, name, email, phone FROM guardian
	    WHERE log_id = $LOG ORDER BY id"
	plan "a consents" "SELECT c.id, c.given_by, c.given_by_name, c.given_at,
	    c.expires_at, c.expires_at IS NOT NULL AND c.expires_at < UTC_DATE(),
	    c.attachment_id, a.filename, c.scope FROM consent c
	    LEFT JOIN attachment a ON a.id = c.attachment_id
	    WHERE c.log_id = $LOG AND c.withdrawn_at IS NULL ORDER BY c.id"
	plan "a concerns" "SELECT c.id, c.category_id, k.name, c.status,
	    c.registered_at, c.discussed_leader, c.discussed_guardians,
	    c.discussed_child, c.description, c.goal, c.maintaining
	    FROM concern c JOIN category k ON k.id = c.category_id
	    WHERE c.log_id = $LOG ORDER BY c.id"
	plan "a measures + actor names" "SELECT m.id, m.concern_id, m.kind,
	    m.actor_kind, COALESCE(s.name, g.name, m.actor_uid), m.status,
	    m.start_date, m.evaluate_by, m.text, m.replaces_id,
	    DATE_FORMAT(m.created_at + INTERVAL 8 HOUR, '%Y-%m-%dT%H:%i:%sZ'),
	    m.created_at > UTC_TIMESTAMP() - INTERVAL 8 HOUR,
	    m.evaluate_by < UTC_DATE(), m.actor_uid, m.actor_guardian FROM measure m
	    LEFT JOIN staff s ON s.uid = m.actor_uid
	    LEFT JOIN guardian g ON g.id = m.actor_guardian
	    WHERE m.log_id = $LOG ORDER BY m.concern_id, m.id"
	plan "a measure steps" "SELECT st.measure_id, st.pos, st.text
	    FROM measure_step st JOIN measure m ON m.id = st.measure_id
	    WHERE m.log_id = $LOG ORDER BY st.measure_id, st.pos"
	plan "a evaluations" "SELECT e.measure_id, e.effective, e.decision,
	    DATE_FORMAT(e.created_at, '%Y-%m-%dT%H:%i:%sZ'),
	    COALESCE(s.name, e.created_by), e.family_view
	    FROM evaluation e LEFT JOIN staff s ON s.uid = e.created_by
	    WHERE e.log_id = $LOG"
	plan "a staff to choose (actors, readers)" "SELECT s.uid, s.name,
	    MIN(u.name), MAX(su.unit_id = '$UNIT') FROM (SELECT uid FROM staff_unit WHERE
	    unit_id = '$UNIT' UNION SELECT actor_uid FROM measure
	    WHERE log_id = $LOG AND actor_uid IS NOT NULL UNION
	    SELECT uid FROM read_grant WHERE log_id = $LOG AND
	    revoked_at IS NULL) x JOIN staff s ON s.uid = x.uid
	    LEFT JOIN staff_unit su ON su.uid = s.uid
	    LEFT JOIN unit u ON u.id = su.unit_id
	    GROUP BY s.uid, s.name ORDER BY s.name LIMIT 300"
	plan "a bright spots (newest page)" "SELECT id, author_uid, author_name,
	    DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'),
	    DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%sZ'), text
	    FROM bright_spot WHERE log_id = $LOG AND (NULL IS NULL
	    OR created_at < NULL OR (created_at = NULL AND id < 0))
	    ORDER BY created_at DESC, id DESC LIMIT 21"
	plan "a bright spots (older page)" "SELECT id, author_uid, author_name,
	    DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'),
	    DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%sZ'), text
	    FROM bright_spot WHERE log_id = $LOG AND ('2026-01-01 00:00:00' IS NULL
	    OR created_at < '2026-01-01 00:00:00' OR (created_at = '2026-01-01 00:00:00'
	    AND id < 1000)) ORDER BY created_at DESC, id DESC LIMIT 21"
	plan "a notes (newest page)" "SELECT n.id, n.concern_id, n.author_uid, n.author_name,
	    DATE_FORMAT(n.created_at, '%Y-%m-%dT%H:%i:%sZ'), n.private,
	    n.attachment_id, a.filename, n.text FROM note n
	    LEFT JOIN attachment a ON a.id = n.attachment_id WHERE n.log_id = $LOG
	    AND (n.private = 0 OR n.author_uid = '$HOLDER') AND (NULL IS NULL
	    OR n.created_at < NULL OR (n.created_at = NULL AND n.id < 0))
	    ORDER BY n.created_at DESC, n.id DESC LIMIT 21"
	plan "a meetings" "SELECT id, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%sZ'), place,
	    participants, agenda FROM meeting WHERE log_id = $LOG ORDER BY at"
	plan "a grants" "SELECT g.id, g.uid, COALESCE(s.name, g.uid), g.scope,
	    g.history, g.expires_at, g.expires_at IS NOT NULL AND
	    g.expires_at < UTC_DATE() FROM read_grant g
	    LEFT JOIN staff s ON s.uid = g.uid WHERE g.log_id = $LOG
	    AND g.revoked_at IS NULL ORDER BY g.id"
	plan "a grant items" "SELECT i.grant_id, i.item_id, g.scope,
	    COALESCE(k.name, ck.name) FROM read_grant_item i
	    JOIN read_grant g ON g.id = i.grant_id
	    LEFT JOIN category k ON g.scope = 'categories' AND k.id = i.item_id
	    LEFT JOIN concern cc ON g.scope = 'concerns' AND cc.id = i.item_id
	    LEFT JOIN category ck ON ck.id = cc.category_id WHERE g.log_id = $LOG"
	if table_exists log_reader; then
		plan "a readers (log_reader)" "SELECT r.uid, COALESCE(s.name, p.name, r.uid),
		    DATE_FORMAT(r.last_at, '%Y-%m-%dT%H:%i:%sZ'), r.views
		    FROM log_reader r LEFT JOIN staff s ON s.uid = r.uid
		    LEFT JOIN person p ON r.uid LIKE 'family:%'
		    AND p.pid = CONVERT(SUBSTRING(r.uid, 8) USING ascii)
		    WHERE r.log_id = $LOG AND r.uid <> '$HOLDER'
		    ORDER BY r.last_at DESC, r.uid LIMIT 21 OFFSET 0"
	elif table_exists person; then
		plan "a readers (audit)" "SELECT a.uid, COALESCE(s.name, p.name, a.uid),
		    DATE_FORMAT(MAX(a.at), '%Y-%m-%dT%H:%i:%sZ'), COUNT(*)
		    FROM audit a LEFT JOIN staff s ON s.uid = a.uid
		    LEFT JOIN person p ON a.uid LIKE 'family:%'
		    AND p.pid = CONVERT(SUBSTRING(a.uid, 8) USING ascii)
		    WHERE a.log_id = $LOG AND a.action = 'view-log'
		    GROUP BY a.uid ORDER BY MAX(a.at) DESC LIMIT 200"
	fi

	# (c) my logs (h_logs.c)
	local cols="l.id, l.child_name, l.birth_date, l.level, l.status, u.name, s.name"
	local from="FROM log l LEFT JOIN unit u ON u.id = l.unit_id LEFT JOIN staff s ON s.uid = l.holder_uid"
	plan "c logs I hold" "SELECT $cols,
	    (SELECT COUNT(*) FROM concern k WHERE k.log_id = l.id AND k.status = 'active'),
	    (SELECT MIN(m.evaluate_by) FROM measure m WHERE m.log_id = l.id AND m.status = 'active')
	    $from WHERE l.holder_uid = '$HOLDER' ORDER BY l.status, l.child_name LIMIT 500"
	plan "c logs I act in" "SELECT $cols $from
	    WHERE l.id IN (SELECT m.log_id FROM measure m WHERE m.actor_uid = '$ACTOR'
	    AND m.status = 'active') AND l.holder_uid <> '$ACTOR' AND l.status = 'active'
	    ORDER BY l.child_name LIMIT 500"
	plan "c logs granted to me" "SELECT $cols $from
	    WHERE l.id IN (SELECT g.log_id FROM read_grant g WHERE g.uid = '$GRANTEE'
	    AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at >= UTC_DATE()))
	    AND l.holder_uid <> '$GRANTEE' ORDER BY l.child_name LIMIT 500"
	plan "c logs of the units I lead" "SELECT $cols $from
	    JOIN staff_unit su ON su.unit_id = l.unit_id AND su.uid = '$LEADER'
	    AND su.role = 'leader' WHERE l.holder_uid <> '$LEADER'
	    ORDER BY l.status, l.child_name LIMIT 500"
	# (c) my logs, a page at a time (issue 10): the holder's section by
	# name, next deadline and last activity; the leader's of a unit
	# with about 2,000 logs
	if column_exists log next_deadline; then
		local pcols="$cols, (SELECT COUNT(*) FROM concern k WHERE k.log_id = l.id AND k.status = 'active'),
		    NULLIF(l.next_deadline, '9999-12-31'), DATE_FORMAT(l.last_activity, '%Y-%m-%dT%H:%i:%sZ')"
		local filt="AND l.status IN ('active', 'passive') AND l.level IN (1, 2, 3)"
		plan "c page: held, by name" "SELECT $pcols $from WHERE l.holder_uid = '$HOLDER' $filt
		    ORDER BY l.status, l.child_name, l.id LIMIT 51 OFFSET 0"
		plan "c page: held, by deadline" "SELECT $pcols $from WHERE l.holder_uid = '$HOLDER'
		    AND l.status IN ('active', 'active') AND l.level IN (1, 2, 3)
		    ORDER BY l.status, l.next_deadline, l.id LIMIT 51 OFFSET 0"
		plan "c page: held, by activity" "SELECT $pcols $from WHERE l.holder_uid = '$HOLDER' $filt
		    ORDER BY l.status, l.last_activity DESC, l.id DESC LIMIT 51 OFFSET 0"
		plan "c page: led unit, page 40" "SELECT $cols, NULL, NULL, l.last_activity $from
		    JOIN staff_unit su ON su.unit_id = l.unit_id AND su.uid = '$BIGLEADER'
		    AND su.role = 'leader' WHERE l.holder_uid <> '$BIGLEADER'
		    AND l.status IN ('active', 'active') AND l.level IN (1, 2, 3)
		    ORDER BY l.status, l.last_activity DESC, l.id DESC LIMIT 51 OFFSET 1950"
	fi
	plan "c unit's active logs" "SELECT id, child_name, holder_uid FROM log
	    WHERE unit_id = '$UNIT' AND status = 'active'"
	plan "c units I may hold in" "SELECT u.id, u.name FROM staff_unit su
	    JOIN unit u ON u.id = su.unit_id LEFT JOIN staff_permission p
	    ON p.uid = su.uid AND p.unit_id = su.unit_id WHERE su.uid = '$LEADER'
	    AND COALESCE(p.may_hold, 1) = 1 ORDER BY u.name"
	plan "c active log for a nin" "SELECT id FROM log WHERE active_nin = '$NIN'"
	plan "c family: own log" "SELECT $cols $from WHERE l.nin = '$NIN'
	    ORDER BY l.status LIMIT 10"
	if column_exists guardian nin; then
		plan "c family: guardian's logs" "SELECT $cols $from
		    WHERE l.id IN (SELECT g.log_id FROM guardian g WHERE g.nin = '$GNIN')
		    ORDER BY l.status, l.child_name LIMIT 100"
	fi

	# (e) the overviews and the start page's to-do (issue 10): counters
	# and indexes, for the unit with about 2,000 logs and the municipality
	if table_exists unit_log_count; then
		local T; T=$(sql -e "SELECT UTC_DATE()")
		plan "e unit: logs by level" "SELECT unit_id, status, level, n FROM unit_level_count
		    WHERE unit_id = '$BIG' AND n <> 0"
		plan "e unit: categories" "SELECT unit_id, category_id, active_n FROM unit_category_count
		    WHERE unit_id = '$BIG' AND active_n <> 0"
		plan "e unit: deadlines" "SELECT unit_id, SUM(IF(evaluate_by < '$T', n, 0)),
		    SUM(IF(evaluate_by >= '$T', n, 0)) FROM unit_due_count WHERE unit_id = '$BIG'
		    AND evaluate_by <= '$T' + INTERVAL 14 DAY GROUP BY unit_id"
		plan "e unit: deadlines by holder" "SELECT d.holder_uid, COALESCE(MAX(s.name), d.holder_uid),
		    SUM(IF(d.evaluate_by < '$T', d.n, 0)), SUM(IF(d.evaluate_by >= '$T', d.n, 0))
		    FROM unit_due_count d LEFT JOIN staff s ON s.uid = d.holder_uid
		    WHERE d.unit_id = '$BIG' AND d.evaluate_by <= '$T' + INTERVAL 14 DAY
		    GROUP BY d.holder_uid HAVING SUM(d.n) <> 0 ORDER BY 2, 1 LIMIT 1000"
		plan "e unit: consents" "SELECT unit_id, SUM(consent_until < '$T'), SUM(consent_until >= '$T')
		    FROM log WHERE unit_id = '$BIG' AND status = 'active'
		    AND consent_until <= '$T' + INTERVAL 30 DAY GROUP BY unit_id"
		plan "e unit: holder left" "SELECT h.unit_id, SUM(h.n) FROM unit_holder_count h
		    LEFT JOIN staff_unit su ON su.uid = h.holder_uid AND su.unit_id = h.unit_id
		    WHERE h.unit_id = '$BIG' AND h.n <> 0 AND su.uid IS NULL GROUP BY h.unit_id"
		plan "e unit: months" "SELECT unit_id, DATE_FORMAT(day, '%Y-%m'), SUM(opened), SUM(closed)
		    FROM unit_day_count WHERE unit_id = '$BIG' AND day BETWEEN '$T' - INTERVAL 1 YEAR AND '$T'
		    GROUP BY unit_id, DATE_FORMAT(day, '%Y-%m')"
		# the municipality: whole months from the coarser counters,
		# this month's days (and a period's partial months) by day
		local MS; MS=$(sql -e "SELECT UTC_DATE() - INTERVAL (DAYOFMONTH(UTC_DATE()) - 1) DAY")
		plan "e municipality: logs by level" "SELECT unit_id, status, level, n
		    FROM unit_level_count WHERE n <> 0"
		plan "e municipality: deadlines" "SELECT unit_id, SUM(o), SUM(d) FROM (SELECT unit_id,
		    n AS o, 0 AS d FROM unit_due_month WHERE month < '$MS' UNION ALL SELECT unit_id,
		    IF(evaluate_by < '$T', n, 0), IF(evaluate_by >= '$T', n, 0) FROM unit_due_day
		    WHERE evaluate_by >= '$MS' AND evaluate_by <= '$T' + INTERVAL 14 DAY) x GROUP BY unit_id"
		plan "e municipality: consents" "SELECT unit_id, SUM(e), SUM(x) FROM (SELECT unit_id,
		    n AS e, 0 AS x FROM unit_consent_month WHERE month < '$MS' UNION ALL SELECT unit_id,
		    consent_until < '$T', consent_until >= '$T' FROM log WHERE status = 'active'
		    AND consent_until >= '$MS' AND consent_until <= '$T' + INTERVAL 30 DAY) x
		    GROUP BY unit_id"
		plan "e municipality: holder left" "SELECT h.unit_id, SUM(h.n) FROM unit_holder_count h
		    LEFT JOIN staff_unit su ON su.uid = h.holder_uid AND su.unit_id = h.unit_id
		    WHERE h.n <> 0 AND su.uid IS NULL GROUP BY h.unit_id"
		plan "e municipality: months" "SELECT unit_id, ym, SUM(o), SUM(c) FROM (SELECT unit_id,
		    DATE_FORMAT(month, '%Y-%m') AS ym, opened AS o, closed AS c FROM unit_month_count
		    WHERE month >= '$MS' - INTERVAL 11 MONTH AND month < '$MS' UNION ALL SELECT unit_id,
		    DATE_FORMAT(day, '%Y-%m'), opened, closed FROM unit_day_count
		    WHERE (day >= '$MS' - INTERVAL 11 MONTH AND day < '$MS' - INTERVAL 11 MONTH)
		    OR (day >= '$MS' AND day <= '$T')) x GROUP BY unit_id, ym"
		plan "e admin categories (used)" "SELECT k.id, k.name, k.sort, k.active,
		    (SELECT COALESCE(SUM(u.total_n), 0) FROM unit_category_count u
		    WHERE u.category_id = k.id) FROM category k ORDER BY k.sort, k.id"
		plan "f to-do: evaluations (actor)" "SELECT m.id, m.log_id, l.child_name, k.name
		    FROM measure m JOIN log l ON l.id = m.log_id AND l.status = 'active'
		    JOIN concern c ON c.id = m.concern_id JOIN category k ON k.id = c.category_id
		    WHERE m.actor_uid = '$ACTOR' AND m.status = 'active'
		    AND m.evaluate_by <= UTC_DATE() + INTERVAL 14 DAY ORDER BY m.evaluate_by, m.id LIMIT 21"
		plan "f to-do: evaluations (holder)" "SELECT m.id, m.log_id, l.child_name, k.name
		    FROM log l JOIN measure m ON m.log_id = l.id AND m.status = 'active'
		    AND m.evaluate_by <= UTC_DATE() + INTERVAL 14 DAY
		    JOIN concern c ON c.id = m.concern_id JOIN category k ON k.id = c.category_id
		    WHERE l.holder_uid = '$HOLDER' AND l.status = 'active'
		    AND l.next_deadline <= UTC_DATE() + INTERVAL 14 DAY ORDER BY m.evaluate_by, m.id LIMIT 21"
		plan "f to-do: consents" "SELECT l.id, l.child_name, l.consent_until FROM log l
		    WHERE l.holder_uid = '$HOLDER' AND l.status = 'active'
		    AND l.consent_until <= UTC_DATE() + INTERVAL 30 DAY ORDER BY l.consent_until, l.id LIMIT 21"
		plan "f to-do: idle" "SELECT l.id, l.child_name, l.last_activity FROM log l
		    WHERE l.holder_uid = '$HOLDER' AND l.status = 'active'
		    AND l.last_activity < UTC_TIMESTAMP() - INTERVAL 90 DAY ORDER BY l.last_activity, l.id LIMIT 21"
	fi

	# (d) audit
	PLAN_COUNT=$((PLAN_COUNT + 1))
	if out=$(sql -e "EXPLAIN INSERT INTO audit (at, uid, action, log_id, object,
	    detail, remote) VALUES (UTC_TIMESTAMP(3), '$HOLDER', 'view-log', $LOG, NULL,
	    'holder', '127.0.0.1')" 2>&1) &&
	    [[ $(sql -e "SELECT COUNT(*) FROM information_schema.columns WHERE
	    table_schema = DATABASE() AND table_name = 'audit' AND column_name = 'id'
	    AND column_key = 'PRI' AND extra LIKE '%auto_increment%'") == 1 ]] &&
	    [[ $(sql -e "SELECT COUNT(*) FROM information_schema.triggers WHERE
	    event_object_schema = DATABASE() AND event_object_table = 'audit' AND
	    action_timing = 'BEFORE' AND event_manipulation IN ('UPDATE', 'DELETE')") == 2 ]]; then
		printf 'PASS %-30s %s\n' "d audit insert" "appends to the AUTO_INCREMENT primary key; BEFORE UPDATE/DELETE triggers refuse changes"
	else
		printf 'FAIL %-30s %s\n' "d audit insert" "not append-only: ${out:-no AUTO_INCREMENT id or no triggers}"
		PLAN_FAILS=$((PLAN_FAILS + 1))
	fi
	plan "d audit of a log" "SELECT at, uid, action, object, detail FROM audit
	    WHERE log_id = $LOG ORDER BY at"
	plan "d audit of a user" "SELECT at, action, log_id, object FROM audit
	    WHERE uid = '$HOLDER' ORDER BY at DESC LIMIT 100"

	if (( PLAN_FAILS > 0 )); then
		echo "plans: $PLAN_FAILS of $PLAN_COUNT FAIL"
		return 1
	fi
	echo "plans: all $PLAN_COUNT PASS"
}

# --- plans of the queries the application really sent ----------------------
# capture-start / capture-stop switch MariaDB's general query log (to the
# table mysql.general_log) on and off; plans-captured ANALYZEs every
# distinct SELECT that the application's user sent in between, with the
# same FAIL rule as plans.  bench.sh loads the measured pages in between.
do_capture_start() {
	sql -e "SET GLOBAL general_log = 0; SET GLOBAL log_output = 'TABLE';
	    TRUNCATE TABLE mysql.general_log; SET GLOBAL general_log = 1"
}

do_capture_stop() {
	sql -e "SET GLOBAL general_log = 0"
}

do_plans_captured() {
	local q n=0
	local -a qs=()
	while IFS= read -r q; do
		qs+=("$q")
	done < <(sql -e "SELECT DISTINCT CONVERT(argument USING utf8mb4)
	    FROM mysql.general_log WHERE user_host LIKE '${DB}[%'
	    AND command_type IN ('Execute', 'Query')
	    AND CONVERT(argument USING utf8mb4) LIKE 'SELECT %'")
	echo "== populate: plans of the ${#qs[@]} distinct SELECTs the application sent"
	echo "   verdict query                         table type key rows(estimated) r_rows(read) [extra] {execution time}"
	PLAN_FAILS=0 PLAN_COUNT=0
	for q in "${qs[@]}"; do
		n=$((n + 1))
		printf '     q%-3d %s\n' "$n" "$(cut -c1-150 <<<"$q")"
		plan "q$n" "$q"
	done
	if (( PLAN_FAILS > 0 )); then
		echo "captured plans: $PLAN_FAILS of $PLAN_COUNT FAIL"
		return 1
	fi
	echo "captured plans: all $PLAN_COUNT PASS"
}

# --- sizes -------------------------------------------------------------------
do_sizes() {
	echo "== populate: sizes (information_schema; InnoDB row counts are estimates)"
	sql -e "SELECT table_name, table_rows, ROUND(data_length / 1048576),
	    ROUND(index_length / 1048576), ROUND((data_length + index_length) / 1048576)
	    FROM information_schema.tables WHERE table_schema = DATABASE()
	    ORDER BY data_length + index_length DESC" |
	awk -F'\t' 'BEGIN { printf "  %-18s %12s %9s %9s %9s\n", "table", "rows(est)", "data MB", "index MB", "total MB" }
	    { printf "  %-18s %12s %9s %9s %9s\n", $1, $2, $3, $4, $5; d += $3; i += $4 }
	    END { printf "  %-18s %12s %9d %9d %9d\n", "total", "", d, i, d + i }'
	if [[ -d $RUN/db/data ]]; then
		echo "  datadir $RUN/db/data: $(du -sh "$RUN/db/data" | cut -f1)"
	fi
	echo "  innodb_buffer_pool_size $(sql -e "SELECT @@innodb_buffer_pool_size")," \
	    "innodb_log_file_size $(sql -e "SELECT @@innodb_log_file_size")"
}

case ${1:-load} in
load)	do_load ;;
check)	set +e; st=$(state); rc=$?; set -e
	echo "populate: database $st"
	exit $rc ;;
verify)	do_verify ;;
reset)	do_reset ;;
capture-start)	do_capture_start ;;
capture-stop)	do_capture_stop ;;
plans-captured)	do_plans_captured ;;
plans)	do_plans ;;
sizes)	do_sizes ;;
*)	echo "usage: RUN=/abs/dir $0 [load|check|verify|plans|reset|capture-start|capture-stop|plans-captured|sizes]" >&2; exit 2 ;;
esac
