DROP INDEX agency_messages_refused_answers;
DROP TABLE agency_breaches;
