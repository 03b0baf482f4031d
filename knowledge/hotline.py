"""Is a phone number someone gave as Tmall/Taobao customer service on the official list (FACTS §9)?"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.phones import find_phones, normalise
from knowledge.schema import Phone, Text

if TYPE_CHECKING:
    from knowledge.base import HotlineVerdict

# FACTS §9.2 point 6: the usual refund scam (outside the seeds, as FACTS marks it)
SCAM_PATTERN = Text(
    zh="正规客服不会让你转账、共享屏幕、贷款或提供验证码——这是常见的退款诈骗套路。",
    en="Genuine customer service never asks you to transfer money, share your screen, take a loan "
    "or give a verification code — that is the usual refund scam.",
)
CHECK_OFFICIAL = Text(
    zh="官方号码只有天猫消费者热线 9510211 和 12315。请先挂断，自己打开 App 内的官方客服或拨 9510211 核实；"
    "已经转账的，马上报警（110）。",
    en="The only official numbers are the Tmall consumer hotline 9510211 and 12315. Hang up and check "
    "through the official in-app customer service or 9510211; if you have already paid, call the police (110).",
)
OFFICIAL_NOTE = Text(
    zh="这是官方号码。但来电号码可以伪造：如果来电的人要你转账、共享屏幕、贷款或提供验证码，就是诈骗，"
    "请挂断后自己拨打这个号码核实。",
    en="This is an official number. Caller IDs can be faked, though: if a caller asks you to transfer "
    "money, share your screen, take a loan or give a code, it is a scam — hang up and call the number yourself.",
)
POLICE_NOTE = Text(
    zh="110 是报警电话，不是淘宝、天猫的客服号码。",
    en="110 is the police emergency number, not Taobao/Tmall customer service.",
)
NO_NUMBER = Text(
    zh="没有找到电话号码。请把对方给你的号码发过来，我帮你核对是不是官方号码。",
    en="I could not find a phone number. Send me the number you were given and I will check it.",
)
_AREA_12315 = re.compile(r"^0\d{2,3}12315$")


def _join(*texts: Text) -> Text:
    return Text(zh="".join(t.zh for t in texts), en=" ".join(t.en or t.zh for t in texts))


_JUST_A_NUMBER = re.compile(r"[\d\s+()（）\-—－]+")
# Which of several numbers in one message to speak about: the known scam first, then any
# unknown number, the police, and an official number last.
_RANK = {"scam": 0, None: 1, "police": 2}


def find_phone(text: str) -> str | None:
    """The first phone number in a message, normalised, or None."""
    numbers = find_phones(text)
    return numbers[0] if numbers else None


def check_hotline(text: str, phones: list[Phone]) -> HotlineVerdict:
    """The verdict on the number in a message; of several, on the most dangerous one."""
    registry = {normalise(p.number): p for p in phones}
    numbers = find_phones(text)
    if not numbers and _JUST_A_NUMBER.fullmatch(text.strip()):
        digits = normalise(text)  # a bare number given to be checked, whatever its shape
        numbers = [digits] if len(digits) >= 3 else []
    if not numbers:
        from knowledge.base import HotlineVerdict

        return HotlineVerdict(number="", official=False, name=None, warning=NO_NUMBER)

    def rank(number: str) -> int:
        phone = _known(number, registry)
        return _RANK.get(phone.kind if phone else None, 3)

    return _verdict(min(numbers, key=rank), registry)


def _known(number: str, registry: dict[str, Phone]) -> Phone | None:
    if _AREA_12315.match(number):
        return registry.get("12315")  # dialled as area code + 12315
    return registry.get(number)


def _verdict(number: str, registry: dict[str, Phone]) -> HotlineVerdict:
    from knowledge.base import HotlineVerdict

    phone = _known(number, registry)
    if phone is None:
        return HotlineVerdict(number, False, None, _join(SCAM_PATTERN, CHECK_OFFICIAL))
    if phone.kind == "scam":
        return HotlineVerdict(number, False, phone.name, _join(phone.note, SCAM_PATTERN, CHECK_OFFICIAL))
    if phone.kind == "police":
        return HotlineVerdict(number, False, phone.name, _join(POLICE_NOTE, SCAM_PATTERN))
    return HotlineVerdict(number, True, phone.name, OFFICIAL_NOTE)
