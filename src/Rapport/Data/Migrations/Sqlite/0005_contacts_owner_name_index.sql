-- 0005: the owner index also orders by name, so "owned by X, sorted by last name" (the usual list)
-- walks one index in order and stops after a page instead of sorting every contact of the owner.
DROP INDEX IF EXISTS "ix_contacts_workspace_id_owner_id";
CREATE INDEX "ix_contacts_workspace_id_owner_id_last_name_first_name" ON "contacts" ("workspace_id", "owner_id", "last_name", "first_name");
