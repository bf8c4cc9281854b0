"""The inbound-mail parser: pure standard library, no database."""

import mailbox
import os
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest

from middenveld.support.inbound import (
    MAX_DEPTH,
    MAX_PARTS,
    PROBLEM_CODES,
    UnparseableMail,
    html_to_text,
    mark_seen,
    message_id_for,
    parse_message,
    read_maildir,
    reply_address_for,
    reply_token_from,
    safe_filename,
    subject_tag,
)

MAIL = Path(__file__).parent / "mail"
TOKEN = "Abc123XyZ9qq"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fixture(name: str) -> bytes:
    return (MAIL / name).read_bytes()


def simple(**headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = headers.pop("From", "Fatima <fatima@example.org>")
    message["To"] = headers.pop("To", "vragen@middenveld.example")
    message["Subject"] = headers.pop("Subject", "Een vraag")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Hallo, ik heb een vraag.\n")
    return message


def assert_codes_known(mail):
    assert set(mail.problems) <= PROBLEM_CODES


# --- Structure and text -------------------------------------------------------------------------


def test_multipart_alternative_prefers_the_plain_text():
    mail = parse_message(fixture("alternative.eml"))
    assert mail.text.startswith("Dag,\n\nWij zoeken een zaal voor 40 mensen op zaterdag.")
    assert "<" not in mail.text
    assert mail.problems == ()
    assert mail.from_address.address == "fatima.elamrani@example.org"
    assert mail.from_address.name == "Fatima El Amrani"
    assert [a.address for a in mail.to] == ["vragen@middenveld.example"]
    assert [(a.address, a.name) for a in mail.cc] == [("jan@example.org", "Jan, secretaris")]
    assert mail.message_id == "<CAF1234.5678@mail.example.org>"
    assert mail.date == datetime(2025, 3, 4, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    assert mail.attachments == ()
    assert mail.sender_verified is None
    assert mail.auto_submitted is False


def test_text_with_a_pdf_attachment_keeps_both():
    message = simple()
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="statuten.pdf")
    mail = parse_message(message.as_bytes())
    assert mail.text == "Hallo, ik heb een vraag."
    [attachment] = mail.attachments
    assert attachment.filename == "statuten.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.payload == PDF
    assert not attachment.dropped
    assert mail.problems == ()


def test_a_forwarded_message_is_an_attachment_not_text():
    inner = simple(Subject="Doorgestuurd")
    outer = simple(Subject="Fwd: Doorgestuurd")
    outer.add_attachment(inner)
    mail = parse_message(outer.as_bytes())
    assert mail.text == "Hallo, ik heb een vraag."
    [attachment] = mail.attachments
    assert attachment.content_type == "message/rfc822"
    assert attachment.filename == "message.eml"
    assert b"Subject: Doorgestuurd" in attachment.payload
    assert parse_message(attachment.payload).subject == "Doorgestuurd"


def test_html_only_mail_becomes_text_without_scripts_or_markup():
    mail = parse_message(fixture("html_only.eml"))
    assert "alert" not in mail.text
    assert "document.write" not in mail.text
    assert "Geheime titel" not in mail.text
    assert "color" not in mail.text
    assert "<p>" not in mail.text and "<a" not in mail.text
    assert "Hallo daar," in mail.text
    assert "Lees de zaalregels eerst." in mail.text  # link text kept, whitespace collapsed
    assert "- een\n- twee" in mail.text
    assert "3 < 4" in mail.text  # text, not markup: the caller escapes it when showing it
    assert "html_only" in mail.problems


def test_html_to_text_survives_input_that_makes_the_standard_parser_quadratic():
    # Python 3.11's html.parser needs seconds for this; the defused input is linear.
    text = html_to_text("<p>begin</p>" + "</" * 200_000 + "<!" * 100_000 + "<p>einde</p>")
    assert text.startswith("begin")
    assert text.endswith("einde")


def test_an_unclosed_script_hides_the_rest_rather_than_showing_it():
    assert html_to_text("<p>zichtbaar</p><script>alert(1)") == "zichtbaar"


# --- Headers ------------------------------------------------------------------------------------


def test_rfc2047_subject_in_utf8_is_decoded():
    mail = parse_message(fixture("subject_utf8.eml"))
    assert mail.subject == 'Café "De Zwarte Kat" – zaal vrij?'


def test_rfc2047_subject_and_body_in_iso_8859_1_are_decoded():
    mail = parse_message(fixture("subject_latin1.eml"))
    assert mail.subject == "Vraag over het café"
    assert mail.from_address.name == "René Declercq"
    assert mail.text == "Het café is gesloten."
    assert mail.problems == ()


def test_a_crlf_injection_attempt_leaves_no_line_break_in_the_subject():
    mail = parse_message(fixture("crlf_injection.eml"))
    assert mail.subject == "hi"
    assert all(a.address != "x@y" for a in mail.to + mail.cc)


def test_an_encoded_crlf_in_the_subject_is_flattened_and_reported():
    raw = (
        b"From: a@example.org\r\nTo: vragen@middenveld.example\r\n"
        b"Subject: =?utf-8?q?hi=0D=0ABcc:_x@y?=\r\n\r\nbody\r\n"
    )
    mail = parse_message(raw)
    assert mail.subject == "hi Bcc: x@y"
    assert "\r" not in mail.subject and "\n" not in mail.subject
    assert "header_control_characters" in mail.problems


def test_an_encoded_crlf_in_a_display_name_keeps_the_address_and_drops_the_break():
    raw = b"From: =?utf-8?q?evil=0D=0Abcc:_x?= <a@example.org>\r\nSubject: s\r\n\r\nbody\r\n"
    mail = parse_message(raw)
    assert mail.from_address.address == "a@example.org"
    assert "\n" not in mail.from_address.name
    assert "malformed_header" in mail.problems


def test_a_date_without_zone_is_taken_as_utc_and_a_bad_date_is_none():
    mail = parse_message(simple(Date="Mon, 01 Jan 2024 10:00:00 -0000").as_bytes())
    assert mail.date == datetime(2024, 1, 1, 10, 0, tzinfo=UTC)
    raw = b"From: a@example.org\r\nDate: yesterday-ish\r\n\r\nbody\r\n"
    assert parse_message(raw).date is None


def test_auto_replies_are_recognised():
    mail = parse_message(simple(Auto_Submitted="auto-replied").as_bytes())
    assert mail.auto_submitted is True


# --- The sender ---------------------------------------------------------------------------------


def test_a_forged_from_with_dmarc_fail_is_not_verified_and_is_flagged():
    mail = parse_message(fixture("forged_from.eml"))
    assert mail.from_address.address == "burgemeester@stad.gent"
    assert mail.sender_verified is False  # the pass header below arrived with the message
    assert "forged_from_suspected" in mail.problems


def test_without_authentication_results_the_sender_is_unknown():
    mail = parse_message(simple(From="Burgemeester <burgemeester@stad.gent>").as_bytes())
    assert mail.sender_verified is None
    assert "forged_from_suspected" not in mail.problems


def test_dmarc_pass_from_our_provider_verifies_the_sender():
    message = simple(From="Fatima <fatima@example.org>")
    message["Authentication-Results"] = (
        "mx.provider.example; spf=pass smtp.mailfrom=example.org; "
        'dkim=pass header.d=example.org; dmarc=pass (p=none; comment) header.from="example.org"'
    )
    assert parse_message(message.as_bytes()).sender_verified is True


def test_only_the_trusted_authserv_id_counts():
    message = simple(From="Fatima <fatima@example.org>")
    message["Authentication-Results"] = "attacker.example; dmarc=pass header.from=example.org"
    mail = parse_message(message.as_bytes(), trusted_authserv_id="mx.provider.example")
    assert mail.sender_verified is None


def test_dmarc_pass_for_another_domain_does_not_verify_the_from():
    message = simple(From="Fatima <fatima@example.org>")
    message["Authentication-Results"] = "mx.provider.example; dmarc=pass header.from=other.example"
    mail = parse_message(message.as_bytes())
    assert mail.sender_verified is False
    assert "forged_from_suspected" in mail.problems


def test_a_display_name_showing_another_address_is_suspect():
    mail = parse_message(simple(From='"burgemeester@stad.gent" <evil@example.net>').as_bytes())
    assert mail.from_address.address == "evil@example.net"
    assert "forged_from_suspected" in mail.problems


def test_two_from_headers_are_suspect():
    raw = b"From: a@stad.gent\r\nFrom: evil@example.net\r\nSubject: s\r\n\r\nbody\r\n"
    mail = parse_message(raw)
    assert "forged_from_suspected" in mail.problems


def test_a_mail_without_from_is_parsed_with_a_problem():
    mail = parse_message(b"Subject: only a subject\r\n\r\nbody\r\n")
    assert mail.from_address is None
    assert "no_from" in mail.problems


# --- Charsets -----------------------------------------------------------------------------------


def test_an_unknown_charset_is_decoded_with_replacement_and_reported():
    mail = parse_message(fixture("klingon.eml"))
    assert "unknown_charset" in mail.problems
    assert mail.text.startswith("Qapla")
    assert "nuqneH" in mail.text
    assert mail.subject.startswith("Qapla")
    mail.text.encode("utf-8")  # no lone surrogates left


def test_invalid_bytes_in_a_known_charset_are_replaced_and_reported():
    raw = (
        b"From: a@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\ncaf\xe9 \xff ok\r\n"
    )
    mail = parse_message(raw)
    assert mail.text == "caf\ufffd \ufffd ok"
    assert "decode_error" in mail.problems


def test_a_codec_that_is_no_charset_is_refused():
    raw = b"From: a@example.org\r\nContent-Type: text/plain; charset=zlib_codec\r\n\r\nx\r\n"
    mail = parse_message(raw)
    assert mail.text == "x"
    assert "unknown_charset" in mail.problems


def test_nul_and_control_characters_never_reach_the_text():
    raw = b"From: a@example.org\r\nSubject: a\x00b\x1bc\r\n\r\nline\x00one\x07\r\n"
    mail = parse_message(raw)
    assert mail.text == "lineone"
    assert "\x00" not in mail.subject and "\x1b" not in mail.subject


# --- Limits -------------------------------------------------------------------------------------


def test_a_12_mb_attachment_is_dropped_with_the_default_limit():
    message = simple()
    big = b"%PDF-" + os.urandom(12_000_000)
    message.add_attachment(big, maintype="application", subtype="pdf", filename="groot.pdf")
    mail = parse_message(message.as_bytes())
    [attachment] = mail.attachments
    assert attachment.payload is None
    assert attachment.dropped
    assert attachment.filename == "groot.pdf"
    assert attachment.size == len(big)
    assert "attachment_too_large" in mail.problems
    assert mail.text == "Hallo, ik heb een vraag."


def test_attachments_past_the_total_limit_are_dropped():
    message = simple()
    for n in range(3):
        message.add_attachment(
            b"x" * 1000, maintype="application", subtype="pdf", filename=f"{n}.pdf"
        )
    mail = parse_message(message.as_bytes(), max_total_bytes=2500)
    assert [a.dropped for a in mail.attachments] == [False, False, True]
    assert "attachments_total_too_large" in mail.problems


def test_a_message_over_the_size_limit_is_read_for_its_headers_only():
    message = simple(Subject=f"Re: vraag {subject_tag(TOKEN)}")
    message.add_attachment(b"x" * 5000, maintype="application", subtype="pdf", filename="a.pdf")
    mail = parse_message(message.as_bytes(), max_message_bytes=2000)
    assert mail.reply_token == TOKEN
    assert mail.from_address.address == "fatima@example.org"
    assert mail.attachments == ()
    assert {"message_too_large", "truncated"} <= set(mail.problems)


def _siblings(count: int) -> bytes:
    parts = b"".join(
        b"--XX\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Disposition: attachment; filename=f%d.bin\r\n\r\ndata\r\n" % n
        for n in range(count)
    )
    return (
        b"From: a@example.org\r\nSubject: many\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n" + parts + b"--XX--\r\n"
    )


def _nested(depth: int) -> bytes:
    raw = b"From: a@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
    for n in range(depth):
        raw += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (n, n)
    raw += b"Content-Type: text/plain\r\n\r\nhello\r\n"
    for n in reversed(range(depth)):
        raw += b"--b%d--\r\n" % n
    return raw


def test_500_sibling_parts_are_cut_at_the_part_limit():
    mail = parse_message(_siblings(500))
    assert len(mail.attachments) == MAX_PARTS - 1  # the multipart itself is a part too
    assert {"too_many_parts", "truncated"} <= set(mail.problems)


def test_500_nested_parts_are_limited_without_recursion_or_long_work():
    mail = parse_message(_nested(500))
    assert mail.subject == "deep"
    assert {"too_many_parts", "truncated"} <= set(mail.problems)
    assert_codes_known(mail)


def test_nesting_past_the_depth_limit_is_cut():
    assert parse_message(_nested(MAX_DEPTH - 1)).text == "hello"
    mail = parse_message(_nested(MAX_DEPTH + 5))
    assert mail.text == ""
    assert {"nesting_too_deep", "truncated", "no_text"} <= set(mail.problems)


def test_broken_base64_is_reported():
    raw = (
        b"From: a@example.org\r\nContent-Type: text/plain\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\naGFsbG8=!!\r\n"
    )
    assert "malformed_mime" in parse_message(raw).problems


def test_a_multipart_without_its_boundary_is_shown_as_text():
    raw = (
        b"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=NOPE\r\n\r\n"
        b"--OTHER\r\nContent-Type: text/plain\r\n\r\nhello\r\n--OTHER--\r\n"
    )
    mail = parse_message(raw)
    assert "hello" in mail.text
    assert "malformed_mime" in mail.problems


# --- Garbage ------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"\x00\xff", b"", b" \r\n", b"just some words"])
def test_garbage_raises_unparseable_mail_carrying_the_raw_bytes(raw):
    """Bytes without a single header line are no mail: the caller keeps them aside."""
    with pytest.raises(UnparseableMail) as error:
        parse_message(raw)
    assert error.value.raw == raw


@pytest.mark.parametrize(
    "raw",
    [
        b"From: <[]>\r\nTo: ::::@@@<<>>\r\nCc: undisclosed-recipients:;\r\n\r\nx",
        b"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n--\r\n",
        b"From: a@example.org\r\nContent-Type: text/plain; charset=\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64===\r\n",
        b"From: a@example.org\r\nContent-Type: message/rfc822\r\n\r\nnot a message",
        b"From: a@example.org\r\nContent-Type: text/html\r\n\r\n<a <b <<<! <!-- <?x",
        b"From: a@example.org\r\nReferences: <" + b"x" * 5000 + b">\r\n\r\nx",
        b"From: a@example.org\r\nContent-Disposition: attachment; filename*=x-klingon''%FF%00\r\n"
        b"\r\nx",
    ],
)
def test_broken_structures_never_raise(raw):
    mail = parse_message(raw)
    assert_codes_known(mail)
    for value in (mail.subject, mail.text, *(a.filename for a in mail.attachments)):
        value.encode("utf-8")


# --- Filenames ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\brief.docx", "brief.docx"),
        ("factuur\u202efdp.exe", "factuurfdp.exe"),  # right-to-left override removed
        ("a\r\nb\x00.pdf", "ab.pdf"),
        ('what?"<>|.pdf', "what_____.pdf"),
        ("...", "attachment.pdf"),
        (None, "attachment.pdf"),
        ("CON.txt", "_CON.txt"),
    ],
)
def test_filenames_are_sanitised(declared, expected):
    assert safe_filename(declared, "application/pdf") == expected


