// Targets: quantified goals whose indicator or sentence contains $text (any case), by
// year and province, with their documents' keys (graph.ids.readable_key). Twin of
// queries/targets.py and targets.rq.
MATCH (t:Target)-[:PART_OF]->(d:Document)
WHERE toLower(t.indicator) CONTAINS toLower($text)
   OR toLower(coalesce(t.text, '')) CONTAINS toLower($text)
RETURN t.id AS target, d.jurisdiction AS jurisdiction, t.year AS year, t.indicator AS indicator,
       t.value AS value, t.value_max AS value_max, t.unit AS unit, t.comparator AS comparator,
       d.id AS document, d.key AS document_key
ORDER BY year, jurisdiction, indicator, target
