-- 015: transfers of a log to a new holder (issue 7).
--
-- A transfer is offered by the holder (or the leader of the log's unit on
-- her behalf) to a person in the same unit, to a named person in another
-- unit, or to the leaders of another unit (to_uid NULL: one of them
-- accepts for herself or picks one of the unit's holders).  Until it is
-- accepted the old holder stays holder; accepted, the log's holder_uid and
-- unit_id change in the same transaction, and the concerns not listed in
-- transfer_concern are closed with the reason.  Declined or withdrawn, the
-- log is as it was.
--
-- pending_log equals log_id while the transfer is pending and is NULL
-- afterwards: at most one pending transfer per log, kept by the unique key
-- whatever code writes.
CREATE TABLE transfer (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  pending_log  BIGINT NULL,
  status       ENUM('pending','accepted','declined','withdrawn') NOT NULL DEFAULT 'pending',
  -- 'unit': within the log's unit; 'person': a named person in another
  -- unit; 'leader': the leaders of another unit
  kind         ENUM('unit','person','leader') NOT NULL,
  from_uid     VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  from_unit    VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  offered_by   VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  to_unit      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  to_uid       VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
  reason       TEXT NOT NULL,
  -- the guardians' consent to the new service (another unit)
  consent_id   BIGINT NULL,
  offered_at   DATETIME NOT NULL,
  decided_at   DATETIME NULL,
  decided_by   VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
  new_holder   VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
  decision_reason TEXT NULL,
  UNIQUE KEY transfer_one_pending (pending_log),
  KEY transfer_by_log (log_id, id),
  KEY transfer_to_uid (to_uid, status),
  KEY transfer_to_unit (to_unit, status),
  KEY transfer_from_unit (from_unit, status),
  KEY transfer_from_uid (from_uid, status),
  CONSTRAINT transfer_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE,
  CONSTRAINT transfer_pending CHECK ((status = 'pending') = (pending_log IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The concerns that go along (the others are closed on accept).
CREATE TABLE transfer_concern (
  transfer_id  BIGINT NOT NULL,
  concern_id   BIGINT NOT NULL,
  PRIMARY KEY (transfer_id, concern_id),
  CONSTRAINT transfer_concern_transfer FOREIGN KEY (transfer_id) REFERENCES transfer (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A consent recorded for a transfer to another unit: set aside
-- (withdrawn_at) when the transfer is declined or withdrawn.
ALTER TABLE consent ADD COLUMN transfer_id BIGINT NULL;

-- Why a concern was closed (a transfer that did not take it along).
ALTER TABLE concern ADD COLUMN closed_reason TEXT NULL;
