"""What both TWSE engines ask for: the STOCK_DAY paths, the month type and one month's query.

``twse.py`` (the JSON engine and the month planning) and ``twse_selenium.py`` (the browser engine)
import this module and never each other, so the site's address lives in one place. A month is a
``(year, month)`` tuple; ``month_query`` is the query string TWSE expects for it.
"""

from __future__ import annotations

RWD_PATH = "/rwd/zh/afterTrading/STOCK_DAY"
LEGACY_PATH = "/exchangeReport/STOCK_DAY"  # the fallback when the /rwd path answers 404

Month = tuple[int, int]


def month_query(stock: str, month: Month, response: str) -> dict[str, str]:
    """The query parameters for one stock and month, answered as ``json`` or ``html``."""
    return {"date": f"{month[0]:04d}{month[1]:02d}01", "stockNo": stock, "response": response}
