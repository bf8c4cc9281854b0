"""Reading e-mail sent to the support mailbox: one parser for the Maildir and IMAP readers and an
inbound-mail webhook.

Standard library only, no Django, no database::

    for key, raw in read_maildir("/var/mail/vragen"):
        try:
            mail = parse_message(raw, trusted_authserv_id="mx.provider.example")
        except UnparseableMail as error:
            ...  # keep error.raw aside for staff; never drop it
        else:
            ...  # mail.reply_token, mail.from_address, mail.text, mail.attachments, mail.problems
        mark_seen("/var/mail/vragen", key)

What can be trusted
-------------------
* **The From is a claim, not a fact.** ``sender_verified`` is True only when the
  ``Authentication-Results`` header (RFC 8601) of *our* mailbox provider says ``dmarc=pass`` for
  the domain of the From. The mailbox provider must add that header (Gmail, Microsoft 365,
  Fastmail and Postfix with OpenDMARC do) and should remove copies that arrive with the message
  under its name. Pass the provider's authserv-id as ``trusted_authserv_id``; without it the
  topmost header counts, which is only right when the provider always adds one. No such header:
  ``sender_verified`` is None, and the From must be treated as unverified.
* **Attachments** carry the filename and content type the sender declared. Check them by
  content (``middenveld.core.uploads``) before storing or serving them. Nothing is decompressed
  here, so a zip bomb is just bytes.
* **Text** is plain text, never HTML, but typed by a stranger: escape it when showing it.
* **Subject, names and filenames** have control characters and line breaks removed, so they can
  go into headers we send later without opening a header injection.
* **Reply tokens** are returned as found, known or not: the caller looks them up, and should not
  add a stranger's mail to someone else's question on the token alone.

Problems
--------
``InboundMail.problems`` holds codes from ``PROBLEM_CODES``, in the order they were found:

====================================  =========================================================
``attachment_too_large``              an attachment over ``max_attachment_bytes``: payload None
``attachments_total_too_large``       attachments over ``max_total_bytes`` in all: payload None
``message_too_large``                 raw message over ``max_message_bytes``: headers only
``too_many_parts``                    more than ``MAX_PARTS`` MIME parts (or boundaries)
``nesting_too_deep``                  multipart nested deeper than ``MAX_DEPTH``
``truncated``                         something was left out (parts, text, addresses, body)
``unknown_charset``                   a charset Python does not know: decoded with replacement
``decode_error``                      bytes invalid in their declared charset: replaced
``html_only``                         no text/plain: the text was made from the HTML
``no_text``                           no readable text at all (e.g. only attachments)
``malformed_mime``                    the MIME structure had defects (we made the best of it)
``malformed_header``                  a header could not be parsed normally
``header_control_characters``         a decoded header held line breaks or control characters
``no_from``                           no usable From address
``forged_from_suspected``             DMARC fail, several From addresses, or a display name
                                      that shows another address than the real one
====================================  =========================================================

A message that cannot be parsed at all raises ``UnparseableMail`` carrying the raw bytes: empty
input, input without a single header line (``b"\\x00\\xff"`` is such garbage), or a parser crash.
Everything else returns an ``InboundMail``, possibly with problems; keep the raw message beside
the question when ``problems`` is not empty.

Reply tokens
------------
Our outgoing mails carry the question's token three times: the Reply-To ``vragen+<token>@<domain>``
(``reply_address_for``), the subject tag ``[#<token>]`` (``subject_tag``) and the Message-ID
``<ticket-<token>.<random>@<domain>>`` (``message_id_for``). ``reply_token_from`` looks for it in
In-Reply-To and References first (newest first), then in the recipients, then in the subject.
A token is 10-32 characters ``[A-Za-z0-9]``. Some mail systems lower-case addresses, so generate
tokens in lower case and digits if the plus-address alone must find them.
"""

from __future__ import annotations

import codecs
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.generator import BytesGenerator
from email.header import decode_header, make_header
from email.message import Message
from email.policy import EmailPolicy
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from html.parser import HTMLParser
from io import BytesIO
from mimetypes import MimeTypes
from pathlib import Path
from typing import Any

