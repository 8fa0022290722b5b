-- Demo content for Fjordvik kommune: two fictional logs, so that the demo
-- shows a real stafettlogg at once.  Loaded by tests/demo.sh into an empty
-- demo database only.  All people are fictional; the identity numbers are
-- synthetic (Skatteetaten style, month + 80) and match the test persons of
-- the ID-porten stand-in (tests/servers/idporten.py).

INSERT IGNORE INTO unit (id, dn, name, updated_at) VALUES
  ('solbakken-barnehage', 'cn=solbakken-barnehage,ou=units,dc=fjordvik,dc=kommune,dc=no', 'Solbakken barnehage', UTC_TIMESTAMP()),
  ('fjordvik-skole', 'cn=fjordvik-skole,ou=units,dc=fjordvik,dc=kommune,dc=no', 'Fjordvik skole', UTC_TIMESTAMP()),
  ('fjordvik-helsestasjon', 'cn=fjordvik-helsestasjon,ou=units,dc=fjordvik,dc=kommune,dc=no', 'Fjordvik helsestasjon', UTC_TIMESTAMP()),
  ('ppt', 'cn=ppt,ou=units,dc=fjordvik,dc=kommune,dc=no', 'PPT Fjordvik', UTC_TIMESTAMP());

INSERT IGNORE INTO staff (uid, dn, name, mail, last_login, created_at) VALUES
  ('ola.berg', 'uid=ola.berg,ou=people,dc=fjordvik,dc=kommune,dc=no', 'Ola Berg', 'ola.berg@fjordvik.kommune.no', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('ingrid.dahl', 'uid=ingrid.dahl,ou=people,dc=fjordvik,dc=kommune,dc=no', 'Ingrid Dahl', 'ingrid.dahl@fjordvik.kommune.no', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('ase.ovrebo', 'uid=ase.ovrebo,ou=people,dc=fjordvik,dc=kommune,dc=no', 'Åse Øvrebø', 'ase.ovrebo@fjordvik.kommune.no', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('jonas.moe', 'uid=jonas.moe,ou=people,dc=fjordvik,dc=kommune,dc=no', 'Jonas Moe', 'jonas.moe@fjordvik.kommune.no', UTC_TIMESTAMP(), UTC_TIMESTAMP());

INSERT IGNORE INTO staff_unit (uid, unit_id, role) VALUES
  ('ola.berg', 'solbakken-barnehage', 'staff'),
  ('ingrid.dahl', 'fjordvik-skole', 'staff'),
  ('ase.ovrebo', 'fjordvik-helsestasjon', 'staff'),
  ('jonas.moe', 'ppt', 'staff');

-- A kindergarten child, level 2, held by Ola Berg.
INSERT INTO log (nin, active_nin, child_name, birth_date, address, unit_id, holder_uid, level, status, created_at, created_by)
  VALUES ('03852150024', '03852150024', 'Testbarn Strand', '2021-05-03', 'Fjordveien 12\n9990 Fjordvik',
          'solbakken-barnehage', 'ola.berg', 2, 'active', UTC_TIMESTAMP() - INTERVAL 40 DAY, 'ola.berg');
SET @log = LAST_INSERT_ID();
INSERT INTO guardian (log_id, name, email, phone, nin) VALUES
  (@log, 'Testforelder Fjord', 'fjord@example.org', '400 12 345', '14838510036');
SET @g = LAST_INSERT_ID();
INSERT INTO consent (log_id, given_by, given_by_name, given_at, scope, expires_at, created_at, created_by)
  VALUES (@log, 'guardians', 'Testforelder Fjord', UTC_DATE() - INTERVAL 40 DAY,
          'Solbakken barnehage, Fjordvik helsestasjon og PPT', UTC_DATE() + INTERVAL 325 DAY,
          UTC_TIMESTAMP() - INTERVAL 40 DAY, 'ola.berg');
INSERT INTO concern (log_id, category_id, description, goal, maintaining, discussed_leader, discussed_guardians,
                     discussed_child, registered_at, status, created_at, created_by, updated_at)
  VALUES (@log, 2, 'Testbarn snakker lite i samlingsstund og bruker mest enkeltord.',
          'Testbarn bruker setninger med tre ord når barnet forteller i samlingsstund.',
          'Lite høytlesing hjemme; barnet blir ofte hjulpet før det får prøvd selv.', 1, 1, 1,
          UTC_DATE() - INTERVAL 40 DAY, 'active', UTC_TIMESTAMP() - INTERVAL 40 DAY, 'ola.berg',
          UTC_TIMESTAMP() - INTERVAL 40 DAY);
SET @c1 = LAST_INSERT_ID();
INSERT INTO measure (log_id, concern_id, text, kind, actor_kind, actor_uid, actor_guardian, active_actor,
                     start_date, evaluate_by, status, created_at, created_by) VALUES
  (@log, @c1, 'Språkgruppe med tre barn to ganger i uka, 20 minutter.', 'service', 'staff', 'ola.berg', NULL,
   'staff:ola.berg', UTC_DATE() - INTERVAL 38 DAY, UTC_DATE() + INTERVAL 10 DAY, 'active',
   UTC_TIMESTAMP() - INTERVAL 40 DAY, 'ola.berg'),
  (@log, @c1, 'Lese en bildebok sammen hver kveld før leggetid.', 'home', 'guardian', NULL, @g,
   CONCAT('guardian:', @g), UTC_DATE() - INTERVAL 38 DAY, UTC_DATE() + INTERVAL 10 DAY, 'active',
   UTC_TIMESTAMP() - INTERVAL 40 DAY, 'ola.berg'),
  (@log, @c1, 'Testbarn forteller om én ting fra dagen ved middagsbordet.', 'child', 'child', NULL, NULL,
   'child', UTC_DATE() - INTERVAL 38 DAY, UTC_DATE() - INTERVAL 2 DAY, 'active',
   UTC_TIMESTAMP() - INTERVAL 40 DAY, 'ola.berg'),
  (@log, @c1, 'Språkkartlegging (TRAS) og råd til barnehagen.', 'service', 'staff', 'ase.ovrebo', NULL,
   'staff:ase.ovrebo', UTC_DATE() - INTERVAL 30 DAY, UTC_DATE() + INTERVAL 20 DAY, 'active',
   UTC_TIMESTAMP() - INTERVAL 30 DAY, 'ola.berg');
INSERT INTO measure_step (measure_id, pos, text)
  SELECT id, 1, 'Lytte til de andre i gruppa' FROM measure WHERE concern_id = @c1 AND actor_uid = 'ola.berg';
INSERT INTO measure_step (measure_id, pos, text)
  SELECT id, 2, 'Gjenta en setning' FROM measure WHERE concern_id = @c1 AND actor_uid = 'ola.berg';
INSERT INTO measure_step (measure_id, pos, text)
  SELECT id, 3, 'Fortelle noe selv' FROM measure WHERE concern_id = @c1 AND actor_uid = 'ola.berg';
INSERT INTO concern (log_id, category_id, description, goal, maintaining, registered_at, status, created_at,
                     created_by, updated_at)
  VALUES (@log, 6, 'Testbarn leker mest alene i utetiden.', 'Testbarn leker sammen med minst ett annet barn i utetiden tre dager i uka.',
          '', UTC_DATE() - INTERVAL 10 DAY, 'active', UTC_TIMESTAMP() - INTERVAL 10 DAY, 'ola.berg',
          UTC_TIMESTAMP() - INTERVAL 10 DAY);
INSERT INTO bright_spot (log_id, author_uid, author_name, text, created_at) VALUES
  (@log, 'ola.berg', 'Ola Berg', 'I dag fortalte Testbarn om turen til fjæra med en hel setning!', UTC_TIMESTAMP() - INTERVAL 3 DAY),
  (@log, 'ase.ovrebo', 'Åse Øvrebø', 'Flott samarbeid på kartleggingen – Testbarn var nysgjerrig og modig.', UTC_TIMESTAMP() - INTERVAL 12 DAY),
  (@log, 'family:14838510036', 'Testforelder Fjord', 'Vi har lest hver kveld i to uker. Testbarn vil velge bok selv nå.', UTC_TIMESTAMP() - INTERVAL 1 DAY);
INSERT INTO note (log_id, concern_id, author_uid, author_name, text, private, created_at)
  VALUES (@log, @c1, 'ola.berg', 'Ola Berg', 'Avtalt med PPT at de observerer i samlingsstund neste uke.', 0, UTC_TIMESTAMP() - INTERVAL 5 DAY);
INSERT INTO meeting (log_id, at, place, participants, agenda, created_at, created_by)
  VALUES (@log, UTC_TIMESTAMP() + INTERVAL 9 DAY, 'Solbakken barnehage, møterommet',
          'Testforelder Fjord, Ola Berg (stafettholder), Åse Øvrebø (helsestasjonen), Jonas Moe (PPT)',
          'Evaluere språktiltakene. Nye tiltak for lek i utetiden.', UTC_TIMESTAMP() - INTERVAL 2 DAY, 'ola.berg');
INSERT INTO read_grant (log_id, uid, scope, history, expires_at, created_at, created_by)
  VALUES (@log, 'jonas.moe', 'categories', 'all', UTC_DATE() + INTERVAL 60 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY, 'ola.berg');
INSERT INTO read_grant_item (grant_id, item_id) VALUES (LAST_INSERT_ID(), 2);

-- A pupil of 16, who consents herself, held by Ingrid Dahl.
INSERT INTO log (nin, active_nin, child_name, birth_date, address, unit_id, holder_uid, level, status, created_at, created_by)
  VALUES ('09881050150', '09881050150', 'Testungdom Berg', '2010-08-09', NULL,
          'fjordvik-skole', 'ingrid.dahl', 1, 'active', UTC_TIMESTAMP() - INTERVAL 20 DAY, 'ingrid.dahl');
SET @log2 = LAST_INSERT_ID();
INSERT INTO consent (log_id, given_by, given_by_name, given_at, scope, created_at, created_by)
  VALUES (@log2, 'youth', 'Testungdom Berg', UTC_DATE() - INTERVAL 20 DAY, 'Fjordvik skole',
          UTC_TIMESTAMP() - INTERVAL 20 DAY, 'ingrid.dahl');
INSERT INTO concern (log_id, category_id, description, goal, maintaining, discussed_guardians, discussed_child,
                     registered_at, status, created_at, created_by, updated_at)
  VALUES (@log2, 5, 'Mye fravær i første time, særlig mandager.', 'Testungdom møter til første time fire av fem dager.',
          'Sen leggetid i helgene.', 0, 1, UTC_DATE() - INTERVAL 20 DAY, 'active',
          UTC_TIMESTAMP() - INTERVAL 20 DAY, 'ingrid.dahl', UTC_TIMESTAMP() - INTERVAL 20 DAY);
SET @c3 = LAST_INSERT_ID();
INSERT INTO measure (log_id, concern_id, text, kind, actor_kind, actor_uid, active_actor, start_date,
                     evaluate_by, status, created_at, created_by) VALUES
  (@log2, @c3, 'Kontaktlærer sender en kort melding søndag kveld om planen for mandagen.', 'service', 'staff',
   'ingrid.dahl', 'staff:ingrid.dahl', UTC_DATE() - INTERVAL 19 DAY, UTC_DATE() + INTERVAL 9 DAY, 'active',
   UTC_TIMESTAMP() - INTERVAL 20 DAY, 'ingrid.dahl'),
  (@log2, @c3, 'Testungdom legger mobilen i stua kl. 23 søndag til torsdag.', 'child', 'child', NULL, 'child',
   UTC_DATE() - INTERVAL 19 DAY, UTC_DATE() + INTERVAL 9 DAY, 'active', UTC_TIMESTAMP() - INTERVAL 20 DAY,
   'ingrid.dahl');
INSERT INTO bright_spot (log_id, author_uid, author_name, text, created_at) VALUES
  (@log2, 'ingrid.dahl', 'Ingrid Dahl', 'Møtte presis alle dager denne uka. Sterkt!', UTC_TIMESTAMP() - INTERVAL 2 DAY);
