"""Generate `stories_dev.jsonl`: a labelled development set for story clustering.

Every article is hand-written; all facts, figures, people and quotes are invented. Articles
about one event are written independently (own headline, lead, order of facts and quotes),
the way real outlets cover the same news, and are labelled with a shared `event`.

Syndicated copies (a Business Insider piece on AOL or Yahoo, one Reuters wire story on three
sites) are derived here from their original by small explicit edits, so a copy never drifts
from its original and its label is inherited rather than retyped.

Run: `python benchmarks/data/make_stories_dev.py` (writes the JSONL next to this file, checks
it and prints a table of events).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

OUT = Path(__file__).with_name("stories_dev.jsonl")
SOURCES = {
    "Business Insider",
    "Teslarati",
    "Electrek",
    "CnEVPost",
    "InsideEVs",
    "Reuters",
    "CarNewsChina",
    "AOL",
    "Yahoo",
}
ARTICLES: list[dict[str, str]] = []


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each re-flowed onto one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def article(
    id: str, event: str, source: str, url: str, published: str, title: str, text: str
) -> None:
    """An independently written article."""
    ARTICLES.append(
        {
            "id": id,
            "url": url,
            "source": source,
            "published": published,
            "title": title,
            "text": "\n\n".join(paragraphs(text)),
            "event": event,
        }
    )


def syndicate(
    original: str,
    *,
    id: str,
    source: str,
    url: str,
    published: str,
    title: str | None = None,
    replace_lead: tuple[str, str] | None = None,
    drop_last: int = 0,
    insert: tuple[int, str] | None = None,
    append: str | None = None,
) -> None:
    """A republished copy of `original` with the small edits syndication makes."""
    base = next(a for a in ARTICLES if a["id"] == original)
    body = base["text"].split("\n\n")
    if replace_lead:
        old, new = replace_lead
        assert body[0].startswith(old), (id, body[0][:60])
        body[0] = new + body[0][len(old) :]
    if drop_last:
        body = body[:-drop_last]
    if insert:
        body.insert(insert[0], insert[1])
    if append:
        body.append(append)
    ARTICLES.append(
        {
            "id": id,
            "url": url,
            "source": source,
            "published": published,
            "title": title or base["title"],
            "text": "\n\n".join(body),
            "event": base["event"],
            "copy_of": original,
        }
    )


BI_FOOTER = "Read the original article on Business Insider"


# -- Nov 1: three monthly delivery reports on the same morning ----------------------------

article(
    "li-oct-cnevpost",
    "li-auto-october-deliveries",
    "CnEVPost",
    "https://cnevpost.com/2026/11/01/li-auto-delivers-31542-vehicles-in-oct/",
    "2026-11-01T02:10:00Z",
    "Li Auto delivers 31,542 vehicles in Oct, down 38.7% year-on-year",
    """
    Li Auto delivered 31,542 vehicles in October, down 38.7 percent from 51,443 units in the
    same month last year but up 6.1 percent from 29,730 in September, according to data
    released by the company today.

    As of October 31, Li Auto's cumulative deliveries reached 1,587,604 units. The company said
    its pure electric Li i6 and Li i8 SUVs together accounted for about 9,800 of October's
    deliveries, the highest share for its battery-electric lineup since the i8 went on sale.

    Li Auto expects to deliver 100,000 to 110,000 vehicles in the fourth quarter, according to
    guidance the company gave last week. That implies combined November and December
    deliveries of between 68,458 and 78,458 units, or an average of at least 34,000 units a
    month.

    The company's extended-range models, including the Li L6, L7, L8 and L9, continue to face
    intense competition from Aito, Leapmotor and Xiaomi, whose YU7 has drawn buyers from the
    same family SUV segment.

    As of October 31, Li Auto had 521 retail stores in 149 cities, 547 after-sales service
    centers and 3,412 supercharging stations with 18,960 charging stalls in operation, the
    company said.

    Li Auto's deliveries have now fallen year-on-year for eight consecutive months. The company
    is scheduled to launch an update of the Li L9 in December.
    """,
)

article(
    "xiaomi-oct-cnevpost",
    "xiaomi-october-deliveries",
    "CnEVPost",
    "https://cnevpost.com/2026/11/01/xiaomi-ev-deliveries-oct-2026/",
    "2026-11-01T02:30:00Z",
    "Xiaomi EV deliveries exceed 46,000 in Oct, fifth straight month above 40,000",
    """
    Xiaomi EV delivered more than 46,000 vehicles in October, the company said today, marking
    the fifth consecutive month in which its deliveries have exceeded 40,000 units.

    The figure compares with more than 42,000 in September and more than 40,000 in August,
    according to the brief monthly updates Xiaomi has published since the SU7 went on sale in
    the spring of 2024. As usual, Xiaomi did not provide an exact number or a breakdown by
    model.

    Xiaomi currently sells two models: the SU7 sedan, which received a mid-cycle update in
    September, and the YU7 SUV, which has been in high demand since its launch in June 2025
    and still carries waiting times of several months for some versions.

    Based on the monthly figures, Xiaomi has delivered about 372,000 vehicles in the first ten
    months of this year. To reach its full-year target of 450,000 units, which the company
    raised from 400,000 in August, it will need to deliver roughly 39,000 vehicles per month in
    November and December, a pace it is already exceeding.

    Production capacity remains the main constraint. The second phase of Xiaomi's factory in
    Beijing's Yizhuang economic development zone reached full output this summer, and a third
    phase began trial production in October, according to local media reports.

    Xiaomi Group will report its third-quarter results later this month. In the second quarter,
    its smart EV and AI innovation segment posted an operating profit of RMB 1.12 billion, the
    second quarter in a row in the black.
    """,
)

article(
    "byd-oct-sales-cnevpost",
    "byd-october-sales",
    "CnEVPost",
    "https://cnevpost.com/2026/11/01/byd-sells-441706-nevs-in-oct/",
    "2026-11-01T03:40:00Z",
    "BYD sells 441,706 NEVs in Oct, overseas sales hit record 93,512",
    """
    BYD sold 441,706 new energy vehicles (NEVs) in October, down 0.6 percent year-on-year but
    up 11.4 percent from September, according to a filing the company made to the Hong Kong
    Stock Exchange today.

    Overseas sales reached a record 93,512 units, up 168 percent from a year earlier and
    surpassing the previous high of 89,847 set in August. Overseas markets accounted for 21.2
    percent of BYD's total sales in October.

    Sales of passenger NEVs were 428,300 units, of which 211,947 were battery electric vehicles
    (BEVs) and 216,353 were plug-in hybrids (PHEVs). BYD's commercial vehicle sales, including
    buses and pickups, totaled 13,406 units.

    By brand, the BYD brand sold 401,880 units, Denza sold 14,215, Fangchengbao sold 10,031 and
    the high-end Yangwang brand sold 2,174.

    In the first ten months, BYD sold 3,795,420 NEVs, up 1.9 percent year-on-year. The company
    lowered its 2026 sales target to 4.6 million units in September, citing weaker domestic
    demand and tighter regulation of discounting.

    BYD's domestic sales have been under pressure for most of this year as regulators clamped
    down on aggressive price cuts and on the industry-wide practice of registering new cars as
    "zero-kilometer used cars." The company has increasingly relied on exports and on local
    production in markets such as Brazil, Thailand, Hungary and Turkey to support volumes.
    """,
)

article(
    "li-oct-carnewschina",
    "li-auto-october-deliveries",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/01/li-auto-october-2026-sales-31542-units/",
    "2026-11-01T05:30:00Z",
    "Li Auto October sales: 31,542 units as i6 and i8 BEVs ramp up",
    """
    Li Auto sold 31,542 vehicles in October 2026. The Beijing-based automaker's monthly result
    is 6.1% higher than in September, but still 38.7% below October 2025, when it delivered
    51,443 units.

    Battery-electric models are becoming a bigger part of the mix. The Li i6 five-seat SUV and
    the larger Li i8 six-seater together delivered around 9,800 units last month. The i6,
    priced from 239,800 yuan, started deliveries in late September after Li Auto resolved a
    battery supply bottleneck with its cell supplier.

    Extended-range electric vehicles (EREVs) still make up the majority of Li Auto's sales,
    but demand for the L series has been declining. In the first ten months of 2026, Li Auto
    delivered 318,226 vehicles, about 26% fewer than in the same period last year.

    The company's charging network continues to grow. Li Auto said it operates 3,412
    supercharging stations in China, with 18,960 chargers, and it targets 4,000 stations by
    the end of the year.

    For the fourth quarter, Li Auto has guided deliveries of 100,000 to 110,000 vehicles. The
    company has been restructuring its sales network and says it will focus on "quality
    growth" rather than volume, with fewer but larger stores in top-tier cities and a new
    L9 update planned for December.
    """,
)

article(
    "xiaomi-oct-carnewschina",
    "xiaomi-october-deliveries",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/01/xiaomi-auto-46000-deliveries-october/",
    "2026-11-01T06:10:00Z",
    "Xiaomi Auto hits 46,000 monthly deliveries in October as YU7 demand stays strong",
    """
    Xiaomi Auto announced on November 1 that it delivered over 46,000 vehicles in October
    2026. It is a new monthly record for the smartphone maker's car business, which has now
    stayed above the 40,000 mark for five months in a row.

    The YU7 SUV remains the main driver of volume. The model, which comes in Standard, Pro and
    Max versions, is priced between 253,500 yuan and 329,900 yuan, and buyers who place an
    order today are quoted delivery times of 22 to 33 weeks, according to the Xiaomi Auto app.
    The SU7 sedan, refreshed in September with a larger battery and lidar as standard,
    accounts for the rest.

    Xiaomi has a 2026 delivery target of 450,000 units. With roughly 372,000 vehicles
    delivered between January and October, the company needs about 78,000 more in the last two
    months of the year.

    The result puts Xiaomi ahead of several established new-energy brands. Among the "new
    forces," Leapmotor and Xpeng were the only brands that delivered more in October, while
    Li Auto's monthly volume fell below Xiaomi's for the third time this year.

    Xiaomi is expanding its factory complex in Beijing. The third-phase plant, which will
    build a new extended-range SUV due in 2027, started trial production last month. The
    company also plans to start selling cars in Europe in 2027.
    """,
)

article(
    "li-oct-reuters",
    "li-auto-october-deliveries",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/chinas-li-auto-october-deliveries-fall-39-2026-11-01/",
    "2026-11-01T08:20:00Z",
    "China's Li Auto October deliveries fall 39% as competition bites",
    """
    BEIJING, Nov 1 (Reuters) - Chinese electric vehicle maker Li Auto said on Sunday its
    October deliveries fell 38.7% from a year earlier to 31,542 vehicles, its eighth straight
    monthly decline, as rivals including Xiaomi and Huawei-backed Aito chipped away at its
    share of the family SUV market.

    The company, which built its business on extended-range hybrids that carry a petrol engine
    to charge the battery, has been trying to pivot toward fully electric models, but its newer
    i6 and i8 SUVs have yet to make up for falling sales of its older L-series vehicles.

    Li Auto said deliveries of the i6, launched in September, were ramping up after a battery
    supply bottleneck, and that it had a backlog of more than 20,000 orders for the model.

    The company has forecast fourth-quarter deliveries of 100,000 to 110,000 vehicles, down
    from 158,700 a year earlier.

    "Li Auto was the most profitable of the startups, but the moat around the range-extender
    segment has gone," said Zhou Lin, an analyst at Shanghai-based consultancy Autovista
    Insights. "Almost every major brand now offers a six-seat EREV SUV at a lower price."

    Separately, smartphone maker Xiaomi said on Sunday it delivered more than 46,000 EVs in
    October, the fifth consecutive month above 40,000 units.

    Li Auto's Hong Kong-listed shares have fallen 23% this year, while its U.S.-traded shares
    are down about 21%.

    (Reporting by Zhang Yan and Liam Fraser; Editing by Kim Carrow)
    """,
)

syndicate(
    "li-oct-reuters",
    id="li-oct-yahoo",
    source="Yahoo",
    url="https://finance.yahoo.com/news/chinas-li-auto-october-deliveries-082512345.html",
    published="2026-11-01T09:05:00Z",
    title="Li Auto's October deliveries drop 39% amid stiff competition",
    drop_last=1,
)

article(
    "xiaomi-oct-electrek",
    "xiaomi-october-deliveries",
    "Electrek",
    "https://electrek.co/2026/11/01/xiaomi-46000-ev-deliveries-october/",
    "2026-11-01T14:20:00Z",
    "Xiaomi keeps outselling most Chinese EV startups, delivering 46,000+ cars in October",
    """
    Two and a half years after it sold its first car, Xiaomi is now delivering more EVs every
    month than most of the Chinese startups that have been at it for a decade.

    The Beijing-based company, best known for smartphones, said it handed over more than
    46,000 vehicles in October. That is up from over 42,000 in September and marks five
    straight months above 40,000. Xiaomi doesn't give exact numbers, but the trend is clear.

    For context, that is more than Li Auto delivered in October and more than double what
    Nio's namesake brand typically does in a month. Only BYD, Geely, Leapmotor and a handful of
    other large players are shipping more electric cars in China right now.

    Most of the demand is for the YU7, Xiaomi's Model Y competitor, which starts at 253,500
    yuan (about $35,600). Xiaomi says it is still working through a backlog of orders, and new
    buyers face waits of more than five months.

    The company is also on track to beat its 2026 goal. It has delivered about 372,000
    vehicles so far this year, against a target of 450,000.

    Electrek's Take

    It's hard to overstate how unusual this is. Xiaomi went from zero to roughly 46,000 cars a
    month in about two and a half years, while legacy automakers in the West struggle to sell
    that many EVs in a quarter. Xiaomi says it will come to Europe in 2027. If it can bring the
    YU7 at a competitive price, Tesla should be paying attention.
    """,
)


# -- Nov 2-3: Rivian R2 production, EU-China price deal ----------------------------------

article(
    "rivian-r2-electrek",
    "rivian-r2-production-start",
    "Electrek",
    "https://electrek.co/2026/11/02/rivian-r2-production-starts-normal-illinois/",
    "2026-11-02T19:40:00Z",
    "Rivian R2 production officially starts in Illinois, first customer cars due in January",
    """
    Rivian has started building the R2 for real. The company confirmed on Monday that the
    first saleable units of its smaller, cheaper SUV rolled off the line at its plant in
    Normal, Illinois, a milestone the startup has been working toward since it unveiled the
    vehicle more than two and a half years ago.

    The R2 is the model that Rivian has called its most important launch yet. It starts at
    $45,000, roughly half the price of the R1S, and is meant to take Rivian from a niche luxury
    brand to a volume player. The first customer deliveries are scheduled for January 2027,
    starting with the dual-motor Launch Edition priced at $52,990. The base single-motor
    version is expected later in the year.

    To make room for the R2, Rivian added about 1.1 million square feet to the Normal factory,
    including a new body shop and a dedicated general assembly line. Rivian says the expanded
    plant can now build up to 215,000 vehicles a year, with 155,000 of that capacity reserved
    for the R2. Production in Georgia, where the company is building a second factory, is not
    expected before 2028.

    In a post on X, Rivian shared a photo of employees gathered around a green R2 at the end of
    the line, captioned "Number one of many." The company did not say how many units it expects
    to build before the end of the year, only that it is ramping "deliberately" to protect
    quality.

    The R2 promises more than 300 miles of EPA range, a native NACS charging port and Rivian's
    new in-house zonal electronics architecture, which cuts the number of ECUs in the vehicle
    to seven.

    Electrek's Take

    This is the launch that decides whether Rivian becomes a real automaker or stays a very
    good niche brand. A $45,000 SUV with Rivian's design and software will compete head-on with
    the Model Y, and the timing is not bad: several cheaper EVs were cancelled this year. The
    big question is how quickly Normal can ramp. Rivian's R1 launch in 2021 was painful, and
    the company can't afford a repeat.
    """,
)

article(
    "rivian-r2-insideevs",
    "rivian-r2-production-start",
    "InsideEVs",
    "https://insideevs.com/news/781402/rivian-r2-production-start-deliveries/",
    "2026-11-02T22:10:00Z",
    "The Rivian R2 Is Finally In Production. Here's What Buyers Need To Know",
    """
    After years of teasers, prototypes and one very public delay, the Rivian R2 is now a
    production car. Rivian said the first R2 built for a paying customer came off the assembly
    line in Normal, Illinois on November 2, and that deliveries will begin in January.

    If you have a reservation, the first car you can actually get is the Launch Edition. It
    pairs two motors with the larger battery pack and costs $52,990 before any incentives. The
    $45,000 single-motor R2 that Rivian has been advertising since 2024 will follow later in
    2027; Rivian hasn't narrowed that down further.

    What do you get? Rivian quotes "more than 300 miles" of range for the bigger pack, a
    Tesla-style NACS port so you can plug into Superchargers without an adapter, and a cabin
    that feels surprisingly roomy for a vehicle about 15 inches shorter than the R1S. Both rows
    of seats fold flat, and the rear glass drops down into the tailgate, a party trick borrowed
    from old station wagons.

    The factory itself has changed a lot. Rivian built a 1.1-million-square-foot extension in
    Normal for the R2 and says the site can now turn out 215,000 vehicles annually, 155,000 of
    them R2s. That matters, because the R1 and the commercial van share the older part of the
    plant.

    Rivian also stuck to its 2026 outlook of 46,000 to 51,000 deliveries, which suggests the
    R2 will add only a few hundred cars to this year's total. The real test comes in 2027.

    We've driven R2 prototypes twice, and our early impression was that this is the Rivian most
    people should buy. Now we wait to see whether the production car is as good, and whether
    Rivian can build enough of them.
    """,
)

article(
    "eu-china-deal-reuters",
    "eu-china-ev-minimum-price-deal",
    "Reuters",
    "https://www.reuters.com/world/europe/eu-china-agree-minimum-prices-chinese-evs-2026-11-03/",
    "2026-11-03T09:00:00Z",
    "EU, China agree minimum import prices for Chinese-made EVs, replacing tariffs",
    """
    BRUSSELS, Nov 3 (Reuters) - The European Union and China have agreed on a system of
    minimum prices for electric vehicles made in China and sold in the bloc, replacing the
    countervailing duties of up to 35.3% that Brussels imposed last year, the European
    Commission said on Tuesday.

    Under the arrangement, Chinese manufacturers including BYD, Geely and SAIC will commit to
    selling battery electric cars in the EU at or above agreed floor prices, and to limiting
    annual export volumes for some models, the Commission said. Companies that breach the terms
    would face reinstatement of the duties.

    "This outcome removes the injury to EU industry while keeping our market open to fair
    competition," a Commission spokesperson said.

    China's Ministry of Commerce said the deal showed the two sides could "resolve differences
    through dialogue" and called on the EU to apply it in a non-discriminatory way.

    The talks on so-called price undertakings had dragged on for more than a year, stalling
    repeatedly over how to treat plug-in hybrids, which were not covered by the duties, and over
    cars built in China by Western brands such as Tesla, BMW's Mini and Volvo Cars. Tesla, which
    had been given a separate duty rate of 7.8% on cars exported from its Shanghai factory, will
    also be covered by the new system, a Commission official said, without giving details.

    European carmakers gave the deal a cautious welcome. Germany's VDA auto industry
    association said it would study the details, while France's PFA said floor prices must be
    "high enough to matter."

    The minimum prices, which have not been published, will apply from Jan. 1, 2027.

    (Reporting by Anna Keller and Lucas Marnix; Editing by Jan Harvey)
    """,
)

article(
    "rivian-r2-reuters",
    "rivian-r2-production-start",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/rivian-shares-jump-r2-production-starts-2026-11-03/",
    "2026-11-03T11:20:00Z",
    "Rivian shares jump as R2 production starts, 2026 outlook held",
    """
    Nov 3 (Reuters) - Rivian Automotive shares rose 6.8% in premarket trading on Tuesday after
    the electric-vehicle maker said it had begun production of its lower-priced R2 SUV, a model
    analysts see as critical to its path to profitability.

    The company said late on Monday that the first saleable R2 vehicles had come off the line
    at its plant in Normal, Illinois, and that customer deliveries would start in January 2027.

    The R2 has a starting price of $45,000, although the first units will be a dual-motor
    Launch Edition priced at $52,990. Rivian has said it expects the R2's materials cost to be
    roughly half that of its R1 models.

    Rivian reaffirmed its forecast for 2026 deliveries of 46,000 to 51,000 vehicles. It
    delivered 13,201 vehicles in the third quarter.

    The company expanded the Illinois factory to an annual capacity of 215,000 vehicles,
    including 155,000 R2 units. It also plans to build the R2 at a new plant in Georgia, backed
    by a conditional $6.6 billion U.S. Department of Energy loan, but that factory is not
    expected to start production before 2028.

    "Execution on the ramp is now the single biggest driver of the stock," said Daniel Okafor,
    an analyst at Harlan & Pike. He said the company needed to build at least 20,000 R2s in the
    first half of 2027 to hit its targets.

    Rivian shares have fallen about 11% this year through Monday's close.

    (Reporting by Priya Venkataraman in Bengaluru; Editing by Shona Dalal)
    """,
)

article(
    "rivian-r2-bi",
    "rivian-r2-production-start",
    "Business Insider",
    "https://www.businessinsider.com/rivian-r2-production-starts-45000-suv-2026-11",
    "2026-11-03T13:05:00Z",
    "Rivian just started building the $45,000 SUV it's betting the company on",
    """
    Rivian has started production of the R2, the midsize SUV that CEO RJ Scaringe has described
    as the key to the company's future.

    The electric-vehicle maker said on Monday that the first customer-ready R2s had been built
    at its factory in Normal, Illinois. Deliveries are set to begin in January, and shares rose
    as much as 7% in early trading on Tuesday.

    The stakes are high. Rivian has lost money on nearly every vehicle it has sold since it went
    public in 2021, and it has been counting on a cheaper, higher-volume model to reach
    profitability. The R2 starts at $45,000, compared with about $77,000 for the base R1S.

    "The R2 is where the unit economics either work or they don't," said Maren Holt, an
    automotive analyst at Brightline Securities. "Investors have been patient, but they want to
    see this car in driveways by spring."

    Rivian has said the R2 costs about half as much to build as the R1, thanks to fewer parts, a
    simpler wiring system and cheaper battery cells. It expanded the Normal plant by 1.1 million
    square feet to build it and says the site can now produce 215,000 vehicles a year.

    The launch comes at a tricky moment for EV makers in the US. The federal $7,500 tax credit
    expired at the end of September 2025, and several automakers have delayed or scrapped
    electric models since. Rivian kept its 2026 delivery guidance of 46,000 to 51,000 vehicles.

    Rivian did not immediately respond to a request for comment from Business Insider.
    """,
)

syndicate(
    "rivian-r2-bi",
    id="rivian-r2-aol",
    source="AOL",
    url="https://www.aol.com/finance/rivian-just-started-building-45-130512789.html",
    published="2026-11-03T15:30:00Z",
    title="Rivian starts building the $45,000 R2 SUV it's betting the company on",
    drop_last=1,
    append=BI_FOOTER,
)


# -- Nov 4-5: BYD third-quarter results; first Tesla recall (rear camera software) --------

article(
    "byd-q3-reuters",
    "byd-q3-earnings",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/byd-third-quarter-profit-slides-21-2026-11-04/",
    "2026-11-04T11:05:00Z",
    "BYD third-quarter profit slides 21% as China price war squeezes margins",
    """
    HONG KONG, Nov 4 (Reuters) - BYD, the world's largest maker of electric vehicles, reported
    a 21.4% drop in third-quarter net profit on Wednesday, its second consecutive quarterly
    decline, as a bruising price war at home and higher spending on overseas expansion weighed
    on margins.

    Net profit attributable to shareholders fell to 7.82 billion yuan ($1.10 billion) in the
    July-September period from 9.95 billion yuan a year earlier, the company said in a filing
    to the Shenzhen Stock Exchange. Revenue fell 3.1% to 188.6 billion yuan.

    Gross margin narrowed to 16.9% from 19.6% a year earlier, the filing showed.

    BYD sold about 1.11 million vehicles in the quarter, roughly flat from a year earlier, as
    growth in exports offset weaker sales in China, where Beijing has urged automakers to stop
    discounting but competition for buyers remains fierce.

    "The volume story is intact, but BYD is paying for it," said Eunice Tam, a senior analyst
    at Kowloon Capital. "Exports carry better margins, yet the ramp of new plants in Hungary
    and Brazil is still costly."

    For the first nine months, BYD's net profit was 23.5 billion yuan, down 9.8% year on year.
    Research and development spending in the third quarter rose 24% to 15.2 billion yuan.

    BYD's Hong Kong shares closed down 1.2% before the results were released. They have gained
    about 4% this year.

    (Reporting by Kelvin Ng and Sara Wu; Editing by Shona Dalal)
    """,
)

article(
    "byd-q3-cnevpost",
    "byd-q3-earnings",
    "CnEVPost",
    "https://cnevpost.com/2026/11/04/byd-q3-2026-earnings/",
    "2026-11-04T11:50:00Z",
    "BYD Q3 net profit RMB 7.82 billion, gross margin 16.9%",
    """
    BYD (HKG: 1211, OTCMKTS: BYDDY) today released its unaudited financial results for the
    third quarter, showing revenue of RMB 188.6 billion, down 3.1 percent year-on-year and up
    6.4 percent from the second quarter.

    Net profit attributable to shareholders of the listed company was RMB 7.82 billion, down
    21.4 percent year-on-year from RMB 9.95 billion and up 11.7 percent from RMB 7.00 billion
    in the second quarter.

    The company's gross margin in the third quarter was 16.9 percent, compared with 19.6
    percent in the same period last year and 16.3 percent in the second quarter.

    In the first three quarters, BYD's revenue was RMB 541.2 billion, up 2.2 percent
    year-on-year, and its net profit was RMB 23.5 billion, down 9.8 percent.

    BYD sold 1,110,672 NEVs in the third quarter, of which 241,508 were sold overseas. Its R&D
    expenses were RMB 15.2 billion in the quarter, up 24 percent year-on-year, bringing the
    nine-month total to RMB 43.9 billion.

    Based on the quarterly sales, BYD's net profit per vehicle in the third quarter was about
    RMB 7,040, compared with about RMB 8,960 a year earlier, according to CnEVPost's
    calculations. The company's cash and cash equivalents stood at RMB 148.3 billion at the end
    of September.
    """,
)

article(
    "tesla-camera-recall-reuters",
    "tesla-recall-rearview-camera",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/tesla-recalls-over-68000-model-y-vehicles-2026-11-04/",
    "2026-11-04T15:30:00Z",
    "Tesla recalls over 68,000 Model Y vehicles in US over rearview camera delay",
    """
    WASHINGTON, Nov 4 (Reuters) - Tesla is recalling 68,214 Model Y vehicles in the United
    States because a software error can delay the display of the rearview camera image when the
    vehicle is put in reverse, the National Highway Traffic Safety Administration said on
    Wednesday.

    The delay can exceed the two seconds allowed under federal motor vehicle safety standard
    111, which covers rear visibility, increasing the risk of a crash, the agency said.

    The recall covers certain 2025 and 2026 model year Model Y vehicles running firmware
    version 2026.32, according to the filing. Tesla has released an over-the-air software
    update to fix the issue, and owners do not need to take their vehicles to a service center.

    Tesla said it was aware of 37 warranty claims that may be related to the condition but of
    no crashes, injuries or deaths.

    The automaker found the problem in early October after reviewing customer complaints about
    a blank screen when reversing, the filing showed. The fix, firmware 2026.32.6, began rolling
    out to affected vehicles on Oct. 29.

    The recall is one of more than a dozen Tesla has issued in the United States this year,
    most of them addressed with remote software updates. In December 2023 the company recalled
    more than 2 million vehicles to add safeguards to its Autopilot driver-assistance system.

    Tesla shares were down 1.4% in afternoon trading.

    (Reporting by Tom Hale in Washington; Editing by Rhea Castell)
    """,
)

syndicate(
    "tesla-camera-recall-reuters",
    id="tesla-camera-recall-yahoo",
    source="Yahoo",
    url="https://finance.yahoo.com/news/tesla-recalls-68-214-model-153544210.html",
    published="2026-11-04T16:10:00Z",
    title="Tesla recalls 68,214 Model Ys because the backup camera can lag",
    replace_lead=("WASHINGTON, Nov 4 (Reuters) -", "(Reuters) -"),
    drop_last=1,
)

article(
    "byd-q3-bi",
    "byd-q3-earnings",
    "Business Insider",
    "https://www.businessinsider.com/byd-profits-shrinking-price-war-third-quarter-2026-11",
    "2026-11-04T16:20:00Z",
    "BYD's profits are shrinking even as it sells more than a million cars a quarter",
    """
    BYD is still selling cars at a staggering pace. It's just making less money on each one.

    The Chinese automaker, which overtook Tesla as the world's biggest seller of EVs in 2025,
    said on Wednesday that its net profit for the third quarter fell 21.4% from a year earlier
    to 7.82 billion yuan, or about $1.1 billion. Revenue slipped 3.1% to 188.6 billion yuan.

    The decline came even though BYD delivered roughly 1.11 million vehicles between July and
    September, about the same as a year ago. The difference is price. BYD has spent much of the
    past two years slashing sticker prices and offering incentives in China, where more than
    100 car brands are fighting over a market that is no longer growing fast.

    Chinese officials have repeatedly warned automakers against what they call "involution,"
    or destructive competition, and in the summer regulators told carmakers to stop selling
    below cost. But analysts say discounting has continued in less visible forms, from cheap
    financing to free upgrades.

    BYD's gross margin, which measures how much it keeps from each sale after production
    costs, dropped to 16.9% from 19.6%. That's still higher than many rivals, and BYD's
    overseas business, where cars typically sell for far more than at home, is growing
    quickly.

    "They are the lowest-cost producer, so they can take the pain longer than anyone else,"
    said Marcus Leung, a partner at consultancy Redwood Mobility Advisors. "But nobody is immune
    to a market where everybody discounts."

    BYD's shares are listed in Hong Kong and Shenzhen. The company did not respond to a request
    for comment.
    """,
)

article(
    "tesla-camera-recall-electrek",
    "tesla-recall-rearview-camera",
    "Electrek",
    "https://electrek.co/2026/11/04/tesla-recall-model-y-backup-camera-software-ota/",
    "2026-11-04T17:45:00Z",
    "Tesla issues OTA recall for 68,000 Model Y over slow backup camera after software update",
    """
    Tesla is recalling 68,214 Model Y vehicles in the US after one of its own software updates
    introduced a bug that could make the backup camera slow to appear.

    According to the recall report filed with NHTSA, vehicles running software version 2026.32
    could, in rare cases, take longer than two seconds to show the rearview image after the
    driver shifts into reverse. Federal rules (FMVSS 111) require the image to appear within two
    seconds.

    The good news for owners is that the fix is already out. Tesla pushed software update
    2026.32.6 starting on October 29, and the vast majority of affected vehicles have already
    installed it. Like most Tesla recalls these days, no trip to a service center is needed.

    Tesla says it identified 37 warranty claims potentially related to the issue. It isn't
    aware of any crashes or injuries.

    The recall population includes Model Y vehicles from the 2025 and 2026 model years,
    essentially the new Model Y "Juniper" built in Fremont and Giga Texas that received the
    2026.32 update. Tesla will send owners notification letters in early January.

    Electrek's Take

    This is a "recall" in the regulatory sense, but it's really a software bug that Tesla fixed
    remotely before most owners noticed. That said, it's not the first time a Tesla update has
    broken the backup camera: the company had a nearly identical recall in 2024. Tesla's
    software QA clearly needs to treat rear-visibility code as safety-critical, because
    regulators certainly do.
    """,
)

article(
    "tesla-camera-recall-teslarati",
    "tesla-recall-rearview-camera",
    "Teslarati",
    "https://www.teslarati.com/tesla-model-y-backup-camera-recall-ota-fix/",
    "2026-11-04T19:20:00Z",
    "Tesla fixes Model Y backup camera glitch with software update in latest NHTSA recall",
    """
    Tesla has already addressed a backup camera glitch affecting some Model Y units in the
    United States, with the company issuing a voluntary recall that is resolved entirely
    through an over-the-air software update.

    Per documents posted by the National Highway Traffic Safety Administration (NHTSA) on
    Wednesday, the recall covers 68,214 Model Y vehicles from model years 2025 and 2026. In
    affected vehicles, the rearview camera image could take longer than the two seconds
    required by Federal Motor Vehicle Safety Standard No. 111 to appear after the vehicle is
    shifted into Reverse.

    Tesla traced the issue to software release 2026.32. The company noted that its team started
    investigating after owners reported intermittent black screens when backing up, and
    determined on October 24 that a recall was warranted.

    Owners don't need to do anything other than accept the update. Tesla began deploying the
    remedy, software version 2026.32.6, on October 29, at no cost to customers. The company
    stated that it has found 37 warranty claims that could be related to the issue, with no
    reports of collisions or injuries.

    Tesla's ability to fix issues through OTA updates has allowed it to resolve many recalls
    without having customers visit a service center, something legacy automakers are only
    beginning to match. Critics, however, have argued that NHTSA should distinguish between
    software recalls and hardware defects to avoid alarming consumers.

    Still, the recall is a reminder that even routine updates can have unexpected side effects.
    Tesla typically rolls out new software in waves, starting with a small group of vehicles,
    to catch problems like this before they reach the wider fleet.
    """,
)

article(
    "byd-q3-carnewschina",
    "byd-q3-earnings",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/05/byd-q3-2026-financial-report-revenue-rd/",
    "2026-11-05T03:00:00Z",
    "BYD Q3 2026 financial report: revenue 188.6 billion yuan, R&D spending up 24%",
    """
    BYD published its Q3 2026 financial report on the evening of November 4. The company's
    revenue for the quarter reached 188.6 billion yuan, a decrease of 3.1% compared with the
    same quarter of 2025. Net profit attributable to shareholders was 7.82 billion yuan, a
    decline of 21.4%.

    R&D continued to be a priority for BYD. In the third quarter, the company invested 15.2
    billion yuan in research and development, 24% more than one year ago. In the first nine
    months of 2026, BYD's R&D expenses totaled 43.9 billion yuan, far exceeding its net profit
    for the same period. BYD has more than 120,000 engineers, according to the company.

    BYD's gross profit margin fell to 16.9%. In the report, the company said the decline was
    mainly caused by "changes in product mix and intensified market competition," as well as
    the costs of launching production at its new factories in Hungary and Brazil.

    Overseas sales were a bright spot. BYD sold 241,508 vehicles outside China in Q3, and its
    factory in Szeged, Hungary, started mass production of the Dolphin Surf in October. The
    company expects overseas sales to exceed 1 million units in 2026.

    From January to September, BYD's net profit attributable to shareholders was 23.5 billion
    yuan, down 9.8% year-on-year. Revenue for the period was 541.2 billion yuan.
    """,
)

article(
    "tesla-camera-recall-insideevs",
    "tesla-recall-rearview-camera",
    "InsideEVs",
    "https://insideevs.com/news/781655/tesla-model-y-backup-camera-recall-fix/",
    "2026-11-05T12:00:00Z",
    "Your Tesla Model Y's Backup Camera Might Be Slow. Here's The Fix",
    """
    If you own a newer Tesla Model Y and noticed the screen staying black for a beat when you
    shift into reverse, you weren't imagining things. Tesla has filed a recall for 68,214 Model
    Ys in the U.S. for exactly that problem.

    The culprit is software. A Tesla update labeled 2026.32 caused the rearview camera feed to
    sometimes take more than two seconds to appear, which is the limit set by federal safety
    rules. The bug affects 2025 and 2026 model year Model Ys that installed that update.

    The fix is a free over-the-air update, version 2026.32.6, which Tesla started pushing on
    October 29. You can check your software version in the car under Controls, then Software.
    If you're already on 2026.32.6 or newer, you're covered. Tesla will mail formal recall
    notices in January, but there's no need to wait for the letter.

    Tesla says 37 warranty claims may be tied to the issue and that nobody has reported a crash
    or injury. Still, a backup camera that doesn't show up when you expect it is a real hazard,
    especially around driveways, parking lots and kids.

    This is the second time in about two years that a Tesla software update has tripped over
    the rear camera rule, and it's a reminder that "over-the-air" cuts both ways: updates can
    fix problems overnight, but they can also create them overnight.
    """,
)


# -- Nov 6-8: BYD year-end price cuts (a Reuters wire on three sites), two singletons -------

article(
    "byd-cuts-cnevpost",
    "byd-china-price-cuts",
    "CnEVPost",
    "https://cnevpost.com/2026/11/06/byd-year-end-subsidies-21-models/",
    "2026-11-06T02:30:00Z",
    "BYD launches year-end subsidies on 21 models, Seagull now starts at RMB 49,800",
    """
    BYD today launched a limited-time subsidy program covering 21 models from its Dynasty and
    Ocean series, bringing the starting prices of several of its best-selling cars to record
    lows.

    The subsidies, which range from RMB 6,000 to RMB 53,000 depending on the model, are valid
    for orders placed between November 6 and December 31, according to posters released on
    BYD's official Weibo accounts.

    The Seagull, BYD's entry-level compact EV, now starts at RMB 49,800, down from RMB 55,800.
    The Qin Plus DM-i plug-in hybrid sedan starts at RMB 63,800, RMB 10,000 lower than before.
    The largest reduction applies to the Han L EV, whose top version falls from RMB 262,800 to
    RMB 209,800.

    Other models in the program include the Dolphin, Seal 06, Song Plus DM-i, Song L and
    Sealion 07, while the Tang L and models from the Denza, Fangchengbao and Yangwang brands
    are not included.

    BYD described the move as a year-end "thank-you" to customers rather than an official price
    cut, wording used by several automakers since regulators in June called on the industry to
    stop below-cost pricing.

    The program comes two days after BYD reported a 21.4 percent year-on-year decline in
    third-quarter net profit. BYD's domestic sales in October were about 348,000 units,
    according to CnEVPost's calculation based on its total sales of 441,706 units and overseas
    sales of 93,512.
    """,
)

article(
    "byd-cuts-reuters",
    "byd-china-price-cuts",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/byd-cuts-prices-21-models-reigniting-china-ev-price-war-fears-2026-11-06/",
    "2026-11-06T04:15:00Z",
    "BYD cuts prices on 21 models, reigniting fears of China EV price war",
    """
    SHANGHAI/HONG KONG, Nov 6 (Reuters) - BYD on Friday slashed prices on 21 of its models in
    China by as much as 20%, a move that sent its shares and those of rivals sharply lower and
    threatened to reignite a price war that Beijing has been trying to stamp out.

    The world's biggest EV maker said the "year-end subsidies", which run until Dec. 31, would
    cut the starting price of its Seagull hatchback to 49,800 yuan ($7,000) and reduce the price
    of its Han L sedan by up to 53,000 yuan.

    BYD's Hong Kong-listed shares fell 5.3% by the midday break, while Geely Automobile lost
    3.1% and Leapmotor 4.4%. Xpeng was down 2.8%.

    "This is a price cut in everything but name," said Tony Chau, a Shanghai-based analyst at
    Sinolink Automotive Research. "Others will have to respond, and it will hurt margins across
    the sector in the fourth quarter."

    Chinese authorities have repeatedly warned carmakers against "disorderly" price
    competition. In June, the industry ministry ordered automakers to stop selling vehicles
    below cost and to pay suppliers within 60 days.

    BYD said on Wednesday its third-quarter net profit fell 21.4%, its second straight
    quarterly decline, as domestic competition squeezed margins.

    A BYD spokesperson said the subsidies were designed to "give back to consumers" at the end
    of the year and complied with regulations.

    (Reporting by Qiu Meng in Shanghai and Ada Lam in Hong Kong; Editing by Martin Fell)
    """,
)

syndicate(
    "byd-cuts-reuters",
    id="byd-cuts-aol",
    source="AOL",
    url="https://www.aol.com/news/byd-slashes-prices-21-car-041822456.html",
    published="2026-11-06T05:40:00Z",
    title="BYD slashes prices on 21 car models in China; shares tumble",
    drop_last=1,
)

syndicate(
    "byd-cuts-reuters",
    id="byd-cuts-yahoo",
    source="Yahoo",
    url="https://finance.yahoo.com/news/byd-cuts-prices-21-models-041907733.html",
    published="2026-11-06T06:02:00Z",
    drop_last=1,
    insert=(3, "Read more: China's carmakers brace for a tougher 2027 as subsidies fade"),
)

article(
    "byd-cuts-carnewschina",
    "byd-china-price-cuts",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/06/byd-53000-yuan-off-dynasty-ocean-models/",
    "2026-11-06T07:10:00Z",
    "BYD offers up to 53,000 yuan off 21 Dynasty and Ocean models until year-end",
    """
    BYD has introduced a new round of discounts in China. Starting today, customers who buy one
    of 21 models from the Dynasty and Ocean series will get a cash subsidy of 6,000 to 53,000
    yuan. The offer lasts until December 31, 2026.

    Some of the most notable new prices: the BYD Seagull is now available from 49,800 yuan
    (previously 55,800 yuan). The Dolphin starts at 79,800 yuan. The Qin Plus DM-i begins at
    63,800 yuan, and the Song Plus DM-i at 109,800 yuan. The Han L EV receives the biggest
    subsidy, 53,000 yuan, which brings its top trim to 209,800 yuan. Premium models from Denza,
    Fangchengbao and Yangwang are excluded.

    BYD is not the only automaker with year-end promotions. Geely's Galaxy brand and Chery have
    also launched limited-time offers in recent weeks, although their discounts are smaller.
    Industry observers expect more brands to follow in the coming days.

    In June, the Ministry of Industry and Information Technology (MIIT) asked automakers to
    avoid selling vehicles below cost. Since then, companies usually describe discounts as
    "subsidies," "limited-time offers," or "financing benefits" rather than official price
    cuts.

    The BYD Seagull is one of China's best-selling cars. It is also sold in Europe as the
    Dolphin Surf, where it starts at 22,990 euros, and it is now built locally at BYD's new
    plant in Szeged, Hungary.
    """,
)

article(
    "byd-cuts-electrek",
    "byd-china-price-cuts",
    "Electrek",
    "https://electrek.co/2026/11/06/byd-seagull-under-7000-discounts-china/",
    "2026-11-06T14:00:00Z",
    "BYD's new round of discounts puts the Seagull EV under $7,000 in China",
    """
    BYD just made its cheapest electric car even cheaper. The Chinese automaker's Seagull now
    starts at just 49,800 yuan in China, or about $7,000, as part of a discount campaign
    covering 21 models.

    BYD is calling the cuts "year-end subsidies" rather than price cuts, and they are valid
    until December 31. The discounts range from 6,000 yuan to 53,000 yuan (about $840 to
    $7,440), with the biggest one applied to the Han L EV sedan.

    Investors did not like the news. BYD stock dropped more than 5% in Hong Kong on Friday, and
    shares of competitors including Geely and Leapmotor fell too, on fears that the rest of the
    industry will have to match BYD's prices.

    China's government has been trying to end the EV price war for over a year. Regulators told
    automakers in June to stop selling below cost, and state media have published several
    editorials criticizing "involution" in the auto industry. BYD says its subsidies comply
    with the rules.

    For comparison, the Seagull sells for 22,990 euros (about $26,500) in Europe as the Dolphin
    Surf, more than three times the new Chinese starting price. Even accounting for taxes,
    tariffs and shipping, that gap shows why exports have become so important for BYD's
    profits.

    Electrek's Take

    A $7,000 EV with 300 km of range is hard to imagine in the US. BYD can do it because it
    makes its own batteries, motors and chips, and because it has enormous scale. But the
    timing is interesting: BYD just reported a big drop in profits this week. Cutting prices
    again suggests it is still prioritizing volume over margins.
    """,
)

article(
    "byd-cuts-bi",
    "byd-china-price-cuts",
    "Business Insider",
    "https://www.businessinsider.com/byd-cuts-prices-cheapest-ev-seagull-7000-2026-11",
    "2026-11-06T18:25:00Z",
    "China's biggest EV maker just cut prices again. Its cheapest car now costs about $7,000.",
    """
    BYD is cutting prices again, and this time its cheapest electric car costs less than some
    used sedans in the US.

    The Chinese automaker said on Friday it would offer "subsidies" of up to 53,000 yuan, or
    about $7,440, on 21 models sold in China until the end of the year. The cuts bring the
    starting price of the Seagull, a small hatchback, to 49,800 yuan, about $7,000.

    The move rattled investors. BYD's shares fell 5.3% in Hong Kong, and other Chinese
    carmakers including Geely and Leapmotor also slid.

    China's car market has been locked in a price war since early 2023, when Tesla cut prices on
    its Model 3 and Model Y. Dozens of brands followed, and by some estimates the average
    discount on a new car in China reached 16% this year. Beijing has called the fight
    "involution" and told carmakers to stop selling below cost.

    BYD has been one of the biggest winners of the price war, using its scale and in-house
    battery production to undercut rivals. But the strategy has come at a cost. On Wednesday,
    BYD said its net profit in the third quarter fell 21.4% from a year earlier.

    "It's a signal BYD is willing to give up more margin to keep factories running," said Helen
    Cho, a managing director at Pacific Rim Auto Partners. "That's bad news for the weaker
    players."

    BYD didn't immediately respond to Business Insider's request for comment.
    """,
)

article(
    "tesla-semi-pepsico-teslarati",
    "tesla-semi-pepsico-fleet",
    "Teslarati",
    "https://www.teslarati.com/tesla-semi-pepsico-fleet-100-units/",
    "2026-11-05T21:00:00Z",
    "PepsiCo's Tesla Semi fleet crosses 100 units as Nevada factory ramps",
    """
    PepsiCo now operates more than 100 Tesla Semis, making it by far the largest customer for
    Tesla's all-electric Class 8 truck.

    The milestone was shared by a PepsiCo fleet executive during a trucking industry panel in
    Long Beach, California this week. According to the executive, the company's Semis have now
    covered more than 9 million miles combined, mostly on routes out of its Frito-Lay facility
    in Modesto and its Pepsi bottling site in Sacramento. PepsiCo has also started deploying
    Semis at a distribution center near Charlotte, North Carolina.

    "The trucks are doing the same duty cycles as our diesel tractors, and the drivers fight
    over who gets them," said Renee Alvarado, PepsiCo's senior director of fleet
    electrification, during the panel. She added that energy costs per mile were about 60%
    lower than for the diesel trucks they replaced.

    The growing fleet comes as Tesla ramps up its dedicated Semi factory next to Giga Nevada,
    which started volume production in the third quarter. Tesla has said the facility is
    designed to build up to 50,000 Semis per year once fully ramped, although the company has
    not disclosed current output.

    Tesla has also been expanding its Megacharger network for Semi customers. There are now 46
    public and private Megacharger sites in the United States, with more planned along the
    Interstate 5 and Interstate 10 corridors.

    Other early Semi customers include Sysco, DHL, Martin Brower and Costco, several of which
    have expressed interest in larger orders once the Nevada factory reaches full capacity.
    """,
)

article(
    "byd-cuts-insideevs",
    "byd-china-price-cuts",
    "InsideEVs",
    "https://insideevs.com/news/781903/byd-china-discounts-21-models-seagull/",
    "2026-11-07T10:00:00Z",
    "BYD Discounts 21 EVs And Hybrids In China, And Rivals Are Nervous",
    """
    China's car market got another jolt on Friday when BYD announced discounts on 21 of its
    models, in some cases taking a fifth off the sticker price. The Seagull, a city car that
    has been the poster child for cheap Chinese EVs, now costs 49,800 yuan in China. That is
    roughly $7,000.

    The discounts, which BYD labels year-end subsidies, run through December 31. They apply to
    the mass-market Dynasty and Ocean lineups, including the Qin Plus DM-i plug-in hybrid (now
    63,800 yuan) and the Han L EV, which gets the biggest cut at 53,000 yuan. Luxury offshoots
    Denza and Yangwang are excluded.

    Shares of BYD dropped 5.3% on the news. Competitors, including Geely, Leapmotor and Xpeng,
    fell too, since price cuts by the market leader usually force everyone else's hand.

    "When BYD moves, the whole market moves," said Lena Fischer, an analyst at the Munich-based
    consultancy Cargo Advisory. "Everybody else is smaller and has thinner margins, so the
    pressure is bigger for them."

    It's a striking contrast to the US, where the cheapest new EVs cost around $30,000 and the
    market has cooled since federal incentives ended. In Europe, the Seagull sells as the
    Dolphin Surf for more than three times its Chinese price, partly due to tariffs and higher
    equipment levels.

    We'll be watching whether China's regulators, who have been pushing automakers to stop the
    discounting spiral, respond.
    """,
)

article(
    "chevy-bolt-insideevs",
    "chevy-bolt-first-drive",
    "InsideEVs",
    "https://insideevs.com/reviews/781990/2027-chevy-bolt-first-drive/",
    "2026-11-08T13:00:00Z",
    "2027 Chevy Bolt First Drive: The Cheap EV Comeback Is Real",
    """
    The Chevrolet Bolt is back, and after a day driving the new one around Detroit, I can
    report that it has kept the things people loved about the old car while fixing most of what
    they didn't.

    The basics: the 2027 Bolt starts at $29,995 including destination, making it one of the
    cheapest new EVs in America. It uses a 65-kilowatt-hour lithium iron phosphate (LFP)
    battery, which GM says is good for 262 miles of EPA range, and a single 210-horsepower motor
    driving the front wheels. It's built at GM's Fairfax plant in Kansas.

    The biggest upgrade is charging. The old Bolt was notoriously slow on DC fast chargers,
    topping out around 55 kW. The new one can charge at up to 150 kW and went from 10% to 80% in
    about 26 minutes in my testing. A built-in NACS port means it plugs into Tesla Superchargers
    without an adapter.

    On the road, the Bolt feels familiar: light, nimble and quiet, with a ride that soaks up
    Michigan's potholes better than you would expect at this price. The steering is numb, and
    passing power at highway speeds is merely adequate, but nobody buys a Bolt for thrills.

    Inside, there's an 11-inch digital cluster and a 17.7-inch center screen running Google
    built-in. Apple CarPlay and Android Auto are not available, which remains GM's most
    controversial decision. The materials are hard plastic, but the fit and finish is solid.

    Should you buy one? If you need an affordable EV for commuting and the occasional road trip,
    the Bolt is hard to beat. It's a better value than most compact gas crossovers once you
    factor in running costs, and it's more fun to drive than its price suggests.
    """,
)


# -- Nov 9-10: two Model Y launches a day apart (China six-seater, Europe Standard) --------

article(
    "model-y-l-cnevpost",
    "tesla-model-y-l-china-launch",
    "CnEVPost",
    "https://cnevpost.com/2026/11/09/tesla-model-y-l-launch-china/",
    "2026-11-09T02:40:00Z",
    "Tesla launches six-seat Model Y L in China at RMB 339,000, deliveries from Dec",
    """
    Tesla today launched the Model Y L, a six-seat version of its best-selling SUV, in China,
    with a starting price of RMB 339,000 ($47,600). Orders are now open on the Tesla China
    website, and the company expects to begin deliveries in December.

    The Model Y L comes only in a Dual Motor all-wheel drive version with a CLTC range of 751
    km and a 0-100 km/h acceleration time of 4.5 seconds.

    Compared with the standard Model Y, the Model Y L is 179 mm longer at 4,976 mm, with a
    wheelbase extended by 150 mm to 3,040 mm. Its height has increased to 1,668 mm to give
    third-row passengers more headroom.

    Seats are arranged in a 2+2+2 layout. The second row has two independent captain's chairs
    with electric folding, heating, ventilation and armrests. An 8-inch touchscreen for rear
    passengers and a 16-inch central screen are standard.

    The Model Y L will be produced at Tesla's Shanghai Gigafactory and is currently only
    available in China. It is RMB 25,500 more expensive than the five-seat Model Y Long Range
    AWD, which starts at RMB 313,500.

    In China's six-seat SUV segment, the Model Y L will compete with models such as the Li Auto
    L6 and i6, the Aito M8 and the Onvo L90, most of which are priced lower.

    Tesla sold 61,497 vehicles made in Shanghai in October, including exports, according to
    data from the China Passenger Car Association released last week.
    """,
)

article(
    "model-y-l-teslarati",
    "tesla-model-y-l-china-launch",
    "Teslarati",
    "https://www.teslarati.com/tesla-model-y-l-china-orders-open/",
    "2026-11-09T05:15:00Z",
    "Tesla Model Y L officially goes on sale in China with 751 km range",
    """
    The Tesla Model Y L is officially here. Tesla China opened orders for the long-wheelbase,
    six-seat variant of the all-electric crossover on Monday, pricing it at ¥339,000 and
    confirming that first customer deliveries will start next month.

    The Model Y L was one of the most anticipated Tesla launches of the year in China, where
    three-row family SUVs have become one of the fastest-growing segments. Unlike the Model Y's
    optional seven-seat configuration in other markets, the Model Y L has a proper 2+2+2
    layout, with two second-row captain's chairs that fold electrically to give access to the
    third row.

    Thanks to its 3,040 mm wheelbase, the vehicle offers considerably more space than the
    regular Model Y, Tesla China noted. The third row has enough headroom for adults, and the
    cargo area remains usable even with all seats up.

    Despite being larger and heavier, the Model Y L achieves an impressive 751 km of range on
    China's CLTC cycle. It sprints from 0 to 100 km/h in 4.5 seconds, thanks to its Dual Motor
    AWD powertrain.

    The Model Y L will be built at Gigafactory Shanghai, which has been the company's main
    export hub. Tesla has not announced plans to sell the vehicle outside China, though many
    Tesla enthusiasts in Europe and Asia have expressed interest on social media.

    Tesla China's Weibo account teased the vehicle with the tagline "Space for everyone," and
    the launch page on Tesla's China website briefly went down after orders opened, according
    to several users.
    """,
)

article(
    "model-y-l-carnewschina",
    "tesla-model-y-l-china-launch",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/09/tesla-model-y-l-launched-6-seats-339000-yuan/",
    "2026-11-09T06:00:00Z",
    "Tesla Model Y L launched in China: 6 seats, 3,040 mm wheelbase, 339,000 yuan",
    """
    On November 9, Tesla China launched the Model Y L, the brand's first six-seater model
    produced in China. The long-wheelbase SUV is available in one Dual Motor all-wheel-drive
    version priced at 339,000 yuan (47,600 USD).

    Exterior and dimensions: The Model Y L keeps the front design of the new Model Y, including
    the full-width light bar, but adds a longer rear overhang and a new roof spoiler. It
    measures 4,976/1,920/1,668 mm with a 3,040 mm wheelbase. New 19-inch "Aero" wheels are
    standard.

    Interior: The cabin has a 2+2+2 layout. Both second-row seats are independent captain's
    chairs with electric adjustment, heating and ventilation, and they fold electrically for
    third-row access. The third row gets its own air vents, USB-C ports and cup holders. A
    16-inch central touchscreen and an 8-inch rear screen are equipped.

    Powertrain: Two motors deliver a combined power of 340 kW, and 0-100 km/h acceleration
    takes 4.5 seconds. The battery is an 82 kWh NCM pack supplied by LG Energy Solution,
    offering a CLTC range of 751 km.

    Market: Deliveries start in December. The Model Y L enters a competitive segment dominated
    by domestic players like Li Auto, Aito and Onvo. For example, the Li Auto L6 starts at
    249,800 yuan, while the Aito M8 starts at 358,000 yuan.
    """,
)

article(
    "model-y-l-reuters",
    "tesla-model-y-l-china-launch",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/tesla-rolls-out-six-seat-model-y-china-2026-11-09/",
    "2026-11-09T08:10:00Z",
    "Tesla rolls out six-seat Model Y in China as it fights for share in family SUV segment",
    """
    SHANGHAI, Nov 9 (Reuters) - Tesla launched a longer, six-seat version of its Model Y in
    China on Monday, priced at 339,000 yuan ($47,600), as the U.S. automaker seeks to win back
    buyers from local rivals that have captured the booming market for family-oriented SUVs.

    The Model Y L, which will be built at Tesla's Shanghai factory, has a wheelbase 150
    millimetres longer than the standard Model Y and offers a third row of seats. Deliveries
    will begin in December, Tesla said on its Chinese website.

    Tesla's retail sales in China fell 9% in the first 10 months of this year, according to
    data from the China Passenger Car Association, as domestic brands such as Xiaomi, Li Auto
    and Huawei-backed Aito launched cheaper models with more features.

    "Three-row SUVs are where the growth is in China and Tesla has been absent," said Wei Jian,
    an analyst at Shenzhen-based Everbright Auto Research. "The price is high for the segment,
    but the brand still carries weight with first-time premium buyers."

    The Model Y has been China's best-selling SUV for several years, but its lead has narrowed.
    Xiaomi's YU7, launched in June 2025, has outsold the Model Y in several months this year.

    Tesla did not say whether it would export the Model Y L. The company is expected to launch
    a cheaper version of the Model Y in Europe this week.

    (Reporting by Qiu Meng and Liam Fraser; Editing by Martin Fell)
    """,
)

article(
    "model-y-l-electrek",
    "tesla-model-y-l-china-launch",
    "Electrek",
    "https://electrek.co/2026/11/09/tesla-model-y-l-six-seater-launch-china-price/",
    "2026-11-09T13:30:00Z",
    "Tesla's long Model Y L six-seater launches in China for ~$47,600",
    """
    Tesla has launched its first new body style in years, and it's only for China for now. The
    Model Y L stretches Tesla's best-selling crossover and adds a third row of seats for six
    passengers.

    Here are the key specs: a price of ¥339,000 (~$47,600); 751 km of CLTC range, which should
    translate to about 320 miles on the EPA cycle; Dual Motor AWD; 0-100 km/h in 4.5 seconds; a
    3,040 mm wheelbase, 150 mm longer than the regular Model Y; and an overall length of 4,976
    mm.

    The six seats come in a 2+2+2 arrangement. The middle row gets two captain's chairs with
    power folding, ventilation and a rear touchscreen, a configuration Chinese buyers have come
    to expect in family SUVs thanks to Li Auto, which popularized it.

    Tesla will build the Model Y L at Giga Shanghai, with deliveries expected to start in
    December. It's not clear whether it will be exported. Tesla has previously said it had no
    plans to sell the vehicle in the US, where it already offers an optional seven-seat
    configuration on the regular Model Y.

    Electrek's Take

    This is a smart move for China, where Tesla's sales have been under pressure from dozens of
    new competitors. Family SUVs with big second-row seats are the hottest segment in the
    country, and Tesla had nothing to offer there. At ¥339,000, though, it's more expensive
    than most of the competition, including Li Auto's models, so we'll see how much demand
    there really is. I'd love to see it in the US, but I wouldn't hold my breath.
    """,
)

article(
    "model-y-std-eu-electrek",
    "tesla-model-y-standard-europe-launch",
    "Electrek",
    "https://electrek.co/2026/11/10/tesla-model-y-standard-europe-price-launch/",
    "2026-11-10T09:30:00Z",
    "Tesla launches Model Y Standard in Europe at €39,990 – here's what's cut",
    """
    Tesla has finally launched the Model Y Standard in Europe. The stripped-down version of its
    best-selling vehicle starts at €39,990 in Germany, almost €6,000 less than the cheapest
    Model Y until now.

    The Model Y Standard was introduced in the US last year, and Europe gets a similar recipe.
    Here's what Tesla removed to hit the lower price: the rear passenger touchscreen, the front
    LED light bar, ambient lighting, the power-adjustable steering column, and ventilated front
    seats. The seats are upholstered in textile instead of vegan leather, and the glass roof is
    covered by a headliner.

    The range takes only a small hit. Tesla rates the Model Y Standard at 534 km (332 miles)
    WLTP with rear-wheel drive, and it does 0 to 100 km/h in 7.2 seconds.

    Pricing varies by market: €39,990 in Germany and France, €38,990 in the Netherlands, and
    NOK 379,900 in Norway. The Model Y Premium RWD, previously the entry point, stays at
    €45,970 in Germany. First deliveries are expected in February 2027, and all European units
    will be built at Giga Berlin.

    Electrek's Take

    Tesla needs this. Its sales in Europe are down about 27% this year, and the Model Y has been
    losing ground to cheaper competition from BYD, Skoda, Kia and others. €39,990 is a good
    price for a vehicle of this size and range, and in France it should qualify for the
    eco-bonus, which would bring it even lower. But the new Model Y is no longer new, and
    several competitors now offer more features for less. I expect this to help volumes, but
    not to completely turn around Tesla's European slump.
    """,
)

article(
    "model-y-std-eu-teslarati",
    "tesla-model-y-standard-europe-launch",
    "Teslarati",
    "https://www.teslarati.com/tesla-model-y-standard-europe-giga-berlin/",
    "2026-11-10T10:45:00Z",
    "Tesla Model Y Standard arrives in Europe, built at Giga Berlin",
    """
    Tesla has introduced the Model Y Standard across Europe, bringing its most affordable
    crossover to customers in Germany, France, the Netherlands, Norway and more than a dozen
    other markets.

    The vehicle starts at €39,990 in Germany, and orders are now open on Tesla's European
    configurator. First deliveries are slated for February 2027. All European Model Y Standard
    units will be produced at Gigafactory Berlin-Brandenburg, which Tesla recently upgraded to
    handle the new variant alongside the Model Y Premium and Performance. The Grünheide plant
    has added around 500 workers in recent months in preparation for the launch, according to
    local reports.

    The Model Y Standard features a 534 km WLTP range, rear-wheel drive, and a 0-100 km/h time
    of 7.2 seconds. To reach its lower price point, Tesla simplified parts of the vehicle, such
    as using textile seats and removing the rear display and the front light bar. Core features
    like the 15.4-inch touchscreen, heated front seats, and Tesla's full suite of active safety
    features remain standard.

    The launch is an important one for Tesla's European business. Affordable variants have been
    one of the most requested items by European customers, and competitors like BYD,
    Volkswagen and Renault have launched a steady stream of electric vehicles at or below the
    €40,000 mark.

    Tesla enthusiasts were quick to note that the Model Y Standard could become eligible for
    incentives in several countries. In France, for example, the vehicle is expected to qualify
    for the "bonus écologique" thanks to its Giga Berlin origin and relatively low carbon
    footprint score.
    """,
)

article(
    "model-y-std-eu-reuters",
    "tesla-model-y-standard-europe-launch",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/tesla-launches-cheaper-model-y-europe-sales-slump-2026-11-10/",
    "2026-11-10T11:20:00Z",
    "Tesla launches cheaper Model Y in Europe as sales slump",
    """
    BERLIN, Nov 10 (Reuters) - Tesla on Tuesday launched a cheaper version of its Model Y SUV in
    Europe, priced from 39,990 euros ($46,200) in Germany, as the U.S. electric carmaker tries to
    revive sales that have fallen sharply in the region this year.

    The Model Y Standard, which will be produced at Tesla's plant in Gruenheide near Berlin,
    costs about 6,000 euros less than the previously cheapest version of the model. Deliveries
    are due to start in February 2027, according to Tesla's website.

    Tesla's new car registrations in Europe fell 27% in the first nine months of 2026, data from
    the European Automobile Manufacturers' Association (ACEA) showed, while Chinese rival BYD
    more than doubled its sales in the region.

    "It's the right product, but about a year late," said Sophie Lindqvist, an analyst at
    Nordic Equity Partners in Stockholm. "Competitors have had time to fill the gap below 40,000
    euros."

    The lower price was achieved by removing features including the rear touchscreen, ambient
    lighting and some upholstery, while the rear-wheel drive model's range was rated at 534 km
    (332 miles).

    Tesla launched the Model Y Standard in the United States in October 2025 at $39,990. On
    Monday, the company launched a longer, six-seat version of the Model Y in China.

    (Reporting by Jonas Reiter; Editing by Rhea Castell)
    """,
)

article(
    "model-y-std-eu-insideevs",
    "tesla-model-y-standard-europe-launch",
    "InsideEVs",
    "https://insideevs.com/news/782110/tesla-model-y-standard-europe-worth-it/",
    "2026-11-10T13:00:00Z",
    "The Cheaper Tesla Model Y Standard Is Here For Europe. Is It Worth It?",
    """
    Europeans who have been waiting for a more affordable Tesla can now order one. The Model Y
    Standard went on sale across the continent on Tuesday, starting at €39,990 in Germany and
    France and €38,990 in the Netherlands. Norway gets it for NOK 379,900.

    That's a €5,980 saving compared with the Model Y Premium Rear-Wheel Drive, which costs
    €45,970 in Germany. So what do you give up?

    Quite a lot of small things, as it turns out. There is no rear-seat touchscreen, no ambient
    lighting, and no light bar across the front. The front seats are covered in fabric and are
    heated but not ventilated. The steering wheel adjusts manually. The panoramic glass roof is
    still there, but it's covered by a fabric headliner, so you don't get to enjoy it. You also
    lose some sound deadening and the premium audio system.

    What you keep is what matters most. The Model Y Standard still offers a WLTP range of 534 km
    from its rear-wheel-drive setup, still has access to Tesla's Supercharger network, and still
    gets over-the-air updates. Acceleration to 100 km/h takes 7.2 seconds, which is more than
    enough for daily use.

    Deliveries start in February. Cars for Europe will be built at Tesla's factory in
    Grünheide, near Berlin.

    Our take: if you mostly drive alone or with one passenger, and you don't care about frills,
    the Standard is the Model Y to get. Families who spend hours in the back seat may find the
    missing rear screen and ventilated seats worth the upgrade.
    """,
)

article(
    "model-y-std-eu-bi",
    "tesla-model-y-standard-europe-launch",
    "Business Insider",
    "https://www.businessinsider.com/tesla-cheaper-model-y-standard-europe-sales-2026-11",
    "2026-11-10T15:40:00Z",
    "Tesla is finally selling a cheaper Model Y in Europe, where its sales have cratered",
    """
    Tesla is bringing its cheaper Model Y to Europe, where it badly needs a sales boost.

    The Model Y Standard went on sale on Tuesday in Germany, France, the Netherlands, Norway,
    and other European markets. The car starts at €39,990, or about $46,200, in Germany, with
    first deliveries expected in February.

    Tesla's European sales have fallen sharply over the past two years. Registrations in the
    region dropped 27% in the first nine months of 2026, according to the European Automobile
    Manufacturers' Association. Analysts have pointed to an aging lineup, rising competition
    from Chinese brands like BYD, and a backlash against CEO Elon Musk's political activity.

    The new Model Y Standard is designed to compete on price. To get there, Tesla removed
    several features found in pricier versions, including the rear-seat screen, the front light
    bar, and ambient lighting, and swapped the vegan leather seats for cloth. It has a range of
    534 kilometers, or about 332 miles, on Europe's WLTP test cycle.

    "Price matters more in Europe than it does in the US, and Tesla has been priced out of a big
    chunk of the market," said Tom Brennan, a European autos analyst at Ashgrove Research. "This
    gets them back in the game, at least on paper."

    Tesla first launched the Model Y Standard in the US in October 2025, along with a Model 3
    Standard. US sales of the cheaper models have been modest so far, according to estimates
    from Cox Automotive.

    Tesla did not respond to a request for comment from Business Insider.
    """,
)

article(
    "xiaomi-munich-electrek",
    "xiaomi-munich-showroom",
    "Electrek",
    "https://electrek.co/2026/11/10/xiaomi-first-european-ev-showroom-munich/",
    "2026-11-10T16:30:00Z",
    "Xiaomi opens its first European EV showroom in Munich, but you can't buy a car yet",
    """
    Xiaomi has opened its first car showroom outside China, and it chose Germany's automotive
    heartland to do it. The company's new space in Munich's Maxvorstadt district opened to the
    public on Tuesday, displaying the SU7 Ultra sedan and the YU7 SUV next to Xiaomi's phones
    and smart home products.

    There's a catch: you can't order a car there yet. Xiaomi says it plans to start selling EVs
    in Europe in 2027, and the Munich location is meant to "introduce the brand" and gather
    feedback from European customers in the meantime. Visitors can sit in the cars but not test
    drive them, and there is no pricing for Europe.

    The location is no coincidence. Xiaomi opened an R&D center in Munich in 2025, staffed with
    engineers hired from BMW, Audi and Porsche, to adapt its cars to European regulations and
    tastes. The company has said it will start with the YU7, which will need changes including
    EU-compliant driver assistance software and a different charging port.

    Xiaomi's EV business has grown at an impressive pace. The company delivered more than 46,000
    cars in China in October, and its YU7 is one of the best-selling SUVs in the country. Xiaomi
    has said it expects to sell cars in several European markets, starting with Germany, France
    and the Netherlands.

    Electrek's Take

    A showroom with no cars for sale is an unusual move, but Xiaomi has a lot of brand
    recognition in Europe thanks to its phones. Building awareness early makes sense. The real
    question is pricing: with EU minimum-price rules for Chinese EVs coming in January, Xiaomi
    won't be able to undercut local brands as aggressively as it would like.
    """,
)

syndicate(
    "model-y-std-eu-bi",
    id="model-y-std-eu-aol",
    source="AOL",
    url="https://www.aol.com/news/tesla-finally-selling-cheaper-model-154012678.html",
    published="2026-11-10T20:05:00Z",
    title="Tesla launches a cheaper Model Y in Europe, where its sales have cratered",
    drop_last=1,
    append=BI_FOOTER,
)


# -- Nov 11-12: second Tesla recall, a week after the first (hardware, different count) ----

article(
    "tesla-belt-recall-reuters",
    "tesla-recall-seat-belt-bolt",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/tesla-recalls-nearly-25000-model-3-model-y-seat-belt-2026-11-11/",
    "2026-11-11T14:40:00Z",
    "Tesla recalls nearly 25,000 Model 3, Model Y vehicles over seat belt bolts",
    """
    WASHINGTON, Nov 11 (Reuters) - Tesla is recalling 24,910 Model 3 and Model Y vehicles in the
    United States because a bolt securing the front passenger seat belt may not have been
    properly tightened, the U.S. National Highway Traffic Safety Administration said on
    Wednesday.

    An improperly torqued anchor bolt could allow the seat belt to separate from the vehicle in
    a crash, increasing the risk of injury, the agency said.

    Unlike most recent Tesla recalls, the problem cannot be fixed with a software update. Tesla
    will inspect the bolt and tighten or replace it free of charge, according to the filing.

    The recall covers 2026 model year vehicles built at Tesla's factories in Fremont,
    California, and Austin, Texas, between March 3 and June 19, 2026. Tesla said it had
    identified 11 warranty claims related to the condition and was not aware of any injuries or
    deaths.

    Tesla traced the issue to a torque tool that had been incorrectly calibrated on a
    supplier's sub-assembly line, the filing said.

    It is the second Tesla recall in as many weeks. On Nov. 4, the automaker recalled 68,214
    Model Y vehicles over a software error that delayed the rearview camera image.

    Owners will be notified by mail starting Dec. 28.

    (Reporting by Tom Hale in Washington; Editing by Rhea Castell)
    """,
)

article(
    "tesla-belt-recall-electrek",
    "tesla-recall-seat-belt-bolt",
    "Electrek",
    "https://electrek.co/2026/11/11/tesla-recall-model-3-model-y-seat-belt-bolt-service/",
    "2026-11-11T16:05:00Z",
    "Tesla recalls 24,910 Model 3/Y because seat belt bolts might be loose – requires service visit",
    """
    Tesla has issued a new recall for 24,910 Model 3 and Model Y vehicles in the US, and this
    time, owners will have to book a service appointment.

    The problem is with the bolt that anchors the front passenger seat belt. According to
    Tesla's filing with NHTSA, a torque tool used on a sub-assembly line at one of its suppliers
    was miscalibrated, so some bolts may not have been tightened to spec. In a worst-case
    scenario, the seat belt could come loose during a crash.

    Affected vehicles are 2026 Model 3 sedans and Model Y SUVs produced between March 3 and June
    19 at Fremont and Giga Texas. Tesla says it knows of 11 warranty claims potentially related
    to the issue and no injuries.

    The remedy is simple but physical: a technician will check the bolt's torque and tighten or
    replace it. Tesla says the job takes about 30 minutes and can be done by mobile service.
    Owners should get a letter at the end of December, but they can schedule the inspection
    through the Tesla app now.

    Electrek's Take

    Compared with last week's backup camera recall, which was fixed over the air, this one is a
    reminder that Tesla still has ordinary manufacturing quality issues like every other
    automaker. A loose seat belt bolt is a serious defect, even if it sounds mundane. The good
    news is that it was caught through warranty claims before anyone was hurt. If you bought a
    Model 3 or Model Y this spring, it's worth checking the app.
    """,
)

article(
    "tesla-belt-recall-teslarati",
    "tesla-recall-seat-belt-bolt",
    "Teslarati",
    "https://www.teslarati.com/tesla-model-3-model-y-seat-belt-recall/",
    "2026-11-11T17:30:00Z",
    "Tesla issues voluntary seat belt recall for Model 3 and Model Y built this spring",
    """
    Tesla has issued a voluntary safety recall for a limited number of U.S. Model 3 sedans and
    Model Y crossovers to inspect the front passenger seat belt anchorage.

    As per a Part 573 Safety Recall Report published by NHTSA, the recall covers 24,910 vehicles
    from the 2026 model year that were manufactured at the Fremont Factory and Gigafactory Texas
    between March 3, 2026 and June 19, 2026. Tesla explained that the lower anchor bolt on the
    front passenger seat belt may not have been torqued to specification because of a tool
    calibration error at a supplier.

    Tesla stated that it is not aware of any collisions, injuries, or fatalities related to the
    condition. The company has identified 11 warranty claims that may be associated with it.
    Tesla decided to conduct the recall on October 30 after an internal investigation that began
    in September.

    Tesla Service will inspect the anchor bolt and tighten or replace it as needed, free of
    charge. The company said Mobile Service technicians can perform the remedy at an owner's
    home or workplace. Owner notification letters are expected to be mailed on December 28,
    2026.

    The recall is not expected to affect production. Tesla noted that the supplier has
    recalibrated its tools and added an additional torque verification step, and vehicles built
    after June 19 are not affected.

    While most of Tesla's recalls in recent years have been resolved via over-the-air software
    updates, physical inspections like this one are still part of the process for any
    automaker.
    """,
)

article(
    "tesla-belt-recall-bi",
    "tesla-recall-seat-belt-bolt",
    "Business Insider",
    "https://www.businessinsider.com/tesla-recall-seat-belt-model-3-model-y-2026-11",
    "2026-11-11T19:50:00Z",
    "Tesla is recalling almost 25,000 cars because a seat belt could come loose in a crash",
    """
    Tesla is recalling 24,910 cars in the US because the front passenger seat belt may not be
    properly attached.

    The recall affects some 2026 Model 3 sedans and Model Y SUVs built at Tesla's factories in
    California and Texas between early March and mid-June, according to documents filed with
    the National Highway Traffic Safety Administration.

    The problem stems from a bolt that holds the seat belt to the car's body. Tesla said some of
    those bolts may not have been tightened enough because of a faulty tool at a supplier. If
    the bolt isn't tight, the belt could separate from its anchor in a crash, the filing said.

    Unlike many of Tesla's recalls, which are fixed by updating the car's software remotely,
    this one requires owners to have the bolt inspected by a technician. Tesla will do the work
    for free, the company said. Tesla said it knows of 11 warranty claims related to the issue
    but no injuries.

    The recall comes a week after Tesla recalled more than 68,000 Model Ys over a software
    glitch that could delay the image from the backup camera. Tesla has issued more than a dozen
    recalls in the US this year, according to NHTSA's database, though most have involved
    software.

    Owners who want to check whether their car is affected can enter their vehicle
    identification number on NHTSA's website or in the Tesla app.

    Tesla did not respond to a request for comment from Business Insider.
    """,
)

syndicate(
    "tesla-belt-recall-bi",
    id="tesla-belt-recall-aol",
    source="AOL",
    url="https://www.aol.com/finance/tesla-recalling-almost-25-000-195512345.html",
    published="2026-11-12T01:15:00Z",
    title="Tesla recalls nearly 25,000 Model 3 and Model Y cars over a seat belt bolt that could come loose",
    drop_last=1,
    append=BI_FOOTER,
)


# -- Nov 12-16: Xiaomi YU7 GT launch and orders, then a fatal SU7 crash two days later -----

article(
    "yu7-gt-cnevpost",
    "xiaomi-yu7-gt-launch-orders",
    "CnEVPost",
    "https://cnevpost.com/2026/11/12/xiaomi-yu7-gt-launched/",
    "2026-11-12T13:10:00Z",
    "Xiaomi YU7 GT launched at RMB 389,900 with 2.9-second 0-100 km/h",
    """
    Xiaomi EV today launched the YU7 GT, the performance version of its YU7 SUV, with a price of
    RMB 389,900 ($54,700), making it the most expensive model in the YU7 lineup.

    The YU7 GT has a dual-motor all-wheel-drive system with a combined output of 748 kW,
    allowing it to accelerate from 0 to 100 km/h in 2.9 seconds. Its top speed is 300 km/h,
    according to Xiaomi.

    The model uses a 101.7 kWh CATL battery and has a CLTC range of 705 km. It supports 897V
    high-voltage charging, which Xiaomi says can add 620 km of range in 15 minutes.

    Compared with the YU7 Max, the GT gets a lowered air suspension, larger Brembo brakes, a
    fixed rear wing, 21-inch forged wheels and Alcantara sport seats. It sits 30 mm lower than
    the standard YU7.

    Orders are open now, and deliveries are scheduled to begin on December 1, Xiaomi said at
    the launch event in Beijing this evening.

    The existing YU7 range is priced from RMB 253,500 for the Standard version to RMB 329,900 for
    the Max. Xiaomi delivered more than 46,000 vehicles in October, with the YU7 accounting for
    the majority. The company did not say how many GT units it plans to build this year, and it
    did not disclose the number of orders received during the launch event.
    """,
)

article(
    "yu7-gt-carnewschina",
    "xiaomi-yu7-gt-launch-orders",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/12/xiaomi-yu7-gt-debuts-748-kw-389900-yuan/",
    "2026-11-12T14:30:00Z",
    "Xiaomi YU7 GT debuts: 748 kW, 705 km range, priced at 389,900 yuan",
    """
    Xiaomi unveiled the YU7 GT in Beijing on November 12. The high-performance SUV sits at the
    top of the YU7 family and costs 389,900 yuan (54,700 USD).

    Design: The GT is easy to recognize thanks to its carbon-fiber front splitter, fixed rear
    wing and 21-inch forged wheels. It comes in a new "Aurora Orange" paint. Its body is 30 mm
    lower than the regular YU7, thanks to a re-tuned closed-type dual-chamber air suspension.

    Powertrain: The YU7 GT is powered by Xiaomi's HyperEngine V8s motor at the rear and a V6s
    motor at the front. Total output reaches 748 kW. The SUV sprints from 0-100 km/h in 2.9
    seconds and has a top speed of 300 km/h. Power comes from a 101.7 kWh battery pack
    supplied by CATL, providing 705 km of CLTC range.

    Interior: Alcantara sport seats, a carbon-fiber steering wheel and a 1.1-meter "HyperVision"
    panoramic display are standard. The rear seats can be reclined by up to 135 degrees.

    Xiaomi said the YU7 GT was developed by the same engineering team that created the SU7
    Ultra, and that it had been tested at the Nürburgring and at the Shanghai International
    Circuit. Deliveries will start on December 1. Buyers can choose between three interior
    colors, and a track package with semi-slick tires costs an additional 19,900 yuan.
    """,
)

article(
    "yu7-gt-reuters",
    "xiaomi-yu7-gt-launch-orders",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/xiaomi-shares-rise-yu7-gt-suv-draws-118600-orders-2026-11-13/",
    "2026-11-13T03:20:00Z",
    "Xiaomi shares rise as high-end YU7 GT SUV draws 118,600 firm orders",
    """
    HONG KONG, Nov 13 (Reuters) - Shares in Xiaomi rose 6.1% on Friday after the Chinese
    smartphone and electric vehicle maker said its new high-performance YU7 GT SUV had received
    118,600 firm orders within 18 hours of launch.

    The YU7 GT, priced at 389,900 yuan ($54,700), was unveiled on Thursday evening in Beijing.
    Xiaomi chief executive Lei Jun said on his Weibo social media account that the orders were
    "locked in" and therefore non-refundable.

    The strong early demand suggests Xiaomi can keep moving upmarket despite a price war in
    China's auto sector, analysts said. The GT costs 60,000 yuan more than the top version of
    the existing YU7.

    "Xiaomi is selling a lifestyle brand, not just a car," said Kenneth Lau, head of China
    consumer research at Harbourfront Securities. "The question is whether the factory can
    deliver these orders before buyers lose patience."

    Xiaomi said it would start deliveries on Dec. 1 but has not disclosed how many YU7 GT units
    it can build each month. Waiting times for the new model stretched to as long as 40 weeks on
    Friday, according to its ordering app.

    Xiaomi delivered more than 46,000 EVs in October and is aiming for 450,000 deliveries this
    year.

    (Reporting by Ada Lam; Editing by Martin Fell)
    """,
)

article(
    "li-i8-recall-carnewschina",
    "li-auto-i8-recall",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/13/li-auto-recalls-8312-i8-suvs-rear-suspension/",
    "2026-11-13T08:00:00Z",
    "Li Auto recalls 8,312 i8 SUVs over rear suspension bolt issue",
    """
    Li Auto has filed a recall with China's State Administration for Market Regulation (SAMR)
    covering 8,312 Li i8 SUVs produced between July 22, 2025 and March 15, 2026.

    According to the SAMR notice published on November 13, the bolts connecting the rear lower
    control arm to the subframe on some vehicles may not meet the required strength due to a
    heat-treatment defect at a supplier. In extreme cases, a bolt may break, affecting vehicle
    handling and increasing the risk of an accident.

    Li Auto will inspect the affected vehicles free of charge and replace the bolts with
    improved parts. Owners will be contacted by the company's service centers starting November
    20. Li Auto said it has not received any reports of accidents or injuries linked to the
    issue.

    The Li i8 is the brand's first battery-electric SUV. It was launched in July 2025 with a
    starting price of 339,800 yuan and a six-seat layout. It uses a 5C-capable battery that
    allows charging from 10 to 80% in about 10 minutes at Li Auto's own supercharging stations.

    This is Li Auto's second recall this year. In April, the company recalled 6,204 Li MEGA MPVs
    over a coolant pipe that could leak into the battery pack.

    Li Auto delivered 31,542 vehicles in October, down 38.7% year-on-year. Its BEV models, the
    i6 and i8, accounted for about 9,800 of them.
    """,
)

article(
    "yu7-gt-electrek",
    "xiaomi-yu7-gt-launch-orders",
    "Electrek",
    "https://electrek.co/2026/11/13/xiaomi-yu7-gt-118600-orders-18-hours/",
    "2026-11-13T09:40:00Z",
    "Xiaomi's new YU7 GT crushes it again with 118,600 orders in 18 hours",
    """
    Xiaomi has done it again. The Chinese tech giant's new YU7 GT, a performance SUV priced at
    ¥389,900 (about $54,700), racked up 118,600 locked-in orders in just 18 hours after its
    launch on Thursday night.

    That's on top of the regular YU7, which received over 240,000 locked orders in the first 18
    hours when it launched in June 2025, a record at the time. Xiaomi now has a massive backlog,
    and buyers ordering the GT today face a wait of up to 40 weeks.

    The YU7 GT is essentially Xiaomi's answer to the Porsche Cayenne Turbo GT and the Tesla Model
    Y Performance, but with a price that undercuts both. It packs 748 kW (over 1,000 hp) from two
    motors, does 0-100 km/h in 2.9 seconds, and reaches a top speed of 300 km/h. Its 101.7 kWh
    battery gives it 705 km of range on the CLTC cycle, or roughly 560 km (350 miles) on the EPA
    cycle.

    Xiaomi stock jumped over 6% in Hong Kong on Friday on the news.

    Electrek's Take

    The scale of demand for Xiaomi products in China is just wild. Almost 120,000 people put
    down a non-refundable deposit on a ~$55,000 performance SUV within a day. For comparison,
    Porsche sold about 80,000 Cayennes worldwide last year. The challenge, as always with
    Xiaomi, will be production. The company's Beijing plant is running at full capacity, and
    the GT will compete for line time with the regular YU7 and SU7.
    """,
)

article(
    "yu7-gt-bi",
    "xiaomi-yu7-gt-launch-orders",
    "Business Insider",
    "https://www.businessinsider.com/xiaomi-yu7-gt-orders-1000-horsepower-suv-2026-11",
    "2026-11-13T12:15:00Z",
    "Xiaomi, the smartphone company, just got over 100,000 orders for a 1,000-horsepower SUV in less than a day",
    """
    Xiaomi is still best known in the West for its smartphones. In China, it has become one of
    the hottest car brands.

    The company said on Friday that it received 118,600 orders for its new YU7 GT in the 18
    hours after the SUV's launch event in Beijing on Thursday night. The orders are "locked in,"
    meaning buyers have paid deposits that can't be refunded, CEO Lei Jun said in a post on
    Weibo.

    The YU7 GT is a souped-up version of Xiaomi's YU7, a midsize SUV that competes directly with
    Tesla's Model Y. It has more than 1,000 horsepower, can hit 100 km/h (62 mph) from a
    standstill in 2.9 seconds, and costs 389,900 yuan, or about $54,700.

    Xiaomi only started selling cars in 2024, when it launched the SU7 sedan. Since then, it has
    become one of China's fastest-growing automakers, delivering more than 46,000 vehicles in
    October alone.

    Investors cheered the news. Xiaomi's shares rose more than 6% in Hong Kong trading on
    Friday.

    "Xiaomi has figured out something most new automakers haven't, which is how to turn a fan
    base into buyers," said Grace Wu, a consumer tech analyst at Tidewater Partners. "Its phone
    users are already inside the ecosystem."

    Xiaomi plans to start selling cars in Europe in 2027, the company has said. It opened its
    first European showroom, in Munich, earlier this week.
    """,
)

syndicate(
    "yu7-gt-bi",
    id="yu7-gt-yahoo",
    source="Yahoo",
    url="https://autos.yahoo.com/xiaomi-got-118-600-orders-121530456.html",
    published="2026-11-13T14:00:00Z",
    title="Xiaomi got 118,600 orders for its 1,000-horsepower SUV in under a day",
    append=BI_FOOTER,
)

article(
    "yu7-gt-insideevs",
    "xiaomi-yu7-gt-launch-orders",
    "InsideEVs",
    "https://insideevs.com/news/782377/xiaomi-yu7-gt-price-specs-orders/",
    "2026-11-13T17:30:00Z",
    "Xiaomi YU7 GT: China's 1,000-HP SUV Costs Less Than A Base Porsche Macan",
    """
    Xiaomi keeps making the rest of the auto industry look slow. Its latest model, the YU7 GT,
    is a 1,003-horsepower electric SUV that costs 389,900 yuan in China. That's about $54,700,
    or less than a base Porsche Macan Electric in the U.S.

    The GT is a hotter version of the YU7, Xiaomi's midsize SUV. It gets two motors producing a
    combined 748 kilowatts, a 2.9-second 0-to-100 km/h time and a 300 km/h top speed. The air
    suspension sits lower, the brakes are bigger, and there's a fixed rear wing that Xiaomi says
    generates real downforce at speed.

    Buyers clearly like the recipe. Xiaomi said 118,600 people placed locked-in orders in the
    first 18 hours after the launch in Beijing on Thursday. Deliveries start December 1, but new
    buyers are now looking at a wait of up to 40 weeks.

    Range is quoted at 705 kilometers on China's CLTC cycle from a 101.7-kWh CATL battery. That
    cycle is optimistic, so expect something closer to 350 miles in EPA terms.

    Don't expect to see the YU7 GT in America. Xiaomi doesn't sell cars here, and Chinese-made
    vehicles face tariffs of more than 100% plus a ban on Chinese connected-car software that
    takes effect with the 2027 model year. Europe is a more realistic target; Xiaomi says it
    will start sales there in 2027.
    """,
)

article(
    "su7-crash-cnevpost",
    "xiaomi-su7-fatal-crash-wuhan",
    "CnEVPost",
    "https://cnevpost.com/2026/11/14/xiaomi-su7-crash-wuhan-special-team/",
    "2026-11-14T09:20:00Z",
    "Xiaomi sets up special team after fatal SU7 crash in Wuhan",
    """
    Xiaomi EV said today it has set up a special working group and is cooperating with police
    after a Xiaomi SU7 crashed and caught fire in Wuhan early this morning, killing the driver.

    According to a notice from the Wuhan traffic police, the accident occurred at about 1:40 am
    on Saturday on an elevated section of the city's Second Ring Road, when an SU7 traveling
    south collided with the concrete central barrier. The vehicle caught fire after the
    collision, and the driver, a 29-year-old man surnamed Liu, died at the scene. There were no
    other people in the car.

    Videos circulating on Chinese social media show passersby trying to open the car's doors and
    break its windows before flames engulfed the cabin. Whether the doors could be opened after
    the collision has become the focus of online discussion.

    "We are deeply saddened by this accident and extend our condolences to the family," Xiaomi
    EV said in a statement on Weibo. "We have contacted the police and will fully cooperate with
    the investigation, including providing vehicle data."

    The police said the cause of the accident is under investigation, and that alcohol tests
    and the vehicle's speed are part of the inquiry.

    The SU7 uses electronic door handles, which fold flush with the body. In an emergency, the
    front doors can be opened from the inside with a mechanical release, Xiaomi has said.
    China's Ministry of Industry and Information Technology has proposed rules requiring
    mechanical door releases on both sides of all doors for new vehicles from 2027.
    """,
)

article(
    "su7-crash-carnewschina",
    "xiaomi-su7-fatal-crash-wuhan",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/14/xiaomi-su7-fire-wuhan-driver-killed/",
    "2026-11-14T12:00:00Z",
    "Xiaomi SU7 bursts into flames after hitting barrier in Wuhan, driver killed",
    """
    A Xiaomi SU7 sedan was involved in a deadly accident in Wuhan, Hubei province, in the early
    hours of November 14. The car hit the central barrier of the Second Ring Road elevated
    highway and caught fire. The driver, a 29-year-old local man, died in the accident.

    Bystanders told local media they rushed to help but could not open the doors. One witness
    said he tried to pull the door handle but it "did not pop out," while another said the
    windows were too strong to break with a fire extinguisher. Firefighters arrived about ten
    minutes later and put out the fire.

    The Wuhan Public Security Bureau's traffic management department said the case is being
    investigated, and that early findings would be published "in due time."

    In its official response, Xiaomi said it was "deeply saddened" and had formed a special team
    to handle the incident. The company said it had not yet been able to access the vehicle's
    data, because the car's communication module was damaged in the fire.

    It is not the first fatal crash involving a Xiaomi SU7. In March 2025, an SU7 Standard
    crashed into a concrete pole on an expressway in Anhui province shortly after its Navigate on
    Autopilot (NOA) driver assistance handed control back to the driver, killing three
    university students. That accident led to new government rules on how carmakers can market
    driver assistance features.

    The accident comes only two days after Xiaomi launched its YU7 GT performance SUV in
    Beijing.
    """,
)

article(
    "su7-crash-bi",
    "xiaomi-su7-fatal-crash-wuhan",
    "Business Insider",
    "https://www.businessinsider.com/xiaomi-su7-crash-wuhan-ev-door-handles-scrutiny-2026-11",
    "2026-11-14T17:10:00Z",
    "A fiery Xiaomi crash is putting China's hidden EV door handles back under scrutiny",
    """
    A deadly crash involving a Xiaomi electric car in central China is raising new questions
    about the flush door handles that have become a signature of modern EV design.

    A Xiaomi SU7 sedan hit a concrete barrier on an elevated road in Wuhan early Saturday, then
    burst into flames, according to police and local media reports. The 29-year-old driver died
    at the scene. Footage shared widely on Chinese social media appears to show onlookers
    pulling at the car's doors and hitting its windows as the fire spread.

    Xiaomi said in a statement that it was "deeply saddened" and had set up a dedicated team to
    work with the police. The company did not comment on the door handles.

    Flush, electronically operated door handles, popularized by Tesla, have been scrutinized by
    regulators in the US and China. Critics say they can fail when a car loses power after a
    crash, trapping occupants inside. In China, the industry ministry has proposed that every
    new car sold from 2027 must have mechanical door releases inside and out. In the US, the
    National Highway Traffic Safety Administration opened an investigation into Tesla Model Y
    door handles in 2025.

    "Door design is now a front-line safety issue, not an aesthetic one," said Kenji Lam, a
    vehicle safety researcher at the Lingnan Institute of Mobility in Hong Kong.

    The crash comes at an awkward moment for Xiaomi. On Friday, the company said its newly
    launched YU7 GT SUV had received 118,600 locked-in orders in less than a day.

    Xiaomi did not respond to a request for comment from Business Insider.
    """,
)

article(
    "waymo-dallas-bi",
    "waymo-dallas-freeway-rides",
    "Business Insider",
    "https://www.businessinsider.com/waymo-dallas-freeway-robotaxi-rides-2026-11",
    "2026-11-15T15:00:00Z",
    "Waymo is now taking riders on Dallas freeways, a first for the city",
    """
    Waymo's driverless taxis in Dallas can now take the freeway.

    The Alphabet-owned company said on Saturday that riders in the city can now be routed onto
    sections of Interstate 35E, the Dallas North Tollway and Interstate 30, cutting trip times
    between downtown, Love Field and the Uptown neighborhood by up to 40%. Freeway rides are
    available to all riders, not just a test group, Waymo said.

    Dallas is the fourth city where Waymo offers highway trips, after Phoenix, San Francisco and
    Los Angeles. The company launched its Dallas service in June with a fleet managed by Avis
    Budget Group, which handles cleaning, charging and maintenance.

    "Freeways are where a lot of the real-world demand is, especially for airport trips," said
    Carla Jimenez, a Waymo product manager, in an interview with Business Insider. She said the
    company had completed more than 50,000 miles of freeway testing without a safety driver in
    Texas before opening the routes to the public.

    Highway driving is harder for autonomous vehicles in some ways, because of higher speeds and
    merging traffic, even though the environment is more predictable than city streets. Waymo's
    vehicles use a combination of lidar, radar and cameras.

    Waymo now provides more than 400,000 paid rides a week across its markets, the company said
    in October. It faces growing competition from Tesla, which operates a robotaxi service in
    Austin with safety monitors on board and has said it plans to expand to more cities, and
    from Zoox, Amazon's robotaxi unit, in Las Vegas.
    """,
)

article(
    "su7-crash-reuters",
    "xiaomi-su7-fatal-crash-wuhan",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/xiaomi-shares-slide-after-fatal-su7-crash-wuhan-2026-11-16/",
    "2026-11-16T03:40:00Z",
    "Xiaomi shares slide after fatal SU7 crash in Wuhan",
    """
    HONG KONG, Nov 16 (Reuters) - Shares of Xiaomi fell as much as 5.6% on Monday, their biggest
    intraday drop in two months, after a fatal weekend crash involving one of its SU7 electric
    sedans renewed concerns over the safety of its cars.

    The SU7 hit a barrier on an elevated road in the central city of Wuhan in the early hours of
    Saturday and caught fire, killing the driver, according to police. Videos on social media
    showed bystanders unable to open the car's doors.

    Xiaomi said on Saturday it had formed a special task force and was cooperating with the
    police investigation. The cause of the crash has not been determined.

    "The market is worried about a repeat of the Anhui accident, which hit orders for months,"
    said Jacky Tse, an analyst at Victoria Harbour Research, referring to a March 2025 crash in
    which three people died. Xiaomi shares fell more than 5% in the trading session after that
    crash.

    The crash came a day after Xiaomi announced that its new high-end YU7 GT had received
    118,600 firm orders within 18 hours of its unveiling. Xiaomi's shares had gained 6.1% on Friday
    on the news.

    China's industry ministry is finalising rules that will require mechanical door releases on
    all new vehicles from 2027, in part due to concerns that electronic door handles may not
    work after a crash.

    (Reporting by Ada Lam and Qiu Meng; Editing by Martin Fell)
    """,
)

syndicate(
    "su7-crash-reuters",
    id="su7-crash-yahoo",
    source="Yahoo",
    url="https://finance.yahoo.com/news/xiaomi-stock-falls-deadly-su7-034512901.html",
    published="2026-11-16T04:25:00Z",
    title="Xiaomi stock falls after deadly SU7 crash in China",
    replace_lead=("HONG KONG, Nov 16 (Reuters) -", "(Reuters) -"),
)

article(
    "xpeng-mona-cnevpost",
    "xpeng-mona-m03-2027-launch",
    "CnEVPost",
    "https://cnevpost.com/2026/11/16/xpeng-2027-mona-m03-launched/",
    "2026-11-16T10:00:00Z",
    "Xpeng launches 2027 Mona M03 with new Max versions priced from RMB 129,800",
    """
    Xpeng Motors today launched the 2027 Mona M03, an updated version of its best-selling
    compact sedan, with five versions priced from RMB 115,800 to RMB 139,800.

    The most significant change is the addition of Xpeng's Turing AI driving chip to the Max
    versions, priced from RMB 129,800, which enables the company's VLA-based (vision language
    action) urban navigation assistance. The feature previously required the more expensive
    P7+ or G6.

    The 2027 Mona M03 keeps the same exterior design but adds two new colors and redesigned
    18-inch wheels. Inside, the central screen grows from 15.6 to 16.2 inches, and front seat
    ventilation is now standard on all versions.

    Battery options remain unchanged: a 51.8 kWh LFP pack with a CLTC range of 515 km and a 62.2
    kWh pack with a range of 620 km. All versions support 3C fast charging.

    The Mona M03 has been one of Xpeng's main volume drivers since its launch in August 2024,
    regularly selling more than 15,000 units per month. In October, Xpeng delivered 48,211
    vehicles, up 18 percent year-on-year.

    Xpeng will face tougher competition in the segment after BYD's year-end subsidies cut the
    price of the Qin Plus DM-i to RMB 63,800, along with 20 other models, earlier this month.
    """,
)


# -- Nov 17-20: NIO's 100 millionth swap, then NIO's ES9 launch two days later -------------

article(
    "nio-swaps-cnevpost",
    "nio-100-million-battery-swaps",
    "CnEVPost",
    "https://cnevpost.com/2026/11/17/nio-completes-100-millionth-battery-swap/",
    "2026-11-17T08:30:00Z",
    "NIO completes 100 millionth battery swap",
    """
    NIO today completed its 100 millionth battery swap, the company announced, about seven and
    a half years after its first swap station began operating in 2018.

    The milestone swap was performed at a fourth-generation station in Hefei, Anhui province,
    where NIO has its China headquarters, on a Firefly hatchback, according to the company.

    As of November 17, NIO had 3,650 battery swap stations in China, of which 1,120 are located
    along highways. It also has 61 swap stations in Europe. NIO's swap network covers all of
    mainland China's provincial-level regions.

    The swap network has grown steadily busier as NIO's Onvo and Firefly brands have added
    users. On October 5, during the National Day holiday, NIO performed a record 152,300 swaps
    in a single day. The company has said its network has been used by more than 1.1 million
    users.

    NIO's fourth-generation stations can complete a swap in as little as 144 seconds and hold up
    to 23 batteries. The company has also partnered with CATL and automakers including Changan,
    Geely and Chery on battery swap standards.

    NIO has spent more than RMB 18 billion building out its charging and swapping
    infrastructure, according to earlier disclosures. The company plans to add about 350 more
    stations in China by the end of next year, mostly in lower-tier cities and along highways
    where Onvo and Firefly users travel during holidays.
    """,
)

article(
    "nio-swaps-carnewschina",
    "nio-100-million-battery-swaps",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/17/nio-100-million-battery-swaps-milestone/",
    "2026-11-17T11:15:00Z",
    "100 million swaps: NIO's battery swap network reaches new milestone",
    """
    NIO has reached a major milestone for its battery swapping business. On November 17, the
    company completed the 100 millionth battery swap in its history. The record swap was
    carried out at a station in Hefei for a Firefly owner.

    NIO built its first swap station in May 2018 in Shenzhen. It took the company about five
    years to reach 30 million swaps, but only two and a half more years to add the next 70
    million, reflecting the growth of both its network and its user base.

    "Battery swap was once called an impossible business model. Today it's infrastructure,"
    said Shen Fei, NIO's vice president of power, in a post on the NIO app.

    The network now counts 3,650 swap stations in China. More than 1,100 of them are on
    highways, allowing NIO owners to drive across China without stopping to charge. In Europe,
    NIO operates 61 stations in Norway, Germany, the Netherlands, Sweden and Denmark.

    The busiest day so far was October 5, 2026, when 152,300 swaps were completed. Each swap
    takes about three minutes at the latest stations.

    NIO said it will keep expanding the network, with a goal of 4,000 stations in China by the
    end of 2027. Its new models, including the upcoming ES9 flagship SUV, will also support
    battery swapping.
    """,
)

article(
    "nio-swaps-electrek",
    "nio-100-million-battery-swaps",
    "Electrek",
    "https://electrek.co/2026/11/17/nio-100-millionth-battery-swap/",
    "2026-11-17T15:00:00Z",
    "NIO just swapped its 100 millionth EV battery, and it now averages more than one swap per second",
    """
    NIO has now swapped 100 million batteries. The Chinese automaker hit the milestone on
    Tuesday, and its battery swap stations are currently performing more than one swap per
    second on average.

    Some context on how the network has grown: NIO now operates 3,650 swap stations in China,
    including 1,120 along highways, plus 61 in Europe. On its busiest day ever, October 5, the
    network completed 152,300 swaps. Divide that by the 86,400 seconds in a day, and you get
    about 1.8 swaps every second.

    For those unfamiliar with the system, NIO vehicles drive into a swap station, which
    automatically removes the depleted battery and installs a fully charged one in under three
    minutes. The driver doesn't need to leave the car. NIO also sells its cars with a
    Battery-as-a-Service (BaaS) option, in which customers buy the car without the battery and
    pay a monthly subscription, which makes the upfront price much lower.

    Battery swap was long dismissed by Western automakers and analysts, including Tesla, which
    demonstrated it in 2013 before abandoning it. NIO stuck with it, and now other Chinese
    companies, including CATL with its "Choco-swap" network, are building their own.

    Electrek's Take

    NIO still loses a lot of money, and the swap network is a big part of its costs. But 100
    million swaps is an impressive number that shows the concept works at scale. It's also a
    strong differentiator in China, where many people living in apartments can't charge at
    home.
    """,
)

article(
    "nio-swaps-insideevs",
    "nio-100-million-battery-swaps",
    "InsideEVs",
    "https://insideevs.com/news/782640/nio-100-million-battery-swaps/",
    "2026-11-18T09:00:00Z",
    "NIO Hits 100 Million Battery Swaps. Could It Ever Work Here?",
    """
    Battery swapping has long been the EV world's "what if." In China, it's a daily habit for
    hundreds of thousands of drivers. This week, NIO said its stations performed their 100
    millionth battery swap, a number that would have sounded absurd when the company opened its
    first station in 2018.

    The figure was reached on November 17 in Hefei, where a Firefly owner drove into a
    fourth-generation station and left with a fresh pack a couple of minutes later. NIO now runs
    3,650 swap stations across China, and 61 more in five European countries.

    Usage is climbing fast. NIO says it performed 152,300 swaps on a single day during China's
    National Day holiday in October, a record. Its sub-brands Onvo and Firefly, launched in 2024
    and 2025, brought many new drivers onto the network.

    Could it work in the U.S.? The obstacles are big. Swap stations cost far more to build than
    fast chargers, and the model only pays off when lots of vehicles share a standardized
    battery. No American automaker builds cars with swappable packs, and NIO doesn't sell cars in
    the U.S. Tesla demonstrated a 90-second swap in 2013 but quietly dropped the idea.

    Still, the milestone is a reminder that there is more than one way to solve the charging
    problem. For drivers who live in apartments or drive for a living, three minutes at a swap
    station is hard to beat.
    """,
)

article(
    "lucid-guidance-yahoo",
    "lucid-production-forecast-cut",
    "Yahoo",
    "https://finance.yahoo.com/news/lucid-stock-sinks-ev-maker-140012345.html",
    "2026-11-18T14:00:00Z",
    "Lucid stock sinks after EV maker trims 2026 production forecast for second time",
    """
    Lucid Group (LCID) shares fell 9% in early trading on Wednesday after the luxury electric
    vehicle maker lowered its 2026 production forecast for the second time in three months,
    citing supplier disruptions and a slower-than-expected ramp-up of the Gravity SUV.

    Lucid now expects to build between 24,000 and 26,000 vehicles this year, down from a
    previous range of 28,000 to 31,000, according to a regulatory filing late Tuesday. It
    reported third-quarter production of 6,109 vehicles and deliveries of 5,812.

    The company said a shortage of a semiconductor used in the Gravity's air suspension module
    had forced it to idle parts of its factory in Casa Grande, Arizona, for about two weeks in
    October. Lucid has also been dealing with changes to US trade policy that raised the cost of
    some imported components.

    In its letter to shareholders, the company said it was "disappointed" by the revision but
    that demand for the Gravity "remains strong," with a growing order backlog in Europe and the
    Middle East.

    Analysts at Greenbrook Capital cut their price target on the stock to $14 from $19, saying
    the production cut "pushes break-even further into the future."

    Lucid ended the quarter with about $4.2 billion in cash and liquidity, which it said would
    fund operations into the second half of 2027. Saudi Arabia's Public Investment Fund, which
    owns about 60% of Lucid, has repeatedly backed the company with new capital.

    Lucid is also preparing a midsize vehicle platform, with a first model priced around $50,000
    expected in late 2027. The company said that timeline was unchanged.
    """,
)

article(
    "nio-es9-cnevpost",
    "nio-es9-launch",
    "CnEVPost",
    "https://cnevpost.com/2026/11/19/nio-es9-launch-price/",
    "2026-11-19T13:00:00Z",
    "NIO launches ES9 flagship SUV, priced from RMB 528,000 or RMB 428,000 with BaaS",
    """
    NIO today officially launched the ES9, its new flagship six-seat SUV, at an event in
    Shanghai. The model is priced at RMB 528,000, or RMB 428,000 if customers choose the Battery
    as a Service (BaaS) option, with deliveries set to begin on November 26.

    The ES9 measures 5,288 mm in length, 2,017 mm in width and 1,798 mm in height, with a
    wheelbase of 3,250 mm, making it the largest vehicle NIO has ever produced. It comes with a
    2+2+2 seating layout.

    It is built on NIO's 900V high-voltage architecture and is equipped with front and rear
    motors with a combined output of 520 kW. The 100 kWh battery pack provides a CLTC range of
    620 km. Users who choose BaaS pay a monthly fee of RMB 1,280 to rent the 100 kWh battery.

    The ES9 is equipped with NIO's self-developed Shenji NX9031 intelligent driving chip and the
    SkyRide chassis system with fully active suspension.

    Like all NIO-brand models, the ES9 supports battery swapping and is compatible with the
    company's fourth-generation swap stations. NIO completed its 100 millionth battery swap on
    November 17.

    In the six-seat flagship SUV segment, the ES9 will compete with the Li Auto L9, the Aito M9
    and the Zeekr 9X.
    """,
)

article(
    "nio-es9-carnewschina",
    "nio-es9-launch",
    "CarNewsChina",
    "https://carnewschina.com/2026/11/19/nio-es9-debuts-shanghai-6-seat-520-kw/",
    "2026-11-19T14:40:00Z",
    "NIO ES9 debuts in Shanghai: 5.3-meter, 6-seat SUV with 520 kW and active suspension",
    """
    NIO launched its largest-ever SUV, the ES9, at a press event in Shanghai on the evening of
    November 19. The six-seater costs 528,000 yuan (74,100 USD). With NIO's battery
    subscription, the starting price drops to 428,000 yuan.

    Exterior: The ES9 follows the brand's "Design for AI" language, with split headlights, a
    lidar integrated into the roof "watchtower," and flush door handles with a mechanical
    backup. Its length is 5,288 mm and the wheelbase reaches 3,250 mm. The SUV rides on 22-inch
    wheels as standard.

    Interior: A 2+2+2 layout is standard. Second-row passengers get "zero-gravity" seats with
    leg rests, massage and a 17.3-inch ceiling screen. The third row offers 930 mm of headroom.
    The cockpit has a 15.6-inch center display and a 7.1.4 surround sound system with 35
    speakers.

    Powertrain: The ES9 uses a dual-motor system with 520 kW. It accelerates from 0 to 100 km/h
    in 4.2 seconds. The 100 kWh battery pack delivers a CLTC range of 620 km, and the car can be
    swapped at any of NIO's 3,650 stations in China.

    Deliveries begin on November 26. NIO said it expects the ES9 to help the company reach its
    goal of quarterly profitability in the fourth quarter. Customers who order before the end
    of December get free home charger installation and a lifetime warranty for the first owner.
    """,
)

article(
    "nio-es9-reuters",
    "nio-es9-launch",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/nio-bets-74000-flagship-suv-chases-first-quarterly-profit-2026-11-20/",
    "2026-11-20T02:50:00Z",
    "Nio bets on $74,000 flagship SUV as it chases first quarterly profit",
    """
    SHANGHAI, Nov 20 (Reuters) - Chinese electric vehicle maker Nio launched a large six-seat
    SUV priced at 528,000 yuan ($74,100) late on Thursday, its most expensive model, as it seeks
    to tap wealthy families and deliver on a promise to turn a profit in the fourth quarter.

    The ES9 will compete against Huawei-backed Aito's M9 and Li Auto's L9 in the high-end SUV
    segment, which has been one of the few areas of China's car market where margins have held
    up despite a long-running price war.

    Nio chief executive William Li has said the company aims to break even on an operating
    basis in the October-December quarter, after years of losses that have totalled more than
    100 billion yuan since its founding in 2014.

    "The ES9 is a margin product, not a volume product," said Li Qian, an analyst at Pinnacle
    China Research. "If Nio can sell 3,000 a month at that price, it changes the fourth-quarter
    maths."

    Customers can cut the upfront price to 428,000 yuan by leasing the battery under Nio's
    battery-as-a-service plan. Deliveries start on Nov. 26.

    Nio's Hong Kong-listed shares fell 3.4% in early trade on Friday. The company delivered
    40,397 vehicles across its three brands in October.

    (Reporting by Qiu Meng and Liam Fraser; Editing by Martin Fell)
    """,
)

article(
    "vw-zwickau-reuters",
    "vw-zwickau-shift-cut",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/volkswagen-drop-shift-zwickau-ev-plant-2026-11-20/",
    "2026-11-20T10:00:00Z",
    "Volkswagen to drop a shift at Zwickau EV plant as demand for ID models slows",
    """
    BERLIN, Nov 20 (Reuters) - Volkswagen will cut one of three shifts at its Zwickau electric
    vehicle plant in eastern Germany from February, affecting about 1,000 jobs, as demand for
    its ID. models in Europe remains weaker than planned, the company said on Friday.

    Workers on the affected shift will be offered positions at other VW sites, early retirement
    or voluntary severance packages, in line with an agreement reached with the IG Metall union
    in December 2024, a spokesperson for Volkswagen Sachsen said. No compulsory redundancies are
    planned.

    Zwickau, which builds the ID.3, ID.4 and ID.5 as well as models for Audi and Cupra, was the
    first large car factory in Europe converted entirely to electric vehicle production. It has
    a capacity of about 330,000 vehicles a year but built only about 210,000 last year.

    Under the 2024 deal, VW agreed to end vehicle production at its Dresden factory and to cut
    capacity at several other German sites, including reducing Zwickau to two assembly lines by
    2027.

    "Zwickau has been running well below capacity for two years. This was expected," said
    Katrin Vogel, an auto analyst at Hansa Research.

    The company also said production of the ID.3 would move partly to Wolfsburg in 2027, where
    it will share a line with the Golf. Volkswagen's EV sales in Europe rose 8% in the first nine
    months of the year but fell short of internal targets as price competition from Tesla, BYD
    and other Chinese brands intensified.

    (Reporting by Jonas Reiter; Editing by Rhea Castell)
    """,
)

article(
    "nio-es9-insideevs",
    "nio-es9-launch",
    "InsideEVs",
    "https://insideevs.com/news/782811/nio-es9-launch-price-specs/",
    "2026-11-20T12:30:00Z",
    "The NIO ES9 Is A $74,000 Six-Seat Luxury Barge With A Swappable Battery",
    """
    NIO's new flagship is enormous. The ES9, revealed Thursday in Shanghai, stretches 208 inches
    (5,288 mm) from bumper to bumper, about as long as a Cadillac Escalade IQ. It seats six, it
    has a 100-kWh battery, and it costs 528,000 yuan, or about $74,100, in China.

    That price includes the battery. Buy the SUV under NIO's Battery as a Service program and
    the price drops to 428,000 yuan; you then pay a monthly fee for the battery and can swap it
    at any NIO station. That's the party trick here: instead of waiting at a charger, an ES9
    owner can pull into one of roughly 3,650 swap stations in China and leave with a full pack in
    a few minutes.

    The specs are what you'd expect from a Chinese flagship in 2026. There's 520 kW (697 hp) from
    two motors, a 900-volt electrical system, fully active suspension that can lean the body into
    corners, a rooftop lidar, and a second row of reclining captain's chairs with a giant ceiling
    screen. NIO claims 620 km of CLTC range, which should translate into about 330 miles on the
    EPA cycle.

    Deliveries in China begin November 26. NIO also sells cars in parts of Europe but hasn't said
    whether the ES9 will come there. We wouldn't bet on a U.S. launch.
    """,
)


# -- Nov 20-21: Tesla robotaxi in Phoenix, a consumer roundup ----------------------------

article(
    "robotaxi-phx-teslarati",
    "tesla-robotaxi-phoenix-launch",
    "Teslarati",
    "https://www.teslarati.com/tesla-robotaxi-launch-phoenix-arizona/",
    "2026-11-20T17:00:00Z",
    "Tesla Robotaxi officially launches in Phoenix, its third U.S. market",
    """
    Tesla has officially launched its Robotaxi service in the Phoenix metropolitan area, making
    Arizona the third state where the company's ride-hailing platform is operating after Texas
    and California.

    Tesla confirmed the launch on Friday through the official Tesla Robotaxi account on X,
    sharing a map of the initial service area. The geofence covers about 96 square miles,
    including downtown Phoenix, Tempe, Scottsdale and parts of Mesa. Phoenix Sky Harbor
    International Airport is not included for now.

    As in Austin, Phoenix rides will be carried out by Model Y vehicles with a Tesla Safety
    Monitor seated in the front passenger seat. The service will run from 6 a.m. to midnight
    daily, and rides start at $5. Unlike the early days of Austin, there is no invite list:
    anyone can download the Robotaxi app on iOS or Android and hail a ride.

    Early riders were quick to share videos of their first trips. One clip showed a Model Y
    navigating through construction zones on Mill Avenue in Tempe, while another showed the
    vehicle smoothly handling a busy unprotected left turn in Scottsdale.

    Tesla received a transportation network company (TNC) permit from the Arizona Department of
    Transportation in November 2025, and the company has been validating its vehicles in the
    area for several months.

    The expansion comes as Tesla aims to remove safety monitors from its vehicles in Austin by
    the end of the year. The company has said it plans to expand Robotaxi to at least six more
    metro areas in 2027.
    """,
)

article(
    "robotaxi-phx-electrek",
    "tesla-robotaxi-phoenix-launch",
    "Electrek",
    "https://electrek.co/2026/11/20/tesla-robotaxi-phoenix-safety-monitors-waymo/",
    "2026-11-20T19:30:00Z",
    "Tesla launches 'Robotaxi' in Phoenix with safety monitors, where Waymo has been driverless for years",
    """
    Tesla has launched its Robotaxi service in Phoenix, Arizona. Just like in Austin and the Bay
    Area, though, it's not really driverless: a Tesla employee sits in the passenger seat, ready
    to stop the vehicle.

    The service officially started on Friday with a fleet of about 60 Model Y vehicles,
    according to people familiar with the deployment. It covers an area of about 96 square miles
    across Phoenix, Tempe, Scottsdale and Mesa, and operates from 6 a.m. to midnight. Rides start
    at $5.

    Phoenix is an interesting choice. It's where Waymo launched the world's first fully
    driverless commercial ride-hailing service in 2020, and Waymo now covers more than 300
    square miles of the metro area without anyone in the driver's seat, including freeways and
    the airport.

    Tesla CEO Elon Musk has repeatedly promised that Tesla would have no safety monitors in its
    robotaxis by the end of this year, and the company says its vehicles use only cameras, which
    it claims will let it scale faster and cheaper than Waymo's lidar-equipped Jaguars and
    Zeekrs.

    Electrek's Take

    Another city, another launch with a human on board. Tesla keeps expanding the map, which is
    good PR, but the real milestone is removing the safety monitor, and that hasn't happened
    anywhere at scale yet. Until it does, Tesla's Robotaxi is a ride-hailing service with extra
    steps. In Phoenix, customers can compare it directly with Waymo, which has been doing this
    without a human for years. That comparison won't flatter Tesla.
    """,
)

article(
    "robotaxi-phx-reuters",
    "tesla-robotaxi-phoenix-launch",
    "Reuters",
    "https://www.reuters.com/business/autos-transportation/tesla-expands-robotaxi-service-phoenix-2026-11-20/",
    "2026-11-20T21:10:00Z",
    "Tesla expands robotaxi service to Phoenix, taking on Waymo",
    """
    Nov 20 (Reuters) - Tesla launched its robotaxi service in the Phoenix area on Friday,
    expanding its nascent ride-hailing business into a market where Alphabet's Waymo has
    operated fully driverless cars for years.

    The service covers about 96 square miles in Phoenix, Tempe, Scottsdale and Mesa, and uses
    Model Y SUVs with a Tesla safety monitor in the front passenger seat, the company said. Rides
    are available between 6 a.m. and midnight to anyone using its Robotaxi app.

    Tesla began offering paid rides in Austin, Texas, in June 2025 and later added the San
    Francisco Bay Area, where a safety driver sits behind the wheel because of state rules.

    Chief Executive Elon Musk has staked much of Tesla's valuation on autonomous driving and
    robots, as sales of its electric vehicles have slowed. Tesla shares rose 2.3% on Friday.

    "Phoenix is a proof point on regulatory access more than technology," said Marta Ruiz, an
    analyst at Bluefin Securities. "The real test is when the safety monitor leaves the car."

    Waymo, which provides more than 400,000 paid rides a week across its U.S. markets, offers
    rides to and from Phoenix Sky Harbor airport and on highways in the area. Tesla's service
    does not yet include the airport.

    (Reporting by Tom Hale; Editing by Rhea Castell)
    """,
)

article(
    "cheapest-evs-aol",
    "aol-cheapest-evs-roundup",
    "AOL",
    "https://www.aol.com/lifestyle/6-cheapest-electric-cars-buy-120000321.html",
    "2026-11-21T12:00:00Z",
    "The 6 cheapest new electric cars you can buy in the US right now",
    """
    Electric cars still cost more than gas cars on average, but the gap is narrowing, and a
    handful of EVs now start below $40,000 before any discounts. Here are the most affordable new
    EVs on sale in the US as of November 2026, ranked by starting price including destination.

    Chevrolet Bolt, $29,995: The reborn Bolt is back with an LFP battery, 262 miles of range and
    much faster charging than the original. It's the cheapest new EV in America, although you'll
    have to live without Apple CarPlay.

    Nissan Leaf, $31,485: The third-generation Leaf is now a compact crossover with up to 303
    miles of range and a NACS port. Even the base model gets heated seats and a heat pump.

    Fiat 500e, $32,500: The cutest car on this list is also the least practical, with just 149
    miles of range. It makes the most sense as a city runabout or a second car.

    Hyundai Kona Electric, $34,200: A roomy small SUV with up to 261 miles of range and one of the
    best warranties in the business.

    Tesla Model 3 Standard, $36,990: Tesla's cheapest sedan drops some features, like the rear
    screen, but keeps access to the Supercharger network and about 321 miles of range.

    Tesla Model Y Standard, $39,990: The stripped-down Model Y has cloth seats and fewer frills,
    but it is still the best-selling EV in the country for a reason: space, range and charging.
    The federal $7,500 tax credit ended in September 2025, but some states still offer rebates,
    and lease deals can make pricier models cheaper per month.
    """,
)

article(
    "robotaxi-phx-bi",
    "tesla-robotaxi-phoenix-launch",
    "Business Insider",
    "https://www.businessinsider.com/tesla-robotaxi-phoenix-first-ride-review-2026-11",
    "2026-11-21T13:45:00Z",
    "I took one of Tesla's first robotaxi rides in Phoenix. It drove well, but there's still a human on board.",
    """
    Tesla's robotaxi has arrived in Phoenix, and on Friday afternoon I became one of its first
    riders.

    The service, which launched in the Phoenix area on Friday, covers about 96 square miles of
    the metro area, including Tempe, Scottsdale and downtown Phoenix. I downloaded the Robotaxi
    app, requested a ride from a coffee shop in Tempe to Old Town Scottsdale, and was matched
    with a white Model Y about six minutes later. The 11-mile trip cost $14.80.

    The car drove smoothly. It merged onto a busy arterial road without hesitation, waited
    patiently for a pedestrian who stepped off a curb, and handled a tricky four-way stop better
    than some human drivers I know. There was one moment when it braked harder than I expected
    for a yellow light.

    But I wasn't alone. A Tesla employee, the "safety monitor," sat in the front passenger seat
    with a finger near a button that can stop the car. He didn't intervene during my ride, and he
    politely declined to say how often he has to.

    That human is the key difference from Waymo, whose driverless Jaguar I-Pace SUVs have been
    roaming Phoenix with nobody inside since 2020. Waymo's ride from the same coffee shop to the
    same destination, which I took later that day, cost $17.40 and took two minutes longer
    because it avoided the highway.

    Tesla says it will expand to more cities next year and eventually remove safety monitors.
    For now, the Phoenix launch feels like a confident step, but not a giant leap.
    """,
)


# -- checks and output ---------------------------------------------------------------------

DOMAINS = {
    "Business Insider": "www.businessinsider.com",
    "Teslarati": "www.teslarati.com",
    "Electrek": "electrek.co",
    "CnEVPost": "cnevpost.com",
    "InsideEVs": "insideevs.com",
    "Reuters": "www.reuters.com",
    "CarNewsChina": "carnewschina.com",
    "AOL": "www.aol.com",
    "Yahoo": "yahoo.com",
}
# Independently written articles must not share a 10-word sequence (a number is one word:
# shared facts such as "24,910 Model 3 and Model Y vehicles" are fine, shared sentences are
# not), and their 5-word shingle overlap must stay far below the copies' (Jaccard > 0.5).
COPY_NGRAM = 10
MAX_INDEPENDENT_JACCARD = 0.05


def _words(text: str) -> list[str]:
    return re.findall(r"\d[\d,.]*\d|\w+", text.casefold())


def _ngrams(text: str, n: int = COPY_NGRAM) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def jaccard(a: str, b: str, n: int = 5) -> float:
    x, y = _ngrams(a, n), _ngrams(b, n)
    return len(x & y) / len(x | y) if x | y else 0.0


def check(articles: list[dict[str, str]]) -> list[str]:
    """Every rule the brief sets for the set; returns the violations."""
    problems: list[str] = []
    for key in ("id", "url"):
        seen = Counter(a[key] for a in articles)
        problems += [f"duplicate {key}: {v}" for v, n in seen.items() if n > 1]
    for a in articles:
        where = a["id"]
        if a["source"] not in SOURCES:
            problems.append(f"{where}: unknown source {a['source']}")
        host = re.match(r"https://([^/]+)/", a["url"])
        if not host or not host.group(1).endswith(DOMAINS.get(a["source"], "?")):
            problems.append(f"{where}: url {a['url']} not on {a['source']}'s domain")
        when = datetime.fromisoformat(a["published"].replace("Z", "+00:00"))
        if when.tzinfo is None or not (when.year == 2026 and when.month == 11):
            problems.append(f"{where}: published {a['published']}")
        paras = a["text"].split("\n\n")
        words = len(a["text"].split())
        if not 4 <= len(paras) <= 8:
            problems.append(f"{where}: {len(paras)} paragraphs")
        if not 200 <= words <= 600:
            problems.append(f"{where}: {words} words")
    by_event: dict[str, list[dict[str, str]]] = {}
    for a in articles:
        by_event.setdefault(a["event"], []).append(a)
    for event, members in by_event.items():
        if len(members) == 1:
            continue
        sources = [a["source"] for a in members]
        if len(set(sources)) != len(sources) or not 3 <= len(members) <= 8:
            problems.append(f"{event}: sources {sources}")
        times = sorted(datetime.fromisoformat(a["published"][:-1]) for a in members)
        if (times[-1] - times[0]).total_seconds() > 52 * 3600:
            problems.append(f"{event}: spans {times[-1] - times[0]}")
        originals = [a for a in members if "copy_of" not in a]
        for i, x in enumerate(originals):
            for y in originals[i + 1 :]:
                shared = _ngrams(x["text"]) & _ngrams(y["text"])
                if shared:
                    problems.append(f"{x['id']} / {y['id']}: share {' '.join(min(shared))!r}")
                if jaccard(x["text"], y["text"]) > MAX_INDEPENDENT_JACCARD:
                    problems.append(f"{x['id']} / {y['id']}: too similar")
    singletons = sum(1 for m in by_event.values() if len(m) == 1)
    copies = sum(1 for a in articles if "copy_of" in a)
    if len(articles) < 70 or len(by_event) < 10 or singletons < 8 or copies < 6:
        problems.append(
            f"{len(articles)} articles, {len(by_event)} events, {singletons} singletons"
        )
    return problems


def table(articles: list[dict[str, str]]) -> str:
    by_event: dict[str, list[dict[str, str]]] = {}
    for a in articles:
        by_event.setdefault(a["event"], []).append(a)
    rows = [f"{'event':<40} {'n':>2} {'copies':>6}  {'first':<17} sources"]
    for event, members in sorted(
        by_event.items(), key=lambda kv: min(a["published"] for a in kv[1])
    ):
        copies = sum(1 for a in members if "copy_of" in a)
        first = min(a["published"] for a in members)[:16]
        rows.append(
            f"{event:<40} {len(members):>2} {copies:>6}  {first:<17} "
            + ", ".join(a["source"] for a in sorted(members, key=lambda a: a["published"]))
        )
    singletons = sum(1 for m in by_event.values() if len(m) == 1)
    copies = sum(1 for a in articles if "copy_of" in a)
    rows.append(
        f"{len(articles)} articles, {len(by_event)} events ({len(by_event) - singletons} "
        f"multi-article, {singletons} singletons), {copies} syndicated copies"
    )
    return "\n".join(rows)


def main() -> int:
    articles = sorted(ARTICLES, key=lambda a: (a["published"], a["id"]))
    problems = check(articles)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    keys = ("id", "url", "source", "published", "title", "text", "event")
    with OUT.open("w", encoding="utf-8") as handle:
        for a in articles:
            handle.write(json.dumps({k: a[k] for k in keys}, ensure_ascii=False) + "\n")
    print(table(articles))
    print(f"wrote {OUT}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
