"""Assessing an organisation's own document against the pledges that apply to it.

``document.py`` splits the text into sentences under their headings; ``vocabulary.py``
reads ``corpus/behaviour/assess.toml`` (each pledge's concepts, tentative and refusal cues,
the domain and other subjects); ``judge.py`` decides covered / partial / missing for one
pledge from its concepts and the index's pledge vectors; ``assessor.py`` chooses the
sector and the pledges; ``report.py`` writes the Markdown report and the draft biennial
progress report.
"""
