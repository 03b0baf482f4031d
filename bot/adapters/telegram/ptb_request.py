"""python-telegram-bot's networking on aiohttp: a `telegram.request.BaseRequest` (ptb's documented
way to bring one's own HTTP library) for `telegram.Bot`.

Why: with httpx, httpcore's pool rescans every connection (and asks each socket whether it is
readable) for every request it queues and every response it closes; at 200 users that took about
half of the bot's CPU (`make bench`, profiled). aiohttp's connector hands a free connection over
from a queue. ptb's Bot, its types, its parsing of answers and its errors stay as they are.

Errors keep ptb's meaning, and say whether the request may have reached Telegram: a connection
that could not be made (or no free connection in time) is a `NetworkError` (never sent: safe to
try again); no answer in time after sending is `TimedOut` (it may have been carried out).
"""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache
from typing import Any

import aiohttp
from aiohttp.helpers import basicauth_from_netrc, get_env_proxy_for_url, netrc_from_env
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

# ptb's DefaultValue sentinel: a timeout the caller did not choose
_DEFAULT = BaseRequest.DEFAULT_NONE
_JSON = {"Content-Type": "application/json"}
Env = tuple[URL | None, aiohttp.BasicAuth | None, aiohttp.BasicAuth | None]


class AiohttpRequest(BaseRequest):
    def __init__(self, connection_pool_size: int, read_timeout: float, connect_timeout: float,
                 pool_timeout: float) -> None:
        self._pool = connection_pool_size
        self._read, self._connect, self._wait = read_timeout, connect_timeout, pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._env: dict[str, Env] = {}  # per origin, once

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        self._open()

    def _open(self) -> aiohttp.ClientSession:
        """The session, made on first use (as HTTPXRequest has its client from the start)."""
        if self._session is None or self._session.closed:
            # HTTPS_PROXY and friends (and ~/.netrc) are honoured, as httpx did for ptb, but
            # read once per origin (`_environment`): aiohttp's trust_env reads them again on
            # every request, in two trips to a thread (a fifth of the bot's CPU under load).
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool),
                headers={"User-Agent": self.USER_AGENT})
        return self._session

    async def _environment(self, url: str) -> Env:
        """(proxy, proxy auth, netrc auth) for the URL's origin, as aiohttp's trust_env finds
        them, read from the environment the first time the origin is used."""
        found = self._env[_origin(url)] = await asyncio.to_thread(_from_environment, URL(url))
        return found

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = _DEFAULT, write_timeout: Any = _DEFAULT,
                         connect_timeout: Any = _DEFAULT,
                         pool_timeout: Any = _DEFAULT) -> tuple[int, bytes]:
        session = self._open()
        read = self._read if read_timeout is _DEFAULT else read_timeout
        connect = self._connect if connect_timeout is _DEFAULT else connect_timeout
        wait = self._wait if pool_timeout is _DEFAULT else pool_timeout
        timeout = _timeout(read, connect, wait)
        try:
            proxy, proxy_auth, auth = self._env.get(_origin(url)) or await self._environment(url)
            body, headers = _body(request_data)
            async with session.request(method, url, data=body, headers=headers,
                                       timeout=timeout, proxy=proxy, proxy_auth=proxy_auth,
                                       auth=auth) as res:
                return res.status, await res.read()
        except aiohttp.ConnectionTimeoutError as err:  # before anything was sent
            raise NetworkError(f"aiohttp.{type(err).__name__}: no connection in time") from err
        except (TimeoutError, aiohttp.ServerTimeoutError) as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err


def _origin(url: str) -> str:
    """scheme://host:port of a URL, as a key (the path holds the token and the method)."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.partition('/')[0]}"


@lru_cache(maxsize=64)
def _timeout(read: float | None, connect: float | None,
             wait: float | None) -> aiohttp.ClientTimeout:
    """`connect`: a free connection from the pool, made if need be; `sock_read`: the answer.
    Made once for each choice of timeouts, not for every request."""
    return aiohttp.ClientTimeout(total=None, connect=_sum(connect, wait), sock_connect=connect,
                                 sock_read=read)


def _from_environment(url: URL) -> Env:
    try:
        proxy, proxy_auth = get_env_proxy_for_url(url)
    except LookupError:
        proxy, proxy_auth = None, None
    try:
        auth = basicauth_from_netrc(netrc_from_env(), url.host or "")
    except LookupError:
        auth = None
    return proxy, proxy_auth, auth


def _sum(*timeouts: float | None) -> float | None:
    return None if any(t is None for t in timeouts) else sum(t for t in timeouts if t)


def _body(request_data: RequestData | None) -> tuple[aiohttp.FormData | bytes | None,
                                                    dict[str, str] | None]:
    """(body, headers): a JSON body (the Bot API takes one; url-encoding every byte of a
    Chinese text in Python cost more than the JSON in C), or multipart when there are files."""
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return json.dumps(request_data.parameters, ensure_ascii=False).encode(), _JSON
    fields = request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form, None