ATTACHMENT_TOO_LARGE = "attachment_too_large"
ATTACHMENTS_TOTAL_TOO_LARGE = "attachments_total_too_large"
MESSAGE_TOO_LARGE = "message_too_large"
TOO_MANY_PARTS = "too_many_parts"
NESTING_TOO_DEEP = "nesting_too_deep"
TRUNCATED = "truncated"
UNKNOWN_CHARSET = "unknown_charset"
DECODE_ERROR = "decode_error"
HTML_ONLY = "html_only"
NO_TEXT = "no_text"
MALFORMED_MIME = "malformed_mime"
MALFORMED_HEADER = "malformed_header"
HEADER_CONTROL_CHARACTERS = "header_control_characters"
NO_FROM = "no_from"
FORGED_FROM_SUSPECTED = "forged_from_suspected"
PROBLEM_CODES = frozenset(
    {
        ATTACHMENT_TOO_LARGE,
        ATTACHMENTS_TOTAL_TOO_LARGE,
        MESSAGE_TOO_LARGE,
        TOO_MANY_PARTS,
        NESTING_TOO_DEEP,
        TRUNCATED,
        UNKNOWN_CHARSET,
        DECODE_ERROR,
        HTML_ONLY,
        NO_TEXT,
        MALFORMED_MIME,
        MALFORMED_HEADER,
        HEADER_CONTROL_CHARACTERS,
        NO_FROM,
        FORGED_FROM_SUSPECTED,
    }
)

MAX_DEPTH = 20  # multipart nesting we walk into
MAX_PARTS = 200  # MIME parts we look at
# The standard parser checks every line against every open boundary and recurses per level:
# a message declaring more boundaries than this is read for its headers only.
MAX_BOUNDARIES = 50
MAX_TEXT_CHARS = 500_000
MAX_HTML_CHARS = 1_000_000
MAX_ADDRESSES = 100  # per header kind (To, Cc, Reply-To)
MAX_REFERENCES = 50
MAX_FILENAME_CHARS = 150


class _ParseOncePolicy(EmailPolicy):
    """``policy.default`` that parses each header value once per message.

    The standard parser and ``get_content_type`` fetch the same Content-Type header a
    dozen times per part, and the modern policy parses it again on every fetch (a third
    of the parser's time). Parsed headers are immutable, so the last values are kept.
    """

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name") or type(value) is not str:
            return super().header_fetch_parse(name, value)
        return _parsed_header(self, name, value)


@lru_cache(maxsize=512)
def _parsed_header(policy_: EmailPolicy, name: str, value: str) -> Any:
    return EmailPolicy.header_fetch_parse(policy_, name, value)


_POLICY = _ParseOncePolicy()
_SERIALIZE_POLICY = policy.default.clone(refold_source="none", linesep="\r\n")
_MIME_TYPES = MimeTypes(filenames=())  # the built-in table only: the same on every machine


class UnparseableMail(Exception):
    """The bytes are not an e-mail message at all. ``raw`` holds them, to keep aside for staff."""

    def __init__(self, reason: str, raw: bytes) -> None:
        super().__init__(reason)
        self.reason = reason
        self.raw = raw


@dataclass(frozen=True, slots=True)
class Address:
    address: str  # lower-case addr-spec
    name: str = ""  # display name, one line, may be empty


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str  # sanitised: no path, no control characters, at most 150 characters
    content_type: str  # as declared by the sender, lower case
    size: int  # decoded size in bytes, also when the payload was dropped
    payload: bytes | None = field(repr=False)  # None when over a size limit

    @property
    def dropped(self) -> bool:
        return self.payload is None


@dataclass(frozen=True, slots=True)
class InboundMail:
    message_id: str | None  # with angle brackets, e.g. "<abc@example.org>"
    in_reply_to: str | None
    references: tuple[str, ...]
    from_address: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    subject: str
    date: datetime | None  # aware; a date without zone ("-0000") is taken as UTC
    text: str
    attachments: tuple[Attachment, ...]
    reply_token: str | None
    sender_verified: bool | None  # None: no Authentication-Results from our provider
    auto_submitted: bool  # auto-reply, bounce or bulk mail: send no receipt to it
    problems: tuple[str, ...]


# --- Reply tokens -------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9]{10,32}")
_SUBJECT_TOKEN = re.compile(r"\[#([A-Za-z0-9]{10,32})\]")
_MESSAGE_ID_TOKEN = re.compile(r"<?ticket-([A-Za-z0-9]{10,32})\.[^@<>\s]+@([^@<>\s]+?)>?")
_PLUS_ADDRESS = re.compile(r"([^+@\s]+)\+([A-Za-z0-9]{10,32})@([^@\s]+)")
_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


def _check_token(token: str) -> None:
    if not _TOKEN.fullmatch(token):
        raise ValueError("A reply token is 10 to 32 letters and digits.")


def _check_domain(domain: str) -> str:
    if not _DOMAIN.fullmatch(domain):
        raise ValueError(f"Not a domain name: {domain!r}")
    return domain.lower()


