"""Answering a question with citations: prompts, composing, the citation guard, chat-model backends."""
