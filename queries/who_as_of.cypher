// Who, as of a day: the tasks an agency ($agency, an agency id) leads or coordinates on
// $as_of (YYYY-MM-DD): those its documents give it, always, and those of the bodies it
// succeeded, by the edges a succession infers (inferred 'succession'), each holding from
// its valid_from until its valid_to. Twin of queries/who.py (who(..., as_of=day)) and
// who_as_of.rq.
MATCH (t:Task)-[r:LED_BY|COORDINATED_BY]->(a:Agency {id: $agency})
WHERE coalesce(r.inferred, '') <> 'succession'
   OR (r.valid_from <= $as_of AND (r.valid_to IS NULL OR $as_of < r.valid_to))
MATCH (t)-[:PART_OF]->(d:Document)
RETURN a.id AS agency, a.key AS agency_key, t.id AS task, t.key AS task_key,
       t.number AS number, r.role AS role, d.id AS document, d.key AS document_key,
       t.deadline AS deadline, coalesce(r.inferred, '') = 'succession' AS inferred
ORDER BY document, role DESC, task
