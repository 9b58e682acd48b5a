-- Sales (issue #5): pipelines and their stages, products, deals (contacts with roles, line items,
-- stage history), lost reasons, follow-up rules (stage → task), the tasks they created, exchange rates.
-- Drafted from EF's GenerateCreateScript(), then reviewed. Optional links (deal → account, line item →
-- product) are cleared when the parent is purged: BEFORE DELETE triggers (a plain ON DELETE SET NULL would null workspace_id too).
-- The stage history has no foreign key to the stage: a deleted stage goes to the trash, its history stays.

CREATE TABLE "exchange_rates" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "currency" TEXT NOT NULL,
    "rate" REAL NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "pk_exchange_rates" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_exchange_rates_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "lost_reasons" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "pk_lost_reasons" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_lost_reasons_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "pipelines" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_pipelines" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_pipelines_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "products" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "price" REAL NOT NULL,
    "currency" TEXT NOT NULL,
    "active" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_products" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_products_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "pipeline_stages" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "pipeline_id" BLOB NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "probability" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "rotting_days" INTEGER NULL,
    "deleted_at" TEXT NULL,
    CONSTRAINT "pk_pipeline_stages" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_pipeline_stages_pipelines_workspace_id_pipeline_id" FOREIGN KEY ("workspace_id", "pipeline_id") REFERENCES "pipelines" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "deals" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "name" TEXT NOT NULL,
    "pipeline_id" BLOB NOT NULL,
    "stage_id" BLOB NOT NULL,
    "amount" REAL NULL,
    "currency" TEXT NOT NULL,
    "expected_close_date" TEXT NULL,
    "probability_override" INTEGER NULL,
    "forecast_category" TEXT NOT NULL,
    "owner_id" BLOB NULL,
    "account_id" BLOB NULL,
    "next_step" TEXT NULL,
    "lost_reason" TEXT NULL,
    "lost_note" TEXT NULL,
    "stage_entered_at" TEXT NOT NULL,
    "won_at" TEXT NULL,
    "lost_at" TEXT NULL,
    "created_by_user_id" BLOB NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "deleted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "pk_deals" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_deals_accounts_workspace_id_account_id" FOREIGN KEY ("workspace_id", "account_id") REFERENCES "accounts" ("workspace_id", "id"),
    CONSTRAINT "fk_deals_pipeline_stages_workspace_id_stage_id" FOREIGN KEY ("workspace_id", "stage_id") REFERENCES "pipeline_stages" ("workspace_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_deals_pipelines_workspace_id_pipeline_id" FOREIGN KEY ("workspace_id", "pipeline_id") REFERENCES "pipelines" ("workspace_id", "id") ON DELETE RESTRICT,
    CONSTRAINT "fk_deals_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_deals_workspaces_workspace_id" FOREIGN KEY ("workspace_id") REFERENCES "workspaces" ("id") ON DELETE RESTRICT
);

CREATE TABLE "stage_rules" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "stage_id" BLOB NOT NULL,
    "task_title" TEXT NOT NULL,
    "due_in_days" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_stage_rules" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_stage_rules_pipeline_stages_workspace_id_stage_id" FOREIGN KEY ("workspace_id", "stage_id") REFERENCES "pipeline_stages" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "deal_contacts" (
    "workspace_id" BLOB NOT NULL,
    "deal_id" BLOB NOT NULL,
    "contact_id" BLOB NOT NULL,
    "role" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "pk_deal_contacts" PRIMARY KEY ("workspace_id", "deal_id", "contact_id"),
    CONSTRAINT "fk_deal_contacts_contacts_workspace_id_contact_id" FOREIGN KEY ("workspace_id", "contact_id") REFERENCES "contacts" ("workspace_id", "id") ON DELETE CASCADE,
    CONSTRAINT "fk_deal_contacts_deals_workspace_id_deal_id" FOREIGN KEY ("workspace_id", "deal_id") REFERENCES "deals" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "deal_line_items" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "deal_id" BLOB NOT NULL,
    "position" INTEGER NOT NULL,
    "product_id" BLOB NULL,
    "description" TEXT NULL,
    "quantity" REAL NOT NULL,
    "unit_price" REAL NOT NULL,
    "discount" REAL NOT NULL,
    CONSTRAINT "pk_deal_line_items" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_deal_line_items_deals_workspace_id_deal_id" FOREIGN KEY ("workspace_id", "deal_id") REFERENCES "deals" ("workspace_id", "id") ON DELETE CASCADE,
    CONSTRAINT "fk_deal_line_items_products_workspace_id_product_id" FOREIGN KEY ("workspace_id", "product_id") REFERENCES "products" ("workspace_id", "id")
);

