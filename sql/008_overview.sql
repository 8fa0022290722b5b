-- 007: what needs doing and how the unit is doing (issue 10): kept
-- values on each log and kept counters per unit, so that the start page,
-- "my logs", the leader's and the municipal admin's overviews and the
-- reports read indexes and small tables, never every concern or measure.
--
-- Kept on log (by the triggers below, whatever code writes the rows):
--   last_activity  the last time something was written in the log (the log
--                  itself, concerns, measures, evaluations, bright spots,
--                  notes, meetings, consents)
--   next_deadline  the earliest evaluate-by date of its active measures;
--                  9999-12-31 when it has none (so that it sorts last and
--                  an index orders it without a NULL case)
--   consent_until  the last day the family's consent holds: the latest
--                  expiry of the consents not withdrawn; 9999-12-31 when
--                  one of them has no expiry (or there is none)
--   closed_at      when the log became passive (NULL while active)
--
-- Kept counters (the triggers add and subtract; nothing scans to count):
--   unit_log_count       logs per unit, holder, status and level
--   unit_category_count  concerns per unit and category: active_n counts
--                        active concerns of active logs ("in use"),
--                        total_n every concern (the admin's "used")
--   unit_due_count       active measures of active logs per unit, holder
--                        and evaluate-by date (overdue and due soon are
--                        ranges of dates, counted when asked)
--   unit_day_count       logs opened and closed per unit and day (UTC)
--
-- Coarser counters for the municipal overview, which reads every unit at
-- once (kept by triggers on the counters above and on log, so that they
-- follow whatever changes those):
--   unit_level_count     logs per unit, status and level
--   unit_holder_count    active logs per unit and holder
--   unit_due_month       unit_due_count per unit and month of the date
--   unit_due_day         unit_due_count per unit and date
--   unit_month_count     unit_day_count per unit and month
--   unit_consent_month   active logs per unit and month of consent_until
-- "Overdue" is the months before this one plus this month's days before
-- today; "due within 14 days" and the days of a month only partly in a
-- period come from the per-day rows of those few days, by index.
--
-- Every trigger is one statement (the migration runner splits statements
-- at a ';' that ends a line).  A session that bulk-loads rows (the
-- benchmark's populate.sh) sets @sl_bulk_load = 1: the counting triggers
-- then do nothing, and the statements between "recount begin" and
-- "recount end" below, which this migration also runs once for the rows
-- already there, rebuild every kept value and counter afterwards.

ALTER TABLE log
  ADD COLUMN last_activity DATETIME NULL,
  ADD COLUMN next_deadline DATE NOT NULL DEFAULT '9999-12-31',
  ADD COLUMN consent_until DATE NOT NULL DEFAULT '9999-12-31',
  ADD COLUMN closed_at DATETIME NULL,
  DROP KEY log_by_holder,
  DROP KEY log_by_unit,
  ADD KEY log_by_holder (holder_uid, status, child_name),
  ADD KEY log_holder_deadline (holder_uid, status, next_deadline),
  ADD KEY log_holder_activity (holder_uid, status, last_activity),
  ADD KEY log_holder_consent (holder_uid, status, consent_until),
  ADD KEY log_by_unit (unit_id, status, child_name),
  ADD KEY log_unit_deadline (unit_id, status, next_deadline),
  ADD KEY log_unit_activity (unit_id, status, last_activity),
  ADD KEY log_unit_consent (unit_id, status, consent_until),
  ADD KEY log_consent (status, consent_until, unit_id);

-- The start page's evaluations of the measures a person acts on; and of
-- the logs a person holds: the measures of a log by status and date, with
-- the concern, read from the index alone (it replaces the plain log_id
-- key and still serves every lookup by log).
ALTER TABLE measure ADD KEY measure_actor_due (actor_uid, status, evaluate_by),
  DROP KEY measure_by_log,
  ADD KEY measure_by_log (log_id, status, evaluate_by, concern_id);

CREATE TABLE unit_log_count (
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  holder_uid   VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  status       ENUM('active','passive') NOT NULL,
  level        TINYINT NOT NULL,
  n            INT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, holder_uid, status, level)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit_category_count (
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  category_id  INT NOT NULL,
  active_n     INT NOT NULL DEFAULT 0,
  total_n      INT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, category_id),
  KEY unit_category_by_category (category_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit_due_count (
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  holder_uid   VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  evaluate_by  DATE NOT NULL,
  n            INT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, holder_uid, evaluate_by)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit_day_count (
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  day          DATE NOT NULL,
  opened       INT NOT NULL DEFAULT 0,
  closed       INT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day),
  KEY unit_day_by_day (day, unit_id, opened, closed)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit_level_count (
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  status       ENUM('active','passive') NOT NULL,
  level        TINYINT NOT NULL,
  n            INT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, status, level)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit_holder_count (
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  holder_uid   VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  n            INT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, holder_uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit_due_month (
  month        DATE NOT NULL,
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  n            INT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, unit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit_due_day (
  evaluate_by  DATE NOT NULL,
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  n            INT NOT NULL DEFAULT 0,
  PRIMARY KEY (evaluate_by, unit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit_month_count (
  month        DATE NOT NULL,
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  opened       INT NOT NULL DEFAULT 0,
  closed       INT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, unit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE unit_consent_month (
  month        DATE NOT NULL,
  unit_id      VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  n            INT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, unit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- ---------------------------------------------------------------- log

CREATE TRIGGER log_bi_kept BEFORE INSERT ON log FOR EACH ROW
  SET NEW.last_activity = COALESCE(NEW.last_activity, NEW.created_at),
      NEW.closed_at = IF(NEW.status = 'passive', COALESCE(NEW.closed_at, NEW.created_at), NULL);

CREATE TRIGGER log_bu_kept BEFORE UPDATE ON log FOR EACH ROW
  SET NEW.closed_at = IF(NEW.status = 'passive',
      IF(OLD.status = 'passive', COALESCE(NEW.closed_at, OLD.closed_at),
        COALESCE(NEW.closed_at, UTC_TIMESTAMP())), NULL),
      NEW.last_activity = IF(NEW.status <> OLD.status OR NEW.level <> OLD.level
        OR NEW.holder_uid <> OLD.holder_uid OR NEW.unit_id <> OLD.unit_id,
        GREATEST(COALESCE(NEW.last_activity, OLD.created_at), UTC_TIMESTAMP()), NEW.last_activity);

CREATE TRIGGER log_ai_count AFTER INSERT ON log FOR EACH ROW
  INSERT INTO unit_log_count (unit_id, holder_uid, status, level, n)
  SELECT NEW.unit_id, NEW.holder_uid, NEW.status, NEW.level, 1 FROM DUAL WHERE @sl_bulk_load IS NULL
  ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER log_ai_day AFTER INSERT ON log FOR EACH ROW
  INSERT INTO unit_day_count (unit_id, day, opened, closed)
  SELECT NEW.unit_id, DATE(NEW.created_at), 1, 0 FROM DUAL WHERE @sl_bulk_load IS NULL
  ON DUPLICATE KEY UPDATE opened = opened + 1;

CREATE TRIGGER log_ai_closed AFTER INSERT ON log FOR EACH ROW
  INSERT INTO unit_day_count (unit_id, day, opened, closed)
  SELECT NEW.unit_id, DATE(NEW.closed_at), 0, 1 FROM DUAL
  WHERE @sl_bulk_load IS NULL AND NEW.status = 'passive'
  ON DUPLICATE KEY UPDATE closed = closed + 1;

CREATE TRIGGER log_au_count AFTER UPDATE ON log FOR EACH ROW
  INSERT INTO unit_log_count (unit_id, holder_uid, status, level, n)
  SELECT x.u, x.h, x.s, x.l, x.d FROM (
    SELECT OLD.unit_id AS u, OLD.holder_uid AS h, OLD.status AS s, OLD.level AS l, -1 AS d
    UNION ALL SELECT NEW.unit_id, NEW.holder_uid, NEW.status, NEW.level, 1) x
  WHERE @sl_bulk_load IS NULL AND (OLD.unit_id <> NEW.unit_id OR OLD.holder_uid <> NEW.holder_uid
    OR OLD.status <> NEW.status OR OLD.level <> NEW.level)
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER log_au_day AFTER UPDATE ON log FOR EACH ROW
  INSERT INTO unit_day_count (unit_id, day, opened, closed)
  SELECT NEW.unit_id, DATE(NEW.closed_at), 0, 1 FROM DUAL
  WHERE @sl_bulk_load IS NULL AND OLD.status = 'active' AND NEW.status = 'passive'
  ON DUPLICATE KEY UPDATE closed = closed + 1;

CREATE TRIGGER log_au_due AFTER UPDATE ON log FOR EACH ROW
  INSERT INTO unit_due_count (unit_id, holder_uid, evaluate_by, n)
  SELECT x.u, x.h, m.evaluate_by, SUM(x.d) FROM (
    SELECT OLD.unit_id AS u, OLD.holder_uid AS h, -1 AS d FROM DUAL WHERE OLD.status = 'active'
    UNION ALL SELECT NEW.unit_id, NEW.holder_uid, 1 FROM DUAL WHERE NEW.status = 'active') x
  JOIN measure m ON m.log_id = NEW.id AND m.status = 'active'
  WHERE @sl_bulk_load IS NULL AND (OLD.unit_id <> NEW.unit_id OR OLD.holder_uid <> NEW.holder_uid
    OR OLD.status <> NEW.status)
  GROUP BY x.u, x.h, m.evaluate_by
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER log_au_category AFTER UPDATE ON log FOR EACH ROW
  INSERT INTO unit_category_count (unit_id, category_id, active_n, total_n)
  SELECT x.u, c.category_id, SUM(x.d * (x.s = 'active' AND c.status = 'active')), SUM(x.d) FROM (
    SELECT OLD.unit_id AS u, OLD.status AS s, -1 AS d
    UNION ALL SELECT NEW.unit_id, NEW.status, 1) x
  JOIN concern c ON c.log_id = NEW.id
  WHERE @sl_bulk_load IS NULL AND (OLD.unit_id <> NEW.unit_id OR OLD.status <> NEW.status)
  GROUP BY x.u, c.category_id
  ON DUPLICATE KEY UPDATE active_n = active_n + VALUES(active_n), total_n = total_n + VALUES(total_n);

-- A deleted log takes its rows along by ON DELETE CASCADE, which fires no
-- trigger: its counts go before it does, its opening and closing too (so
-- that the counters always equal a recount of what is there).
CREATE TRIGGER log_bd_day BEFORE DELETE ON log FOR EACH ROW
  INSERT INTO unit_day_count (unit_id, day, opened, closed)
  SELECT x.u, x.d, SUM(x.o), SUM(x.c) FROM (
    SELECT OLD.unit_id AS u, DATE(OLD.created_at) AS d, -1 AS o, 0 AS c
    UNION ALL SELECT OLD.unit_id, DATE(OLD.closed_at), 0, -1 FROM DUAL WHERE OLD.status = 'passive') x
  WHERE @sl_bulk_load IS NULL
  GROUP BY x.u, x.d
  ON DUPLICATE KEY UPDATE opened = opened + VALUES(opened), closed = closed + VALUES(closed);

CREATE TRIGGER log_bd_count BEFORE DELETE ON log FOR EACH ROW
  UPDATE unit_log_count SET n = n - 1 WHERE @sl_bulk_load IS NULL AND unit_id = OLD.unit_id
    AND holder_uid = OLD.holder_uid AND status = OLD.status AND level = OLD.level;

CREATE TRIGGER log_bd_due BEFORE DELETE ON log FOR EACH ROW
  INSERT INTO unit_due_count (unit_id, holder_uid, evaluate_by, n)
  SELECT OLD.unit_id, OLD.holder_uid, m.evaluate_by, -COUNT(*) FROM measure m
  WHERE @sl_bulk_load IS NULL AND OLD.status = 'active' AND m.log_id = OLD.id AND m.status = 'active'
  GROUP BY m.evaluate_by
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER log_bd_category BEFORE DELETE ON log FOR EACH ROW
  INSERT INTO unit_category_count (unit_id, category_id, active_n, total_n)
  SELECT OLD.unit_id, c.category_id, -SUM(OLD.status = 'active' AND c.status = 'active'), -COUNT(*)
  FROM concern c WHERE @sl_bulk_load IS NULL AND c.log_id = OLD.id
  GROUP BY c.category_id
  ON DUPLICATE KEY UPDATE active_n = active_n + VALUES(active_n), total_n = total_n + VALUES(total_n);

-- ------------------------------------------------------------ concern

CREATE TRIGGER concern_ai_count AFTER INSERT ON concern FOR EACH ROW
  INSERT INTO unit_category_count (unit_id, category_id, active_n, total_n)
  SELECT l.unit_id, NEW.category_id, (l.status = 'active' AND NEW.status = 'active'), 1
  FROM log l WHERE @sl_bulk_load IS NULL AND l.id = NEW.log_id
  ON DUPLICATE KEY UPDATE active_n = active_n + VALUES(active_n), total_n = total_n + 1;

CREATE TRIGGER concern_ai_activity AFTER INSERT ON concern FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at), NEW.created_at)
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

CREATE TRIGGER concern_au_count AFTER UPDATE ON concern FOR EACH ROW
  INSERT INTO unit_category_count (unit_id, category_id, active_n, total_n)
  SELECT l.unit_id, x.k, SUM(x.d * (l.status = 'active' AND x.s = 'active')), SUM(x.d) FROM (
    SELECT OLD.category_id AS k, OLD.status AS s, -1 AS d
    UNION ALL SELECT NEW.category_id, NEW.status, 1) x
  JOIN log l ON l.id = NEW.log_id
  WHERE @sl_bulk_load IS NULL AND (OLD.category_id <> NEW.category_id OR OLD.status <> NEW.status)
  GROUP BY l.unit_id, x.k
  ON DUPLICATE KEY UPDATE active_n = active_n + VALUES(active_n), total_n = total_n + VALUES(total_n);

CREATE TRIGGER concern_au_activity AFTER UPDATE ON concern FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at), NEW.updated_at)
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

-- ------------------------------------------------------------ measure

CREATE TRIGGER measure_ai_due AFTER INSERT ON measure FOR EACH ROW
  INSERT INTO unit_due_count (unit_id, holder_uid, evaluate_by, n)
  SELECT l.unit_id, l.holder_uid, NEW.evaluate_by, 1 FROM log l
  WHERE @sl_bulk_load IS NULL AND NEW.status = 'active' AND l.id = NEW.log_id AND l.status = 'active'
  ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER measure_ai_log AFTER INSERT ON measure FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at), NEW.created_at),
    next_deadline = IF(NEW.status = 'active', LEAST(next_deadline, NEW.evaluate_by), next_deadline)
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

CREATE TRIGGER measure_au_due AFTER UPDATE ON measure FOR EACH ROW
  INSERT INTO unit_due_count (unit_id, holder_uid, evaluate_by, n)
  SELECT l.unit_id, l.holder_uid, x.e, SUM(x.d) FROM (
    SELECT OLD.evaluate_by AS e, -1 AS d FROM DUAL WHERE OLD.status = 'active'
    UNION ALL SELECT NEW.evaluate_by, 1 FROM DUAL WHERE NEW.status = 'active') x
  JOIN log l ON l.id = NEW.log_id AND l.status = 'active'
  WHERE @sl_bulk_load IS NULL AND (OLD.status <> NEW.status OR OLD.evaluate_by <> NEW.evaluate_by)
  GROUP BY l.unit_id, l.holder_uid, x.e
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER measure_au_log AFTER UPDATE ON measure FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at), UTC_TIMESTAMP()),
    next_deadline = COALESCE((SELECT MIN(m.evaluate_by) FROM measure m
      WHERE m.log_id = NEW.log_id AND m.status = 'active'), '9999-12-31')
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

-- ------------------------------------------ other writes in a log: activity

CREATE TRIGGER evaluation_ai_activity AFTER INSERT ON evaluation FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at), NEW.created_at)
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

