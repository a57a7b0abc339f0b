"""What a person does in the browser, in the words of the pages (labels, button names).

Each step that lands on a new page runs axe-core on it, so a journey built from these steps
checks every page it visits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.browser.mailbox import Mailbox, ReceivedMail

PASSWORD = "a long enough passphrase 42"
TYPED_CHARS = 60

Check = Callable[[Any], None]


def register(
    page: Any,
    check: Check,
    *,
    name: str,
    email: str,
    password: str = PASSWORD,
    stakeholder: str = "Civil Society",
    country: str = "Switzerland",
    organisation: str = "",
) -> None:
    """Fill in and send the sign-up form with the mouse."""
    page.goto("/account/register")
    check(page)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    page.get_by_label("Stakeholder type").select_option(label=stakeholder)
    page.get_by_label("Country").select_option(label=country)
    if organisation:
        page.get_by_label("Organisation (optional)").fill(organisation)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("load")
    check(page)


def link_in(mail: ReceivedMail, contains: str) -> str:
    """The first link of the mail's text part whose URL contains ``contains``."""
    for link in mail.links():
        if contains in link:
            return link
    raise AssertionError(f"no link containing {contains!r} in mail {mail.subject!r}: {mail.text}")


def verify_email(page: Any, check: Check, mailbox: Mailbox, email: str) -> None:
    """Open the verification link that the SMTP server received."""
    mail = mailbox.wait_for(email)
    assert mail.html, "every mail has an HTML part"
    page.goto(link_in(mail, "verif"))
    check(page)


def sign_in(page: Any, check: Check, email: str, password: str = PASSWORD) -> None:
    """Go to the sign-in page and sign in with the mouse."""
    page.goto("/account/login")
    check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    check(page)


def sign_out(page: Any, check: Check) -> None:
    """Use the header's sign-out button."""
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")
    check(page)


# --- keyboard only -------------------------------------------------------------------------
FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const aria = el.getAttribute("aria-label") || "";
  const text = (el.tagName === "INPUT" && ["submit", "button"].includes(el.type))
    ? el.value : el.innerText || "";
  return (label || aria || text || el.id || "").trim().replace(/\\s+/g, " ");
}"""


def focused_name(page: Any) -> str:
    """The accessible name (label, aria-label or text) of the focused element."""
    return str(page.evaluate(FOCUSED_NAME))


def tab_to(
    page: Any, name: str, *, exact: bool = True, backwards: bool = False, limit: int = 250
) -> None:
    """Press Tab (Shift+Tab when ``backwards``) until the element named ``name`` has focus."""
    key = "Shift+Tab" if backwards else "Tab"
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press(key)
        current = focused_name(page)
        matches = current == name if exact else name.lower() in current.lower()
        if matches:
            return
        seen.append(current)
    raise AssertionError(f"Tab never reached {name!r}; focus went through: {seen[:80]}")


def type_into(
    page: Any, name: str, value: str, *, exact: bool = True, backwards: bool = False
) -> None:
    """Tab to a text field and type, as a person would.

    Long answers: the first words are typed key by key, the rest arrives as text input (as
    from an input method or a paste), which keeps a 3,000-character form to seconds.
    """
    tab_to(page, name, exact=exact, backwards=backwards)
    page.keyboard.press("Control+A")
    page.keyboard.type(value[:TYPED_CHARS])
    if len(value) > TYPED_CHARS:
        page.keyboard.insert_text(value[TYPED_CHARS:])


def choose_by_keyboard(page: Any, name: str, option_label: str) -> None:
    """Tab to a <select> and type the start of an option's label to choose it."""
    tab_to(page, name)
    page.keyboard.type(option_label, delay=20)
    chosen = page.evaluate("() => document.activeElement.selectedOptions[0]?.label || ''")
    assert str(chosen).startswith(option_label), f"{name}: chose {chosen!r}, not {option_label!r}"


def press_button(page: Any, name: str, *, key: str = "Enter") -> None:
    """Tab to a button (or link) and activate it with Enter or Space."""
    tab_to(page, name)
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("load")
