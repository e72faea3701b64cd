"""Action-plan outlines for an organisation, and their export."""