CREATE TRIGGER bright_spot_ai_activity AFTER INSERT ON bright_spot FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at), NEW.created_at)
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

CREATE TRIGGER bright_spot_au_activity AFTER UPDATE ON bright_spot FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at),
    COALESCE(NEW.updated_at, NEW.created_at))
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

CREATE TRIGGER note_ai_activity AFTER INSERT ON note FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at), NEW.created_at)
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

CREATE TRIGGER meeting_ai_activity AFTER INSERT ON meeting FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at), NEW.created_at)
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

-- ------------------------------------------------------------ consent

CREATE TRIGGER consent_ai_log AFTER INSERT ON consent FOR EACH ROW
  UPDATE log SET last_activity = GREATEST(COALESCE(last_activity, created_at), NEW.created_at),
    consent_until = COALESCE((SELECT MAX(COALESCE(c.expires_at, '9999-12-31')) FROM consent c
      WHERE c.log_id = NEW.log_id AND c.withdrawn_at IS NULL), '9999-12-31')
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

CREATE TRIGGER consent_au_log AFTER UPDATE ON consent FOR EACH ROW
  UPDATE log SET consent_until = COALESCE((SELECT MAX(COALESCE(c.expires_at, '9999-12-31'))
      FROM consent c WHERE c.log_id = NEW.log_id AND c.withdrawn_at IS NULL), '9999-12-31')
  WHERE @sl_bulk_load IS NULL AND id = NEW.log_id;

