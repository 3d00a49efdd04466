// The chart page of `aggregator serve` (aggregator/datasette_charts.py): draws the numbers the
// page embeds (#chart-data) with Observable Plot. One bar per day for the topic's articles and
// one for its new stories (each chart its own scale: stories are far fewer), and one bar per
// outlet for its share of the topic's articles.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const days = data.days.map((day) => ({ ...day, date: new Date(`${day.day}T00:00:00Z`) }));

  function perDay(target, field, label, color) {
    const most = Math.max(1, ...days.map((d) => d[field]));
    target.replaceChildren(
      Plot.plot({
        width: target.clientWidth,
        height: 200,
        marginLeft: 48,
        x: { type: "utc", label: null },
        // counts: whole numbers only (d3 would put 0.5 between 0 and 1)
        y: { label, grid: true, ticks: d3.ticks(0, most, 5).filter(Number.isInteger), tickFormat: "d" },
        marks: [
          Plot.rectY(days, {
            x: "date",
            y: field,
            interval: "day",
            insetLeft: 0.5,
            insetRight: 0.5,
            fill: color,
            title: (d) => `${d.day}: ${d[field]} ${label.toLowerCase()}`,
          }),
          Plot.ruleY([0]),
        ],
      }),
    );
  }

  function outletShare(target) {
    const longest = Math.max(...data.outlets.map((o) => o.outlet.length));
    target.replaceChildren(
      Plot.plot({
        width: target.clientWidth,
        height: 40 + 24 * data.outlets.length,
        marginLeft: Math.min(260, 12 + 7 * longest),
        marginRight: 110,
        x: { label: "share of the topic's articles (%)", grid: true },
        y: { label: null, domain: data.outlets.map((o) => o.outlet) },
        marks: [
          Plot.barX(data.outlets, {
            x: "percent",
            y: "outlet",
            fill: "#4e79a7",
            title: (o) => `${o.outlet}: ${o.articles} articles, ${o.percent} %`,
          }),
          Plot.text(data.outlets, {
            x: "percent",
            y: "outlet",
            text: (o) => `${o.percent} % (${o.articles})`,
            textAnchor: "start",
            dx: 4,
          }),
        ],
      }),
    );
  }

  perDay(document.getElementById("articles-chart"), "articles", "Articles", "#4e79a7");
  perDay(document.getElementById("stories-chart"), "stories", "New stories", "#f28e2b");
  outletShare(document.getElementById("outlets-chart"));
})();
