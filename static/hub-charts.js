/*
 * Draws the dashboard's charts with Chart.js (served by the app at /static/vendor). The data
 * comes from the data-charts attribute, HTML-escaped by the template and decoded by the
 * browser: nothing is executed from the page itself, as the CSP requires.
 */
(function () {
  'use strict';
  var holder = document.getElementById('hub-charts');
  if (!holder || typeof window.Chart === 'undefined') return;
  var data;
  try {
    data = JSON.parse(holder.getAttribute('data-charts') || 'null');
  } catch (e) {
    return;
  }
  if (!data) return;

  var Chart = window.Chart;
  var brand = '#0b4f6c';
  var ok = '#2b7a3d';
  var warn = '#b85c00';
  var err = '#a4161a';
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.color = '#5b6770';
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  var slaBucket = data.timeToQuote.labels.length - 2; // the bucket that ends at 48 h: past it, over the SLA
  draw('chart-ttq', {
    type: 'bar',
    data: {
      labels: data.timeToQuote.labels,
      datasets: [{
        label: 'Briefs',
        data: data.timeToQuote.counts,
        backgroundColor: data.timeToQuote.counts.map(function (_, i) { return i > slaBucket ? err : i >= slaBucket - 1 ? warn : brand; }),
        borderRadius: 3,
      }],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw('chart-weekly', {
    type: 'bar',
    data: {
      labels: data.weekly.labels,
      datasets: [
        { label: 'Received', data: data.weekly.received, backgroundColor: '#9dbccb', borderRadius: 3 },
        { label: 'Sent within SLA', data: data.weekly.withinSla, backgroundColor: ok, borderRadius: 3 },
      ],
    },
    options: { plugins: { legend: { position: 'bottom' } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw('chart-destinations', {
    type: 'bar',
    data: {
      labels: data.destinations.labels,
      datasets: [
        { type: 'bar', label: 'Briefs', data: data.destinations.received, backgroundColor: '#9dbccb', borderRadius: 3, yAxisID: 'y', order: 2 },
        { type: 'line', label: 'Sent within SLA (%)', data: data.destinations.slaShare, borderColor: ok, backgroundColor: ok, yAxisID: 'share', order: 1, pointRadius: 4, showLine: false },
      ],
    },
    options: {
      plugins: { legend: { position: 'bottom' } },
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'briefs' } },
        share: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '% within SLA' } },
      },
    },
  });
})();
