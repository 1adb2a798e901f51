-- The same figures as `himaya stats --national`, written by hand for the
-- sqlite3 shell: the baseline of bench/table_stats.sh.
SELECT substr(registered, 1, 4), count(*) FROM cases GROUP BY 1 ORDER BY 1;
SELECT district, count(*) FROM cases GROUP BY 1 ORDER BY 1;
SELECT court, count(*) FROM cases GROUP BY 1 ORDER BY 1;
SELECT p.platform, count(DISTINCT c.id) FROM cases c JOIN case_platforms p ON p.case_id = c.id GROUP BY 1 ORDER BY 1;
SELECT body, count(*) FROM cases GROUP BY 1 ORDER BY 1;
SELECT s.subject, count(DISTINCT c.id) FROM cases c JOIN case_subjects s ON s.case_id = c.id GROUP BY 1 ORDER BY 1;
SELECT coalesce(decision, ''), count(*) FROM cases GROUP BY 1 ORDER BY 1;
SELECT coalesce(first_outcome, ''), count(*) FROM cases GROUP BY 1 ORDER BY 1;
SELECT coalesce(appeal_outcome, ''), count(*) FROM cases GROUP BY 1 ORDER BY 1;
SELECT coalesce(cassation_outcome, ''), count(*) FROM cases GROUP BY 1 ORDER BY 1;
SELECT stage, count(*) FROM cases GROUP BY 1 ORDER BY 1;
SELECT count(*) FROM cases WHERE decision_date IS NOT NULL;
SELECT julianday(decision_date) - julianday(registered) AS d FROM cases WHERE decision_date IS NOT NULL ORDER BY d LIMIT 2 OFFSET (SELECT (count(*) - 1) / 2 FROM cases WHERE decision_date IS NOT NULL);
SELECT julianday(first_date) - julianday(decision_date) AS d FROM cases WHERE first_date IS NOT NULL AND decision_date IS NOT NULL ORDER BY d LIMIT 2 OFFSET (SELECT (count(*) - 1) / 2 FROM cases WHERE first_date IS NOT NULL AND decision_date IS NOT NULL);
SELECT julianday(appeal_date) - julianday(first_date) AS d FROM cases WHERE appeal_date IS NOT NULL AND first_date IS NOT NULL ORDER BY d LIMIT 2 OFFSET (SELECT (count(*) - 1) / 2 FROM cases WHERE appeal_date IS NOT NULL AND first_date IS NOT NULL);
SELECT count(*) FROM cases WHERE stage IN ('registered', 'investigation', 'prosecuted') AND registered <= date('now', '-365 days');
