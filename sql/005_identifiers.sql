-- 005: one rule for identifiers.  A uid (staff.uid and every column that
-- holds one) is compared exactly, byte for byte, in SQL as in C (strcmp):
-- the columns get the binary, no-pad collation utf8mb4_nopad_bin (no case
-- or accent folding, and no trailing-space padding, which utf8mb4_bin
-- would still do).  The C code stores the canonical form only: the
-- directory's value with A-Z lowered (dir_uid_canon in fcgi/ldap.c), so
-- "Kari.Holm" in the directory is "kari.holm" here, whatever was typed.
-- Unit ids (the directory's cn) compare exactly as well.  Indexes and
-- keys are kept (MODIFY keeps them); person.pid stays ascii and the
-- joins that take it from session.uid/audit.uid convert that side.
--
-- Rows written before this migration with capitals in a uid are brought
-- to the canonical form through a temporary map; audit rows are
-- append-only (triggers) and keep the spelling they were written with.

-- MariaDB does not change the collation of a column in a foreign key,
-- even with FOREIGN_KEY_CHECKS = 0: the two keys of staff_unit are
-- dropped here (their indexes stay) and added again at the end, which
-- also checks that every row still has its staff and unit.
ALTER TABLE staff_unit
  DROP FOREIGN KEY staff_unit_staff,
  DROP FOREIGN KEY staff_unit_unit;

ALTER TABLE staff
  MODIFY uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE staff_unit
  MODIFY uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  MODIFY unit_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE unit
  MODIFY id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE session
  MODIFY uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE draft
  MODIFY uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE audit
  MODIFY uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL;

ALTER TABLE staff_permission
  MODIFY uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  MODIFY unit_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  MODIFY set_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE log
  MODIFY unit_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  MODIFY holder_uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  MODIFY created_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE attachment
  MODIFY created_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE consent
  MODIFY created_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE concern
  MODIFY created_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE measure
  MODIFY actor_uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
  MODIFY active_actor VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
  MODIFY created_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE evaluation
  MODIFY created_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE bright_spot
  MODIFY author_uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE note
  MODIFY author_uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE meeting
  MODIFY created_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

ALTER TABLE read_grant
  MODIFY uid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  MODIFY created_by VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;

-- Every stored uid with an ASCII capital, and its canonical form (A-Z
-- lowered one letter at a time: LOWER() would also fold other letters,
-- unlike the C code).
CREATE TEMPORARY TABLE uid_map (
  old          VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL PRIMARY KEY,
  new          VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL
);

INSERT INTO uid_map (old, new)
  SELECT old, REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(old, 'A', 'a'), 'B', 'b'), 'C', 'c'), 'D', 'd'), 'E', 'e'), 'F', 'f'), 'G', 'g'), 'H', 'h'), 'I', 'i'), 'J', 'j'), 'K', 'k'), 'L', 'l'), 'M', 'm'), 'N', 'n'), 'O', 'o'), 'P', 'p'), 'Q', 'q'), 'R', 'r'), 'S', 's'), 'T', 't'), 'U', 'u'), 'V', 'v'), 'W', 'w'), 'X', 'x'), 'Y', 'y'), 'Z', 'z')
  FROM (
  SELECT uid AS old FROM staff
  UNION SELECT uid FROM staff_unit
  UNION SELECT uid FROM session
  UNION SELECT uid FROM draft
  UNION SELECT uid FROM staff_permission
  UNION SELECT set_by FROM staff_permission
  UNION SELECT holder_uid FROM log
  UNION SELECT created_by FROM log
  UNION SELECT created_by FROM attachment
  UNION SELECT created_by FROM consent
  UNION SELECT created_by FROM concern
  UNION SELECT actor_uid FROM measure
  UNION SELECT created_by FROM measure
  UNION SELECT created_by FROM evaluation
  UNION SELECT author_uid FROM bright_spot
  UNION SELECT author_uid FROM note
  UNION SELECT created_by FROM meeting
  UNION SELECT uid FROM read_grant
  UNION SELECT created_by FROM read_grant) AS a
  WHERE CAST(old AS BINARY) REGEXP '[A-Z]';

UPDATE staff JOIN uid_map ON staff.uid = uid_map.old SET staff.uid = uid_map.new;
UPDATE staff_unit JOIN uid_map ON staff_unit.uid = uid_map.old SET staff_unit.uid = uid_map.new;
UPDATE session JOIN uid_map ON session.uid = uid_map.old SET session.uid = uid_map.new;
UPDATE draft JOIN uid_map ON draft.uid = uid_map.old SET draft.uid = uid_map.new;
UPDATE staff_permission JOIN uid_map ON staff_permission.uid = uid_map.old SET staff_permission.uid = uid_map.new;
UPDATE staff_permission JOIN uid_map ON staff_permission.set_by = uid_map.old SET staff_permission.set_by = uid_map.new;
UPDATE log JOIN uid_map ON log.holder_uid = uid_map.old SET log.holder_uid = uid_map.new;
UPDATE log JOIN uid_map ON log.created_by = uid_map.old SET log.created_by = uid_map.new;
UPDATE attachment JOIN uid_map ON attachment.created_by = uid_map.old SET attachment.created_by = uid_map.new;
UPDATE consent JOIN uid_map ON consent.created_by = uid_map.old SET consent.created_by = uid_map.new;
UPDATE concern JOIN uid_map ON concern.created_by = uid_map.old SET concern.created_by = uid_map.new;
UPDATE measure JOIN uid_map ON measure.actor_uid = uid_map.old SET measure.actor_uid = uid_map.new;
UPDATE measure JOIN uid_map ON measure.created_by = uid_map.old SET measure.created_by = uid_map.new;
UPDATE evaluation JOIN uid_map ON evaluation.created_by = uid_map.old SET evaluation.created_by = uid_map.new;
UPDATE bright_spot JOIN uid_map ON bright_spot.author_uid = uid_map.old SET bright_spot.author_uid = uid_map.new;
UPDATE note JOIN uid_map ON note.author_uid = uid_map.old SET note.author_uid = uid_map.new;
UPDATE meeting JOIN uid_map ON meeting.created_by = uid_map.old SET meeting.created_by = uid_map.new;
UPDATE read_grant JOIN uid_map ON read_grant.uid = uid_map.old SET read_grant.uid = uid_map.new;
UPDATE read_grant JOIN uid_map ON read_grant.created_by = uid_map.old SET read_grant.created_by = uid_map.new;
UPDATE measure JOIN uid_map ON measure.active_actor = CONCAT('staff:', uid_map.old)
  SET measure.active_actor = CONCAT('staff:', uid_map.new);

DROP TEMPORARY TABLE uid_map;

ALTER TABLE staff_unit
  ADD CONSTRAINT staff_unit_staff FOREIGN KEY (uid) REFERENCES staff (uid) ON DELETE CASCADE,
  ADD CONSTRAINT staff_unit_unit FOREIGN KEY (unit_id) REFERENCES unit (id) ON DELETE CASCADE;
