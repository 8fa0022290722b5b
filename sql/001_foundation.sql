-- 001: staff and units mirrored from the directory, sessions, login
-- throttling, forms kept across a session timeout, and the audit log.
-- All times are UTC (the application sets time_zone = '+00:00').

CREATE TABLE staff (
  uid          VARCHAR(128) NOT NULL PRIMARY KEY,
  dn           VARCHAR(512) NOT NULL,
  name         VARCHAR(256) NOT NULL,
  mail         VARCHAR(256) NULL,
  phone        VARCHAR(32) NULL,
  lang         CHAR(2) NULL,
  is_leader    TINYINT NOT NULL DEFAULT 0,
  is_admin     TINYINT NOT NULL DEFAULT 0,
  last_login   DATETIME NULL,
  created_at   DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit (
  id           VARCHAR(128) NOT NULL PRIMARY KEY,
  dn           VARCHAR(512) NOT NULL,
  name         VARCHAR(256) NOT NULL,
  updated_at   DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Membership as read from the directory at the user's last login.
CREATE TABLE staff_unit (
  uid          VARCHAR(128) NOT NULL,
  unit_id      VARCHAR(128) NOT NULL,
  role         ENUM('staff','leader') NOT NULL,
  PRIMARY KEY (uid, unit_id),
  KEY staff_unit_by_unit (unit_id),
  CONSTRAINT staff_unit_staff FOREIGN KEY (uid) REFERENCES staff (uid) ON DELETE CASCADE,
  CONSTRAINT staff_unit_unit FOREIGN KEY (unit_id) REFERENCES unit (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Only the SHA-256 of the session id is stored.
CREATE TABLE session (
  id_hash      CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  uid          VARCHAR(128) NOT NULL,
  csrf         CHAR(64) CHARACTER SET ascii NOT NULL,
  created_at   DATETIME NOT NULL,
  last_seen    DATETIME NOT NULL,
  ended_at     DATETIME NULL,
  ended_reason VARCHAR(16) NULL,
  KEY session_by_uid (uid),
  KEY session_by_last_seen (last_seen)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed logins per user name (hashed, lower-cased), for throttling.
CREATE TABLE login_failure (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name_hash    CHAR(64) CHARACTER SET ascii NOT NULL,
  at           DATETIME NOT NULL,
  KEY login_failure_by_name (name_hash, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A form posted after the session ended, kept for its author.
CREATE TABLE draft (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  uid          VARCHAR(128) NOT NULL,
  action_href  VARCHAR(512) NOT NULL,
  return_path  VARCHAR(512) NOT NULL,
  fields       MEDIUMTEXT NOT NULL,
  created_at   DATETIME NOT NULL,
  restored_at  DATETIME NULL,
  KEY draft_by_uid (uid, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only: who did what, when, to which log.
CREATE TABLE audit (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at           DATETIME(3) NOT NULL,
  uid          VARCHAR(128) NULL,
  action       VARCHAR(64) NOT NULL,
  log_id       BIGINT NULL,
  object       VARCHAR(128) NULL,
  detail       VARCHAR(512) NULL,
  remote       VARCHAR(64) NULL,
  KEY audit_by_log (log_id, at),
  KEY audit_by_uid (uid, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit is append-only';

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit is append-only';
