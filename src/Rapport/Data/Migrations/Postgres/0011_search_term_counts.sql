-- 0011: the vocabulary counts its documents (as on SQLite, where 0004's per-word "does another document
-- still hold it?" check made large deletes crawl). An insert adds, a delete subtracts, a term leaves the
-- vocabulary at zero. Set-based, like the statement-level triggers they replace.

ALTER TABLE search_terms ADD COLUMN documents integer NOT NULL DEFAULT 0;

DELETE FROM search_terms;
INSERT INTO search_terms (workspace_id, term, tail, documents)
SELECT d.workspace_id, w, right(w, 2), count(DISTINCT d.id)
FROM search_documents d, unnest(string_to_array(trim(d.words), ' ')) w
WHERE length(w) >= 4
GROUP BY d.workspace_id, w;

CREATE OR REPLACE FUNCTION search_documents_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_terms (workspace_id, term, tail, documents)
    SELECT x.workspace_id, x.w, right(x.w, 2), count(*)
    FROM (SELECT DISTINCT n.id, n.workspace_id, w FROM inserted_documents n, unnest(string_to_array(trim(n.words), ' ')) w WHERE length(w) >= 4) x
    GROUP BY x.workspace_id, x.w
    ORDER BY 1, 2
    ON CONFLICT (workspace_id, term) DO UPDATE SET documents = search_terms.documents + EXCLUDED.documents;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION search_documents_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_terms t SET documents = t.documents - g.n
    FROM (SELECT x.workspace_id, x.w AS term, count(*) AS n
          FROM (SELECT DISTINCT o.id, o.workspace_id, w FROM deleted_documents o, unnest(string_to_array(trim(o.words), ' ')) w WHERE length(w) >= 4) x
          GROUP BY x.workspace_id, x.w) g
    WHERE t.workspace_id = g.workspace_id AND t.term = g.term;
    DELETE FROM search_terms t
    USING (SELECT DISTINCT o.workspace_id, w AS term FROM deleted_documents o, unnest(string_to_array(trim(o.words), ' ')) w WHERE length(w) >= 4) g
    WHERE t.workspace_id = g.workspace_id AND t.term = g.term AND t.documents <= 0;
    RETURN NULL;
END $$;