-- ------------------------------------------------ coarser counters
-- Each follows its finer counter (or log) row by row: +NEW, -OLD.

CREATE TRIGGER unit_log_count_ai_level AFTER INSERT ON unit_log_count FOR EACH ROW
  INSERT INTO unit_level_count (unit_id, status, level, n)
  SELECT NEW.unit_id, NEW.status, NEW.level, NEW.n FROM DUAL WHERE @sl_bulk_load IS NULL
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER unit_log_count_ai_holder AFTER INSERT ON unit_log_count FOR EACH ROW
  INSERT INTO unit_holder_count (unit_id, holder_uid, n)
  SELECT NEW.unit_id, NEW.holder_uid, NEW.n FROM DUAL
  WHERE @sl_bulk_load IS NULL AND NEW.status = 'active'
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER unit_log_count_au_level AFTER UPDATE ON unit_log_count FOR EACH ROW
  INSERT INTO unit_level_count (unit_id, status, level, n)
  SELECT x.u, x.s, x.l, SUM(x.n) FROM (
    SELECT OLD.unit_id AS u, OLD.status AS s, OLD.level AS l, -OLD.n AS n
    UNION ALL SELECT NEW.unit_id, NEW.status, NEW.level, NEW.n) x
  WHERE @sl_bulk_load IS NULL GROUP BY x.u, x.s, x.l
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER unit_log_count_au_holder AFTER UPDATE ON unit_log_count FOR EACH ROW
  INSERT INTO unit_holder_count (unit_id, holder_uid, n)
  SELECT x.u, x.h, SUM(x.n) FROM (
    SELECT OLD.unit_id AS u, OLD.holder_uid AS h, -OLD.n AS n FROM DUAL WHERE OLD.status = 'active'
    UNION ALL SELECT NEW.unit_id, NEW.holder_uid, NEW.n FROM DUAL WHERE NEW.status = 'active') x
  WHERE @sl_bulk_load IS NULL GROUP BY x.u, x.h
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER unit_log_count_ad_level AFTER DELETE ON unit_log_count FOR EACH ROW
  UPDATE unit_level_count SET n = n - OLD.n WHERE @sl_bulk_load IS NULL
    AND unit_id = OLD.unit_id AND status = OLD.status AND level = OLD.level;

