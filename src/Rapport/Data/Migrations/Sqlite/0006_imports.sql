-- 0006: CSV imports (issue #4): the jobs, every row error, and each import's change log (what undo reads).
CREATE TABLE "imports" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "entity" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "file_path" TEXT NOT NULL,
    "file_bytes" INTEGER NOT NULL,
    "on_duplicate" TEXT NOT NULL,
    "match_on" TEXT NOT NULL,
    "dry_run" INTEGER NOT NULL,
    "create_missing_accounts" INTEGER NOT NULL,
    "map" TEXT NOT NULL,
    "created" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "skipped" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "rows_read" INTEGER NOT NULL,
    "bytes_read" INTEGER NOT NULL,
    "failure" TEXT NULL,
    "created_by_user_id" BLOB NULL,
    "created_by_api_key_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "started_at" TEXT NULL,
    "finished_at" TEXT NULL,
    "undone_at" TEXT NULL,
    CONSTRAINT "pk_imports" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_imports_users_created_by_user_id" FOREIGN KEY ("created_by_user_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_imports_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);
CREATE INDEX "ix_imports_workspace_id_created_at" ON "imports" ("workspace_id", "created_at");
CREATE INDEX "ix_imports_status_created_at" ON "imports" ("status", "created_at");
CREATE INDEX "ix_imports_created_by_user_id" ON "imports" ("created_by_user_id");

CREATE TABLE "import_errors" (
    "workspace_id" BLOB NOT NULL,
    "import_id" BLOB NOT NULL,
    "seq" INTEGER NOT NULL,
    "row" INTEGER NOT NULL,
    "column" TEXT NULL,
    "message" TEXT NOT NULL,
    CONSTRAINT "pk_import_errors" PRIMARY KEY ("workspace_id", "import_id", "seq"),
    CONSTRAINT "fk_import_errors_imports_workspace_id_import_id" FOREIGN KEY ("workspace_id", "import_id") REFERENCES "imports" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "import_changes" (
    "workspace_id" BLOB NOT NULL,
    "import_id" BLOB NOT NULL,
    "entity_type" TEXT NOT NULL,
    "record_id" BLOB NOT NULL,
    "action" TEXT NOT NULL,
    "old_values" TEXT NULL,
    CONSTRAINT "pk_import_changes" PRIMARY KEY ("workspace_id", "import_id", "entity_type", "record_id"),
    CONSTRAINT "fk_import_changes_imports_workspace_id_import_id" FOREIGN KEY ("workspace_id", "import_id") REFERENCES "imports" ("workspace_id", "id") ON DELETE CASCADE
);
