"""Demo data for `make run`: real programmes and communities, generated jobs and people."""