CREATE TRIGGER unit_log_count_ad_holder AFTER DELETE ON unit_log_count FOR EACH ROW
  UPDATE unit_holder_count SET n = n - OLD.n WHERE @sl_bulk_load IS NULL
    AND OLD.status = 'active' AND unit_id = OLD.unit_id AND holder_uid = OLD.holder_uid;

CREATE TRIGGER unit_due_count_ai_month AFTER INSERT ON unit_due_count FOR EACH ROW
  INSERT INTO unit_due_month (month, unit_id, n)
  SELECT NEW.evaluate_by - INTERVAL (DAYOFMONTH(NEW.evaluate_by) - 1) DAY, NEW.unit_id, NEW.n FROM DUAL WHERE @sl_bulk_load IS NULL
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER unit_due_count_ai_day AFTER INSERT ON unit_due_count FOR EACH ROW
  INSERT INTO unit_due_day (evaluate_by, unit_id, n)
  SELECT NEW.evaluate_by, NEW.unit_id, NEW.n FROM DUAL WHERE @sl_bulk_load IS NULL
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER unit_due_count_au_month AFTER UPDATE ON unit_due_count FOR EACH ROW
  INSERT INTO unit_due_month (month, unit_id, n)
  SELECT x.m, x.u, SUM(x.n) FROM (
    SELECT OLD.evaluate_by - INTERVAL (DAYOFMONTH(OLD.evaluate_by) - 1) DAY AS m, OLD.unit_id AS u, -OLD.n AS n
    UNION ALL SELECT NEW.evaluate_by - INTERVAL (DAYOFMONTH(NEW.evaluate_by) - 1) DAY, NEW.unit_id, NEW.n) x
  WHERE @sl_bulk_load IS NULL GROUP BY x.m, x.u
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER unit_due_count_au_day AFTER UPDATE ON unit_due_count FOR EACH ROW
  INSERT INTO unit_due_day (evaluate_by, unit_id, n)
  SELECT x.e, x.u, SUM(x.n) FROM (
    SELECT OLD.evaluate_by AS e, OLD.unit_id AS u, -OLD.n AS n
    UNION ALL SELECT NEW.evaluate_by, NEW.unit_id, NEW.n) x
  WHERE @sl_bulk_load IS NULL GROUP BY x.e, x.u
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER unit_due_count_ad_month AFTER DELETE ON unit_due_count FOR EACH ROW
  UPDATE unit_due_month SET n = n - OLD.n WHERE @sl_bulk_load IS NULL
    AND month = OLD.evaluate_by - INTERVAL (DAYOFMONTH(OLD.evaluate_by) - 1) DAY AND unit_id = OLD.unit_id;

