"""Generated, labelled, messy short texts for the cluster tests and benchmarks.

Used by ``tests/cluster`` and ``scripts/bench_cluster*.py`` (never by a user run). ``messy_texts``
mixes 16 fine topics in four domains that share vocabulary (politics, travel, television, a
landmark's reviews), so a coarse clustering glues neighbours together, and adds what real posts
carry: URLs, @mentions, #hashtags, HTML entities, emoji, numbers, retweets and exact duplicates,
two-word rows and rows of several sentences. Deterministic for a seed.
"""

from __future__ import annotations

import random

# topic → (subjects, predicates); the domain adds shared openers.
TOPICS: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "politics": {
        "middle_east": (
            [
                "Iran",
                "Israel",
                "Libya",
                "the Iran nuclear deal",
                "sanctions on Iran",
                "our ally Israel",
                "the Middle East",
                "Tehran",
            ],
            [
                "is a disaster for our security",
                "must be stopped now",
                "needs a much tougher policy",
                "is laughing at our weak leaders",
                "will get nuclear weapons if we do nothing",
                "is in flames",
            ],
        ),
        "china_trade": (
            [
                "China",
                "the Chinese currency",
                "our trade deficit with China",
                "Chinese tariffs",
                "cheap Chinese steel",
                "the yuan",
                "Beijing",
            ],
            [
                "is stealing our jobs",
                "is manipulating its currency again",
                "is ripping off American workers",
                "must pay a fair tariff",
                "keeps devaluing to beat our exports",
                "is killing our factories",
            ],
        ),
        "election": (
            [
                "the election",
                "the new poll",
                "the primary",
                "the debate tonight",
                "voters in Iowa",
                "the campaign",
                "my rally in Ohio",
                "the ballot count",
            ],
            [
                "shows a huge lead",
                "was rigged by the media",
                "went great, thank you",
                "will be won by a landslide",
                "had record crowds",
                "is too close to call",
            ],
        ),
        "economy": (
            [
                "unemployment",
                "the stock market",
                "GDP growth",
                "inflation",
                "the jobs report",
                "small businesses",
                "the national debt",
                "wages",
            ],
            [
                "is at a record level",
                "is hurting working families",
                "grew faster than expected",
                "needs lower taxes to recover",
                "fell again this quarter",
                "shows the economy is booming",
            ],
        ),
    },
    "travel": {
        "golf": (
            [
                "the golf course",
                "our championship course",
                "the 18th hole",
                "the fairways",
                "the new clubhouse",
                "the links in Scotland",
                "the golf resort",
            ],
            [
                "is ranked best in the world",
                "is in perfect condition",
                "will host the open next year",
                "has stunning greens",
                "won a design award",
                "is a golfer's paradise",
            ],
        ),
        "hotel": (
            [
                "the hotel",
                "our new tower suite",
                "the hotel lobby",
                "room service",
                "the luxury rooms",
                "the spa at the hotel",
                "the rooftop bar",
            ],
            [
                "just opened in Chicago",
                "is fully booked all summer",
                "got five stars again",
                "has the best views in town",
                "is the finest in Las Vegas",
                "is packed with guests",
            ],
        ),
        "restaurant": (
            [
                "the steakhouse",
                "the chef's tasting menu",
                "the grill room",
                "dessert",
                "the wine list",
                "brunch on Sunday",
                "the burger",
            ],
            [
                "was delicious",
                "tasted amazing",
                "is worth every dollar",
                "was cold and overpriced",
                "is the best in New York",
                "sold out fast",
            ],
        ),
        "flights": (
            [
                "my flight",
                "the airport",
                "the airline",
                "the delayed plane",
                "security at JFK",
                "the jet",
                "my connecting flight",
            ],
            [
                "was delayed three hours",
                "lost my luggage",
                "was smooth and on time",
                "had terrible service",
                "landed safely",
                "was overbooked",
            ],
        ),
    },
    "television": {
        "apprentice": (
            [
                "The Apprentice",
                "the boardroom",
                "tonight's Apprentice",
                "the contestants",
                "Celebrity Apprentice",
                "the season finale",
                "the firing",
            ],
            [
                "was the best episode ever",
                "had huge ratings",
                "starts at 9 on NBC",
                "will shock you",
                "was a tough call",
                "made great television",
            ],
        ),
        "pageant": (
            [
                "Miss Universe",
                "the pageant",
                "Miss USA",
                "the contestants in gowns",
                "the crowning",
                "the swimsuit round",
                "the judges",
            ],
            [
                "was watched by millions",
                "was beautiful tonight",
                "airs live on Sunday",
                "crowned a wonderful winner",
                "had amazing women",
                "was a big success",
            ],
        ),
        "interview": (
            [
                "my interview",
                "the interview on Fox",
                "tonight's show",
                "my talk on CNN",
                "the radio interview",
                "the morning show",
                "the late night show",
            ],
            [
                "airs at 8 pm, tune in",
                "went very well",
                "is on in ten minutes",
                "will be replayed tomorrow",
                "was unfair to me",
                "had great questions",
            ],
        ),
        "books": (
            [
                "my new book",
                "The Art of the Deal",
                "the book signing",
                "the audiobook",
                "chapter one",
                "the bestseller list",
                "the paperback",
            ],
            [
                "is number one on the list",
                "is out today, get it",
                "sold out everywhere",
                "is a must read",
                "got great reviews",
                "signing starts at noon",
            ],
        ),
    },
    "landmark": {
        "elevator": (
            [
                "the elevator",
                "the high-speed lift",
                "the elevator ride",
                "the lift up",
                "riding the elevator",
            ],
            [
                "was super fast",
                "made my ears pop",
                "took 37 seconds to the top",
                "was a fun experience",
                "had a long queue",
            ],
        ),
        "view": (
            ["the view", "the skyline", "the night view", "the panorama", "the city view"],
            [
                "was breathtaking",
                "was hazy with clouds",
                "was stunning at sunset",
                "was worth the trip",
                "was amazing",
            ],
        ),
        "tickets": (
            [
                "the ticket",
                "the entrance fee",
                "the admission price",
                "the combo ticket",
                "buying tickets online",
            ],
            [
                "was expensive",
                "cost 600 NT dollars",
                "had a student discount",
                "was a rip-off",
                "was reasonable",
            ],
        ),
        "staff": (
            ["the staff", "the guide", "the ticket clerk", "the security guard", "the attendant"],
            [
                "was friendly",
                "was rude to us",
                "spoke good English",
                "was very helpful",
                "ignored our questions",
            ],
        ),
    },
}

