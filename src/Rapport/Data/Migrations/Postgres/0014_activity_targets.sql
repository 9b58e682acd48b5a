-- 0014: activities on any record (issue #12). A note, task or interaction concerns, besides its contact and
-- account (its own contact_id/account_id columns), any registered record: a deal, a lead, later a ticket or an
-- order. activity_targets replaces Sales' deal_tasks (the follow-up tasks of a deal): each link becomes a
-- "task → deal" target, created when its task was. The rule that made the task (deal_tasks.stage_rule_id) was
-- never read and is not kept. No foreign key to the target: it may be in any module's table.
CREATE TABLE activity_targets (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    activity_type character varying(20) NOT NULL,
    activity_id uuid NOT NULL,
    target_type character varying(40) NOT NULL,
    target_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_activity_targets PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_activity_targets_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ux_activity_targets_activity_target ON activity_targets (workspace_id, activity_type, activity_id, target_type, target_id);

CREATE INDEX ix_activity_targets_target ON activity_targets (workspace_id, target_type, target_id);

INSERT INTO activity_targets (workspace_id, id, activity_type, activity_id, target_type, target_id, created_at)
SELECT dt.workspace_id, gen_random_uuid(), 'task', dt.task_id, 'deal', dt.deal_id, t.created_at
FROM deal_tasks dt JOIN tasks t ON t.workspace_id = dt.workspace_id AND t.id = dt.task_id;

DROP TABLE deal_tasks;
