"""The engine's benchmark harness: reading the files, ranking, metrics, baselines and speed runs."""
