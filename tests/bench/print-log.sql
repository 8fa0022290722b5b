-- tests/bench/print-log.sql - the large log of the print benchmark (issue 8):
-- 20 concerns, 100 measures (2 steps each, 40 evaluated), 200 bright spots,
-- 10 notes, held by ola.berg.  Passive, so that it takes no child's active
-- slot among the generated logs.  Made once; tests/bench/print.sh reuses it.
SET @have = (SELECT MIN(id) FROM log WHERE child_name = 'Stor Utskriftlogg');
INSERT INTO log (nin, active_nin, child_name, birth_date, address, unit_id,
  holder_uid, level, status, created_at, created_by)
SELECT '24851799999', NULL, 'Stor Utskriftlogg', '2017-05-24',
  'Benkeveien 1, 9999 Fjordvik', 'solbakken-barnehage', 'ola.berg', 2,
  'passive', UTC_TIMESTAMP() - INTERVAL 400 DAY, 'ola.berg'
FROM DUAL WHERE @have IS NULL;
SET @log = (SELECT MIN(id) FROM log WHERE child_name = 'Stor Utskriftlogg');
SET @cat = (SELECT MIN(id) FROM category);
INSERT INTO concern (log_id, category_id, description, goal, maintaining,
  discussed_leader, discussed_guardians, registered_at, status, created_at,
  created_by, updated_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
SELECT @log, @cat, CONCAT('Oppmerksomhet ', i, ': barnet trekker seg unna i',
  ' lek og samling, og de voksne ser at det har blitt tydeligere den siste',
  ' måneden.'), CONCAT('Mål ', i, ': barnet deltar i lek med minst ett annet',
  ' barn tre dager i uka.'), 'Lite søvn i perioder.', 1, 1,
  CURDATE() - INTERVAL 300 DAY, 'active', UTC_TIMESTAMP(), 'ola.berg',
  UTC_TIMESTAMP() FROM n WHERE @have IS NULL;
INSERT INTO measure (log_id, concern_id, text, kind, actor_kind, actor_uid,
  start_date, evaluate_by, status, created_at, created_by)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
SELECT @log, c.id, CONCAT('Tiltak ', n.i, ' for oppmerksomhet ', c.id,
  ': en voksen følger barnet inn i leken og hjelper med å ta kontakt.'),
  'service', 'staff', 'ola.berg', CURDATE() - INTERVAL 200 DAY,
  CURDATE() + INTERVAL 30 DAY, 'active', UTC_TIMESTAMP(), 'ola.berg'
FROM concern c JOIN n WHERE c.log_id = @log AND @have IS NULL;
INSERT INTO measure_step (measure_id, pos, text)
SELECT m.id, p.pos, CONCAT('Steg ', p.pos, ': øve sammen med én venn.')
FROM measure m JOIN (SELECT 1 AS pos UNION ALL SELECT 2) p
WHERE m.log_id = @log AND @have IS NULL;
INSERT INTO evaluation (measure_id, log_id, effective, family_view, decision,
  created_at, created_by)
SELECT m.id, @log, 1, 'Foreldrene ser fremgang hjemme.', 'continue',
  UTC_TIMESTAMP(), 'ola.berg' FROM measure m
WHERE m.log_id = @log AND m.id % 5 < 2 AND @have IS NULL;
INSERT INTO bright_spot (log_id, author_uid, author_name, text, created_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
SELECT @log, 'ola.berg', 'Ola Berg', CONCAT('Lysglimt ', i, ': sang en hel',
  ' sang i samlingen og lo sammen med de andre.'),
  UTC_TIMESTAMP() - INTERVAL i HOUR FROM n WHERE @have IS NULL;
INSERT INTO note (log_id, author_uid, author_name, text, created_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
SELECT @log, 'ola.berg', 'Ola Berg', CONCAT('Notat ', i, ' fra samarbeidsmøtet',
  ' med foreldrene og helsestasjonen.'), UTC_TIMESTAMP() - INTERVAL i DAY
FROM n WHERE @have IS NULL;
SELECT @log;
