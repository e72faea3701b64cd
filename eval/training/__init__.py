"""Training the retriever on this domain: generated questions (generate.py) and the query
adapter fitted to them (``python -m eval.train_adapter``)."""
