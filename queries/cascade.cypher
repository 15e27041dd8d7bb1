// Cascade: every document and task implementing a directive ($id), directly or through
// other implementing documents, at its smallest depth, with its province (a task's is
// its document's), and its key (graph.ids.readable_key). Twin of queries/cascade.py and
// cascade.rq.
MATCH p = (n)-[:IMPLEMENTS*1..10]->(:Document {id: $id})
WHERE n.id <> $id  // a cycle back to the start does not put it in its own cascade
OPTIONAL MATCH (n)-[:PART_OF]->(d:Document)
WITH n, d, min(length(p)) AS depth
RETURN n.id AS node,
       n.key AS node_key,
       CASE WHEN d IS NULL THEN 'Document' ELSE 'Task' END AS type,
       depth,
       coalesce(d.jurisdiction, n.jurisdiction) AS jurisdiction
ORDER BY depth, node
