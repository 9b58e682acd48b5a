-- 0010: custom fields on leads (issue #5: web forms offer custom fields). The same JSON object as
-- contacts' and accounts' custom_fields; expression indexes cf_leads_* are created with each field.
ALTER TABLE leads ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb;
