-- 007: who has read a log, kept as it happens.
--
-- The log page lists who has read it ("Hvem har lest loggen").  It was a
-- GROUP BY over the log's audit trail, which grows with every view (a log
-- read 100,000 times made every view read 100,000 rows).  Now each view
-- writes its audit row and, in the same transaction, adds one to its
-- reader's row here (INSERT ... ON DUPLICATE KEY UPDATE), so the page
-- reads one row per reader.  The audit stays the record; this table is
-- derived from it and filled from it below.
CREATE TABLE log_reader (
  log_id       BIGINT NOT NULL,
  uid          VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  last_at      DATETIME(3) NOT NULL,
  views        BIGINT NOT NULL,
  PRIMARY KEY (log_id, uid),
  KEY log_reader_by_last (log_id, last_at),
  CONSTRAINT log_reader_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO log_reader (log_id, uid, last_at, views)
  SELECT a.log_id, a.uid, MAX(a.at), COUNT(*) FROM audit a
  JOIN log l ON l.id = a.log_id
  WHERE a.action = 'view-log' AND a.uid IS NOT NULL
  GROUP BY a.log_id, a.uid;
