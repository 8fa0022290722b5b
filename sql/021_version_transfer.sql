-- 021: the rule of sql/020_perf.sql for the tables that came with
-- transfers (sql/015_transfer.sql), written beside it: a transfer and the
-- concerns it offers are shown on the log page (pending, history), so a
-- write to them bumps log.version in the same statement.  (outbox has a
-- log_id but is not on the log page - the start page's inbox reads it -
-- and changes with every delivery attempt: exempt, like audit.)
CREATE TRIGGER transfer_ai_version AFTER INSERT ON transfer FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = NEW.log_id;
CREATE TRIGGER transfer_au_version AFTER UPDATE ON transfer FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id IN (OLD.log_id, NEW.log_id);
CREATE TRIGGER transfer_ad_version AFTER DELETE ON transfer FOR EACH ROW
  UPDATE log SET version = version + 1 WHERE id = OLD.log_id;

CREATE TRIGGER transfer_concern_ai_version AFTER INSERT ON transfer_concern FOR EACH ROW
  UPDATE log SET version = version + 1
  WHERE id = (SELECT log_id FROM transfer WHERE id = NEW.transfer_id);
CREATE TRIGGER transfer_concern_au_version AFTER UPDATE ON transfer_concern FOR EACH ROW
  UPDATE log SET version = version + 1
  WHERE id IN (SELECT log_id FROM transfer WHERE id IN (OLD.transfer_id, NEW.transfer_id));
CREATE TRIGGER transfer_concern_ad_version AFTER DELETE ON transfer_concern FOR EACH ROW
  UPDATE log SET version = version + 1
  WHERE id = (SELECT log_id FROM transfer WHERE id = OLD.transfer_id);
