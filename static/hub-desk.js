// Brief desk: once a preview is shown, load its HTML e-mail into the sandboxed frame beside it.
// Without JavaScript the "Show the HTML version" button does the same.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.getElementById('preview-html-form');
  if (form) {
    form.submit();
    var preview = document.getElementById('preview');
    if (preview && preview.scrollIntoView) preview.scrollIntoView({ block: 'start' });
  }
});
