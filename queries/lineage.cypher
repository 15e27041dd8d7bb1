// Lineage: every path from a task or document ($id) up to the directives it answers.
// A task reaches its document by PART_OF, then the path climbs IMPLEMENTS, and it ends
// where nothing further up is known. Paths are simple: a node appears once, and a path
// ends where every way up leads back onto it (two plans implementing each other).
// Twin of queries/lineage.py and lineage.rq.
MATCH p = (start {id: $id})-[:PART_OF|IMPLEMENTS*1..10]->(top:Document)
WITH p, top, length(p) AS steps, nodes(p) AS ns
UNWIND ns AS x
WITH p, top, steps, collect(DISTINCT id(x)) AS on_path
WHERE size(on_path) = steps + 1
OPTIONAL MATCH (top)-[:IMPLEMENTS]->(up:Document)
WHERE NOT id(up) IN on_path
WITH p, count(up) AS beyond
WHERE beyond = 0
RETURN p
