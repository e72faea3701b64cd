"""Building the index: embedding changed clauses and writing them to the store."""
