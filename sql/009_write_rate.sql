-- 009: the writes of each user in the last minute, for the per-user
-- limits post_rate_per_minute (bright spots and notes) and
-- write_rate_per_minute (every other write).  One row per write let
-- through; a user's rows older than a minute are deleted at their next
-- write (fcgi/rate.c).
CREATE TABLE write_rate (
  id    BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  uid   VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  kind  ENUM('post', 'write') NOT NULL,
  at    DATETIME(3) NOT NULL,
  KEY write_rate_by_uid (uid, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
