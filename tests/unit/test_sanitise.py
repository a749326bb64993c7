"""Markup bodies keep a small safe subset; scripts, handlers and unsafe URLs never survive."""

import re

import pytest

from core.errors import InvalidInput
from core.sanitise import clean, sanitise
from schemas.content import ITEM, NEWS

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<p onclick=alert(1) onmouseover='alert(2)'>hello</p>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:image/svg+xml,<svg onload=alert(1)>">x</a>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>*{background:url(javascript:alert(1))}</style>text",
    '<div style="background:url(javascript:alert(1))">d</div>',
    '<p style="width: expression(alert(1))">e</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<!--<script>alert(1)</script>-->",
    '<a href="https://ok.example/" onmouseover="alert(1)" style="x">ok</a>',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<a href="java\x00script:alert(1)">x</a>',
]
ALLOWED = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
DANGER = re.compile(
    r"<\s*(script|style|svg|math|img|iframe|object|embed|form|input|meta|base|link|video|"
    r"details|template|noscript)|\son\w+\s*=|javascript:|vbscript:|data:|expression\(",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", XSS)
def test_xss_payloads_leave_nothing_executable(payload: str) -> None:
    cleaned = clean(payload)
    assert not DANGER.search(cleaned), cleaned
    assert set(re.findall(r"</?(\w+)", cleaned)) <= ALLOWED, cleaned


def test_the_allowed_subset_is_kept_and_links_get_rel() -> None:
    body = (
        "<p>Meet at <strong>10</strong>, <em>not</em> 11.<br>Bring:</p>"
        "<ul><li>radio</li></ul><ol><li>notebook</li></ol>"
        '<a href="https://intranet.example/guide">guide</a> or '
        '<a href="mailto:npt@force.example">mail us</a>'
    )
    assert clean(body) == (
        "<p>Meet at <strong>10</strong>, <em>not</em> 11.<br>Bring:</p>"
        "<ul><li>radio</li></ul><ol><li>notebook</li></ol>"
        '<a href="https://intranet.example/guide" rel="noopener noreferrer">guide</a> or '
        '<a href="mailto:npt@force.example" rel="noopener noreferrer">mail us</a>'
    )


def test_plain_http_relative_and_protocol_relative_links_lose_their_href() -> None:
    for href in ("http://plain.example/", "/relative", "//evil.example/x"):
        assert clean(f'<a href="{href}">x</a>') == '<a rel="noopener noreferrer">x</a>'


def test_attributes_other_than_href_are_dropped() -> None:
    assert clean('<p class="x" id="y" title="z" lang="en">t</p>') == "<p>t</p>"


def test_plain_text_comes_back_escaped_and_cleaning_twice_changes_nothing() -> None:
    once = clean("Fish & chips < 5 > 4")
    assert once == "Fish &amp; chips &lt; 5 &gt; 4"
    assert clean(once) == once


def test_a_required_body_with_nothing_safe_left_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        sanitise(NEWS, {"body": "<script>alert(1)</script>"})
    assert [e.field for e in caught.value.errors] == ["body"]


def test_an_optional_body_with_nothing_safe_left_becomes_null() -> None:
    assert sanitise(ITEM, {"body": "<img src=x onerror=alert(1)>"})["body"] is None


def test_cleaned_text_must_still_fit_the_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        sanitise(NEWS, {"body": "<" * 4000})
    assert caught.value.errors[0].field == "body"


def test_fields_without_markup_are_left_alone() -> None:
    values = sanitise(NEWS, {"title": "<b>Road closed</b>", "body": "<b>ok</b>"})
    assert values == {"title": "<b>Road closed</b>", "body": "ok"}
