-- 0002: teams carry a version (their ETag), so a stale If-Match on PATCH /api/v1/teams/{id} gets 412.
ALTER TABLE "teams" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
