"""Deterministic generator of many distinct, realistic-looking EV-industry articles.

Used for benchmarks: sentences are assembled from a large pool of templates whose slots are
filled with varied companies, models, people, places and numbers, so that every article is
textually distinct (no near-duplicates) while still reading like trade-press copy.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

from .articles import ARTICLES, FakeArticle

__all__ = ["generate_bulk_articles"]

COMPANIES: list[tuple[str, list[str], str]] = [
    ("Tesla", ["Model 3", "Model Y", "Cybertruck", "Model S"], "Austin"),
    ("BYD", ["Seal", "Atto 3", "Dolphin", "Sealion 7", "Seagull"], "Shenzhen"),
    ("Xiaomi", ["SU7", "YU7"], "Beijing"),
    ("NIO", ["ET5", "ES6", "EL8", "Onvo L60"], "Hefei"),
    ("Xpeng", ["G6", "G9", "Mona M03", "P7+"], "Guangzhou"),
    ("Li Auto", ["L6", "L9", "i6", "Mega"], "Beijing"),
    ("Volkswagen", ["ID.3", "ID.4", "ID.7", "ID. Buzz"], "Wolfsburg"),
    ("BMW", ["iX3", "i4", "i5"], "Munich"),
    ("Mercedes-Benz", ["CLA", "EQE", "GLC with EQ Technology"], "Stuttgart"),
    ("Hyundai", ["Ioniq 5", "Ioniq 6", "Inster"], "Seoul"),
    ("Kia", ["EV3", "EV6", "EV9"], "Seoul"),
    ("Ford", ["Mustang Mach-E", "F-150 Lightning", "Puma Gen-E"], "Dearborn"),
    ("General Motors", ["Chevrolet Equinox EV", "Chevrolet Bolt", "Cadillac Lyriq"], "Detroit"),
    ("Rivian", ["R1S", "R1T", "R2"], "Irvine"),
    ("Lucid", ["Air", "Gravity"], "Newark, California"),
    ("Polestar", ["Polestar 2", "Polestar 3", "Polestar 4"], "Gothenburg"),
    ("Volvo", ["EX30", "EX90", "ES90"], "Gothenburg"),
    ("Renault", ["Renault 5", "Scenic E-Tech", "Twingo"], "Boulogne-Billancourt"),
    ("Stellantis", ["Peugeot e-208", "Fiat Grande Panda", "Jeep Avenger"], "Amsterdam"),
    ("Toyota", ["bZ4X", "C-HR+", "Urban Cruiser"], "Toyota City"),
    ("Geely", ["Galaxy E5", "Zeekr 7X", "Lynk & Co 02"], "Hangzhou"),
    ("Leapmotor", ["C10", "B10", "T03"], "Hangzhou"),
    ("Nissan", ["Leaf", "Ariya"], "Yokohama"),
    ("Honda", ["Prologue", "0 Series Saloon"], "Tokyo"),
]
PLACES = [
    "Monterrey",
    "Szeged",
    "Rayong",
    "Chennai",
    "Valencia",
    "Zwickau",
    "Chattanooga",
    "Spring Hill",
    "Kecskemet",
    "Debrecen",
    "Bangkok",
    "Jakarta",
    "Sao Paulo",
    "Melbourne",
    "Auckland",
    "Toronto",
    "Oslo",
    "Lyon",
    "Turin",
    "Barcelona",
    "Istanbul",
    "Dubai",
    "Riyadh",
    "Mumbai",
    "Ho Chi Minh City",
    "Kuala Lumpur",
    "Warsaw",
    "Prague",
    "Atlanta",
    "Phoenix",
    "Denver",
    "Manchester",
    "Rotterdam",
    "Hamburg",
    "Milan",
    "Shanghai",
    "Chengdu",
    "Wuhan",
    "Xi'an",
    "Hefei",
    "Changzhou",
    "Ningde",
    "Querétaro",
    "Tangier",
    "Izmir",
    "Pune",
]
REGIONS = [
    "Europe",
    "North America",
    "Southeast Asia",
    "Latin America",
    "the Middle East",
    "Australia",
    "Japan",
    "South Korea",
    "India",
    "the Nordics",
    "China",
    "the UK",
]
FIRST = [
    "Anna",
    "Rahul",
    "Sofia",
    "Kenji",
    "Laura",
    "Mateo",
    "Olga",
    "Tom",
    "Aisha",
    "Felix",
    "Mei",
    "Jonas",
    "Carla",
    "Yusuf",
    "Ingrid",
    "Diego",
    "Hannah",
    "Wei",
    "Patrick",
    "Elena",
    "Samuel",
    "Noor",
    "Lukas",
    "Rosa",
    "Ivan",
    "Chloe",
    "Arjun",
    "Bea",
    "Tariq",
    "Greta",
]
LAST = [
    "Lindgren",
    "Mehta",
    "Rossi",
    "Takahashi",
    "Becker",
    "Fernandez",
    "Novak",
    "Harlow",
    "Rahman",
    "Vogel",
    "Zhang",
    "Eriksen",
    "Moreau",
    "Demir",
    "Haugen",
    "Alvarez",
    "Clarke",
    "Liu",
    "Byrne",
    "Petrova",
    "Okonkwo",
    "Haddad",
    "Brandt",
    "Ortega",
    "Kowalski",
    "Dubois",
    "Iyer",
    "Santos",
    "Aziz",
    "Nilsson",
]
FIRMS = [
    "Carwell Partners",
    "Lantern Auto Research",
    "Northgate Securities",
    "Meridian Mobility",
    "Halvorsen & Co",
    "BlueRiver Capital",
    "Tidewater Research",
    "Kestrel Insights",
    "Orbis Auto Intelligence",
    "Summit Ridge Equity",
    "Pacific Crest Mobility",
    "Ferro Advisory",
]
SUPPLIERS = [
    "CATL",
    "LG Energy Solution",
    "Panasonic",
    "Samsung SDI",
    "SK On",
    "CALB",
    "Gotion",
    "EVE Energy",
    "Sunwoda",
    "BYD's FinDreams unit",
]
CHARGERS = [
    "Ionity",
    "Electrify America",
    "ChargePoint",
    "Fastned",
    "EVgo",
    "Allego",
    "BP Pulse",
    "Shell Recharge",
    "Star Charge",
    "TELD",
    "Mer",
    "Pod Point",
]
ROLES = [
    "an analyst at",
    "a senior researcher at",
    "head of mobility research at",
    "a partner at",
    "an auto industry consultant at",
    "a portfolio manager at",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
CONNECTORS = [
    "",
    "",
    "",
    "",
    "Meanwhile, ",
    "At the same time, ",
    "By contrast, ",
    "Still, ",
    "Separately, ",
    "For now, ",
    "Notably, ",
    "In practice, ",
    "On top of that, ",
    "Even so, ",
]

# (section, title templates, lede templates, specific sentences)
THEMES: list[tuple[str, list[str], list[str], list[str]]] = [
    (
        "Sales",
        [
            "{co} {model} sales jump {pct}% in {month} as demand in {region} recovers",
            "{co} posts record {month} deliveries of {units} vehicles",
            "Why {co}'s {model} is suddenly outselling the {rco} {rmodel} in {region}",
        ],
        [
            "{co} delivered {units} vehicles in {month}, up {pct}% from a year earlier, the "
            "company said on {weekday}, with the {model} accounting for the largest share.",
            "Sales of the {co} {model} rose {pct}% in {month}, according to registration data "
            "compiled by {firm}, as buyers in {region} returned to showrooms.",
        ],
        [
            "Registrations of the {model} in {place} alone reached {units2}, a record for a "
            "single month in that market.",
            "The {rco} {rmodel}, long the benchmark in the segment, saw its registrations fall "
            "{pct2}% over the same period.",
            "Dealers reported that average discounts on the {model} narrowed to about "
            "${price_small}, a sign that inventory is no longer piling up.",
            "Fleet buyers accounted for roughly {share}% of {co}'s volume in {month}, up from "
            "{share2}% a year earlier.",
            "{co} said order intake for the {model} in the first two weeks of {month2} was the "
            "strongest since the model's launch.",
            "Year-to-date, {co} has sold {units3} vehicles, leaving it {pct3}% short of the "
            "annual target it set in {month3}.",
        ],
    ),
    (
        "Markets",
        [
            "{co} cuts {model} prices by up to {pct}% in {region}",
            "{co}'s {pct}% discount on the {model} squeezes rivals in {region}",
            "Price war spreads to {region} as {co} trims {model} pricing to ${price}",
        ],
        [
            "{co} has cut the price of the {model} in {region} by as much as {pct}%, bringing "
            "the starting price down to ${price}, according to a notice on its website.",
            "{co} lowered prices on {n_models} models on {weekday}, including a {pct}% cut to "
            "the {model}, in a move analysts said would put pressure on the entire segment.",
        ],
        [
            "Shares of {co} fell {pct2}% in early trading after the announcement, while shares "
            "of {rco} slipped {pct3}%.",
            "The cut brings the {model} within ${price_small} of the {rco} {rmodel}, which had "
            "been one of the cheapest options in its class.",
            "{co} described the reduction as a response to lower battery costs rather than weak "
            "demand, pointing to a {pct3}% decline in cell prices since {month}.",
            "Analysts estimate that each one-percentage-point drop in price trims roughly "
            "{bps} basis points from {co}'s automotive gross margin.",
            "Several dealer groups in {place} said they would absorb part of the cut to protect "
            "their own inventory values.",
            "The last time {co} cut prices this sharply, in {month3} {year_prev}, rivals "
            "followed within {days} days.",
        ],
    ),
    (
        "Products",
        [
            "{co} unveils the {newmodel}, an electric {body} with {km} km of range",
            "First look: the {co} {newmodel} takes aim at the {rco} {rmodel} with {km} km of range",
            "{co} confirms {newmodel} pricing from ${price} ahead of {month} launch",
        ],
        [
            "{co} has unveiled the {newmodel}, an all-electric {body} that the company says "
            "will go on sale in {region} in {month} with a starting price of about ${price}.",
            "The {co} {newmodel} made its public debut in {place} on {weekday}, and the "
            "company promised a WLTP range of up to {km} km from a {kwh} kWh battery.",
        ],
        [
            "The {newmodel} rides on an {volt}-volt architecture, allowing it to charge from "
            "10% to 80% in roughly {minutes} minutes on a fast enough charger.",
            "Inside, the cabin is dominated by a {screen}-inch center display and a head-up "
            "display that projects navigation prompts onto the windshield.",
            "{co} said the {newmodel} would be built at its plant in {place}, with cells "
            "supplied by {supplier}.",
            "At {length} millimeters long, the {newmodel} slots between the {model} and the "
            "company's larger models.",
            "Pre-orders open on {weekday}, and {co} is asking for a refundable deposit of "
            "${deposit}.",
            "The base version uses a single rear motor rated at {kw} kW, while a dual-motor "
            "version will follow a few months later.",
        ],
    ),
    (
        "Safety",
        [
            "{co} recalls {units} {model} vehicles over a {fault}",
            "Regulators open probe into {units} {co} {model} vehicles over a {fault}",
            "{co} will fix a {fault} in {units} {model} cars with a software update",
        ],
        [
            "{co} is recalling {units} {model} vehicles because of a {fault}, according to a "
            "filing with safety regulators published on {weekday}.",
            "Safety regulators have opened an investigation into about {units} {co} {model} "
            "vehicles after receiving {complaints} complaints about a {fault}.",
        ],
        [
            "The affected vehicles were built between {month} {year_prev} and {month2} of this "
            "year, the filing said.",
            "{co} said it was aware of {incidents} incidents related to the problem but no "
            "injuries.",
            "Owners will be notified by mail, and dealers will perform the repair free of "
            "charge, which takes about {hours} hours.",
            "Where possible, {co} plans to deliver the fix as an over-the-air software update, "
            "which most owners will receive without visiting a service center.",
            "It is the {ordinal} recall affecting the {model} since it went on sale.",
            "The regulator said the issue could increase the risk of a crash if it occurred "
            "at highway speeds.",
        ],
    ),
    (
        "Manufacturing",
        [
            "{co} to invest ${billions} billion in new EV plant in {place}",
            "{co} starts production in {place} with capacity for {capacity} cars a year",
            "{co} slows {model} production in {place} as it retools for next-generation EVs",
        ],
        [
            "{co} will invest ${billions} billion in a new electric vehicle factory in {place}, "
            "the company said on {weekday}, creating about {jobs} jobs.",
            "{co} has started series production at its plant in {place}, where it plans to "
            "build up to {capacity} vehicles a year once the factory is fully ramped.",
        ],
        [
            "The plant will use large single-piece castings for the rear underbody, cutting "
            "the number of parts in that section from more than {parts} to just a handful.",
            "Local officials in {place} offered tax incentives worth about ${millions} million "
            "to win the project, according to people familiar with the negotiations.",
            "Construction is expected to take about {months} months, with the first cars "
            "rolling off the line in {month} {year_next}.",
            "{co} said {pct}% of the plant's electricity would come from on-site solar panels "
            "and a long-term wind power contract.",
            "The factory will have its own battery pack assembly hall, with cells shipped in "
            "from {supplier}.",
            "Union representatives said they had secured guarantees on pay and working hours "
            "for the first {years} years of operation.",
        ],
    ),
    (
        "Charging",
        [
            "{charger} to add {stalls} fast chargers across {region}",
            "{charger} cuts charging prices to {cents} cents per kWh in {region}",
            "{co} drivers get access to {stalls} {charger} chargers from {month}",
        ],
        [
            "{charger} plans to install {stalls} new fast-charging points across {region} by "
            "the end of {year_next}, the company said on {weekday}.",
            "{charger} is lowering its standard price to {cents} cents per kilowatt-hour in "
            "{region}, citing higher utilization across its network.",
        ],
        [
            "Average utilization at the company's busiest sites rose to {pct}% this year, up "
            "from {pct2}% two years ago.",
            "Most of the new sites will have at least {per_site} chargers rated at {kw2} kW, "
            "with canopies, lighting and restrooms.",
            "Drivers of {co} vehicles will be able to start sessions directly from their car's "
            "navigation screen, without a separate app.",
            "The network's reliability score, measured as the share of successful sessions, "
            "improved to {reliability}% in the latest quarter.",
            "{charger} said the largest hub in the rollout, near {place}, would have {big_site} "
            "charging bays.",
            "Operators have struggled to make money from highway charging, where demand peaks "
            "sharply on holiday weekends and drops off midweek.",
        ],
    ),
    (
        "Batteries",
        [
            "{supplier} unveils cheaper LFP cell with {km} km range claim",
            "{co} signs {gwh} GWh battery supply deal with {supplier}",
            "{co} to put sodium-ion batteries in the {model} from {month}",
        ],
        [
            "{supplier} has introduced a new lithium-iron-phosphate cell that it says can "
            "power a mid-size car for up to {km} km and charge to 80% in {minutes} minutes.",
            "{co} has signed an agreement with {supplier} for {gwh} GWh of battery cells a "
            "year, enough for roughly {units} vehicles, the two companies said.",
        ],
        [
            "Pack-level prices for LFP batteries fell to about ${kwh_price} per kilowatt-hour "
            "this year, according to estimates by {firm}.",
            "{supplier} said energy density at the cell level had reached {wh} watt-hours per "
            "kilogram, a {pct}% improvement over its previous generation.",
            "The cells will be produced at a plant in {place}, which is scheduled to reach "
            "full output in {year_next}.",
            "Sodium-ion cells are less energy-dense than lithium-based ones but perform better "
            "in cold weather and use cheaper, more abundant raw materials.",
            "Lithium carbonate prices have stabilized around {lithium} yuan per tonne after "
            "falling steeply over the past two years.",
            "{co} said the new cells would first appear in the {model} before spreading to "
            "other models in the lineup.",
        ],
    ),
    (
        "Software",
        [
            "{co} expands hands-free driving to {km_roads} km of roads in {region}",
            "{co} rolls out new driver-assistance software to {units} cars",
            "{co}'s in-house driving chip promises {tops} TOPS for the {model}",
        ],
        [
            "{co} has begun rolling out an updated version of its driver-assistance software "
            "to about {units} vehicles in {region}, adding hands-free driving on more roads.",
            "{co} said on {weekday} that its hands-free driving system now covers "
            "{km_roads} km of highways and urban expressways in {region}.",
        ],
        [
            "The system uses {cameras} cameras, a front radar and, on higher trims, a lidar "
            "sensor mounted above the windshield.",
            "Drivers must still keep their eyes on the road, and an infrared camera monitors "
            "their attention.",
            "{co} said its in-house chip delivers {tops} trillion operations per second while "
            "using less power than the supplier chip it replaces.",
            "Subscriptions for the advanced version cost about ${monthly} a month, and {co} "
            "said take rates were around {share}% among new buyers.",
            "The update also adds automatic parking in multi-level garages and smoother "
            "handling of roundabouts.",
            "Regulators in {region} are still drafting rules that would allow drivers to take "
            "their eyes off the road in certain conditions.",
        ],
    ),
    (
        "Earnings",
        [
            "{co} swings to profit as revenue climbs {pct}% to ${billions} billion",
            "{co} misses estimates as automotive margin shrinks to {margin}%",
            "{co} raises full-year outlook after strong quarter in {region}",
        ],
        [
            "{co} reported revenue of ${billions} billion for the quarter, up {pct}% from a "
            "year earlier, and beat analysts' estimates of ${billions2} billion.",
            "{co}'s automotive gross margin narrowed to {margin}% in the quarter, down from "
            "{margin2}% a year earlier, as price cuts and higher warranty costs weighed on "
            "profitability.",
        ],
        [
            "Free cash flow came in at ${millions} million, helped by lower capital spending "
            "and tighter inventory management.",
            "The company ended the quarter with ${billions2} billion in cash and equivalents.",
            "Management said cost per vehicle fell {pct2}% year over year, mostly thanks to "
            "cheaper battery cells and simpler wiring harnesses.",
            "{co} kept its guidance for capital expenditure of ${billions} billion for the full "
            "year unchanged.",
            "Shares rose {pct3}% in after-hours trading as investors focused on the improving "
            "margin trend.",
            "Chief financial officer {person} told analysts on the earnings call that the "
            "company expected further improvement in the {ordinal_q} quarter.",
        ],
    ),
    (
        "Policy",
        [
            "{region} caps EV subsidies at cars under ${price} from {month}",
            "{region} weighs tariffs of up to {pct}% on imported EVs",
            "Lawmakers in {region} propose {share}% zero-emission sales target by {phaseout}",
        ],
        [
            "Governments in {region} will scale back purchase incentives for electric cars from "
            "{month}, capping eligibility at vehicles priced below ${price}.",
            "Lawmakers in {region} have proposed new rules that would require {share}% of new "
            "car sales to be zero-emission by {phaseout}.",
        ],
        [
            "Industry groups warned that reducing incentives too quickly could stall a market "
            "that is only now reaching price parity with combustion cars.",
            "Under the proposal, automakers that miss the target would pay a fine of about "
            "${fine} per vehicle.",
            "Environmental groups welcomed the plan but said it lacked funding for public "
            "charging in rural areas.",
            "Imports from China would face additional duties of up to {pct}% under the rules, "
            "unless manufacturers commit to local production.",
            "A public consultation on the plan will run until {month2}, after which ministers "
            "will publish a final version.",
            "{co}, which builds most of its cars for the region locally, said the rules would "
            "have limited impact on its business.",
        ],
    ),
]

# "[a|b|c]" picks one alternative at random, so fixed runs of words vary between articles.
GENERAL: list[str] = [
    '"The market is moving [faster than most people expected|in our direction|more quickly '
    'than the forecasts assumed]," said {person}, {role} {firm}.',
    "{person}, {role} {firm}, said the [numbers|figures|latest data] showed that [buyers|"
    "consumers|households] were becoming more [comfortable with|willing to consider] electric "
    "cars as charging [networks improved|became easier to find].",
    "In a [note to clients|research report|briefing for investors] on {weekday}, {firm} said it "
    "expected the [trend|shift|pattern] to continue into {year_next}.",
    "Electric cars made up {share}% of new car [sales|registrations] in {region} [last quarter|"
    "in {month}|over the summer], according to [data from|estimates by] {firm}.",
    "[The company|{co}|A {co} spokesperson] did not [respond to a request for comment|reply to "
    "questions sent on {weekday}|immediately respond to an email seeking comment].",
    "A spokesperson for {co} declined to comment on [specific figures|the report|the numbers] "
    "but said the company remained committed to its [electrification targets|{year_far} "
    "goals|EV strategy in {region}].",
    "{rco} has taken a different [approach|path|route], betting on [plug-in hybrids|"
    "range-extender models|hybrids] as a [bridge technology|stopgap|way to hedge its bets].",
    "Competition from Chinese brands has [intensified|heated up|grown sharply], with {rco} and "
    "others expanding into {region} with [aggressively priced|cheaper|well-equipped] models.",
    "[Consumers|Shoppers|Drivers] surveyed by {firm} said charging availability remained the "
    "[biggest|main|single largest] barrier to buying an electric car, ahead of [purchase price|"
    "cost] and range.",
    "Used EV prices [have stabilized|have steadied|stopped falling] in {region} in recent "
    "months after a [steep|sharp|prolonged] decline, which has improved residual values for "
    "[leasing companies|lessors|rental fleets].",
    "Insurance [costs|premiums] remain a sore point for [buyers|owners], with [premiums|quotes] "
    "for some electric models running {pct2}% above comparable [gasoline|petrol|combustion] "
    "cars.",
    "The average transaction price for a new electric car in {region} was about ${price} [last "
    "month|in {month}|in the third quarter], down {pct3}% from a year earlier.",
    "Battery costs account for [roughly a third|about {share2}%|a large share] of the price of "
    "a typical electric car, [although that share has been shrinking|a figure that keeps "
    "falling|down from nearly half in {year_prev}].",
    "{co} has also been expanding its software [services|business], including [subscriptions|"
    "paid upgrades] for [navigation, connectivity and driver assistance|streaming, games and "
    "parking assistance|remote diagnostics and insurance].",
    "Analysts at {firm} [cut|raised|trimmed] their price target on {co}'s shares to ${target}, "
    "citing [slower growth in its core markets|a stronger product pipeline|pressure on "
    "margins in {region}].",
    "Some investors worry that the industry is building more [capacity|factories|battery "
    "plants] than demand can absorb over the next [three|four|five] years.",
    "The company's next-generation platform, due in {year_next}, is expected to cut "
    "[production|manufacturing|assembly] costs by about {pct3}%.",
    "Supply chains have largely [normalized|recovered] after years of disruption, though some "
    "[chips|semiconductors] and rare-earth magnets remain [tight|hard to source].",
    "Fleet operators in {place} have been [early adopters|quick to switch], attracted by "
    "[lower running costs|cheaper maintenance] and access to [low-emission zones|city-center "
    "bus lanes].",
    "{rco} said [last month|in {month}|recently] that it would delay the launch of [two|three|"
    "several] electric models by [a year|18 months] to focus on [hybrids|its existing lineup].",
    "Residual values, charging speeds and software quality are now as important to buyers as "
    "range, according to a survey of {respondents} [car shoppers|drivers|adults] by {firm}.",
    "The number of public fast chargers in {region} has [roughly doubled|grown by {pct}%|nearly "
    "tripled] over the past [two|three] years.",
    "Despite the recent slowdown, most forecasters expect electric vehicles to account for "
    "more than half of global new car sales [before the end of the decade|by {year_far}].",
    "{person} said the company would provide more details at its [investor day|capital "
    "markets day|annual meeting] in {month2}.",
    "Executives have [repeatedly|consistently] said that [profitability|cash flow], not "
    "volume, is the priority for the coming year.",
    "Several startups have struggled to raise money this year, and at least {n_startups} have "
    "[filed for bankruptcy protection|shut down|been sold for parts].",
    "Electricity prices vary widely across {region}, which makes the running-cost advantage "
    "of EVs much larger in some [countries|states|provinces] than in others.",
    "Home charging remains the cheapest option for most drivers, but roughly {share2}% of "
    "households in [large cities|{place}] have no off-street parking.",
    "The {model} competes in one of the most crowded segments of the market, where more than "
    "{n_models} electric models are now on sale.",
    "{co} has said it aims to reduce the carbon footprint of each vehicle by {pct}% by "
    "[the end of the decade|{year_far}] compared with {year_prev} levels.",
    "Exports of Chinese-made electric cars rose {pct}% in the first [ten|nine|eleven] months "
    "of the year, with {region} among the fastest-growing destinations.",
    "Industry executives say the next big leap will come from [solid-state|semi-solid-state] "
    "batteries, although few expect them in mass-market cars before {year_far}.",
    "{person} noted that interest rates have a large impact on monthly payments, which matter "
    "more to most buyers than the sticker price.",
    "Automakers have been renegotiating supply contracts to tie battery prices more closely "
    "to the cost of lithium and other raw materials.",
    "Workers at the {place} plant were told in an internal memo that shifts would be adjusted "
    "from {month2} to match demand.",
    "The results come at a delicate time for the industry, which is juggling tariffs, "
    "shifting incentives and a rapid pace of technological change.",
    "For buyers, the shift means more choice and lower prices than at any point since "
    "electric cars went mainstream.",
    "{firm} estimates that the average electric car sold this year has a real-world range of "
    "about {km2} km, up from {km3} km five years ago.",
    "Parts suppliers in {place} have warned that they need clearer demand forecasts to plan "
    "investments in new production lines.",
    "The company's order backlog stood at about {units2} vehicles at the end of the quarter.",
    "Some dealers [in {place}|in {region}] have begun offering free home chargers or charging "
    "credits to close sales.",
    "Weaker demand in {region} has been partly offset by strong growth in emerging markets.",
    "{co} has been recruiting software engineers from big tech companies, offering salaries "
    "that rival those in Silicon Valley.",
    "{person} said regulators were paying close attention to how driver-assistance features "
    "are marketed to consumers.",
    "Carmakers also face stricter cybersecurity rules that require them to monitor connected "
    "vehicles for attacks over their entire lifetime.",
    "The price gap between electric cars and comparable gasoline models has narrowed to about "
    "${gap} in {region}, according to {firm}.",
    "Independent repair shops say they are still waiting for better access to diagnostic "
    "tools and battery data.",
    "Global sales of electric and plug-in hybrid cars are on track to exceed {global_m} million "
    "this year.",
    "{co}'s chief executive has said the company will not chase market share at the expense "
    "of margins.",
    "Some buyers are choosing to lease rather than buy, hedging against rapid improvements in "
    "battery technology.",
    "A shortage of qualified electricians has slowed the installation of chargers at "
    "apartment buildings and workplaces.",
    "Recycling companies in {place} are scaling up to recover lithium, nickel and cobalt from "
    "end-of-life batteries.",
    "Observers will be watching closely whether {rco} responds with cuts of its own.",
    "The figures do not include commercial vehicles, where electrification is progressing "
    "more slowly.",
    "Many buyers still cite range anxiety, even though surveys show most drivers cover less "
    "than {daily} km a day.",
    "{co} plans to release more detailed figures alongside its quarterly results in {month2}.",
    "Shares of {co} are down {pct2}% so far this year, underperforming the broader market.",
    "Battery warranty claims have remained low, with most packs retaining more than {soh}% of "
    "their capacity after {years} years.",
    "Ride-hailing drivers in {place} have switched to EVs in large numbers, drawn by lower "
    "fuel and maintenance costs.",
    "Analysts said the next few months would show whether the recent momentum is sustainable.",
]
SUBHEADS = [
    "What analysts are watching",
    "The bigger picture",
    "Pricing and availability",
    "What comes next",
    "A crowded market",
    "The numbers",
    "Why it matters",
    "Rivals respond",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
BODIES = ["SUV", "sedan", "hatchback", "crossover", "wagon", "pickup", "minivan", "coupe"]
FAULTS = [
    "software fault that can disable the rearview camera",
    "loose seat belt anchor",
    "faulty brake booster sensor",
    "high-voltage connector that may overheat",
    "steering column bolt that may loosen",
    "instrument cluster that can go blank",
    "windshield wiper motor defect",
    "battery cell defect that may increase fire risk",
]
NEW_SUFFIX = ["X", "Sport", "Plus", "Max", "Air", "GT", "Cross", "L", "Pro", "E"]


def _slugify(s: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", s.lower()).split()
    return "-".join(words[:9])


_ALT = re.compile(r"\[([^\[\]]*)\]")


def _fill(template: str, ctx: dict[str, str], rng: random.Random | None = None) -> str:
    if rng is not None:
        template = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return template.format(**ctx)


def _context(rng: random.Random) -> dict[str, str]:
    co, models, _hq = rng.choice(COMPANIES)
    rco, rmodels, _ = rng.choice([c for c in COMPANIES if c[0] != co])
    model = rng.choice(models)
    m = rng.randrange(12)
    ordinals = ["second", "third", "fourth", "fifth", "sixth"]

    def num(lo: int, hi: int, step: int = 1) -> str:
        return f"{rng.randrange(lo, hi, step):,}"

    return {
        "co": co,
        "model": model,
        "rco": rco,
        "rmodel": rng.choice(rmodels),
        "newmodel": f"{model.split()[0]} {rng.choice(NEW_SUFFIX)}"
        if " " not in model
        else f"{model} {rng.choice(NEW_SUFFIX)}",
        "region": rng.choice(REGIONS),
        "place": rng.choice(PLACES),
        "firm": rng.choice(FIRMS),
        "supplier": rng.choice(SUPPLIERS),
        "charger": rng.choice(CHARGERS),
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "role": rng.choice(ROLES),
        "month": MONTHS[m],
        "month2": MONTHS[(m + 1 + rng.randrange(4)) % 12],
        "month3": MONTHS[(m + 5 + rng.randrange(5)) % 12],
        "weekday": rng.choice(WEEKDAYS),
        "body": rng.choice(BODIES),
        "fault": rng.choice(FAULTS),
        "ordinal": rng.choice(ordinals),
        "ordinal_q": rng.choice(["third", "fourth", "first"]),
        "pct": str(rng.randrange(3, 48)),
        "pct2": str(rng.randrange(2, 30)),
        "pct3": f"{rng.randrange(10, 190) / 10:.1f}",
        "share": str(rng.randrange(8, 70)),
        "share2": str(rng.randrange(5, 45)),
        "units": num(1_200, 480_000, 7),
        "units2": num(300, 60_000, 3),
        "units3": num(40_000, 2_400_000, 11),
        "price": num(18_000, 95_000, 10),
        "price_small": num(500, 6_000, 50),
        "deposit": num(100, 2_500, 50),
        "km": str(rng.randrange(260, 780, 5)),
        "km2": str(rng.randrange(330, 460)),
        "km3": str(rng.randrange(220, 320)),
        "kwh": f"{rng.randrange(380, 1150) / 10:.1f}",
        "kw": str(rng.randrange(90, 420, 5)),
        "kw2": str(rng.choice([150, 180, 300, 350, 400, 480, 600])),
        "volt": str(rng.choice([400, 800, 900, 1000])),
        "minutes": str(rng.randrange(12, 32)),
        "screen": f"{rng.choice([12.3, 14.6, 15.4, 15.6, 16, 17.3])}",
        "length": num(4_050, 5_200, 5),
        "n_models": str(rng.randrange(4, 30)),
        "complaints": str(rng.randrange(12, 400)),
        "incidents": str(rng.randrange(2, 60)),
        "hours": str(rng.choice(["one", "two", "three", "half an"])),
        "billions": f"{rng.randrange(12, 480) / 10:.1f}",
        "billions2": f"{rng.randrange(12, 480) / 10:.1f}",
        "millions": num(40, 2_900, 10),
        "jobs": num(800, 9_000, 50),
        "capacity": num(50_000, 600_000, 10_000),
        "parts": str(rng.randrange(60, 400)),
        "months": str(rng.randrange(14, 36)),
        "years": str(rng.randrange(2, 9)),
        "stalls": num(200, 9_000, 25),
        "cents": str(rng.randrange(29, 69)),
        "per_site": str(rng.randrange(4, 16)),
        "reliability": f"{rng.randrange(900, 995) / 10:.1f}",
        "big_site": str(rng.randrange(20, 90)),
        "gwh": str(rng.randrange(5, 120)),
        "kwh_price": str(rng.randrange(48, 110)),
        "wh": str(rng.randrange(160, 300)),
        "lithium": num(60_000, 95_000, 500),
        "km_roads": num(20_000, 400_000, 1_000),
        "cameras": str(rng.randrange(7, 13)),
        "tops": str(rng.randrange(250, 2_500, 10)),
        "monthly": str(rng.randrange(9, 199)),
        "margin": f"{rng.randrange(80, 240) / 10:.1f}",
        "margin2": f"{rng.randrange(80, 240) / 10:.1f}",
        "bps": str(rng.randrange(40, 90)),
        "days": str(rng.randrange(3, 30)),
        "fine": num(2_000, 15_000, 500),
        "phaseout": str(rng.choice([2030, 2032, 2035, 2040])),
        "target": str(rng.randrange(12, 480)),
        "respondents": num(1_500, 20_000, 100),
        "n_startups": str(rng.choice(["two", "three", "four", "five"])),
        "gap": num(1_500, 9_000, 100),
        "global_m": str(rng.randrange(18, 26)),
        "daily": str(rng.randrange(35, 70)),
        "soh": str(rng.randrange(82, 95)),
        "year_prev": str(rng.choice([2022, 2023, 2024, 2025])),
        "year_next": str(rng.choice([2027, 2028])),
        "year_far": str(rng.choice([2029, 2030, 2031])),
    }


_LOWERABLE = {
    "The",
    "A",
    "Some",
    "Many",
    "Most",
    "Several",
    "Electric",
    "Battery",
    "Industry",
    "Home",
    "Used",
    "Insurance",
    "Consumers",
    "Fleet",
    "Dealers",
    "Analysts",
    "Drivers",
    "Operators",
    "Lithium",
    "Sodium-ion",
    "Pack-level",
    "Owners",
    "Global",
    "Exports",
    "Residual",
    "Executives",
    "Supply",
    "Carmakers",
    "Automakers",
    "Independent",
    "Recycling",
    "Workers",
    "Parts",
    "Weaker",
    "For",
    "Despite",
    "Imports",
    "Environmental",
    "Governments",
    "Management",
    "Shares",
    "Free",
    "Construction",
    "Local",
    "In",
    "Registrations",
    "Average",
    "Year-to-date,",
    "Subscriptions",
    "Regulators",
    "Union",
    "Pre-orders",
    "Where",
}
_AUTHORS = {k: sorted({a.author for a in v}) for k, v in ARTICLES.items()}
_OUTLET_KEYS = list(ARTICLES)


def generate_bulk_articles(n: int, seed: int = 0) -> list[FakeArticle]:
    """n distinct articles (400-1200 words each), spread round-robin over the four outlets."""
    out: list[FakeArticle] = []
    slugs: set[str] = set()
    base = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        ctx = _context(rng)
        section, titles, ledes, specific = rng.choice(THEMES)
        title = _fill(rng.choice(titles), ctx)
        sentences = [_fill(s, ctx) for s in rng.sample(specific, len(specific))]
        general = [
            _fill(s, _context(rng) | {"co": ctx["co"], "model": ctx["model"]}, rng)
            for s in rng.sample(GENERAL, len(GENERAL))
        ]
        pool = sentences[:3] + general[:6] + sentences[3:] + general[6:]
        target = rng.randint(400, 1200)
        lede_t, dek_t = rng.sample(ledes, 2)
        lede, dek = _fill(lede_t, ctx), _fill(dek_t, ctx)
        paragraphs: list[str] = [lede]
        words = len(lede.split())
        j = 0
        while words < target and j < len(pool):
            size = rng.choice([1, 2, 2, 3, 3, 4])
            chunk = []
            for s in pool[j : j + size]:
                conn = rng.choice(CONNECTORS)
                first = s.split(" ", 1)[0]
                if conn and first in _LOWERABLE:
                    s = conn + s[0].lower() + s[1:]
                chunk.append(s)
            j += size
            para = " ".join(chunk)
            paragraphs.append(para)
            words += len(para.split())
        slug = _slugify(title)
        if slug in slugs:
            slug = f"{slug}-{i}"
        slugs.add(slug)
        outlet = _OUTLET_KEYS[i % len(_OUTLET_KEYS)]
        published = base - timedelta(minutes=i * 41 + rng.randrange(0, 40))
        out.append(
            FakeArticle(
                outlet=outlet,
                slug=slug,
                title=title,
                author=rng.choice(_AUTHORS[outlet]),
                published=published,
                summary=dek if len(dek) < 240 else dek[:237].rsplit(" ", 1)[0] + "...",
                paragraphs=paragraphs,
                image=f"/img/bulk-{seed}-{i}.jpg",
                section=section,
                subheading=rng.choice(SUBHEADS) if rng.random() < 0.5 else None,
                caption=f"A {ctx['co']} {ctx['model']} photographed in {ctx['place']}.",
            )
        )
    return out
