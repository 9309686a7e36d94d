-- The year of each archive entry joins its search terms (`y:2026`, src/domain/archive/terms.ts),
-- so that a rare word's candidates are narrowed to the newest years by the GIN index alone.
UPDATE "archive_entry" SET "terms" = array_append("terms", 'y:' || "year")
WHERE NOT ("terms" @> ARRAY['y:' || "year"]);
