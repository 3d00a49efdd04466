"""Hand-written fixture articles for four invented EV-industry outlets.

All companies' products are real-world names, but every event, figure, person and quote
below is invented for testing. Dates are fixed (November 2026) so tests are deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["ARTICLES", "FakeArticle"]


@dataclass
class FakeArticle:
    outlet: str  # outlet key
    slug: str
    title: str
    author: str
    published: datetime  # timezone-aware UTC
    summary: str
    paragraphs: list[str]
    image: str  # path like "/img/xxx.jpg"
    section: str
    # Optional body furniture (rendered by the templates, not part of `paragraphs`):
    subheading: str | None = None  # an <h2> inserted before paragraph `subheading_before`
    subheading_before: int = 0  # 0 = middle of the article
    quote: str | None = None  # a <blockquote> inserted after paragraph `quote_after`
    quote_after: int = 2
    caption: str = ""  # lead image caption

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def _dt(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# Motor Ledger (business-news style, RSS 2.0)
# ---------------------------------------------------------------------------------------------
_MOTOR_LEDGER = [
    FakeArticle(
        outlet="motor-ledger",
        slug="tesla-recall-model-3-model-y-rearview-camera",
        title="Tesla is recalling nearly 240,000 cars over a rearview camera glitch",
        author="Grace Whitfield",
        published=_dt("2026-11-25T13:42:00"),
        summary=(
            "A software fault can leave the backup camera screen blank after the car is "
            "shifted into reverse. Tesla says an over-the-air update fixes it."
        ),
        section="Transportation",
        image="/img/ml-tesla-recall.jpg",
        caption="A Tesla Model Y at a Supercharger station in Fremont, California.",
        paragraphs=[
            "Tesla is recalling 239,382 Model 3 sedans and Model Y SUVs in the US because a "
            "software fault can stop the rearview camera image from appearing when the driver "
            "shifts into reverse, according to a filing published Tuesday by the National "
            "Highway Traffic Safety Administration.",
            "The affected vehicles were built between March 2025 and September 2026 and run "
            "a specific release of Tesla's infotainment software. Under some conditions, the "
            "filing says, the main display can finish booting a few seconds after the gear "
            "selector is moved, which means the camera feed does not show up in time.",
            "Federal safety rules require a backup image to appear within two seconds of a "
            "car being put in reverse. A rearview image that arrives late increases the risk "
            "of a crash, the regulator said, particularly in parking lots and driveways where "
            "small children may be hard to see.",
            "Tesla said it was not aware of any crashes, injuries or deaths connected to the "
            "problem. The company first received a field report about the blank screen in "
            "early October and opened an internal investigation after its service centers "
            "logged 87 similar warranty claims over the following three weeks.",
            "As with most of its recent recalls, Tesla is fixing the issue with an "
            "over-the-air software update rather than asking owners to visit a service "
            "center. The update, version 2026.38.6, began rolling out to customers last week, "
            "and Tesla said more than 90% of the affected cars had already installed it.",
            "The word recall can be misleading when it comes to Tesla, said Priya "
            "Ramanathan, an automotive analyst at the research firm Carwell Partners. Owners "
            "will mostly notice that their car asked them to install an update overnight, "
            "she said, which is very different from a recall that takes a car off the road.",
            "Still, the filing adds to a long list of software-related recalls at the "
            "company. Tesla has issued more than a dozen recalls in the past two years, "
            "covering issues ranging from the font size of warning lights to the behavior "
            "of its driver-assistance features at intersections.",
            "Owners can check whether their car is affected by entering its vehicle "
            "identification number on the NHTSA website. Tesla said it would send formal "
            "notification letters to owners by mail starting January 19.",
        ],
        subheading="A fix delivered over the air",
        subheading_before=4,
    ),
    FakeArticle(
        outlet="motor-ledger",
        slug="xiaomi-yu7-deliveries-beijing-factory",
        title="Xiaomi delivered more than 40,000 cars last month as YU7 demand swamps its factory",
        author="Daniel Okafor",
        published=_dt("2026-11-24T09:15:00"),
        summary=(
            "The smartphone maker's SUV has a waiting list of up to nine months, and it is "
            "racing to finish a second phase of its Beijing plant."
        ),
        section="Tech",
        image="/img/ml-xiaomi-yu7.jpg",
        caption="The Xiaomi YU7 on display at a Xiaomi store in Shanghai.",
        paragraphs=[
            "Xiaomi delivered more than 40,000 electric vehicles in October, the company "
            "said on Monday, marking the first month in which the Chinese smartphone giant's "
            "car business cleared that threshold since it started selling cars in 2024.",
            "Most of those cars were YU7 SUVs, a five-seat crossover that undercuts the "
            "Tesla Model Y on price in China and went on sale with a base price of 253,500 "
            "yuan, or about $35,600. Xiaomi said in July that it had taken more than 240,000 "
            "locked-in orders within 18 hours of the launch.",
            "That backlog is still being worked through. Buyers who place an order for a "
            "YU7 today are quoted a delivery window of 33 to 36 weeks on Xiaomi's app, "
            "depending on the trim, and the Pro version has the longest wait.",
            "The bottleneck is production. Xiaomi's factory in Beijing's Yizhuang district "
            "was designed to build about 150,000 cars a year, and the company has been "
            "running two shifts for months. A second phase of the plant, which is expected "
            "to roughly double capacity, is due to start trial production in the first "
            "quarter.",
            "The car unit is becoming a significant part of Xiaomi's business. Revenue from "
            "smart EVs and other new initiatives reached 28.7 billion yuan in the third "
            "quarter, and the segment reported its first quarterly operating profit, "
            "according to the company's most recent earnings report.",
            "Analysts say the company's ability to market its cars through its existing "
            "ecosystem of phones, tablets and smart-home devices has given it an advantage "
            "that newer Chinese EV startups lack. Some 60% of YU7 buyers already owned at "
            "least one other Xiaomi device, the company said.",
            "It is also a warning sign for foreign automakers in China. Tesla's sales in the "
            "country fell by 9% year over year in October, according to data from the China "
            "Passenger Car Association, even as the overall market for electric and "
            "plug-in hybrid cars continued to grow.",
            "Xiaomi has said it plans to start selling cars outside China in 2027, with "
            "Europe expected to be its first overseas market. The company has not said "
            "which models will be offered or where they would be built.",
        ],
        quote=(
            "We are building cars as fast as the factory physically allows, and we still "
            "cannot keep up with the orders we already have."
        ),
        quote_after=3,
    ),
    FakeArticle(
        outlet="motor-ledger",
        slug="byd-price-cuts-china-ev-price-war",
        title="BYD's latest price cuts are squeezing rivals in China — and investors are nervous",
        author="Grace Whitfield",
        published=_dt("2026-11-21T16:05:00"),
        summary=(
            "The world's biggest EV maker knocked up to 34% off 22 models. Its rivals now "
            "have to decide whether to follow."
        ),
        section="Markets",
        image="/img/ml-byd-price-cuts.jpg",
        caption="BYD Seagull hatchbacks lined up at a dealership in Shenzhen.",
        paragraphs=[
            "BYD has cut the prices of 22 of its electric and plug-in hybrid models in "
            "China by as much as 34%, reigniting a price war that has dragged down profits "
            "across the country's car industry for almost three years.",
            "The steepest discount applies to the Seagull, BYD's small electric hatchback, "
            "whose starting price falls to 55,800 yuan, or about $7,800. Discounts on the "
            "Seal sedan and the Song Plus SUV range from 12,000 to 20,000 yuan, according to "
            "a notice posted on the company's official Weibo account on Thursday.",
            "Shares of BYD fell 6.1% in Hong Kong on Friday, and shares of rivals Geely, "
            "Leapmotor and Great Wall Motor dropped between 3% and 8%. Analysts at several "
            "brokerages said the cuts would pressure margins across the sector heading into "
            "the end of the year.",
            "Beijing has spent much of 2026 trying to cool the competition. Regulators have "
            "summoned executives to meetings about what state media calls disorderly "
            "competition, and the industry ministry has asked automakers to pay suppliers "
            "within 60 days to stop them from squeezing parts makers to fund discounts.",
            "BYD framed the reductions as a limited-time promotion tied to the end of the "
            "year, rather than a permanent change to list prices. That distinction matters, "
            "said Wen Jiahui, a Shanghai-based analyst at the consultancy Lantern Auto "
            "Research, because it gives the company room to argue it is not breaking the "
            "spirit of Beijing's guidance.",
            "The company has a lot of inventory to move. BYD's dealer stock rose to more "
            "than 3.5 months of sales in October, according to estimates from a dealer "
            "association, well above the 1.5 months that is generally considered healthy.",
            "Smaller startups have the least room to respond. Several have already "
            "announced layoffs this year, and at least two have paused production lines. "
            "For larger players, the question is whether matching BYD on price is worth "
            "another quarter of thin margins.",
            "BYD reported a 33% drop in third-quarter net profit last month, its first "
            "year-over-year decline in more than four years, as sales growth in China "
            "stalled. Its overseas business, which now accounts for about a fifth of its "
            "volume, has been one of the few bright spots.",
        ],
        subheading="Inventory is piling up",
        subheading_before=5,
    ),
    FakeArticle(
        outlet="motor-ledger",
        slug="used-ev-prices-stop-falling-dealers",
        title="Used EV prices have finally stopped falling. Dealers say the bottom is in.",
        author="Marcus Bell",
        published=_dt("2026-11-19T11:30:00"),
        summary=(
            "After two years of steep declines, average prices for used electric cars have "
            "been flat for four straight months."
        ),
        section="Transportation",
        image="/img/ml-used-ev-prices.jpg",
        caption="Used electric cars for sale at a dealership lot in Phoenix, Arizona.",
        paragraphs=[
            "For two years, the used electric car market in the US had one direction: down. "
            "That appears to be over, at least for now.",
            "The average listing price of a used EV was $28,410 in October, essentially "
            "unchanged from June, according to data from the car-shopping site AutoTrove. "
            "Prices had fallen by nearly 30% between the start of 2024 and the spring of "
            "this year, far faster than prices for used gas cars.",
            "Dealers say a combination of factors put a floor under prices. The supply of "
            "off-lease EVs, which flooded lots last year, is shrinking. And buyers who were "
            "priced out of new electric cars after the federal tax credit expired are "
            "turning to the used market instead.",
            "Tony Alvarez, who manages a used-car dealership outside Sacramento, said his "
            "EVs now sell in about 38 days, compared with more than 70 days a year ago. Two "
            "years ago he would barely take a used Tesla on trade, he said; now they are "
            "some of the quickest cars on his lot to turn.",
            "The Tesla Model 3 and Model Y remain the most common used EVs for sale, "
            "accounting for about 41% of listings. The Chevrolet Bolt, which General Motors "
            "revived with a new version this year, has seen some of the sharpest price "
            "increases among older models, rising about 7% since the summer.",
            "Not every model has recovered. Prices for luxury electric SUVs, such as the "
            "Mercedes-Benz EQS SUV and the Audi e-tron, are still falling, and some are "
            "worth less than half of their original sticker price after three years.",
            "Battery health is also becoming a bigger factor in pricing. More dealers are "
            "running diagnostic tests and posting the results on listings, and cars with "
            "a documented capacity above 90% are commanding premiums of $1,000 to $2,000, "
            "according to AutoTrove.",
            "Analysts caution that the stabilization could be temporary. A new wave of "
            "lease returns from 2023 is due to hit the market next year, and automakers "
            "have signaled more discounts on new EVs, which tends to drag used prices down "
            "with them.",
        ],
    ),
    FakeArticle(
        outlet="motor-ledger",
        slug="tesla-model-y-l-six-seat-test-drive",
        title="I drove the Tesla Model Y L, the six-seat version China got first. Here's what "
        "surprised me.",
        author="Daniel Okafor",
        published=_dt("2026-11-17T07:00:00"),
        summary=(
            "The stretched Model Y adds a third row and captain's chairs. It is roomier than "
            "I expected, but the extra length changes how it drives."
        ),
        section="Transportation",
        image="/img/ml-model-y-l.jpg",
        caption="The Tesla Model Y L in Stealth Grey outside Tesla's Shanghai showroom.",
        paragraphs=[
            "When Tesla unveiled the Model Y L in China last year, plenty of owners in the "
            "US asked the same question: why can't we have that one? After a week with the "
            "six-seat SUV in Shanghai, I understand both the appeal and why Tesla was in no "
            "hurry to bring it elsewhere.",
            "The Model Y L is 179 millimeters longer than the standard Model Y, and nearly "
            "all of that extra length goes into the cabin. The wheelbase has been stretched "
            "by 150 millimeters, and the roofline at the back is slightly higher so "
            "third-row passengers are not hunched over.",
            "The second row has two captain's chairs with power-folding armrests and seat "
            "heating and ventilation. There is a gap between them wide enough to walk "
            "through, which makes getting into the third row far easier than in the old "
            "seven-seat Model Y, where adults had to climb over a folded bench.",
            "I am 5 foot 10, and I could sit in the third row for a 40-minute drive across "
            "the city without my knees touching the seat in front. My head brushed the "
            "headliner over bumps, though, and the seats are mounted low, so longer trips "
            "are best left to children or teenagers.",
            "On the road, the Model Y L feels more relaxed than the standard car. Tesla has "
            "retuned the suspension with softer springs and frequency-dependent dampers, "
            "and the ride over Shanghai's expansion joints was noticeably calmer. The "
            "trade-off is more body roll in quick corners.",
            "The range is rated at 751 kilometers on China's CLTC test cycle, which is "
            "generous even by that test's optimistic standards. I drove 312 kilometers over "
            "five days, mostly in city traffic with the air conditioning running, and used "
            "about 44% of the battery.",
            "The car costs 339,000 yuan in China, or about $47,600, which puts it in direct "
            "competition with six-seat SUVs from Li Auto, Aito and Xpeng that offer more "
            "screens, massage seats and fridges. The Tesla wins on efficiency and software "
            "polish; the Chinese rivals win on luxury features per yuan.",
            "Tesla has not said whether the Model Y L will be sold in the US. For families "
            "who want a three-row electric SUV without paying Rivian R1S or Kia EV9 prices, "
            "it would fill a real gap in the lineup.",
        ],
        subheading="The third row is usable, with caveats",
        subheading_before=3,
    ),
]

# ---------------------------------------------------------------------------------------------
# EV Dispatch (Tesla-focused blog, WordPress style, Atom 1.0)
# ---------------------------------------------------------------------------------------------
_EV_DISPATCH = [
    FakeArticle(
        outlet="ev-dispatch",
        slug="tesla-model-y-standard-europe-price",
        title="Tesla launches Model Y Standard in Europe with a €39,990 starting price",
        author="Kyle Brennan",
        published=_dt("2026-11-25T18:20:00"),
        summary=(
            "The cheaper Model Y drops the rear screen, the glass roof and the ambient "
            "lighting, but keeps the new Juniper front end and most of the range."
        ),
        section="News",
        image="/img/evd-model-y-standard.jpg",
        caption="Tesla Model Y Standard in Diamond Black. (Credit: Tesla)",
        paragraphs=[
            "Tesla has launched the Model Y Standard in Europe, bringing a stripped-back "
            "version of its best-selling SUV to the continent at a starting price of "
            "€39,990 in Germany, France and the Netherlands.",
            "The Model Y Standard is based on the refreshed Model Y that Tesla introduced "
            "early last year, known internally as Juniper. It keeps the full-width light bar "
            "and the redesigned interior, but Tesla removed several features to bring the "
            "price down by roughly €5,000 compared with the Long Range rear-wheel-drive "
            "version.",
            "Gone are the second-row touchscreen, the power-folding mirrors and the "
            "ambient lighting strip that runs across the dashboard. The panoramic glass roof "
            "has been replaced with a fabric-lined metal roof, and the front seats are "
            "heated but no longer ventilated.",
            "The Standard uses a smaller LFP battery pack sourced from Giga Berlin's cell "
            "suppliers and is rated at 534 kilometers of WLTP range. That is only about 88 "
            "kilometers less than the Long Range RWD, which makes it an easy recommendation "
            "for drivers who rarely take long road trips.",
            "Deliveries in Germany are scheduled to start in the second week of December, "
            "according to Tesla's online configurator, with the UK and Nordic markets "
            "following in January. UK pricing has not been announced yet.",
            "The move comes as Tesla faces growing competition in Europe from Chinese "
            "brands like BYD and from cheaper European models such as the Renault 5 and the "
            "Volkswagen ID.3. Tesla's European registrations are down about 21% so far this "
            "year, according to data from ACEA.",
            "Early reactions from owners' clubs have been mixed. Many welcomed the lower "
            "entry price, while others argued the missing rear screen and ventilated seats "
            "were exactly the features that made the refreshed Model Y feel premium.",
            "Tesla is also offering 0.99% APR financing on the Model Y Standard in Germany "
            "for orders placed before December 31, which brings the monthly payment below "
            "€450 with a typical deposit.",
        ],
        subheading="What's missing",
        subheading_before=2,
    ),
    FakeArticle(
        outlet="ev-dispatch",
        slug="tesla-supercharger-network-75000-stalls-v4",
        title="Tesla's Supercharger network passes 75,000 stalls as V4 cabinets ramp",
        author="Maria Lindqvist",
        published=_dt("2026-11-23T15:10:00"),
        summary=(
            "Tesla's charging team says V4 cabinets now make up more than half of new "
            "installations, enabling 500 kW charging for the Cybertruck."
        ),
        section="Charging",
        image="/img/evd-supercharger-v4.jpg",
        caption="A V4 Supercharger site in Kettleman City, California.",
        paragraphs=[
            "Tesla's Supercharger network has passed 75,000 individual charging stalls "
            "worldwide, the company's charging team announced on Sunday, less than a year "
            "after it crossed the 65,000 mark.",
            "The network now spans more than 7,300 locations across 47 countries. Tesla "
            "said it opened roughly 180 new sites in October alone, with the largest share "
            "going into China, followed by the US and Germany.",
            "More than half of the stalls installed this quarter use the newer V4 cabinet, "
            "which supports up to 500 kilowatts for vehicles with 800-volt architectures and "
            "up to 325 kilowatts for most Model 3 and Model Y vehicles. The V4 cabinet also "
            "lets a single power unit supply eight posts instead of four.",
            "For Cybertruck owners, that is a meaningful upgrade. On older V3 stalls, the "
            "truck tops out at around 250 kilowatts. At the fastest V4 sites, Tesla says a "
            "Cybertruck can add roughly 160 miles of range in 15 minutes.",
            "The company has also been opening up more of its network to other brands. "
            "Drivers of Ford, GM, Rivian, Hyundai and several other automakers can now use "
            "about 22,000 US Supercharger stalls through their vehicles' native apps, and "
            "non-Tesla sessions now account for about 14% of the energy dispensed in North "
            "America.",
            "Congestion remains a sore point at popular holiday corridors. Tesla said it "
            "would once again deploy temporary mobile Supercharger trailers along I-5 in "
            "California and the A9 in Germany over the Christmas holidays, and would extend "
            "dynamic pricing that makes peak-hour sessions more expensive.",
            "Tesla's charging business has become one of the company's more consistent "
            "revenue sources. Services and other revenue, which includes Supercharging, "
            "grew 19% year over year in the third quarter.",
        ],
    ),
    FakeArticle(
        outlet="ev-dispatch",
        slug="tesla-fsd-v14-3-early-access-parking",
        title="Tesla FSD v14.3 rolls out to early access testers with smarter parking",
        author="Kyle Brennan",
        published=_dt("2026-11-20T21:45:00"),
        summary=(
            "The update lets the car choose its own parking spot at the destination and "
            "adds a new setting for how assertive the system is in traffic."
        ),
        section="Software",
        image="/img/evd-fsd-v14.jpg",
        caption="FSD v14.3 visualization on a Model 3 center display.",
        paragraphs=[
            "Tesla has begun rolling out Full Self-Driving (Supervised) v14.3 to members "
            "of its early access program, with release notes that focus heavily on how the "
            "system handles the last few hundred feet of a drive.",
            "The headline feature is what Tesla calls destination parking. When the car "
            "arrives at a shopping center, office or home, it will now choose a parking "
            "spot on its own, pull into it and shift into park, instead of stopping at the "
            "curb and handing control back to the driver.",
            "Testers can pick between parking in a garage, in a driveway, at the curb, or in "
            "the nearest available spot in a parking lot. Early videos posted by owners show "
            "the system reversing into spaces and waiting patiently for pedestrians walking "
            "behind the car.",
            "The update also introduces a new driving profile called Hurry, which sits "
            "above the existing Standard and Assertive modes. Tesla says it allows more "
            "frequent lane changes and slightly higher speeds relative to the flow of "
            "traffic, although it still respects posted speed limits.",
            "Several testers reported smoother handling of unprotected left turns and "
            "better behavior around school buses, two areas that drew criticism in earlier "
            "versions. Others noted occasional hesitation at four-way stops when another "
            "car arrives at the same time.",
            "The rollout currently covers vehicles with Hardware 4, also known as AI4. "
            "Tesla has said that owners of older Hardware 3 cars who purchased FSD will get "
            "a lighter version of v14 at a later date, but has not given a timeline.",
            "FSD remains a supervised system in the US, which means the driver must keep "
            "their eyes on the road and be ready to take over at any time. Tesla's cabin "
            "camera monitors driver attention and issues warnings if it detects the driver "
            "looking away for too long.",
            "If the early access phase goes smoothly, Tesla typically begins a wider "
            "release to customers within two to four weeks, starting with a small "
            "percentage of the fleet.",
        ],
        subheading="A new driving profile",
        subheading_before=3,
    ),
    FakeArticle(
        outlet="ev-dispatch",
        slug="tesla-semi-nevada-pilot-builds",
        title="Tesla Semi's Nevada production line starts pilot builds ahead of 2027 ramp",
        author="Maria Lindqvist",
        published=_dt("2026-11-18T12:00:00"),
        summary=(
            "The first trucks from the new high-volume line near Reno have rolled off the "
            "line, and Tesla is targeting 50,000 units of annual capacity."
        ),
        section="News",
        image="/img/evd-tesla-semi.jpg",
        caption="A Tesla Semi prototype outside Giga Nevada.",
        paragraphs=[
            "Tesla has started pilot production of the Semi on its new dedicated line at "
            "Giga Nevada, according to a post from the Semi program's official account, "
            "which shared a photo of the first truck built on the line surrounded by "
            "employees.",
            "The factory expansion, located next to the existing battery plant east of "
            "Reno, is designed for an annual capacity of 50,000 trucks. Until now, the Semi "
            "has been built in small numbers on a pilot line that produced only a few "
            "hundred trucks a year.",
            "Tesla said the production version includes a number of changes based on "
            "feedback from PepsiCo and other early customers. The cab has a new, lighter "
            "drive unit, a revised battery pack with improved thermal management, and a "
            "redesigned front fascia that improves aerodynamics.",
            "The company is quoting a range of up to 500 miles fully loaded for the Long "
            "Range version and 300 miles for the Standard Range version. Both can be "
            "recharged to about 70% in 30 minutes using Tesla's Megacharger, which delivers "
            "up to 1.2 megawatts.",
            "Several large fleet operators have placed orders. Logistics companies in "
            "California have been among the most interested, partly because of state rules "
            "that will require a growing share of drayage trucks at ports to be zero-emission.",
            "Tesla has not disclosed final pricing for the production Semi. When the truck "
            "was first unveiled in 2017, the company listed prices of $150,000 for the "
            "300-mile version and $180,000 for the 500-mile version, but material costs and "
            "specifications have changed considerably since then.",
            "Volume deliveries from the Nevada line are expected to begin in the first half "
            "of 2027, with Tesla building out a network of Megacharger stations along major "
            "freight corridors in California, Texas and the Southwest.",
        ],
    ),
]

# ---------------------------------------------------------------------------------------------
# China EV Daily (China-market data news, JSON Feed 1.1)
# ---------------------------------------------------------------------------------------------
_CHINA_EV_DAILY = [
    FakeArticle(
        outlet="china-ev-daily",
        slug="nio-100-millionth-battery-swap",
        title="NIO completes 100 millionth battery swap as Firefly swap stations expand",
        author="Lin Xiaotong",
        published=_dt("2026-11-25T03:35:00"),
        summary=(
            "NIO's swap network has more than 3,600 stations, and the company says it now "
            "performs over 120,000 swaps on an average day."
        ),
        section="NIO",
        image="/img/cevd-nio-swap.jpg",
        caption="A fifth-generation NIO Power Swap Station in Hefei.",
        paragraphs=[
            "NIO completed its 100 millionth battery swap on Tuesday, the company said, "
            "a milestone that comes a little more than eight years after it opened its "
            "first Power Swap Station in Beijing in 2018.",
            "The swap was performed at a station in Hefei, Anhui province, where NIO's "
            "headquarters and main manufacturing base are located. The car involved was an "
            "ES6 owned by a ride-hailing driver, who received lifetime free swaps as part "
            "of the celebration.",
            "NIO now operates 3,641 battery swap stations across China, of which 1,082 "
            "are located along highways. According to the company, its users performed an "
            "average of 121,500 swaps per day in November so far, up from about 90,000 a "
            "year earlier.",
            "A growing share of new stations are designed to also serve Firefly, NIO's "
            "small-car brand. Firefly cars use a smaller battery pack with a different form "
            "factor, so NIO has introduced a compact swap station that can handle both "
            "Firefly and Onvo vehicles in a footprint of just three parking spaces.",
            "Battery swapping allows drivers to replace a depleted pack with a fully "
            "charged one in about three minutes. NIO sells its cars with the option to "
            "rent the battery on a monthly subscription, which lowers the upfront purchase "
            "price by around 70,000 yuan.",
            "The company has also been signing agreements with other carmakers to share "
            "its swap infrastructure. Changan, Geely, Chery and JAC have all agreed to "
            "develop swappable models compatible with NIO's standards, although only a "
            "handful of such vehicles have reached the market so far.",
            "NIO delivered 40,397 vehicles across its three brands in October, according "
            "to data released earlier this month. The company is targeting quarterly "
            "profitability in the fourth quarter, which would be a first since its founding.",
        ],
        subheading="Sharing the network",
        subheading_before=5,
    ),
    FakeArticle(
        outlet="china-ev-daily",
        slug="xiaomi-october-deliveries-yu7-wait-times",
        title="Xiaomi EV deliveries top 40,000 in Oct, YU7 wait times stretch to 36 weeks",
        author="Zhou Ming",
        published=_dt("2026-11-24T02:10:00"),
        summary=(
            "Xiaomi EV delivered over 40,000 units in October, a record, with YU7 SUVs "
            "accounting for the majority."
        ),
        section="Xiaomi",
        image="/img/cevd-xiaomi-deliveries.jpg",
        caption="Xiaomi YU7 vehicles at the Xiaomi EV factory in Beijing.",
        paragraphs=[
            "Xiaomi EV delivered more than 40,000 vehicles in October, setting a new "
            "monthly record for the company, Xiaomi Group president Lu Weibing said on "
            "social media on Monday.",
            "It is the fourth consecutive month in which Xiaomi EV's deliveries exceeded "
            "30,000 units. The company delivered 35,211 vehicles in September and about "
            "31,000 in August.",
            "Most of October's deliveries were YU7 SUVs. The SU7 sedan, which received a "
            "mid-cycle update in the spring, accounted for roughly 14,000 units, according "
            "to insurance registration data compiled by China EV Daily.",
            "Delivery wait times for the YU7 remain long. As of Monday, the Xiaomi EV app "
            "showed an estimated wait of 33 to 36 weeks for the YU7 Standard and Pro "
            "versions, and 28 to 31 weeks for the top-of-the-line YU7 Max.",
            "Xiaomi EV is currently producing vehicles at the first phase of its Beijing "
            "factory, which has an annual capacity of 150,000 units. The second phase of "
            "the factory has completed construction, and trial production is expected to "
            "begin in the first quarter of next year.",
            "The company has set a delivery target of 350,000 units for this year. Through "
            "the end of October, it had delivered about 268,000 vehicles, meaning it needs "
            "to average around 41,000 units in each of the last two months to hit the goal.",
            "Xiaomi EV is also preparing a third model, an extended-range SUV codenamed "
            "YU9, which was recently spotted undergoing road tests in Heilongjiang. The "
            "model is expected to be launched in the middle of next year.",
        ],
        quote=(
            "October deliveries exceeded 40,000 units. Thank you to every user who has "
            "waited patiently for their car; we are working hard to shorten the wait."
        ),
        quote_after=1,
    ),
    FakeArticle(
        outlet="china-ev-daily",
        slug="byd-october-sales-overseas-record",
        title="BYD Oct NEV sales reach 502,000, overseas sales hit record 84,000",
        author="Zhou Ming",
        published=_dt("2026-11-02T05:45:00"),
        summary=(
            "BYD sold 502,113 NEVs in October, down 3% year-on-year, while overseas sales "
            "rose 29% to a new monthly high."
        ),
        section="BYD",
        image="/img/cevd-byd-sales.jpg",
        caption="BYD vehicles waiting to be loaded onto a ro-ro ship at Shenzhen's port.",
        paragraphs=[
            "BYD sold 502,113 new energy vehicles (NEVs) in October, down 3.1% from "
            "514,809 a year earlier but up 4.6% from 479,840 in September, according to "
            "data the company released on Saturday.",
            "Passenger NEV sales were 494,926 units, of which 231,604 were battery electric "
            "vehicles (BEVs) and 263,322 were plug-in hybrids (PHEVs). BEV sales were up 2.4% "
            "year-on-year, while PHEV sales fell 7.8%.",
            "Overseas sales of passenger NEVs were 84,226 units, a new monthly record and "
            "up 29% from a year earlier. BYD now sells cars in more than 110 countries and "
            "regions, with Brazil, the UK, Mexico, Australia and Thailand among its largest "
            "export markets.",
            "By brand, the BYD brand sold 463,871 units, Denza 11,035, Fangchengbao 13,810 "
            "and Yangwang 1,208. The Fangchengbao brand's sales more than doubled "
            "year-on-year thanks to the Tai 3 and Tai 7 SUVs.",
            "BYD's NEV sales for January to October totaled 3.89 million units, up 6.7% "
            "year-on-year. The company has not publicly updated its full-year target of 5.5 "
            "million units, which some analysts now consider out of reach.",
            "BYD's power and energy storage battery installations were about 28.6 GWh in "
            "October, up 11.2% from a year earlier.",
            "BYD's new factory in Szeged, Hungary, is expected to begin volume production "
            "of the Dolphin Surf and Atto 2 in the first quarter of next year, which the "
            "company hopes will help it avoid EU anti-subsidy tariffs on Chinese-built EVs.",
        ],
    ),
    FakeArticle(
        outlet="china-ev-daily",
        slug="li-auto-i6-deliveries-begin",
        title="Li Auto begins deliveries of i6 BEV SUV, eyes 10,000 monthly units",
        author="Lin Xiaotong",
        published=_dt("2026-11-20T08:25:00"),
        summary=(
            "The i6 is Li Auto's second battery-electric model and its first five-seat "
            "BEV, priced from 249,800 yuan."
        ),
        section="Li Auto",
        image="/img/cevd-li-i6.jpg",
        caption="The Li Auto i6 at a delivery event in Beijing.",
        paragraphs=[
            "Li Auto has officially started deliveries of the i6, its second battery "
            "electric vehicle (BEV) model and its first five-seat BEV SUV, the company "
            "announced at a delivery event in Beijing on Thursday.",
            "The i6 is priced at 249,800 yuan in China and comes in a single dual-motor "
            "all-wheel-drive configuration with a 89.5 kWh battery pack. Its CLTC range is "
            "rated at 720 km, and it is built on a 5C high-voltage platform that can add "
            "500 km of range in about 10 minutes at Li Auto's own supercharging stations.",
            "Li Auto's co-founder and president Ma Donghui said at the event that the "
            "company aims to reach monthly deliveries of 10,000 units for the i6 by the end "
            "of the first quarter of next year, once battery supply is fully ramped.",
            "Battery supply has been the main constraint on the i6 so far. Li Auto sources "
            "cells for the model from two suppliers, and one of them has been slower than "
            "expected to increase output, according to company executives.",
            "The company's first BEV, the Li Mega MPV, has sold fewer units than Li Auto "
            "originally expected, and the brand is still better known for its extended-range "
            "SUVs. Li Auto hopes the i6 and the larger i8 will establish it as a serious "
            "contender in the BEV market.",
            "Li Auto delivered 33,718 vehicles in October, down 38% year-on-year, as its "
            "extended-range models faced tough competition from the Aito M8, the Xiaomi YU7 "
            "and the Leapmotor C16. It has guided for 100,000 to 110,000 deliveries in the "
            "fourth quarter.",
            "Li Auto operates more than 3,400 supercharging stations in China, with a "
            "target of 4,000 by the end of the year, most of them located along highways.",
        ],
    ),
    FakeArticle(
        outlet="china-ev-daily",
        slug="cpca-nev-retail-penetration-november",
        title="China NEV retail penetration hits 58.6% in Nov 1-16, CPCA data show",
        author="Chen Yuqi",
        published=_dt("2026-11-19T06:50:00"),
        summary=(
            "NEV retail sales in China reached 486,000 units in the first 16 days of "
            "November, with penetration reaching 58.6%."
        ),
        section="Data",
        image="/img/cevd-cpca-data.jpg",
        caption="New cars at a parking lot in Shanghai.",
        paragraphs=[
            "Retail sales of new energy passenger vehicles (NEVs) in China reached 486,000 "
            "units from November 1 to 16, up 6% year-on-year and up 9% from the same period "
            "last month, according to preliminary data released by the China Passenger Car "
            "Association (CPCA) on Wednesday.",
            "NEV retail penetration in the passenger car market during the period was "
            "58.6%, compared with 53.1% in the same period last year. Penetration in the "
            "overall market has stayed above 50% every month since the middle of last year.",
            "Total passenger vehicle retail sales, including internal combustion engine "
            "models, were 829,000 units in the first 16 days of November, down 4% "
            "year-on-year.",
            "On the wholesale side, NEV wholesale sales by manufacturers were 563,000 units "
            "in the period, up 4% year-on-year. Wholesale numbers include exports, which "
            "have remained strong as Chinese brands expand in Latin America, Southeast Asia "
            "and the Middle East.",
            "The CPCA said dealers were cautious about building inventory ahead of year-end "
            "because the purchase tax exemption for NEVs will be reduced to a 50% "
            "reduction on January 1. Some consumers are expected to bring purchases "
            "forward into December to take advantage of the current policy.",
            "The association also noted that local trade-in subsidies have been suspended "
            "or exhausted in several provinces, which has weighed on demand in lower-tier "
            "cities where buyers are more price sensitive.",
            "The CPCA expects NEV retail sales for the full month of November to reach "
            "about 1.3 million units, with penetration of around 58%.",
        ],
    ),
]

# ---------------------------------------------------------------------------------------------
# Auto Gazette (European outlet on an old CMS, windows-1252 RSS)
# Only characters that exist in windows-1252 may appear in these articles.
# ---------------------------------------------------------------------------------------------
_AUTO_GAZETTE = [
    FakeArticle(
        outlet="auto-gazette",
        slug="citroen-e-c3-best-selling-ev-under-25000",
        title="Citroën ë-C3 becomes Europe’s best-selling EV under €25,000",
        author="Hélène Marchetti",
        published=_dt("2026-11-24T10:00:00"),
        summary=(
            "The small Citroën has overtaken the Dacia Spring and the Renault 5 in its "
            "price bracket, helped by the new 44 kWh LFP version."
        ),
        section="Market",
        image="/img/ag-citroen-e-c3.jpg",
        caption="The Citroën ë-C3 at the Paris Motor Show. Photo: Stellantis",
        paragraphs=[
            "The Citroën ë-C3 has become the best-selling electric car priced below "
            "€25,000 in Europe, according to registration figures for the first ten months "
            "of the year compiled by the market analysts at Dataforce.",
            "Citroën registered 61,480 examples of the ë-C3 between January and October "
            "across the EU, the UK, Norway and Switzerland. That puts it ahead of the Dacia "
            "Spring, with 48,900 units, and the Renault 5 E-Tech, with 57,210 units, "
            "although the cheapest Renault 5 only arrived in dealerships in the spring.",
            "The ë-C3 is built in Trnava, Slovakia, on Stellantis’ Smart Car platform and "
            "starts at €23,300 in France. Its sales gained momentum after Citroën added a "
            "version with a 44 kWh lithium-iron-phosphate (LFP) battery and a WLTP range of "
            "320 km, aimed squarely at commuters.",
            "France remains by far the largest market for the car, accounting for almost "
            "half of its registrations, thanks in part to the government’s “social leasing” "
            "scheme, which lets lower-income households lease an EV for around €100 a month.",
            "Germany has been a tougher market. Without a national purchase incentive, "
            "German buyers have been slower to switch to small EVs, and Citroën’s dealer "
            "network there is thinner than that of Volkswagen or Hyundai.",
            "Competition in the segment is about to get much tougher. The Volkswagen "
            "ID. Polo is due in dealerships in the spring with a target price of about "
            "€25,000, and the new Renault Twingo will arrive at under €20,000 later in the "
            "year.",
            "Stellantis says it has the capacity to build more than 100,000 ë-C3 and C3 "
            "models a year in Trnava, and that it is considering adding a second shift if "
            "demand holds up into the new year.",
        ],
        quote=(
            "“We priced the ë-C3 like a car, not like a technology project — and customers "
            "noticed,” a Citroën spokesperson told the Auto Gazette."
        ),
        quote_after=2,
    ),
    FakeArticle(
        outlet="auto-gazette",
        slug="eu-china-ev-minimum-price-deal",
        title="Brussels and Beijing close in on minimum-price deal for Chinese EVs",
        author="Jörg Baumann",
        published=_dt("2026-11-22T14:30:00"),
        summary=(
            "Negotiators are said to be finalising price undertakings that would replace the "
            "EU’s anti-subsidy tariffs for some carmakers."
        ),
        section="Policy",
        image="/img/ag-eu-china-tariffs.jpg",
        caption="Flags outside the Berlaymont building in Brussels.",
        paragraphs=[
            "The European Commission and China’s Ministry of Commerce are close to an "
            "agreement that would replace the EU’s anti-subsidy tariffs on Chinese-built "
            "electric cars with a system of minimum import prices, according to three "
            "people familiar with the talks.",
            "Under the proposed arrangement, Chinese manufacturers would commit to selling "
            "their EVs in the EU at or above an agreed price floor. In return, the "
            "additional duties of up to 35.3% introduced in October 2024 would be suspended "
            "for the carmakers that sign up.",
            "The sticking point for much of the past year has been how to set the floor. "
            "Brussels wants prices tied to the specific model and its battery capacity, "
            "while Beijing has pushed for a simpler formula based on vehicle category. "
            "Negotiators are said to have settled on a compromise that groups vehicles into "
            "five price bands.",
            "German carmakers, which sell large volumes in China and feared retaliation, "
            "have lobbied for a deal from the start. “Tariffs were always the wrong tool,” "
            "said a senior executive at a German manufacturer who asked not to be named "
            "because the talks are confidential.",
            "Not everyone in Brussels is convinced. Several member states, led by France, "
            "worry that minimum prices would be difficult to police and that Chinese brands "
            "could use generous financing offers or free extras to undercut the floor in "
            "practice.",
            "Chinese brands have continued to grow in Europe despite the tariffs, partly "
            "by shifting their mix toward plug-in hybrids, which are not covered by the "
            "duties. BYD, MG, Chery’s Omoda and Jaecoo brands, and Leapmotor together held "
            "about 7.4% of the European market in October.",
            "A final decision would require approval from the member states. The "
            "Commission hopes to present the agreement to national trade ministers before "
            "the end of January.",
        ],
    ),
    FakeArticle(
        outlet="auto-gazette",
        slug="ionity-munich-hub-48-chargers",
        title="Ionity opens 48-charger hub near Munich and cuts prices to €0.49/kWh",
        author="Jörg Baumann",
        published=_dt("2026-11-20T09:15:00"),
        summary=(
            "The new ‘München-Süd’ site is Ionity’s largest in Germany, with a lounge, "
            "a bakery and 400 kW chargers."
        ),
        section="Charging",
        image="/img/ag-ionity-munich.jpg",
        caption="Ionity’s new charging hub at München-Süd. Photo: Ionity",
        paragraphs=[
            "Ionity has opened its largest charging site in Germany, a 48-charger hub next "
            "to the A8 motorway just south of Munich, and announced a new pricing structure "
            "that brings its standard rate down to €0.49 per kilowatt-hour.",
            "The München-Süd hub uses 400 kW chargers supplied by Alpitronic and is covered "
            "by a solar canopy that generates around 620 MWh of electricity a year. The "
            "site also includes a lounge with toilets, a small café run by a local bakery "
            "and a children’s play area.",
            "Ionity’s managing director, Dr. Anneliese Förster, said the company was "
            "moving away from simple roadside charging towards destination-style hubs where "
            "drivers are happy to spend 20 minutes. “Drivers tell us the charger is only "
            "half the experience,” she said.",
            "The new standard price of €0.49/kWh, down from €0.59, applies to drivers who "
            "pay by card or through the Ionity app without a subscription. Subscribers to "
            "the Ionity Passport plan, which costs €11.99 a month, pay €0.39/kWh.",
            "The price cut follows a similar move by Tesla, which has reduced prices for "
            "non-Tesla drivers at many of its European Superchargers, and by Fastned, which "
            "introduced off-peak pricing in the Netherlands and Belgium this autumn.",
            "Ionity now operates more than 5,100 charge points at 760 sites in 24 European "
            "countries. It plans to reach 7,000 charge points by the end of 2027, with most "
            "new capacity added at large hubs rather than small sites.",
            "Along the Brenner corridor between Munich and Verona, Ionity says it will open "
            "three more hubs next year, including one at Sterzing on the Italian side of the "
            "border.",
        ],
    ),
    FakeArticle(
        outlet="auto-gazette",
        slug="renault-twingo-e-tech-19990-ampere-lfp",
        title="Renault confirms €19,990 Twingo E-Tech as Ampere cuts battery costs",
        author="Hélène Marchetti",
        published=_dt("2026-11-18T16:40:00"),
        summary=(
            "Renault’s EV unit says LFP cells and cell-to-pack design have cut battery "
            "costs by a fifth — enough for a sub-€20,000 city car."
        ),
        section="Industry",
        image="/img/ag-renault-twingo.jpg",
        caption="The production Renault Twingo E-Tech in Mangue Green.",
        paragraphs=[
            "Renault has confirmed that the new Twingo E-Tech electric city car will start "
            "at €19,990 in France when orders open in January, making it one of the "
            "cheapest European-built electric cars on sale.",
            "The price was announced at Ampere’s capital markets day in Paris, where "
            "Renault’s electric vehicle unit said it had reduced the cost of its battery "
            "packs by about 20% compared with the packs used in the Renault 5.",
            "Most of the savings come from switching to lithium-iron-phosphate (LFP) cells, "
            "which are cheaper than nickel-based chemistry, and from a cell-to-pack design "
            "that removes the intermediate modules. The Twingo’s 27.5 kWh pack gives it a "
            "WLTP range of about 260 km.",
            "The Twingo was developed in just two years, partly with the help of an "
            "engineering team in Shanghai, a process Renault says it will now use for all "
            "new models. It will be built in Novo Mesto, Slovenia, alongside the outgoing "
            "combustion-engined Clio.",
            "Ampere’s chief executive, Théo Vallières, told analysts that the unit expects "
            "to reach break-even on its small electric cars in 2027. “The era of the "
            "€30,000 city car is over,” he said. “Our customers simply won’t pay it.”",
            "Renault also showed a near-production version of a small electric van based "
            "on the same platform, aimed at urban delivery companies and tradespeople, which "
            "it plans to launch in 2028.",
            "Analysts welcomed the cost targets but cautioned that the segment is getting "
            "crowded. The Twingo will compete with the Citroën ë-C3, the Dacia Spring, the "
            "Hyundai Inster and the forthcoming Volkswagen ID. Every1, which is expected to "
            "cost around €20,000.",
        ],
        subheading="A two-year development cycle",
        subheading_before=3,
    ),
]

ARTICLES: dict[str, list[FakeArticle]] = {
    "motor-ledger": _MOTOR_LEDGER,
    "ev-dispatch": _EV_DISPATCH,
    "china-ev-daily": _CHINA_EV_DAILY,
    "auto-gazette": _AUTO_GAZETTE,
}
