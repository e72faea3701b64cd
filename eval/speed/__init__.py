"""Speed: latency and scale (bench), the check of a long draft, concurrent users (load)."""
