/** Views of one list as tabs: links (the view lives in the address), the current one marked. */
import { Link } from "react-router";

export interface Tab {
  to: string;
  label: string;
  id: string;
  current: boolean;
  onClick?: () => void;
}

export function Tabs({ label, tabs }: { label: string; tabs: Tab[] }) {
  return (
    <nav aria-label={label} className="tabs">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.id}>
            <Link to={tab.to} aria-current={tab.current ? "page" : undefined} id={tab.id} onClick={tab.onClick}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
