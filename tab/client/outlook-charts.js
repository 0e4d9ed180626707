/*
 * The Funding outlook's charts, drawn with Observable Plot (window.Plot, on window.d3; both served
 * by the bot, never from a CDN) from the JSON data block the page carries. The table beside each
 * chart holds the same figures and is its text alternative; the chart's box has role="img" and
 * an accessible name. Drawn when tab-client.js says a page is shown ("tab:page", also after it
 * loaded this script for a page reached inside Teams), and again when the width changes.
 */
(function () {
  'use strict';

  var COLOURS = {
    approved: '#1e4e8c',
    awaiting_decision_maker: '#2f7d4a',
    awaiting_chief_executive: '#7a4f9a',
    in_review: '#b45f06',
    draft: '#767676',
    renewed: '#2f7d4a',
    ended: '#767676',
    undecided: '#b45f06',
    fresh: '#1e4e8c',
    nudged: '#b45f06',
    long: '#a4262c',
  };
  var STAGE_COLOUR = '#a4262c';
  var compact = new Intl.NumberFormat('en-GB', {
    style: 'currency',
    currency: 'GBP',
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  var pounds = function (pence) {
    return pence / 100;
  };
  var utc = function (isoDate) {
    return new Date(isoDate + 'T00:00:00Z');
  };

  function colour(series) {
    return {
      domain: series.map(function (s) {
        return s.label;
      }),
      range: series.map(function (s) {
        return COLOURS[s.key] || '#444';
      }),
      legend: true,
    };
  }

  var charts = {
    commitments: function (Plot, d, width) {
      return Plot.plot({
        width: width,
        height: 300,
        marginLeft: 64,
        style: { fontSize: '13px' },
        x: { label: null, domain: uniq(d.rows.map((r) => r.year)) },
        y: { label: 'Committed (£)', grid: true, tickFormat: (v) => compact.format(v) },
        color: colour(d.series),
        marks: [
          Plot.barY(d.rows, {
            x: 'year',
            y: (r) => pounds(r.pence),
            fill: 'series',
            title: (r) => r.year + ', ' + r.series + ': ' + r.money,
          }),
          Plot.ruleY([0]),
        ],
      });
    },
    ending: function (Plot, d, width) {
      return Plot.plot({
        width: width,
        height: 300,
        marginLeft: 64,
        style: { fontSize: '13px' },
        x: {
          type: 'utc',
          domain: [utc(d.from), utc(d.until)],
          label: null,
          ticks: 'month',
          tickFormat: '%b %y',
          tickRotate: width < 560 ? -45 : 0,
        },
        y: { label: 'Funding ending (£ a year)', grid: true, tickFormat: (v) => compact.format(v) },
        color: colour(d.series),
        marks: [
          Plot.rectY(d.rows, {
            x1: (r) => utc(r.start),
            x2: (r) => utc(r.until),
            y: (r) => pounds(r.pence),
            fill: 'series',
            insetLeft: 2,
            insetRight: 2,
            title: (r) => r.month + ', ' + r.series + ': ' + r.money,
          }),
          Plot.ruleY([0]),
          Plot.ruleX(d.stages, { x: (s) => utc(s.date), stroke: STAGE_COLOUR, strokeDasharray: '5,3' }),
          Plot.text(d.stages, {
            x: (s) => utc(s.date),
            text: (s) => s.label.replace(' ', '\n'),
            frameAnchor: 'top',
            textAnchor: 'end',
            lineAnchor: 'top',
            dx: -4,
            fill: STAGE_COLOUR,
            title: (s) => s.label + (s.due ? ' fell due ' : ' falls due ') + s.day,
          }),
        ],
      });
    },
    pipeline: function (Plot, d, width) {
      var most = Math.max.apply(
        null,
        d.roles.map(function (role) {
          return d.rows
            .filter((r) => r.role === role)
            .reduce(function (sum, r) {
              return sum + r.count;
            }, 0);
        }),
      );
      return Plot.plot({
        width: width,
        height: 60 + 40 * d.roles.length,
        marginLeft: 170,
        style: { fontSize: '13px' },
        marginBottom: 44,
        x: {
          label: 'Decisions waiting',
          labelAnchor: 'center',
          labelOffset: 40,
          grid: true,
          ticks: Math.min(most, 10),
          tickFormat: 'd',
        },
        y: { domain: d.roles, label: null, axis: null },
        color: colour(d.series),
        marks: [
          Plot.axisY({ lineWidth: 13, textOverflow: 'ellipsis', tickSize: 0, marginLeft: 170 }),
          Plot.barX(d.rows, {
            y: 'role',
            x: 'count',
            fill: 'series',
            title: (r) => r.role + ', ' + r.series + ': ' + r.count,
          }),
          Plot.ruleX([0]),
        ],
      });
    },
  };

  function uniq(values) {
    return values.filter(function (v, i) {
      return values.indexOf(v) === i;
    });
  }

  function drawAll() {
    var block = document.getElementById('outlook-data');
    var Plot = window.Plot;
    if (!block || !Plot) return;
    var data = JSON.parse(block.textContent);
    document.querySelectorAll('[data-chart]').forEach(function (box) {
      var key = box.getAttribute('data-chart');
      if (!charts[key] || !data[key]) return;
      var width = Math.max(280, Math.floor(box.clientWidth));
      if (box.getAttribute('data-width') === String(width)) return;
      var drawn = charts[key](Plot, data[key], width);
      // The box (role="img") is the chart's accessible node, named by its aria-label; the table beside
      // it is the text alternative. What Plot draws inside is presentation (its groups carry aria-labels
      // that assistive technology must not be offered inside an image).
      drawn.setAttribute('aria-hidden', 'true');
      box.replaceChildren(drawn);
      box.setAttribute('data-width', String(width));
    });
  }

  window.addEventListener('tab:page', drawAll);
  var resizing;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(drawAll, 200);
  });
})();
