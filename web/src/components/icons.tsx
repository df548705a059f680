/** Small line icons for the three measures (decorative: hidden from assistive technology). */
const common = { width: 40, height: 40, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.6, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true, focusable: false } as const;

/** Each icon's strokes: paths, and circles as [cx, cy, r]. */
const drawings = {
  bank: { paths: ["M3 9.5 12 4l9 5.5", "M5 10v7M9.5 10v7M14.5 10v7M19 10v7", "M3 20h18"], circles: [] },
  car: { paths: ["M5 16V12l2-5h10l2 5v4", "M3 16h18v2H3z", "M5 12h14"], circles: [[7.5, 18.5, 1.5], [16.5, 18.5, 1.5]] },
  plane: { paths: ["M2 13l20-7-6 14-3-6-6-1z", "M13 14l3-3"], circles: [] },
} satisfies Record<string, { paths: string[]; circles: [number, number, number][] }>;

export function MeasureIcon({ name }: { name: keyof typeof drawings }) {
  const { paths, circles } = drawings[name];
  return (
    <svg {...common}>
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
      {circles.map(([cx, cy, r]) => (
        <circle key={`${cx},${cy}`} cx={cx} cy={cy} r={r} />
      ))}
    </svg>
  );
}