def message_id_for(token: str, domain: str) -> str:
    """A fresh Message-ID for an outgoing mail about the question with ``token``."""
    _check_token(token)
    return f"<ticket-{token}.{secrets.token_hex(8)}@{_check_domain(domain)}>"


def reply_address_for(token: str, domain: str, *, local_part: str = "vragen") -> str:
    """The Reply-To address of an outgoing mail about the question with ``token``."""
    _check_token(token)
    return f"{local_part}+{token}@{_check_domain(domain)}"


def subject_tag(token: str) -> str:
    """The tag to put in the subject of an outgoing mail: ``[#<token>]``."""
    _check_token(token)
    return f"[#{token}]"


def reply_token_from(
    *,
    subject: str = "",
    recipients: Iterable[str] = (),
    message_ids: Iterable[str] = (),
    local_part: str = "vragen",
    domains: Collection[str] | None = None,
) -> str | None:
    """The first reply token found in ``message_ids`` (In-Reply-To, then References newest
    first), then in ``recipients`` (addr-specs as written, case kept), then in ``subject``.

    ``domains`` limits Message-IDs and plus-addresses to our own domains (None: any domain).
    """
    ours = None if domains is None else {d.lower() for d in domains}
    for message_id in message_ids:
        match = _MESSAGE_ID_TOKEN.fullmatch(message_id.strip())
        if match and (ours is None or match[2].lower() in ours):
            return match[1]
    for recipient in recipients:
        match = _PLUS_ADDRESS.fullmatch(recipient.strip())
        if (
            match
            and match[1].lower() == local_part.lower()
            and (ours is None or match[3].lower() in ours)
        ):
            return match[2]
    match = _SUBJECT_TOKEN.search(subject)
    return match[1] if match else None


# --- Cleaning text ------------------------------------------------------------------------------

