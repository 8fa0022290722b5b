-- 004: families log in with ID-porten.  A guardian's national identity
-- number links the guardian to the log; the youth is the child of the
-- log (from the consent age).  Family sessions carry uid
-- "family:<pid>" and kind 'family'.

ALTER TABLE guardian ADD COLUMN nin CHAR(11) CHARACTER SET ascii NULL,
  ADD KEY guardian_by_nin (nin);

-- pid is ascii like guardian.nin and log.nin; queries that take it from
-- session.uid (utf8mb4) convert that side, so that indexes are used.
CREATE TABLE person (
  pid          CHAR(11) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  name         VARCHAR(256) NOT NULL,
  lang         CHAR(2) NULL,
  last_login   DATETIME NOT NULL,
  created_at   DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE session ADD COLUMN kind ENUM('staff','family') NOT NULL DEFAULT 'staff';

-- Pending ID-porten logins: state, nonce and PKCE verifier, kept until
-- the browser comes back (at most a few minutes).
CREATE TABLE oidc_login (
  state_hash   CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  nonce        VARCHAR(128) CHARACTER SET ascii NOT NULL,
  verifier     VARCHAR(128) CHARACTER SET ascii NOT NULL,
  created_at   DATETIME NOT NULL,
  KEY oidc_login_by_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- "Who has read the log": readers per log from the audit, by index only.
ALTER TABLE audit ADD KEY audit_readers (log_id, action, uid, at);