OPENERS = {
    "politics": ["Sad!", "Wow,", "Fact:", "Remember,", "Believe me,", ""],
    "travel": ["Proud to say", "Great news:", "Just visited:", "FYI", ""],
    "television": ["Don't miss it:", "Tonight:", "Big night!", "Watch:", ""],
    "landmark": ["Taipei 101:", "Visited today,", "Tip:", "Honestly", ""],
}
EMOJI = ["😀", "🔥", "👍", "🇺🇸", "😂", "❤️", "🙏", "💯"]
TAGS = ["#news", "#MAGA", "#travel", "#tbt", "#TV", "#Taiwan", "#1", "#followback"]
HANDLES = ["@realnews", "@FoxNews", "@CNN", "@nbc", "@jimmy_fan", "@TaipeiTimes", "@user123"]


def topic_names() -> list[str]:
    return [t for domain in TOPICS.values() for t in domain]


def _sentence(rng: random.Random, domain: str, topic: str) -> str:
    subjects, predicates = TOPICS[domain][topic]
    opener = rng.choice(OPENERS[domain])
    text = f"{opener} {rng.choice(subjects)} {rng.choice(predicates)}".strip()
    return text[0].upper() + text[1:] + rng.choice([".", "!", "!!", "", "..."])


def _noise(rng: random.Random, text: str) -> str:
    if rng.random() < 0.35:
        text += f" http://t.co/{''.join(rng.choices('abcdefghijkmnpqrstuvwxyz0123456789', k=10))}"
    if rng.random() < 0.1:
        text += f" https://www.example.com/p/{rng.randint(100, 99999)}.html"
    if rng.random() < 0.2:
        text = f"{rng.choice(HANDLES)} {text}"
    if rng.random() < 0.2:
        text += " " + rng.choice(TAGS)
    if rng.random() < 0.15:
        text += " " + rng.choice(EMOJI) * rng.randint(1, 3)
    if rng.random() < 0.1:
        text = text.replace(" and ", " &amp; ", 1) if " and " in text else text + " &amp; more"
    if rng.random() < 0.1:
        text += f" {rng.randint(1, 2016)}"
    return text


def messy_texts(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` ``(topic, text)`` pairs; about 5 % two-word rows, 5 % long rows, 8 % duplicates or
    retweets of earlier rows."""
    rng = random.Random(seed)
    pairs = [(d, t) for d, ts in TOPICS.items() for t in ts]
    rows: list[tuple[str, str]] = []
    for _ in range(n):
        domain, topic = rng.choice(pairs)
        roll = rng.random()
        if rows and roll < 0.08:
            old_topic, old = rng.choice(rows)
            rows.append(
                (old_topic, old if rng.random() < 0.5 else f"RT {rng.choice(HANDLES)}: {old}")
            )
            continue
        if roll < 0.13:
            subject = rng.choice(TOPICS[domain][topic][0]).split()[-1]
            text = f"{subject} {rng.choice(EMOJI)}" if rng.random() < 0.5 else f"{subject}!"
        elif roll < 0.18:
            text = " ".join(_sentence(rng, domain, topic) for _ in range(rng.randint(4, 8)))
        else:
            text = _sentence(rng, domain, topic)
        rows.append((topic, _noise(rng, text)))
    return rows
