-- Archive copies of logs (issue 8): the whole log as PDF/A-2b, made by the
-- system when a log is set passive, transferred, deleted, and once a year
-- on its anniversary (`stafettlogg archive`).  A yearly copy carries its
-- year; the unique key makes a second copy for the same year impossible,
-- also when two runs of the timer overlap.  (Numbered 011: other branches
-- may add 007-010 at the same time.)
CREATE TABLE archive_copy (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  reason       ENUM('passive','transfer','yearly','delete') NOT NULL,
  -- the anniversary's year for reason 'yearly', else NULL
  year         SMALLINT NULL,
  created_at   DATETIME NOT NULL,
  pages        INT NOT NULL,
  size         INT NOT NULL,
  sha256       CHAR(64) CHARACTER SET ascii NOT NULL,
  data         LONGBLOB NOT NULL,
  UNIQUE KEY archive_one_per_year (log_id, year),
  KEY archive_by_log (log_id, created_at)
  -- no foreign key: the copy made before a log is deleted must outlive it
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
