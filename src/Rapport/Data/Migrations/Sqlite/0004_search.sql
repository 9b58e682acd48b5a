-- 0004: global search (issue #3). Kept in sync by triggers, so every writer is covered: EF, raw bulk
-- inserts, imports, soft delete, restore, purge and erasure.
--
--   contacts / accounts ──(per-module view + triggers)──► search_documents ──(triggers)──► search_fts   (FTS5 trigram index)
--                                                                               └──────────► search_terms (vocabulary, typo correction)
--
-- A module joins search with a view "search_<thing>_documents" (what of its rows is searchable, and
-- only rows that are neither deleted nor erased) and three triggers that replace its rows'
-- documents; the search_documents triggers keep the FTS index and the vocabulary. Document text is
-- normalized here: lower case, separators as spaces, apostrophes dropped, a space on each side (so
-- " jo" finds words that start with "jo" and " jo " the word itself); phones as digits only.
-- search_fts uses secure-delete, so an erased person's trigrams leave the index file at once
-- instead of lingering in old segments.

CREATE TABLE "search_documents" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_search_documents" PRIMARY KEY,
    "workspace_id" BLOB NOT NULL,
    "record_type" TEXT NOT NULL,
    "record_id" BLOB NOT NULL,
    "owner_id" BLOB NULL,
    "title" TEXT NOT NULL,
    "subtitle" TEXT NULL,
    "words" TEXT NOT NULL,
    "handles" TEXT NOT NULL,
    "phones" TEXT NOT NULL
);

CREATE UNIQUE INDEX "ux_search_documents_workspace_id_record_id" ON "search_documents" ("workspace_id", "record_id");

-- Distinct words (4+ characters) of each workspace's documents: typo candidates are looked up here by
-- their first two or last two letters, never by scanning documents.
CREATE TABLE "search_terms" (
    "workspace_id" BLOB NOT NULL,
    "term" TEXT NOT NULL,
    "tail" TEXT NOT NULL,
    CONSTRAINT "pk_search_terms" PRIMARY KEY ("workspace_id", "term")
) WITHOUT ROWID;

CREATE INDEX "ix_search_terms_workspace_id_tail_term" ON "search_terms" ("workspace_id", "tail", "term");

CREATE VIRTUAL TABLE "search_fts" USING fts5(
    "words", "handles", "phones",
    content = 'search_documents', content_rowid = 'id',
    tokenize = 'trigram remove_diacritics 1');

INSERT INTO "search_fts" ("search_fts", "rank") VALUES ('secure-delete', 1);

CREATE TRIGGER "trg_search_documents_after_insert" AFTER INSERT ON "search_documents"
BEGIN
    INSERT INTO "search_fts" ("rowid", "words", "handles", "phones") VALUES (NEW."id", NEW."words", NEW."handles", NEW."phones");
    INSERT INTO "search_terms" ("workspace_id", "term", "tail")
    SELECT NEW."workspace_id", "value", substr("value", -2)
    FROM json_each('[' || replace(json_quote(trim(NEW."words")), ' ', '","') || ']')
    WHERE length("value") >= 4
    ON CONFLICT DO NOTHING;
END;

