-- 0006: CSV imports (issue #4): the jobs, every row error, and each import's change log (what undo reads).
CREATE TABLE imports (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    entity character varying(30) NOT NULL,
    status character varying(20) NOT NULL,
    file_name character varying(300) NOT NULL,
    file_path character varying(1000) NOT NULL,
    file_bytes bigint NOT NULL,
    on_duplicate character varying(10) NOT NULL,
    match_on character varying(120) NOT NULL,
    dry_run boolean NOT NULL,
    create_missing_accounts boolean NOT NULL,
    map jsonb NOT NULL,
    created integer NOT NULL,
    updated integer NOT NULL,
    skipped integer NOT NULL,
    failed integer NOT NULL,
    rows_read integer NOT NULL,
    bytes_read bigint NOT NULL,
    failure character varying(2000),
    created_by_user_id uuid,
    created_by_api_key_id uuid,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    undone_at timestamp with time zone,
    CONSTRAINT pk_imports PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_imports_users_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_imports_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);
CREATE INDEX ix_imports_workspace_id_created_at ON imports (workspace_id, created_at);
CREATE INDEX ix_imports_status_created_at ON imports (status, created_at);
CREATE INDEX ix_imports_created_by_user_id ON imports (created_by_user_id);

CREATE TABLE import_errors (
    workspace_id uuid NOT NULL,
    import_id uuid NOT NULL,
    seq integer NOT NULL,
    "row" integer NOT NULL,
    "column" character varying(300),
    message character varying(1000) NOT NULL,
    CONSTRAINT pk_import_errors PRIMARY KEY (workspace_id, import_id, seq),
    CONSTRAINT fk_import_errors_imports_workspace_id_import_id FOREIGN KEY (workspace_id, import_id) REFERENCES imports (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE import_changes (
    workspace_id uuid NOT NULL,
    import_id uuid NOT NULL,
    entity_type character varying(30) NOT NULL,
    record_id uuid NOT NULL,
    action character varying(10) NOT NULL,
    old_values text,
    CONSTRAINT pk_import_changes PRIMARY KEY (workspace_id, import_id, entity_type, record_id),
    CONSTRAINT fk_import_changes_imports_workspace_id_import_id FOREIGN KEY (workspace_id, import_id) REFERENCES imports (workspace_id, id) ON DELETE CASCADE
);
