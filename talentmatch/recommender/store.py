"""Fitted recommenders as signed artefacts that hold data only and cannot run code on load.

An artefact is a zip archive of a JSON manifest (documents, vocabulary, settings) and numeric
arrays in NumPy's .npy format, read with `allow_pickle=False`: no object of any class is ever
unpickled, so even bytes written by someone with the key are parsed as numbers and text only.
Each artefact is also signed with HMAC-SHA256 under a key the caller passes in (the app keeps it
in its configuration, never in the database). The signature is checked, in constant time, before
a single byte is decompressed or parsed; an artefact without a valid signature is refused
whole. The recommender package knows nothing of where the key comes from.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse

from talentmatch.recommender.config import EngineConfig
from talentmatch.recommender.explain import SkillList
from talentmatch.recommender.model import Recommender, Snapshot
from talentmatch.recommender.types import Eligibility, LanguageLevel, OpportunityDoc, SkillRef

FORMAT = "talentmatch-recommender"
FORMAT_VERSION = 1
# Signed with the format's name, so a signature made for anything else never fits an artefact.
SIGNATURE_CONTEXT = f"{FORMAT}/{FORMAT_VERSION}\n".encode()
MIN_KEY_BYTES = 16
COMPRESSION_LEVEL = 3
MANIFEST = "manifest.json"
ARRAYS = {
    # name: the dtype kinds it may have (f float, i signed, b bool)
    "text_idf": "f",
    "skill_idf": "f",
    "kind": "i",
    "active": "b",
    "copy_key": "i",
    "norms": "f",
    "matrix_data": "f",
    "matrix_indices": "i",
    "matrix_indptr": "i",
}
MEMBERS = frozenset({MANIFEST, *(f"{name}.npy" for name in ARRAYS)})


class ArtefactRefused(Exception):
    """The artefact is unsigned, signed with another key, or not an artefact of this format."""


@dataclass(frozen=True)
class Artefact:
    blob: bytes
    sha256: str  # of the blob: names the content, proves nothing by itself
    signature: str  # HMAC-SHA256 hex of the blob under the caller's key


def sign(blob: bytes, key: bytes) -> str:
    _check_key(key)
    return hmac.new(key, SIGNATURE_CONTEXT + blob, hashlib.sha256).hexdigest()


def verify(blob: bytes, signature: str | None, key: bytes) -> None:
    """ArtefactRefused unless `signature` is this key's signature of `blob` (constant time)."""
    if not signature:
        raise ArtefactRefused("the artefact is not signed")
    expected = sign(blob, key)
    if not hmac.compare_digest(expected.encode(), signature.strip().lower().encode()):
        raise ArtefactRefused("the artefact's signature does not match this installation's key")


def dump(recommender: Recommender, key: bytes) -> Artefact:
    """The recommender as a signed artefact (without the shared language models)."""
    snapshot = recommender.snapshot()
    arrays = {
        "text_idf": snapshot.text_idf,
        "skill_idf": snapshot.skill_idf,
        "kind": snapshot.kind,
        "active": snapshot.active,
        "copy_key": snapshot.copy_key,
        "norms": snapshot.norms,
        "matrix_data": snapshot.matrix.data,
        "matrix_indices": snapshot.matrix.indices,
        "matrix_indptr": snapshot.matrix.indptr,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(
        buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL
    ) as archive:
        archive.writestr(MANIFEST, json.dumps(_manifest(snapshot), ensure_ascii=False))
        for name, values in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.ascontiguousarray(values), allow_pickle=False)
    blob = buffer.getvalue()
    return Artefact(blob, hashlib.sha256(blob).hexdigest(), sign(blob, key))


def load(blob: bytes, signature: str | None, key: bytes) -> Recommender:
    """The recommender in a signed artefact; ArtefactRefused, before anything is read, when the
    signature does not verify, and when a verified artefact is not one this version can read."""
    verify(blob, signature, key)
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            if set(archive.namelist()) != MEMBERS:
                raise ValueError("unexpected members")
            manifest = json.loads(archive.read(MANIFEST))
            arrays = {name: _read_array(archive, name, kinds) for name, kinds in ARRAYS.items()}
        return Recommender.restore(_snapshot(manifest, arrays))
    except ArtefactRefused:
        raise
    except (ValueError, TypeError, KeyError, IndexError, zipfile.BadZipFile) as error:
        raise ArtefactRefused(f"the artefact cannot be read: {error}") from None


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"an artefact key has at least {MIN_KEY_BYTES} bytes")


def _read_array(archive: zipfile.ZipFile, name: str, kinds: str) -> np.ndarray:
    with archive.open(f"{name}.npy") as member:
        values = np.lib.format.read_array(member, allow_pickle=False)
    if values.ndim != 1 or values.dtype.kind not in kinds:
        raise ValueError(f"{name} is not a vector of the expected type")
    return values


# -- the manifest: every value JSON can hold, nothing else ---------------------------------------