def test_long_filenames_are_cut_to_150_characters_keeping_the_extension():
    name = safe_filename("x" * 400 + ".pdf")
    assert len(name) == 150
    assert name.endswith("x.pdf")


def test_an_attachment_filename_with_a_path_is_sanitised_in_the_parse():
    message = simple()
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="../../x.pdf")
    assert parse_message(message.as_bytes()).attachments[0].filename == "x.pdf"


# --- Reply tokens -------------------------------------------------------------------------------


def test_reply_token_from_the_subject():
    mail = parse_message(simple(Subject=f"Re: Uw vraag {subject_tag(TOKEN)}").as_bytes())
    assert mail.reply_token == TOKEN


def test_reply_token_from_the_reply_to_plus_address_in_to():
    mail = parse_message(simple(To=reply_address_for(TOKEN, "middenveld.example")).as_bytes())
    assert mail.reply_token == TOKEN
    assert mail.to[0].address == f"vragen+{TOKEN.lower()}@middenveld.example"


def test_reply_token_from_references():
    ours = message_id_for(TOKEN, "middenveld.example")
    message = simple(Subject="Re: zonder tag", References=f"<root@example.org> {ours}")
    mail = parse_message(message.as_bytes())
    assert mail.reply_token == TOKEN
    assert mail.references == ("<root@example.org>", ours)


