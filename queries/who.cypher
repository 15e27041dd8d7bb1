// Who: the tasks an agency ($agency, an agency id) leads or coordinates, with their
// documents and deadlines. Twin of queries/who.py and who.rq.
MATCH (t:Task)-[r:LED_BY|COORDINATED_BY]->(a:Agency {id: $agency})
MATCH (t)-[:PART_OF]->(d:Document)
RETURN a.id AS agency, t.id AS task, t.number AS number, r.role AS role, d.id AS document,
       t.deadline AS deadline
ORDER BY document, role DESC, task