def _manifest(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "config": {f.name: getattr(snapshot.config, f.name) for f in fields(EngineConfig)},
        "shape": list(snapshot.matrix.shape),
        "terms": snapshot.terms,
        "ids": snapshot.ids,
        "docs": [_doc_out(doc) for doc in snapshot.docs],
        "skills": [[s.required, s.nice, s.soft] for s in snapshot.skills],
        "kinds": snapshot.kinds,
        "copy_keys": [
            [title, provider, code] for (title, provider), code in snapshot.copy_keys.items()
        ],
        "labels": [[label, links] for label, links in snapshot.labels.items()],
        "profile_ids": list(snapshot.profile_ids),
    }


def _snapshot(manifest: dict[str, Any], arrays: dict[str, np.ndarray]) -> Snapshot:
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise ValueError("not an artefact of this format version")
    config = _config(manifest["config"])
    rows, columns = (int(n) for n in manifest["shape"])
    matrix = sparse.csr_matrix(
        (arrays["matrix_data"], arrays["matrix_indices"], arrays["matrix_indptr"]),
        shape=(rows, columns),
    )
    matrix.check_format(full_check=True)
    return Snapshot(
        config=config,
        terms=[_text(term) for term in manifest["terms"]],
        text_idf=arrays["text_idf"],
        skill_idf=arrays["skill_idf"],
        ids=[_text(i) for i in manifest["ids"]],
        docs=[_doc_in(doc) for doc in manifest["docs"]],
        skills=[_skill_list(found) for found in manifest["skills"]],
        kinds={_text(kind): int(code) for kind, code in manifest["kinds"].items()},
        kind=arrays["kind"],
        active=arrays["active"],
        copy_keys={(_text(t), _text(p)): int(code) for t, p, code in manifest["copy_keys"]},
        copy_key=arrays["copy_key"],
        matrix=matrix,
        norms=arrays["norms"],
        labels={_text(label): _links(links) for label, links in manifest["labels"]},
        profile_ids=tuple(_text(i) for i in manifest["profile_ids"]),
    )


def _config(values: dict[str, Any]) -> EngineConfig:
    expected = {f.name for f in fields(EngineConfig)}
    if set(values) != expected:
        raise ValueError("the engine settings are not those of this version")
    values = dict(values)
    values["isco_level_weights"] = tuple(float(w) for w in values["isco_level_weights"])
    return EngineConfig(**values)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _refs(values: list) -> tuple[SkillRef, ...]:
    return tuple(SkillRef(_text(label), _optional_text(uri)) for label, uri in values)


def _links(values: list) -> tuple[tuple[int, float], ...]:
    return tuple((int(position), float(weight)) for position, weight in values)


def _skill_list(found: list) -> SkillList:
    required, nice, soft = found
    return SkillList(
        tuple((_text(label), None if p is None else int(p)) for label, p in required),
        tuple((_text(label), None if p is None else int(p)) for label, p in nice),
        tuple((_text(label), int(p), bool(sure)) for label, p, sure in soft),
    )


def _doc_out(doc: OpportunityDoc) -> list:
    criteria = doc.eligibility
    return [
        doc.id,
        doc.kind,
        doc.title,
        doc.description,
        [[s.label, s.uri] for s in doc.skills],
        [[s.label, s.uri] for s in doc.nice_to_have_skills],
        [[lang.code, lang.level] for lang in doc.languages],
        doc.municipality,
        doc.remote,
        doc.employment_type,
        doc.sponsors_permit,
        doc.deadline.isoformat() if doc.deadline else None,
        doc.provider,
        [
            criteria.universities,
            criteria.university_names,
            criteria.degree_levels,
            criteria.max_years_since_graduation,
            criteria.work_permits,
            criteria.fields_of_study,
            criteria.target_groups,
        ],
    ]


def _doc_in(values: list) -> OpportunityDoc:
    (
        opportunity_id,
        kind,
        title,
        description,
        skills,
        nice,
        languages,
        municipality,
        remote,
        employment_type,
        sponsors_permit,
        deadline,
        provider,
        criteria,
    ) = values
    universities, names, degrees, max_years, permits, fields_of_study, groups = criteria
    if sponsors_permit is not None and not isinstance(sponsors_permit, bool):
        raise TypeError("sponsors_permit is a yes, a no or not stated")
    return OpportunityDoc(
        id=_text(opportunity_id),
        kind=_text(kind),
        title=_text(title),
        description=_text(description),
        skills=_refs(skills),
        nice_to_have_skills=_refs(nice),
        languages=tuple(LanguageLevel(_text(code), int(level)) for code, level in languages),
        municipality=_optional_text(municipality),
        remote=_text(remote),
        employment_type=_optional_text(employment_type),
        sponsors_permit=sponsors_permit,
        deadline=date.fromisoformat(deadline) if deadline is not None else None,
        provider=_text(provider),
        eligibility=Eligibility(
            universities=tuple(_text(v) for v in universities),
            university_names=tuple(_text(v) for v in names),
            degree_levels=tuple(_text(v) for v in degrees),
            max_years_since_graduation=None if max_years is None else int(max_years),
            work_permits=tuple(_text(v) for v in permits),
            fields_of_study=tuple(_text(v) for v in fields_of_study),
            target_groups=tuple(_text(v) for v in groups),
        ),
    )
