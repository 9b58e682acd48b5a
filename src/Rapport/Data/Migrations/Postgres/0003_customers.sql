-- 0003: customer data (contacts, accounts, relationships, tags, custom fields, consent ledger,
-- lifecycle stage history, saved views) and activities (interactions, notes, tasks, notifications).
-- Drafted from EF's GenerateCreateScript(), then reviewed: optional links to contacts and accounts
-- are set null when the parent is purged from the trash (only that column, not workspace_id).

ALTER TABLE workspaces ADD COLUMN record_visibility jsonb NOT NULL DEFAULT '{}';

CREATE TABLE accounts (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    domain character varying(253),
    industry character varying(100),
    size character varying(20),
    annual_revenue numeric,
    phone character varying(20),
    addresses jsonb NOT NULL,
    parent_account_id uuid,
    owner_id uuid,
    custom_fields jsonb NOT NULL,
    external_id character varying(200),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_accounts PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_accounts_accounts_workspace_id_parent_account_id FOREIGN KEY (workspace_id, parent_account_id) REFERENCES accounts (workspace_id, id) ON DELETE SET NULL (parent_account_id),
    CONSTRAINT fk_accounts_users_owner_id FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_accounts_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE contacts (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    first_name character varying(100) NOT NULL,
    last_name character varying(100) NOT NULL,
    email character varying(254),
    phone character varying(20),
    emails jsonb NOT NULL,
    phones jsonb NOT NULL,
    addresses jsonb NOT NULL,
    birth_date date,
    job_title character varying(150),
    social jsonb NOT NULL,
    owner_id uuid,
    source character varying(100),
    lifecycle_stage character varying(20) NOT NULL,
    custom_fields jsonb NOT NULL,
    consent jsonb NOT NULL,
    external_id character varying(200),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    erased_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_contacts PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_contacts_users_owner_id FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_contacts_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE custom_field_definitions (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    entity character varying(20) NOT NULL,
    key character varying(50) NOT NULL,
    label character varying(100) NOT NULL,
    type character varying(20) NOT NULL,
    required boolean NOT NULL,
    "unique" boolean NOT NULL,
    options jsonb NOT NULL,
    currency character varying(3),
    position integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_custom_field_definitions PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_custom_field_definitions_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE notifications (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind character varying(30) NOT NULL,
    title character varying(300) NOT NULL,
    body character varying(1000),
    link character varying(500),
    record_id uuid,
    created_at timestamp with time zone NOT NULL,
    read_at timestamp with time zone,
    CONSTRAINT pk_notifications PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_notifications_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_notifications_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE saved_views (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    entity character varying(20) NOT NULL,
    name character varying(100) NOT NULL,
    owner_user_id uuid NOT NULL,
    shared boolean NOT NULL,
    query character varying(2000) NOT NULL,
    columns jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_saved_views PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_saved_views_users_owner_user_id FOREIGN KEY (owner_user_id) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_saved_views_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE account_tags (
    workspace_id uuid NOT NULL,
    account_id uuid NOT NULL,
    tag character varying(50) NOT NULL,
    CONSTRAINT pk_account_tags PRIMARY KEY (workspace_id, account_id, tag),
    CONSTRAINT fk_account_tags_accounts_workspace_id_account_id FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE consent_events (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    contact_id uuid NOT NULL,
    channel character varying(10) NOT NULL,
    status character varying(10) NOT NULL,
    source character varying(200),
    at timestamp with time zone NOT NULL,
    recorded_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_consent_events PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_consent_events_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE contact_accounts (
    workspace_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    account_id uuid NOT NULL,
    role character varying(20) NOT NULL,
    title character varying(150),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_contact_accounts PRIMARY KEY (workspace_id, contact_id, account_id),
    CONSTRAINT fk_contact_accounts_accounts_workspace_id_account_id FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id) ON DELETE CASCADE,
    CONSTRAINT fk_contact_accounts_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE contact_tags (
    workspace_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    tag character varying(50) NOT NULL,
    CONSTRAINT pk_contact_tags PRIMARY KEY (workspace_id, contact_id, tag),
    CONSTRAINT fk_contact_tags_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE interactions (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    contact_id uuid,
    account_id uuid,
    channel character varying(20) NOT NULL,
    direction character varying(10) NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    duration_seconds integer,
    subject character varying(300) NOT NULL,
    body text,
    outcome character varying(200),
    participants jsonb NOT NULL,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_interactions PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_interactions_accounts_workspace_id_account_id FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id) ON DELETE SET NULL (account_id),
    CONSTRAINT fk_interactions_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE SET NULL (contact_id),
    CONSTRAINT fk_interactions_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE lifecycle_stage_changes (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    contact_id uuid NOT NULL,
    from_stage character varying(20),
    to_stage character varying(20) NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    changed_by_user_id uuid,
    CONSTRAINT pk_lifecycle_stage_changes PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_lifecycle_stage_changes_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE notes (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    contact_id uuid,
    account_id uuid,
    body character varying(20000) NOT NULL,
    mentions jsonb NOT NULL,
    author_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_notes PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_notes_accounts_workspace_id_account_id FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id) ON DELETE SET NULL (account_id),
    CONSTRAINT fk_notes_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE SET NULL (contact_id),
    CONSTRAINT fk_notes_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE tasks (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    title character varying(300) NOT NULL,
    description character varying(20000),
    due_at timestamp with time zone,
    remind_at timestamp with time zone,
    reminded_at timestamp with time zone,
    priority character varying(10) NOT NULL,
    assignee_id uuid,
    contact_id uuid,
    account_id uuid,
    status character varying(10) NOT NULL,
    completed_at timestamp with time zone,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_tasks PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_tasks_accounts_workspace_id_account_id FOREIGN KEY (workspace_id, account_id) REFERENCES accounts (workspace_id, id) ON DELETE SET NULL (account_id),
    CONSTRAINT fk_tasks_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE SET NULL (contact_id),
    CONSTRAINT fk_tasks_users_assignee_id FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_tasks_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE INDEX ix_account_tags_workspace_id_tag_account_id ON account_tags (workspace_id, tag, account_id);

CREATE INDEX ix_accounts_owner_id ON accounts (owner_id);

CREATE INDEX ix_accounts_workspace_id_created_at ON accounts (workspace_id, created_at);

CREATE INDEX ix_accounts_workspace_id_domain ON accounts (workspace_id, domain);

CREATE INDEX ix_accounts_workspace_id_external_id ON accounts (workspace_id, external_id);

CREATE INDEX ix_accounts_workspace_id_name ON accounts (workspace_id, name);

CREATE INDEX ix_accounts_workspace_id_owner_id ON accounts (workspace_id, owner_id);

CREATE INDEX ix_accounts_workspace_id_parent_account_id ON accounts (workspace_id, parent_account_id);

CREATE INDEX ix_consent_events_workspace_id_contact_id_at ON consent_events (workspace_id, contact_id, at);

CREATE INDEX ix_contact_accounts_workspace_id_account_id ON contact_accounts (workspace_id, account_id);

CREATE INDEX ix_contact_tags_workspace_id_tag_contact_id ON contact_tags (workspace_id, tag, contact_id);

CREATE INDEX ix_contacts_owner_id ON contacts (owner_id);

CREATE INDEX ix_contacts_workspace_id_created_at ON contacts (workspace_id, created_at);

CREATE INDEX ix_contacts_workspace_id_email ON contacts (workspace_id, email);

CREATE INDEX ix_contacts_workspace_id_external_id ON contacts (workspace_id, external_id);

CREATE INDEX ix_contacts_workspace_id_last_name_first_name ON contacts (workspace_id, last_name, first_name);

CREATE INDEX ix_contacts_workspace_id_lifecycle_stage ON contacts (workspace_id, lifecycle_stage);

CREATE INDEX ix_contacts_workspace_id_owner_id ON contacts (workspace_id, owner_id);

CREATE INDEX ix_contacts_workspace_id_phone ON contacts (workspace_id, phone);

CREATE UNIQUE INDEX ux_custom_field_definitions_workspace_id_entity_key ON custom_field_definitions (workspace_id, entity, key);

CREATE INDEX ix_interactions_workspace_id_account_id_occurred_at ON interactions (workspace_id, account_id, occurred_at);

CREATE INDEX ix_interactions_workspace_id_contact_id_occurred_at ON interactions (workspace_id, contact_id, occurred_at);

CREATE INDEX ix_interactions_workspace_id_created_at ON interactions (workspace_id, created_at);

CREATE INDEX ix_lifecycle_stage_changes_workspace_id_contact_id_changed_at ON lifecycle_stage_changes (workspace_id, contact_id, changed_at);

CREATE INDEX ix_notes_workspace_id_account_id_created_at ON notes (workspace_id, account_id, created_at);

CREATE INDEX ix_notes_workspace_id_contact_id_created_at ON notes (workspace_id, contact_id, created_at);

CREATE INDEX ix_notes_workspace_id_created_at ON notes (workspace_id, created_at);

CREATE INDEX ix_notifications_user_id ON notifications (user_id);

CREATE INDEX ix_notifications_workspace_id_user_id_read_at_created_at ON notifications (workspace_id, user_id, read_at, created_at);

CREATE INDEX ix_saved_views_owner_user_id ON saved_views (owner_user_id);

CREATE INDEX ix_saved_views_workspace_id_entity_owner_user_id ON saved_views (workspace_id, entity, owner_user_id);

CREATE INDEX ix_tasks_assignee_id ON tasks (assignee_id);

CREATE INDEX ix_tasks_remind_at_reminded_at ON tasks (remind_at, reminded_at);

CREATE INDEX ix_tasks_workspace_id_account_id ON tasks (workspace_id, account_id);

CREATE INDEX ix_tasks_workspace_id_assignee_id_status_due_at ON tasks (workspace_id, assignee_id, status, due_at);

CREATE INDEX ix_tasks_workspace_id_contact_id ON tasks (workspace_id, contact_id);

CREATE INDEX ix_tasks_workspace_id_created_at ON tasks (workspace_id, created_at);
