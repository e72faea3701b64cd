"""Loading what is cited (the Call to Action, frameworks, users' documents) and reading users' files."""
