-- Search of my files by a party's name, file number or case number (src/storage/file-queries.ts):
-- at a million files a substring search walked a creditor's every file testing names
-- (bench/explain/my-files-search.txt: 10.9 s). Trigram indexes find the matching people and
-- companies first; pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX persons_name_ar_trgm ON persons USING gin (name_ar gin_trgm_ops);
CREATE INDEX persons_name_en_trgm ON persons USING gin (name_en gin_trgm_ops);
CREATE INDEX companies_name_ar_trgm ON companies USING gin (name_ar gin_trgm_ops);
CREATE INDEX companies_name_en_trgm ON companies USING gin (name_en gin_trgm_ops);
CREATE INDEX executory_titles_case_number ON executory_titles (case_number);
