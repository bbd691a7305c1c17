// The rates sheet's "Add a row": copies the last row as an empty new row (r<count>_…) and
// raises the row count. Without JavaScript the sheet still has empty rows to fill.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.querySelector('[data-rate-sheet]');
  if (!form) return;
  var button = form.querySelector('[data-add-row]');
  var count = form.querySelector('[data-row-count]');
  button.hidden = false;
  button.addEventListener('click', function () {
    var rows = form.querySelectorAll('[data-sheet-row]');
    var last = rows[rows.length - 1];
    if (!last) return;
    var n = Number(count.value);
    var row = last.cloneNode(true);
    row.classList.remove('has-error');
    row.querySelectorAll('[name], [id], label[for], [aria-describedby]').forEach(function (el) {
      ['name', 'id', 'for'].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(/^r\d+([_-])/, 'r' + n + '$1'));
      });
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    });
    row.querySelectorAll('input[type=text], input[type=date]').forEach(function (el) { el.value = ''; });
    row.querySelectorAll('input[type=hidden]').forEach(function (el) { el.value = ''; });
    row.querySelectorAll('select').forEach(function (el) { if (!/_vat_pct$/.test(el.name)) el.selectedIndex = 0; });
    var remove = row.querySelector('td.remove');
    if (remove) remove.textContent = '';
    last.parentNode.appendChild(row);
    count.value = String(n + 1);
    var first = row.querySelector('select');
    if (first) first.focus();
  });
});
