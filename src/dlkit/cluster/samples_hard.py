"""A harder generated set of short posts for the cluster tests and benchmarks: closer to real text.

Used by ``tests/cluster`` and ``scripts/bench_cluster*.py`` (never by a user run). On top of
``samples.messy_texts``' 16 English topics (now with Zipf-like sizes) ``hard_texts`` adds:
three Traditional-Chinese topics and code-switched English/Chinese posts; a long tail of small
topics (1-2 % of the rows each, English and Chinese); spam (three templates with random links and
codes); one-off chatter that belongs to no topic (``noise``, about 6 %); and near-duplicates
(about 25 % of the rows: retweets, changed links, case, punctuation, emoji, a dropped word) of
earlier rows. Each row is ``(topic, text)``; ``noise`` rows have no topic. Deterministic for a seed.
"""

from __future__ import annotations

import random

from dlkit.cluster.samples import EMOJI, HANDLES, TOPICS, _noise, _sentence

ZH_TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "zh_food": (
        ["牛肉麵", "小籠包", "珍珠奶茶", "美食街的餐點", "滷肉飯", "鹽酥雞"],
        ["很好吃", "太鹹了", "價格偏高但美味", "口味很道地", "冷掉了很難吃", "一定要點"],
    ),
    "zh_staff": (
        ["服務人員", "店員", "工作人員", "導覽員", "櫃台小姐"],
        ["態度很親切", "非常不耐煩", "很有禮貌", "解說很專業", "對客人很冷淡"],
    ),
    "zh_view": (
        ["夜景", "觀景台的景色", "台北的風景", "日落", "城市景觀"],
        ["美不勝收", "很壯觀", "被雲遮住了", "令人震撼", "值回票價"],
    ),
}

# the long tail: small topics, 1-2 % of the rows each
TAIL_TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "parking": (
        ["parking", "the parking lot", "finding a parking spot", "the car park"],
        ["was impossible", "costs a fortune", "was full by noon", "is free after six"],
    ),
    "wifi": (
        ["the wifi", "the free wifi", "the internet connection", "the wifi password"],
        ["kept dropping", "was painfully slow", "did not work at all", "was fast"],
    ),
    "toilets": (
        ["the toilets", "the restroom", "the bathroom", "the washroom"],
        ["were filthy", "were spotless", "had no soap", "were out of paper"],
    ),
    "dogs": (
        ["my dog", "our puppy", "dogs", "the pet policy"],
        ["was welcome inside", "was not allowed in", "loved the place", "is dog friendly"],
    ),
    "wheelchair": (
        ["wheelchair access", "the ramp", "the accessible entrance", "the lift for wheelchairs"],
        ["was missing", "was easy to use", "was blocked", "needs fixing"],
    ),
    "refund": (
        ["my refund", "the refund", "getting my money back", "the chargeback"],
        ["never arrived", "took six weeks", "was refused", "finally came through"],
    ),
    "vegan": (
        ["the vegan options", "vegan food", "the plant based menu", "the vegetarian dishes"],
        ["were limited", "were delicious", "are hard to find", "impressed my friends"],
    ),
    "birthday": (
        ["my birthday party", "the birthday cake", "our birthday dinner", "the surprise party"],
        ["was perfect", "was ruined", "was unforgettable", "made my mom cry"],
    ),
    "zh_parking": (["停車場", "停車位", "附近停車"], ["很難找", "太貴了", "很方便", "永遠客滿"]),
    "zh_toilet": (["廁所", "洗手間", "化妝室"], ["很乾淨", "很髒", "要排很久", "沒有衛生紙"]),
    "zh_rain": (["下雨天", "颱風天", "天氣"], ["什麼都看不到", "人比較少", "很可惜", "還是值得來"]),
    "zh_payment": (
        ["信用卡", "行動支付", "悠遊卡"],
        ["不能用", "很方便", "要加手續費", "付款很快"],
    ),
}

SPAM = [
    "Buy {n}k real followers now!!! cheap & fast {url}",
    "WIN a free iPhone 17, click here {url} code {code}",
    "加LINE領取免費點數 ID:{code} {url}",
]

CHATTER = [
    "lol",
    "ok",
    "same",
    "what?",
    "good morning everyone",
    "so tired today",
    "haha",
    "omg",
    "why",
    "can't wait",
    "nice",
    "hmm",
    "yes!",
    "no way",
    "miss you",
    "brb",
    "嗯",
    "好喔",
    "早安",
    "哈哈哈",
    "真的假的",
    "晚安",
    "是喔",
    "好累",
]
CODE_SWITCH = ["{zh} super {en}!", "{en}，{zh}", "今天 {en}，{zh} 😂", "honestly {zh}"]
EN_WORDS = {"zh_food": "yummy", "zh_staff": "friendly", "zh_view": "amazing view"}


