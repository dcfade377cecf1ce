"""The language labels are shown in (zh or en): chosen by ``?lang=``, remembered in a cookie.

A page asked for with ``?lang=zh`` is shown in Chinese and the answer sets the ``lang``
cookie, so every later page (server-rendered or drawn in the browser, which reads the
page's ``<html lang>``) keeps that language; without either, the browser's
Accept-Language decides, and English when it names neither.
"""

from urllib.parse import urlencode

from flask import Response, request

LANGUAGES = ("zh", "en")
COOKIE = "lang"
REMEMBER_SECONDS = 365 * 24 * 3600


def chosen() -> str:
    """The language of the current request."""
    for asked in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if asked in LANGUAGES:
            return asked
    return request.accept_languages.best_match(LANGUAGES) or "en"


def remember(response: Response) -> Response:
    """Set the cookie when the request asked for a language explicitly."""
    asked = request.args.get("lang")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=REMEMBER_SECONDS, samesite="Lax")
    return response


def switch_url(lang: str) -> str:
    """The current page's URL with its other parameters, in another language."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return f"{request.path}?{urlencode([*args, ('lang', lang)])}"
