-- 007: who has read a log, kept as it happens.
--
-- The log page lists who has read it ("Hvem har lest loggen").  It was a
-- GROUP BY over the log's audit trail, which grows with every view (a log
-- read 100,000 times made every view read 100,000 rows).  Now the audit
-- row of each view adds one to its reader's row here, by a trigger in the
-- same statement (INSERT ... ON DUPLICATE KEY UPDATE): one row per reader
-- for the page to read, exact by construction, and no extra round trip.
-- The audit stays the record; this table is derived from it (and filled
-- from it below for the views before this migration).
CREATE TABLE log_reader (
  log_id       BIGINT NOT NULL,
  uid          VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  last_at      DATETIME(3) NOT NULL,
  views        BIGINT NOT NULL,
  PRIMARY KEY (log_id, uid),
  KEY log_reader_by_last (log_id, last_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO log_reader (log_id, uid, last_at, views)
  SELECT a.log_id, a.uid, MAX(a.at), COUNT(*) FROM audit a
  JOIN log l ON l.id = a.log_id
  WHERE a.action = 'view-log' AND a.uid IS NOT NULL
  GROUP BY a.log_id, a.uid;

CREATE TRIGGER audit_counts_readers AFTER INSERT ON audit FOR EACH ROW
  INSERT INTO log_reader (log_id, uid, last_at, views)
  SELECT NEW.log_id, NEW.uid, NEW.at, 1 FROM DUAL
  WHERE NEW.action = 'view-log' AND NEW.log_id IS NOT NULL AND NEW.uid IS NOT NULL
  ON DUPLICATE KEY UPDATE views = views + 1, last_at = GREATEST(last_at, VALUES(last_at));
