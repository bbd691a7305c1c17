// Reads a picked CSV file into the upload textarea, so the form stays a plain urlencoded POST
// (no multipart parser on the server). Without JavaScript, pasting still works.
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input || !input.dataset || !input.dataset.fill || !input.files || !input.files[0]) return;
  var target = document.getElementById(input.dataset.fill);
  var reader = new FileReader();
  reader.onload = function () { target.value = String(reader.result); };
  reader.readAsText(input.files[0], 'utf-8');
});
