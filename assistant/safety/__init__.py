"""The safety guard: which questions are refused or redirected, by rules and by exemplars."""
