/**
 * The rules and their sources (GET /api/v1/rules): every rule of the version in force on a
 * date with where it comes from — an article of the law, a ministerial resolution, or the
 * department's own policy with its reason — its confidence (H/M/L/U) and the date from which
 * it has held, and the count of rules by source, so a department's lawyer can review the
 * whole set in one sitting and tell the law from the department's choices. docs/rules.md is
 * the same list, generated from the same rule set.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useRules } from "../../api/resources.ts";
import { Facts } from "../../components/facts.tsx";
import { Filters, SelectField } from "../../components/filters.tsx";
import { Page } from "../../components/page.tsx";
import { Empty, ErrorState, Loading } from "../../components/states.tsx";
import { Table } from "../../components/table.tsx";

const kinds = ["law", "resolution", "policy"] as const;
type Kind = (typeof kinds)[number];

export function RulesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const at = params.get("at") ?? "";
  const source = (kinds as readonly string[]).includes(params.get("source") ?? "") ? (params.get("source") as Kind) : "";
  const [draft, setDraft] = useState({ at, source: source as string });
  const rules = useRules(at === "" ? undefined : at);

  const choose = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.at) next.set("at", draft.at);
    if (draft.source) next.set("source", draft.source);
    setParams(next);
  };
  const shown = rules.data ? rules.data.rules.filter((rule) => source === "" || rule.kind === source) : [];

  return (
    <Page className="rules-page" title={t("rules.title")} intro={t("rules.intro")}>
      <Filters label={t("rules.filter")} onSubmit={choose} submitId="rules-show" submitLabel={t("rules.show")}>
        <div className="field">
          <label htmlFor="rules-at">{t("rules.at")}</label>
          <input id="rules-at" type="date" value={draft.at} onChange={(event) => setDraft({ ...draft, at: event.target.value })} dir="ltr" />
        </div>
        <SelectField
          id="rules-source"
          label={t("rules.source")}
          value={draft.source}
          onChange={(value) => setDraft({ ...draft, source: value })}
          all={t("rules.all")}
          options={kinds.map((kind) => ({ value: kind, label: t(`rules.kinds.${kind}`) }))}
        />
      </Filters>
      {rules.state === "loading" ? <Loading /> : null}
      {rules.state === "error" ? <ErrorState error={rules.error} onRetry={rules.reload} /> : null}
      {rules.data ? (
        <>
          <Facts
            facts={[
              { label: t("rules.version"), value: <code dir="ltr">{rules.data.id}</code>, id: "rules-version" },
              { label: t("rules.inForceFrom"), value: <bdi dir="ltr">{rules.data.effectiveFrom}</bdi> },
              { label: t("rules.count"), value: rules.data.rules.length, id: "rules-count" },
              ...kinds.map((kind) => ({ label: t(`rules.kinds.${kind}`), value: rules.data!.countsBySource[kind], id: `rules-count-${kind}` })),
            ]}
          />
          <p className="muted" dir="ltr" lang="en">
            {rules.data.source}
          </p>
          {shown.length === 0 ? (
            <Empty>{t("rules.none")}</Empty>
          ) : (
            <Table className="responsive rules-table" id="rules" caption={t("rules.title")} columns={[t("rules.rule"), t("rules.value"), t("rules.source"), t("rules.text"), t("rules.confidence"), t("rules.since")]}>
              {shown.map((rule) => (
                <tr key={rule.path} data-path={rule.path} data-kind={rule.kind}>
                  <th scope="row" data-label={t("rules.rule")}>
                    <code dir="ltr">{rule.path}</code>
                  </th>
                  <td data-label={t("rules.value")}>
                    <bdi dir="ltr">{rule.value}</bdi>
                  </td>
                  <td data-label={t("rules.source")}>
                    <strong className="block">{t(`rules.kinds.${rule.kind}`)}</strong>
                    {rule.reference ? (
                      <span className="muted block" dir="ltr" lang="en">
                        {rule.reference}
                      </span>
                    ) : null}
                  </td>
                  <td data-label={t("rules.text")}>
                    <span dir="ltr" lang="en">
                      {rule.text}
                    </span>
                  </td>
                  <td data-label={t("rules.confidence")}>
                    <abbr title={t(`rules.confidenceNames.${rule.confidence}`)}>{rule.confidence}</abbr>
                  </td>
                  <td data-label={t("rules.since")}>
                    <bdi dir="ltr">{rule.effectiveFrom}</bdi>
                    <code className="muted block" dir="ltr">
                      {rule.sinceVersion}
                    </code>
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </>
      ) : null}
    </Page>
  );
}