CREATE TRIGGER unit_due_count_ad_day AFTER DELETE ON unit_due_count FOR EACH ROW
  UPDATE unit_due_day SET n = n - OLD.n WHERE @sl_bulk_load IS NULL
    AND evaluate_by = OLD.evaluate_by AND unit_id = OLD.unit_id;

CREATE TRIGGER unit_day_count_ai_month AFTER INSERT ON unit_day_count FOR EACH ROW
  INSERT INTO unit_month_count (month, unit_id, opened, closed)
  SELECT NEW.day - INTERVAL (DAYOFMONTH(NEW.day) - 1) DAY, NEW.unit_id, NEW.opened, NEW.closed FROM DUAL WHERE @sl_bulk_load IS NULL
  ON DUPLICATE KEY UPDATE opened = opened + VALUES(opened), closed = closed + VALUES(closed);

CREATE TRIGGER unit_day_count_au_month AFTER UPDATE ON unit_day_count FOR EACH ROW
  INSERT INTO unit_month_count (month, unit_id, opened, closed)
  SELECT x.m, x.u, SUM(x.o), SUM(x.c) FROM (
    SELECT OLD.day - INTERVAL (DAYOFMONTH(OLD.day) - 1) DAY AS m, OLD.unit_id AS u, -OLD.opened AS o, -OLD.closed AS c
    UNION ALL SELECT NEW.day - INTERVAL (DAYOFMONTH(NEW.day) - 1) DAY, NEW.unit_id, NEW.opened, NEW.closed) x
  WHERE @sl_bulk_load IS NULL GROUP BY x.m, x.u
  ON DUPLICATE KEY UPDATE opened = opened + VALUES(opened), closed = closed + VALUES(closed);