CREATE TABLE "deal_stage_history" (
    "workspace_id" BLOB NOT NULL,
    "id" BLOB NOT NULL,
    "deal_id" BLOB NOT NULL,
    "stage_id" BLOB NOT NULL,
    "from_stage_id" BLOB NULL,
    "entered_at" TEXT NOT NULL,
    "left_at" TEXT NULL,
    "changed_by_user_id" BLOB NULL,
    CONSTRAINT "pk_deal_stage_history" PRIMARY KEY ("workspace_id", "id"),
    CONSTRAINT "fk_deal_stage_history_deals_workspace_id_deal_id" FOREIGN KEY ("workspace_id", "deal_id") REFERENCES "deals" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE TABLE "deal_tasks" (
    "workspace_id" BLOB NOT NULL,
    "deal_id" BLOB NOT NULL,
    "task_id" BLOB NOT NULL,
    "stage_rule_id" BLOB NULL,
    CONSTRAINT "pk_deal_tasks" PRIMARY KEY ("workspace_id", "deal_id", "task_id"),
    CONSTRAINT "fk_deal_tasks_deals_workspace_id_deal_id" FOREIGN KEY ("workspace_id", "deal_id") REFERENCES "deals" ("workspace_id", "id") ON DELETE CASCADE,
    CONSTRAINT "fk_deal_tasks_tasks_workspace_id_task_id" FOREIGN KEY ("workspace_id", "task_id") REFERENCES "tasks" ("workspace_id", "id") ON DELETE CASCADE
);

CREATE INDEX "ix_deal_contacts_workspace_id_contact_id" ON "deal_contacts" ("workspace_id", "contact_id");

CREATE INDEX "ix_deal_line_items_workspace_id_deal_id_position" ON "deal_line_items" ("workspace_id", "deal_id", "position");

CREATE INDEX "ix_deal_line_items_workspace_id_product_id" ON "deal_line_items" ("workspace_id", "product_id");

CREATE INDEX "ix_deal_stage_history_workspace_id_deal_id_entered_at" ON "deal_stage_history" ("workspace_id", "deal_id", "entered_at");

CREATE INDEX "ix_deal_stage_history_workspace_id_stage_id_entered_at" ON "deal_stage_history" ("workspace_id", "stage_id", "entered_at");

CREATE INDEX "ix_deal_tasks_workspace_id_task_id" ON "deal_tasks" ("workspace_id", "task_id");

CREATE INDEX "ix_deals_owner_id" ON "deals" ("owner_id");

CREATE INDEX "ix_deals_workspace_id_account_id" ON "deals" ("workspace_id", "account_id");

CREATE INDEX "ix_deals_workspace_id_created_at" ON "deals" ("workspace_id", "created_at");

CREATE INDEX "ix_deals_workspace_id_expected_close_date" ON "deals" ("workspace_id", "expected_close_date");

CREATE INDEX "ix_deals_workspace_id_owner_id" ON "deals" ("workspace_id", "owner_id");

CREATE INDEX "ix_deals_workspace_id_pipeline_id_stage_id" ON "deals" ("workspace_id", "pipeline_id", "stage_id");

CREATE INDEX "ix_deals_workspace_id_stage_id" ON "deals" ("workspace_id", "stage_id");

CREATE UNIQUE INDEX "ux_exchange_rates_workspace_id_currency" ON "exchange_rates" ("workspace_id", "currency");

CREATE UNIQUE INDEX "ux_lost_reasons_workspace_id_name" ON "lost_reasons" ("workspace_id", "name");

CREATE INDEX "ix_pipeline_stages_workspace_id_pipeline_id_position" ON "pipeline_stages" ("workspace_id", "pipeline_id", "position");

CREATE INDEX "ix_pipelines_workspace_id_position" ON "pipelines" ("workspace_id", "position");

CREATE INDEX "ix_products_workspace_id_name" ON "products" ("workspace_id", "name");

CREATE UNIQUE INDEX "ux_products_workspace_id_sku" ON "products" ("workspace_id", "sku");

CREATE INDEX "ix_stage_rules_workspace_id_stage_id" ON "stage_rules" ("workspace_id", "stage_id");

CREATE TRIGGER "trg_accounts_before_delete_clear_deals" BEFORE DELETE ON "accounts"
BEGIN
    UPDATE "deals" SET "account_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "account_id" = OLD."id";
END;

CREATE TRIGGER "trg_products_before_delete_clear_line_items" BEFORE DELETE ON "products"
BEGIN
    UPDATE "deal_line_items" SET "product_id" = NULL WHERE "workspace_id" = OLD."workspace_id" AND "product_id" = OLD."id";
END;
