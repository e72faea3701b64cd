"""Adapters for other frameworks: a LangChain retriever over the clauses."""
