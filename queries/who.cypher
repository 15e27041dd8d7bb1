// Who: the tasks an agency ($agency, an agency id) leads or coordinates, with their
// documents and deadlines, as the documents print them (not the edges a succession
// infers: who_as_of.cypher), each named by its id and its key (graph.ids.readable_key:
// a task is 004_1b73a6d31f29fe0d.txt#8.1, its number 8.1). Twin of queries/who.py and
// who.rq.
MATCH (t:Task)-[r:LED_BY|COORDINATED_BY]->(a:Agency {id: $agency})
WHERE coalesce(r.inferred, '') <> 'succession'
MATCH (t)-[:PART_OF]->(d:Document)
RETURN a.id AS agency, a.key AS agency_key, t.id AS task, t.key AS task_key,
       t.number AS number, r.role AS role, d.id AS document, d.key AS document_key,
       t.deadline AS deadline
ORDER BY document, role DESC, task
