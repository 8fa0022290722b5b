-- The history of a log (issue 7): holders and their periods, transfers with
-- their reasons, level changes, consents, passive and reopened.  One row per
-- step, written in the same transaction as the step (fcgi/history.c), shown
-- to everyone who may see the log, the family included; deleted with the log.
-- kind is a short word ("created", "holder", "transfer-offered", "level",
-- "consent", "passive", "reopened", ...) so that a new step needs no ALTER.
CREATE TABLE log_event (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  at           DATETIME NOT NULL,
  kind         VARCHAR(32) CHARACTER SET ascii NOT NULL,
  -- who took the step (a staff uid, or NULL for the family / the system)
  actor_uid    VARCHAR(128) NULL,
  -- whom it concerns: the new holder, the receiver of a transfer
  subject_uid  VARCHAR(128) NULL,
  unit_id      VARCHAR(128) NULL,
  value_from   VARCHAR(64) NULL,
  value_to     VARCHAR(64) NULL,
  reason       TEXT NULL,
  KEY log_event_by_log (log_id, at, id),
  CONSTRAINT log_event_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Logs made before this table: their creation and first holder.
INSERT INTO log_event (log_id, at, kind, actor_uid, subject_uid, unit_id,
    value_to)
  SELECT id, created_at, 'created', created_by, holder_uid, unit_id,
         CAST(level AS CHAR)
  FROM log;
