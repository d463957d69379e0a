"""An opportunity's title and description in several languages: the original in the language it
was written in, translations in others, and which of them a reader in a language is shown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from talentmatch.models import CONTENT_LANGUAGES, Opportunity, OpportunityText

MAX_TITLE = 200
MAX_DESCRIPTION = 20000

# (the reader's language, the language shown instead): a sentence each, so that translators can
# inflect the names of the languages as their grammar needs.
NOT_AVAILABLE = {
    ("en", "fi"): _l("Not available in English; shown in Finnish."),
    ("en", "sv"): _l("Not available in English; shown in Swedish."),
    ("fi", "en"): _l("Not available in Finnish; shown in English."),
    ("fi", "sv"): _l("Not available in Finnish; shown in Swedish."),
    ("sv", "en"): _l("Not available in Swedish; shown in English."),
    ("sv", "fi"): _l("Not available in Swedish; shown in Finnish."),
}


@dataclass(frozen=True)
class ShownText:
    """The title and description a reader sees: in `language`, which is `wanted` unless the
    opportunity has no text in that language (then it is the original)."""

    title: str
    description: str
    language: str
    wanted: str

    @property
    def is_fallback(self) -> bool:
        """Not in the reader's language: the page says so and marks the text's language."""
        return self.language != self.wanted

    @property
    def note(self) -> str:
        """ "Not available in Finnish; shown in English." (in the current interface language,
        which is `wanted` on a page or in an email); empty when in the reader's language."""
        if not self.is_fallback:
            return ""
        sentence = NOT_AVAILABLE.get((self.wanted, self.language))
        return str(sentence) if sentence is not None else ""


def shown_text(opportunity: Opportunity, locale: str) -> ShownText:
    """The opportunity's text for a reader in `locale`: the original when it is written in
    that language, else its translation into it, else the original (a fallback)."""
    written_in = opportunity.written_in or "en"
    if locale != written_in:
        for text in opportunity.texts:
            if text.locale == locale:
                return ShownText(text.title, text.description or "", locale, locale)
    return ShownText(opportunity.title, opportunity.description or "", written_in, locale)


def title_in(opportunity: Opportunity, locale: str) -> str:
    """The title alone, for a line of text (a notification, an email subject, a message)."""
    return shown_text(opportunity, locale).title


def title_here(opportunity: Opportunity) -> str:
    """The title in the language texts are being written in now: a notification is rendered
    in its recipient's language (services.notifications.notify)."""
    return title_in(opportunity, str(get_locale() or "en")[:2])


def given_in(opportunity: Opportunity) -> list[str]:
    """The languages the opportunity can be read in, its original's first."""
    written_in = opportunity.written_in or "en"
    return [written_in] + [t.locale for t in opportunity.texts if t.locale != written_in]


def document_text(opportunity: Opportunity) -> str:
    """The description with every translation after it, for the matching engine: a job
    written in Finnish with an English version matches an English profile too."""
    parts = [opportunity.description or ""]
    parts += [f"{t.title}.\n{t.description}" for t in opportunity.texts]
    return "\n\n".join(part for part in parts if part.strip())


# --- Input -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TranslatedText:
    """A title and description in `locale`; both empty means no translation into it."""

    locale: str
    title: str = ""
    description: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.title.strip() and not self.description.strip()


def check_texts(
    written_in: str, description: str, translations: Iterable[TranslatedText]
) -> dict[str, str]:
    """Problems with the original's language and the translations, by form field
    (`written_in`, `title_<locale>`, `description_<locale>`); empty when all is well.

    A translation needs a title, and a description when the original has one; the same
    length limits as the original apply.
    """
    errors: dict[str, str] = {}
    if written_in not in CONTENT_LANGUAGES:
        errors["written_in"] = _("Choose the language the text is written in.")
    for text in translations:
        title_field, description_field = f"title_{text.locale}", f"description_{text.locale}"
        if text.locale not in CONTENT_LANGUAGES:
            errors[title_field] = _("Translations can be given in English, Finnish or Swedish.")
            continue
        if text.is_empty:
            continue
        if text.locale == written_in:
            errors[title_field] = _(
                "This is the language the original is written in: put that text in the title "
                "and description above, or choose another language for the original."
            )
            continue
        if not text.title.strip():
            errors[title_field] = _(
                "Give the title in this language too, or leave its description empty."
            )
        elif len(text.title.strip()) > MAX_TITLE:
            errors[title_field] = _("Keep the title under %(n)d characters.", n=MAX_TITLE)
        if description.strip() and not text.description.strip():
            errors[description_field] = _(
                "Give the description in this language too, or leave its title empty."
            )
        elif len(text.description.strip()) > MAX_DESCRIPTION:
            errors[description_field] = _(
                "Keep the description under %(n)d characters.", n=MAX_DESCRIPTION
            )
    return errors


def apply_texts(
    opportunity: Opportunity, written_in: str, translations: Iterable[TranslatedText]
) -> None:
    """Set the original's language and replace the translations with the given ones."""
    opportunity.written_in = written_in
    wanted = {
        text.locale: text
        for text in translations
        if not text.is_empty and text.locale != written_in
    }
    for existing in list(opportunity.texts):
        if existing.locale not in wanted:
            opportunity.texts.remove(existing)
    kept = {text.locale: text for text in opportunity.texts}
    for locale, text in wanted.items():
        row = kept.get(locale)
        if row is None:
            row = OpportunityText(locale=locale)
            opportunity.texts.append(row)
        row.title = text.title.strip()
        row.description = text.description.strip()
