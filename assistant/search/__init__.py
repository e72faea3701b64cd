"""Finding clauses: query understanding, BM25 and dense retrieval fused."""
