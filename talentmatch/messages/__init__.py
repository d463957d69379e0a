"""Invitations, message threads and blocking: the contact between employers and graduates."""
