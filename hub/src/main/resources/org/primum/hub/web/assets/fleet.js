// Live refresh of the fleet table. Builds every cell with textContent (never innerHTML), so
// nothing a device reports can become markup. Served from the hub itself; the CSP allows no
// inline script.
(function () {
  'use strict';
  var body = document.getElementById('fleet-rows');
  if (!body) { return; }

  function cell(text, className, title) {
    var td = document.createElement('td');
    var span = document.createElement('span');
    span.textContent = text;
    if (className) { span.className = className; }
    if (title) { td.title = title; }
    td.appendChild(span);
    return td;
  }

  function row(d, evidence) {
    var tr = document.createElement('tr');
    tr.id = 'device-' + d.serial;
    tr.setAttribute('data-serial', d.serial);
    var first = document.createElement('td');
    var link = document.createElement('a');
    link.href = '/fleet/' + encodeURIComponent(d.serial);
    link.textContent = d.serial;
    first.appendChild(link);
    tr.appendChild(first);
    tr.appendChild(cell(d.model));
    tr.appendChild(cell(d.firmware));
    var fp = d.certificateFingerprint || '';
    tr.appendChild(cell(fp.length > 16 ? fp.substring(0, 16) + '\u2026' : fp, null, fp));
    tr.appendChild(cell((d.certificateNotAfter || '').substring(0, 10)));
    tr.appendChild(cell(d.lastContact || 'never'));
    tr.appendChild(cell(d.connectivity, 'badge ' + d.connectivity.toLowerCase()));
    tr.appendChild(cell(d.operatingState));
    if (d.highestAlarm) {
      var a = d.highestAlarm;
      tr.appendChild(cell(a.priority + ' \u00b7 ' + a.code, 'alarm ' + a.priority.toLowerCase(), a.message));
    } else {
      tr.appendChild(cell('none', 'muted'));
    }
    var ev = document.createElement('td');
    var evLink = document.createElement('a');
    evLink.href = '/evidence/' + encodeURIComponent(d.serial);
    evLink.textContent = evidence || '\u2014';
    if (evidence && evidence.indexOf('INCIDENT') >= 0) { evLink.className = 'alarm high'; }
    ev.appendChild(evLink);
    tr.appendChild(ev);
    return tr;
  }

  function setText(id, text) {
    var el = document.getElementById(id);
    if (el) { el.textContent = text; }
  }

  function refresh() {
    fetch('/api/v1/devices', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        if (r.status === 401) { window.location.href = '/login'; throw new Error('signed out'); }
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (data) {
        var rows = document.createDocumentFragment();
        var online = 0, high = 0;
        data.devices.forEach(function (d) {
          rows.appendChild(row(d, (data.evidence || {})[d.serial]));
          if (d.connectivity === 'ONLINE') { online++; }
          if (d.highestAlarm && d.highestAlarm.priority === 'HIGH') { high++; }
        });
        while (body.firstChild) { body.removeChild(body.firstChild); }
        body.appendChild(rows);
        setText('count-total', data.devices.length + ' devices');
        setText('count-online', online + ' online');
        setText('count-high', high + ' with a high-priority alarm');
        setText('refresh-note', 'Refreshed live every 3 seconds; last update ' + data.generatedAt + '.');
      })
      .catch(function (e) {
        setText('refresh-note', 'Live refresh failed (' + e.message + '); retrying.');
      });
  }

  setInterval(refresh, 3000);
})();
