"""Use cases: plain functions taking ids and the acting user; each call is one transaction."""