# C0/C1 controls, line and paragraph separators, bidi embeddings/overrides/isolates, BOM.
_ONE_LINE_JUNK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+")
_INJECTION = re.compile("[\x00-\x08\x0a-\x1f\x7f\u2028\u2029]")
_BODY_JUNK = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u034f\u00ad\u202a-\u202e\u2066-\u2069\ufeff]+"
)
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def _unsurrogate(value: str) -> str:
    """Undecoded 8-bit bytes come out of the email package as lone surrogates: read them as
    UTF-8 (with replacement), so every string we return can be stored and encoded."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _one_line(value: str, limit: int) -> str:
    value = _ONE_LINE_JUNK.sub(" ", _unsurrogate(value))
    return " ".join(value.split())[:limit]


def _clean_body(text: str, problems: _Problems) -> str:
    text = _unsurrogate(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _BODY_JUNK.sub("", text)
    text = _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", text)).strip()
    if len(text) > MAX_TEXT_CHARS:
        problems.add(TRUNCATED)
        text = text[:MAX_TEXT_CHARS]
    return text


class _Problems:
    def __init__(self) -> None:
        self._codes: dict[str, None] = {}

    def add(self, *codes: str) -> None:
        for code in codes:
            self._codes.setdefault(code, None)

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def as_tuple(self) -> tuple[str, ...]:
        return tuple(self._codes)


# --- Charsets -----------------------------------------------------------------------------------

# Text codecs that are no charset of real mail, and can be slow or surprising on hostile input.
_REFUSED_CODECS = frozenset(
    {"idna", "punycode", "raw_unicode_escape", "unicode_escape", "undefined"}
)
_ENCODED_WORD_CHARSET = re.compile(r"=\?([^?*\s]+)(?:\*[^?\s]*)?\?[bBqQ]\?")


@lru_cache(maxsize=256)
def _text_codec(charset: str) -> str | None:
    try:
        info = codecs.lookup(charset)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED_CODECS:
        return None
    return info.name


def _decode(payload: bytes, charset: str | None, problems: _Problems) -> str:
    codec = _text_codec(charset) if charset else "ascii"
    if codec is None:
        problems.add(UNKNOWN_CHARSET)
    elif codec != "ascii":  # "us-ascii" mail is often UTF-8 or Windows-1252 in disguise
        try:
            return payload.decode(codec)
        except (UnicodeError, ValueError):
            problems.add(DECODE_ERROR)
            try:
                return payload.decode(codec, "replace")
            except (UnicodeError, ValueError, LookupError):
                pass
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", "replace")


def _note_unknown_header_charsets(raw_value: str, problems: _Problems) -> None:
    for charset in _ENCODED_WORD_CHARSET.findall(raw_value):
        if _text_codec(charset) is None:
            problems.add(UNKNOWN_CHARSET)


# --- HTML to text -------------------------------------------------------------------------------

_SKIPPED_ELEMENTS = frozenset({"script", "style", "title", "template"})
_BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table",
        "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_WHITESPACE = re.compile(r"\s+")


def _defuse_html(markup: str) -> str:
    """Keep only well-formed start and end tags; drop comments, declarations and processing
    instructions; escape every other "<". Linear time: the standard parser of Python 3.11 is
    quadratic on some malformed input (``"</" * 200_000`` takes seconds), this input is not."""
    out: list[str] = []
    position = 0
    while True:
        start = markup.find("<", position)
        if start < 0:
            out.append(markup[position:])
            return "".join(out)
        out.append(markup[position:start])
        if markup.startswith("<!--", start):
            end = markup.find("-->", start + 4)
            if end < 0:
                return "".join(out)  # an unclosed comment hides the rest, as in a browser
            position = end + 3
            continue
        if markup.startswith(("<!", "<?"), start):
            next_open = markup.find("<", start + 1)
            end = markup.find(">", start, len(markup) if next_open < 0 else next_open)
            if end >= 0:
                position = end + 1
                continue
        tag = _TAG.match(markup, start)
        if tag:
            out.append(tag.group())
            position = tag.end()
        else:
            out.append("&lt;")
            position = start + 1


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skipping += 1
        elif tag == "li":
            self.chunks.append("\n- ")
        elif tag in ("td", "th"):
            self.chunks.append(" ")
        elif tag in _BLOCK_ELEMENTS:
            self.chunks.append("\n")
            if tag == "pre":
                self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIPPED_ELEMENTS:  # <script/> opens nothing
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_ELEMENTS:
            self.chunks.append("\n")
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.chunks.append(data if self._pre else _WHITESPACE.sub(" ", data))


def html_to_text(markup: str) -> str:
    """Plain text from HTML: script, style and title dropped entirely, link text kept,
    whitespace collapsed, one line per block. Never returns markup."""
    parser = _HtmlText()
    try:
        parser.feed(_defuse_html(markup))
        parser.close()
        text = "".join(parser.chunks)
    except Exception:  # the parser is not expected to fail on defused input; stay safe if it does
        text = _WHITESPACE.sub(" ", re.sub(r"<[^<>]*>", " ", _defuse_html(markup)))
        text = text.replace("&lt;", "<")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# --- Headers ------------------------------------------------------------------------------------

_MESSAGE_ID = re.compile(r"<([^<>\s\x00-\x1f\x7f]{1,500})>")
_BARE_MESSAGE_ID = re.compile(r"[^<>\s\x00-\x1f\x7f@]{1,250}@[^<>\s\x00-\x1f\x7f@]{1,250}")
_ADDR_SPEC = re.compile(
    r"[^\s@<>()\[\],;:\"\\\x00-\x1f\x7f]{1,64}@[^\s@<>()\[\],;:\"\\\x00-\x1f\x7f]{1,253}"
)
_ADDRESS_IN_NAME = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_AUTO_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})


def _raw_headers(msg: Message, name: str) -> list[str]:
    """Raw values (undecoded, unfolded) of every header called ``name``, top to bottom."""
    wanted = name.lower()
    return [
        _unsurrogate(str(value)).replace("\r", "").replace("\n", "")
        for key, value in msg.raw_items()
        if key.lower() == wanted
    ]


def _first_raw(msg: Message, name: str) -> str | None:
    values = _raw_headers(msg, name)
    return values[0] if values else None


def _decoded(raw_value: str) -> str:
    try:
        return str(make_header(decode_header(raw_value)))
    except Exception:
        return raw_value


def _header_text(msg: Message, name: str, problems: _Problems) -> str | None:
    raw_value = _first_raw(msg, name)
    if raw_value is None:
        return None
    _note_unknown_header_charsets(raw_value, problems)
    try:
        value = _unsurrogate(str(msg.get(name, "")))
    except Exception:
        problems.add(MALFORMED_HEADER)
        value = _unsurrogate(_decoded(raw_value))
    if _INJECTION.search(value):
        problems.add(HEADER_CONTROL_CHARACTERS)
    return value


def _address_parts(msg: Message, name: str, problems: _Problems) -> list[tuple[str, str, str]]:
    """(local part, domain, display name) as written, for every address in every ``name``."""
    raw_values = _raw_headers(msg, name)
    for raw_value in raw_values:
        _note_unknown_header_charsets(raw_value, problems)
    try:
        return [
            (address.username, address.domain, address.display_name)
            for header in msg.get_all(name, [])
            for address in getattr(header, "addresses", ())
        ]
    except Exception:  # e.g. an encoded CR/LF in a display name
        problems.add(MALFORMED_HEADER)
    parts = []
    for display_name, addr_spec in getaddresses(raw_values):
        local, _, domain = addr_spec.rpartition("@")
        parts.append((local, domain, _decoded(display_name)))
    return parts


def _address(local: str, domain: str, name: str, problems: _Problems) -> Address | None:
    addr_spec = _unsurrogate(f"{local}@{domain}").lower()
    if not local or not domain or not _ADDR_SPEC.fullmatch(addr_spec) or "\ufffd" in addr_spec:
        return None
    name = _unsurrogate(name)
    if _INJECTION.search(name):
        problems.add(HEADER_CONTROL_CHARACTERS)
    return Address(address=addr_spec, name=_one_line(name, 200))


def _addresses(parts: list[tuple[str, str, str]], problems: _Problems) -> tuple[Address, ...]:
    found = [a for a in (_address(*part, problems) for part in parts) if a is not None]
    if len(found) > MAX_ADDRESSES:
        problems.add(TRUNCATED)
    return tuple(found[:MAX_ADDRESSES])


def _message_ids(values: Iterable[str]) -> list[str]:
    ids: list[str] = []
    for value in values:
        found = _MESSAGE_ID.findall(value)
        if not found and _BARE_MESSAGE_ID.fullmatch(value.strip()):
            found = [value.strip()]
        ids.extend(f"<{message_id}>" for message_id in found)
    return ids


def _date(msg: Message) -> datetime | None:
    raw_value = _first_raw(msg, "Date")
    if not raw_value:
        return None
    try:
        value = parsedate_to_datetime(raw_value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _auto_submitted(msg: Message, from_address: Address | None) -> bool:
    auto = (_first_raw(msg, "Auto-Submitted") or "no").strip().lower()
    precedence = (_first_raw(msg, "Precedence") or "").strip().lower()
    return (
        not auto.startswith("no")
        or precedence in _AUTO_PRECEDENCE
        or _first_raw(msg, "X-Autoreply") is not None
        or _first_raw(msg, "X-Autorespond") is not None
        or msg.get_content_type() == "multipart/report"
        or (_first_raw(msg, "Return-Path") or "").strip() == "<>"
        or (
            from_address is not None
            and from_address.address.split("@")[0] in ("mailer-daemon", "postmaster")
        )
    )


# --- Authentication-Results (RFC 8601) ----------------------------------------------------------


def _auth_statements(value: str) -> list[str]:
    """Split on ";" outside quoted strings, dropping (comments)."""
    statements: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = escaped = False
    for char in value[:8000]:
        if escaped:
            escaped = False
            if not depth:
                current.append(char)
        elif char == "\\" and (quoted or depth):
            escaped = True
        elif quoted:
            current.append(char)
            quoted = char != '"'
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif depth:
            continue
        elif char == '"':
            quoted = True
            current.append(char)
        elif char == ";":
            statements.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    statements.append("".join(current).strip())
    return statements


def _dmarc_result(value: str) -> tuple[str, str | None, str | None]:
    """(authserv-id, dmarc result or None, header.from or None) of one header value."""
    statements = _auth_statements(value)
    head = statements[0].split()
    authserv_id = head[0].lower() if head else ""
    for statement in statements[1:]:
        words = re.sub(r"\s*=\s*", "=", statement).split()
        if not words or not words[0].lower().startswith("dmarc"):
            continue
        method, _, result = words[0].partition("=")
        if method.lower().split("/")[0] != "dmarc":
            continue
        header_from = next(
            (
                w.split("=", 1)[1].strip('"').lower()
                for w in words[1:]
                if w.lower().startswith("header.from=")
            ),
            None,
        )
        return authserv_id, result.lower(), header_from
    return authserv_id, None, None


def _sender_verified(
    msg: Message, from_address: Address | None, trusted_authserv_id: str | None
) -> tuple[bool | None, bool]:
    """(sender_verified, dmarc failed) from our provider's Authentication-Results."""
    chosen = None
    for value in _raw_headers(msg, "Authentication-Results"):
        authserv_id, result, header_from = _dmarc_result(value)
        if trusted_authserv_id is None or authserv_id == trusted_authserv_id.lower():
            chosen = (result, header_from)
            break  # the topmost one: added last, by the server nearest to us
    if chosen is None:
        return None, False
    result, header_from = chosen
    if from_address is None:
        return False, result == "fail"
    domain = from_address.address.rpartition("@")[2]
    if result == "pass":
        if header_from is not None and header_from != domain:
            return False, True
        return True, False
    return False, result == "fail"


