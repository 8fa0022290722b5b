-- 018: notices (issue 12).  A write that causes a notice inserts its
-- outbox rows in its own transaction (fcgi/notice.c); `stafettlogg
-- notify` delivers them (fcgi/notify.c).  No row holds a child's name,
-- identity number or plan text: a notice says that something happened
-- (kind) and where (log_id, object: "measure:12", "meeting:3").
--
-- One row per recipient and channel, resolved when the row is queued
-- (the person's choices and address at the time of the event): each
-- row is one delivery with one state, one Message-ID and one idempotency
-- key.  'inbox' rows are the app's own inbox (start page): delivered
-- when written.
CREATE TABLE outbox (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind         VARCHAR(32) CHARACTER SET ascii NOT NULL,
  log_id       BIGINT NULL,
  object       VARCHAR(64) CHARACTER SET ascii NULL,
  -- "staff:<uid>", "guardian:<guardian.id>" or "youth:<log.id>"
  recipient    VARCHAR(160) NOT NULL,
  channel      ENUM('inbox','email','sms') NOT NULL,
  address      VARCHAR(256) NULL,
  lang         CHAR(2) CHARACTER SET ascii NOT NULL,
  -- time-driven notices: kind|object|recipient|channel|due, unique, so
  -- that a second run (or two at once) queues nothing twice
  dedup_key    VARCHAR(255) CHARACTER SET ascii NULL,
  due          DATE NULL,
  -- meetings: the iCalendar SEQUENCE and METHOD of this notice
  ics_seq      INT NULL,
  state        ENUM('queued','sending','committing','sent','failed',
                    'cancelled') NOT NULL,
  attempts     INT NOT NULL DEFAULT 0,
  next_at      DATETIME NOT NULL,
  lease_until  DATETIME NULL,
  -- the fencing token of the attempt holding the lease
  claim        CHAR(32) CHARACTER SET ascii NULL,
  message_id   VARCHAR(160) CHARACTER SET ascii NOT NULL,
  last_error   VARCHAR(512) NULL,
  created_at   DATETIME NOT NULL,
  sent_at      DATETIME NULL,
  read_at      DATETIME NULL,
  UNIQUE KEY outbox_dedup (dedup_key),
  UNIQUE KEY outbox_message_id (message_id),
  KEY outbox_work (state, next_at),
  KEY outbox_inbox (recipient, channel, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What each person wants besides the inbox, per kind: e-mail, SMS.
-- who: a staff uid or "family:<pid>".  No row: the kind's default.
CREATE TABLE notice_pref (
  who          VARCHAR(160) NOT NULL,
  kind         VARCHAR(32) CHARACTER SET ascii NOT NULL,
  email        TINYINT NOT NULL,
  sms          TINYINT NOT NULL,
  PRIMARY KEY (who, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A family member's own addresses (the youth has no guardian row; a
-- guardian's own address wins over the one typed at log creation).
ALTER TABLE person ADD COLUMN email VARCHAR(256) NULL,
  ADD COLUMN phone VARCHAR(32) NULL;

-- Meetings can be changed and cancelled (the invitation's SEQUENCE).
ALTER TABLE meeting ADD COLUMN seq INT NOT NULL DEFAULT 0,
  ADD COLUMN cancelled_at DATETIME NULL;