CREATE TRIGGER unit_day_count_ad_month AFTER DELETE ON unit_day_count FOR EACH ROW
  UPDATE unit_month_count SET opened = opened - OLD.opened, closed = closed - OLD.closed
  WHERE @sl_bulk_load IS NULL AND month = OLD.day - INTERVAL (DAYOFMONTH(OLD.day) - 1) DAY AND unit_id = OLD.unit_id;

CREATE TRIGGER log_ai_consent AFTER INSERT ON log FOR EACH ROW
  INSERT INTO unit_consent_month (month, unit_id, n)
  SELECT NEW.consent_until - INTERVAL (DAYOFMONTH(NEW.consent_until) - 1) DAY, NEW.unit_id, 1 FROM DUAL
  WHERE @sl_bulk_load IS NULL AND NEW.status = 'active'
  ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER log_au_consent AFTER UPDATE ON log FOR EACH ROW
  INSERT INTO unit_consent_month (month, unit_id, n)
  SELECT x.m, x.u, SUM(x.d) FROM (
    SELECT OLD.consent_until - INTERVAL (DAYOFMONTH(OLD.consent_until) - 1) DAY AS m, OLD.unit_id AS u, -1 AS d FROM DUAL WHERE OLD.status = 'active'
    UNION ALL SELECT NEW.consent_until - INTERVAL (DAYOFMONTH(NEW.consent_until) - 1) DAY, NEW.unit_id, 1 FROM DUAL WHERE NEW.status = 'active') x
  WHERE @sl_bulk_load IS NULL AND (OLD.unit_id <> NEW.unit_id OR OLD.status <> NEW.status
    OR OLD.consent_until <> NEW.consent_until)
  GROUP BY x.m, x.u
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER log_bd_consent BEFORE DELETE ON log FOR EACH ROW
  UPDATE unit_consent_month SET n = n - 1 WHERE @sl_bulk_load IS NULL AND OLD.status = 'active'
    AND month = OLD.consent_until - INTERVAL (DAYOFMONTH(OLD.consent_until) - 1) DAY AND unit_id = OLD.unit_id;

