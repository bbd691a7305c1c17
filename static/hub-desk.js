// Brief desk: once a preview is shown, load its HTML e-mail into the sandboxed frame beside it.
// Without JavaScript the "Show the HTML version" button does the same.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.getElementById('preview-html-form');
  if (form) {
    form.submit();
    var preview = document.getElementById('preview');
    if (preview && preview.scrollIntoView) preview.scrollIntoView({ block: 'start' });
    return;
  }
  // After every action, its confirmation (or its error) is brought into view and focused, so it is
  // seen and read out even when the form was far down the page.
  // Done once the page has loaded, after the browser's own jump to the URL's #fragment.
  var ids = ['editor-errors', 'message-error', 'sent-notice', 'message-notice', 'repriced-notice'];
  var bring = function () {
    for (var i = 0; i < ids.length; i++) {
      var notice = document.getElementById(ids[i]);
      if (notice) {
        if (!notice.hasAttribute('tabindex')) notice.setAttribute('tabindex', '-1');
        if (notice.scrollIntoView) notice.scrollIntoView({ block: 'center' });
        notice.focus({ preventScroll: true });
        return;
      }
    }
  };
  if (document.readyState === 'complete') bring();
  else window.addEventListener('load', function () { setTimeout(bring, 0); });
});
