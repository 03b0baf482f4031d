"""Stored files: ids, paths for getFile and download, photo sizes made with Pillow."""

from __future__ import annotations

import hashlib
import io
import itertools
import threading
from dataclasses import dataclass
from typing import Any

MAX_DOWNLOAD = 20 * 1024 * 1024
_PREFIX = {"photo": "AgACAgIAAxkB", "document": "BQACAgIAAxkB"}
_MIME_EXT = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf", "text/plain": "txt"}


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    size: int
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    def photo_size(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id, "file_unique_id": self.file_unique_id,
            "width": self.width, "height": self.height, "file_size": self.size,
        }

    def document(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file_id": self.file_id, "file_unique_id": self.file_unique_id, "file_size": self.size,
        }
        if self.file_name:
            out["file_name"] = self.file_name
        if self.mime_type:
            out["mime_type"] = self.mime_type
        return out

    def file_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id, "file_unique_id": self.file_unique_id,
            "file_size": self.size, "file_path": self.file_path,
        }


def _variants(data: bytes) -> list[tuple[bytes, int, int]]:
    """(bytes, width, height) for the small, medium and original size of a photo."""
    try:
        from PIL import Image

        img = Image.open(io.BytesIO(data))
        img.load()
        width, height = img.size
    except Exception:  # not an image Pillow knows: fake dimensions, same bytes
        return [(data, 90, 68), (data, 320, 240), (data, 1280, 960)]
    out = []
    for side in (90, 320):
        thumb = img.convert("RGB")
        thumb.thumbnail((side, side))
        buf = io.BytesIO()
        thumb.save(buf, "JPEG", quality=80)
        out.append((buf.getvalue(), thumb.width, thumb.height))
    out.append((data, width, height))
    return out


class FileStore:
    """Every file the emulator knows, by file_id and by file_path."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._counter = itertools.count(1)
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._photo_groups: dict[str, list[StoredFile]] = {}

    def add(
        self, kind: str, data: bytes, *, file_name: str | None = None,
        mime_type: str | None = None, width: int = 0, height: int = 0, size: int | None = None,
    ) -> StoredFile:
        with self._lock:
            n = next(self._counter)
            digest = hashlib.sha256(kind.encode() + data).hexdigest()
            ext = "jpg" if kind == "photo" else _ext(file_name, mime_type)
            folder = "photos" if kind == "photo" else "documents"
            stored = StoredFile(
                file_id=f"{_PREFIX.get(kind, 'BQAC')}{n:06d}{digest[:20]}",
                file_unique_id=f"AQAD{digest[:16]}",
                kind=kind, data=data, file_path=f"{folder}/file_{n}.{ext}",
                size=len(data) if size is None else size, file_name=file_name,
                mime_type=mime_type, width=width, height=height,
            )
            self._by_id[stored.file_id] = stored
            self._by_path[stored.file_path] = stored
            return stored

    def add_photo(self, data: bytes, largest_last: bool = False) -> list[dict[str, Any]]:
        """The PhotoSize array of a new photo. By default the largest size is NOT last."""
        with self._lock:
            group = [self.add("photo", b, width=w, height=h) for b, w, h in _variants(data)]
            for stored in group:
                self._photo_groups[stored.file_id] = group
            order = group if largest_last else [group[0], group[2], group[1]]
            return [s.photo_size() for s in order]

    def photo_sizes(self, file_id: str) -> list[dict[str, Any]]:
        """The PhotoSize array of an already stored photo (resend by file_id)."""
        with self._lock:
            group = self._photo_groups.get(file_id)
            if group is None:
                return [self._by_id[file_id].photo_size()]
            return [group[0].photo_size(), group[2].photo_size(), group[1].photo_size()]

    def get(self, file_id: str) -> StoredFile | None:
        with self._lock:
            return self._by_id.get(file_id)

    def by_path(self, path: str) -> StoredFile | None:
        with self._lock:
            return self._by_path.get(path)


def _ext(file_name: str | None, mime_type: str | None) -> str:
    if file_name and "." in file_name:
        return file_name.rsplit(".", 1)[1][:8] or "bin"
    return _MIME_EXT.get(mime_type or "", "bin")
