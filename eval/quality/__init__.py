"""Quality: retrieval, answers, safety, applicability and citation checks, scored on the eval sets."""
