"""Small review files with three clear topics (English and Traditional Chinese) for the cluster
tests: food, staff, and the view/elevator. Deterministic; varied sentences from templates."""

from __future__ import annotations

import itertools

EN = {
    "food": (
        [
            "The {d} in the restaurant was {a}.",
            "We ate {d} at the food court and it was {a}.",
            "Their {d} tasted {a}, the menu is worth trying.",
            "Lunch: {d}, honestly {a}.",
        ],
        [
            "dumplings",
            "beef noodles",
            "fried rice",
            "coffee and cake",
            "soup dumplings",
            "pork buns",
            "bubble tea",
        ],
        [
            "delicious",
            "tasty",
            "fresh and delicious",
            "a bit salty",
            "really tasty",
            "overpriced but tasty",
        ],
    ),
    "staff": (
        [
            "The {d} at the ticket desk were {a}.",
            "A {d} helped us and was {a}.",
            "Every {d} we met was {a} and polite.",
            "Service from the {d} was {a}.",
        ],
        [
            "staff",
            "employees",
            "guide",
            "security staff",
            "ticket staff",
            "service staff",
            "employee",
        ],
        [
            "friendly",
            "rude",
            "very helpful",
            "patient and friendly",
            "kind",
            "helpful and friendly",
        ],
    ),
    "view": (
        [
            "The {d} from the observatory was {a}.",
            "We watched the {d} from the 89th floor, {a}.",
            "The elevator ride was fast and the {d} was {a}.",
            "At sunset the {d} looked {a}.",
        ],
        [
            "view",
            "city view",
            "skyline",
            "panorama",
            "night view",
            "view of the mountains",
            "view of the city",
        ],
        ["breathtaking", "stunning", "amazing", "beautiful", "spectacular", "incredible"],
    ),
}

ZH = {
    "food": (
        [
            "餐廳的{d}{a}。",
            "我們在美食街吃了{d}，{a}。",
            "這裡的{d}{a}，值得再來。",
            "午餐吃{d}，{a}。",
        ],
        ["小籠包", "牛肉麵", "炒飯", "咖啡和甜點", "餐點", "食物", "珍珠奶茶"],
        ["很好吃", "非常美味", "好吃但價格偏高", "味道不錯", "口味很道地", "美味又新鮮"],
    ),
    "staff": (
        ["{d}的態度{a}。", "售票處的{d}{a}。", "遇到的{d}都{a}。", "{d}服務{a}，讓人印象深刻。"],
        ["服務人員", "工作人員", "員工", "導覽員", "店員", "服務生", "售票員工"],
        ["很親切", "非常親切", "很熱情", "很友善", "很有禮貌", "親切又專業"],
    ),
    "view": (
        [
            "從觀景台看出去的{d}{a}。",
            "搭電梯上樓後，{d}{a}。",
            "電梯很快，{d}{a}。",
            "傍晚的{d}{a}。",
        ],
        ["景色", "夜景", "風景", "城市景觀", "台北夜景", "山景", "視野"],
        ["非常漂亮", "很壯觀", "美不勝收", "超級美", "令人震撼", "很美麗"],
    ),
}


def make_texts(spec: dict, per_topic: int = 24) -> list[tuple[str, str]]:
    """``(topic, text)`` pairs, topics interleaved, every text distinct."""
    pools = {}
    for topic, (templates, subjects, adjectives) in spec.items():
        combos = itertools.product(templates, subjects, adjectives)
        texts = [t.format(d=d, a=a) for t, d, a in combos]
        pools[topic] = texts[::7][:per_topic]
    rows = []
    for i in range(per_topic):
        for topic in spec:
            rows.append((topic, pools[topic][i]))
    return rows
