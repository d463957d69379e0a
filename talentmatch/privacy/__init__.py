"""Privacy: the privacy notice, consents, data download and account deletion."""
