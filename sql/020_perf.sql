-- 020: a version per log and one for the names around logs, so that a
-- worker can keep a log page it has built and know when it is stale.
--
-- The rule (README, "The log page cache"): every table that holds data
-- of a log bumps log.version in the same statement as the write, by the
-- triggers below (AFTER INSERT, UPDATE and DELETE), so in the same
-- transaction.  A new table with a log_id column (or hanging off such a
-- table) gets its three triggers in its own migration;
-- tests/integration/test_log_cache.py fails when one lacks them.  Not
-- bumped, on purpose: audit (the record; the page reads none of it) and
-- log_reader (changes with every view: the page keys its readers by a
-- fingerprint of the rows instead, read with the facts).
--
-- view_epoch counts changes of what logs show but do not hold: the
-- names of staff, people and units, and the categories.
ALTER TABLE log ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE view_epoch (
  id           TINYINT NOT NULL PRIMARY KEY,
  n            BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO view_epoch (id, n) VALUES (1, 0);

-- ---------------------------------------------------------------- log
CREATE TRIGGER log_bu_version BEFORE UPDATE ON log FOR EACH ROW
  SET NEW.version = OLD.version + 1;

-- ------------------------------------------- tables with a log_id column
CREATE TRIGGER guardian_ai_version AFTER INSERT ON guardian FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER guardian_au_version AFTER UPDATE ON guardian FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER guardian_ad_version AFTER DELETE ON guardian FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER attachment_ai_version AFTER INSERT ON attachment FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER attachment_au_version AFTER UPDATE ON attachment FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER attachment_ad_version AFTER DELETE ON attachment FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER consent_ai_version AFTER INSERT ON consent FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER consent_au_version AFTER UPDATE ON consent FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER consent_ad_version AFTER DELETE ON consent FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER concern_ai_version AFTER INSERT ON concern FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER concern_au_version AFTER UPDATE ON concern FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER concern_ad_version AFTER DELETE ON concern FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER measure_ai_version AFTER INSERT ON measure FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER measure_au_version AFTER UPDATE ON measure FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER measure_ad_version AFTER DELETE ON measure FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER evaluation_ai_version AFTER INSERT ON evaluation FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER evaluation_au_version AFTER UPDATE ON evaluation FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER evaluation_ad_version AFTER DELETE ON evaluation FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER bright_spot_ai_version AFTER INSERT ON bright_spot FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER bright_spot_au_version AFTER UPDATE ON bright_spot FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER bright_spot_ad_version AFTER DELETE ON bright_spot FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER note_ai_version AFTER INSERT ON note FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER note_au_version AFTER UPDATE ON note FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER note_ad_version AFTER DELETE ON note FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER meeting_ai_version AFTER INSERT ON meeting FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER meeting_au_version AFTER UPDATE ON meeting FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER meeting_ad_version AFTER DELETE ON meeting FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER read_grant_ai_version AFTER INSERT ON read_grant FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER read_grant_au_version AFTER UPDATE ON read_grant FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER read_grant_ad_version AFTER DELETE ON read_grant FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER archive_copy_ai_version AFTER INSERT ON archive_copy FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER archive_copy_au_version AFTER UPDATE ON archive_copy FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER archive_copy_ad_version AFTER DELETE ON archive_copy FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER log_event_ai_version AFTER INSERT ON log_event FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER log_event_au_version AFTER UPDATE ON log_event FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER log_event_ad_version AFTER DELETE ON log_event FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

-- ------------------------------------- tables hanging off a log's tables
CREATE TRIGGER measure_step_ai_version AFTER INSERT ON measure_step FOR EACH ROW
  UPDATE log SET version = version + 1
  WHERE id = (SELECT log_id FROM measure WHERE id = NEW.measure_id);
CREATE TRIGGER measure_step_au_version AFTER UPDATE ON measure_step FOR EACH ROW
  UPDATE log SET version = version + 1
  WHERE id IN (SELECT log_id FROM measure WHERE id IN (OLD.measure_id, NEW.measure_id));
CREATE TRIGGER measure_step_ad_version AFTER DELETE ON measure_step FOR EACH ROW
  UPDATE log SET version = version + 1
  WHERE id = (SELECT log_id FROM measure WHERE id = OLD.measure_id);

CREATE TRIGGER read_grant_item_ai_version AFTER INSERT ON read_grant_item FOR EACH ROW
  UPDATE log SET version = version + 1
  WHERE id = (SELECT log_id FROM read_grant WHERE id = NEW.grant_id);
CREATE TRIGGER read_grant_item_au_version AFTER UPDATE ON read_grant_item FOR EACH ROW
  UPDATE log SET version = version + 1
  WHERE id IN (SELECT log_id FROM read_grant WHERE id IN (OLD.grant_id, NEW.grant_id));
CREATE TRIGGER read_grant_item_ad_version AFTER DELETE ON read_grant_item FOR EACH ROW
  UPDATE log SET version = version + 1
  WHERE id = (SELECT log_id FROM read_grant WHERE id = OLD.grant_id);

-- ------------------------------- names and categories shown in every log
CREATE TRIGGER staff_ai_epoch AFTER INSERT ON staff FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1;
CREATE TRIGGER staff_au_epoch AFTER UPDATE ON staff FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1
  AND NOT (NEW.uid <=> OLD.uid AND NEW.name <=> OLD.name);
CREATE TRIGGER staff_ad_epoch AFTER DELETE ON staff FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1;

CREATE TRIGGER person_ai_epoch AFTER INSERT ON person FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1;
CREATE TRIGGER person_au_epoch AFTER UPDATE ON person FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1
  AND NOT (NEW.pid <=> OLD.pid AND NEW.name <=> OLD.name);
CREATE TRIGGER person_ad_epoch AFTER DELETE ON person FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1;

CREATE TRIGGER unit_ai_epoch AFTER INSERT ON unit FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1;
CREATE TRIGGER unit_au_epoch AFTER UPDATE ON unit FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1
  AND NOT (NEW.id <=> OLD.id AND NEW.name <=> OLD.name);
CREATE TRIGGER unit_ad_epoch AFTER DELETE ON unit FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1;

CREATE TRIGGER category_ai_epoch AFTER INSERT ON category FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1;
CREATE TRIGGER category_au_epoch AFTER UPDATE ON category FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1;
CREATE TRIGGER category_ad_epoch AFTER DELETE ON category FOR EACH ROW
  UPDATE view_epoch SET n = n + 1 WHERE id = 1;
