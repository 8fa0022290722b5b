-- 006: only active measures make someone an actor.  The policy facts
-- (fcgi/logfacts.c) and "logs I act in" (fcgi/h_logs.c) ask for a
-- user's active measures, in one log or in all: one index serves both,
-- and covers the concern ids the facts need.
ALTER TABLE measure DROP KEY measure_by_actor,
  ADD KEY measure_by_active_actor (actor_uid, status, log_id, concern_id);

-- Migrations run as their own database user now, and the workers' user
-- has no TRIGGER privilege.  A trigger runs with its definer's rights:
-- made again here, the audit triggers belong to the migrating user also
-- where 001 ran as the workers' user.
DROP TRIGGER IF EXISTS audit_no_update;
DROP TRIGGER IF EXISTS audit_no_delete;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit is append-only';

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit is append-only';
