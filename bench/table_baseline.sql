-- The rows of the national table, written by hand for the sqlite3 shell:
-- each case with its court's name and every label joined, in table order.
.mode csv
SELECT c.id, ct.name_ar, c.file_number, c.registered, vb.label_ar,
       (SELECT group_concat(v.label_ar, '، ') FROM case_subjects s JOIN vocabulary v ON v.kind = 'subject' AND v.code = s.subject WHERE s.case_id = c.id),
       (SELECT group_concat(v.label_ar, ' / ') FROM case_platforms p JOIN vocabulary v ON v.kind = 'platform' AND v.code = p.platform WHERE p.case_id = c.id),
       coalesce(vd.label_ar, 'البحث جار'), v1.label_ar, c.first_date, v2.label_ar, c.appeal_date, v3.label_ar, c.cassation_date
FROM cases c
JOIN courts ct ON ct.code = c.court
JOIN vocabulary vb ON vb.kind = 'body' AND vb.code = c.body
LEFT JOIN vocabulary vd ON vd.kind = 'decision' AND vd.code = c.decision
LEFT JOIN vocabulary v1 ON v1.kind = 'outcome' AND v1.code = c.first_outcome
LEFT JOIN vocabulary v2 ON v2.kind = 'outcome' AND v2.code = c.appeal_outcome
LEFT JOIN vocabulary v3 ON v3.kind = 'outcome' AND v3.code = c.cassation_outcome
ORDER BY c.district, c.court, c.registered, c.id;
