-- 0001: the platform: workspaces, users, memberships, teams, API keys, invitations, password resets,
-- audit log, trash, outbox, data-protection keys. Drafted from EF's GenerateCreateScript(), then reviewed.

CREATE TABLE "data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NOT NULL,
    "xml" TEXT NOT NULL
);

CREATE TABLE "users" (
    "id" BLOB NOT NULL CONSTRAINT "pk_users" PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "failed_sign_in_count" INTEGER NOT NULL,
    "first_failed_sign_in_at" TEXT NULL,
    "lockout_end" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "password_changed_at" TEXT NOT NULL
);

CREATE TABLE "workspaces" (
    "id" BLOB NOT NULL CONSTRAINT "pk_workspaces" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "default_country" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "base_currency" TEXT NOT NULL,
    "fiscal_year_start_month" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE TABLE "password_resets" (
    "id" BLOB NOT NULL CONSTRAINT "pk_password_resets" PRIMARY KEY,
    "user_id" BLOB NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "used_at" TEXT NULL,
    CONSTRAINT "fk_password_resets_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "api_keys" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "key_start" TEXT NOT NULL,
    "created_by_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "last_used_at" TEXT NULL,
    "revoked_at" TEXT NULL,
    CONSTRAINT "pk_api_keys" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_api_keys_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "audit_log" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "created_at" TEXT NOT NULL,
    "actor_user_id" BLOB NULL,
    "actor_api_key_id" BLOB NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" BLOB NULL,
    "changes" TEXT NULL,
    CONSTRAINT "pk_audit_log" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_audit_log_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "invitations" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "accepted_at" TEXT NULL,
    CONSTRAINT "pk_invitations" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_invitations_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "outbox_messages" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" TEXT NOT NULL,
    "locked_until" TEXT NULL,
    "processed_at" TEXT NULL,
    "failed_at" TEXT NULL,
    "last_error" TEXT NULL,
    CONSTRAINT "pk_outbox_messages" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_outbox_messages_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "teams" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    CONSTRAINT "pk_teams" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_teams_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "trash" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" BLOB NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "deleted_by_user_id" BLOB NULL,
    "deleted_by_api_key_id" BLOB NULL,
    CONSTRAINT "pk_trash" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_trash_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "outbox_deliveries" (
    "workspace_id" BLOB NOT NULL,
    "message_id" BLOB NOT NULL,
    "handler" TEXT NOT NULL,
    "delivered_at" TEXT NOT NULL,
    CONSTRAINT "pk_outbox_deliveries" PRIMARY KEY ("workspace_id", "message_id", "handler"),
    CONSTRAINT "fk_outbox_deliveries_outbox_messages_workspace_id_message_id" FOREIGN KEY ("workspace_id", "message_id") REFERENCES "outbox_messages" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "memberships" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "user_id" BLOB NOT NULL,
    "role" TEXT NOT NULL,
    "team_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "deactivated_at" TEXT NULL,
    CONSTRAINT "pk_memberships" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_memberships_teams_workspace_id_team_id" FOREIGN KEY ("workspace_id", "team_id") REFERENCES "teams" ("workspace_id", "id"),
    CONSTRAINT "fk_memberships_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_memberships_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ux_api_keys_key_hash" ON "api_keys" ("key_hash");

CREATE INDEX "ix_audit_log_workspace_id_created_at" ON "audit_log" ("workspace_id", "created_at");

CREATE INDEX "ix_audit_log_workspace_id_entity_id_created_at" ON "audit_log" ("workspace_id", "entity_id", "created_at");

CREATE UNIQUE INDEX "ux_invitations_token_hash" ON "invitations" ("token_hash");

CREATE INDEX "ix_memberships_user_id" ON "memberships" ("user_id");

CREATE INDEX "ix_memberships_workspace_id_team_id" ON "memberships" ("workspace_id", "team_id");

CREATE UNIQUE INDEX "ux_memberships_workspace_id_user_id" ON "memberships" ("workspace_id", "user_id");

CREATE INDEX "ix_outbox_messages_processed_at_failed_at_next_attempt_at" ON "outbox_messages" ("processed_at", "failed_at", "next_attempt_at");

CREATE INDEX "ix_password_resets_user_id" ON "password_resets" ("user_id");

CREATE UNIQUE INDEX "ux_password_resets_token_hash" ON "password_resets" ("token_hash");

CREATE INDEX "ix_teams_workspace_id_name" ON "teams" ("workspace_id", "name");

CREATE INDEX "ix_trash_created_at" ON "trash" ("created_at");

CREATE UNIQUE INDEX "ux_trash_workspace_id_entity_id" ON "trash" ("workspace_id", "entity_id");

CREATE UNIQUE INDEX "ux_users_email" ON "users" ("email");

-- Purging a team clears members' team link. A plain ON DELETE SET NULL would null workspace_id too.
CREATE TRIGGER "trg_teams_before_delete_clear_memberships" BEFORE DELETE ON "teams"
BEGIN
    UPDATE "memberships" SET "team_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "team_id" = OLD."id";
END;
