"""The first-destination survey, for graduates: their checkpoints, answers and hires."""
