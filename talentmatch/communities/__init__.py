"""Joining and leaving communities, and what members show in the member directory."""
