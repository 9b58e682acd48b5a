-- 0009: leads (issue #5): leads, their events and score history, web-to-lead forms and their
-- submissions, scoring rules and settings, assignment rules. Drafted from EF's GenerateCreateScript(),
-- then reviewed. leads.converted_*_id have no foreign key on purpose: a converted lead keeps the ids of
-- what it became even after those records are purged from the trash. Submissions and lead events linked
-- to a contact go with it when it is purged.

CREATE TABLE "lead_scoring_rules" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "kind" TEXT NOT NULL,
    "field" TEXT NULL,
    "operator" TEXT NULL,
    "value" TEXT NULL,
    "event_type" TEXT NULL,
    "points" INTEGER NOT NULL,
    "label" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_lead_scoring_rules" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_lead_scoring_rules_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "lead_settings" (
    "workspace_id" BLOB NOT NULL CONSTRAINT "pk_lead_settings" PRIMARY KEY,
    "half_life_days" REAL NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_lead_settings_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "leads" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "email" TEXT NULL,
    "phone" TEXT NULL,
    "company" TEXT NULL,
    "title" TEXT NULL,
    "website" TEXT NULL,
    "employees" INTEGER NULL,
    "industry" TEXT NULL,
    "country" TEXT NULL,
    "region" TEXT NULL,
    "city" TEXT NULL,
    "source" TEXT NULL,
    "campaign" TEXT NULL,
    "status" TEXT NOT NULL,
    "disqualified_reason" TEXT NULL,
    "score" INTEGER NOT NULL,
    "scored_at" TEXT NULL,
    "owner_id" BLOB NULL,
    "assigned_by_rule" TEXT NULL,
    "consent" TEXT NOT NULL,
    "converted_contact_id" BLOB NULL,
    "converted_account_id" BLOB NULL,
    "converted_deal_id" BLOB NULL,
    "converted_at" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_leads" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_leads_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_leads_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "web_forms" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "name" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "consent_text" TEXT NULL,
    "thank_you_message" TEXT NULL,
    "redirect_url" TEXT NULL,
    "allowed_origins" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "campaign" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_web_forms" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_web_forms_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "lead_events" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "lead_id" BLOB NOT NULL,
    "contact_id" BLOB NULL,
    "type" TEXT NOT NULL,
    "detail" TEXT NULL,
    "occurred_at" TEXT NOT NULL,
    "actor_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_lead_events" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_lead_events_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id") ON DELETE CASCADE,
    CONSTRAINT "fk_lead_events_leads_workspace_id_lead_id" FOREIGN KEY ("workspace_id", "lead_id") REFERENCES "leads" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "lead_score_changes" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "lead_id" BLOB NOT NULL,
    "old_score" INTEGER NOT NULL,
    "new_score" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_lead_score_changes" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_lead_score_changes_leads_workspace_id_lead_id" FOREIGN KEY ("workspace_id", "lead_id") REFERENCES "leads" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "lead_assignment_rules" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "active" INTEGER NOT NULL,
    "criteria" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "user_ids" TEXT NOT NULL,
    "team_id" BLOB NULL,
    "territories" TEXT NOT NULL,
    "round_robin_counter" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_lead_assignment_rules" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_lead_assignment_rules_teams_workspace_id_team_id" FOREIGN KEY ("workspace_id", "team_id") REFERENCES "teams" ("workspace_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_lead_assignment_rules_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "form_submissions" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "form_id" BLOB NOT NULL,
    "lead_id" BLOB NULL,
    "contact_id" BLOB NULL,
    "data" TEXT NOT NULL,
    "consent_given" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "origin" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_form_submissions" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_form_submissions_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id") ON DELETE CASCADE,
    CONSTRAINT "fk_form_submissions_leads_workspace_id_lead_id" FOREIGN KEY ("workspace_id", "lead_id") REFERENCES "leads" ("workspace_id", "id") ON DELETE CASCADE,
    CONSTRAINT "fk_form_submissions_web_forms_workspace_id_form_id" FOREIGN KEY ("workspace_id", "form_id") REFERENCES "web_forms" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE INDEX "ix_form_submissions_workspace_id_contact_id_created_at" ON "form_submissions" ("workspace_id", "contact_id", "created_at");

CREATE INDEX "ix_form_submissions_workspace_id_form_id_created_at" ON "form_submissions" ("workspace_id", "form_id", "created_at");

CREATE INDEX "ix_form_submissions_workspace_id_lead_id_created_at" ON "form_submissions" ("workspace_id", "lead_id", "created_at");

CREATE INDEX "ix_lead_assignment_rules_workspace_id_position" ON "lead_assignment_rules" ("workspace_id", "position");

CREATE INDEX "ix_lead_assignment_rules_workspace_id_team_id" ON "lead_assignment_rules" ("workspace_id", "team_id");

CREATE INDEX "ix_lead_events_workspace_id_contact_id_occurred_at" ON "lead_events" ("workspace_id", "contact_id", "occurred_at");

CREATE INDEX "ix_lead_events_workspace_id_lead_id_occurred_at" ON "lead_events" ("workspace_id", "lead_id", "occurred_at");

CREATE INDEX "ix_lead_score_changes_workspace_id_lead_id_created_at" ON "lead_score_changes" ("workspace_id", "lead_id", "created_at");

CREATE INDEX "ix_leads_owner_id" ON "leads" ("owner_id");

CREATE INDEX "ix_leads_workspace_id_created_at" ON "leads" ("workspace_id", "created_at");

CREATE INDEX "ix_leads_workspace_id_email" ON "leads" ("workspace_id", "email");

CREATE INDEX "ix_leads_workspace_id_owner_id_status" ON "leads" ("workspace_id", "owner_id", "status");

CREATE INDEX "ix_leads_workspace_id_status_score" ON "leads" ("workspace_id", "status", "score");

CREATE INDEX "ix_web_forms_workspace_id_created_at" ON "web_forms" ("workspace_id", "created_at");

CREATE UNIQUE INDEX "ux_web_forms_id" ON "web_forms" ("id");
