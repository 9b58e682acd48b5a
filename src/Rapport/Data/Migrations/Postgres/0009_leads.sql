-- 0009: leads (issue #5): leads, their events and score history, web-to-lead forms and their
-- submissions, scoring rules and settings, assignment rules. Drafted from EF's GenerateCreateScript(),
-- then reviewed. leads.converted_*_id have no foreign key on purpose: a converted lead keeps the ids of
-- what it became even after those records are purged from the trash. Submissions and lead events linked
-- to a contact go with it when it is purged.

CREATE TABLE lead_scoring_rules (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    kind character varying(20) NOT NULL,
    field character varying(50),
    operator character varying(20),
    value character varying(500),
    event_type character varying(50),
    points integer NOT NULL,
    label character varying(200),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT pk_lead_scoring_rules PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_lead_scoring_rules_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE lead_settings (
    workspace_id uuid NOT NULL,
    half_life_days double precision NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT pk_lead_settings PRIMARY KEY (workspace_id),
    CONSTRAINT fk_lead_settings_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE leads (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    first_name character varying(100) NOT NULL,
    last_name character varying(100) NOT NULL,
    email character varying(254),
    phone character varying(20),
    company character varying(200),
    title character varying(150),
    website character varying(300),
    employees integer,
    industry character varying(100),
    country character varying(2),
    region character varying(100),
    city character varying(100),
    source character varying(100),
    campaign character varying(200),
    status character varying(20) NOT NULL,
    disqualified_reason character varying(500),
    score integer NOT NULL,
    scored_at timestamp with time zone,
    owner_id uuid,
    assigned_by_rule character varying(200),
    consent jsonb NOT NULL,
    converted_contact_id uuid,
    converted_account_id uuid,
    converted_deal_id uuid,
    converted_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_leads PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_leads_users_owner_id FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_leads_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE web_forms (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    fields jsonb NOT NULL,
    consent_text character varying(1000),
    thank_you_message character varying(2000),
    redirect_url character varying(2000),
    allowed_origins jsonb NOT NULL,
    source character varying(100) NOT NULL,
    campaign character varying(200),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_web_forms PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_web_forms_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE lead_events (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    lead_id uuid NOT NULL,
    contact_id uuid,
    type character varying(50) NOT NULL,
    detail character varying(500),
    occurred_at timestamp with time zone NOT NULL,
    actor_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_lead_events PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_lead_events_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE,
    CONSTRAINT fk_lead_events_leads_workspace_id_lead_id FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE lead_score_changes (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    lead_id uuid NOT NULL,
    old_score integer NOT NULL,
    new_score integer NOT NULL,
    reason character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_lead_score_changes PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_lead_score_changes_leads_workspace_id_lead_id FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE lead_assignment_rules (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    position integer NOT NULL,
    active boolean NOT NULL,
    criteria jsonb NOT NULL,
    method character varying(20) NOT NULL,
    user_ids jsonb NOT NULL,
    team_id uuid,
    territories jsonb NOT NULL,
    round_robin_counter bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT pk_lead_assignment_rules PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_lead_assignment_rules_teams_workspace_id_team_id FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE RESTRICT,
    CONSTRAINT fk_lead_assignment_rules_workspaces_workspace_id FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE RESTRICT
);

CREATE TABLE form_submissions (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    form_id uuid NOT NULL,
    lead_id uuid,
    contact_id uuid,
    data jsonb NOT NULL,
    consent_given boolean NOT NULL,
    outcome character varying(30) NOT NULL,
    origin character varying(300),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_form_submissions PRIMARY KEY (workspace_id, id),
    CONSTRAINT fk_form_submissions_contacts_workspace_id_contact_id FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE,
    CONSTRAINT fk_form_submissions_leads_workspace_id_lead_id FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id) ON DELETE CASCADE,
    CONSTRAINT fk_form_submissions_web_forms_workspace_id_form_id FOREIGN KEY (workspace_id, form_id) REFERENCES web_forms (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX ix_form_submissions_workspace_id_contact_id_created_at ON form_submissions (workspace_id, contact_id, created_at);

CREATE INDEX ix_form_submissions_workspace_id_form_id_created_at ON form_submissions (workspace_id, form_id, created_at);

CREATE INDEX ix_form_submissions_workspace_id_lead_id_created_at ON form_submissions (workspace_id, lead_id, created_at);

CREATE INDEX ix_lead_assignment_rules_workspace_id_position ON lead_assignment_rules (workspace_id, position);

CREATE INDEX ix_lead_assignment_rules_workspace_id_team_id ON lead_assignment_rules (workspace_id, team_id);

CREATE INDEX ix_lead_events_workspace_id_contact_id_occurred_at ON lead_events (workspace_id, contact_id, occurred_at);

CREATE INDEX ix_lead_events_workspace_id_lead_id_occurred_at ON lead_events (workspace_id, lead_id, occurred_at);

CREATE INDEX ix_lead_score_changes_workspace_id_lead_id_created_at ON lead_score_changes (workspace_id, lead_id, created_at);

CREATE INDEX ix_leads_owner_id ON leads (owner_id);

CREATE INDEX ix_leads_workspace_id_created_at ON leads (workspace_id, created_at);

CREATE INDEX ix_leads_workspace_id_email ON leads (workspace_id, email);

CREATE INDEX ix_leads_workspace_id_owner_id_status ON leads (workspace_id, owner_id, status);

CREATE INDEX ix_leads_workspace_id_status_score ON leads (workspace_id, status, score);

CREATE INDEX ix_web_forms_workspace_id_created_at ON web_forms (workspace_id, created_at);

CREATE UNIQUE INDEX ux_web_forms_id ON web_forms (id);