-- ------------------------------------------------------------ recount
-- recount begin
SET @sl_bulk_load = 1;

UPDATE log l
  LEFT JOIN (SELECT log_id, MIN(evaluate_by) AS d FROM measure WHERE status = 'active' GROUP BY log_id) m
    ON m.log_id = l.id
  LEFT JOIN (SELECT log_id, MAX(COALESCE(expires_at, '9999-12-31')) AS u FROM consent
    WHERE withdrawn_at IS NULL GROUP BY log_id) c ON c.log_id = l.id
  SET l.next_deadline = COALESCE(m.d, '9999-12-31'), l.consent_until = COALESCE(c.u, '9999-12-31');

UPDATE log l
  LEFT JOIN (SELECT log_id, MAX(GREATEST(created_at, updated_at)) AS t FROM concern GROUP BY log_id) k ON k.log_id = l.id
  LEFT JOIN (SELECT log_id, MAX(GREATEST(created_at, COALESCE(text_changed_at, created_at))) AS t FROM measure GROUP BY log_id) m ON m.log_id = l.id
  LEFT JOIN (SELECT log_id, MAX(created_at) AS t FROM evaluation GROUP BY log_id) e ON e.log_id = l.id
  LEFT JOIN (SELECT log_id, MAX(COALESCE(updated_at, created_at)) AS t FROM bright_spot GROUP BY log_id) b ON b.log_id = l.id
  LEFT JOIN (SELECT log_id, MAX(created_at) AS t FROM note GROUP BY log_id) n ON n.log_id = l.id
  LEFT JOIN (SELECT log_id, MAX(created_at) AS t FROM meeting GROUP BY log_id) g ON g.log_id = l.id
  LEFT JOIN (SELECT log_id, MAX(created_at) AS t FROM consent GROUP BY log_id) c ON c.log_id = l.id
  SET l.last_activity = GREATEST(l.created_at, COALESCE(k.t, l.created_at), COALESCE(m.t, l.created_at),
    COALESCE(e.t, l.created_at), COALESCE(b.t, l.created_at), COALESCE(n.t, l.created_at),
    COALESCE(g.t, l.created_at), COALESCE(c.t, l.created_at));

