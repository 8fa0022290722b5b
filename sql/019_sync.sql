-- 019: stafettlogg ldap-sync (issue 9).
--
-- staff.gone_at and unit.gone_at are in 013 (gone: a sync did not find
-- the person or the unit group, or the account check of a logged-in
-- person found the account gone or disabled).  Here:
--
-- staff.disabled_at: the directory still has the person but the account
-- is disabled (AD: bit 2 of userAccountControl, or accountExpires
-- passed; OpenLDAP: ldap_attr_disabled), as the last sync saw it.  Their
-- sessions end; the directory refuses their login; logs they hold show
-- to their unit's leader as needing a new holder.  Cleared when a sync
-- or a login finds the account active again.
--
-- dir_sync: one row per sync: run by the timer (requested_by NULL), or
-- asked for by a municipal admin on /admin/directory (a row with
-- started_at NULL waits for `stafettlogg ldap-sync --if-requested`, run
-- every minute by the timer).  outcome: done; refused (the directory
-- answered with no one, or more would be lost than ldap_sync_max_loss
-- allows: nothing was changed; --force applies it); failed (the
-- directory or the database failed: nothing was changed).
ALTER TABLE staff
  ADD COLUMN disabled_at DATETIME NULL,
  ADD KEY staff_by_name (name);

CREATE TABLE dir_sync (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  requested_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
  requested_at DATETIME NOT NULL,
  started_at   DATETIME NULL,
  finished_at  DATETIME NULL,
  outcome      ENUM('done','refused','failed') NULL,
  users        INT NULL,
  units        INT NULL,
  disabled     INT NULL,
  gone         INT NULL,
  message      VARCHAR(512) NULL,
  KEY dir_sync_waiting (started_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
