// Lineage: every path from a task or document ($id) up to the directives it answers.
// A task reaches its document by PART_OF, then the path climbs IMPLEMENTS, and it ends
// where nothing further up is known. Twin of queries/lineage.py and lineage.rq.
MATCH p = (start {id: $id})-[:PART_OF|IMPLEMENTS*1..10]->(top:Document)
OPTIONAL MATCH (top)-[:IMPLEMENTS]->(up:Document)
WITH p, up
WHERE up IS NULL
RETURN p
