-- 0003: customer data (contacts, accounts, relationships, tags, custom fields, consent ledger,
-- lifecycle stage history, saved views) and activities (interactions, notes, tasks, notifications).
-- Drafted from EF's GenerateCreateScript(), then reviewed. Optional links to contacts and accounts
-- are cleared by BEFORE DELETE triggers when the parent is purged (a plain ON DELETE SET NULL would
-- null workspace_id too).

ALTER TABLE "workspaces" ADD COLUMN "record_visibility" TEXT NOT NULL DEFAULT '{}';

CREATE TABLE "accounts" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT NULL,
    "industry" TEXT NULL,
    "size" TEXT NULL,
    "annual_revenue" REAL NULL,
    "phone" TEXT NULL,
    "addresses" TEXT NOT NULL,
    "parent_account_id" BLOB NULL,
    "owner_id" BLOB NULL,
    "custom_fields" TEXT NOT NULL,
    "external_id" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_accounts" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_accounts_accounts_workspace_id_parent_account_id" FOREIGN KEY ("workspace_id", "parent_account_id") REFERENCES "accounts" ("workspace_id", "id"),
    CONSTRAINT "fk_accounts_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_accounts_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "contacts" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "email" TEXT NULL,
    "phone" TEXT NULL,
    "emails" TEXT NOT NULL,
    "phones" TEXT NOT NULL,
    "addresses" TEXT NOT NULL,
    "birth_date" TEXT NULL,
    "job_title" TEXT NULL,
    "social" TEXT NOT NULL,
    "owner_id" BLOB NULL,
    "source" TEXT NULL,
    "lifecycle_stage" TEXT NOT NULL,
    "custom_fields" TEXT NOT NULL,
    "consent" TEXT NOT NULL,
    "external_id" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "erased_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_contacts" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_contacts_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_contacts_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "custom_field_definitions" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "entity" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "required" INTEGER NOT NULL,
    "unique" INTEGER NOT NULL,
    "options" TEXT NOT NULL,
    "currency" TEXT NULL,
    "position" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_custom_field_definitions" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_custom_field_definitions_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "notifications" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "user_id" BLOB NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NULL,
    "link" TEXT NULL,
    "record_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "read_at" TEXT NULL,
    CONSTRAINT "pk_notifications" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_notifications_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_notifications_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "saved_views" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "entity" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_user_id" BLOB NOT NULL,
    "shared" INTEGER NOT NULL,
    "query" TEXT NOT NULL,
    "columns" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_saved_views" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_saved_views_users_owner_user_id" FOREIGN KEY ("owner_user_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_saved_views_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "account_tags" (
    "workspace_id" BLOB NOT NULL,
    "account_id" BLOB NOT NULL,
    "tag" TEXT NOT NULL,
    CONSTRAINT "pk_account_tags" PRIMARY KEY ("workspace_id", "account_id", "tag"),
    CONSTRAINT "fk_account_tags_accounts_workspace_id_account_id" FOREIGN KEY ("workspace_id", "account_id") REFERENCES "accounts" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "consent_events" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "contact_id" BLOB NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NULL,
    "at" TEXT NOT NULL,
    "recorded_by_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_consent_events" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_consent_events_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "contact_accounts" (
    "workspace_id" BLOB NOT NULL,
    "contact_id" BLOB NOT NULL,
    "account_id" BLOB NOT NULL,
    "role" TEXT NOT NULL,
    "title" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_contact_accounts" PRIMARY KEY ("workspace_id", "contact_id", "account_id"),
    CONSTRAINT "fk_contact_accounts_accounts_workspace_id_account_id" FOREIGN KEY ("workspace_id", "account_id") REFERENCES "accounts" ("workspace_id", "id") ON DELETE CASCADE,
    CONSTRAINT "fk_contact_accounts_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "contact_tags" (
    "workspace_id" BLOB NOT NULL,
    "contact_id" BLOB NOT NULL,
    "tag" TEXT NOT NULL,
    CONSTRAINT "pk_contact_tags" PRIMARY KEY ("workspace_id", "contact_id", "tag"),
    CONSTRAINT "fk_contact_tags_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "interactions" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "contact_id" BLOB NULL,
    "account_id" BLOB NULL,
    "channel" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "occurred_at" TEXT NOT NULL,
    "duration_seconds" INTEGER NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NULL,
    "outcome" TEXT NULL,
    "participants" TEXT NOT NULL,
    "created_by_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_interactions" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_interactions_accounts_workspace_id_account_id" FOREIGN KEY ("workspace_id", "account_id") REFERENCES "accounts" ("workspace_id", "id"),
    CONSTRAINT "fk_interactions_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id"),
    CONSTRAINT "fk_interactions_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "lifecycle_stage_changes" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "contact_id" BLOB NOT NULL,
    "from_stage" TEXT NULL,
    "to_stage" TEXT NOT NULL,
    "changed_at" TEXT NOT NULL,
    "changed_by_user_id" BLOB NULL,
    CONSTRAINT "pk_lifecycle_stage_changes" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_lifecycle_stage_changes_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "notes" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "contact_id" BLOB NULL,
    "account_id" BLOB NULL,
    "body" TEXT NOT NULL,
    "mentions" TEXT NOT NULL,
    "author_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_notes" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_notes_accounts_workspace_id_account_id" FOREIGN KEY ("workspace_id", "account_id") REFERENCES "accounts" ("workspace_id", "id"),
    CONSTRAINT "fk_notes_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id"),
    CONSTRAINT "fk_notes_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "tasks" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NULL,
    "due_at" TEXT NULL,
    "remind_at" TEXT NULL,
    "reminded_at" TEXT NULL,
    "priority" TEXT NOT NULL,
    "assignee_id" BLOB NULL,
    "contact_id" BLOB NULL,
    "account_id" BLOB NULL,
    "status" TEXT NOT NULL,
    "completed_at" TEXT NULL,
    "created_by_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_tasks" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_tasks_accounts_workspace_id_account_id" FOREIGN KEY ("workspace_id", "account_id") REFERENCES "accounts" ("workspace_id", "id"),
    CONSTRAINT "fk_tasks_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id"),
    CONSTRAINT "fk_tasks_users_assignee_id" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_tasks_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_account_tags_workspace_id_tag_account_id" ON "account_tags" ("workspace_id", "tag", "account_id");