def test_in_reply_to_wins_over_a_tag_in_the_subject():
    other = "Zzz987654321"
    message = simple(
        Subject=f"Re: {subject_tag(other)}", In_Reply_To=message_id_for(TOKEN, "mv.example")
    )
    assert parse_message(message.as_bytes()).reply_token == TOKEN


def test_an_unknown_token_is_just_returned():
    mail = parse_message(simple(Subject="Re: [#NeverIssued0001]").as_bytes())
    assert mail.reply_token == "NeverIssued0001"


def test_malformed_tokens_are_ignored():
    assert reply_token_from(subject="[#short] [#has-dash-in-it] [#" + "a" * 33 + "]") is None
    assert reply_token_from(recipients=["iemand+Abc123XyZ9qq@middenveld.example"]) is None
    assert reply_token_from(message_ids=["<ticket-short.1@x>"]) is None


def test_domains_limit_where_tokens_are_taken_from():
    foreign = f"<ticket-{TOKEN}.abc@other.example>"
    assert reply_token_from(message_ids=[foreign], domains=["middenveld.example"]) is None
    assert reply_token_from(message_ids=[foreign]) == TOKEN


def test_message_id_for_is_unique_and_well_formed():
    first = message_id_for(TOKEN, "Middenveld.Example")
    assert first.startswith(f"<ticket-{TOKEN}.") and first.endswith("@middenveld.example>")
    assert first != message_id_for(TOKEN, "middenveld.example")
    with pytest.raises(ValueError):
        message_id_for("short", "middenveld.example")
    with pytest.raises(ValueError):
        message_id_for(TOKEN, "evil>\r\nBcc: x@y")


