-- 0007: duplicates (issue #4). A scan's groups (the review queue) with their members, pairs a user
-- dismissed as "not duplicates" (a later scan leaves them apart), and merges with what undoing needs.

CREATE TABLE "duplicate_dismissals" (
    "workspace_id" BLOB NOT NULL,
    "record_a" BLOB NOT NULL,
    "record_b" BLOB NOT NULL,
    "entity" TEXT NOT NULL,
    "dismissed_by_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_duplicate_dismissals" PRIMARY KEY ("workspace_id", "record_a", "record_b"),
    CONSTRAINT "fk_duplicate_dismissals_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "duplicate_groups" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "entity" TEXT NOT NULL,
    "scan_id" BLOB NOT NULL,
    "score" REAL NOT NULL,
    "reasons" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_duplicate_groups" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_duplicate_groups_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "duplicate_scans" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "entity" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "records_scanned" INTEGER NOT NULL,
    "pairs_compared" INTEGER NOT NULL,
    "groups_found" INTEGER NOT NULL,
    "error" TEXT NULL,
    "requested_by_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "started_at" TEXT NULL,
    "finished_at" TEXT NULL,
    "lease_until" TEXT NULL,
    CONSTRAINT "pk_duplicate_scans" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_duplicate_scans_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "merges" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "entity" TEXT NOT NULL,
    "survivor_id" BLOB NOT NULL,
    "merged_ids" TEXT NOT NULL,
    "undo_state" TEXT NOT NULL,
    "merged_by_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "undone_at" TEXT NULL,
    "undone_by_user_id" BLOB NULL,
    CONSTRAINT "pk_merges" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_merges_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "duplicate_group_members" (
    "workspace_id" BLOB NOT NULL,
    "group_id" BLOB NOT NULL,
    "record_id" BLOB NOT NULL,
    CONSTRAINT "pk_duplicate_group_members" PRIMARY KEY ("workspace_id", "group_id", "record_id"),
    CONSTRAINT "fk_duplicate_group_members_duplicate_groups_workspace_id_group_id" FOREIGN KEY ("workspace_id", "group_id") REFERENCES "duplicate_groups" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE INDEX "ix_duplicate_group_members_workspace_id_record_id" ON "duplicate_group_members" ("workspace_id", "record_id");

CREATE INDEX "ix_duplicate_groups_workspace_id_entity_score" ON "duplicate_groups" ("workspace_id", "entity", "score");

CREATE INDEX "ix_duplicate_scans_status_lease_until" ON "duplicate_scans" ("status", "lease_until");

CREATE INDEX "ix_duplicate_scans_workspace_id_entity_status" ON "duplicate_scans" ("workspace_id", "entity", "status");

CREATE INDEX "ix_merges_workspace_id_survivor_id" ON "merges" ("workspace_id", "survivor_id");
