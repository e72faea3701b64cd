"""The chat: one conversation that does every job (ask, applicable, plan, check, assess, show).

Stateless: each turn is understood from the earlier user messages alone (`conversation.py`).
Which job a turn asks for (`router.py`), the organisation the conversation is about
(`profile.py`) and what a follow-up inherits (`followup.py`) come from the cues in
corpus/behaviour/chat.toml (`vocabulary.py`, its one loader).
"""
