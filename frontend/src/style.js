// How each catalogue layer is drawn. Nothing here names a business layer: a
// layer's look follows from its geometry, its domain and its position in the
// catalogue, so whatever the server lists gets drawn. Only the two base layers
// the whole map stands on (districts, rivers) get a hand-picked look.

/** The map background: the colour of "no data", deep navy like the wall. */
export const BACKGROUND = '#070d17';

// Twelve hues that stay apart from each other and from the navy base on a
// dark wall. Past twelve layers we continue around the colour wheel.
const PALETTE = [
  '#ff5a5f', '#ffb400', '#00d1b2', '#4dabf7', '#b197fc', '#ff922b',
  '#69db7c', '#f783ac', '#ffe066', '#3bc9db', '#e599f7', '#a9e34b',
];

/** A distinct colour for the i-th thematic layer. */
export function colourFor(i) {
  if (i < PALETTE.length) return PALETTE[i];
  // Golden-angle steps give well-spread hues for any count.
  return `hsl(${Math.round((i * 137.508) % 360)}, 75%, 62%)`;
}

// Draw order, bottom to top: the base map, thematic areas, then lines and
// outlines, then points, so small things are never buried under areas.
const RANK = { baseFill: 0, fill: 1, baseLine: 2, line: 3, circle: 4 };

/** 'point' | 'line' | 'polygon' | null (unknown or mixed) for a catalogue geometry. */
export function geometryKind(geometry) {
  const g = String(geometry || '').toLowerCase();
  if (g === 'point' || g === 'multipoint') return 'point';
  if (g === 'linestring' || g === 'multilinestring') return 'line';
  if (g === 'polygon' || g === 'multipolygon') return 'polygon';
  return null;
}

/**
 * The MapLibre layer specs (each with a `rank`) for one catalogue layer.
 * The GeoJSON source id is the layer name; map layer ids are `${name}:fill`,
 * `${name}:line`, `${name}:circle`.
 */
export function mapLayersFor(layer, colour) {
  const { name } = layer;
  const kind = geometryKind(layer.geometry);
  const base = layer.domain === 'base';
  const zoom = {};
  // The catalogue's zoom range applies to drawing only; data still loads.
  if (Number.isFinite(layer.minzoom) && layer.minzoom > 0) zoom.minzoom = layer.minzoom;
  if (Number.isFinite(layer.maxzoom) && layer.maxzoom < 24) zoom.maxzoom = layer.maxzoom + 1;
  // A layer of unknown/mixed geometry gets all three styles, each filtered
  // to its own geometry type (a circle layer would otherwise put a dot on
  // every polygon vertex).
  const only = (type) => (kind ? {} : { filter: ['==', '$type', type] });

  const specs = [];
  if (kind === 'polygon' || !kind) {
    specs.push({
      id: `${name}:fill`, type: 'fill', source: name, rank: base ? RANK.baseFill : RANK.fill,
      paint: base
        ? { 'fill-color': name === 'districts' ? '#11233a' : '#15263b', 'fill-opacity': 0.9 }
        : { 'fill-color': colour, 'fill-opacity': 0.22 },
      ...only('Polygon'), ...zoom,
    });
  }
  if (kind === 'polygon' || kind === 'line' || !kind) {
    const isRiver = name === 'rivers';
    specs.push({
      id: `${name}:line`, type: 'line', source: name, rank: base ? RANK.baseLine : RANK.line,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: base
        ? {
            'line-color': isRiver ? '#1f7fd1' : '#3a7cb0',
            'line-width': isRiver ? ['interpolate', ['linear'], ['zoom'], 6, 1.2, 12, 3] : 1,
            'line-opacity': 0.9,
          }
        : { 'line-color': colour, 'line-width': kind === 'line' ? 2 : 1.5, 'line-opacity': 0.95 },
      ...(kind ? {} : { filter: ['in', '$type', 'LineString', 'Polygon'] }), ...zoom,
    });
  }
  if (kind === 'point' || !kind) {
    specs.push({
      id: `${name}:circle`, type: 'circle', source: name, rank: RANK.circle,
      paint: {
        'circle-color': colour,
        // Small at city scale where thousands overlap, bigger when zoomed in.
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 2.2, 10, 4, 15, 7],
        'circle-opacity': 0.9,
        'circle-stroke-color': BACKGROUND,
        'circle-stroke-width': 0.6,
      },
      ...only('Point'), ...zoom,
    });
  }
  return specs;
}

/** The swatch colour shown in the panel for a layer (its map colour). */
export function swatchFor(layer, colour) {
  if (layer.domain !== 'base') return colour;
  return layer.name === 'rivers' ? '#1f7fd1' : '#3a7cb0';
}
