(function () {
  'use strict';
  // Sorts a data table by the column whose heading button was pressed. Rows are moved, never rebuilt: no markup is
  // created from text, so nothing a user wrote can become code.
  function key(cell, numeric) {
    var data = cell.getAttribute('data-value');
    if (numeric) {
      var number = parseFloat(data);
      return isNaN(number) ? -Infinity : number;
    }
    return (data !== null ? data : cell.textContent).toLowerCase();
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var headers = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = th.querySelector('button');
      if (!button) { return; }
      button.addEventListener('click', function () {
        var numeric = th.getAttribute('data-sort') === 'number';
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[index], numeric);
          var y = key(b.cells[index], numeric);
          var order = x < y ? -1 : (x > y ? 1 : 0);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
}());