CREATE INDEX "ix_accounts_owner_id" ON "accounts" ("owner_id");

CREATE INDEX "ix_accounts_workspace_id_created_at" ON "accounts" ("workspace_id", "created_at");

CREATE INDEX "ix_accounts_workspace_id_domain" ON "accounts" ("workspace_id", "domain");

CREATE INDEX "ix_accounts_workspace_id_external_id" ON "accounts" ("workspace_id", "external_id");

CREATE INDEX "ix_accounts_workspace_id_name" ON "accounts" ("workspace_id", "name");

CREATE INDEX "ix_accounts_workspace_id_owner_id" ON "accounts" ("workspace_id", "owner_id");

CREATE INDEX "ix_accounts_workspace_id_parent_account_id" ON "accounts" ("workspace_id", "parent_account_id");

CREATE INDEX "ix_consent_events_workspace_id_contact_id_at" ON "consent_events" ("workspace_id", "contact_id", "at");

CREATE INDEX "ix_contact_accounts_workspace_id_account_id" ON "contact_accounts" ("workspace_id", "account_id");

CREATE INDEX "ix_contact_tags_workspace_id_tag_contact_id" ON "contact_tags" ("workspace_id", "tag", "contact_id");

CREATE INDEX "ix_contacts_owner_id" ON "contacts" ("owner_id");

CREATE INDEX "ix_contacts_workspace_id_created_at" ON "contacts" ("workspace_id", "created_at");

CREATE INDEX "ix_contacts_workspace_id_email" ON "contacts" ("workspace_id", "email");

