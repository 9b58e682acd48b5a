-- 0007: duplicates (issue #4). A scan's groups (the review queue) with their members, pairs a user
-- dismissed as "not duplicates" (a later scan leaves them apart), and merges with what undoing needs.

CREATE TABLE duplicate_dismissals (
    workspace_id uuid NOT NULL,
    record_a uuid NOT NULL,
    record_b uuid NOT NULL,
    entity character varying(20) NOT NULL,
    dismissed_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_duplicate_dismissals PRIMARY KEY (workspace_id, record_a, record_b),
    CONSTRAINT fk_duplicate_dismissals_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE duplicate_groups (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    entity character varying(20) NOT NULL,
    scan_id uuid NOT NULL,
    score double precision NOT NULL,
    reasons jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_duplicate_groups PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_duplicate_groups_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE duplicate_scans (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    entity character varying(20) NOT NULL,
    status character varying(20) NOT NULL,
    records_scanned bigint NOT NULL,
    pairs_compared bigint NOT NULL,
    groups_found integer NOT NULL,
    error character varying(2000),
    requested_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    lease_until timestamp with time zone,
    CONSTRAINT pk_duplicate_scans PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_duplicate_scans_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE merges (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    entity character varying(20) NOT NULL,
    survivor_id uuid NOT NULL,
    merged_ids jsonb NOT NULL,
    undo_state jsonb NOT NULL,
    merged_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    undone_at timestamp with time zone,
    undone_by_user_id uuid,
    CONSTRAINT pk_merges PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_merges_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE duplicate_group_members (
    workspace_id uuid NOT NULL,
    group_id uuid NOT NULL,
    record_id uuid NOT NULL,
    CONSTRAINT pk_duplicate_group_members PRIMARY KEY (workspace_id, group_id, record_id),
    CONSTRAINT fk_duplicate_group_members_duplicate_groups_workspace_id_group_id FOREIGN KEY (workspace_id, group_id) REFERENCES duplicate_groups (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX ix_duplicate_group_members_workspace_id_record_id ON duplicate_group_members (workspace_id, record_id);

CREATE INDEX ix_duplicate_groups_workspace_id_entity_score ON duplicate_groups (workspace_id, entity, score);

CREATE INDEX ix_duplicate_scans_status_lease_until ON duplicate_scans (status, lease_until);

CREATE INDEX ix_duplicate_scans_workspace_id_entity_status ON duplicate_scans (workspace_id, entity, status);

CREATE INDEX ix_merges_workspace_id_survivor_id ON merges (workspace_id, survivor_id);
