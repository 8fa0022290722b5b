-- 016: the life of a log (issue 7): consent over time, levels, passive,
-- reopened, deleted.  The steps themselves are rows of log_event (014);
-- what this migration adds is the one way the append-only audit may
-- change: when a log is deleted.
--
-- Deleting a log (fcgi/h_lifecycle.c, the unit leader, a passive log, its
-- archive copy made first) removes every row of it from every table in
-- one transaction.  The audit keeps its rows about the log - who did what
-- when, so that access stays accountable - but not their content: the
-- trigger log_ad_scrub_audit below, fired by the DELETE of the log row
-- itself, empties `object` and `detail` of that log's audit rows and
-- replaces the identity number in a family member's uid ("family:NIN") by
-- "family:deleted".  Then the application writes one row 'delete-log'
-- (the log's id, the leader, the time, the reason).
--
-- Why this is safe: the workers' database user has no UPDATE on the audit
-- at all (db_grant_workers); the triggers run as the migrating user.  The
-- audit's UPDATE guard (audit_no_update, replaced here) lets a row change
-- only while @sl_audit_scrub_log names that row's log (or
-- @sl_audit_scrub_uid its family uid), and then only by
-- emptying object/detail and the family uid: id, time, action, log and
-- remote stay.  A worker could set the variable, but has no UPDATE to use
-- it with; the scrub itself only runs for a log row that is being deleted,
-- inside that deletion's transaction (rolled back with it).  Every other
-- audit row stays append-only exactly as before.
--
-- The same for a family member who no longer belongs to any log: deleting
-- the person row (the application does so when the last log naming the
-- identity number is deleted) replaces "family:NIN" in that person's other
-- audit rows (logins, lists), and is refused while a log or guardian still
-- names the number.
--
-- The one exception to "nothing of the log remains": archive_copy (011)
-- has no foreign key and keeps the copy with reason 'delete' made just
-- before.  It is the archival deposit the municipality must keep under
-- the archive act (arkivlova) before it may delete the case; its
-- retention and its own deletion belong to the archive, not to the log.

DROP TRIGGER IF EXISTS audit_no_update;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW
  BEGIN IF NOT (((@sl_audit_scrub_log IS NOT NULL AND OLD.log_id = @sl_audit_scrub_log) OR (@sl_audit_scrub_uid IS NOT NULL AND OLD.uid = @sl_audit_scrub_uid)) AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action AND NEW.log_id <=> OLD.log_id AND NEW.remote <=> OLD.remote AND (NEW.object IS NULL OR NEW.object <=> OLD.object) AND (NEW.detail IS NULL OR NEW.detail <=> OLD.detail) AND (NEW.uid <=> OLD.uid OR NEW.uid = 'family:deleted')) THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit is append-only'; END IF; END;

CREATE TRIGGER log_ad_scrub_audit AFTER DELETE ON log FOR EACH ROW
  BEGIN SET @sl_audit_scrub_log = OLD.id; UPDATE audit SET object = NULL, detail = NULL, uid = IF(uid LIKE 'family:%', 'family:deleted', uid) WHERE log_id = OLD.id AND action <> 'delete-log'; SET @sl_audit_scrub_log = NULL; END;

CREATE TRIGGER person_bd_scrub_audit BEFORE DELETE ON person FOR EACH ROW
  BEGIN IF EXISTS (SELECT 1 FROM log WHERE nin = OLD.pid) OR EXISTS (SELECT 1 FROM guardian WHERE nin = OLD.pid) THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'person still named by a log'; END IF; SET @sl_audit_scrub_uid = CONCAT('family:', CONVERT(OLD.pid USING utf8mb4)); UPDATE audit SET uid = 'family:deleted' WHERE uid = @sl_audit_scrub_uid; SET @sl_audit_scrub_uid = NULL; END;

-- The consent form's scanned PDF and the reason of a step are in the rows
-- above; the log says whether it waits for the youth's own consent by the
-- age of the child and its consents (fcgi/logfacts.c), nothing is kept.
-- Consents by index: the facts ask for the valid ones of a log.
ALTER TABLE consent ADD KEY consent_valid (log_id, withdrawn_at, expires_at, given_by);

-- A log reopened is no longer closed: the day it was closed counts one
-- less (sql/008 counts closings as active -> passive only, and its recount
-- counts the logs passive now).  Its unit_month_count follows by 008's
-- triggers on unit_day_count.
CREATE TRIGGER log_au_reopened AFTER UPDATE ON log FOR EACH ROW
  INSERT INTO unit_day_count (unit_id, day, opened, closed)
  SELECT OLD.unit_id, DATE(OLD.closed_at), 0, -1 FROM DUAL
  WHERE @sl_bulk_load IS NULL AND OLD.status = 'passive' AND NEW.status = 'active'
    AND OLD.closed_at IS NOT NULL
  ON DUPLICATE KEY UPDATE closed = closed + VALUES(closed);
