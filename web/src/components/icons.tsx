/** Small line icons for the three measures (decorative: hidden from assistive technology). */
const common = { width: 40, height: 40, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.6, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true, focusable: false } as const;

export function BankIcon() {
  return (
    <svg {...common}>
      <path d="M3 9.5 12 4l9 5.5" />
      <path d="M5 10v7M9.5 10v7M14.5 10v7M19 10v7" />
      <path d="M3 20h18" />
    </svg>
  );
}

export function CarIcon() {
  return (
    <svg {...common}>
      <path d="M5 16V12l2-5h10l2 5v4" />
      <path d="M3 16h18v2H3z" />
      <circle cx="7.5" cy="18.5" r="1.5" />
      <circle cx="16.5" cy="18.5" r="1.5" />
      <path d="M5 12h14" />
    </svg>
  );
}

export function PlaneIcon() {
  return (
    <svg {...common}>
      <path d="M2 13l20-7-6 14-3-6-6-1z" />
      <path d="M13 14l3-3" />
    </svg>
  );
}
