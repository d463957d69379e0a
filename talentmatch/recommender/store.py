"""Fitted recommenders as bytes with a SHA-256 hash, checked before anything is unpickled."""

from __future__ import annotations

import hashlib
import io

import joblib

from talentmatch.recommender.model import Recommender

COMPRESSION = ("zlib", 3)


class ArtefactCorrupted(Exception):
    """The stored bytes do not match the hash recorded with them."""


def dump(recommender: Recommender) -> tuple[bytes, str]:
    """A compressed joblib artefact (without the shared language models) and its SHA-256 hex."""
    buffer = io.BytesIO()
    joblib.dump(recommender, buffer, compress=COMPRESSION)
    blob = buffer.getvalue()
    return blob, hashlib.sha256(blob).hexdigest()


def load(blob: bytes, expected_sha256: str) -> Recommender:
    """The recommender in `blob`; ArtefactCorrupted, before unpickling, when the hash differs."""
    actual = hashlib.sha256(blob).hexdigest()
    if actual != (expected_sha256 or "").strip().lower():
        raise ArtefactCorrupted(f"artefact hash {actual} does not match {expected_sha256}")
    recommender = joblib.load(io.BytesIO(blob))
    if not isinstance(recommender, Recommender):
        raise ArtefactCorrupted("artefact does not hold a recommender")
    return recommender
