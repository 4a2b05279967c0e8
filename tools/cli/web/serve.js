// The reach serve page: the run's own layers on a Leaflet map (no tiles), sites tried by a
// click or by window.reach.addCentre(lon, lat), figures from POST /api/try.
(function () {
  'use strict';
  // viridis at 4 steps (nearest first), as the report and the QGIS styles.
  var viridis = ['#440154', '#31688e', '#35b779', '#fde725'];
  var state = { base: null, sites: [], markers: [], profile: null, zones: null, bands: null };
  var map = L.map('map', { preferCanvas: false, zoomSnap: 0.25 });

  function fmt(n) { return Math.round(n).toLocaleString('en-US'); }
  function colour(base, k) {
    var n = base.thresholds_min.length;
    return viridis[Math.min(viridis.length - 1, Math.round(k * (viridis.length - 1) / Math.max(n - 1, 1)))];
  }

  function bandStyle(feature) {
    var k = state.base.thresholds_min.indexOf(feature.properties.threshold_min);
    return { stroke: false, fillColor: colour(state.base, k), fillOpacity: 0.6 };
  }

  function drawBands() {
    if (state.bands) map.removeLayer(state.bands);
    state.bands = L.geoJSON(state.base.layers.bands, {
      filter: function (f) { return f.properties.profile === state.profile; },
      style: bandStyle, interactive: false
    }).addTo(map);
    state.bands.bringToBack();
    if (state.areas) state.areas.bringToBack();
  }

  function drawZones(zones) {
    if (state.zones) map.removeLayer(state.zones);
    state.zones = L.geoJSON(zones, {
      filter: function (f) { return f.properties.profile === state.profile; },
      style: function (f) {
        var k = state.base.thresholds_min.indexOf(f.properties.threshold_min);
        return { color: '#D55E00', weight: 1.5, dashArray: '4 3', fillColor: colour(state.base, k), fillOpacity: 0.35 };
      },
      interactive: false
    }).addTo(map);
  }

  function figuresTable(base, covered) {
    var t = String(base.target_min);
    var html = '<table><thead><tr><th scope="col">profile / group</th><th scope="col">≤ ' + t +
      ' min now</th><th scope="col">with sites</th><th scope="col">change</th></tr></thead><tbody>';
    Object.keys(base.covered).forEach(function (p) {
      Object.keys(base.covered[p]).forEach(function (g) {
        var before = base.covered[p][g][t], after = covered[p][g][t], d = after - before;
        html += '<tr data-profile="' + p + '" data-group="' + g + '"><td>' + p + ' / ' + g + '</td><td>' +
          fmt(before) + '</td><td data-value="' + after + '">' + fmt(after) + '</td><td class="' +
          (d > 0.5 ? 'gain' : '') + '">' + (d > 0.5 ? '+' : '') + fmt(d) + '</td></tr>';
      });
    });
    return html + '</tbody></table>';
  }

  function status(text) { document.getElementById('status').textContent = text; }

  function update() {
    var started = performance.now();
    status('computing…');
    return fetch('/api/try', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sites: state.sites })
    }).then(function (r) { return r.json(); }).then(function (r) {
      if (r.error) { status('error: ' + r.error); throw new Error(r.error); }
      r.elapsed_ms = performance.now() - started;
      document.getElementById('figures').innerHTML = figuresTable(state.base, r.covered);
      drawZones(r.zones);
      status(state.sites.length + ' site(s) tried; updated in ' + Math.round(r.elapsed_ms) +
        ' ms (server ' + Math.round(r.compute_ms) + ' ms)' +
        (r.problems.length ? ' — ' + r.problems.join('; ') : ''));
      window.reach.lastResult = r;
      return r;
    });
  }

  function addMarker(index) {
    var icon = L.divIcon({ className: '', html: '<div class="site-icon"></div>', iconSize: [18, 18] });
    var site = state.sites[index];
    var marker = L.marker([site.lat, site.lon], { icon: icon, draggable: true, title: 'tried site ' + (index + 1) });
    marker.on('dragend', function () {
      var ll = marker.getLatLng();
      state.sites[index] = { lon: ll.lng, lat: ll.lat };
      update();
    });
    marker.addTo(map);
    state.markers.push(marker);
  }

  function addCentre(lon, lat) {
    state.sites.push({ lon: lon, lat: lat });
    addMarker(state.sites.length - 1);
    return update();
  }

  function reset() {
    state.markers.forEach(function (m) { map.removeLayer(m); });
    state.markers = [];
    state.sites = [];
    window.reach.lastResult = null;
    return update();
  }

  function legend(base) {
    var html = '';
    base.thresholds_min.forEach(function (t, k) {
      var label = k === 0 ? '≤ ' + t + ' min' : base.thresholds_min[k - 1] + '–' + t + ' min';
      html += '<div><span style="background:' + colour(base, k) + '"></span>' + label + '</div>';
    });
    html += '<div><span style="background:#fff;border:2px dashed #D55E00"></span>tried site\'s own bands</div>';
    html += '<div><span style="background:#000;border-radius:50%"></span>existing centre</div>';
    return html;
  }

  function sources(base) {
    var html = base.attribution.map(function (a) { return '<div>' + a + '</div>'; }).join('');
    if (base.stand_ins.length) {
      html += '<p class="standin">Stand-ins: ' + base.stand_ins.join('; ') + '</p>';
    }
    return html;
  }

  function start(base) {
    state.base = base;
    state.profile = base.profiles[0];
    document.getElementById('title').textContent = base.scenario;
    var select = document.getElementById('profile');
    base.profiles.forEach(function (p) {
      var o = document.createElement('option'); o.value = p; o.textContent = p; select.appendChild(o);
    });
    select.addEventListener('change', function () {
      state.profile = select.value; drawBands();
      if (window.reach.lastResult) drawZones(window.reach.lastResult.zones);
    });
    state.areas = L.geoJSON(base.layers.areas, {
      style: { color: '#333', weight: 1, fillColor: '#efefec', fillOpacity: 1 },
      onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.name || f.properties.id); }
    }).addTo(map);
    L.geoJSON(base.layers.areas, { style: { color: '#333', weight: 1.2, fill: false }, interactive: false }).addTo(map);
    drawBands();
    L.geoJSON(base.layers.centres, {
      pointToLayer: function (f, ll) {
        return L.marker(ll, { icon: L.divIcon({ className: '', html: '<div class="centre-icon"></div>', iconSize: [14, 14] }),
          title: f.properties.name || f.properties.id, keyboard: false });
      }
    }).addTo(map);
    map.fitBounds(state.areas.getBounds());
    L.control.scale({ imperial: false }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('reach; data: see the panel');
    map.on('click', function (e) { addCentre(e.latlng.lng, e.latlng.lat); });
    document.getElementById('reset').addEventListener('click', function () { reset(); });
    document.getElementById('legend').innerHTML = legend(base);
    document.getElementById('sources').innerHTML = sources(base);
    document.getElementById('figures').innerHTML = figuresTable(base, base.covered);
    status('ready: click the map to try a site');
    window.reach.baseline = { covered: base.covered };
    window.reach.ready = true;
  }

  window.reach = {
    ready: false, baseline: null, lastResult: null, addCentre: addCentre, reset: reset, map: map
  };
  fetch('/api/base').then(function (r) { return r.json(); }).then(start).catch(function (e) {
    status('error: ' + e);
  });
})();
