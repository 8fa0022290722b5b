-- 006: only active measures make someone an actor.  The policy facts
-- (fcgi/logfacts.c) and "logs I act in" (fcgi/h_logs.c) ask for a
-- user's active measures, in one log or in all: one index serves both,
-- and covers the concern ids the facts need.
ALTER TABLE measure DROP KEY measure_by_actor,
  ADD KEY measure_by_active_actor (actor_uid, status, log_id, concern_id);
