// The live view: appends every event the server sends about the run; the browser reconnects by
// itself and the server resumes after the last event it got (Last-Event-ID).
(function () {
  var log = document.getElementById('log');
  var connection = document.getElementById('connection');
  var source = new EventSource(log.dataset.events);

  function line(kind, text) {
    var row = document.createElement('div');
    row.className = kind;
    row.textContent = text;
    var atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 20;
    log.appendChild(row);
    if (atBottom) {
      log.scrollTop = log.scrollHeight;
    }
  }

  source.onopen = function () { connection.textContent = 'live'; };
  source.onerror = function () { connection.textContent = 'reconnecting'; };
  source.addEventListener('step-started', function (e) { var d = JSON.parse(e.data); line('step', '▶ ' + d.step); });
  source.addEventListener('command', function (e) { var d = JSON.parse(e.data); line('command', '$ ' + d.text); });
  source.addEventListener('stdout', function (e) { line('stdout', JSON.parse(e.data).text); });
  source.addEventListener('stderr', function (e) { line('stderr', JSON.parse(e.data).text); });
  source.addEventListener('step-waiting', function (e) { var d = JSON.parse(e.data); line('waiting', '… ' + d.step + ': ' + d.text); });
  source.addEventListener('step-ended', function (e) { var d = JSON.parse(e.data); line('step', '■ ' + d.step + ': ' + d.text); });
  source.addEventListener('recorded', function (e) {
    var d = JSON.parse(e.data);
    line('step', '■ ' + d.sequence + '. ' + d.step + ': ' + d.text + ' (recorded)');
  });
  source.addEventListener('state', function (e) {
    var d = JSON.parse(e.data);
    document.getElementById('now').textContent = d.waitingOn ? 'waiting on ' + d.waitingOn : (d.ended ? 'ended' : 'working');
    document.getElementById('steps-done').textContent = d.stepsDone;
    document.getElementById('phase').textContent = d.phase;
    var outcome = document.getElementById('outcome');
    outcome.textContent = d.outcome;
    outcome.className = 'outcome ' + d.outcome.replace(/ /g, '-');
    if (d.ended) {
      connection.textContent = 'the run has ended';
      source.close();
    }
  });
}());
