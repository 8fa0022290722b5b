-- 022: the audit's index audit_readers (log_id, action, uid, at), made
-- for "who has read the log" as a GROUP BY over the audit
-- (sql/004_family.sql), is read by nothing since sql/007_log_reader.sql
-- keeps the readers in log_reader.  Every view of a log wrote an entry
-- into it, beside the audit row's own and its two other indexes
-- (audit_by_log for a log's trail, audit_by_uid for a user's).
ALTER TABLE audit DROP KEY IF EXISTS audit_readers;
