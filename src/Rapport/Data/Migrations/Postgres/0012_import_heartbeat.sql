-- 0012: a running import beats at every committed chunk, so one left "running" by a process that died
-- is found (no beat for 15 minutes) and marked failed; what it committed can then be undone.
ALTER TABLE imports ADD COLUMN heartbeat_at timestamp with time zone;