def _url(rng: random.Random) -> str:
    return "http://bit.ly/" + "".join(rng.choices("abcdefghjkmnpqrstuvwxyz23456789", k=7))


def _spam(rng: random.Random) -> tuple[str, str]:
    i = rng.randrange(len(SPAM))
    return f"spam_{i}", SPAM[i].format(
        n=rng.randint(1, 50), url=_url(rng), code=rng.randint(1000, 99999)
    )


ZH_OPENERS = ["", "", "今天", "這次", "老實說", "說真的", "上次來", "朋友說"]
ZH_CLOSERS = ["", "", "，下次再來", "，推", "，不推", "，大家參考", "，好扯"]
EN_OPENERS = ["", "", "Ugh,", "FYI", "Honestly", "Note:", "Just saying,", "Wow,", "PSA:"]
EN_CLOSERS = ["", "", " again", " today", " this time", " as usual", " last night", " lol"]


def _zh(rng: random.Random, topic: str, table: dict) -> str:
    subjects, predicates = table[topic]
    text = (
        f"{rng.choice(ZH_OPENERS)}{rng.choice(subjects)}{rng.choice(predicates)}"
        f"{rng.choice(ZH_CLOSERS)}"
    )
    return text + rng.choice(["。", "！", "", "～"])


def _en(rng: random.Random, topic: str, table: dict) -> str:
    subjects, predicates = table[topic]
    text = (
        f"{rng.choice(EN_OPENERS)} {rng.choice(subjects)} {rng.choice(predicates)}"
        f"{rng.choice(EN_CLOSERS)}"
    ).strip()
    return text[0].upper() + text[1:] + rng.choice([".", "!", "", " :("])


def _chatter(rng: random.Random) -> str:
    words = rng.sample(CHATTER, rng.randint(1, 2))
    return " ".join(words) + (f" {rng.choice(EMOJI)}" if rng.random() < 0.4 else "")


def _near_duplicate(rng: random.Random, text: str) -> str:
    """One or two small edits: retweet, new link, case, punctuation, emoji, a dropped word."""
    for _ in range(rng.randint(1, 2)):
        edit = rng.randrange(6)
        if edit == 0:
            text = f"RT {rng.choice(HANDLES)}: {text}"
        elif edit == 1:
            text = f"{text} {_url(rng)}"
        elif edit == 2:
            text = text.lower() if rng.random() < 0.5 else text.upper()
        elif edit == 3:
            text = text.rstrip(".!。！") + rng.choice(["!!", "...", "?!", "。"])
        elif edit == 4:
            text = f"{text} {rng.choice(EMOJI)}"
        else:
            words = text.split()
            if len(words) > 3:
                del words[rng.randrange(1, len(words))]
            text = " ".join(words)
    return text


def _weights() -> list[tuple[str, str, float]]:
    """(kind, topic, share of rows): Zipf-like English topics, Chinese topics, the tail."""
    english = [(d, t) for d, ts in TOPICS.items() for t in ts]
    rows = [("en:" + d, t, 0.32 / (rank + 1) ** 0.6 / 5.2) for rank, (d, t) in enumerate(english)]
    rows += [("zh", t, 0.045) for t in ZH_TOPICS]
    rows += [("tail", t, 0.0125) for t in TAIL_TOPICS]
    return rows


def hard_texts(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` ``(topic, text)`` pairs (see the module docstring)."""
    rng = random.Random(seed)
    table = _weights()
    fresh_share = sum(w for _, _, w in table)
    rows: list[tuple[str, str]] = []
    for _ in range(n):
        roll = rng.random()
        if rows and roll < 0.25:
            topic, old = rng.choice(rows)
            rows.append((topic, _near_duplicate(rng, old)))
        elif roll < 0.31:
            rows.append(("noise", _chatter(rng)))
        elif roll < 0.36:
            rows.append(_spam(rng))
        else:
            rows.append(_fresh(rng, table, fresh_share))
    return rows


def _fresh(
    rng: random.Random, table: list[tuple[str, str, float]], total: float
) -> tuple[str, str]:
    pick, acc = rng.random() * total, 0.0
    for kind, topic, weight in table:  # noqa: B007 - the row chosen is used after the loop
        acc += weight
        if pick <= acc:
            break
    if kind.startswith("en:"):
        return topic, _noise(rng, _sentence(rng, kind[3:], topic))
    if kind == "zh":
        if rng.random() < 0.3:  # code-switched
            form = rng.choice(CODE_SWITCH)
            return topic, form.format(zh=_zh(rng, topic, ZH_TOPICS), en=EN_WORDS[topic])
        return topic, _zh(rng, topic, ZH_TOPICS)
    if topic.startswith("zh_"):
        return topic, _zh(rng, topic, TAIL_TOPICS)
    return topic, _en(rng, topic, TAIL_TOPICS)
