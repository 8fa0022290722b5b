-- 010: the audit's time is the server's.  The workers' user may INSERT
-- into the audit (and nothing else changes it), but it chose the value
-- of `at`: a row could claim any time.  Whatever is given, the row gets
-- the database server's clock.  (Numbered 010 to stay clear of
-- migrations 007-009 made in parallel.)
CREATE TRIGGER audit_server_time BEFORE INSERT ON audit FOR EACH ROW
  SET NEW.at = UTC_TIMESTAMP(3);
