"""Chinese article pages of one invented outlet, laid out as Chinese news portals lay them out:
a navigation bar, a breadcrumb, an advertisement, a "follow our account" box and an editor's
line inside the article body, a disclaimer, related links, readers' comments and a footer.
Every event, figure and person is invented for testing."""

from __future__ import annotations

import html
from dataclasses import dataclass

SITE = "电车观察网"
FOLLOW_BOX = "扫描下方二维码，关注电车观察网微信公众号，第一时间获取新能源汽车行业资讯与独家评测。"
EDITOR = "责任编辑：王磊"
DISCLAIMER = (
    "声明：本文仅代表作者个人观点，不代表电车观察网立场。文中数据来源于企业公开信息，"
    "仅供参考，不构成任何投资建议。"
)
TEMPLATE_LINES = (FOLLOW_BOX, EDITOR, DISCLAIMER)
NAV = ["首页", "新车", "行业", "评测", "充电", "视频", "论坛"]
RELATED = ["比亚迪海外工厂投产进度曝光", "蔚来换电站突破三千座", "理想汽车纯电车型上市首月交付"]
COMMENTS = ["网友“路过的车主”：续航能不能再实在一点？", "网友“老司机”：价格合适就考虑。"]


@dataclass(frozen=True)
class ChineseArticle:
    slug: str
    title: str
    paragraphs: tuple[str, ...]


ARTICLES = (
    ChineseArticle(
        "leapmotor-b10",
        "零跑B10海外版开启预售 首批车辆明年一月交付欧洲",
        (
            "11月20日，零跑汽车宣布B10海外版在德国、法国和西班牙同步开启预售，"
            "预售价2.9万欧元起，首批车辆计划于明年一月从西班牙萨拉戈萨工厂下线并交付用户。",
            "零跑汽车高级副总裁在发布会上表示，海外版针对欧洲法规重新调校了底盘和驾驶辅助系统，"
            "并提供右舵版本。公司预计明年海外销量将占总销量的两成左右。",
            "业内人士指出，欧盟对中国产电动车加征关税后，在当地组装成为车企降低成本的主要途径，"
            "但本地供应链的成熟度仍将影响新车的交付节奏和利润水平。",
            "截至10月底，零跑今年累计交付已超过45万辆，同比增长逾九成，继续位居新势力品牌前列。",
        ),
    ),
    ChineseArticle(
        "catl-sodium",
        "宁德时代钠离子电池量产装车 低温续航提升明显",
        (
            "宁德时代11月18日宣布，其第二代钠离子电池已在福建宁德基地实现规模量产，"
            "首款搭载车型为一款售价不到十万元的入门级纯电小车，预计12月上市。",
            "根据公司公布的测试数据，在零下二十摄氏度环境中，新电池仍可保持九成以上的可用电量，"
            "明显优于同级别磷酸铁锂电池，充电十五分钟即可补能至百分之八十。",
            "分析师认为，碳酸锂价格波动加剧，使车企对钠电池的兴趣上升，"
            "但钠电池能量密度偏低，短期内主要用于小型车和储能领域。",
            "宁德时代表示，明年钠离子电池产能将扩大至三十吉瓦时，并向多家海外客户送样测试。",
        ),
    ),
    ChineseArticle(
        "xpeng-robotaxi",
        "小鹏汽车在广州启动无人驾驶出租车试运营",
        (
            "小鹏汽车11月22日在广州黄埔区启动无人驾驶出租车试运营，"
            "首批投放五十辆车，市民可通过小程序预约，试运营期间乘车免费。",
            "小鹏汽车董事长在现场表示，车辆采用纯视觉方案和自研芯片，"
            "已在广州累计完成超过两百万公里的道路测试，未发生主责事故。",
            "据了解，试运营区域覆盖约六十平方公里，包括科学城和知识城等片区，"
            "车辆在早晚高峰时段仍会配备安全员。",
            "此前，百度萝卜快跑和小马智行已在广州开展类似服务，业内预计明年相关市场竞争将进一步加剧。",
        ),
    ),
    ChineseArticle(
        "geely-solid-state",
        "吉利发布半固态电池路线图 2027年搭载旗舰车型",
        (
            "吉利控股集团11月25日在杭州举行技术发布会，公布了半固态电池的研发路线图，"
            "计划于2027年在旗下旗舰车型上率先搭载，单次充电续航有望超过一千公里。",
            "吉利研究院负责人介绍，新电池的能量密度达到每公斤三百六十瓦时，"
            "通过了针刺、挤压和高温等多项安全测试，电芯成本较现有三元电池高出约两成。",
            "为保障供应，吉利已与两家正极材料企业签署长期协议，并将在浙江建设一条中试产线。",
            "有投资者在发布会后提问，固态电池量产时间是否会推迟。对此，吉利方面回应称，"
            "路线图已预留验证时间，将根据测试结果稳步推进，不会为抢时间牺牲安全。",
        ),
    ),
)


def page(article: ChineseArticle) -> str:
    """The article as the portal serves it; the follow box sits between its paragraphs."""
    body = [f"<p>{html.escape(text)}</p>" for text in article.paragraphs]
    body.insert(
        2, f'<div class="wx-follow"><p>{FOLLOW_BOX}</p><img src="/qr.png" alt="二维码"></div>'
    )
    body.append(f'<p class="editor">{EDITOR}</p>')
    body.append(f'<p class="statement">{DISCLAIMER}</p>')
    nav = "".join(f'<li><a href="/{n}/">{item}</a></li>' for n, item in enumerate(NAV))
    related = "".join(f'<li><a href="/r/{n}.html">{t}</a></li>' for n, t in enumerate(RELATED))
    comments = "".join(f'<div class="comment"><p>{text}</p></div>' for text in COMMENTS)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{article.title}_{SITE}</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-11-25T08:00:00+08:00"></head>
<body><div class="top-bar"><ul class="nav">{nav}</ul></div>
<div class="breadcrumb"><a href="/">{SITE}</a> &gt; <a href="/1/">新车</a> &gt; 正文</div>
<div class="ad-banner"><a href="/ad">广告 新款电动SUV限时优惠 立即预约试驾</a></div>
<div class="main"><div class="article"><h1>{article.title}</h1>
<div class="meta">2026-11-25 08:00 来源：{SITE}</div>{"".join(body)}</div>
<div class="related"><h3>相关阅读</h3><ul>{related}</ul></div>
<div id="comments"><h3>网友评论</h3>{comments}</div></div>
<div class="footer">Copyright © 2026 {SITE} 版权所有 京ICP备00000000号</div></body></html>"""
