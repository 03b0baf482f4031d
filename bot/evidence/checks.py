"""What a received file really is: type by content (magic bytes), image checks, EXIF capture time.

Nothing here trusts the name or MIME type Telegram reports: they are only compared with
what the content turns out to be (an executable renamed .jpg is refused, a PNG renamed
.jpg is fine, it is still an image).
"""

from __future__ import annotations

import struct
import warnings
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from PIL import Image

MAX_FILE_BYTES = 20 * 1024 * 1024  # getFile's download limit on the official Bot API server
# Above the largest phone cameras (108 MP = 12000x9000); a 20000x20000 PNG (400 MP) of a
# few KB is a bomb. At 3 bytes a pixel this still lets one decode take ~360 MB, so JPEGs
# (nearly all large photos) are decoded at 1/8 scale, which reads every byte all the same.
MAX_PIXELS = 120_000_000
# An image whose decoded pixels would take more memory than this is never decoded: JPEG is
# decoded scaled down (draft mode), anything else is refused from its header's dimensions.
MAX_DECODE_BYTES = 256 << 20
# Pillow's own storage: one byte a pixel for 1/L/P, two for 16-bit grey, four for the rest
# (RGB is kept as four bytes too).
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
HEAD_BYTES = 4096

MEDIA_FAMILIES = ("image", "pdf", "video")

