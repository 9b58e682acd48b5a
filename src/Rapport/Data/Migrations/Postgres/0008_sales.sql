-- Sales (issue #5): pipelines and their stages, products, deals (contacts with roles, line items,
-- stage history), lost reasons, follow-up rules (stage → task), the tasks they created, exchange rates.
-- Drafted from EF's GenerateCreateScript(), then reviewed. Optional links (deal → account, line item →
-- product) are cleared when the parent is purged: ON DELETE SET NULL (column).
-- The stage history has no foreign key to the stage: a deleted stage goes to the trash, its history stays.

CREATE TABLE exchange_rates (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    currency character varying(3) NOT NULL,
    rate numeric(18,8) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_exchange_rates PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_exchange_rates_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE lost_reasons (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    name character varying(100) NOT NULL,
    position integer NOT NULL,
    CONSTRAINT pk_lost_reasons PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_lost_reasons_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE pipelines (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    name character varying(100) NOT NULL,
    position integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT pk_pipelines PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_pipelines_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE products (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    sku character varying(64) NOT NULL,
    name character varying(200) NOT NULL,
    price numeric(18,2) NOT NULL,
    currency character varying(3) NOT NULL,
    active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_products PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_products_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE pipeline_stages (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    pipeline_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    position integer NOT NULL,
    probability integer NOT NULL,
    type character varying(10) NOT NULL,
    rotting_days integer,
    deleted_at timestamp with time zone,
    CONSTRAINT pk_pipeline_stages PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_pipeline_stages_pipelines_workspace_id_pipeline_id FOREIGN KEY (workspace_id, pipeline_id) REFERENCES pipelines (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE deals (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    pipeline_id uuid NOT NULL,
    stage_id uuid NOT NULL,
    amount numeric(18,2),
    currency character varying(3) NOT NULL,
    expected_close_date date,
    probability_override integer,
    forecast_category character varying(10) NOT NULL,
    owner_id uuid,
    account_id uuid,
    next_step character varying(300),
    lost_reason character varying(100),
    lost_note character varying(2000),
    stage_entered_at timestamp with time zone NOT NULL,
    won_at timestamp with time zone,
    lost_at timestamp with time zone,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_deals PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_deals_accounts_workspace_id_account_id FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id) ON DELETE SET NULL (account_id),
    CONSTRAINT fk_deals_pipeline_stages_workspace_id_stage_id FOREIGN KEY (workspace_id, stage_id) REFERENCES pipeline_stages (workspace_id, id) ON DELETE RESTRICT,
    CONSTRAINT fk_deals_pipelines_workspace_id_pipeline_id FOREIGN KEY (workspace_id, pipeline_id) REFERENCES pipelines (workspace_id, id) ON DELETE RESTRICT,
    CONSTRAINT fk_deals_users_owner_id FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_deals_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE stage_rules (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    stage_id uuid NOT NULL,
    task_title character varying(300) NOT NULL,
    due_in_days integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_stage_rules PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_stage_rules_pipeline_stages_workspace_id_stage_id FOREIGN KEY (workspace_id, stage_id) REFERENCES pipeline_stages (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE deal_contacts (
    workspace_id uuid NOT NULL,
    deal_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    role character varying(20) NOT NULL,
    position integer NOT NULL,
    CONSTRAINT pk_deal_contacts PRIMARY KEY (workspace_id, deal_id, contact_id),
    CONSTRAINT fk_deal_contacts_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE,
    CONSTRAINT fk_deal_contacts_deals_workspace_id_deal_id FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE deal_line_items (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    deal_id uuid NOT NULL,
    position integer NOT NULL,
    product_id uuid,
    description character varying(300),
    quantity numeric(18,4) NOT NULL,
    unit_price numeric(18,2) NOT NULL,
    discount numeric(5,2) NOT NULL,
    CONSTRAINT pk_deal_line_items PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_deal_line_items_deals_workspace_id_deal_id FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id) ON DELETE CASCADE,
    CONSTRAINT fk_deal_line_items_products_workspace_id_product_id FOREIGN KEY (workspace_id, product_id) REFERENCES products (workspace_id, id) ON DELETE SET NULL (product_id)
);

CREATE TABLE deal_stage_history (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    deal_id uuid NOT NULL,
    stage_id uuid NOT NULL,
    from_stage_id uuid,
    entered_at timestamp with time zone NOT NULL,
    left_at timestamp with time zone,
    changed_by_user_id uuid,
    CONSTRAINT pk_deal_stage_history PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_deal_stage_history_deals_workspace_id_deal_id FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE deal_tasks (
    workspace_id uuid NOT NULL,
    deal_id uuid NOT NULL,
    task_id uuid NOT NULL,
    stage_rule_id uuid,
    CONSTRAINT pk_deal_tasks PRIMARY KEY (workspace_id, deal_id, task_id),
    CONSTRAINT fk_deal_tasks_deals_workspace_id_deal_id FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id) ON DELETE CASCADE,
    CONSTRAINT fk_deal_tasks_tasks_workspace_id_task_id FOREIGN KEY (workspace_id, task_id) REFERENCES tasks (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX ix_deal_contacts_workspace_id_contact_id ON deal_contacts (workspace_id, contact_id);

CREATE INDEX ix_deal_line_items_workspace_id_deal_id_position ON deal_line_items (workspace_id, deal_id, position);

CREATE INDEX ix_deal_line_items_workspace_id_product_id ON deal_line_items (workspace_id, product_id);

CREATE INDEX ix_deal_stage_history_workspace_id_deal_id_entered_at ON deal_stage_history (workspace_id, deal_id, entered_at);

CREATE INDEX ix_deal_stage_history_workspace_id_stage_id_entered_at ON deal_stage_history (workspace_id, stage_id, entered_at);

CREATE INDEX ix_deal_tasks_workspace_id_task_id ON deal_tasks (workspace_id, task_id);

CREATE INDEX ix_deals_owner_id ON deals (owner_id);

CREATE INDEX ix_deals_workspace_id_account_id ON deals (workspace_id, account_id);

CREATE INDEX ix_deals_workspace_id_created_at ON deals (workspace_id, created_at);

CREATE INDEX ix_deals_workspace_id_expected_close_date ON deals (workspace_id, expected_close_date);

CREATE INDEX ix_deals_workspace_id_owner_id ON deals (workspace_id, owner_id);

CREATE INDEX ix_deals_workspace_id_pipeline_id_stage_id ON deals (workspace_id, pipeline_id, stage_id);

CREATE INDEX ix_deals_workspace_id_stage_id ON deals (workspace_id, stage_id);

CREATE UNIQUE INDEX ux_exchange_rates_workspace_id_currency ON exchange_rates (workspace_id, currency);

CREATE UNIQUE INDEX ux_lost_reasons_workspace_id_name ON lost_reasons (workspace_id, name);

CREATE INDEX ix_pipeline_stages_workspace_id_pipeline_id_position ON pipeline_stages (workspace_id, pipeline_id, position);

CREATE INDEX ix_pipelines_workspace_id_position ON pipelines (workspace_id, position);

CREATE INDEX ix_products_workspace_id_name ON products (workspace_id, name);

CREATE UNIQUE INDEX ux_products_workspace_id_sku ON products (workspace_id, sku);

CREATE INDEX ix_stage_rules_workspace_id_stage_id ON stage_rules (workspace_id, stage_id);
