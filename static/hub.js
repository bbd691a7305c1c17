/*
 * Hub dashboard, live: keeps each countdown ticking and reloads the SLA board every
 * data-refresh-seconds. The server renders the same text first, so the page works without JS.
 * The tone rule mirrors src/hub/dashboard-countdown.ts: share of the SLA used < 50 % ok,
 * < 75 % soon, then warn, and breached past the deadline.
 */
(function () {
  'use strict';

  function span(totalMinutes) {
    var hours = Math.floor(totalMinutes / 60);
    var minutes = totalMinutes % 60;
    if (hours >= 72) return Math.floor(hours / 24) + ' d ' + (hours % 24) + ' h';
    if (hours > 0) return hours + ' h ' + String(minutes).padStart(2, '0') + ' min';
    return minutes + ' min';
  }

  function countdown(receivedIso, dueIso, now) {
    var received = Date.parse(receivedIso);
    var due = Date.parse(dueIso);
    var secondsLeft = Math.floor((due - now) / 1000);
    if (secondsLeft <= 0) return { text: 'overdue by ' + span(Math.floor(-secondsLeft / 60)), tone: 'breached' };
    var used = due > received ? (now - received) / (due - received) : 1;
    return { text: span(Math.ceil(secondsLeft / 60)) + ' left', tone: used < 0.5 ? 'ok' : used < 0.75 ? 'soon' : 'warn' };
  }

  function setTone(el, tone) {
    el.classList.remove('tone-ok', 'tone-soon', 'tone-warn', 'tone-breached');
    el.classList.add('tone-' + tone);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll('.countdown[data-due]').forEach(function (el) {
      var c = countdown(el.getAttribute('data-received'), el.getAttribute('data-due'), now);
      if (el.textContent !== c.text) el.textContent = c.text;
      setTone(el, c.tone);
      var row = el.closest('tr');
      if (row) setTone(row, c.tone);
    });
  }

  var live = document.getElementById('live');
  if (!live) return;
  var refreshMs = Math.max(2, Number(live.getAttribute('data-refresh-seconds')) || 30) * 1000;

  function liveUrl() {
    var url = new URL(window.location.href);
    url.searchParams.set('live', '1');
    url.hash = '';
    return url.toString();
  }

  function refresh() {
    fetch(liveUrl(), { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (res) {
        // Signed out or a server hiccup: keep what is shown and try again later.
        if (!res.ok || res.redirected) throw new Error('refresh ' + res.status);
        return res.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('live');
        var current = document.getElementById('live');
        if (fresh && current) current.replaceChildren.apply(current, Array.prototype.slice.call(fresh.childNodes));
        var stamp = doc.getElementById('generated');
        var mine = document.getElementById('generated');
        if (stamp && mine) mine.replaceWith(stamp);
        tick();
      })
      .catch(function () { /* shown data stays; the next refresh tries again */ })
      .finally(function () { setTimeout(refresh, refreshMs); });
  }

  tick();
  setInterval(tick, 15000);
  setTimeout(refresh, refreshMs);
})();
