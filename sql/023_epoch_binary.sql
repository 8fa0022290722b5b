-- 023: a name change that the column's collation calls equal bumps
-- view_epoch too.  The triggers of sql/020_perf.sql compared the names
-- with <=> in utf8mb4_unicode_ci, under which "Hakon" = "Håkon",
-- "Solbakken" = "SOLBAKKEN" and a trailing space is nothing: a directory
-- sync correcting an accent left kept log pages and kept facts (issue 11)
-- with the old spelling until the log's next write.  Now byte for byte.
DROP TRIGGER IF EXISTS staff_au_epoch;
CREATE TRIGGER staff_au_epoch AFTER UPDATE ON staff FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1
  AND NOT (BINARY NEW.uid <=> BINARY OLD.uid AND BINARY NEW.name <=> BINARY OLD.name);
DROP TRIGGER IF EXISTS person_au_epoch;
CREATE TRIGGER person_au_epoch AFTER UPDATE ON person FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1
  AND NOT (BINARY NEW.pid <=> BINARY OLD.pid AND BINARY NEW.name <=> BINARY OLD.name);
DROP TRIGGER IF EXISTS unit_au_epoch;
CREATE TRIGGER unit_au_epoch AFTER UPDATE ON unit FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1
  AND NOT (BINARY NEW.id <=> BINARY OLD.id AND BINARY NEW.name <=> BINARY OLD.name);
