/*
 * Draws the observatory's charts with Chart.js (served by the app at /static/vendor). The data
 * comes from the data-charts attribute, HTML-escaped by the template and decoded by the
 * browser: nothing is executed from the page itself, as the CSP requires. Withheld cells are
 * null, which Chart.js leaves as gaps.
 */
(function () {
  'use strict';
  var holder = document.getElementById('obs-charts');
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
  var light = '#9dbccb';
  var err = '#a4161a';
  var ok = '#2b7a3d';
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.color = '#5b6770';
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }
  var legend = { plugins: { legend: { position: 'bottom' } } };

  draw('chart-volume', {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: [
        { label: 'Briefs', data: data.briefs, backgroundColor: light, borderRadius: 3 },
        { label: 'No feasible venue', data: data.unmet, backgroundColor: err, borderRadius: 3 },
      ],
    },
    options: Object.assign({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }, legend),
  });

  draw('chart-budget', {
    type: 'line',
    data: {
      labels: data.labels,
      datasets: [
        { label: 'Q3', data: data.budget.q3, borderColor: light, backgroundColor: 'rgba(157,188,203,0.25)', fill: '+2', pointRadius: 2, spanGaps: false },
        { label: 'Median', data: data.budget.median, borderColor: brand, backgroundColor: brand, pointRadius: 3, spanGaps: false },
        { label: 'Q1', data: data.budget.q1, borderColor: light, backgroundColor: light, pointRadius: 2, spanGaps: false },
      ],
    },
    options: Object.assign({ scales: { y: { beginAtZero: true } } }, legend),
  });

  draw('chart-lead', {
    type: 'line',
    data: { labels: data.labels, datasets: [{ label: 'Median lead time (days)', data: data.leadDays, borderColor: brand, backgroundColor: brand, pointRadius: 3 }] },
    options: Object.assign({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }, legend),
  });

  var conversion = [{ label: 'Region', data: data.interestShare, borderColor: brand, backgroundColor: brand, pointRadius: 3 }];
  if (data.ownInterestShare) conversion.push({ label: 'Your leads', data: data.ownInterestShare, borderColor: ok, backgroundColor: ok, pointRadius: 3, borderDash: [6, 4] });
  draw('chart-conversion', {
    type: 'line',
    data: { labels: data.labels, datasets: conversion },
    options: Object.assign({ scales: { y: { min: 0, max: 100 } } }, legend),
  });
})();