-- A term leaves the vocabulary with the last document of its workspace that holds it (an erased
-- person's rare surname must not stay behind as a typo suggestion).
CREATE TRIGGER "trg_search_documents_after_delete" AFTER DELETE ON "search_documents"
BEGIN
    INSERT INTO "search_fts" ("search_fts", "rowid", "words", "handles", "phones") VALUES ('delete', OLD."id", OLD."words", OLD."handles", OLD."phones");
    DELETE FROM "search_terms"
    WHERE "workspace_id" = OLD."workspace_id"
      AND "term" IN (SELECT "value" FROM json_each('[' || replace(json_quote(trim(OLD."words")), ' ', '","') || ']') WHERE length("value") >= 4)
      AND NOT EXISTS (
          SELECT 1 FROM "search_fts" f CROSS JOIN "search_documents" d ON d."id" = f."rowid"
          WHERE f."search_fts" MATCH ('words : " ' || replace("search_terms"."term", '"', '""') || ' "')
            AND d."workspace_id" = OLD."workspace_id");
END;

-- Documents are replaced (delete + insert), never updated: the FTS index must be told the old text.
CREATE TRIGGER "trg_search_documents_before_update" BEFORE UPDATE ON "search_documents"
BEGIN
    SELECT RAISE(ABORT, 'search_documents rows are replaced, not updated');
END;

-- Contacts: names are the words; every e-mail address is a handle; every phone number, as digits.
CREATE VIEW "search_contact_documents" AS
SELECT
    c."workspace_id" AS "workspace_id",
    'contact' AS "record_type",
    c."id" AS "record_id",
    c."owner_id" AS "owner_id",
    coalesce(nullif(trim(c."first_name" || ' ' || c."last_name"), ''), c."email", c."phone", '') AS "title",
    coalesce(c."email", c."phone", c."job_title") AS "subtitle",
    ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        c."first_name" || ' ' || c."last_name",
        '''', ''), '’', ''), '-', ' '), '.', ' '), ',', ' '), '(', ' '), ')', ' '), '/', ' '), '&', ' '), '"', ' '), '_', ' '), char(9), ' ')) || ' ' AS "words",
    ' ' || lower(coalesce(c."email", '') || ' ' || coalesce((
        SELECT group_concat(json_extract(e."value", '$.address'), ' ')
        FROM json_each(CASE WHEN json_valid(c."emails") THEN c."emails" ELSE '[]' END) e
        WHERE e."type" = 'object' AND json_type(e."value", '$.address') = 'text'), '')) || ' ' AS "handles",
    ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(c."phone", ''), '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '')
        || ' ' || coalesce((
        SELECT group_concat(replace(replace(replace(replace(replace(replace(replace(json_extract(p."value", '$.number'), '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), ' ')
        FROM json_each(CASE WHEN json_valid(c."phones") THEN c."phones" ELSE '[]' END) p
        WHERE p."type" = 'object' AND json_type(p."value", '$.number') = 'text'), '') || ' ' AS "phones"
FROM "contacts" c
WHERE c."deleted_at" IS NULL AND c."erased_at" IS NULL;

CREATE TRIGGER "trg_search_contacts_after_insert" AFTER INSERT ON "contacts"
BEGIN
    INSERT INTO "search_documents" ("workspace_id", "record_type", "record_id", "owner_id", "title", "subtitle", "words", "handles", "phones")
    SELECT "workspace_id", "record_type", "record_id", "owner_id", "title", "subtitle", "words", "handles", "phones"
    FROM "search_contact_documents" WHERE "workspace_id" = NEW."workspace_id" AND "record_id" = NEW."id";
END;

CREATE TRIGGER "trg_search_contacts_after_update" AFTER UPDATE OF
    "first_name", "last_name", "email", "phone", "emails", "phones", "job_title", "owner_id", "deleted_at", "erased_at" ON "contacts"
WHEN OLD."first_name" IS NOT NEW."first_name" OR OLD."last_name" IS NOT NEW."last_name" OR OLD."email" IS NOT NEW."email"
  OR OLD."phone" IS NOT NEW."phone" OR OLD."emails" IS NOT NEW."emails" OR OLD."phones" IS NOT NEW."phones"
  OR OLD."job_title" IS NOT NEW."job_title" OR OLD."owner_id" IS NOT NEW."owner_id"
  OR OLD."deleted_at" IS NOT NEW."deleted_at" OR OLD."erased_at" IS NOT NEW."erased_at"
BEGIN
    DELETE FROM "search_documents" WHERE "workspace_id" = OLD."workspace_id" AND "record_id" = OLD."id";
    INSERT INTO "search_documents" ("workspace_id", "record_type", "record_id", "owner_id", "title", "subtitle", "words", "handles", "phones")
    SELECT "workspace_id", "record_type", "record_id", "owner_id", "title", "subtitle", "words", "handles", "phones"
    FROM "search_contact_documents" WHERE "workspace_id" = NEW."workspace_id" AND "record_id" = NEW."id";
END;

CREATE TRIGGER "trg_search_contacts_after_delete" AFTER DELETE ON "contacts"
BEGIN
    DELETE FROM "search_documents" WHERE "workspace_id" = OLD."workspace_id" AND "record_id" = OLD."id";
END;

-- Accounts: the name is the words, the domain the handle.
CREATE VIEW "search_account_documents" AS
SELECT
    a."workspace_id" AS "workspace_id",
    'account' AS "record_type",
    a."id" AS "record_id",
    a."owner_id" AS "owner_id",
    a."name" AS "title",
    coalesce(a."domain", a."phone") AS "subtitle",
    ' ' || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        a."name",
        '''', ''), '’', ''), '-', ' '), '.', ' '), ',', ' '), '(', ' '), ')', ' '), '/', ' '), '&', ' '), '"', ' '), '_', ' '), char(9), ' ')) || ' ' AS "words",
    ' ' || lower(coalesce(a."domain", '')) || ' ' AS "handles",
    ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(a."phone", ''), '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '') || ' ' AS "phones"
FROM "accounts" a
WHERE a."deleted_at" IS NULL;

CREATE TRIGGER "trg_search_accounts_after_insert" AFTER INSERT ON "accounts"
BEGIN
    INSERT INTO "search_documents" ("workspace_id", "record_type", "record_id", "owner_id", "title", "subtitle", "words", "handles", "phones")
    SELECT "workspace_id", "record_type", "record_id", "owner_id", "title", "subtitle", "words", "handles", "phones"
    FROM "search_account_documents" WHERE "workspace_id" = NEW."workspace_id" AND "record_id" = NEW."id";
END;

CREATE TRIGGER "trg_search_accounts_after_update" AFTER UPDATE OF "name", "domain", "phone", "owner_id", "deleted_at" ON "accounts"
WHEN OLD."name" IS NOT NEW."name" OR OLD."domain" IS NOT NEW."domain" OR OLD."phone" IS NOT NEW."phone"
  OR OLD."owner_id" IS NOT NEW."owner_id" OR OLD."deleted_at" IS NOT NEW."deleted_at"
BEGIN
    DELETE FROM "search_documents" WHERE "workspace_id" = OLD."workspace_id" AND "record_id" = OLD."id";
    INSERT INTO "search_documents" ("workspace_id", "record_type", "record_id", "owner_id", "title", "subtitle", "words", "handles", "phones")
    SELECT "workspace_id", "record_type", "record_id", "owner_id", "title", "subtitle", "words", "handles", "phones"
    FROM "search_account_documents" WHERE "workspace_id" = NEW."workspace_id" AND "record_id" = NEW."id";
END;

CREATE TRIGGER "trg_search_accounts_after_delete" AFTER DELETE ON "accounts"
BEGIN
    DELETE FROM "search_documents" WHERE "workspace_id" = OLD."workspace_id" AND "record_id" = OLD."id";
END;
