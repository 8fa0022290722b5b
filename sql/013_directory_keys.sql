-- 013: units and staff keyed by the directory's stable identifier.
--
-- dir_key is the value of ldap_attr_unit_key / ldap_attr_user_key
-- (objectGUID in AD, entryUUID in OpenLDAP) as lower-case hex, so a
-- binary GUID is kept exactly.  A unit's id (the column every log and
-- permission refers to) is the directory's unit id when the unit was
-- first seen and never changes: a group renamed in the directory is
-- found again by its key and keeps its id, its logs and its leaders;
-- only dn and name follow the directory.  NULL: not known yet (rows from
-- before this migration, or no key configured); the first login or sync
-- that reads the key adopts the row with the same id.
--
-- gone_at: the directory no longer has the unit (a sync did not find it)
-- or the person (removed or disabled: a sync, or the periodic check of a
-- logged-in account).  Their rows stay (logs refer to them); a person
-- who is gone cannot log in (the directory refuses them) and their
-- sessions end; logs they hold show to their unit's leader as needing a
-- new holder.  checked_at: when the directory last confirmed the person
-- (login, sync, or the check of a logged-in account every
-- ldap_recheck_interval seconds).

ALTER TABLE unit
  ADD COLUMN dir_key VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN gone_at DATETIME NULL,
  ADD UNIQUE KEY unit_by_dir_key (dir_key);

ALTER TABLE staff
  ADD COLUMN dir_key VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN gone_at DATETIME NULL,
  ADD COLUMN checked_at DATETIME NULL,
  ADD UNIQUE KEY staff_by_dir_key (dir_key);
