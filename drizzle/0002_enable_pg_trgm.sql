-- Trigram indexes make substring search (ILIKE '%…%') on names fast.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
