/** What every review page shows of the file it is about: number, parties, what is owed. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { FileDetail } from "../../api/types.ts";
import { Kwd } from "../../components/format.tsx";
import { partyName } from "../../components/vocabulary.ts";

export function FileContext({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const names = (role: "creditor" | "debtor") => file.parties.filter((party) => party.role === role);
  return (
    <section className="card file-context" aria-labelledby="context-title">
      <h2 id="context-title" className="h4">
        {t("debts.file", { number: "" })}
        <bdi dir="ltr">{file.number}</bdi>
      </h2>
      <dl className="facts inline">
        <div>
          <dt>{t("files.creditors")}</dt>
          <dd>{names("creditor").map((party) => partyName(party)).join(t("list.separator"))}</dd>
        </div>
        <div>
          <dt>{t("files.debtors")}</dt>
          <dd>
            {names("debtor").map((party) => (
              <span key={party.id} className="block">
                {partyName(party)} <bdi dir="ltr" className="muted">{party.civilId ?? party.crNumber}</bdi>
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t("file.outstanding")}</dt>
          <dd>
            <Kwd value={file.outstanding} />
          </dd>
        </div>
        <div>
          <dt>{t("file.claimTotal")}</dt>
          <dd>
            <Kwd value={file.claimTotal} />
          </dd>
        </div>
      </dl>
      <p>
        <Link to={`/files/${file.id}`}>{t("review.openFile")}</Link>
      </p>
    </section>
  );
}

export function BackToQueue({ queue }: { queue: "clerk" | "judge" }) {
  const { t } = useTranslation();
  return (
    <p>
      <Link to={`/back-office?queue=${queue}`}>{t("review.backToQueue")}</Link>
    </p>
  );
}
