"""Career services' analytics dashboard: charts drawn on the server with their tables and CSV
files."""
