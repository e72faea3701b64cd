"""The domain's words: clauses, hits, sectors, labels, ids, and written references to clauses."""