# --- Maildir ------------------------------------------------------------------------------------


@pytest.fixture
def maildir(tmp_path):
    box = mailbox.Maildir(tmp_path / "vragen", create=True)
    keys = {}
    for name, subdir, flags in [
        ("new", "new", ""),
        ("unread", "cur", ""),
        ("read", "cur", "S"),
        ("flagged", "cur", "F"),
    ]:
        message = mailbox.MaildirMessage(simple(Subject=name).as_bytes())
        message.set_subdir(subdir)
        message.set_flags(flags)
        keys[name] = box.add(message)
    return tmp_path / "vragen", keys


def test_read_maildir_yields_new_then_unseen_cur_messages(maildir):
    path, keys = maildir
    found = [(key, parse_message(raw).subject) for key, raw in read_maildir(path)]
    assert found[0] == (keys["new"], "new")
    assert sorted(found[1:]) == sorted([(keys["unread"], "unread"), (keys["flagged"], "flagged")])


def test_read_maildir_skips_what_the_caller_has_seen(maildir):
    path, keys = maildir
    found = [key for key, _ in read_maildir(path, seen=lambda key: key == keys["new"])]
    assert keys["new"] not in found and len(found) == 2


def test_mark_seen_moves_the_message_to_cur_with_the_s_flag(maildir):
    path, keys = maildir
    mark_seen(path, keys["new"])
    mark_seen(path, keys["flagged"])
    mark_seen(path, keys["read"])  # already seen: left as it is
    assert [key for key, _ in read_maildir(path)] == [keys["unread"]]
    assert (path / "cur" / f"{keys['new']}:2,S").is_file()
    assert (path / "cur" / f"{keys['flagged']}:2,FS").is_file()
    box = mailbox.Maildir(path, create=False)
    assert box.get_message(keys["new"]).get_flags() == "S"


def test_mark_seen_refuses_unknown_and_unsafe_keys(maildir):
    path, _ = maildir
    with pytest.raises(KeyError):
        mark_seen(path, "no-such-message")
    for key in ("../../etc/passwd", ".hidden", "a:2,S", ""):
        with pytest.raises(ValueError):
            mark_seen(path, key)


def test_read_maildir_refuses_a_folder_that_is_no_maildir(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(read_maildir(tmp_path))
