"""Which pledges apply to an organisation: its profile, sector and activities."""