# --- The MIME tree ------------------------------------------------------------------------------

_RESERVED_FILENAME = re.compile(r'[<>:"|?*]')
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def safe_filename(name: str | None, content_type: str = "application/octet-stream") -> str:
    """A filename safe to show and to use in a Content-Disposition: no path parts, no control
    or bidi characters, no characters Windows refuses, at most 150 characters (extension kept)."""
    name = unicodedata.normalize("NFC", _unsurrogate(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(ch) in ("Zl", "Zp") else ch
        for ch in name
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
    )
    name = " ".join(_RESERVED_FILENAME.sub("_", name).split()).strip(" .")
    if name.split(".")[0].lower() in _WINDOWS_DEVICES:
        name = f"_{name}"
    if not name:
        extension = ".eml" if content_type == "message/rfc822" else None
        extension = extension or _MIME_TYPES.guess_extension(content_type, strict=False) or ""
        name = f"attachment{extension}"
    if len(name) > MAX_FILENAME_CHARS:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 16:
            stem = stem[: MAX_FILENAME_CHARS - len(extension) - 1].rstrip(" .") or "attachment"
            name = f"{stem}.{extension}"
        else:
            name = name[:MAX_FILENAME_CHARS].rstrip(" .")
    return name


def _serialize(msg: Message) -> bytes:
    for serialize_policy in (_SERIALIZE_POLICY, policy.compat32):
        buffer = BytesIO()
        with suppress(Exception):  # the second policy copes with headers the first refuses
            BytesGenerator(buffer, mangle_from_=False, policy=serialize_policy).flatten(msg)
            return buffer.getvalue()
    raise ValueError("cannot serialise the attached message")


class _Walker:
    """Walks the MIME tree once, within the part and depth limits, collecting text segments
    (kind, string) and attachments."""

    def __init__(self, max_attachment_bytes: int, max_total_bytes: int, problems: _Problems):
        self.max_attachment_bytes = max_attachment_bytes
        self.max_total_bytes = max_total_bytes
        self.problems = problems
        self.attachments: list[Attachment] = []
        self.kept_bytes = 0
        self.parts = 0

    def walk(self, part: Message, depth: int, segments: list[tuple[str, str]]) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            self.problems.add(TOO_MANY_PARTS, TRUNCATED)
            return
        if depth > MAX_DEPTH:
            self.problems.add(NESTING_TOO_DEEP, TRUNCATED)
            return
        try:
            self._part(part, depth, segments)
        except Exception:  # a broken part never breaks the message
            self.problems.add(MALFORMED_MIME)
        if part.defects:  # checked after decoding, which adds base64 defects
            self.problems.add(MALFORMED_MIME)

    def _part(self, part: Message, depth: int, segments: list[tuple[str, str]]) -> None:
        content_type = part.get_content_type()
        maintype = content_type.partition("/")[0]
        payload = part.get_payload()
        if maintype == "multipart" and isinstance(payload, list):
            if content_type == "multipart/alternative":
                self._alternative(payload, depth, segments)
            else:
                for child in payload:
                    if isinstance(child, Message):
                        self.walk(child, depth + 1, segments)
            return
        if maintype == "multipart":  # no boundary found: show what is there as text
            self.problems.add(MALFORMED_MIME)
            segments.append(("plain", self._text(part)))
            return
        try:
            filename = part.get_filename()
        except Exception:
            self.problems.add(MALFORMED_HEADER)
            filename = None
        disposition = part.get_content_disposition()
        if (
            content_type in ("text/plain", "text/html")
            and disposition != "attachment"
            and filename is None
        ):
            segments.append((content_type[5:], self._text(part)))
        else:
            self._attachment(part, content_type, filename)

    def _alternative(
        self, children: list[Any], depth: int, segments: list[tuple[str, str]]
    ) -> None:
        branches: list[list[tuple[str, str]]] = []
        for child in children:
            branch: list[tuple[str, str]] = []
            if isinstance(child, Message):
                self.walk(child, depth + 1, branch)
            branches.append(branch)
        for kind in ("plain", "html"):
            for branch in branches:
                if any(k == kind for k, _ in branch):
                    segments.extend((k, s) for k, s in branch if k == kind)
                    return

    def _text(self, part: Message) -> str:
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        try:
            charset = part.get_content_charset()
        except Exception:
            charset = None
        return _decode(data, charset, self.problems)

    def _attachment(self, part: Message, content_type: str, filename: str | None) -> None:
        if content_type.startswith("message/"):
            inner = part.get_payload()
            if isinstance(inner, list):
                payload = b"".join(_serialize(m) for m in inner if isinstance(m, Message))
            else:
                decoded = part.get_payload(decode=True)
                payload = decoded if isinstance(decoded, bytes) else b""
            if content_type == "message/rfc822" and not (filename or "").lower().endswith(".eml"):
                filename = f"{filename}.eml" if filename else "message.eml"
        else:
            decoded = part.get_payload(decode=True)
            payload = decoded if isinstance(decoded, bytes) else b""
        size = len(payload)
        kept: bytes | None = payload
        if size > self.max_attachment_bytes:
            self.problems.add(ATTACHMENT_TOO_LARGE)
            kept = None
        elif self.kept_bytes + size > self.max_total_bytes:
            self.problems.add(ATTACHMENTS_TOTAL_TOO_LARGE)
            kept = None
        else:
            self.kept_bytes += size
        self.attachments.append(
            Attachment(
                filename=safe_filename(filename, content_type),
                content_type=content_type,
                size=size,
                payload=kept,
            )
        )


# --- Parsing ------------------------------------------------------------------------------------

_BOUNDARY = re.compile(rb"boundary\*?\d*\*?\s*=", re.IGNORECASE)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def _headers_only(raw: bytes) -> bytes:
    end = _HEADER_END.search(raw, 0, 1_000_000)
    return (raw[: end.start()] if end else raw[:1_000_000]) + b"\r\n\r\n"


def parse_message(
    raw: bytes,
    *,
    max_attachment_bytes: int = 10_000_000,
    max_total_bytes: int = 25_000_000,
    max_message_bytes: int = 40_000_000,
    trusted_authserv_id: str | None = None,
    reply_local_part: str = "vragen",
    reply_domains: Collection[str] | None = None,
) -> InboundMail:
    """Parse one raw RFC 5322 message. Never raises on broken content; raises
    ``UnparseableMail`` only for bytes that are no e-mail message at all (see the module doc).

    ``max_attachment_bytes``: an attachment over it keeps its filename and size, not its payload.
    ``max_total_bytes``: attachments are kept in order until their sum would pass it.
    ``max_message_bytes``: a larger message is read for its headers only (problem
    ``message_too_large``): the reader takes no unbounded time or memory on it.
    ``trusted_authserv_id``: the authserv-id of our mailbox provider's Authentication-Results.
    ``reply_local_part`` / ``reply_domains``: see ``reply_token_from``.
    """
    raw = bytes(raw)
    if not raw.strip():
        raise UnparseableMail("empty message", raw)
    problems = _Problems()
    source = raw
    if len(raw) > max_message_bytes:
        problems.add(MESSAGE_TOO_LARGE, TRUNCATED)
        source = _headers_only(raw)
    elif len(_BOUNDARY.findall(raw)) > MAX_BOUNDARIES:
        problems.add(TOO_MANY_PARTS, TRUNCATED)
        source = _headers_only(raw)
    try:
        msg = message_from_bytes(source, policy=_POLICY)
    except Exception as error:  # RecursionError, MemoryError, a parser bug
        raise UnparseableMail(f"the parser failed: {type(error).__name__}", raw) from error
    if not msg.keys():
        raise UnparseableMail("no header lines", raw)

    subject = _one_line(_header_text(msg, "Subject", problems) or "", 998)

    from_parts = _address_parts(msg, "From", problems)
    froms = _addresses(from_parts, problems)
    from_address = froms[0] if froms else None
    forged = False
    if from_address is None:
        problems.add(NO_FROM)
    elif len(froms) > 1 or len(_raw_headers(msg, "From")) > 1:
        forged = True
    else:
        shown = _ADDRESS_IN_NAME.findall(from_address.name)
        forged = any(address.lower() != from_address.address for address in shown)
    sender_verified, dmarc_failed = _sender_verified(msg, from_address, trusted_authserv_id)
    if forged or dmarc_failed:
        problems.add(FORGED_FROM_SUSPECTED)
        if sender_verified:
            sender_verified = False

    to_parts = _address_parts(msg, "To", problems)
    cc_parts = _address_parts(msg, "Cc", problems)
    recipient_parts = [
        *to_parts,
        *cc_parts,
        *_address_parts(msg, "Delivered-To", problems),
        *_address_parts(msg, "X-Original-To", problems),
    ]
    to = _addresses(to_parts, problems)
    cc = _addresses(cc_parts, problems)
    reply_to = _addresses(_address_parts(msg, "Reply-To", problems), problems)

    message_ids = _message_ids(_raw_headers(msg, "Message-ID")[:1])
    parents = _message_ids(_raw_headers(msg, "In-Reply-To"))
    in_reply_to = parents[0] if parents else None
    references = _message_ids(_raw_headers(msg, "References"))
    if len(references) > MAX_REFERENCES:  # keep the thread's root and the newest ones
        references = references[:1] + references[-(MAX_REFERENCES - 1) :]
    reply_token = reply_token_from(
        subject=subject,
        recipients=(_unsurrogate(f"{local}@{domain}") for local, domain, _ in recipient_parts),
        message_ids=([in_reply_to] if in_reply_to else []) + references[::-1],
        local_part=reply_local_part,
        domains=reply_domains,
    )

    walker = _Walker(max_attachment_bytes, max_total_bytes, problems)
    segments: list[tuple[str, str]] = []
    walker.walk(msg, 0, segments)
    if any(kind == "html" for kind, _ in segments) and not any(
        kind == "plain" for kind, _ in segments
    ):
        problems.add(HTML_ONLY)
    pieces = []
    for kind, value in segments:
        if kind == "html":
            if len(value) > MAX_HTML_CHARS:
                problems.add(TRUNCATED)
                value = value[:MAX_HTML_CHARS]
            value = html_to_text(value)
        pieces.append(value)
    text = _clean_body("\n\n".join(p for p in pieces if p.strip()), problems)
    if not text:
        problems.add(NO_TEXT)

    return InboundMail(
        message_id=message_ids[0] if message_ids else None,
        in_reply_to=in_reply_to,
        references=tuple(references),
        from_address=from_address,
        to=to,
        cc=cc,
        reply_to=reply_to,
        subject=subject,
        date=_date(msg),
        text=text,
        attachments=tuple(walker.attachments),
        reply_token=reply_token,
        sender_verified=sender_verified,
        auto_submitted=_auto_submitted(msg, from_address),
        problems=problems.as_tuple(),
    )


# --- Maildir ------------------------------------------------------------------------------------
#
# Maildir is read directly (os.scandir) rather than through mailbox.Maildir: on Python 3.11 that
# class can tell a message's folder and flags only by parsing the whole message (get_info and
# set_flags arrive in 3.13). The layout is the one mailbox.Maildir writes and Dovecot, Postfix
# and fetchmail use: new/<key>, cur/<key>:2,<flags>; the "S" flag means seen.


def _maildir_root(path: str | os.PathLike[str]) -> Path:
    root = Path(path)
    if not (root / "new").is_dir() or not (root / "cur").is_dir():
        raise FileNotFoundError(f"Not a Maildir (no new/ and cur/ folders): {root}")
    return root


def _flags(info: str) -> str:
    return info[2:] if info.startswith("2,") else ""


def read_maildir(
    path: str | os.PathLike[str], *, seen: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Yield (key, raw bytes) of every message not yet seen: first those in ``new/`` (delivered,
    not yet looked at by any client), then those in ``cur/`` without the S (seen) flag, each
    folder in name order (Maildir names start with the delivery time).

    ``seen(key)`` lets the caller skip messages it already stored, so a crash between storing a
    message and ``mark_seen`` does not make a second question. The folders are listed once at
    the start; mail that arrives meanwhile waits for the next run, a message that another reader
    moved or deleted meanwhile is skipped.
    """
    root = _maildir_root(path)
    entries: list[tuple[str, Path]] = []
    for folder in ("new", "cur"):
        with os.scandir(root / folder) as scan:
            names = sorted(e.name for e in scan if not e.name.startswith(".") and e.is_file())
        for name in names:
            key, _, info = name.partition(":")
            if folder == "cur" and "S" in _flags(info):
                continue
            entries.append((key, root / folder / name))
    for key, file in entries:
        if seen is not None and seen(key):
            continue
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            continue
        yield key, raw


def mark_seen(path: str | os.PathLike[str], key: str) -> None:
    """Move the message ``key`` to ``cur/`` with the S flag, as a mail client does. Raises
    KeyError when there is no such message; a message already seen is left as it is."""
    if not key or key.startswith(".") or any(c in key for c in "/\\:\x00"):
        raise ValueError(f"Not a Maildir key: {key!r}")
    root = _maildir_root(path)
    new = root / "new" / key
    if new.is_file():
        os.rename(new, root / "cur" / f"{key}:2,S")
        return
    with os.scandir(root / "new") as scan:  # delivered with an info part in new/ (unusual)
        for entry in scan:
            if entry.name.startswith(f"{key}:"):
                flags = _flags(entry.name.partition(":")[2])
                os.rename(entry.path, root / "cur" / f"{key}:2,{''.join(sorted(set(flags + 'S')))}")
                return
    with os.scandir(root / "cur") as scan:
        for entry in scan:
            name, _, info = entry.name.partition(":")
            if name == key:
                flags = _flags(info)
                if "S" not in flags:
                    os.rename(
                        entry.path, root / "cur" / f"{key}:2,{''.join(sorted(set(flags + 'S')))}"
                    )
                return
    raise KeyError(key)
