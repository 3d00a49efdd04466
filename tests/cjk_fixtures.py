"""Chinese and Japanese coverage written like the outlets write it: a full news page each, and
import lines for search and topics (one that writes 小米汽车, one that writes 小米SU7, and
negatives that hold the same characters apart)."""

from __future__ import annotations

import json

ZH_TITLE = "小米汽车11月交付量再创新高 YU7订单排至明年"
ZH_PARAGRAPHS = [
    "12月1日，小米汽车公布11月交付数据：当月交付新车超过4万辆，连续第三个月刷新纪录。"
    "其中，小米SU7交付约2.2万辆，今年6月上市的纯电SUV小米YU7交付约1.9万辆。",
    "小米集团董事长雷军在微博表示，北京亦庄工厂二期已于10月开始试生产，"
    "目前两座工厂均以双班制满负荷运转，但YU7的等车时间仍在30周以上。"
    "为缩短交付周期，公司正在招聘约2000名产线工人，并计划明年在武汉建设第三座整车工厂。",
    "据乘联会数据，小米汽车前11个月累计交付已超过32万辆，提前完成了年初制定的30万辆目标。"
    "分析人士认为，在价格战持续、补贴退坡的背景下，小米依靠手机用户转化和智能座舱生态，"
    "在20万元至30万元价位段站稳了脚跟，但随着产能继续爬坡，能否保持毛利率仍有待观察。",
    "此外，小米汽车宣布将于12月下旬推送HyperOS 3.0车机系统升级，"
    "新增城市领航辅助驾驶功能，覆盖全国300多个城市，老用户可免费升级。",
]

JA_TITLE = "ホンダ、カナダにEV専用工場 2028年稼働へ 電池も現地生産"
JA_PARAGRAPHS = [
    "ホンダは25日、カナダ・オンタリオ州に電気自動車（EV）の専用工場と電池工場を建設すると"
    "正式に発表した。投資額は約150億カナダドル（約1兆6500億円）で、2028年の稼働を目指す。",
    "新工場の年間生産能力は最大24万台を見込む。電池の正極材や負極材も州内で調達し、"
    "北米でのサプライチェーンを一体で整える。三部敏宏社長は記者会見で「北米は当社にとって"
    "最も重要な市場であり、EVの普及期に向けて競争力のある供給体制を築く」と述べた。",
    "カナダ政府とオンタリオ州政府は、合わせて最大50億カナダドルの支援を行う。"
    "米国では関税を巡る不透明感が続いているが、ホンダは北米での現地生産を拡大することで"
    "為替や関税の影響を抑える考えだ。一方、既存のガソリン車工場の雇用は維持するという。",
]


def news_page(title: str, paragraphs: list[str], lang: str, site: str, published: str) -> bytes:
    """A news page as the outlets serve it: JSON-LD, OpenGraph, navigation, related links."""
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": published,
            "author": {"@type": "Person", "name": "编辑部" if lang == "zh" else "編集部"},
            "publisher": {"@type": "Organization", "name": site},
        },
        ensure_ascii=False,
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} - {site}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<script type="application/ld+json">{ld}</script></head>
<body><header><nav><a href="/">首页</a> <a href="/auto/">汽车</a> <a href="/tech/">科技</a>
</nav></header>
<main><article><h1>{title}</h1><div class="byline">{published[:10]}</div>{body}</article>
<aside><h3>相关阅读</h3><ul><li><a href="/a/1">理想汽车发布11月交付数据</a></li>
<li><a href="/a/2">蔚来ET9开启交付</a></li></ul></aside></main>
<footer>© {site} 版权所有</footer></body></html>""".encode()


ZH_PAGE = news_page(ZH_TITLE, ZH_PARAGRAPHS, "zh", "新浪汽车", "2026-12-01T10:30:00+08:00")
JA_PAGE = news_page(JA_TITLE, JA_PARAGRAPHS, "ja", "日本経済新聞", "2026-11-25T18:00:00+09:00")


def _article(**fields: str) -> dict[str, str]:
    return fields


IMPORT_ARTICLES = [
    _article(
        id="zh-xiaomi-auto",
        source="Sina Auto",
        url="https://auto.sina.com.cn/news/2026-12-01/xiaomi-november-deliveries.shtml",
        published="2026-12-01T02:30:00Z",
        title=ZH_TITLE,
        text="\n\n".join(ZH_PARAGRAPHS),
        language="zh",
    ),
    _article(
        id="zh-su7-ultra",
        source="IT之家",
        url="https://www.ithome.com/0/880/412.htm",
        published="2026-11-28T04:00:00Z",
        title="小米SU7 Ultra降价2万元 限时权益延长至年底",
        text="11月28日消息，小米SU7 Ultra宣布官方指导价下调2万元，调整后售价为50.99万元起，"
        "已锁单用户可获差价补偿。同时，首发权益延长至12月31日，包括赛道驾驶培训和碳纤维套件优惠。"
        "该车采用三电机布局，零百加速1.98秒，最高车速350公里/小时。",
        language="zh",
    ),
    _article(
        id="zh-xiaomi-phone",
        source="中关村在线",
        url="https://mobile.zol.com.cn/1002/10028877.html",
        published="2026-11-27T06:00:00Z",
        title="小米17 Ultra评测：一英寸主摄再升级",
        text="小米17 Ultra搭载一英寸主摄和6000毫安时电池，钛金属中框让整机更轻。"
        "在汽车行业杀入价格战的同时，手机市场同样竞争激烈，小米本季度出货量同比增长6%。"
        "这款手机售价6499元，明年3月登陆欧洲市场。",
        language="zh",
    ),
    _article(
        id="zh-michelin",
        source="新浪汽车",
        url="https://auto.sina.com.cn/news/2026-11-26/michelin-tyres.shtml",
        published="2026-11-26T03:00:00Z",
        title="米其林发布新款电动车专用轮胎",
        text="新轮胎的滚动阻力比上一代降低了10%，胎噪也更小。米其林表示，"
        "这款轮胎已获得多家新能源车企的原配订单，汽车行业对低阻轮胎的需求正在快速增长。",
        language="zh",
    ),
    _article(
        id="ja-honda-canada",
        source="日本経済新聞",
        url="https://www.nikkei.com/article/DGXZQOUC250HN0V21C26A1000000/",
        published="2026-11-25T09:00:00Z",
        title=JA_TITLE,
        text="\n\n".join(JA_PARAGRAPHS),
        language="ja",
    ),
    _article(
        id="en-xiaomi",
        source="CnEVPost",
        url="https://cnevpost.com/2026/12/01/xiaomi-november-deliveries/",
        published="2026-12-01T05:00:00Z",
        title="Xiaomi EV deliveries top 40,000 in November",
        text="Xiaomi delivered more than 40,000 vehicles in November, its third record month in "
        "a row. The SU7 sedan accounted for about 22,000 units and the YU7 SUV for about "
        "19,000, while wait times for the YU7 remain above 30 weeks.",
        language="en",
    ),
]


def import_lines() -> str:
    return "\n".join(json.dumps(a, ensure_ascii=False) for a in IMPORT_ARTICLES) + "\n"
