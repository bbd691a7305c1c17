// Sends a picked file as its bytes (base64 in a hidden field), so that the server can tell
// Windows-1252 from UTF-8 (with or without BOM) as French spreadsheets save them, and an .xlsx
// workbook from a CSV (SPEC §3); its name goes along for the messages.
// The form stays a plain urlencoded POST; without JavaScript, pasting still works.
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input || !input.dataset || !input.dataset.bytes || !input.files || !input.files[0]) return;
  var file = input.files[0];
  var target = document.getElementById(input.dataset.bytes);
  var name = document.getElementById(input.dataset.name);
  if (name) name.value = file.name;
  var kind = /(suppliers|spaces|rates|blackouts)/i.exec(file.name);
  var select = document.getElementById(input.dataset.kind);
  if (kind && select) select.value = kind[1].toLowerCase() + '.csv';
  var reader = new FileReader();
  reader.onload = function () {
    var bytes = new Uint8Array(reader.result);
    var binary = '';
    for (var i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    target.value = btoa(binary);
  };
  reader.readAsArrayBuffer(file);
});
