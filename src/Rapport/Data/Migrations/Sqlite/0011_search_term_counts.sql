-- 0011: the vocabulary counts its documents. 0004's delete trigger asked the FTS index, for every word
-- of every deleted document, whether another document still held it (a trigram phrase query: about
-- 2.5 ms a row at a million contacts), which made undoing a large import or emptying the trash crawl.
-- Now each term carries the number of documents holding it: an insert adds one, a delete takes one
-- away, and the term leaves the vocabulary at zero (an erased person's rare surname still goes at once).

ALTER TABLE "search_terms" ADD COLUMN "documents" INTEGER NOT NULL DEFAULT 0;

-- The counts of the documents indexed so far (terms are exactly the 4+ letter words of the documents).
DELETE FROM "search_terms";
INSERT INTO "search_terms" ("workspace_id", "term", "tail", "documents")
SELECT d."workspace_id", j."value", substr(j."value", -2), count(DISTINCT d."id")
FROM "search_documents" d, json_each('[' || replace(json_quote(trim(d."words")), ' ', '","') || ']') j
WHERE length(j."value") >= 4
GROUP BY d."workspace_id", j."value";

DROP TRIGGER "trg_search_documents_after_insert";
DROP TRIGGER "trg_search_documents_after_delete";

CREATE TRIGGER "trg_search_documents_after_insert" AFTER INSERT ON "search_documents"
BEGIN
    INSERT INTO "search_fts" ("rowid", "words", "handles", "phones") VALUES (NEW."id", NEW."words", NEW."handles", NEW."phones");
    INSERT INTO "search_terms" ("workspace_id", "term", "tail", "documents")
    SELECT NEW."workspace_id", "value", substr("value", -2), 1
    FROM (SELECT DISTINCT "value" FROM json_each('[' || replace(json_quote(trim(NEW."words")), ' ', '","') || ']') WHERE length("value") >= 4)
    WHERE true
    ON CONFLICT ("workspace_id", "term") DO UPDATE SET "documents" = "documents" + 1;
END;

CREATE TRIGGER "trg_search_documents_after_delete" AFTER DELETE ON "search_documents"
BEGIN
    INSERT INTO "search_fts" ("search_fts", "rowid", "words", "handles", "phones") VALUES ('delete', OLD."id", OLD."words", OLD."handles", OLD."phones");
    UPDATE "search_terms" SET "documents" = "documents" - 1
    WHERE "workspace_id" = OLD."workspace_id"
      AND "term" IN (SELECT "value" FROM json_each('[' || replace(json_quote(trim(OLD."words")), ' ', '","') || ']') WHERE length("value") >= 4);
    DELETE FROM "search_terms"
    WHERE "workspace_id" = OLD."workspace_id" AND "documents" <= 0
      AND "term" IN (SELECT "value" FROM json_each('[' || replace(json_quote(trim(OLD."words")), ' ', '","') || ']') WHERE length("value") >= 4);
END;
