DROP INDEX IF EXISTS executory_titles_case_number;
DROP INDEX IF EXISTS companies_name_en_trgm;
DROP INDEX IF EXISTS companies_name_ar_trgm;
DROP INDEX IF EXISTS persons_name_en_trgm;
DROP INDEX IF EXISTS persons_name_ar_trgm;
-- The extension stays: another schema object may use it, and it holds no data.
