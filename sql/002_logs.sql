-- 002: the stafettlogg itself: the child's log, guardians, consent,
-- concerns with goals, measures with steps, evaluations, bright spots,
-- notes with PDF attachments, meetings and read grants.
-- Every page query is served by an index (see the KEY lines).

CREATE TABLE category (
  id           INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name         VARCHAR(128) NOT NULL,
  sort         INT NOT NULL DEFAULT 0,
  active       TINYINT NOT NULL DEFAULT 1,
  UNIQUE KEY category_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO category (name, sort) VALUES
  ('Motorikk', 10), ('Språk', 20), ('Oppmerksomhet', 30), ('Atferd', 40),
  ('Skolefravær', 50), ('Sosialt', 60), ('Psykisk helse', 70), ('Familie', 80),
  ('Aktivitetsplan (opplæringslova kap. 12)', 90);

-- Which staff of a unit may hold logs and act on measures.  No row: both
-- allowed (the directory says they work there); the unit leader may
-- take either away.
CREATE TABLE staff_permission (
  uid          VARCHAR(128) NOT NULL,
  unit_id      VARCHAR(128) NOT NULL,
  may_hold     TINYINT NOT NULL DEFAULT 1,
  may_act      TINYINT NOT NULL DEFAULT 1,
  set_by       VARCHAR(128) NOT NULL,
  set_at       DATETIME NOT NULL,
  PRIMARY KEY (uid, unit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE log (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  nin          CHAR(11) CHARACTER SET ascii NOT NULL,
  -- equals nin while the log is active, NULL when passive: one active
  -- log per child, enforced by the unique key.
  active_nin   CHAR(11) CHARACTER SET ascii NULL,
  child_name   VARCHAR(256) NOT NULL,
  birth_date   DATE NOT NULL,
  address      VARCHAR(512) NULL,
  unit_id      VARCHAR(128) NOT NULL,
  holder_uid   VARCHAR(128) NOT NULL,
  level        TINYINT NOT NULL,
  status       ENUM('active','passive') NOT NULL DEFAULT 'active',
  created_at   DATETIME NOT NULL,
  created_by   VARCHAR(128) NOT NULL,
  UNIQUE KEY log_one_active (active_nin),
  KEY log_by_nin (nin),
  KEY log_by_holder (holder_uid, status),
  KEY log_by_unit (unit_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE guardian (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  name         VARCHAR(256) NOT NULL,
  email        VARCHAR(256) NULL,
  phone        VARCHAR(32) NULL,
  KEY guardian_by_log (log_id),
  CONSTRAINT guardian_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Uploaded PDFs (scanned consent forms, note attachments).
CREATE TABLE attachment (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  filename     VARCHAR(256) NOT NULL,
  size         INT NOT NULL,
  sha256       CHAR(64) CHARACTER SET ascii NOT NULL,
  data         LONGBLOB NOT NULL,
  created_at   DATETIME NOT NULL,
  created_by   VARCHAR(128) NOT NULL,
  KEY attachment_by_log (log_id),
  CONSTRAINT attachment_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE consent (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  given_by     ENUM('guardians','youth') NOT NULL,
  given_by_name VARCHAR(256) NOT NULL,
  given_at     DATE NOT NULL,
  scope        VARCHAR(1024) NOT NULL,
  expires_at   DATE NULL,
  attachment_id BIGINT NULL,
  created_at   DATETIME NOT NULL,
  created_by   VARCHAR(128) NOT NULL,
  withdrawn_at DATETIME NULL,
  KEY consent_by_log (log_id),
  CONSTRAINT consent_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE concern (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  category_id  INT NOT NULL,
  description  TEXT NOT NULL,
  goal         TEXT NOT NULL,
  maintaining  TEXT NOT NULL,
  discussed_leader   TINYINT NOT NULL DEFAULT 0,
  discussed_guardians TINYINT NOT NULL DEFAULT 0,
  discussed_child    TINYINT NOT NULL DEFAULT 0,
  registered_at DATE NOT NULL,
  status       ENUM('active','closed') NOT NULL DEFAULT 'active',
  created_at   DATETIME NOT NULL,
  created_by   VARCHAR(128) NOT NULL,
  updated_at   DATETIME NOT NULL,
  KEY concern_by_log (log_id, status),
  CONSTRAINT concern_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE,
  CONSTRAINT concern_category FOREIGN KEY (category_id) REFERENCES category (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE measure (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  concern_id   BIGINT NOT NULL,
  text         TEXT NOT NULL,
  kind         ENUM('service','home','child') NOT NULL,
  actor_kind   ENUM('staff','guardian','child') NOT NULL,
  actor_uid    VARCHAR(128) NULL,
  actor_guardian BIGINT NULL,
  -- "staff:uid", "guardian:id" or "child" while active, NULL otherwise:
  -- one active measure per actor and concern, enforced by the unique key.
  active_actor VARCHAR(160) NULL,
  start_date   DATE NOT NULL,
  evaluate_by  DATE NOT NULL,
  status       ENUM('active','ended','corrected') NOT NULL DEFAULT 'active',
  replaces_id  BIGINT NULL,
  created_at   DATETIME NOT NULL,
  created_by   VARCHAR(128) NOT NULL,
  text_changed_at DATETIME NULL,
  UNIQUE KEY measure_one_active (concern_id, active_actor),
  KEY measure_by_log (log_id),
  KEY measure_by_actor (actor_uid, log_id),
  CONSTRAINT measure_concern FOREIGN KEY (concern_id) REFERENCES concern (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE measure_step (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  measure_id   BIGINT NOT NULL,
  pos          INT NOT NULL,
  text         VARCHAR(1024) NOT NULL,
  UNIQUE KEY step_pos (measure_id, pos),
  CONSTRAINT step_measure FOREIGN KEY (measure_id) REFERENCES measure (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One evaluation per measure: the primary key is the measure.
CREATE TABLE evaluation (
  measure_id   BIGINT NOT NULL PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  effective    TINYINT NOT NULL,
  family_view  TEXT NOT NULL,
  decision     ENUM('continue','change','end','wrongly-registered') NOT NULL,
  created_at   DATETIME NOT NULL,
  created_by   VARCHAR(128) NOT NULL,
  KEY evaluation_by_log (log_id),
  CONSTRAINT evaluation_measure FOREIGN KEY (measure_id) REFERENCES measure (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE bright_spot (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  author_uid   VARCHAR(128) NOT NULL,
  author_name  VARCHAR(256) NOT NULL,
  text         TEXT NOT NULL,
  created_at   DATETIME NOT NULL,
  updated_at   DATETIME NULL,
  KEY bright_by_log (log_id, created_at),
  CONSTRAINT bright_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE note (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  concern_id   BIGINT NULL,
  author_uid   VARCHAR(128) NOT NULL,
  author_name  VARCHAR(256) NOT NULL,
  text         TEXT NOT NULL,
  private      TINYINT NOT NULL DEFAULT 0,
  attachment_id BIGINT NULL,
  created_at   DATETIME NOT NULL,
  KEY note_by_log (log_id, created_at),
  CONSTRAINT note_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE meeting (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  at           DATETIME NOT NULL,
  place        VARCHAR(256) NOT NULL,
  participants TEXT NOT NULL,
  agenda       TEXT NOT NULL,
  created_at   DATETIME NOT NULL,
  created_by   VARCHAR(128) NOT NULL,
  KEY meeting_by_log (log_id, at),
  CONSTRAINT meeting_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE read_grant (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  log_id       BIGINT NOT NULL,
  uid          VARCHAR(128) NOT NULL,
  scope        ENUM('all','categories','concerns') NOT NULL,
  history      ENUM('all','active') NOT NULL,
  expires_at   DATE NULL,
  created_at   DATETIME NOT NULL,
  created_by   VARCHAR(128) NOT NULL,
  revoked_at   DATETIME NULL,
  KEY grant_by_log (log_id),
  KEY grant_by_uid (uid, log_id),
  CONSTRAINT grant_log FOREIGN KEY (log_id) REFERENCES log (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE read_grant_item (
  grant_id     BIGINT NOT NULL,
  -- a category id (scope categories) or a concern id (scope concerns)
  item_id      BIGINT NOT NULL,
  PRIMARY KEY (grant_id, item_id),
  CONSTRAINT grant_item_grant FOREIGN KEY (grant_id) REFERENCES read_grant (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Meeting mode locks a session to one log.
ALTER TABLE session ADD COLUMN meeting_log BIGINT NULL;