UPDATE log SET closed_at = IF(status = 'passive', COALESCE(closed_at, last_activity), NULL);

DELETE FROM unit_log_count;

INSERT INTO unit_log_count (unit_id, holder_uid, status, level, n)
  SELECT unit_id, holder_uid, status, level, COUNT(*) FROM log GROUP BY unit_id, holder_uid, status, level;

DELETE FROM unit_category_count;

INSERT INTO unit_category_count (unit_id, category_id, active_n, total_n)
  SELECT l.unit_id, c.category_id, SUM(l.status = 'active' AND c.status = 'active'), COUNT(*)
  FROM concern c JOIN log l ON l.id = c.log_id GROUP BY l.unit_id, c.category_id;

DELETE FROM unit_due_count;

INSERT INTO unit_due_count (unit_id, holder_uid, evaluate_by, n)
  SELECT l.unit_id, l.holder_uid, m.evaluate_by, COUNT(*) FROM measure m JOIN log l ON l.id = m.log_id
  WHERE m.status = 'active' AND l.status = 'active' GROUP BY l.unit_id, l.holder_uid, m.evaluate_by;

DELETE FROM unit_day_count;

INSERT INTO unit_day_count (unit_id, day, opened, closed)
  SELECT unit_id, DATE(created_at), COUNT(*), 0 FROM log GROUP BY unit_id, DATE(created_at);

INSERT INTO unit_day_count (unit_id, day, opened, closed)
  SELECT unit_id, DATE(closed_at), 0, COUNT(*) FROM log WHERE status = 'passive'
  GROUP BY unit_id, DATE(closed_at)
  ON DUPLICATE KEY UPDATE closed = closed + VALUES(closed);

DELETE FROM unit_level_count;

INSERT INTO unit_level_count (unit_id, status, level, n)
  SELECT unit_id, status, level, SUM(n) FROM unit_log_count GROUP BY unit_id, status, level;

DELETE FROM unit_holder_count;

INSERT INTO unit_holder_count (unit_id, holder_uid, n)
  SELECT unit_id, holder_uid, SUM(n) FROM unit_log_count WHERE status = 'active'
  GROUP BY unit_id, holder_uid;

DELETE FROM unit_due_month;

INSERT INTO unit_due_month (month, unit_id, n)
  SELECT evaluate_by - INTERVAL (DAYOFMONTH(evaluate_by) - 1) DAY, unit_id, SUM(n) FROM unit_due_count
  GROUP BY evaluate_by - INTERVAL (DAYOFMONTH(evaluate_by) - 1) DAY, unit_id;

DELETE FROM unit_due_day;

INSERT INTO unit_due_day (evaluate_by, unit_id, n)
  SELECT evaluate_by, unit_id, SUM(n) FROM unit_due_count GROUP BY evaluate_by, unit_id;

DELETE FROM unit_month_count;

INSERT INTO unit_month_count (month, unit_id, opened, closed)
  SELECT day - INTERVAL (DAYOFMONTH(day) - 1) DAY, unit_id, SUM(opened), SUM(closed) FROM unit_day_count
  GROUP BY day - INTERVAL (DAYOFMONTH(day) - 1) DAY, unit_id;

DELETE FROM unit_consent_month;

INSERT INTO unit_consent_month (month, unit_id, n)
  SELECT consent_until - INTERVAL (DAYOFMONTH(consent_until) - 1) DAY, unit_id, COUNT(*) FROM log WHERE status = 'active'
  GROUP BY consent_until - INTERVAL (DAYOFMONTH(consent_until) - 1) DAY, unit_id;

SET @sl_bulk_load = NULL;
-- recount end