_EXTENSIONS = {
    "image": {"jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "heic", "heif", "avif"},
    "pdf": {"pdf"},
    "video": {"mp4", "m4v", "mov", "qt", "3gp"},
    # Known and not accepted: a name like these makes a claim the content must match.
    "other": {"exe", "dll", "msi", "apk", "zip", "rar", "7z", "gz", "tar", "bat", "cmd", "sh",
              "js", "jar", "scr", "com", "bin", "elf", "so", "doc", "docx", "xls", "xlsx",
              "ppt", "pptx", "txt", "html", "htm", "svg", "bmp", "tif", "tiff", "mp3", "m4a",
              "ogg", "wav", "avi", "mkv", "wmv", "flv", "webm"},
}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs",
                b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_QT_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
# Formats that are not evidence we accept, named so a refusal can say what the file was.
_OTHER_MAGIC = (
    (b"\x7fELF", "elf"), (b"MZ", "exe"), (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"),
    (b"Rar!\x1a\x07", "rar"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x1f\x8b", "gzip"),
    (b"#!", "script"), (b"\xca\xfe\xba\xbe", "java_class"), (b"BM", "bmp"),
    (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"<svg", "svg"), (b"<?xml", "xml"),
    (b"ID3", "mp3"), (b"OggS", "ogg"), (b"\x1aE\xdf\xa3", "matroska"),
)


@dataclass(frozen=True)
class Sniffed:
    """The content's type: `family` is image/pdf/video, or None when it is none of those."""

    family: str | None
    mime: str
    fmt: str  # Pillow format for images, a short name otherwise (shown in refusals)


@dataclass
class CheckFailure(Exception):
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def sniff(head: bytes) -> Sniffed:
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "image/jpeg", "JPEG")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "image/png", "PNG")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image", "image/gif", "GIF")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "image/webp", "WEBP")
    if b"%PDF-" in head[:1024]:  # readers accept the header anywhere in the first 1 KB
        return Sniffed("pdf", "application/pdf", "PDF")
    iso = _sniff_iso_bmff(head)
    if iso is not None:
        return iso
    for magic, name in _OTHER_MAGIC:
        if head.startswith(magic):
            return Sniffed(None, "application/octet-stream", name)
    return Sniffed(None, "application/octet-stream", "unknown")


def _sniff_iso_bmff(head: bytes) -> Sniffed | None:
    """MP4, MOV, HEIC and AVIF are all ISO base media files: boxes of (size, type)."""
    if len(head) < 12:
        return None
    (size,) = struct.unpack(">I", head[:4])
    box = head[4:8]
    if box == b"ftyp" and size >= 16:
        brands = {head[8:12]} | {head[i:i + 4] for i in range(16, min(size, len(head)) - 3, 4)}
        if head[8:12] in _AVIF_BRANDS:
            return Sniffed("image", "image/avif", "AVIF")
        if head[8:12] in _HEIF_BRANDS or brands & {b"heic", b"heix"}:
            return Sniffed("image", "image/heic", "HEIF")
        if head[8:12] == b"qt  ":
            return Sniffed("video", "video/quicktime", "MOV")
        return Sniffed("video", "video/mp4", "MP4")
    if box in _QT_ATOMS and (size >= 8 or size in (0, 1)):  # pre-ftyp QuickTime files
        return Sniffed("video", "video/quicktime", "MOV")
    return None


def declared_families(kind: str, file_name: str | None, declared_mime: str | None) -> set[str]:
    """Families the name, MIME type and message kind claim; empty when they claim nothing."""
    claims: set[str] = set()
    if kind == "photo":  # Telegram re-encodes photos: always an image
        claims.add("image")
    elif kind == "video":
        claims.add("video")
    if file_name:
        ext = PurePath(file_name).suffix.lower().lstrip(".")
        for family, extensions in _EXTENSIONS.items():
            if ext in extensions:
                claims.add(family)
    if declared_mime:
        mime = declared_mime.split(";")[0].strip().lower()
        if mime.startswith("image/"):
            claims.add("image")
        elif mime.startswith("video/"):
            claims.add("video")
        elif mime == "application/pdf":
            claims.add("pdf")
        elif mime not in ("", "application/octet-stream", "binary/octet-stream"):
            claims.add("other")
    return claims


def check_type(sniffed: Sniffed, claims: set[str]) -> None:
    wrong = claims - {sniffed.family}
    if wrong and (sniffed.family is not None or wrong & set(MEDIA_FAMILIES)):
        raise CheckFailure("type_mismatch", {"declared": sorted(wrong)[0], "actual": sniffed.fmt})
    if sniffed.family is None:
        raise CheckFailure("unsupported_type", {"actual": sniffed.fmt})


def check_image(path: Path, sniffed: Sniffed, max_pixels: int = MAX_PIXELS) -> str | None:
    """Decode the image fully; returns EXIF DateTimeOriginal as ISO (None when absent).

    HEIC cannot be decoded without a plugin this project does not ship, so it is kept as
    is, with no capture time.
    """
    if sniffed.fmt == "HEIF":
        return None
    from PIL import Image, UnidentifiedImageError  # Pillow on the first image, not at start

    with warnings.catch_warnings():
        # Our own size check is the limit; Pillow only warns between its MAX_IMAGE_PIXELS and
        # twice that, and raises DecompressionBombError above (caught below).
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path, formats=[sniffed.fmt]) as im:
                _check_pixels(im.size, max_pixels)
                if sniffed.fmt != "JPEG":
                    _check_memory(im)
                im.verify()
            with Image.open(path, formats=[sniffed.fmt]) as im:
                _check_pixels(im.size, max_pixels)
                captured = capture_time(im)
                if sniffed.fmt == "JPEG":
                    im.draft(im.mode, (max(1, im.size[0] // 8), max(1, im.size[1] // 8)))
                _check_memory(im)  # from the header (and the draft scale): nothing decoded yet
                im.load()
        except CheckFailure:
            raise
        except Image.DecompressionBombError as exc:
            raise CheckFailure("decompression_bomb", {"limit": max_pixels}) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
                struct.error, zlib.error, IndexError, TypeError, KeyError, RuntimeError,
                MemoryError) as exc:
            raise CheckFailure("corrupt_image", {"format": sniffed.fmt}) from exc
    return captured


def decoded_bytes(im: Image.Image) -> int:
    """The memory `im.load()` would take, from the header alone."""
    width, height = im.size
    return width * height * _BYTES_PER_PIXEL.get(im.mode, 4)


def _check_memory(im: Image.Image) -> None:
    if decoded_bytes(im) > MAX_DECODE_BYTES:
        width, height = im.size
        raise CheckFailure("too_large_to_check", {"width": width, "height": height})


def _check_pixels(size: tuple[int, int], max_pixels: int) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise CheckFailure("corrupt_image", {"format": "?"})
    if width * height > max_pixels:
        raise CheckFailure("decompression_bomb",
                           {"width": width, "height": height, "limit": max_pixels})


DEFAULT_TZ = "Asia/Shanghai"  # CONTRACT.md's WEIQUAN_TZ default
_EXIF_IFD, _DATETIME_ORIGINAL, _OFFSET_TIME_ORIGINAL = 0x8769, 0x9003, 0x9011


def capture_time(im: Image.Image) -> str | None:
    """EXIF DateTimeOriginal ("YYYY:MM:DD HH:MM:SS") as ISO 8601, with OffsetTimeOriginal if
    the camera wrote one; None when missing or nonsense (e.g. "0000:00:00 00:00:00")."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about every damaged EXIF tag
            ifd = im.getexif().get_ifd(_EXIF_IFD)
    except Exception:  # a broken EXIF block must not refuse an image that decodes
        return None
    raw, offset = ifd.get(_DATETIME_ORIGINAL), ifd.get(_OFFSET_TIME_ORIGINAL)
    if not isinstance(raw, str):
        return None
    try:
        stamp = datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    iso = stamp.isoformat()
    if isinstance(offset, str):
        tz = offset.strip("\x00 ")
        if len(tz) == 6 and tz[0] in "+-" and tz[3] == ":" and tz.replace(":", "")[1:].isdigit():
            iso += tz
    return iso


def with_zone(iso: str | None, tz: str = DEFAULT_TZ) -> str | None:
    """A capture time with its offset: a camera that wrote none was on local time, `tz`
    (WEIQUAN_TZ), so every reader (the chat's letter, the CLI's, the dossier) sees one moment."""
    if iso is None:
        return None
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment.isoformat()
