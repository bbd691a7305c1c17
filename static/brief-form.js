// The error summary takes focus when the form comes back with problems, so a screen reader reads it first
// and a keyboard user can follow its links to each field (CSP allows no inline script).
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
});