CREATE INDEX "ix_contacts_workspace_id_external_id" ON "contacts" ("workspace_id", "external_id");

CREATE INDEX "ix_contacts_workspace_id_last_name_first_name" ON "contacts" ("workspace_id", "last_name", "first_name");

CREATE INDEX "ix_contacts_workspace_id_lifecycle_stage" ON "contacts" ("workspace_id", "lifecycle_stage");

CREATE INDEX "ix_contacts_workspace_id_owner_id" ON "contacts" ("workspace_id", "owner_id");

CREATE INDEX "ix_contacts_workspace_id_phone" ON "contacts" ("workspace_id", "phone");

CREATE UNIQUE INDEX "ux_custom_field_definitions_workspace_id_entity_key" ON "custom_field_definitions" ("workspace_id", "entity", "key");

CREATE INDEX "ix_interactions_workspace_id_account_id_occurred_at" ON "interactions" ("workspace_id", "account_id", "occurred_at");

CREATE INDEX "ix_interactions_workspace_id_contact_id_occurred_at" ON "interactions" ("workspace_id", "contact_id", "occurred_at");

CREATE INDEX "ix_interactions_workspace_id_created_at" ON "interactions" ("workspace_id", "created_at");

CREATE INDEX "ix_lifecycle_stage_changes_workspace_id_contact_id_changed_at" ON "lifecycle_stage_changes" ("workspace_id", "contact_id", "changed_at");

CREATE INDEX "ix_notes_workspace_id_account_id_created_at" ON "notes" ("workspace_id", "account_id", "created_at");

CREATE INDEX "ix_notes_workspace_id_contact_id_created_at" ON "notes" ("workspace_id", "contact_id", "created_at");

CREATE INDEX "ix_notes_workspace_id_created_at" ON "notes" ("workspace_id", "created_at");

CREATE INDEX "ix_notifications_user_id" ON "notifications" ("user_id");

CREATE INDEX "ix_notifications_workspace_id_user_id_read_at_created_at" ON "notifications" ("workspace_id", "user_id", "read_at", "created_at");

CREATE INDEX "ix_saved_views_owner_user_id" ON "saved_views" ("owner_user_id");

CREATE INDEX "ix_saved_views_workspace_id_entity_owner_user_id" ON "saved_views" ("workspace_id", "entity", "owner_user_id");

CREATE INDEX "ix_tasks_assignee_id" ON "tasks" ("assignee_id");

CREATE INDEX "ix_tasks_remind_at_reminded_at" ON "tasks" ("remind_at", "reminded_at");

CREATE INDEX "ix_tasks_workspace_id_account_id" ON "tasks" ("workspace_id", "account_id");

CREATE INDEX "ix_tasks_workspace_id_assignee_id_status_due_at" ON "tasks" ("workspace_id", "assignee_id", "status", "due_at");

CREATE INDEX "ix_tasks_workspace_id_contact_id" ON "tasks" ("workspace_id", "contact_id");

CREATE INDEX "ix_tasks_workspace_id_created_at" ON "tasks" ("workspace_id", "created_at");


CREATE TRIGGER "trg_contacts_before_delete_clear_links" BEFORE DELETE ON "contacts"
BEGIN
    UPDATE "interactions" SET "contact_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "contact_id" = OLD."id";
    UPDATE "notes" SET "contact_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "contact_id" = OLD."id";
    UPDATE "tasks" SET "contact_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "contact_id" = OLD."id";
END;

CREATE TRIGGER "trg_accounts_before_delete_clear_links" BEFORE DELETE ON "accounts"
BEGIN
    UPDATE "accounts" SET "parent_account_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "parent_account_id" = OLD."id";
    UPDATE "interactions" SET "account_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "account_id" = OLD."id";
    UPDATE "notes" SET "account_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "account_id" = OLD."id";
    UPDATE "tasks" SET "account_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "account_id" = OLD."id";
END;
