"""CVs sent with applications: checked by their content (a PDF that opens), kept outside static/
in the applicant's upload folder under a random name, so export and erasure cover them."""

from __future__ import annotations

import io
import logging
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from talentmatch.services.data_export import user_files_dir
from talentmatch.services.errors import InvalidInput

MAX_CV_BYTES = 5 * 1024 * 1024
MAX_FILENAME = 200
FOLDER = "applications"
# The spec puts %%EOF in the last 1,024 bytes; a file cut short in transfer has none.
EOF_WINDOW = 1024
FIELD = "cv"
UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f-\x9f"]')


@dataclass(frozen=True)
class CvUpload:
    """A file as the browser sent it: the name the person gave it, and its bytes."""

    filename: str
    content: bytes


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, FIELD)


def _opens_as_pdf(content: bytes) -> bool:
    """pypdf reads the structure and every page; it is lenient, so real-world PDFs pass."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pypdf_log = logging.getLogger("pypdf")
        level = pypdf_log.level
        pypdf_log.setLevel(logging.ERROR)
        try:
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                return False
            return len(reader.pages) > 0 and all(page is not None for page in reader.pages)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
            return False
        finally:
            pypdf_log.setLevel(level)


def check(upload: CvUpload) -> None:
    """Refuse, with a message saying what to do, anything that is not a readable PDF."""
    content = upload.content
    if not content:
        raise _refuse(_("The file you chose is empty. Choose your CV as a PDF file."))
    if len(content) > MAX_CV_BYTES:
        raise _refuse(_("Your CV is larger than 5 MB. Save it as a smaller PDF and try again."))
    if not content.lstrip()[:5] == b"%PDF-":
        raise _refuse(
            _(
                "This file is not a PDF (whatever its name says). Save or export your CV as a "
                "PDF and choose that file."
            )
        )
    if b"%%EOF" not in content[-EOF_WINDOW:] or not _opens_as_pdf(content):
        raise _refuse(
            _(
                "This PDF cannot be opened: it may be damaged, cut short or protected by a "
                "password. Export your CV as a PDF again and choose the new file."
            )
        )


def display_name(filename: str) -> str:
    """The name shown to the employer: the file's own name without any folder, control
    characters or quotes (it goes into a download header), or a default."""
    name = UNSAFE_IN_NAME.sub("", filename).replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        return "cv.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    return name[-MAX_FILENAME:]


def path_of(user_id: int, stored_name: str) -> Path:
    return user_files_dir(user_id) / FOLDER / stored_name


def store(user_id: int, content: bytes) -> str:
    """Write the CV under a random name in the person's folder; returns that name."""
    stored_name = f"{secrets.token_hex(16)}.pdf"
    path = path_of(user_id, stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(content)
    partial.replace(path)
    return stored_name


def remove(user_id: int, stored_name: str | None) -> None:
    if stored_name:
        path_of(user_id, stored_name).unlink(missing_ok=True)
