// Scrolls the run's diagram to the step that failed, the one in progress, or the last one reached.
document.querySelectorAll('.diagram[data-focus]').forEach(function (box) {
  var shape = box.querySelector('[data-id="' + box.dataset.focus + '"]');
  if (!shape) {
    return;
  }
  var svg = box.querySelector('svg');
  var scale = svg.clientWidth / svg.viewBox.baseVal.width;
  var x = parseFloat(shape.dataset.x) * scale;
  box.scrollLeft = Math.max(0, x - box.clientWidth / 2);
});
