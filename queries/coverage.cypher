// Coverage: the provinces with a document, or a document's task, implementing a
// directive ($id), and those documents. The provinces without one are the rest of the
// list of the directive's time (63 before 1 July 2025, 34 after). Documents come with
// their keys (graph.ids.readable_key). Twin of queries/coverage.py and coverage.rq.
MATCH (n)-[:IMPLEMENTS*1..10]->(:Document {id: $id})
OPTIONAL MATCH (n)-[:PART_OF]->(d:Document)
WITH DISTINCT coalesce(d.jurisdiction, n.jurisdiction) AS jurisdiction,
     coalesce(d.id, n.id) AS document, coalesce(d.key, n.key) AS document_key
WHERE jurisdiction IS NOT NULL AND jurisdiction <> 'Trung ương'
RETURN jurisdiction, document, document_key
ORDER BY jurisdiction, document
