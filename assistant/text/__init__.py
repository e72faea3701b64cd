"""Text handling shared by every stage: normalising, words and stems, phrases, sentences, spelling."""
