"""Career services: cohorts of their graduates, exports and promotions."""
