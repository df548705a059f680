/**
 * Charts as inline SVG, light and accessible: each is a <figure> with its caption; the
 * bars are drawn in SVG (hidden from assistive technology: the bar adds nothing to the
 * words) beside HTML labels and values, so they read in either direction, at any width and
 * aloud; the same figures are also in a table under "the figures". No colour carries
 * meaning alone: every value is written out, each series named.
 */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { currentLang } from "../i18n/index.ts";

export type Tone = "primary" | "warning" | "danger" | "success" | "muted";

export interface Series {
  key: string;
  label: string;
  tone: Tone;
}

export interface BarRow {
  key: string;
  label: string;
  /** One value per series, in the series' order. */
  values: number[];
}

const formatNumber = (value: number) => new Intl.NumberFormat(currentLang() === "ar" ? "ar-KW-u-nu-latn" : "en-GB").format(value);

/** Horizontal bars, stacked when there is more than one series. */
export function BarChart({ title, description, series, rows, unit, id }: { title: string; description?: string; series: Series[]; rows: BarRow[]; unit?: string; id: string }) {
  const { t } = useTranslation();
  const captionId = useId();
  const max = Math.max(1, ...rows.map((row) => row.values.reduce((sum, value) => sum + value, 0)));
  const rtl = currentLang() === "ar";
  return (
    <figure className="chart" id={id} aria-labelledby={captionId}>
      <figcaption id={captionId}>
        <strong>{title}</strong>
        {description ? <span className="muted block">{description}</span> : null}
      </figcaption>
      {series.length > 1 ? (
        <ul className="chart-legend" aria-label={t("charts.legend")}>
          {series.map((item) => (
            <li key={item.key}>
              <span className={`swatch tone-${item.tone}`} /> {item.label}
            </li>
          ))}
        </ul>
      ) : null}
      {rows.length === 0 ? (
        <p className="muted">{t("charts.noData")}</p>
      ) : (
        <ul className="chart-rows">
          {rows.map((row) => {
            const total = row.values.reduce((sum, value) => sum + value, 0);
            let offset = 0;
            return (
              <li className="chart-row" key={row.key} data-key={row.key} data-total={total}>
                <span className="chart-label">{row.label}</span>
                <svg className="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" aria-hidden="true">
                  <rect x="0" y="0" width="100" height="10" className="chart-track" />
                  {row.values.map((value, index) => {
                    const width = (value / max) * 100;
                    const x = rtl ? 100 - offset - width : offset;
                    offset += width;
                    return value > 0 ? <rect key={series[index]!.key} x={x} y="0" width={width} height="10" className={`tone-${series[index]!.tone}`} /> : null;
                  })}
                </svg>
                <span className="chart-value">
                  {formatNumber(total)}
                  {series.length > 1 && total > 0 ? (
                    <span className="muted">
                      {" "}
                      ({row.values.map((value, index) => `${series[index]!.label}: ${formatNumber(value)}`).join(rtl ? "، " : ", ")})
                    </span>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <details className="chart-figures">
        <summary>{t("charts.figures")}</summary>
        <table className="simple">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("charts.item")}</th>
              {series.map((item) => (
                <th scope="col" key={item.key}>
                  {item.label}
                  {unit ? ` (${unit})` : ""}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {row.values.map((value, index) => (
                  <td key={series[index]!.key}>{formatNumber(value)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
