// Coverage, as of a day: the provinces of $as_of (YYYY-MM-DD) with a document, or a
// document's task, implementing a directive ($id), and those documents. A document
// counts for the province its own had become by then (the IN_JURISDICTION edge a
// succession infers, inferred 'succession', from valid_from until valid_to), and not at
// all if dated after the day, or once a document dated on or before it replaces it. Twin of
// queries/coverage.py (coverage(..., as_of=day)) and coverage_as_of.rq.
MATCH (n)-[:IMPLEMENTS*1..10]->(:Document {id: $id})
OPTIONAL MATCH (n)-[:PART_OF]->(d:Document)
WITH DISTINCT coalesce(d.id, n.id) AS document
MATCH (doc:Document)
WHERE doc.id = document AND doc.jurisdiction IS NOT NULL AND doc.jurisdiction <> 'Trung ương'
  AND (doc.date IS NULL OR doc.date <= $as_of)
OPTIONAL MATCH (r:Document)-[:REPLACES]->(doc)
WHERE r.date <= $as_of
WITH doc, count(r) AS replacements
WHERE replacements = 0
OPTIONAL MATCH (doc)-[s:IN_JURISDICTION]->(p:Jurisdiction)
WHERE s.inferred = 'succession' AND s.valid_from <= $as_of
  AND (s.valid_to IS NULL OR $as_of < s.valid_to)
RETURN coalesce(p.name, doc.jurisdiction) AS province, doc.jurisdiction AS jurisdiction,
       doc.id AS document, doc.key AS document_key
ORDER BY province, document
