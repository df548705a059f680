DROP TABLE IF EXISTS notice_attempts;
DROP TABLE IF EXISTS notices;
DROP TABLE IF EXISTS notice_preferences;
